/**
 * The emit worker's side (see emit-pool.ts): runs registered emitters on a model sent as its V8
 * serialisation and answers with their files. It loads the same emitter modules as the main thread,
 * and emitters are pure functions of the model, so what it answers is what they would emit there.
 */
import { deserialize } from "node:v8";
import { parentPort } from "node:worker_threads";
import { EMITTERS } from "../emit/index.ts";
import type { ApiModel } from "../model/types.ts";
import type { SourcedFile } from "../write/finish.ts";
import type { EmitReply, EmitRequest } from "./emit-pool.ts";

const port = parentPort!;
// Loaded: from now on a request is answered without waiting for module loading.
port.postMessage("ready");

port.on("message", (request: EmitRequest) => {
  void answer(request).then((reply) => port.postMessage(reply));
});

async function answer(request: EmitRequest): Promise<EmitReply> {
  try {
    const model = deserialize(request.model) as ApiModel;
    const results: { files: SourcedFile[]; ms: number }[] = [];
    for (const index of request.emitters) {
      const emitter = EMITTERS[index];
      if (!emitter) throw new Error(`no registered emitter #${index}`);
      const start = performance.now();
      const files = await emitter.emit(model);
      results.push({ files: request.discard ? [] : files, ms: performance.now() - start });
    }
    return { id: request.id, results };
  } catch (err) {
    return { id: request.id, error: err instanceof Error ? err.message : String(err) };
  }
}
