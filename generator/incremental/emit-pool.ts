/**
 * A second thread for emitters, so a watch process uses both cores of a small machine: after a save,
 * the emitters that must run again are split between the main thread and this worker, balanced by how
 * long each took last time. The model travels as the V8 serialisation the emit memo already computed
 * for its key (watch-state.ts), so sending it costs a copy, and the worker rebuilds an equal model.
 *
 * Only registered emitters (emit/index.ts, found by identity) can run there; the worker loads the same
 * modules. Anything going wrong with the worker (it cannot start, it exits, an emitter throws there)
 * makes the main thread run those emitters itself: the worker only ever saves time, and an emitter's
 * own error is then thrown where `--debug` can show its stack.
 */
import { extname } from "node:path";
import { Worker } from "node:worker_threads";
import type { SourcedFile } from "../write/finish.ts";

export interface EmitRequest {
  id: number;
  /** The model's V8 serialisation. */
  model: Uint8Array;
  /** Indexes into EMITTERS, run in this order. */
  emitters: number[];
  /** A warm-up: run them, answer without the files. */
  discard?: boolean;
}

export type EmitReply = { id: number; results: { files: SourcedFile[]; ms: number }[] } | { id: number; error: string };

/**
 * The module beside this one: emit-worker.js when compiled. Run from the TypeScript sources (tsx), a
 * worker does not inherit the main thread's module hooks on Node 20, so a two-line bootstrap registers
 * tsx in the worker before importing emit-worker.ts.
 */
function startWorker(): Worker {
  const ext = extname(new URL(import.meta.url).pathname);
  const entry = new URL(`./emit-worker${ext}`, import.meta.url);
  if (ext !== ".ts") return new Worker(entry);
  const tsx = import.meta.resolve("tsx/esm/api");
  return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`, { eval: true });
}

/** Warm-up runs: enough for V8 to optimise the emitters' hot functions. */
const WARM_ROUNDS = 3;

export class EmitWorker {
  #worker: Worker | undefined;
  #ready = false;
  #next = 0;
  #waiting = new Map<number, (reply: EmitReply | undefined) => void>();

  /** Starts the worker now, so it has loaded the emitters before the first save needs them. */
  constructor() {
    try {
      const worker = startWorker();
      // Idle, it must not keep the process alive; `run` refs it while a request is out.
      worker.unref();
      worker.on("message", (reply: EmitReply | "ready") => {
        if (reply === "ready") this.#ready = true;
        else this.#settle(reply.id, reply);
      });
      worker.on("error", () => this.#fail());
      worker.on("exit", () => this.#fail());
      this.#worker = worker;
    } catch {
      this.#worker = undefined;
    }
  }

  /** Up, and done loading its modules: a request sent now starts at once. */
  get available(): boolean {
    return this.#worker !== undefined && this.#ready;
  }

  /**
   * Once, before the first save: the worker runs `emitters` on this model a few times and keeps
   * nothing, so their code is compiled and optimised there before a save waits for it (a first, cold
   * run of the emitters takes several times as long as a warm one). Answers how long each took in the
   * last round, warm: what the split between the threads is balanced by. Undefined if the worker failed.
   */
  async warm(model: Uint8Array, emitters: number[]): Promise<number[] | undefined> {
    let last: { ms: number }[] | undefined;
    for (let round = 0; round < WARM_ROUNDS; round++) last = await this.run(model, emitters, true);
    return last?.map((r) => r.ms);
  }

  /** The files of each emitter, in order; undefined when the worker could not answer (the caller runs them). */
  run(model: Uint8Array, emitters: number[], discard = false): Promise<{ files: SourcedFile[]; ms: number }[] | undefined> {
    const worker = this.#worker;
    if (!worker) return Promise.resolve(undefined);
    const id = this.#next++;
    return new Promise((resolve) => {
      this.#waiting.set(id, (reply) => resolve(reply && "results" in reply ? reply.results : undefined));
      worker.ref();
      worker.postMessage({ id, model, emitters, discard } satisfies EmitRequest);
    });
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    this.#fail();
    await worker?.terminate();
  }

  #settle(id: number, reply: EmitReply | undefined): void {
    const done = this.#waiting.get(id);
    this.#waiting.delete(id);
    if (this.#waiting.size === 0) this.#worker?.unref();
    done?.(reply);
  }

  /** The worker is gone: every request out is answered with nothing, and no more are sent. */
  #fail(): void {
    this.#worker = undefined;
    for (const id of [...this.#waiting.keys()]) this.#settle(id, undefined);
  }
}
