/**
 * The YAML text of a large OpenAPI document, printed on a thread of its own from the JSON text of its
 * members, while the main thread goes on with the JSON texts (index.ts, writeDocument).
 *
 * Why: printing the YAML was the largest share of the OpenAPI stage that nothing else needs, and at
 * 10,000 operations the main thread is the run's critical path while the machine's other core is not
 * busy all the time (16 s of CPU in 11 s of wall time, on 2 cores). The members travel as the text
 * the JSON writer already printed (a string is copied into the thread, not walked as objects: posting
 * the objects themselves cost the main thread 1.07 s there, BENCHMARKS.md), and the thread reads each one
 * back with JSON.parse and prints it. So the YAML says exactly what the JSON says, which yaml.ts's
 * printer also writes from the objects themselves (a number JSON cannot write, -0 or NaN, as JSON
 * writes it): the two ways print the same bytes.
 *
 * Measured at 10,000 operations, compiled CLI, 3 runs of each build interleaved: whole runs 9.33, 11.47
 * and 9.92 s against 11.16, 10.59 and 10.59 s; the OpenAPI stage 2.52, 3.43 and 2.90 s against 3.89,
 * 3.32 and 2.88 s; peak RSS 789–807 MiB against 748–767 (the thread's heap). The machine is shared and
 * noisy: a prototype's 6 pairs before that were 4 to 2 in its favour.
 *
 * The thread is started per document and stopped once it has answered. If it cannot start or fails,
 * the caller prints the document on its own thread instead (YamlThreadFailed).
 */
import type { Worker } from "node:worker_threads";
import { reason } from "../../user-error.ts";
import { startModuleWorker } from "../threads.ts";
import type { WrittenMember } from "./json.ts";

/** What the thread is sent: batches of operations, each a code followed by its arguments; `null` ends the document. */
export type YamlThreadBatch = string[];

/** Opens a mapping given member by member: `[OPEN, key]`. */
export const OPEN = "{";
/** Closes the innermost one: `[CLOSE]`. */
export const CLOSE = "}";
/** A member: `[MEMBER, key, the JSON text of its value]`. */
export const MEMBER = ":";

/** The thread's one answer. */
export type YamlThreadAnswer = { blocks: string[] } | { error: string };

/** The thread could not print the document: the caller prints it itself. */
export class YamlThreadFailed extends Error {}

/**
 * About this much JSON text (UTF-16 code units) is sent at a time: few enough messages (about 60 at
 * 10,000 operations), and the thread starts on the first members while the rest are printed.
 */
const BATCH_LENGTH = 1 << 20;

/**
 * A YAML writer with the members' JSON texts in place of their values, printing on a thread: what
 * yaml.ts's YamlDocumentWriter writes for the same members, answered by `blocks()` once printed.
 */
export class YamlThreadWriter {
  readonly #worker: Worker;
  readonly #answer: Promise<string[]>;
  #batch: YamlThreadBatch = [];
  #batchLength = 0;

  constructor(start: () => Worker = startWorker) {
    try {
      this.#worker = start();
    } catch (error) {
      throw new YamlThreadFailed(`the YAML thread could not start: ${reason(error)}`);
    }
    this.#answer = new Promise<string[]>((resolve, reject) => {
      this.#worker.once("message", (answer: YamlThreadAnswer) => ("blocks" in answer ? resolve(answer.blocks) : reject(new YamlThreadFailed(answer.error))));
      this.#worker.once("error", (error) => reject(new YamlThreadFailed(reason(error))));
      this.#worker.once("exit", (code) => reject(new YamlThreadFailed(`the YAML thread stopped (exit code ${code})`)));
    });
    // Settled by the caller's await; until then a failure must not count as unhandled.
    this.#answer.catch(() => undefined);
  }

  open(key: string): void {
    this.#batch.push(OPEN, key);
  }

  close(): void {
    this.#batch.push(CLOSE);
  }

  /**
   * A member of the innermost open mapping, as `written` by the JSON writer at the same place (nothing
   * when it wrote nothing: a value `undefined`, which YAML leaves out too). `_value` is the value
   * itself, which YamlDocumentWriter takes instead.
   */
  member(key: string, _value: unknown, written: WrittenMember | undefined): void {
    if (written === undefined) return;
    // The JSON writer's text is `"key": value`; the thread reads the value.
    const json = written.text.slice(JSON.stringify(key).length + 2);
    this.#batch.push(MEMBER, key, json);
    this.#batchLength += json.length;
    if (this.#batchLength >= BATCH_LENGTH) this.#send();
  }

  /** The document's text in blocks (text-blocks.ts), once the thread has printed it; rejects with YamlThreadFailed. */
  blocks(): Promise<string[]> {
    this.#send();
    this.#worker.postMessage(null);
    return this.#answer;
  }

  /** Stops the thread, whether or not it answered. */
  async stop(): Promise<void> {
    await this.#worker.terminate();
  }

  #send(): void {
    if (this.#batch.length === 0) return;
    this.#worker.postMessage(this.#batch);
    this.#batch = [];
    this.#batchLength = 0;
  }
}

function startWorker(): Worker {
  return startModuleWorker("./yaml-thread-entry", import.meta.url);
}
