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
 */
import { Buffer } from "node:buffer";

export function oneByte(text: string): string {
  return Buffer.byteLength(text, "utf8") === text.length ? Buffer.from(text, "latin1").toString("latin1") : text;
}
