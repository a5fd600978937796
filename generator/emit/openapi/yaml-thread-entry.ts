/**
 * The YAML thread (yaml-thread.ts starts it): writes the members it is sent, read back from their JSON
 * texts, with yaml.ts's YamlDocumentWriter, and answers the document's blocks once the end mark comes.
 */
import { parentPort } from "node:worker_threads";
import { CLOSE, MEMBER, OPEN, type YamlThreadAnswer, type YamlThreadBatch } from "./yaml-thread.ts";
import { reason } from "../../user-error.ts";
import { YamlDocumentWriter } from "./yaml.ts";

const port = parentPort;
if (!port) throw new Error("internal: the YAML thread's entry runs on a worker thread only");

const writer = new YamlDocumentWriter();

function answer(message: YamlThreadAnswer): void {
  port!.postMessage(message);
  port!.close();
}

port.on("message", (batch: YamlThreadBatch | null) => {
  try {
    if (batch === null) {
      answer({ blocks: writer.blocks() });
      return;
    }
    let i = 0;
    while (i < batch.length) {
      const code = batch[i++];
      if (code === OPEN) writer.open(batch[i++]!);
      else if (code === CLOSE) writer.close();
      else if (code === MEMBER) {
        const key = batch[i++]!;
        writer.member(key, JSON.parse(batch[i++]!));
      } else throw new Error(`internal: unknown YAML thread operation ${JSON.stringify(code)}`);
    }
  } catch (error) {
    answer({ error: reason(error) });
  }
});
