/**
 * Emitters that run on a thread for a large model (threads.ts): `onThreadWhenLarge(emitter)` is the
 * emitter itself for a small model, and for a large one sends the model to a thread that runs the same
 * emitter (emit-thread-entry.ts, which knows it by name) and answers its files. The pipeline starts such
 * an emitter first (`early`), so the main thread prints the other emitters' files meanwhile.
 *
 * An emitter is a pure function of the model (model/types.ts, Emitter), so it writes the same files on
 * either thread. The model travels once per run, serialised (v8.serialize, the structured clone: shared
 * objects stay shared, and the model holds nothing else), to one thread that runs every emitter asked
 * for it, and stops once it has answered them all. If the thread cannot start, fails, or its emitter
 * throws, the emitter runs on the main thread instead (where an emitter's own error is thrown as usual).
 *
 * Measured at 10,000 operations, compiled CLI: the model is 36.5 MB serialised, 180–216 ms to write
 * here and 290–490 ms to read there. The docs and the MCP server (1.5–2.4 s of the main thread) then
 * cost it about 0.2 s, though the zod and client stages, sharing the cores, took 0.45–0.94 s longer.
 * Whole runs, 3 interleaved with the build before (YAML thread only): 9.27, 9.82 and 10.69 s against
 * 9.25, 10.00 and 12.25 s; peak RSS 866–890 MiB against 787–795 (with the loaded and checked spec
 * dropped before emitting, about 75 MB: pipeline.ts, modelOf). The thread stops once it has answered:
 * before that, a thread kept until the main thread read its answers put the peak at 1,072–1,123 MiB.
 */
import v8 from "node:v8";
import type { Worker } from "node:worker_threads";
import type { ApiModel, EmittedFile, Emitter } from "../model/types.ts";
import type { SourcedFile } from "../write/finish.ts";
import { reason } from "../user-error.ts";
import { emitsOnThreads, startModuleWorker } from "./threads.ts";

/**
 * What the thread is sent: the model first, then the emitters to run, by name, then the end mark,
 * after which the thread stops once it has answered (its memory, the model's copy and the files it
 * printed, is freed then, not when the main thread next reads its messages).
 */
export type EmitThreadRequest = { model: Uint8Array } | { id: number; emitter: string } | { end: true };

/** An emitter's files as the thread answers them: plain objects, with the source their header names where the emitter gave one. */
export type EmitThreadAnswer = { id: number; files: SourcedFile[] } | { id: number; error: string };

/** The thread could not run the emitter: it runs on the main thread instead. */
export class EmitThreadFailed extends Error {}

/** The emitter, run on a thread when the model is large (see above). */
export function onThreadWhenLarge(emitter: Emitter): Emitter {
  return {
    name: emitter.name,
    early: true,
    emit: (model) => (emitsOnThreads(model) ? emitOnThread(emitter, model) : emitter.emit(model)),
  };
}

/** The emitter's files, printed on a thread (or here, if the thread fails: see above). */
export async function emitOnThread(emitter: Emitter, model: ApiModel, start?: () => Worker, threadFailed?: (error: EmitThreadFailed) => void): Promise<EmittedFile[]> {
  try {
    return await threadFor(model, start).run(emitter.name);
  } catch (error) {
    if (!(error instanceof EmitThreadFailed)) throw error;
    threadFailed?.(error);
    return await emitter.emit(model);
  }
}

/** The thread working on a model, while it has emitters to answer. */
const threads = new WeakMap<ApiModel, EmitThread>();

function threadFor(model: ApiModel, start = (): Worker => startModuleWorker("./emit-thread-entry", import.meta.url)): EmitThread {
  let thread = threads.get(model);
  if (!thread) {
    thread = new EmitThread(model, start, () => threads.delete(model));
    threads.set(model, thread);
  }
  return thread;
}

class EmitThread {
  readonly #worker: Worker;
  readonly #waiting = new Map<number, { resolve: (files: EmittedFile[]) => void; reject: (error: EmitThreadFailed) => void }>();
  #nextId = 0;
  #failed: EmitThreadFailed | undefined;

  /** `closed`: no more emitters will be asked of this thread (the model's next request starts another). */
  constructor(model: ApiModel, start: () => Worker, closed: () => void) {
    let serialised: Buffer;
    try {
      serialised = v8.serialize(model);
      this.#worker = start();
    } catch (error) {
      throw new EmitThreadFailed(`the emitting thread could not start: ${reason(error)}`);
    }
    this.#worker.on("message", (answer: EmitThreadAnswer) => {
      const waiting = this.#waiting.get(answer.id);
      if (!waiting) return;
      this.#waiting.delete(answer.id);
      if ("files" in answer) waiting.resolve(answer.files);
      else waiting.reject(new EmitThreadFailed(answer.error));
    });
    this.#worker.once("error", (error) => this.#fail(reason(error)));
    // After its end mark and last answer the thread stops by itself (exit code 0), with nothing left waiting.
    this.#worker.once("exit", (code) => this.#fail(`the emitting thread stopped (exit code ${code})`));
    // Its own memory (not a slice of a pool), so it is handed over rather than copied.
    const bytes = new Uint8Array(serialised.buffer, serialised.byteOffset, serialised.byteLength);
    const whole = serialised.byteOffset === 0 && serialised.byteLength === serialised.buffer.byteLength;
    this.#worker.postMessage({ model: bytes } satisfies EmitThreadRequest, whole ? [serialised.buffer as ArrayBuffer] : []);
    // The emitters asked for this model are asked for together (the pipeline starts the `early` ones
    // one after another): once the caller yields, no more come, and the thread may stop after answering.
    queueMicrotask(() => {
      closed();
      this.#worker.postMessage({ end: true } satisfies EmitThreadRequest);
    });
  }

  run(emitter: string): Promise<EmittedFile[]> {
    if (this.#failed) return Promise.reject(this.#failed);
    const id = this.#nextId++;
    const answer = new Promise<EmittedFile[]>((resolve, reject) => this.#waiting.set(id, { resolve, reject }));
    this.#worker.postMessage({ id, emitter } satisfies EmitThreadRequest);
    return answer;
  }

  #fail(why: string): void {
    this.#failed ??= new EmitThreadFailed(why);
    for (const { reject } of this.#waiting.values()) reject(this.#failed);
    this.#waiting.clear();
    void this.#worker.terminate();
  }
}
