/**
 * A new output folder: written whole into a staging folder beside where it goes, by a worker thread,
 * while the run is still emitting; then renamed into place. A run killed before the rename leaves no
 * output folder, only the staging folder, which the next run deletes (write-output.ts,
 * recoverInterruptedRun). A small output is written at commit on the main thread instead
 * (THREAD_FROM_LENGTH).
 *
 * Why a thread: writing is kernel work the main thread would otherwise wait for after the last
 * emitter (at 10,000 operations, 275 MB in 4,153 files: 2.6–4.3 s of the run, nearly all system
 * time). The main thread hands each emitter's files over as soon as they are printed and goes on
 * printing the next emitter's while the worker writes, on the machine's other core. Async fs calls
 * on the main thread cannot do that: each step of a write (open, write, close) needs the main thread
 * to run its callback, and it is busy printing.
 *
 * Texts travel as UTF-8 bytes whose buffers are transferred, not copied: a string posted to a worker
 * is copied twice (serialised, then rebuilt in the worker's heap) and encoded a third time by the
 * write; the bytes are the file's one copy beside the text the run keeps.
 */
import { mkdirSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { EmittedFile } from "../model/types.ts";
import { reached } from "./crash-points.ts";
import { textParts } from "./finish.ts";
import { OutputWriteError, reason, shownFolder } from "./output-errors.ts";
import { writeFiles } from "./write-files.ts";

/** A batch of files for the worker: relative path and the file's bytes, in pieces. */
type Batch = [path: string, parts: Uint8Array[]][];

/**
 * What the worker answers: once, when everything posted before the end mark is written (with each
 * file's sha256, which the run cache records), or at the first failure.
 */
type WorkerAnswer = { hashes: [path: string, sha256: string][] } | { error: { message: string; code?: string } };

/**
 * The worker, as CommonJS source run with `eval` (no module file to find: the same text works from
 * the compiled package, under tsx and under the test runner). Synchronous fs calls are right here:
 * the thread has nothing else to do. `null` is the end mark. After a failure it writes nothing more.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const { closeSync, mkdirSync, openSync, writeSync } = require("node:fs");
const path = require("node:path");
const made = new Set([workerData.root]);
const hashes = [];
let failed = false;
parentPort.on("message", (batch) => {
  if (failed) return;
  if (batch === null) return parentPort.postMessage({ hashes });
  try {
    for (const [rel, parts] of batch) {
      const hash = createHash("sha256");
      for (const bytes of parts) hash.update(bytes);
      hashes.push([rel, hash.digest("hex")]);
      const target = path.join(workerData.root, rel);
      const folder = path.dirname(target);
      if (!made.has(folder)) {
        mkdirSync(folder, { recursive: true });
        made.add(folder);
      }
      const fd = openSync(target, "w");
      try {
        for (const bytes of parts) for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
      } finally {
        closeSync(fd);
      }
    }
  } catch (err) {
    failed = true;
    parentPort.postMessage({ error: { message: err instanceof Error ? err.message : String(err), code: err && err.code } });
  }
});
`;

const encoder = new TextEncoder();

/**
 * Below this much text (UTF-16 code units) the thread is not started: the files are written at
 * commit, on this thread, as an update's are. Starting a worker costs a few tens of milliseconds of
 * CPU, which the Intercom spec's whole output (1.4 MB, written in about 10 ms) does not win back; a
 * 1,000-operation output (28 MB) does.
 */
export const THREAD_FROM_LENGTH = 4 << 20;

/** A new output being written; `add` files as they come, then `commit` (or `abort`). */
export class OutputCreation {
  readonly #outDir: string;
  readonly #staging: string;
  /** Started once the files added reach THREAD_FROM_LENGTH. */
  #thread: WritingThread | undefined;
  /** Files added while there is no thread. */
  #held: EmittedFile[] = [];
  #heldLength = 0;
  #ended = false;

  /** Makes the staging folder (not recursively: a folder of that name already there is an error, not reused). */
  constructor(outDir: string, staging: string) {
    this.#outDir = outDir;
    this.#staging = staging;
    try {
      mkdirSync(staging, { mode: 0o755 });
    } catch (err) {
      throw writeFailed(outDir, err);
    }
  }

  /** Hands `files` over to be written; returns at once. Their texts stay the caller's. */
  add(files: readonly EmittedFile[]): void {
    if (this.#ended) throw new Error("internal: files added to an output creation that has ended");
    if (this.#thread) return this.#thread.post(files);
    for (const file of files) {
      this.#held.push(file);
      for (const part of textParts(file)) this.#heldLength += part.length;
    }
    if (this.#heldLength >= THREAD_FROM_LENGTH) {
      this.#thread = new WritingThread(this.#staging);
      this.#thread.post(this.#held);
      this.#held = [];
    }
  }

  /**
   * Waits for every file to be written, then renames the new folder into place. Returns the sha256
   * of each file the thread wrote (of its UTF-8 bytes, as cache.ts hashes a text); none when the
   * files were written here. On failure nothing is left behind.
   */
  async commit(): Promise<Map<string, string>> {
    this.#ended = true;
    let hashes = new Map<string, string>();
    try {
      if (this.#thread) hashes = await this.#thread.finish();
      else await writeHere(this.#staging, this.#held);
    } catch (err) {
      await this.#removeStaging();
      throw writeFailed(this.#outDir, err);
    }
    reached("after-staged");
    try {
      await rename(this.#staging, this.#outDir);
    } catch (err) {
      await this.#removeStaging();
      const out = shownFolder(this.#outDir);
      throw new OutputWriteError("REPLACE_FAILED", `could not create ${out}: ${reason(err)}; nothing was written`, { cause: err });
    }
    reached("after-applied");
    return hashes;
  }

  /** Stops writing and deletes what was written (the run failed, or wrote nothing after all). */
  async abort(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    await this.#thread?.stop();
    await this.#removeStaging();
  }

  async #removeStaging(): Promise<void> {
    await rm(this.#staging, { recursive: true, force: true }).catch(() => {});
  }
}

/** A small output, written at commit with the writer an update uses. */
async function writeHere(staging: string, files: readonly EmittedFile[]): Promise<void> {
  const folders = new Set(files.map((f) => path.dirname(path.join(staging, f.path))));
  for (const folder of [...folders].sort()) await mkdir(folder, { recursive: true });
  await writeFiles(files, (f) => path.join(staging, f.path));
}

/** The worker thread and its one answer. */
class WritingThread {
  readonly #worker: Worker;
  /** Settles with the worker's answer, or its crash. */
  readonly #answer: Promise<WorkerAnswer>;

  constructor(root: string) {
    this.#worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { root } });
    this.#answer = new Promise<WorkerAnswer>((resolve) => {
      this.#worker.once("message", resolve);
      this.#worker.once("error", (err) => resolve({ error: { message: reason(err) } }));
      this.#worker.once("exit", (code) => resolve({ error: { message: `the writing thread stopped (exit code ${code})` } }));
    });
    // A creation a failed run never ends must not keep the process alive; `finish` holds it while it waits.
    this.#worker.unref();
  }

  /** The texts go as UTF-8 bytes whose buffers are transferred (see the top of this file). */
  post(files: readonly EmittedFile[]): void {
    const batch: Batch = [];
    const buffers: ArrayBuffer[] = [];
    for (const file of files) {
      const parts = textParts(file).map((text) => encoder.encode(text));
      for (const bytes of parts) buffers.push(bytes.buffer as ArrayBuffer);
      batch.push([file.path, parts]);
    }
    this.#worker.postMessage(batch, buffers);
  }

  /** Resolves with the hashes once everything posted is written; rejects with the first failure. */
  async finish(): Promise<Map<string, string>> {
    this.#worker.ref();
    this.#worker.postMessage(null);
    const answer = await this.#answer;
    await this.#worker.terminate();
    if ("error" in answer) throw Object.assign(new Error(answer.error.message), answer.error.code ? { code: answer.error.code } : {});
    return new Map(answer.hashes);
  }

  async stop(): Promise<void> {
    await this.#worker.terminate();
  }
}

function writeFailed(outDir: string, err: unknown): OutputWriteError {
  const out = shownFolder(outDir);
  return new OutputWriteError("WRITE_FAILED", `could not write the new output beside ${out}: ${reason(err)}; no ${out} was created`, { cause: err });
}
