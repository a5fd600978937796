/**
 * OpenAPI: `openapi/openapi.json` and `openapi/openapi.yaml` (3.1, the same content) and
 * `openapi/openapi-3.0.json` (3.0.3) for tools that do not read 3.1 yet. The JSON files carry their
 * do-not-edit note as `x-generated-by` (JSON has no comments); the YAML file also gets the writer's header.
 * How the document is built, and the operationId rule, are described in `openapi/document.ts`.
 */
import type { ApiModel, EmittedFile, Emitter } from "../../model/types.ts";
import { buildOpenApi } from "./document.ts";
import { downgradeToOas30 } from "./oas30.ts";
import { oneByte } from "./one-byte.ts";
import { dumpJsonYaml } from "./yaml.ts";

export const OPENAPI_FILES = {
  json: "openapi/openapi.json",
  yaml: "openapi/openapi.yaml",
  json30: "openapi/openapi-3.0.json",
} as const;

export function emitOpenApi(model: ApiModel): EmittedFile[] {
  const doc = buildOpenApi(model);
  return [
    { path: OPENAPI_FILES.json, contents: toJson(doc) },
    // js-yaml's dump (not yaml's stringify: about 4.5× faster on large specs) with no anchors/aliases (a
    // schema object used twice is written out twice) and no line folding, printed by yaml.ts, which
    // writes the same bytes several times faster.
    { path: OPENAPI_FILES.yaml, contents: dumpJsonYaml(doc) },
    { path: OPENAPI_FILES.json30, contents: toJson(downgradeToOas30(doc)) },
  ];
}

function toJson(value: unknown): string {
  // Half the memory for the largest files of a large spec: see one-byte.ts.
  return oneByte(`${JSON.stringify(value, null, 2)}\n`);
}

export const openApiEmitter: Emitter = { name: "openapi", emit: emitOpenApi };
