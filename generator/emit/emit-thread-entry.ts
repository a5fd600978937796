/**
 * The emitting thread (emit-thread.ts starts it): reads the model it is sent, runs the emitters it is
 * asked for by name, and answers each one's files.
 */
import v8 from "node:v8";
import { parentPort } from "node:worker_threads";
import type { ApiModel, Emitter } from "../model/types.ts";
import type { SourcedFile } from "../write/finish.ts";
import { reason } from "../user-error.ts";
import type { EmitThreadAnswer, EmitThreadRequest } from "./emit-thread.ts";
import { markdownEmitter } from "./markdown/index.ts";
import { mcpEmitter } from "./mcp/index.ts";

/** The emitters a thread runs: those emit/index.ts wraps with onThreadWhenLarge. */
const BY_NAME = new Map<string, Emitter>([markdownEmitter, mcpEmitter].map((e) => [e.name, e]));

const port = parentPort;
if (!port) throw new Error("internal: the emitting thread's entry runs on a worker thread only");

let model: ApiModel | undefined;
/** Answers still being printed, and whether the end mark came: the thread stops when both say so. */
let printing = 0;
let ended = false;

port.on("message", (request: EmitThreadRequest) => {
  if ("model" in request) model = v8.deserialize(request.model) as ApiModel;
  else if ("end" in request) ended = true;
  else {
    printing++;
    void answer(request.id, request.emitter).then((message) => {
      port.postMessage(message);
      printing--;
      stopIfDone();
    });
  }
  stopIfDone();
});

/** Closing the port ends the thread once what was posted has been delivered. */
function stopIfDone(): void {
  if (ended && printing === 0) port!.close();
}

async function answer(id: number, name: string): Promise<EmitThreadAnswer> {
  try {
    const emitter = BY_NAME.get(name);
    if (!emitter) throw new Error(`internal: no emitter '${name}' runs on a thread`);
    if (!model) throw new Error("internal: the emitting thread has no model");
    const files = await emitter.emit(model);
    // Plain objects: a file may hold its text behind a getter (model/text-parts.ts).
    return { id, files: files.map((f): SourcedFile => ({ path: f.path, contents: f.contents, ...("source" in f && typeof f.source === "string" ? { source: f.source } : {}) })) };
  } catch (error) {
    return { id, error: reason(error) };
  }
}
