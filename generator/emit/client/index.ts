/**
 * The typed client: `generated/client/`.
 *
 *   index.ts            the factory, client type and options interface (named by `model.naming`:
 *                       `createPetstoreClient`, `PetstoreClient`, `PetstoreClientOptions`), the `apiDef`
 *                       the runtime reads the API's conventions from, the `operations` registry,
 *                       name-keyed types, the runtime's errors (its `ClientError` re-exported under
 *                       `model.naming.errorBase`) and option types
 *   <resource>.ts       one OperationDef per operation (route, risk, schemas, wire names, defaults,
 *                       constants, pagination) and the `client.<resource>` object
 *   runtime/*.ts        the hand-written HTTP runtime, copied as written from generator/runtime/
 *
 * The generated files are declarative: they describe operations and wire them to the runtime, which
 * does all the HTTP. Code is printed from small typed templates, as the Zod emitter prints its own
 * (client/layout.ts and ts-print.ts; spec text through the escaping module), then laid out by the
 * pipeline's formatter.
 *
 * `emitClient` is pure. The runtime's source texts are its only other input: the registered
 * `clientEmitter` reads them once, when this module is loaded (see client/runtime-sources.ts), because
 * an emitter itself must not touch the disk.
 */
import type { ApiModel, Emitter } from "../../model/types.ts";
import type { SourcedFile } from "../../write/finish.ts";
import { indexFile } from "./index-file.ts";
import { CLIENT_DIR, resourceFilePath, RUNTIME_DIR } from "./names.ts";
import { reusedText } from "../reuse.ts";
import { resourceFile } from "./resource-file.ts";
import { readRuntimeSources, RUNTIME_SOURCE_DIR, type RuntimeSource } from "./runtime-sources.ts";

export function emitClient(model: ApiModel, runtime: readonly RuntimeSource[]): SourcedFile[] {
  const files: SourcedFile[] = [{ path: `${CLIENT_DIR}/index.ts`, contents: indexFile(model), source: "spec/" }];
  for (const resource of model.resources) {
    const path = resourceFilePath(resource);
    files.push({ path, contents: reusedText(path, [resource, model.types], resourceFile), source: resource.file });
  }
  files.push(...runtimeFiles(runtime));
  return files;
}

/**
 * The runtime, copied as written: its relative imports already say `.js`, as the rest of the generated
 * code does, so the copies resolve for every consumer whatever its TypeScript settings (a `.d.ts`
 * keeps its specifiers as written). test/runtime-sources.test.ts holds the sources to that.
 */
function runtimeFiles(runtime: readonly RuntimeSource[]): SourcedFile[] {
  return runtime.map(({ file, contents }) => ({ path: `${RUNTIME_DIR}/${file}`, contents, source: `${RUNTIME_SOURCE_DIR}/${file}` }));
}

export function createClientEmitter(runtime: readonly RuntimeSource[]): Emitter {
  return { name: "client", emit: (model) => emitClient(model, runtime) };
}

export const clientEmitter: Emitter = createClientEmitter(readRuntimeSources());
