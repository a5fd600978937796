/**
 * What one watch process keeps between the runs of one API, so a save costs what changed rather than
 * a whole run from nothing. Each piece is a cache that checks itself; none changes what is generated:
 *
 * - `parses`: each spec file's parse, reused while its text is the same (load-spec.ts, `ParseCache`).
 * - emitted files per emitter, reused while the model is the same (`emit`): emitters are pure
 *   functions of the model, and the key is the model's full V8 serialisation, so equal keys mean equal
 *   inputs (values, `undefined` members, key order, all of it). A spec edit that leaves the model as it
 *   was (a comment, quoting, key order) emits nothing again; one that changes it re-runs every emitter.
 * - `output`: the output folder's texts, trusted by stat signature (output-snapshot.ts), so the compare
 *   stage reads only files changed behind our back.
 * - with an `EmitWorker`, the emitters to run are split between the main thread and the worker.
 * - `last`: the run-cache key and files of the last run that left the output complete, so a save that
 *   changed nothing is answered from memory, as the run cache (write/cache.ts) answers it from disk.
 * - the run-cache record is written after the run's result is printed (`defer` / `flush`): it only
 *   saves a later process time, and it verifies itself (each file's hash) before anything trusts it.
 */
import { serialize } from "node:v8";
import { EMITTERS } from "../emit/index.ts";
import type { ParseCache } from "../load/load-spec.ts";
import type { ApiModel, EmittedFile, Emitter } from "../model/types.ts";
import type { SourcedFile } from "../write/finish.ts";
import type { EmitWorker } from "./emit-pool.ts";
import { OutputSnapshot } from "./output-snapshot.ts";

export class WatchState {
  constructor(readonly worker?: EmitWorker) {}
  readonly parses: ParseCache = new Map();
  readonly output = new OutputSnapshot();
  /** The run-cache key and finished files of the last run that left the output complete. */
  last: { key: string | undefined; files: EmittedFile[] } | undefined;
  /** The key the run-cache record on disk was last written with by this process. */
  recordedKey: string | undefined;
  #emitted = new Map<Emitter, { model: Buffer; files: readonly SourcedFile[] }>();
  /** How long each emitter took when it last ran, in ms: what the split between threads balances. */
  #took = new Map<Emitter, number>();
  #deferred: (() => Promise<void>) | undefined;
  #pending: Promise<void> = Promise.resolve();

  /**
   * The model as bytes, the emit memo's key; undefined when it cannot be serialised (a function or
   * class instance in it), and then nothing is memoised. Serialising is about 1 ms for 51 operations.
   */
  modelKey(model: ApiModel): Buffer | undefined {
    try {
      return serialize(model);
    } catch {
      return undefined;
    }
  }

  /**
   * Every emitter's files, in the emitters' order: memoised ones as they were; of the rest, some on the
   * worker (when there is one, it is up and the model has a key), the others here, at the same time.
   * The timings name each emitter (`@worker` when it ran there) and, as `emit:wait`, the time spent
   * waiting for the worker after this thread's share was done.
   */
  async emitAll(emitters: readonly Emitter[], model: ApiModel, key: Buffer | undefined): Promise<{ files: (readonly SourcedFile[])[]; timings: [string, number][] }> {
    const files: (readonly SourcedFile[])[] = new Array(emitters.length);
    const timings: [string, number][] = [];
    const todo: number[] = [];
    emitters.forEach((emitter, i) => {
      const memo = this.#emitted.get(emitter);
      if (key && memo?.model.equals(key)) {
        files[i] = memo.files;
        timings.push([`emit:${emitter.name}`, 0]);
      } else {
        this.#emitted.delete(emitter);
        todo.push(i);
      }
    });
    const remote = key && this.worker?.available ? this.#share(emitters, todo) : [];
    const sent = remote.length > 0 ? this.worker!.run(key!, remote.map((i) => EMITTERS.indexOf(emitters[i]!))) : undefined;
    const run = async (i: number, where = "") => {
      const emitter = emitters[i]!;
      const start = performance.now();
      files[i] = await emitter.emit(model);
      this.#ran(emitter, model, key, files[i]!, performance.now() - start, timings, where);
    };
    for (const i of todo) if (!remote.includes(i)) await run(i);
    if (sent) {
      const start = performance.now();
      const answers = await sent;
      timings.push(["emit:wait", performance.now() - start]);
      for (const [n, i] of remote.entries()) {
        const answer = answers?.[n];
        if (answer) this.#ran(emitters[i]!, model, key, (files[i] = answer.files), answer.ms, timings, "@worker");
        else await run(i);
      }
    }
    return { files, timings };
  }

  #ran(emitter: Emitter, model: ApiModel, key: Buffer | undefined, files: readonly SourcedFile[], ms: number, timings: [string, number][], where: string): void {
    this.#took.set(emitter, ms);
    if (key) this.#emitted.set(emitter, { model: key, files });
    timings.push([`emit:${emitter.name}${where}`, ms]);
  }

  /**
   * Which of `todo` go to the worker: registered emitters only, longest first, each to the side with
   * less work so far (an emitter never timed counts as 1 ms). The main thread's side starts with what it
   * cannot send away. At least one emitter stays here, so neither thread idles while the other works.
   */
  #share(emitters: readonly Emitter[], todo: number[]): number[] {
    const took = (i: number) => this.#took.get(emitters[i]!) ?? 1;
    const sendable = todo.filter((i) => EMITTERS.includes(emitters[i]!)).sort((a, b) => took(b) - took(a));
    let here = todo.filter((i) => !sendable.includes(i)).reduce((sum, i) => sum + took(i), 0);
    let there = 0;
    const remote: number[] = [];
    for (const i of sendable) {
      if (there < here) {
        remote.push(i);
        there += took(i);
      } else here += took(i);
    }
    return remote;
  }

  /** Runs `task` at the next `flush`, after the run's result is out. One task at a time; a later one replaces it. */
  defer(task: () => Promise<void>): void {
    this.#deferred = task;
  }

  /** Starts the deferred task, if any, and waits for it. Every run flushes first, so tasks never overlap a run. */
  flush(): Promise<void> {
    const task = this.#deferred;
    this.#deferred = undefined;
    if (task) this.#pending = this.#pending.then(task).catch(() => {});
    return this.#pending;
  }
}
