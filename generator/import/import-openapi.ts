/**
 * OpenAPI 3.0/3.1 → an opspec spec: the whole import as one pure function of the (bundled) document.
 * Reading the file and writing YAML happen around it (source.ts, write-yaml.ts, cli.ts).
 */
import type { ApiFile, RawOperation, RawPagination } from "../spec-format/schema.ts";
import { deriveNaming } from "../model/naming.ts";
import { apiName, auth, authParameter, errorPaths, responseConventions, servers, sharedHeaders, type ErrorShapeTree, type HeaderUse } from "./api.ts";
import type { FieldDraft, NamedTypeDraft, OperationDraft, ResourceDraft, SpecDraft } from "./drafts.ts";
import { CODE_RESERVED, TypeNames } from "./names.ts";
import { convertOperation, parameters, type OperationContext } from "./operations.ts";
import { detectPagination } from "./pagination.ts";
import { operationIdentifiers, planOperations, resourceIdentifiers } from "./plan.ts";
import { SchemaConverter, text } from "./schemas.ts";
import { InputError, isObject, pointer, SourceDocument, type JsonObject, type Located, type Segments } from "./source.ts";
import { Warnings, type ImportWarning } from "./warnings.ts";

export interface ImportResult {
  draft: SpecDraft;
  warnings: ImportWarning[];
  stats: { operations: number; resources: number; types: number };
}

export function importOpenApi(doc: JsonObject, version: string): ImportResult {
  const warnings = new Warnings();
  const src = new SourceDocument(doc, version, (code, at, message) => warnings.add(code, pointer(at), message));
  reportDocumentLeftovers(src);

  const plan = planOperations(src);
  const info = isObject(doc.info) ? doc.info : {};
  const name = apiName(typeof info.title === "string" ? info.title : undefined);
  const apiAuth = auth(src);
  const authParam = authParameter(apiAuth);

  const headerUses: HeaderUse[][] = plan.operations.map((op) =>
    parameters(src, op)
      .filter((p) => p.in === "header")
      .map((p) => ({ name: p.name, param: p.node, at: p.at })),
  );

  // Type names must stay clear of every identifier the generated code derives from other names.
  const names = new TypeNames();
  const naming = deriveNaming({ api: name });
  names.reserve(...CODE_RESERVED, naming.clientType, naming.clientOptions, naming.errorBase, naming.clientFactory);
  for (const r of plan.resources) {
    names.reserve(...resourceIdentifiers(r.name));
    for (const op of r.operations) names.reserve(...operationIdentifiers(r.name, op.name));
  }
  const types = new SchemaConverter(src, names);
  const headers = sharedHeaders(headerUses, plan.operations.length, (node) => types.read(node));

  const errorShape = findErrorShape(src, plan.operations.map((o) => ({ node: o.node, at: o.at })));
  const errors = errorShape ? errorsOf(src, types, errorShape) : undefined;

  const ctx: OperationContext = {
    src,
    types,
    apiHeaders: new Set(Object.keys(headers).map((h) => h.toLowerCase())),
    ...(authParam ? { authParameter: authParam } : {}),
    ...(errorShape?.ref ? { errorSchema: errorShape.ref } : {}),
  };
  const resources: ResourceDraft[] = [];
  const responseHeaders = new Set<string>();
  for (const r of plan.resources) {
    const operations: OperationDraft[] = [];
    for (const planned of r.operations) {
      const converted = convertOperation(ctx, planned);
      if (!converted) continue;
      for (const h of converted.responseHeaders) responseHeaders.add(h);
      const paging = detectPagination({
        input: (converted.op.input ?? {}) as Record<string, FieldDraft>,
        output: outputFields(converted.op, types.types),
        types: types.types,
        linkHeader: converted.linkHeader,
      });
      if (paging && "pagination" in paging) converted.op.pagination = paging.pagination;
      else if (paging && "hints" in paging && converted.op.output !== undefined)
        src.warn("pagination", planned.at, `inputs ${paging.hints.join(", ")}`);
      operations.push({ op: converted.op, riskInferred: converted.riskInferred, at: planned.at });
    }
    if (operations.length === 0) continue;
    resources.push({ resource: r.name, title: r.title, ...(r.description ? { description: r.description } : {}), file: r.file, operations, types: [] });
  }

  if (resources.length === 0) throw new InputError("the document has no operations the spec format can hold (GET, POST, PUT, PATCH or DELETE)");

  const pagination = paginationDefaults(resources.flatMap((r) => r.operations.map((o) => o.op)));
  const conventions = responseConventions([...responseHeaders]);
  if (errors && conventions.requestIdHeader) errors.requestIdHeader = conventions.requestIdHeader;

  const api: ApiFile = {
    api: name,
    title: text(info.title) ?? "Imported API",
    version: (typeof info.version === "string" || typeof info.version === "number" ? String(info.version) : "1.0").slice(0, 100) || "1.0",
    servers: servers(src),
    resources: resources.map((r) => r.resource),
  };
  const description = text(info.description);
  if (description) api.description = description;
  const contact = contactOf(src, info.contact);
  if (contact) api.contact = contact;
  const license = licenseOf(src, info.license);
  if (license) api.license = license;
  if (apiAuth !== undefined) api.auth = apiAuth;
  if (Object.keys(headers).length > 0) api.headers = headers;
  if (errors) api.errors = errors;
  if (conventions.rateLimit) api.rateLimit = conventions.rateLimit;
  if (pagination) api.pagination = pagination;

  const placed = placeTypes(types.types, resources, errors?.type);
  reportAccessMarks(src, types, placed.types, resources);
  for (const key of types.unusedComponents()) src.warn("unused-schema", ["components", "schemas", key], `'${key}'`);

  return {
    draft: { api: ordered(api), resources, types: placed.types, apiTypes: placed.apiTypes },
    warnings: warnings.list,
    stats: { operations: resources.reduce((n, r) => n + r.operations.length, 0), resources: resources.length, types: placed.types.size },
  };
}

function reportDocumentLeftovers(src: SourceDocument): void {
  const doc = src.doc;
  if (isObject(doc.webhooks) && Object.keys(doc.webhooks).length > 0) src.warn("not-expressible", ["webhooks"], "webhooks");
  if (doc.externalDocs !== undefined) src.warn("not-expressible", ["externalDocs"], "externalDocs");
  if (isObject(doc.info) && doc.info.termsOfService !== undefined) src.warn("not-expressible", ["info", "termsOfService"], "termsOfService");
  if (isObject(doc.info) && doc.info.summary !== undefined) src.warn("not-expressible", ["info", "summary"], "the API's summary (its description is kept)");
}

function ordered(api: ApiFile): ApiFile {
  const keys: (keyof ApiFile)[] = ["api", "name", "package", "title", "version", "description", "contact", "license", "servers", "serverOption", "auth", "headers", "resources", "errors", "rateLimit", "pagination", "types"];
  const out: Record<string, unknown> = {};
  for (const k of keys) if (api[k] !== undefined) out[k] = api[k];
  return out as ApiFile;
}

function contactOf(src: SourceDocument, raw: unknown): ApiFile["contact"] | undefined {
  if (!isObject(raw)) return undefined;
  const out: NonNullable<ApiFile["contact"]> = {};
  const n = text(raw.name);
  if (n) out.name = n;
  if (typeof raw.url === "string") {
    if (isHttpUrl(raw.url)) out.url = raw.url;
    else src.warn("not-expressible", ["info", "contact", "url"], `contact URL '${raw.url}' is not a plain http(s) URL`);
  }
  if (typeof raw.email === "string") {
    if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw.email)) out.email = raw.email;
    else src.warn("not-expressible", ["info", "contact", "email"], `contact email '${raw.email}'`);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function licenseOf(src: SourceDocument, raw: unknown): ApiFile["license"] | undefined {
  if (!isObject(raw) || typeof raw.name !== "string") return undefined;
  const out: NonNullable<ApiFile["license"]> = { name: raw.name };
  if (typeof raw.url === "string") {
    if (isHttpUrl(raw.url)) out.url = raw.url;
    else src.warn("not-expressible", ["info", "license", "url"], `license URL '${raw.url}'`);
  }
  if (raw.identifier !== undefined) src.warn("not-expressible", ["info", "license", "identifier"], "the SPDX identifier");
  return out;
}

function isHttpUrl(u: string): boolean {
  return /^https?:\/\/[^\s"'<>\\`{}|^@/?#]+(\/[^\s"'<>\\`{}|^?#]*)?$/i.test(u);
}

// ------------------------------------------------------------------ errors

interface ErrorShape {
  /** The schema error responses carry: a `$ref` string or the first inline schema. */
  node: Located;
  ref?: string;
  problemJson: boolean;
}

/** The schema most 4xx/5xx (and `default`) responses carry (by reference, or the first inline one); others are reported. */
function findErrorShape(src: SourceDocument, ops: { node: JsonObject; at: Segments }[]): ErrorShape | undefined {
  const seen = new Map<string, { count: number; node: Located; ref?: string; problemJson: boolean }>();
  for (const op of ops) {
    const responses = isObject(op.node.responses) ? op.node.responses : {};
    // `default` describes the errors when the operation has a success response of its own.
    const hasSuccess = Object.keys(responses).some((c) => /^2/.test(c));
    for (const [code, raw] of Object.entries(responses)) {
      if (!/^[45](\d\d|XX)$/i.test(code) && !(code === "default" && hasSuccess)) continue;
      const r = src.deref({ value: raw, at: [...op.at, "responses", code] });
      if (!r || !isObject(r.value) || !isObject(r.value.content)) continue;
      for (const [media, mt] of Object.entries(r.value.content)) {
        if (!/json/i.test(media) || !isObject(mt) || mt.schema === undefined) continue;
        const schema = mt.schema;
        const ref = isObject(schema) && typeof schema.$ref === "string" ? schema.$ref : undefined;
        const key = ref ?? JSON.stringify(schema);
        const entry = seen.get(key) ?? { count: 0, node: { value: schema, at: [...r.at, "content", media, "schema"] }, ...(ref ? { ref } : {}), problemJson: /problem\+json/i.test(media) };
        entry.count++;
        seen.set(key, entry);
      }
    }
  }
  const ranked = [...seen.values()].sort((a, b) => b.count - a.count);
  const best = ranked[0];
  if (!best) return undefined;
  for (const other of ranked.slice(1))
    if (!sameShape(src, other.node, best.node)) src.warn("error-shape", other.node.at, `${other.count} error response(s) carry another shape than the API-wide one`);
  return best;
}

/** Two error schemas of the same property names count as one shape (inline copies of one schema are common). */
function sameShape(src: SourceDocument, a: Located, b: Located): boolean {
  const keys = (n: Located) => {
    const t = src.deref(n);
    return isObject(t?.value) && isObject(t.value.properties) ? Object.keys(t.value.properties).sort().join(",") : "?";
  };
  return keys(a) === keys(b);
}

function errorsOf(src: SourceDocument, types: SchemaConverter, shape: ErrorShape): ApiFile["errors"] | undefined {
  let typeName = types.namedObject(shape.node);
  if (!typeName && types.isObjectSchema(shape.node)) {
    const field = types.field(shape.node, "ErrorBody");
    const t = field.type?.replace(/\s*\|\s*null$/, "");
    if (t && types.types.has(t) && "fields" in types.types.get(t)!.draft) typeName = t;
  }
  if (!typeName) {
    src.warn("error-shape", shape.node.at, "error responses are not JSON objects; the API-wide error shape is left out");
    return undefined;
  }
  const paths = errorPaths(errorTree(typeName, types.types, 0));
  if (!paths) src.warn("error-shape", shape.node.at, "no message or code field recognised in the error body (errors[].code, detail, error.message, message)");
  return { type: typeName, ...(shape.problemJson ? { contentType: "application/problem+json" as const } : {}), ...(paths ?? {}) };
}

function errorTree(typeName: string, types: ReadonlyMap<string, NamedTypeDraft>, depth: number): ErrorShapeTree {
  const def = types.get(typeName)?.draft;
  const tree: ErrorShapeTree = {};
  if (!def || !("fields" in def) || depth > 3) return tree;
  for (const [name, f] of Object.entries(def.fields)) {
    const t = (f.type ?? "string").replace(/\s*\|\s*null$/, "");
    const list = t.endsWith("[]") ? t.slice(0, -2) : undefined;
    const node = (n: string) => (types.has(n) && "fields" in types.get(n)!.draft ? errorTree(n, types, depth + 1) : "leaf");
    tree[name] = list !== undefined ? { list: node(list) } : types.has(t) ? node(t) : "leaf";
  }
  return tree;
}

// ------------------------------------------------------------------ pagination and types

function outputFields(op: RawOperation, types: ReadonlyMap<string, NamedTypeDraft>): Record<string, FieldDraft> | undefined {
  if (op.output === undefined) return undefined;
  if (typeof op.output === "string") {
    const def = types.get(op.output)?.draft;
    return def && "fields" in def ? def.fields : undefined;
  }
  return op.output as Record<string, FieldDraft>;
}

/** Keys the generator fills in by itself for each style (written out only where they differ). */
const BUILT_IN: Partial<Record<RawPagination["style"], Partial<RawPagination>>> = {
  page: { page: "page" },
  offset: { offset: "offset", limit: "limit" },
  lastId: { hasMore: "has_more", id: "id" },
};

/**
 * api.yaml's pagination defaults: for each style used by two or more operations, a key every one of
 * them has, at a value more than half of them share; operations then leave that key out. Built-in
 * defaults are left out everywhere.
 */
function paginationDefaults(ops: RawOperation[]): ApiFile["pagination"] | undefined {
  const out: NonNullable<ApiFile["pagination"]> = {};
  const byStyle = new Map<RawPagination["style"], RawPagination[]>();
  for (const op of ops) {
    const p = op.pagination;
    if (!p) continue;
    for (const [k, v] of Object.entries(BUILT_IN[p.style] ?? {})) if (p[k as keyof RawPagination] === v) delete p[k as keyof RawPagination];
    byStyle.set(p.style, [...(byStyle.get(p.style) ?? []), p]);
  }
  for (const [style, list] of byStyle) {
    if (list.length < 2) continue;
    const defaults: Record<string, string> = {};
    const keys = new Set(list.flatMap((p) => Object.keys(p).filter((k) => k !== "style")));
    for (const key of keys) {
      const values = list.map((p) => p[key as keyof RawPagination]);
      if (values.some((v) => v === undefined)) continue;
      const counts = new Map<string, number>();
      for (const v of values) counts.set(v!, (counts.get(v!) ?? 0) + 1);
      const [best, n] = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
      if (n < 2 || n * 2 <= list.length) continue;
      defaults[key] = best;
      for (const p of list) if (p[key as keyof RawPagination] === best) delete p[key as keyof RawPagination];
    }
    if (Object.keys(defaults).length > 0) (out as Record<string, unknown>)[style] = defaults;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** readOnly fields of types some input reaches, writeOnly fields of types some output reaches: the spec sends and reads them anyway. */
function reportAccessMarks(src: SourceDocument, types: SchemaConverter, written: Map<string, NamedTypeDraft>, resources: ResourceDraft[]): void {
  const reach = (roots: string[]) => {
    const seen = new Set<string>();
    const visit = (n: string) => {
      if (seen.has(n) || !written.has(n)) return;
      seen.add(n);
      const d = written.get(n)!.draft;
      const notations = "fields" in d ? Object.values(d.fields).flatMap(notationsOf) : "values" in d ? [d.values] : "oneOf" in d ? d.oneOf : [];
      for (const t of notations.flatMap((x) => SchemaConverter.typeNamesIn(x))) visit(t);
    };
    for (const r of roots) visit(r);
    return seen;
  };
  const ops = resources.flatMap((r) => r.operations.map((o) => o.op));
  const names = (fields: Record<string, unknown> | undefined) => Object.values(fields ?? {}).flatMap((f) => notationsOf(f as FieldDraft | string)).flatMap((n) => SchemaConverter.typeNamesIn(n));
  const sent = reach(ops.flatMap((op) => names(op.input as Record<string, unknown> | undefined)));
  const received = reach(ops.flatMap((op) => (typeof op.output === "string" ? [op.output] : names(op.output as Record<string, unknown> | undefined))));
  for (const m of types.accessMarks)
    if ((m.only === "read" && sent.has(m.type)) || (m.only === "write" && received.has(m.type)))
      src.warn("read-write-only", m.at, `${m.only}Only, but ${m.type} is ${m.only === "read" ? "also sent in requests" : "also read from responses"}: the field goes both ways`);
}

function notationsOf(field: FieldDraft | string): string[] {
  if (typeof field === "string") return [field];
  return field.type !== undefined ? [field.type] : [];
}

/**
 * Which file holds each named type: the one resource that reaches it, or api.yaml when several do (or
 * the API file itself does). Types nothing reaches are dropped. Order: first use.
 */
function placeTypes(all: Map<string, NamedTypeDraft>, resources: ResourceDraft[], errorType: string | undefined): { types: Map<string, NamedTypeDraft>; apiTypes: string[] } {
  const deps = (name: string): string[] => {
    const d = all.get(name)?.draft;
    if (!d) return [];
    const notations = "fields" in d ? Object.values(d.fields).flatMap(notationsOf) : "values" in d ? [d.values] : "oneOf" in d ? d.oneOf : [];
    return notations.flatMap((n) => SchemaConverter.typeNamesIn(n)).filter((n) => all.has(n));
  };
  const reach = (roots: string[], order: string[], seen: Set<string>) => {
    const visit = (n: string) => {
      if (seen.has(n)) return;
      seen.add(n);
      order.push(n);
      for (const d of deps(n)) visit(d);
    };
    for (const r of roots) if (all.has(r)) visit(r);
  };
  const apiOrder: string[] = [];
  const apiSeen = new Set<string>();
  if (errorType) reach([errorType], apiOrder, apiSeen);
  const perResource = resources.map((r) => {
    const roots = r.operations.flatMap(({ op }) => [
      ...Object.values(op.input ?? {}).flatMap((f) => notationsOf(f as FieldDraft | string)),
      ...(typeof op.output === "string" ? [op.output] : Object.values(op.output ?? {}).flatMap((f) => notationsOf(f as FieldDraft | string))),
    ]);
    const order: string[] = [];
    reach(roots.flatMap((n) => SchemaConverter.typeNamesIn(n)), order, new Set());
    return order;
  });
  const users = new Map<string, number>();
  for (const order of perResource) for (const n of order) users.set(n, (users.get(n) ?? 0) + 1);
  const firstUse: string[] = [];
  const firstSeen = new Set<string>();
  for (const order of perResource) for (const n of order) if (!firstSeen.has(n)) (firstSeen.add(n), firstUse.push(n));

  const apiTypes = [...apiOrder, ...firstUse.filter((n) => !apiSeen.has(n) && (users.get(n) ?? 0) >= 2)];
  const inApi = new Set(apiTypes);
  resources.forEach((r, i) => {
    r.types = perResource[i]!.filter((n) => !inApi.has(n) && users.get(n) === 1);
  });
  const types = new Map<string, NamedTypeDraft>();
  for (const n of [...apiTypes, ...resources.flatMap((r) => r.types)]) types.set(n, all.get(n)!);
  return { types, apiTypes };
}
