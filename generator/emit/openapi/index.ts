/**
 * OpenAPI: `openapi/openapi.json` and `openapi/openapi.yaml` (3.1, the same content) and
 * `openapi/openapi-3.0.json` (3.0.3) for tools that do not read 3.1 yet. The JSON files carry their
 * do-not-edit note as `x-generated-by` (JSON has no comments); the YAML file also gets the writer's header.
 * How the document is built, and the operationId rule, are described in `openapi/document.ts`.
 */
import type { Worker } from "node:worker_threads";
import { partedFile } from "../../model/text-parts.ts";
import type { ApiModel, EmittedFile, Emitter } from "../../model/types.ts";
import { buildOpenApi, DocumentBuilder } from "./document.ts";
import { JsonDocumentWriter } from "./json.ts";
import { Downgrade, downgradeToOas30 } from "./oas30.ts";
import { oneByte } from "../one-byte.ts";
import { dumpJsonYaml, NotJsonShaped, YamlDocumentWriter } from "./yaml.ts";
import { reusedPiece, reusedPiecesKept } from "../reuse.ts";
import { emitsOnThreads, operationCount } from "../threads.ts";
import { YamlThreadFailed, YamlThreadWriter } from "./yaml-thread.ts";

export const OPENAPI_FILES = {
  json: "openapi/openapi.json",
  yaml: "openapi/openapi.yaml",
  json30: "openapi/openapi-3.0.json",
} as const;

/**
 * The three texts are written together a path item at a time: each path item is built, written three
 * ways (the 3.0 one converted from it) and dropped, so the whole document never exists as objects
 * (json.ts says why that matters). The texts are those of the whole document: `JSON.stringify(doc, null, 2)`,
 * `dumpJsonYaml(doc)` and the JSON of `downgradeToOas30(doc)`, each with a final line feed. What the
 * 3.0 conversion leaves as it is (the same object) is printed once for both JSON texts: see writeDocument.
 */
export function emitOpenApi(model: ApiModel): EmittedFile[] {
  let texts: DocumentTexts<string[]>;
  try {
    texts = writeDocument(model, new YamlDocumentWriter());
  } catch (error) {
    // A value the YAML printer hands to js-yaml (none that a spec can produce): the whole document, as js-yaml needs it.
    if (!(error instanceof NotJsonShaped)) throw error;
    const doc = buildOpenApi(model);
    texts = { json: [toJson(doc)], yaml: [dumpJsonYaml(doc)], json30: [toJson(downgradeToOas30(doc))] };
  }
  return documentFiles(texts);
}

/**
 * emitOpenApi, with the YAML text printed on a thread of its own (yaml-thread.ts) while this one
 * prints the JSON texts: the same files. Where the thread fails, the document is printed here instead,
 * after telling `threadFailed` (tests make that a failure; `start` starts the thread, for tests too).
 */
export async function emitOpenApiWithYamlThread(
  model: ApiModel,
  options: { start?: () => Worker; threadFailed?: (error: YamlThreadFailed) => void } = {},
): Promise<EmittedFile[]> {
  let thread: YamlThreadWriter | undefined;
  try {
    thread = new YamlThreadWriter(options.start);
    const texts = writeDocument(model, thread);
    return documentFiles({ ...texts, yaml: await texts.yaml });
  } catch (error) {
    if (!(error instanceof YamlThreadFailed)) throw error;
    options.threadFailed?.(error);
    return emitOpenApi(model);
  } finally {
    await thread?.stop();
  }
}

function documentFiles(texts: DocumentTexts<string[]>): EmittedFile[] {
  // Each text as the blocks it was written in, not joined (model/text-parts.ts).
  return [
    partedFile(OPENAPI_FILES.json, texts.json),
    // js-yaml's dump (not yaml's stringify: about 4.5× faster on large specs) with no anchors/aliases (a
    // schema object used twice is written out twice) and no line folding, printed by yaml.ts, which
    // writes the same bytes several times faster.
    partedFile(OPENAPI_FILES.yaml, texts.yaml),
    partedFile(OPENAPI_FILES.json30, texts.json30),
  ];
}

interface DocumentTexts<Yaml> {
  json: string[];
  yaml: Yaml;
  json30: string[];
}

/**
 * The three texts, written together (see emitOpenApi). `yaml` prints the YAML text from the members
 * themselves (YamlDocumentWriter) or from the JSON texts the 3.1 writer prints of them (YamlThreadWriter),
 * and its `blocks()` answers the YAML text's blocks.
 */
function writeDocument<Yaml extends YamlDocumentWriter | YamlThreadWriter>(model: ApiModel, yaml: Yaml): DocumentTexts<ReturnType<Yaml["blocks"]>> {
  const builder = new DocumentBuilder(model);
  const downgrade = new Downgrade((name) => builder.namedSchema(name));
  const json = new JsonDocumentWriter();
  const json30 = new JsonDocumentWriter();
  const all = [json, yaml, json30];
  const open = (key: string) => all.forEach((writer) => writer.open(key));
  const close = () => all.forEach((writer) => writer.close());
  /**
   * One member in all three texts, `value30` its value in the 3.0 one. A value the conversion left as
   * it is (the same object: oas30.ts) is printed once for both JSON texts. Where the conversion changed
   * something inside a mapping and kept its keys, the mapping is written a member at a time, down to
   * `levels` levels deeper, so that the members it left as they are are still printed once. At 10,000
   * operations about half of the path items' 3.0 text is reused so: the parameters, the error
   * responses, a response showing a named type, all but the body of most operations.
   */
  const member = (key: string, value: unknown, value30: unknown, levels: number) => {
    const keys = value30 !== value && levels > 0 ? sameKeys(value, value30) : undefined;
    if (keys) {
      open(key);
      for (const k of keys) member(k, (value as Record<string, unknown>)[k], (value30 as Record<string, unknown>)[k], levels - 1);
      close();
      return;
    }
    const written = json.member(key, value);
    yaml.member(key, value, written);
    if (value30 === value) {
      if (written) json30.memberAsWritten(written);
    } else json30.member(key, value30);
  };

  // Only a process that runs again keeps what it printed (emit/reuse.ts): a one-shot run gathers no
  // keys. The YAML thread's writer records nothing: it is taken only above MEMBERS_REUSED_UP_TO.
  const reusing = yaml instanceof YamlDocumentWriter && reusedPiecesKept() && operationCount(model) <= MEMBERS_REUSED_UP_TO ? yaml : undefined;
  /**
   * A member of the document's top level, of `paths` or of `components`, printed as `member` does, or
   * its three texts from the last run when it and where it goes are the same (see MEMBERS_REUSED_UP_TO).
   */
  const topMember = (slot: string, key: string, value: unknown, value30: unknown, levels: number) => {
    if (!reusing) return member(key, value, value30, levels);
    // The member and its 3.0 form are one part: they share most of their objects, which one
    // serialisation writes once. The positions are parts too: a member's text depends on where it goes
    // (its depth, and whether it is its mapping's first).
    const parts: [string, [unknown, unknown], number, ...string[]] = [key, [value, value30], levels, json.position(), reusing.position(), json30.position()];
    const piece = reusedPiece(`${OPENAPI_FILES.json}#${slot}`, parts, (k, [v, v30], l, ..._where) => {
      json.record();
      reusing.record();
      json30.record();
      member(k, v, v30, l);
      return { json: json.recorded(), yaml: reusing.recorded(), json30: json30.recorded() };
    });
    if (piece.reused) {
      json.replay(piece.value.json);
      reusing.replay(piece.value.yaml);
      json30.replay(piece.value.json30);
    }
  };

  for (const [key, value] of Object.entries(builder.head())) topMember(`head/${key}`, key, value, downgrade.member(key, value), 0);
  open("paths");
  // Path item, operation, operation member (PATH_LEVELS below).
  for (const [path, item] of builder.pathItems()) topMember(`paths/${path}`, path, item, downgrade.pathItem(item), PATH_LEVELS);
  close();
  open("components");
  open("schemas");
  for (const [name, schema] of builder.schemaEntries()) topMember(`schemas/${name}`, name, schema, downgrade.schema(schema), 0);
  close();
  for (const [key, value] of Object.entries(builder.componentsAfterSchemas())) topMember(`components/${key}`, key, value, downgrade.componentsMember(key, value), 0);
  close();
  return { json: json.blocks(), yaml: yaml.blocks() as ReturnType<Yaml["blocks"]>, json30: json30.blocks() };
}

/**
 * In a watch session, up to this many operations, each member's three texts are kept for the next run
 * and reused while the member (as built, and its 3.0 form) and its place in the document are the same
 * (emit/reuse.ts, reusedPiece): a save that changes one resource prints that resource's path items,
 * not the whole document. The repository's 51-operation spec, 25 saves under a profiler: 29 ms of
 * OpenAPI a save before, 20 ms after; building the members is most of what is left. A larger document
 * is not kept as objects between runs (json.ts says why that matters), and a one-shot run keeps none.
 */
const MEMBERS_REUSED_UP_TO = 2_000;

/**
 * How deep a path item whose 3.0 form differs is written member by member: its operations, then their
 * members (a member is printed whole by JSON.stringify, and each printing has a cost of its own). At
 * 10,000 operations, 2 levels print 101.8 MB of JSON in 83,000 calls (123.3 MB in 35,000 without the
 * reuse); 6 levels (down to a request body's examples) 95.3 MB in 113,000 calls, no faster measurably.
 */
const PATH_LEVELS = 2;

/** The keys of two plain mappings (not arrays) when they have the same keys in the same order; else undefined. */
function sameKeys(a: unknown, b: unknown): string[] | undefined {
  if (!isPlainMapping(a) || !isPlainMapping(b)) return undefined;
  const keys = Object.keys(a);
  const keysB = Object.keys(b);
  if (keys.length !== keysB.length) return undefined;
  for (let i = 0; i < keys.length; i++) if (keys[i] !== keysB[i]) return undefined;
  return keys;
}

function isPlainMapping(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function toJson(value: unknown): string {
  // Half the memory for the largest files of a large spec: see emit/one-byte.ts.
  return oneByte(`${JSON.stringify(value, null, 2)}\n`);
}

export const openApiEmitter: Emitter = {
  name: "openapi",
  // A large model's YAML text is printed on a thread (emit/threads.ts).
  emit: (model) => (emitsOnThreads(model) ? emitOpenApiWithYamlThread(model) : emitOpenApi(model)),
};
