/**
 * An emitted file whose text is kept as the pieces it was made of, joined only when someone reads
 * `contents`. Joining copies the text once the string is flattened (which writing, hashing or comparing
 * does). The writing thread and the run cache read the pieces instead (`textParts`); `contents` is the
 * same text for everyone else. Two makers:
 * - finishFiles (write/finish.ts) puts the do-not-edit header before a file's text. At 10,000 operations
 *   joining them was a second copy of nearly all 275 MB of output, made during the write.
 * - The OpenAPI emitter hands over each document as the blocks it was written in (emit/openapi/text-blocks.ts).
 *   Joining them was a second copy of the three documents (168 MB at 10,000 operations), alive beside
 *   the blocks at the run's peak of memory.
 *
 * A piece never ends inside a surrogate pair (each is a whole string as its maker printed it), so
 * encoding the pieces one by one gives the bytes of the whole.
 */
import type { EmittedFile } from "./types.ts";

const PARTS = Symbol("opspec.textParts");

/** A file whose text is `parts` joined. */
export function partedFile(path: string, parts: readonly string[]): EmittedFile {
  let joined: string | undefined;
  const file = { path } as EmittedFile;
  Object.defineProperty(file, "contents", { enumerable: true, configurable: true, get: () => (joined ??= parts.length === 1 ? parts[0]! : parts.join("")) });
  Object.defineProperty(file, PARTS, { value: parts });
  return file;
}

/** A file's text as the pieces it is made of, in order (one piece unless it was made by `partedFile`). */
export function textParts(file: EmittedFile): readonly string[] {
  return (file as EmittedFile & { [PARTS]?: readonly string[] })[PARTS] ?? [file.contents];
}
