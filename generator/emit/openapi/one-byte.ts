/**
 * The same text as a one-byte string when it is ASCII (else unchanged).
 *
 * V8 keeps a string two-byte, whatever its text, when it is made from a two-byte string: a slice of a
 * spec file holding one character beyond Latin-1, and (observed at 10,000 operations, not at 1,000)
 * some template-literal results once the code building the document is optimised. One such string
 * anywhere in the document makes JSON.stringify's whole result two-byte: the OpenAPI JSON files of a
 * 10,000-operation spec then took 124 and 120 MB of heap instead of 62 and 60, until written. Converting
 * them costs about 0.2 s each; peak RSS of the whole run went from 1.41 GB to 0.97 GB (two runs each),
 * more than the bytes saved, since V8 sizes the heap from what is live.
 *
 * A long text that V8 already stores one byte per character is returned as it is: the conversion
 * (three passes over it and a copy) was 0.75 s per 62 MB JSON file at 10,000 operations, all wasted
 * when the document held no two-byte string. The template literals that made some were traced to type
 * names V8 had turned into "thin" strings (model/build-model.ts), which the model now avoids.
 */
import { Buffer } from "node:buffer";
import { serialize } from "node:v8";

/** Below this length the representation check (about 2 µs) costs as much as converting. */
const CHECK_FROM_LENGTH = 4096;

export function oneByte(text: string): string {
  if (text.length >= CHECK_FROM_LENGTH && storedOneByte(text)) return text;
  return Buffer.byteLength(text, "utf8") === text.length ? Buffer.from(text, "latin1").toString("latin1") : text;
}

/** v8.serialize's header (0xFF, then the format version, 15 in Node 20 to 24) and its tag for a one-byte string. */
const SERIALIZED_HEADER = 0xff;
const ONE_BYTE_STRING_TAG = 0x22; // '"'; a two-byte string is 'c'

/**
 * Whether V8 stores `text` one byte per character. JavaScript cannot ask this directly, but V8's value
 * serializer writes a string in the form it is stored in, with a tag saying which. Only a 16-character
 * slice is serialized: a slice of 13 or more characters shares its parent's storage (a V8 "sliced
 * string"), so it is stored as the whole text is. Any answer not in the expected shape counts as
 * two-byte, so the caller converts, which is always correct.
 */
function storedOneByte(text: string): boolean {
  const bytes = serialize(text.slice(0, 16));
  return bytes[0] === SERIALIZED_HEADER && bytes[1]! < 0x80 && bytes[2] === ONE_BYTE_STRING_TAG;
}
