/**
 * A new output folder: written whole into a staging folder beside where it goes, by a worker thread,
 * while the run is still emitting; then renamed into place. A run killed before the rename leaves no
 * output folder, only the staging folder, which the next run deletes (write-output.ts,
 * recoverInterruptedRun).
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
import { rename, rm } from "node:fs/promises";
import { Worker } from "node:worker_threads";
import type { EmittedFile } from "../model/types.ts";
import { reached } from "./crash-points.ts";
import { textParts } from "./finish.ts";
import { OutputWriteError, reason, shownFolder } from "./output-errors.ts";

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

/** A new output being written; `add` files as they come, then `commit` (or `abort`). */
export class OutputCreation {
  readonly #outDir: string;
  readonly #staging: string;
  readonly #worker: Worker;
  /** Settles with the worker's answer, or its crash. */
  readonly #answer: Promise<WorkerAnswer>;
  #ended = false;

  /** Makes the staging folder (not recursively: a folder of that name already there is an error, not reused) and starts the worker. */
  constructor(outDir: string, staging: string) {
    this.#outDir = outDir;
    this.#staging = staging;
    try {
      mkdirSync(staging, { mode: 0o755 });
    } catch (err) {
      throw writeFailed(outDir, err);
    }
    this.#worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { root: staging } });
    this.#answer = new Promise<WorkerAnswer>((resolve) => {
      this.#worker.once("message", resolve);
      this.#worker.once("error", (err) => resolve({ error: { message: reason(err) } }));
      this.#worker.once("exit", (code) => resolve({ error: { message: `the writing thread stopped (exit code ${code})` } }));
    });
    // A creation a failed run never ends must not keep the process alive; `commit` holds it while it waits.
    this.#worker.unref();
  }

  /** Hands `files` to the worker; returns at once. Their texts stay the caller's: the worker gets encoded copies. */
  add(files: readonly EmittedFile[]): void {
    if (this.#ended) throw new Error("internal: files added to an output creation that has ended");
    const batch: Batch = [];
    const buffers: ArrayBuffer[] = [];
    for (const file of files) {
      const parts = textParts(file).map((text) => encoder.encode(text));
      for (const bytes of parts) buffers.push(bytes.buffer as ArrayBuffer);
      batch.push([file.path, parts]);
    }
    this.#worker.postMessage(batch, buffers);
  }

  /**
   * Waits for every file to be written, then renames the new folder into place, and returns each
   * file's sha256 (of its UTF-8 bytes, as `sha256` in cache.ts hashes a text). On failure nothing is left behind.
   */
  async commit(): Promise<Map<string, string>> {
    this.#ended = true;
    this.#worker.ref();
    this.#worker.postMessage(null);
    const answer = await this.#answer;
    await this.#worker.terminate();
    if ("error" in answer) {
      await this.#removeStaging();
      const err = Object.assign(new Error(answer.error.message), answer.error.code ? { code: answer.error.code } : {});
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
    return new Map(answer.hashes);
  }

  /** Stops writing and deletes what was written (the run failed, or wrote nothing after all). */
  async abort(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    await this.#worker.terminate();
    await this.#removeStaging();
  }

  async #removeStaging(): Promise<void> {
    await rm(this.#staging, { recursive: true, force: true }).catch(() => {});
  }
}

function writeFailed(outDir: string, err: unknown): OutputWriteError {
  const out = shownFolder(outDir);
  return new OutputWriteError("WRITE_FAILED", `could not write the new output beside ${out}: ${reason(err)}; no ${out} was created`, { cause: err });
}
