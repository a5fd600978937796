/**
 * Model: turn a checked spec into the ApiModel every emitter reads. Pure and total: the checker has
 * already rejected everything this could trip on, and hands over the type notations it parsed.
 */
import type { CheckedSpec } from "../spec-format/checked.ts";
import { defaultInputLocation, fieldTypeText, resolvePagination } from "../spec-format/defaults.ts";
import type { RawField, RawInputField, RawPagination, RawType } from "../spec-format/schema.ts";
import { deriveNaming, kebabCase, pascalCase, camelCase } from "./naming.ts";
import { emptyList, mapPacked } from "./lists.ts";
import { computeTypeUsage } from "./type-graph.ts";
import type {
  ApiModel,
  AuthModel,
  ConstantModel,
  Constraints,
  FieldModel,
  HttpMethod,
  InputLocation,
  NamedTypeModel,
  OperationModel,
  PaginationModel,
  ResourceModel,
  TypeRef,
} from "./types.ts";

/**
 * `fileName` turns a spec file's name (as diagnostics show it) into the one the model records
 * (model/source-files.ts): applied here, as each entity is built, rather than to a copy of the model
 * afterwards, so that operations, resources and types keep one hidden class each.
 */
export function buildModel(spec: CheckedSpec, fileName: (file: string) => string = (file) => file): ApiModel {
  const api = spec.api.value;
  const rawTypes = new Map<string, { raw: RawType; file: string }>();
  for (const { value, source } of [spec.api, ...spec.resources]) {
    const file = fileName(source.file);
    for (const [name, raw] of Object.entries(value.types ?? {})) rawTypes.set(name, { raw, file });
  }

  const resolve = (t: TypeRef | string): TypeRef => {
    if (typeof t !== "string") return t;
    const parsed = spec.notations.get(t.trim());
    if (!parsed) throw new Error(`internal: the checker did not parse type '${t}'`);
    return parsed;
  };

  const docNotation = (t: TypeRef): string => {
    switch (t.kind) {
      case "primitive":
        return t.name;
      case "enum":
        return t.values.join(" | ");
      case "array": {
        const inner = docNotation(t.items);
        return inner.includes("|") ? `(${inner})[]` : `${inner}[]`;
      }
      case "union":
        return t.members.map(docNotation).join(" | ");
      case "named": {
        const def = rawTypes.get(t.name)?.raw;
        return def && "enum" in def ? def.enum.join(" | ") : "object";
      }
    }
  };

  // A notation's documented spelling, by its parsed type: the notations' types are shared by every
  // field written the same way (spec.notations), so thousands of fields ask about a few types.
  const docNotations = new Map<TypeRef, string>();
  const notationDoc = (t: TypeRef): string => {
    let doc = docNotations.get(t);
    if (doc === undefined) docNotations.set(t, (doc = docNotation(t)));
    return doc;
  };

  const field = (name: string, raw: RawField | RawInputField, location?: InputLocation): FieldModel => {
    const f = (typeof raw === "string" ? { type: raw } : raw) as Exclude<RawInputField, string>;
    const written = fieldTypeText(f);
    const type = resolve(written);
    // Every field gets every property, in one order (absent ones `undefined`): one hidden class for
    // all fields, so the emitters' code that reads them stays monomorphic (built property by property,
    // the fields of a 10,000-operation spec had ten hidden classes, and optimised code deoptimised on them).
    const model: FieldModel = {
      name,
      wireName: f.wire ?? name,
      type,
      // An enum or const field's type is its own (fieldTypeText builds it), so it is not remembered.
      docType: typeof written === "string" ? notationDoc(type) : docNotation(type),
      required: f.required ?? false,
      unsupported: f.unsupported ?? false,
      deprecated: f.deprecated ?? false,
      wireType: f.wireType !== undefined ? resolve(f.wireType) : undefined,
      description: f.description !== undefined ? f.description.trim() : undefined,
      format: f.format,
      default: f.default,
      example: f.example,
      constraints: pickConstraints(f),
      location,
    };
    return model;
  };

  const types: NamedTypeModel[] = mapPacked(
    [...rawTypes.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    ([name, { raw, file }]): NamedTypeModel => {
      // One shape per kind (`description` always there, maybe undefined), as for fields and operations.
      const base = { name, file, description: raw.description !== undefined ? raw.description.trim() : undefined };
      if ("fields" in raw) return { kind: "object", ...base, fields: mapPacked(Object.entries(raw.fields), ([n, f]) => field(n, f)) };
      if ("values" in raw) return { kind: "map", ...base, values: resolve(raw.values) };
      if ("oneOf" in raw) return { kind: "union", ...base, members: mapPacked(raw.oneOf, resolve) };
      return { kind: "enum", ...base, values: raw.enum };
    });
  // Operations name their output type with the type's declared name (the same text, the declaration's
  // string): the spec's own copy, once V8 has used it as a property key, is a "thin" string, and
  // optimised code joining a thin string into a template literal builds a two-byte string whatever
  // the text. One such string in the OpenAPI document made its JSON files two-byte (twice the
  // memory, and a conversion: emit/one-byte.ts); at 10,000 operations about 1,700 of the
  // output descriptions were.
  const typeByName = new Map(types.map((t) => [t.name, t]));

  const resources: ResourceModel[] = mapPacked(spec.resources, ({ value, source }) => {
    const file = fileName(source.file);
    const operations = mapPacked(value.operations, (op): OperationModel => {
      const method = op.http.method as HttpMethod;
      const fallback = defaultInputLocation(method);
      const input = mapPacked(Object.entries(op.input ?? {}), ([n, f]) => field(n, f, typeof f === "object" && f.in ? f.in : fallback));
      const constants: ConstantModel[] = mapPacked(Object.entries(op.constants ?? {}), ([n, v]) => ({
        name: n,
        value: v,
        location: fallback === "query" ? "query" : "body",
      }));
      const status = op.status ?? 200;
      let output: OperationModel["output"];
      if (op.output === undefined || status === 204) output = undefined;
      else if (typeof op.output === "string") {
        const named = typeByName.get(op.output);
        output = { typeName: named?.name ?? op.output, fields: named?.kind === "object" ? named.fields : emptyList(), wireTypeName: undefined };
      } else output = { typeName: undefined, fields: mapPacked(Object.entries(op.output), ([n, f]) => field(n, f)), wireTypeName: undefined };
      if (output && op.outputWireType !== undefined) output.wireTypeName = typeByName.get(op.outputWireType)?.name ?? op.outputWireType;
      const pagination = op.pagination ? paginationModel(resolvePagination(op.pagination, api.pagination)) : undefined;
      const fullName = `${value.resource}.${op.name}`;
      // Every property present (absent ones `undefined`): one hidden class for every operation.
      return {
        name: op.name,
        fullName,
        qualifiedName: `${api.api}.${fullName}`,
        id: `${value.resource}${pascalCase(op.name)}`,
        typeStem: `${pascalCase(value.resource)}${pascalCase(op.name)}`,
        resource: value.resource,
        summary: op.summary.trim(),
        description: op.description !== undefined ? op.description.trim() : undefined,
        risk: op.risk,
        method,
        path: op.http.path,
        input,
        constants,
        status,
        output,
        pagination,
        deprecated: op.deprecated ?? false,
        file,
      };
    });
    return {
      name: value.resource,
      title: value.title,
      description: value.description !== undefined ? value.description.trim() : undefined,
      slug: kebabCase(value.resource),
      typeStem: pascalCase(value.resource),
      operations,
      file,
    };
  });

  const errors = api.errors ?? {};
  return {
    name: api.api,
    title: api.title,
    version: api.version,
    ...(api.description !== undefined ? { description: api.description.trim() } : {}),
    ...(api.contact ? { contact: api.contact } : {}),
    ...(api.license ? { license: api.license } : {}),
    naming: deriveNaming(api),
    servers: api.servers.map((s) => ({ name: s.name, url: s.url, ...(s.description !== undefined ? { description: s.description.trim() } : {}) })),
    auth: authModel(api.auth),
    headers: Object.entries(api.headers ?? {}).map(([name, h]) => ({
      name,
      option: h.option ?? camelCase(name),
      ...(h.description !== undefined ? { description: h.description.trim() } : {}),
      ...(h.default !== undefined ? { default: h.default } : {}),
      ...(h.enum !== undefined ? { enum: h.enum } : {}),
      required: (h.required ?? false) && h.default === undefined,
    })),
    errors: {
      contentType: errors.contentType ?? "application/json",
      ...(errors.type !== undefined ? { typeName: errors.type } : {}),
      ...(errors.message !== undefined ? { message: errors.message } : {}),
      ...(errors.code !== undefined ? { code: errors.code } : {}),
      ...(errors.requestId !== undefined ? { requestId: errors.requestId } : {}),
      ...(errors.requestIdHeader !== undefined ? { requestIdHeader: errors.requestIdHeader } : {}),
    },
    rateLimit: {
      resetUnit: api.rateLimit?.resetUnit ?? "unix-seconds",
      ...(api.rateLimit?.limit !== undefined ? { limitHeader: api.rateLimit.limit } : {}),
      ...(api.rateLimit?.remaining !== undefined ? { remainingHeader: api.rateLimit.remaining } : {}),
      ...(api.rateLimit?.reset !== undefined ? { resetHeader: api.rateLimit.reset } : {}),
    },
    resources,
    types,
    typeUsage: computeTypeUsage(resources, typeByName),
    sources: [spec.api.source.file, ...spec.resources.map((r) => r.source.file)].sort().map(fileName),
  };
}

function authModel(raw: CheckedSpec["api"]["value"]["auth"]): AuthModel {
  if (raw === undefined) return { scheme: "none" };
  if (typeof raw === "string") return { scheme: raw };
  const description = raw.description !== undefined ? { description: raw.description.trim() } : {};
  if (raw.scheme === "apiKey") return { scheme: "apiKey", in: raw.in, name: raw.name, ...description };
  return raw.scheme === "none" ? { scheme: "none" } : { scheme: raw.scheme, ...description };
}

const split = (path: string): string[] => path.split(".");

/** Turns the resolved raw pagination (every key its style needs present, as the checker ensured) into the model. */
function paginationModel(p: RawPagination): PaginationModel {
  const items = split(p.items ?? "");
  switch (p.style) {
    case "page":
      return {
        style: "page",
        items,
        page: split(p.page!),
        ...(p.totalPages !== undefined ? { totalPages: split(p.totalPages) } : {}),
        ...(p.currentPage !== undefined ? { currentPage: split(p.currentPage) } : {}),
      };
    case "offset":
      return { style: "offset", items, offset: split(p.offset!), limit: split(p.limit!), ...(p.total !== undefined ? { total: split(p.total) } : {}) };
    case "cursor":
      return { style: "cursor", items, cursor: split(p.cursor!), next: split(p.next!) };
    case "lastId":
      return { style: "lastId", items, cursor: split(p.cursor!), hasMore: split(p.hasMore!), id: p.id! };
    case "link":
      return { style: "link", items };
    case "scroll":
      return { style: "scroll", items, cursor: split(p.cursor!), next: split(p.next!) };
  }
}

function pickConstraints(f: Constraints): Constraints | undefined {
  // Most fields have none: answered without building anything.
  if (f.minimum === undefined && f.maximum === undefined && f.minLength === undefined && f.maxLength === undefined && f.pattern === undefined) return undefined;
  const out: Constraints = {};
  for (const key of ["minimum", "maximum", "minLength", "maxLength", "pattern"] as const)
    if (f[key] !== undefined) (out as Record<string, unknown>)[key] = f[key];
  return Object.keys(out).length > 0 ? out : undefined;
}
