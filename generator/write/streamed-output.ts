/**
 * The output written, or compared, while the run is still emitting. The pipeline hands each
 * emitter's finished files to an OutputStream as soon as they are printed; a worker thread then does
 * the disk work for them on the machine's other core while the main thread prints the next emitter's:
 *
 * - a new output folder ("create"): each file is written into a staging folder beside it, renamed
 *   into place at commit. A run killed before the rename leaves only the staging folder, which the
 *   next run deletes (write-output.ts, recoverInterruptedRun).
 * - an existing one ("update"): each file is compared with the one on disk, and one that differs is
 *   staged as `new/<i>` of an in-place update (update-in-place.ts), which commit journals and applies.
 * - check mode ("check"): each file is compared, nothing is written.
 *
 * The thread also hashes every file for the run cache (cache.ts, writeRecord).
 *
 * Why a thread: at 10,000 operations the output is 275 MB in 4,153 files. Writing it took 2.6–4.3 s
 * after the last emitter, nearly all system time, and comparing it with the previous output read all
 * 275 MB into strings beside the new texts (1.75 s, and 1.49 GB peak RSS). Async fs calls on the main
 * thread cannot overlap the emitters: each step of a write (open, write, close) needs the main thread
 * to run its callback, and it is busy printing. The thread compares bytes one file at a time.
 *
 * Texts travel as UTF-8 bytes whose buffers are transferred, not copied, and come back to be written
 * again once the thread is done with them (byte-chunks.ts says why): a string posted to a worker
 * is copied twice (serialised, then rebuilt in the worker's heap) and encoded a third time by the
 * write; the bytes are the file's one copy beside the text the run keeps. Measured at 10,000
 * operations (two runs each, interleaved, machine at load 8): posting the strings halves the main
 * thread's share (the finish stage, 0.9 s against 1.6 s there) but the worker's heap holds them until
 * it collects, and peak RSS was 1.38–1.44 GB against 0.94–1.0 GB.
 *
 * A small output goes the main thread's way instead (THREAD_FROM_LENGTH): compared with the tree read
 * whole (diffOutput), written by update-in-place.ts or, when new, at commit.
 */
import { mkdirSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import type { EmittedFile } from "../model/types.ts";
import { ByteChunks } from "./byte-chunks.ts";
import { reached } from "./crash-points.ts";
import { textParts } from "../model/text-parts.ts";
import { OutputWriteError, shownFolder } from "./output-errors.ts";
import { reason } from "../user-error.ts";
import { listTree } from "./output-folder.ts";
import { compareWithDisk, diffOutput, type OutputDiff } from "./output-diff.ts";
import { prepareStaging, updateInPlace } from "./update-in-place.ts";
import { writeFiles } from "./write-files.ts";

export type StreamMode = "create" | "update" | "check";

/**
 * A batch of files for the worker: each file's relative path and its bytes, in pieces that are views of
 * `chunks`; the worker gives the chunks back once it is done with the batch.
 */
interface Batch {
  files: [path: string, parts: Uint8Array[]][];
  chunks: ArrayBuffer[];
}

/** The worker's one answer, once everything posted before the end mark is done; or its first failure. */
type WorkerAnswer = { done: ThreadResult } | { error: { message: string; code?: string } };

interface ThreadResult {
  /** Each file's sha256, of its UTF-8 bytes (as cache.ts hashes a text). */
  hashes: [path: string, sha256: string][];
  /** Files whose text on disk differs ("update", "check"). */
  stale: string[];
  /** Files not on disk, or with a folder in their place ("update", "check"). */
  missing: string[];
  /** "update": the stale and missing files, in the order they were staged: `new/<i>` goes to `staged[i]`. */
  staged: string[];
}

/**
 * The worker, as CommonJS source run with `eval` (no module file to find: the same text works from
 * the compiled package, under tsx and under the test runner). Synchronous fs calls are right here:
 * the thread has nothing else to do. `null` is the end mark. After a failure it does nothing more.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const { closeSync, fstatSync, mkdirSync, openSync, readSync, writeSync } = require("node:fs");
const path = require("node:path");
const { mode, outDir, staging, returns } = workerData;
const made = new Set();
const result = { hashes: [], stale: [], missing: [], staged: [] };
let failed = false;

function write(target, parts) {
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

/**
 * Where the files on disk are read to be compared: one buffer, reused. A file is read a piece at a time
 * rather than whole, so that comparing holds no second copy of the output's largest files (the OpenAPI
 * documents are 168 MB at 10,000 operations). Peak RSS of a 10,000-operation regeneration, 5 runs each,
 * interleaved: 913-996 MiB (median 937) reading whole files, 889-914 MiB (median 892) by pieces.
 * Allocated on first use, once a file's size matches: "create" compares nothing, and a size that differs
 * settles it unread.
 */
let piece;

/**
 * How the file at rel in the output compares with parts: "missing" when there is none (a folder in its
 * place counts as none, as listTree lists files only), "same" or "stale". A size that differs settles it unread.
 */
function compareOnDisk(rel, parts) {
  let fd;
  try {
    fd = openSync(path.join(outDir, rel), "r");
  } catch (err) {
    if (err && (err.code === "ENOENT" || err.code === "EISDIR" || err.code === "ENOTDIR")) return "missing";
    throw err;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return "missing";
    let length = 0;
    for (const bytes of parts) length += bytes.length;
    if (stats.size !== length) return "stale";
    piece ??= Buffer.allocUnsafe(1 << 20);
    let part = 0;
    let inPart = 0;
    for (let position = 0; position < length; ) {
      const read = readSync(fd, piece, 0, Math.min(piece.length, length - position), position);
      if (read === 0) return "stale";
      for (let at = 0; at < read; ) {
        const bytes = parts[part];
        const take = Math.min(read - at, bytes.length - inPart);
        if (!piece.subarray(at, at + take).equals(bytes.subarray(inPart, inPart + take))) return "stale";
        at += take;
        inPart += take;
        if (inPart === bytes.length) {
          part++;
          inPart = 0;
        }
      }
      position += read;
    }
    return "same";
  } finally {
    closeSync(fd);
  }
}

parentPort.on("message", (batch) => {
  if (failed) return;
  if (batch === null) return parentPort.postMessage({ done: result });
  try {
    for (const [rel, parts] of batch.files) {
      const hash = createHash("sha256");
      for (const bytes of parts) hash.update(bytes);
      result.hashes.push([rel, hash.digest("hex")]);
      if (mode === "create") {
        write(path.join(staging, rel), parts);
        continue;
      }
      const found = compareOnDisk(rel, parts);
      if (found === "same") continue;
      (found === "missing" ? result.missing : result.stale).push(rel);
      if (mode === "update") {
        write(path.join(staging, "new", String(result.staged.length)), parts);
        result.staged.push(rel);
      }
    }
    // Done with the bytes: the chunks go back to be written again (their views here are emptied).
    returns.postMessage(batch.chunks, batch.chunks);
  } catch (err) {
    failed = true;
    parentPort.postMessage({ error: { message: err instanceof Error ? err.message : String(err), code: err && err.code } });
  }
});
`;

/**
 * Below this much text (UTF-16 code units) the thread is not started. Starting a worker costs a few
 * tens of milliseconds of CPU, which this repository's own spec's whole output (1.4 MB, written in about
 * 10 ms) does not win back; a 1,000-operation output (28 MB) does.
 */
export const THREAD_FROM_LENGTH = 4 << 20;

/**
 * TEST HOOK, not a feature: OPSPEC_THREAD_FROM_LENGTH=<n> in the environment moves the threshold, so
 * that test/kill.test.ts can crash runs of a small spec on the thread's way too.
 */
function threadFromLength(): number {
  const set = Number(process.env.OPSPEC_THREAD_FROM_LENGTH);
  return Number.isInteger(set) && set >= 0 ? set : THREAD_FROM_LENGTH;
}

/** An output being written or compared as files come: `add` them, then `compare`, then `commit` (or `abort`). */
export class OutputStream {
  readonly #outDir: string;
  readonly #mode: StreamMode;
  /** The staging folder ("create": made now; "update": made when the thread starts). */
  readonly #staging: string | undefined;
  /** Started once the files added reach THREAD_FROM_LENGTH. */
  #thread: WritingThread | undefined;
  /** Files added while there is no thread. */
  #held: EmittedFile[] = [];
  #heldLength = 0;
  #result: ThreadResult | undefined;
  #ended = false;

  /**
   * `staging` is a free name beside the output (none in check mode). A new output's staging folder is
   * made here, not recursively: a folder of that name already there is an error, not reused.
   */
  constructor(outDir: string, mode: StreamMode, staging: string | undefined) {
    this.#outDir = outDir;
    this.#mode = mode;
    this.#staging = staging;
    if (mode === "create") this.#prepare(() => mkdirSync(staging!, { mode: 0o755 }));
  }

  get mode(): StreamMode {
    return this.#mode;
  }

  /** Hands `files` over; returns at once. Their texts stay the caller's. */
  add(files: readonly EmittedFile[]): void {
    if (this.#ended || this.#result) throw new Error("internal: files added to an output stream after its compare");
    if (this.#thread) return this.#thread.post(files);
    for (const file of files) {
      this.#held.push(file);
      for (const part of textParts(file)) this.#heldLength += part.length;
    }
    if (this.#heldLength < threadFromLength()) return;
    if (this.#mode === "update") this.#prepare(() => prepareStaging(this.#staging!));
    this.#thread = new WritingThread(this.#mode, this.#outDir, this.#staging);
    this.#thread.post(this.#held);
    this.#held = [];
  }

  /**
   * How the output on disk differs from `files`, which are all the files added (the marker among
   * them). Waits for the thread: once this resolves, every file is written or staged.
   */
  async compare(files: readonly EmittedFile[]): Promise<OutputDiff> {
    if (this.#thread) {
      try {
        this.#result = await this.#thread.finish();
      } catch (err) {
        await this.abort();
        if (this.#mode === "check") throw err;
        throw writeFailed(this.#outDir, err, this.#mode);
      }
    }
    // A new folder: every file is missing.
    if (this.#mode === "create") return compareWithDisk(files, [], () => undefined);
    if (!this.#result) return diffOutput(this.#outDir, files);
    const wanted = new Set(files.map((f) => f.path));
    const extra = [...listTree(this.#outDir).keys()].filter((p) => !wanted.has(p));
    return { stale: [...this.#result.stale].sort(), missing: [...this.#result.missing].sort(), extra: extra.sort() };
  }

  /** After `compare`: the sha256 of every file the thread saw, for the run cache; empty when there was no thread. */
  get hashes(): ReadonlyMap<string, string> {
    return new Map(this.#result?.hashes ?? []);
  }

  /**
   * Makes the output hold `files` (after `compare`): renames a new output into place, or applies the
   * update. `unchanged` and `deferCleanup` as for OutputFolder.replace. On failure nothing is left
   * behind but what update-in-place.ts says it leaves.
   */
  async commit(files: readonly EmittedFile[], unchanged: ReadonlySet<string>, deferCleanup?: (cleanup: () => void) => void): Promise<void> {
    if (this.#mode === "check") throw new Error("internal: a check-mode output stream cannot commit");
    this.#ended = true;
    if (this.#mode === "update") return updateInPlace(this.#outDir, this.#staging!, files, unchanged, deferCleanup, this.#result?.staged);
    if (!this.#thread) {
      try {
        await writeHere(this.#staging!, this.#held);
      } catch (err) {
        await this.#removeStaging();
        throw writeFailed(this.#outDir, err, "create");
      }
    }
    reached("after-staged");
    try {
      await rename(this.#staging!, this.#outDir);
    } catch (err) {
      await this.#removeStaging();
      const out = shownFolder(this.#outDir);
      throw new OutputWriteError("REPLACE_FAILED", `could not create ${out}: ${reason(err)}; nothing was written`, { cause: err });
    }
    reached("after-applied");
  }

  /** Stops the thread and deletes what was staged (the run failed, found nothing to write, or only checked). */
  async abort(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    await this.#thread?.stop();
    if (this.#mode === "create" || this.#thread) await this.#removeStaging();
  }

  #prepare(make: () => void): void {
    try {
      make();
    } catch (err) {
      throw writeFailed(this.#outDir, err, this.#mode);
    }
  }

  async #removeStaging(): Promise<void> {
    if (this.#staging) await rm(this.#staging, { recursive: true, force: true }).catch(() => {});
  }
}

/** A small new output, written at commit with the writer an update uses. */
async function writeHere(staging: string, files: readonly EmittedFile[]): Promise<void> {
  const folders = new Set(files.map((f) => path.dirname(path.join(staging, f.path))));
  for (const folder of [...folders].sort()) await mkdir(folder, { recursive: true });
  await writeFiles(files, (f) => path.join(staging, f.path));
}

/**
 * A batch is posted once this many bytes are encoded for it (between files, never inside one), so that
 * the thread starts on the first files of a large hand-over, such as the OpenAPI documents, and its
 * chunks come back while the rest is encoded.
 */
const BATCH_BYTES = 8 << 20;

/** The worker thread and its one answer. */
class WritingThread {
  readonly #worker: Worker;
  /** Settles with the worker's answer, or its crash. */
  readonly #answer: Promise<WorkerAnswer>;
  readonly #chunks = new ByteChunks();
  /** Where the worker gives chunks back; read without waiting, before each hand-over (`#takeBack`). */
  readonly #returns: MessagePort;

  constructor(mode: StreamMode, outDir: string, staging: string | undefined) {
    const { port1, port2 } = new MessageChannel();
    this.#returns = port1;
    // Read only by #takeBack, never listened to: it must not keep the process alive.
    port1.unref();
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { mode, outDir, staging, returns: port2 },
      transferList: [port2],
    });
    this.#answer = new Promise<WorkerAnswer>((resolve) => {
      this.#worker.once("message", resolve);
      this.#worker.once("error", (err) => resolve({ error: { message: reason(err) } }));
      this.#worker.once("exit", (code) => resolve({ error: { message: `the writing thread stopped (exit code ${code})` } }));
    });
    // A stream a failed run never ends must not keep the process alive; `finish` holds it while it waits.
    this.#worker.unref();
  }

  /** The texts go as UTF-8 bytes whose buffers are transferred (see the top of this file). */
  post(files: readonly EmittedFile[]): void {
    this.#takeBack();
    let batch: Batch["files"] = [];
    for (const file of files) {
      batch.push([file.path, textParts(file).flatMap((text) => this.#chunks.encode(text))]);
      if (this.#chunks.bytesUsed < BATCH_BYTES) continue;
      this.#send(batch);
      batch = [];
      this.#takeBack();
    }
    if (batch.length > 0) this.#send(batch);
  }

  #send(files: Batch["files"]): void {
    const chunks = this.#chunks.take();
    this.#worker.postMessage({ files, chunks } satisfies Batch, chunks);
  }

  /** The chunks the worker has given back so far. */
  #takeBack(): void {
    for (let answer = receiveMessageOnPort(this.#returns); answer; answer = receiveMessageOnPort(this.#returns)) {
      this.#chunks.give(answer.message as ArrayBuffer[]);
    }
  }

  /** Resolves once everything posted is done; rejects with the first failure. */
  async finish(): Promise<ThreadResult> {
    this.#worker.ref();
    this.#worker.postMessage(null);
    const answer = await this.#answer;
    await this.#worker.terminate();
    this.#returns.close();
    if ("error" in answer) throw Object.assign(new Error(answer.error.message), answer.error.code ? { code: answer.error.code } : {});
    return answer.done;
  }

  async stop(): Promise<void> {
    await this.#worker.terminate();
    this.#returns.close();
  }
}

function writeFailed(outDir: string, err: unknown, mode: StreamMode): OutputWriteError {
  const out = shownFolder(outDir);
  const state = mode === "create" ? `no ${out} was created` : `${out} was not touched`;
  return new OutputWriteError("WRITE_FAILED", `could not write the new output beside ${out}: ${reason(err)}; ${state}`, { cause: err });
}
