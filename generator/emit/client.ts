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
 *   runtime/*.ts        the hand-written HTTP runtime, copied from generator/runtime/ (relative
 *                       imports rewritten from `.ts` to `.js`)
 *
 * The generated files are declarative: they describe operations and wire them to the runtime, which
 * does all the HTTP. Code is built as ts-morph structures and printed by ts-morph's structure printer
 * (no project, no parsing back, no type checking: that keeps the emitter fast), then formatted by the
 * pipeline's formatter.
 *
 * `emitClient` is pure. The runtime's source texts are its only other input: the registered
 * `clientEmitter` reads them once, when this module is loaded (see client/runtime-sources.ts), because
 * an emitter itself must not touch the disk.
 */
import { printStructure, ts } from "ts-morph";
import { typeIndex } from "../model/type-graph.ts";
import type { ApiModel, Emitter } from "../model/types.ts";
import type { SourcedFile } from "../write/format.ts";
import { indexFile } from "./client/index-file.ts";
import { CLIENT_DIR, resourceFilePath, RUNTIME_DIR } from "./client/names.ts";
import { resourceFile } from "./client/resource-file.ts";
import { readRuntimeSources, RUNTIME_SOURCE_DIR, type RuntimeSource } from "./client/runtime-sources.ts";

export function emitClient(model: ApiModel, runtime: readonly RuntimeSource[]): SourcedFile[] {
  const types = typeIndex(model);
  const files: SourcedFile[] = [{ path: `${CLIENT_DIR}/index.ts`, contents: printStructure(indexFile(model)), source: "spec/" }];
  for (const resource of model.resources) {
    files.push({ path: resourceFilePath(resource), contents: printStructure(resourceFile(resource, model, types)), source: resource.file });
  }
  for (const { file, contents } of runtime) {
    files.push({ path: `${RUNTIME_DIR}/${file}`, contents: withJsSpecifiers(file, contents), source: `${RUNTIME_SOURCE_DIR}/${file}` });
  }
  return files;
}

/**
 * The runtime as written, except that its relative imports say `.js` like the rest of the generated
 * code, so that the emitted declaration files resolve for every consumer whatever its TypeScript
 * settings (a `.d.ts` keeps its specifiers as written). The specifiers are found by parsing; the text
 * is edited at their positions only.
 */
function withJsSpecifiers(file: string, text: string): string {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const edits: { start: number; end: number; text: string }[] = [];
  for (const statement of source.statements) {
    const specifier =
      ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement) ? statement.moduleSpecifier : undefined;
    if (!specifier || !ts.isStringLiteral(specifier) || !/^\.\.?\/.*\.ts$/.test(specifier.text)) continue;
    // `.ts` just inside the closing quote, whichever quote the file uses.
    const end = specifier.getEnd() - 1;
    if (text.slice(end - 3, end) === ".ts") edits.push({ start: end - 3, end, text: ".js" });
  }
  return edits.reduceRight((out, e) => out.slice(0, e.start) + e.text + out.slice(e.end), text);
}

export function createClientEmitter(runtime: readonly RuntimeSource[]): Emitter {
  return { name: "client", emit: (model) => emitClient(model, runtime) };
}

export const clientEmitter: Emitter = createClientEmitter(readRuntimeSources());
