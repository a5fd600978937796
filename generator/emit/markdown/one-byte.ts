/**
 * A page's text stored one byte per character whenever its characters allow it (all Latin-1).
 *
 * V8 stores a string two bytes per character, whatever its characters, when it is built from a string
 * V8 takes for two-byte. Among those are "thin" strings: model strings another emitter used as object
 * keys, which V8 then points at an internalised copy. At 10,000 operations, after the emitters that
 * run before this one, 9,862 of the 10,000 operations' `risk` strings and thousands of names and paths
 * made every string built from them two-byte. One such string in a page makes the whole page two-byte:
 * 1,374 of the 1,375 pages were, 784 because they hold characters beyond Latin-1 (the `⚠️` of a
 * destructive operation), 590 for no reason their text gives, and took twice the memory until written.
 * The risk badges no longer come from the model's strings (text.ts); what is left (at 10,000 operations,
 * 196 pages whose paging note names a cursor path held as thin strings) is converted here, and any
 * page a future thin string reaches will be too. See emit/openapi/one-byte.ts for how this was found
 * for the OpenAPI texts.
 *
 * Latin-1, not ASCII as for the OpenAPI texts: every operation section holds a `·` (U+00B7).
 */
import { Buffer } from "node:buffer";
import { serialize } from "node:v8";

/** A character a one-byte string cannot hold. */
const BEYOND_LATIN1 = /[^\x00-\xff]/;

/** `text`, stored one byte per character if it is not and every character is Latin-1; else `text` itself. */
export function oneBytePage(text: string): string {
  if (storedOneByte(text) || BEYOND_LATIN1.test(text)) return text;
  return Buffer.from(text, "latin1").toString("latin1");
}

/** v8.serialize's header (0xFF, then the format version, 15 in Node 20 to 24) and its tag for a one-byte string. */
const SERIALIZED_HEADER = 0xff;
const ONE_BYTE_STRING_TAG = 0x22; // '"'; a two-byte string is 'c'

/**
 * Whether V8 stores `text` one byte per character, read from the tag v8.serialize writes for it (about
 * 2 µs). Only a 16-character slice is serialised: a slice of 13 or more characters shares the text's
 * storage (a V8 "sliced string"), so it is stored as the whole text is. A text shorter than that is
 * serialised whole. Any answer not in the expected shape counts as two-byte: the caller then checks
 * the characters and converts, which is always correct.
 */
export function storedOneByte(text: string): boolean {
  const bytes = serialize(text.length > 16 ? text.slice(0, 16) : text);
  return bytes[0] === SERIALIZED_HEADER && bytes[1]! < 0x80 && bytes[2] === ONE_BYTE_STRING_TAG;
}
