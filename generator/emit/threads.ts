/**
 * Worker threads for emitting a large model: the OpenAPI YAML text (openapi/yaml-thread.ts) and whole
 * emitters (emit-thread.ts) run beside the main thread, which is a large run's critical path, while the
 * machine's other cores are not busy all the time. A thread's start, and what it is sent, cost more than
 * they save for a small model, so both are taken from THREADS_FROM_OPERATIONS operations on.
 */
import { Worker } from "node:worker_threads";
import type { ApiModel } from "../model/types.ts";

/**
 * From this many operations on, emitting uses threads. Below it a thread costs more than it saves
 * (starting one takes about 40 ms compiled, 300 ms from the sources), and a watch session reuses each
 * OpenAPI member's texts instead (MEMBERS_REUSED_UP_TO in openapi/index.ts), which the YAML thread
 * cannot record.
 */
export const THREADS_FROM_OPERATIONS = 2_001;

export function operationCount(model: ApiModel): number {
  let count = 0;
  for (const resource of model.resources) count += resource.operations.length;
  return count;
}

/** Whether the model is large enough for emitting on threads (THREADS_FROM_OPERATIONS). */
export function emitsOnThreads(model: ApiModel): boolean {
  return operationCount(model) >= THREADS_FROM_OPERATIONS;
}

/**
 * A worker running the module `entry` (a path relative to `from`, the caller's import.meta.url, without
 * its extension): the compiled `.js` one, or, running from the sources (tsx, vitest), the TypeScript
 * one after registering tsx's loader, which a worker does not inherit.
 */
export function startModuleWorker(entry: string, from: string): Worker {
  if (!from.endsWith(".ts")) return new Worker(new URL(`${entry}.js`, from));
  const tsEntry = new URL(`${entry}.ts`, from).href;
  const tsx = import.meta.resolve("tsx/esm/api");
  const source = 'const { workerData } = require("node:worker_threads"); import(workerData.tsx).then((tsx) => { tsx.register(); return import(workerData.entry); });';
  return new Worker(source, { eval: true, workerData: { tsx, entry: tsEntry } });
}
