/**
 * The same text stored one byte per character when its characters allow it (all Latin-1); else
 * unchanged. For the large texts the emitters build: the OpenAPI documents and their YAML scalars,
 * the Markdown pages.
 *
 * V8 keeps a string two-byte, whatever its text, when it is made from a two-byte string: a slice of a
 * spec file holding one character beyond Latin-1, or a "thin" string (one V8 has pointed at an
 * internalised copy, as it does with a string another emitter used as an object key). One such string
 * anywhere in a text makes the whole text two-byte, and it takes twice the memory until written:
 * - OpenAPI at 10,000 operations: the JSON files took 124 and 120 MB of heap instead of 62 and 60;
 *   converting them costs about 0.2 s each, and peak RSS of the whole run went from 1.41 GB to
 *   0.97 GB (two runs each), more than the bytes saved, since V8 sizes the heap from what is live. The
 *   template literals that made them were traced to thin type names, which the model now avoids.
 * - Markdown at 10,000 operations: 1,374 of 1,375 pages were two-byte, 590 of them for no reason
 *   their text gives (the risk badges were built from thin `risk` strings; text.ts now builds them
 *   from constants). 196 pages whose paging note names a cursor path are still converted here.
 *
 * A long text that V8 already stores one byte per character is returned as it is: the conversion
 * (three passes over it and a copy) was 0.75 s per 62 MB JSON file at 10,000 operations, all wasted
 * when the document held no two-byte string.
 */
import { Buffer } from "node:buffer";
import { serialize } from "node:v8";

/** Below this length the representation check (about 2 µs) costs as much as converting. */
const CHECK_FROM_LENGTH = 4096;

/** A character a one-byte string cannot hold. */
const BEYOND_LATIN1 = /[^\x00-\xff]/;

export function oneByte(text: string): string {
  if (text.length >= CHECK_FROM_LENGTH && storedOneByte(text)) return text;
  return BEYOND_LATIN1.test(text) ? text : Buffer.from(text, "latin1").toString("latin1");
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
export function storedOneByte(text: string): boolean {
  const bytes = serialize(text.length > 16 ? text.slice(0, 16) : text);
  return bytes[0] === SERIALIZED_HEADER && bytes[1]! < 0x80 && bytes[2] === ONE_BYTE_STRING_TAG;
}
