/**
 * The API file's conventions from the document as a whole: name, servers, auth, the headers every
 * operation sends, the error shape and the rate-limit headers.
 */
import type { ApiFile } from "../spec-format/schema.ts";
import { camelCase, kebabCase, words } from "./names.ts";
import { text } from "./schemas.ts";
import { isObject, type Json, type JsonObject, type Located, type Segments, type SourceDocument } from "./source.ts";
import { RESERVED_OPTIONS as CLIENT_OPTIONS } from "../model/reserved-names.ts";

/** `Petstore API` → `petstore.api`; `Swagger Petstore - OpenAPI 3.0` → `swagger-petstore-openapi-3-0.api`. */
export function apiName(title: string | undefined): string {
  const ws = words(title ?? "")
    .map((w) => w.toLowerCase())
    .filter((w, i, all) => !(w === "api" && i === all.length - 1));
  let stem = kebabCase(ws.join(" ")).slice(0, 60).replace(/-+$/, "");
  if (stem === "") stem = "imported";
  if (!/^[a-z]/.test(stem)) stem = `api-${stem}`;
  return `${stem}.api`;
}

const SERVER_STOP_WORDS = new Set(["the", "a", "an", "api", "apis", "server", "servers", "url", "base", "endpoint", "host", "for", "of", "environment", "instance"]);

export function servers(src: SourceDocument): ApiFile["servers"] {
  const list = Array.isArray(src.doc.servers) ? src.doc.servers : [];
  const out: ApiFile["servers"] = [];
  const taken = new Set<string>();
  list.forEach((server, i) => {
    const at: Segments = ["servers", i];
    if (!isObject(server) || typeof server.url !== "string") return;
    let url = server.url;
    if (isObject(server.variables)) {
      const vars = server.variables;
      url = url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
        const v = vars[name];
        return isObject(v) && typeof v.default === "string" ? v.default : whole;
      });
      src.warn("server", [...at, "variables"], `server variables are filled in with their defaults: ${url}`);
    }
    url = url.replace(/\/+$/, "");
    if (!/^https?:\/\/[^/?#\s"'<>\\`{}|^@]+(\/[^?#\s"'<>\\`{}|^]*)?$/i.test(url)) {
      src.warn("server", [...at, "url"], `'${server.url}' is not an absolute http(s) URL; left out`);
      return;
    }
    const description = text(server.description);
    const named = camelCase(
      words(description ?? "")
        .map((w) => w.toLowerCase())
        .filter((w) => !SERVER_STOP_WORDS.has(w))
        .slice(0, 2),
    ).replace(/^[0-9]+/, "");
    let name = named !== "" && named.length <= 30 ? named : `server${i + 1}`;
    if (taken.has(name)) name = `server${i + 1}`;
    taken.add(name);
    out.push({ name, url, ...(description ? { description } : {}) });
  });
  if (out.length === 0) {
    if (list.length === 0) src.warn("server", ["servers"], "the document names no server; https://api.example.com stands in for it");
    out.push({ name: "default", url: "https://api.example.com", description: "A placeholder: the document names no usable server." });
  }
  return out;
}

/** The security scheme the document applies to every operation. */
export function auth(src: SourceDocument): ApiFile["auth"] | undefined {
  const schemes = isObject(src.doc.components) && isObject(src.doc.components.securitySchemes) ? src.doc.components.securitySchemes : {};
  const requirements = Array.isArray(src.doc.security) ? src.doc.security : undefined;
  let chosen: string | undefined;
  if (requirements) {
    const usable = requirements.filter(isObject);
    if (usable.length === 0) return undefined;
    const first = usable[0]!;
    const names = Object.keys(first);
    if (names.length === 0) return "none";
    chosen = names[0];
    if (names.length > 1) src.warn("security", ["security", 0], `several schemes at once (${names.join(", ")}); only ${chosen} is kept`);
    if (usable.length > 1) src.warn("security", ["security"], `alternative security requirements; only the first (${chosen}) is kept`);
  } else {
    chosen = Object.keys(schemes)[0];
    if (chosen === undefined) return undefined;
    src.warn("security", ["components", "securitySchemes"], `no top-level security requirement; the first scheme (${chosen}) is taken for every operation`);
  }
  const scheme = schemes[chosen!];
  const at: Segments = ["components", "securitySchemes", chosen!];
  const target = scheme === undefined ? undefined : src.deref({ value: scheme, at });
  if (!target || !isObject(target.value)) {
    src.warn("security", ["security"], `security scheme '${chosen}' is not defined`);
    return undefined;
  }
  const s = target.value;
  const description = text(s.description);
  const withDescription = <T extends object>(v: T) => (description ? { ...v, description } : v);
  if (s.type === "http" && typeof s.scheme === "string") {
    const kind = s.scheme.toLowerCase();
    if (kind === "bearer") return description ? { scheme: "bearer", description } : "bearer";
    if (kind === "basic") return description ? { scheme: "basic", description } : "basic";
    src.warn("security", target.at, `HTTP auth scheme '${s.scheme}'`);
    return undefined;
  }
  if (s.type === "apiKey" && typeof s.name === "string") {
    if (s.in === "header" || s.in === "query") return withDescription({ scheme: "apiKey" as const, in: s.in as "header" | "query", name: s.name });
    src.warn("security", target.at, `an API key in a ${String(s.in)}`);
    return undefined;
  }
  if (s.type === "oauth2" || s.type === "openIdConnect") {
    src.warn("security", target.at, `${s.type} flows are not kept; the client sends the access token as a bearer token`);
    return description ? { scheme: "bearer", description } : "bearer";
  }
  src.warn("security", target.at, `security scheme type '${String(s.type)}'`);
  return undefined;
}

/** The apiKey header or query parameter the auth sends (operations leave that parameter out). */
export function authParameter(a: ApiFile["auth"] | undefined): { in: string; name: string } | undefined {
  return typeof a === "object" && a.scheme === "apiKey" ? { in: a.in, name: a.name.toLowerCase() } : undefined;
}

/** A header parameter as it is found on operations. */
export interface HeaderUse {
  name: string;
  param: JsonObject;
  at: Segments;
}

/**
 * Headers sent on (nearly) every request: a header parameter of one name on more than half of the
 * operations (and at least two) becomes an API header set through a client option.
 */
export function sharedHeaders(uses: HeaderUse[][], operationCount: number, resolveSchema: (node: Located) => Json | undefined): NonNullable<ApiFile["headers"]> {
  const byName = new Map<string, HeaderUse[]>();
  for (const opUses of uses)
    for (const u of opUses) {
      const key = u.name.toLowerCase();
      byName.set(key, [...(byName.get(key) ?? []), u]);
    }
  const out: NonNullable<ApiFile["headers"]> = {};
  const options = new Set<string>();
  for (const [, list] of byName) {
    if (list.length < 2 || list.length * 2 <= operationCount) continue;
    const first = list[0]!;
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(first.name)) continue;
    const schema = first.param.schema !== undefined ? resolveSchema({ value: first.param.schema, at: [...first.at, "schema"] }) : undefined;
    const entry: NonNullable<ApiFile["headers"]>[string] = {};
    let option = camelCase(first.name);
    if (option === "" || !/^[a-z]/.test(option)) option = "header";
    if (RESERVED_OPTIONS.includes(option) || options.has(option)) option = `${option}Header`;
    options.add(option);
    if (option !== defaultOption(first.name)) entry.option = option;
    const description = text(first.param.description) ?? (isObject(schema) ? text(schema.description) : undefined);
    if (description) entry.description = description;
    if (isObject(schema)) {
      const values = Array.isArray(schema.enum) ? schema.enum.filter((v): v is string => typeof v === "string" && !/[\r\n\0]/.test(v)) : undefined;
      if (values && values.length > 0) entry.enum = values;
      const def = schema.default;
      if ((typeof def === "string" || typeof def === "number") && !/[\r\n\0]/.test(String(def)) && (!entry.enum || entry.enum.includes(String(def)))) entry.default = String(def);
    }
    if (entry.default === undefined && list.every((u) => u.param.required === true)) entry.required = true;
    out[first.name] = entry;
  }
  return out;
}

/** Options every generated client has (mirrors generator/check/api-rules.ts). */
/** The client's own options, and `server`, the default server option's name. */
const RESERVED_OPTIONS = [...CLIENT_OPTIONS, "server"];

/** The option name the generator derives from a header name when the spec gives none. */
function defaultOption(header: string): string {
  return header
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== "")
    .map((w) => w.toLowerCase())
    .map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join("");
}

const RATE_LIMIT = {
  limit: /^(x-)?rate-?limit-limit$/i,
  remaining: /^(x-)?rate-?limit-remaining$/i,
  reset: /^(x-)?rate-?limit-reset$/i,
};
const REQUEST_ID_HEADER = /^(x-)?(request|correlation|trace)-?id$/i;

/** Response headers the API file can describe (rate limits, request ids); others are reported per operation. */
export function isConventionHeader(name: string): boolean {
  return Object.values(RATE_LIMIT).some((r) => r.test(name)) || REQUEST_ID_HEADER.test(name) || /^retry-after$/i.test(name);
}

/** Rate-limit headers and the request-id header, from every response's headers. */
export function responseConventions(headerNames: string[]): { rateLimit?: ApiFile["rateLimit"]; requestIdHeader?: string } {
  const find = (re: RegExp) => headerNames.find((h) => re.test(h));
  const rateLimit: NonNullable<ApiFile["rateLimit"]> = {};
  const limit = find(RATE_LIMIT.limit);
  const remaining = find(RATE_LIMIT.remaining);
  const reset = find(RATE_LIMIT.reset);
  if (limit) rateLimit.limit = limit;
  if (remaining) rateLimit.remaining = remaining;
  if (reset) {
    rateLimit.reset = reset;
    // The IETF draft's RateLimit-Reset counts seconds from now; the X- headers most APIs send are Unix times.
    if (!/^x-/i.test(reset)) rateLimit.resetUnit = "seconds";
  }
  const requestIdHeader = find(REQUEST_ID_HEADER);
  return { ...(Object.keys(rateLimit).length > 0 ? { rateLimit } : {}), ...(requestIdHeader ? { requestIdHeader } : {}) };
}

/** A property tree of an error body, enough to recognise its shape. */
export interface ErrorShapeTree {
  [name: string]: ErrorShapeTree | "leaf" | { list: ErrorShapeTree | "leaf" };
}

/**
 * Where an error body keeps its message, code(s) and request id: `errors[].code` + `errors[0].message`
 * (a list of errors), RFC 9457 `detail`/`title`, `{ error: { code, message } }`, or a flat `message`.
 */
export function errorPaths(tree: ErrorShapeTree): Pick<NonNullable<ApiFile["errors"]>, "message" | "code" | "requestId"> | undefined {
  const out: Pick<NonNullable<ApiFile["errors"]>, "message" | "code" | "requestId"> = {};
  const listKey = Object.keys(tree).find((k) => /^errors?$/i.test(k) && typeof tree[k] === "object" && "list" in (tree[k] as object));
  const objectKey = Object.keys(tree).find((k) => /^errors?$/i.test(k) && typeof tree[k] === "object" && !("list" in (tree[k] as object)));
  const messageKey = (t: ErrorShapeTree) => ["message", "detail", "title", "error_description", "description"].find((k) => t[k] === "leaf");
  const codeKey = (t: ErrorShapeTree) => ["code", "error_code", "type", "error"].find((k) => t[k] === "leaf");
  if (listKey) {
    const items = (tree[listKey] as { list: ErrorShapeTree | "leaf" }).list;
    if (typeof items === "object") {
      const m = messageKey(items);
      const c = codeKey(items);
      if (m) out.message = `${listKey}[0].${m}`;
      if (c) out.code = `${listKey}[].${c}`;
    }
  } else if (objectKey) {
    const inner = tree[objectKey] as ErrorShapeTree;
    const m = messageKey(inner);
    const c = codeKey(inner);
    if (m) out.message = `${objectKey}.${m}`;
    if (c) out.code = `${objectKey}.${c}`;
  }
  if (!out.message) {
    const m = ["detail", "message", "title", "error_description", "error"].find((k) => tree[k] === "leaf");
    if (m) out.message = m;
  }
  if (!out.code) {
    const c = ["code", "error_code", "errorCode"].find((k) => tree[k] === "leaf");
    if (c) out.code = c;
  }
  const rid = ["request_id", "requestId", "trace_id", "traceId", "correlation_id"].find((k) => tree[k] === "leaf");
  if (rid) out.requestId = rid;
  return out.message || out.code ? out : undefined;
}
