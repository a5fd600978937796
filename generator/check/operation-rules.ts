/**
 * Rules for one operation: its route and inputs, its constants, its output and success status, and
 * its pagination against the inputs and outputs it names.
 */
import type { PathSegment, SpecSource } from "../load/load-spec.ts";
import { defaultInputLocation, resolvePagination } from "../spec-format/defaults.ts";
import { splitNullable } from "../model/type-ref.ts";
import type { HttpMethod, TypeRef } from "../model/types.ts";
import type { CheckContext } from "./context.ts";
import { suggest } from "./context.ts";
import { checkField, describe } from "./field-rules.ts";
import { isListType, lookupPath } from "./paths.ts";
import type { ApiFile, RawField, RawInputField, RawOperation, RawPagination } from "../spec-format/schema.ts";

/** Headers the runtime itself sets; an operation's header input may not take them over. */
const RUNTIME_HEADERS = ["accept", "authorization", "content-type", "content-length", "host", "user-agent"];

export function checkOperation(ctx: CheckContext, api: ApiFile, op: RawOperation, source: SpecSource, at: PathSegment[]): void {
  const method = op.http.method as HttpMethod;
  const inputs = Object.entries(op.input ?? {});
  const locationOf = (f: RawInputField) => (typeof f === "object" && f.in ? f.in : defaultInputLocation(method));
  const templateParams = [...op.http.path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!);

  const seenParams = new Set<string>();
  for (const p of templateParams) {
    if (seenParams.has(p)) ctx.report("path-param-without-input", { param: p, twice: true }, source, [...at, "http", "path"]);
    seenParams.add(p);
    const input = op.input?.[p];
    if (!input || locationOf(input) !== "path")
      ctx.report(
        "path-param-without-input",
        input ? { param: p, location: locationOf(input) } : { param: p, ...suggest(p, inputs.map(([n]) => n)) },
        source,
        [...at, "http", "path"],
      );
  }

  const taken = headersTaken(api);
  const wireSeen = new Map<string, string>();
  for (const [name, field] of inputs) {
    const fat: PathSegment[] = [...at, "input", name];
    const type = checkField(ctx, field, source, fat);
    const loc = locationOf(field);
    const wireName = (typeof field === "object" && field.wire) || name;
    if (loc === "path" && !templateParams.includes(name))
      ctx.report("path-input-not-in-template", { input: name, path: op.http.path }, source, fat, { key: true });
    if (loc === "body" && (method === "GET" || method === "DELETE"))
      ctx.report("body-input-not-allowed", { input: name, method }, source, typeof field === "object" && field.in ? [...fat, "in"] : fat);
    if (loc === "header") checkHeaderInput(ctx, name, wireName, type, taken, source, fat);
    const wireKey = `${loc}:${loc === "header" ? wireName.toLowerCase() : wireName}`;
    const clash = wireSeen.get(wireKey);
    if (clash) ctx.report("duplicate-wire-name", { first: clash, second: name, wire: wireName, location: loc }, source, fat, { key: true });
    else wireSeen.set(wireKey, name);
  }
  for (const [name] of Object.entries(op.constants ?? {})) {
    const wire = `${defaultInputLocation(method)}:${name}`;
    if (wireSeen.has(wire))
      ctx.report("duplicate-wire-name", { first: wireSeen.get(wire)!, second: name, wire: name, location: defaultInputLocation(method), constant: true }, source, [...at, "constants", name], { key: true });
  }

  const outputFields = checkOutput(ctx, op, source, at);
  if (op.pagination) checkPagination(ctx, op, resolvePagination(op.pagination, api.pagination), outputFields, source, [...at, "pagination"]);
}

/** Headers api.yaml sends itself, lowercased: worked out once per API, not once per operation. */
interface HeadersTaken {
  apiHeaders: Set<string>;
  authHeader: string | undefined;
}

const headersTakenByApi = new WeakMap<ApiFile, HeadersTaken>();

function headersTaken(api: ApiFile): HeadersTaken {
  let taken = headersTakenByApi.get(api);
  if (!taken) {
    taken = {
      apiHeaders: new Set(Object.keys(api.headers ?? {}).map((h) => h.toLowerCase())),
      authHeader: typeof api.auth === "object" && api.auth.scheme === "apiKey" && api.auth.in === "header" ? api.auth.name.toLowerCase() : undefined,
    };
    headersTakenByApi.set(api, taken);
  }
  return taken;
}

function checkHeaderInput(
  ctx: CheckContext,
  name: string,
  wireName: string,
  type: TypeRef | undefined,
  taken: HeadersTaken,
  source: SpecSource,
  at: PathSegment[],
): void {
  const lower = wireName.toLowerCase();
  if (RUNTIME_HEADERS.includes(lower) || taken.apiHeaders.has(lower) || taken.authHeader === lower)
    ctx.report("invalid-header", { problem: "client-sets", input: name, header: wireName }, source, at, { key: true });
  const base = type ? splitNullable(type).type : undefined;
  if (base && !(base.kind === "enum" || (base.kind === "primitive" && ["string", "number", "boolean"].includes(base.name))))
    ctx.report("invalid-header", { problem: "not-scalar", input: name, type: describe(type!) }, source, at, { key: true });
}

/** Checks the output and status; returns the output's field table for the pagination rules. */
function checkOutput(ctx: CheckContext, op: RawOperation, source: SpecSource, at: PathSegment[]): Record<string, RawField> | undefined {
  if (op.status === 204 && op.output !== undefined)
    ctx.report("invalid-status", { status: 204 }, source, [...at, "status"]);
  let outputFields: Record<string, RawField> | undefined;
  if (typeof op.output === "string") {
    const t = ctx.checkType(op.output, source, [...at, "output"]);
    if (t) {
      const known = t.kind === "named" && ctx.types.has(t.name);
      if (t.kind !== "named" || (known && !ctx.objectFields(t.name)))
        ctx.report("invalid-output", { key: "output", value: op.output }, source, [...at, "output"]);
      else if (known) outputFields = ctx.objectFields(t.name);
    }
  } else if (op.output !== undefined) {
    outputFields = op.output;
    for (const [name, field] of Object.entries(op.output)) checkField(ctx, field, source, [...at, "output", name]);
  }
  if (op.outputWireType !== undefined) {
    const t = ctx.checkType(op.outputWireType, source, [...at, "outputWireType"]);
    if (t && (t.kind !== "named" || (ctx.types.has(t.name) && !ctx.objectFields(t.name))))
      ctx.report("invalid-output", { key: "outputWireType", value: op.outputWireType }, source, [...at, "outputWireType"]);
  }
  return outputFields;
}

/** Keys each style needs once api.yaml's defaults and the built-in fallbacks are applied. */
const REQUIRED_KEYS: Record<RawPagination["style"], (keyof RawPagination)[]> = {
  page: ["items", "page"],
  offset: ["items", "offset", "limit"],
  cursor: ["items", "cursor", "next"],
  lastId: ["items", "cursor", "hasMore", "id"],
  link: ["items"],
  scroll: ["items", "cursor", "next"],
};
/** Keys a style may give but need not: without them the client stops at an empty or short page. */
const OPTIONAL_KEYS: Record<RawPagination["style"], (keyof RawPagination)[]> = {
  page: ["totalPages", "currentPage"],
  offset: ["total"],
  cursor: [],
  lastId: [],
  link: [],
  scroll: [],
};
const INPUT_KEYS = ["page", "offset", "limit", "cursor"] as const;
const OUTPUT_KEYS = ["totalPages", "currentPage", "total", "next", "hasMore"] as const;
const ALL_KEYS = ["items", ...INPUT_KEYS, ...OUTPUT_KEYS, "id"] as const;

function checkPagination(
  ctx: CheckContext,
  op: RawOperation,
  p: RawPagination,
  outputFields: Record<string, RawField> | undefined,
  source: SpecSource,
  at: PathSegment[],
): void {
  const where = (key: string): PathSegment[] => (op.pagination && key in op.pagination ? [...at, key] : [...at, "style"]);
  const inherited = (key: string) => !(op.pagination && key in op.pagination);
  const needed = REQUIRED_KEYS[p.style];
  for (const key of needed)
    if (p[key] === undefined) ctx.report("invalid-pagination", { problem: "needs-key", style: p.style, key }, source, [...at, "style"]);
  for (const key of ALL_KEYS)
    if (p[key] !== undefined && !needed.includes(key) && !OPTIONAL_KEYS[p.style].includes(key))
      ctx.report("invalid-pagination", { problem: "not-applicable", style: p.style, key }, source, where(key));
  if (op.output === undefined) {
    ctx.report("invalid-pagination", { problem: "no-output" }, source, [...at, "style"]);
    return;
  }
  let fields: Record<string, RawField> | undefined;
  for (const key of INPUT_KEYS) {
    const path = p[key];
    if (path === undefined || !needed.includes(key)) continue;
    fields ??= Object.fromEntries(Object.entries(op.input ?? {}).map(([n, f]) => [n, stripInput(f)]));
    const found = lookupPath(ctx, fields, path.split("."));
    if (!found.ok)
      ctx.report("invalid-pagination", { problem: "no-input", key, path, inherited: inherited(key), ...suggest(found.missing, found.known.length ? found.known : Object.keys(fields)) }, source, where(key));
  }
  if (!outputFields) return;
  for (const key of ["items", ...OUTPUT_KEYS] as const) {
    const path = p[key];
    if (path === undefined) continue;
    const found = lookupPath(ctx, outputFields, path.split("."));
    if (!found.ok) {
      ctx.report("invalid-pagination", { problem: "no-output-field", key, path, inherited: inherited(key), ...suggest(found.missing, found.known) }, source, where(key));
      continue;
    }
    if (key === "items" && !isListType(found.type))
      ctx.report("invalid-pagination", { problem: "not-a-list", path, type: describe(found.type) }, source, where(key));
  }
}

function stripInput(f: RawInputField): RawField {
  if (typeof f === "string") return f;
  const { in: _in, wire: _wire, unsupported: _u, ...rest } = f;
  return rest;
}
