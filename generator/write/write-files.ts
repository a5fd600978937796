/**
 * Writing many files: a few at a time, and large ones a slice at a time. Both bound what a run holds
 * beside its output while it writes (measured at 10,000 operations: BENCHMARKS.md).
 */
import { Buffer } from "node:buffer";
import { open, writeFile } from "node:fs/promises";
import type { EmittedFile } from "../model/types.ts";
import { textParts } from "../model/text-parts.ts";

/**
 * How many files are written at once. Starting every write together (4,000 files at 10,000 operations)
 * held an encoded copy of every file at the same time (+570 MB of buffers, 275 MB of output) and as
 * many open descriptors, for no speed: libuv's pool runs four file operations at a time anyway.
 */
const WRITE_CONCURRENCY = 8;
/**
 * A file larger than this is written a slice at a time: writeFile encodes the whole text into one
 * buffer first, which for the OpenAPI files of a 10,000-operation spec (46-62 MB each, written side
 * by side) was another 170 MB beside the heap.
 */
const SLICE = 1 << 20;

/** Writes each file's text to `targetOf(file, index)`; the first failure stops the others and rejects. */
export async function writeFiles(files: readonly EmittedFile[], targetOf: (file: EmittedFile, index: number) => string): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const index = next++;
      const file = files[index]!;
      try {
        const target = targetOf(file, index);
        const parts = textParts(file);
        const length = parts.reduce((n, part) => n + part.length, 0);
        if (length <= SLICE) await writeFile(target, parts.length === 1 ? parts[0]! : parts.join(""));
        else await writeSliced(target, parts);
      } catch (err) {
        // Stop the other workers too: the caller deletes what was written once this rejects.
        next = files.length;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, files.length) }, worker));
}

async function writeSliced(target: string, parts: readonly string[]): Promise<void> {
  const handle = await open(target, "w");
  try {
    for (const text of parts) {
      let start = 0;
      while (start < text.length) {
        let end = Math.min(start + SLICE, text.length);
        // Never split a surrogate pair: each half alone would be encoded as U+FFFD.
        const last = text.charCodeAt(end - 1);
        if (end < text.length && last >= 0xd800 && last <= 0xdbff) end++;
        const bytes = Buffer.from(text.slice(start, end), "utf8");
        for (let done = 0; done < bytes.length; ) done += (await handle.write(bytes, done, bytes.length - done)).bytesWritten;
        start = end;
      }
    }
  } finally {
    await handle.close();
  }
}
