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
  /**
   * The emitters that run on the worker, chosen once (at `warm`) and kept: V8 compiles and optimises
   * code per thread, so an emitter moving between threads would run cold, several times slower, on
   * the side that had not run it lately.
   */
  #remote = new Set<Emitter>();
  #warmed = false;
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
   * After the first successful run: the worker warms up on this model with every registered emitter
   * (EmitWorker.warm), and their warm times choose the emitters it runs from then on (`#split`). Until
   * that is done, every emitter runs here. Once per state.
   */
  warm(emitters: readonly Emitter[], model: ApiModel): void {
    if (this.#warmed || !this.worker) return;
    this.#warmed = true;
    const key = this.modelKey(model);
    if (!key) return;
    const sendable = emitters.filter((e) => EMITTERS.includes(e));
    void this.worker.warm(key, sendable.map((e) => EMITTERS.indexOf(e))).then((ms) => {
      if (!ms) return;
      const weight = new Map(sendable.map((e, i) => [e, ms[i]!]));
      this.#remote = this.#split(emitters, (e) => weight.get(e) ?? this.#took.get(e) ?? 1);
    });
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
    const remote = key && this.worker?.available ? todo.filter((i) => this.#remote.has(emitters[i]!)) : [];
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
   * The worker's share (LPT): registered emitters only (it loads those), longest first, each to the
   * side with less work so far. The main thread's side starts with what it cannot send away, and keeps
   * the longest: it has no message to wait for.
   */
  #split(emitters: readonly Emitter[], took: (e: Emitter) => number): Set<Emitter> {
    const sendable = emitters.filter((e) => EMITTERS.includes(e)).sort((a, b) => took(b) - took(a));
    let here = emitters.filter((e) => !sendable.includes(e)).reduce((sum, e) => sum + took(e), 0);
    let there = 0;
    const remote = new Set<Emitter>();
    for (const e of sendable) {
      if (there < here) {
        remote.add(e);
        there += took(e);
      } else here += took(e);
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
