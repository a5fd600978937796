/**
 * What one watch process keeps between the runs of one API, so a save costs what changed rather than
 * a whole run from nothing. Each piece is a cache that checks itself; none changes what is generated:
 *
 * - `parses`: each spec file's parse, reused while its text is the same (load-spec.ts, `ParseCache`).
 * - emitted files per emitter, reused while the model is the same (`emit`), and, once a watch session
 *   has begun, the pieces of a text that emitters reuse while their parts are the same (emit/reuse.ts,
 *   reusedPiece: the OpenAPI document's members). Emitters are pure
 *   functions of the model, and the key is the model's full V8 serialisation, so equal keys mean equal
 *   inputs (values, `undefined` members, key order, all of it). A spec edit that leaves the model as it
 *   was (a comment, quoting, key order) emits nothing again; one that changes it re-runs every emitter.
 * - `output`: the output folder's texts, trusted by stat signature (output-snapshot.ts), so the compare
 *   stage reads only files changed behind our back.
 * - `last`: the run-cache key and files of the last run that left the output complete, so a save that
 *   changed nothing is answered from memory, as the run cache (write/cache.ts) answers it from disk.
 * - the run-cache record is written after the run's result is printed (`defer` / `flush`): it only
 *   saves a later process time, and it verifies itself (each file's hash) before anything trusts it.
 *   So is the write's staging folder deleted (update-in-place.ts): the output is complete before it.
 */
import { serialize } from "node:v8";
import { keepReusedPieces } from "../emit/reuse.ts";
import type { ParseCache } from "../load/load-spec.ts";
import type { ApiModel, EmittedFile, Emitter } from "../model/types.ts";
import { OutputSnapshot } from "./output-snapshot.ts";

export class WatchState {
  readonly parses: ParseCache = new Map();
  readonly output = new OutputSnapshot();
  /** The run-cache key and finished files of the last run that left the output complete. */
  last: { key: string | undefined; files: EmittedFile[] } | undefined;
  /** The key the run-cache record on disk was last written with by this process. */
  recordedKey: string | undefined;
  #emitted = new Map<Emitter, { model: Buffer; files: EmittedFile[] }>();
  /** By kind: a later task of a kind replaces the earlier one (the newest run-cache record is the one to write). */
  #deferred = new Map<string, () => void | Promise<void>>();
  #pending: Promise<void> = Promise.resolve();

  constructor() {
    // Emitters may keep pieces of their texts for the next run only where there is one (emit/reuse.ts).
    keepReusedPieces();
  }

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

  /** The emitter's files: reused while the model's key is the one they were emitted from, else emitted now. */
  async emit(emitter: Emitter, model: ApiModel, key: Buffer | undefined): Promise<EmittedFile[]> {
    const memo = this.#emitted.get(emitter);
    if (key && memo?.model.equals(key)) return memo.files;
    const files = await emitter.emit(model);
    if (key) this.#emitted.set(emitter, { model: key, files });
    else this.#emitted.delete(emitter);
    return files;
  }

  /** Runs `task` at the next `flush`, after the run's result is out; a later task of the same `kind` replaces it. */
  defer(kind: string, task: () => void | Promise<void>): void {
    this.#deferred.set(kind, task);
  }

  /** Starts the deferred tasks, if any, one after another, and waits for them. Every run flushes first, so tasks never overlap a run. */
  flush(): Promise<void> {
    const tasks = [...this.#deferred.values()];
    this.#deferred.clear();
    for (const task of tasks) this.#pending = this.#pending.then(task).catch(() => {});
    return this.#pending;
  }
}
