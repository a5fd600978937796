/**
 * Turning a validated input object into URL, headers and body: pure functions, no I/O.
 */
import { setOwn } from "./data.js";
import type { FieldIssue } from "./errors.js";
import { REDACTED } from "./redact.js";
import type { HttpMethod, OperationConstant, ParamSpec, Risk } from "./types.js";

const RISK_ORDER: Record<Risk, number> = { read: 0, write: 1, destructive: 2 };

export function isRisk(value: unknown): value is Risk {
  return typeof value === "string" && Object.hasOwn(RISK_ORDER, value);
}

export function riskAllowed(risk: Risk, maxRisk: Risk): boolean {
  return RISK_ORDER[risk] <= RISK_ORDER[maxRisk];
}

/**
 * A copy of the input with each param's `default` filled in where the caller left the field out.
 * Runs before validation so a default also satisfies a required field and is itself checked.
 */
export function applyDefaults(params: readonly ParamSpec[], input: unknown): unknown {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return input;
  const out: Record<string, unknown> = { ...input };
  for (const param of params) {
    const given = Object.hasOwn(out, param.name) ? out[param.name] : undefined;
    if (param.default !== undefined && given === undefined) {
      // Cloned so that a caller mutating what it got back can never change the next call's default.
      setOwn(out, param.name, structuredClone(param.default));
    }
  }
  return out;
}

/**
 * One path segment, encoded so that no value can change the route: `/`, `?`, `#` and `%` are escaped by
 * encodeURIComponent, and `.` is escaped too so that the raw request line never shows a dot segment.
 * Note that WHATWG URL parsing (used by fetch) still treats `%2E%2E` as `..`, so values that are only
 * dots are refused by `pathParamIssues` instead.
 */
export function encodePathSegment(value: string): string {
  return encodeURIComponent(value).replace(/\./g, "%2E");
}

function isDotSegment(value: string): boolean {
  return value === "." || value === "..";
}

/** Problems that the schema cannot see but that would send the request to a different route. */
export function pathParamIssues(params: readonly ParamSpec[], data: Record<string, unknown>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const param of params) {
    if (param.in !== "path") continue;
    const value = data[param.name];
    if (value === undefined || value === null) {
      issues.push({ path: param.name, message: "a path parameter is required" });
    } else if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      issues.push({ path: param.name, message: "a path parameter must be a string, number or boolean" });
    } else if (String(value) === "") {
      // `/admins/` would silently reach the list route instead of the item route.
      issues.push({ path: param.name, message: "a path parameter must not be empty" });
    } else if (isDotSegment(String(value))) {
      issues.push({ path: param.name, message: `"${String(value)}" cannot be sent as a path segment` });
    }
  }
  return issues;
}

/** Fills `{name}` placeholders; `values` must already have passed `pathParamIssues`. */
export function buildPath(template: string, values: Record<string, unknown>): string {
  return template.replace(/\{([^{}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined || value === null) {
      throw new TypeError(`path template ${template} has no value for {${name}}`);
    }
    return encodePathSegment(String(value));
  });
}

function appendQueryValue(query: URLSearchParams, key: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) appendQueryValue(query, key, item);
    return;
  }
  if (value instanceof Date) query.append(key, value.toISOString());
  // The API takes no structured query values; JSON is the least surprising spelling if a spec ever asks.
  else if (typeof value === "object") query.append(key, JSON.stringify(value));
  else query.append(key, String(value));
}

/** Query inputs under their wire names, then query constants (which win over anything of the same name). */
export function buildQuery(
  params: readonly ParamSpec[],
  data: Record<string, unknown>,
  constants: readonly OperationConstant[] = [],
): URLSearchParams {
  const query = new URLSearchParams();
  for (const param of params) {
    if (param.in === "query") appendQueryValue(query, param.wire, data[param.name]);
  }
  for (const constant of constants) {
    if (constant.in === "query") query.set(constant.name, String(constant.value));
  }
  return query;
}

/** Whether the operation sends a JSON body: only when it has body inputs or body constants. */
export function hasBody(params: readonly ParamSpec[], constants: readonly OperationConstant[] = []): boolean {
  return params.some((p) => p.in === "body") || constants.some((c) => c.in === "body");
}

/**
 * The JSON body: body inputs under wire names (an explicit `null` is kept, since it clears a field),
 * then body constants. Only operations with body inputs or body constants send one (then always an
 * object, `{}` when the caller gave none of the fields); every other operation sends no body at all,
 * whatever its method, because servers answer 415 to an unexpected `{}`. GET never carries a body.
 */
export function buildBody(
  method: HttpMethod,
  params: readonly ParamSpec[],
  data: Record<string, unknown>,
  constants: readonly OperationConstant[] = [],
): Record<string, unknown> | undefined {
  if (method === "GET" || !hasBody(params, constants)) return undefined;
  const body: Record<string, unknown> = {};
  for (const param of params) {
    if (param.in === "body" && data[param.name] !== undefined) setOwn(body, param.wire, data[param.name]);
  }
  for (const constant of constants) {
    if (constant.in === "body") setOwn(body, constant.name, constant.value);
  }
  return body;
}

/** Joins without `new URL(path, base)`, which would drop a path prefix in the base URL. */
export function buildUrl(baseUrl: string, path: string, query?: URLSearchParams): string {
  const qs = query?.toString() ?? "";
  return `${baseUrl.replace(/\/+$/, "")}${path.startsWith("/") ? path : `/${path}`}${qs ? `?${qs}` : ""}`;
}

/**
 * Characters no header value may hold: CR, LF and other controls (header injection), and anything
 * fetch cannot send as a byte.
 */
const BAD_HEADER_CHARS = /[\0-\x1f\x7f\u0100-\uffff]/;

export function isValidHeaderValue(value: string): boolean {
  return !BAD_HEADER_CHARS.test(value);
}

/** RFC 9110 token characters. */
export function isValidHeaderName(name: string): boolean {
  return /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name);
}

/** Header inputs (`in: "header"`) that fetch would refuse or that would smuggle a second header. */
export function headerParamIssues(params: readonly ParamSpec[], data: Record<string, unknown>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const param of params) {
    if (param.in !== "header") continue;
    const value = data[param.name];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      issues.push({ path: param.name, message: "a header value must be a string, number or boolean" });
    } else if (!isValidHeaderValue(String(value))) {
      issues.push({
        path: param.name,
        message: "a header value must not contain line breaks, control characters or characters above U+00FF",
      });
    }
  }
  return issues;
}

/** Header inputs under their wire names (`Idempotency-Key`), values as strings; absent ones are skipped. */
export function headerParams(
  params: readonly ParamSpec[],
  data: Record<string, unknown>,
): [string, string][] {
  const out: [string, string][] = [];
  for (const param of params) {
    if (param.in !== "header") continue;
    const value = data[param.name];
    if (value !== undefined && value !== null) out.push([param.wire, String(value)]);
  }
  return out;
}

/** Sets a header, replacing any of the same name in another case (fetch would join both with ", "). */
export function setHeader(headers: Record<string, string>, name: string, value: string): void {
  const lower = name.toLowerCase();
  for (const key of Object.keys(headers)) if (key.toLowerCase() === lower) delete headers[key];
  setOwn(headers, name, value);
}

export interface HeaderParts {
  userAgent: string;
  /** The API's headers (`ApiDef.headers`), resolved from the options. */
  apiHeaders?: readonly (readonly [string, string])[];
  /** The operation's header inputs. */
  paramHeaders?: readonly (readonly [string, string])[];
  /** The credential headers; set last so nothing else can replace them. */
  authHeaders?: Readonly<Record<string, string>>;
  hasBody: boolean;
}

/** Accept and User-Agent, the API's headers, the operation's, Content-Type with a body, then auth. */
export function buildHeaders(parts: HeaderParts): Record<string, string> {
  const headers: Record<string, string> = {};
  setHeader(headers, "Accept", "application/json");
  setHeader(headers, "User-Agent", parts.userAgent);
  for (const [name, value] of parts.apiHeaders ?? []) setHeader(headers, name, value);
  for (const [name, value] of parts.paramHeaders ?? []) setHeader(headers, name, value);
  if (parts.hasBody) setHeader(headers, "Content-Type", "application/json");
  for (const [name, value] of Object.entries(parts.authHeaders ?? {})) setHeader(headers, name, value);
  return headers;
}

/**
 * The headers as hooks may see them: each credential header (`authorization` always, plus the API key's
 * header) reads `***`, keeping an auth scheme word such as `Bearer` so the event still says which one.
 */
export function redactHeaders(
  headers: Record<string, string>,
  sensitive: readonly string[] = ["authorization"],
): Record<string, string> {
  const names = new Set(["authorization", ...sensitive.map((n) => n.toLowerCase())]);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!names.has(name.toLowerCase())) {
      setOwn(out, name, value);
      continue;
    }
    const scheme = /^(Bearer|Basic|Token|Digest) /i.exec(value)?.[1];
    setOwn(out, name, scheme ? `${scheme} ${REDACTED}` : REDACTED);
  }
  return out;
}
