/**
 * A configured API's emit switches as the pipeline's `emitters` option. The artifacts map onto the
 * registered emitters by name (generator/emit/index.ts): client → `client`, schemas → `zod`, openapi →
 * `openapi` (its files kept per version), docs → `markdown`, mcp → `mcp`; the editor schema
 * (`spec-schema`) and the package files (`package`, told what the package holds) are always written.
 * A config that changes nothing gives `undefined`: the pipeline then runs every emitter and may answer
 * from its run cache, which it keeps for the full set only.
 */
import { EMITTERS } from "../emit/index.ts";
import { OPENAPI_FILES } from "../emit/openapi/index.ts";
import { createPackageEmitter, type PackageContents } from "../emit/package/index.ts";
import { deriveNaming } from "../model/naming.ts";
import type { ApiModel, Emitter } from "../model/types.ts";
import { ConfigError, OPENAPI_VERSIONS, type ResolvedApi } from "./schema.ts";

/** Which emitter each switch turns on or off. */
const SWITCHED: Record<"client" | "schemas" | "openapi" | "docs" | "mcp", string> = {
  client: "client",
  schemas: "zod",
  openapi: "openapi",
  docs: "markdown",
  mcp: "mcp",
};

const OPENAPI_FILES_BY_VERSION: Record<(typeof OPENAPI_VERSIONS)[number], readonly string[]> = {
  "3.1": [OPENAPI_FILES.json, OPENAPI_FILES.yaml],
  "3.0": [OPENAPI_FILES.json30],
};

export function emittersFor(api: ResolvedApi, registered: readonly Emitter[] = EMITTERS): Emitter[] | undefined {
  const { emit } = api;
  if (emit.docs && emit.docs.basePath !== undefined)
    // Accepted by the schema so configs can be written against the documented shape; refused until the docs emitter has the option.
    throw new ConfigError(
      `${api.file ? `${api.file}: ` : ""}${api.label}.emit.docs.basePath: this version of opspec's docs emitter has no base path option yet; remove the key`,
    );
  const everything = emit.client && emit.schemas && emit.mcp && emit.docs !== false && emit.openapi.length === OPENAPI_VERSIONS.length;
  if (everything && api.name === undefined) return undefined;

  const on: Record<keyof typeof SWITCHED, boolean> = {
    client: emit.client,
    schemas: emit.schemas,
    openapi: emit.openapi.length > 0,
    docs: emit.docs !== false,
    mcp: emit.mcp,
  };
  const off = new Set(Object.entries(SWITCHED).flatMap(([key, name]) => (on[key as keyof typeof SWITCHED] ? [] : [name])));
  const contents: PackageContents = { client: emit.client, schemas: emit.schemas, mcp: emit.mcp, openapi: emit.openapi, docs: emit.docs !== false };
  const keptOpenApi = new Set(emit.openapi.flatMap((v) => OPENAPI_FILES_BY_VERSION[v]));
  const emitters = registered
    .filter((e) => !off.has(e.name))
    .map((e): Emitter => {
      if (e.name === "package") return createPackageEmitter(contents);
      if (e.name === "openapi" && keptOpenApi.size < Object.values(OPENAPI_FILES).length)
        return { ...e, emit: async (model) => (await e.emit(model)).filter((f) => keptOpenApi.has(f.path)) };
      return e;
    });
  return api.name === undefined ? emitters : emitters.map((e) => renamed(e, api.name!));
}

/** `emitter` reading the model as if api.yaml's `name` were `stem`. */
function renamed(emitter: Emitter, stem: string): Emitter {
  return { ...emitter, emit: (model) => emitter.emit(withStem(model, stem)) };
}

const views = new WeakMap<ApiModel, Map<string, ApiModel>>();

/**
 * The model with every name derived from `stem`, as deriveNaming computes them from api.yaml's `name`.
 * The package name follows the stem unless the spec set `package:` (seen as a name the old stem does not give).
 */
export function withStem(model: ApiModel, stem: string): ApiModel {
  let byStem = views.get(model);
  if (!byStem) views.set(model, (byStem = new Map()));
  const cached = byStem.get(stem);
  if (cached) return cached;
  const { naming } = model;
  const derivedPackage = deriveNaming({ api: model.name, name: naming.stem }).packageName;
  const pkg = naming.packageName === derivedPackage ? undefined : naming.packageName;
  const view: ApiModel = {
    ...model,
    naming: deriveNaming({ api: model.name, name: stem, serverOption: naming.serverOption, ...(pkg === undefined ? {} : { package: pkg }) }),
  };
  byStem.set(stem, view);
  return view;
}
