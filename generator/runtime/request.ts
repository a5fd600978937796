/**
 * Turning a validated input object into URL, headers and body: pure functions, no I/O.
 */
import type { FieldIssue } from "./errors.ts";
import { REDACTED } from "./redact.ts";
import type { HttpMethod, OperationConstant, ParamSpec, Risk } from "./types.ts";

const RISK_ORDER: Record<Risk, number> = { read: 0, write: 1, destructive: 2 };

export function isRisk(value: unknown): value is Risk {
  return typeof value === "string" && Object.hasOwn(RISK_ORDER, value);
}

export function riskAllowed(risk: Risk, maxRisk: Risk): boolean {
  return RISK_ORDER[risk] <= RISK_ORDER[maxRisk];
}

/** Only these methods carry a JSON body; GET and DELETE never do (some proxies drop or reject such bodies). */
export function methodHasBody(method: HttpMethod): boolean {
  return method === "POST" || method === "PUT" || method === "PATCH";
}

/**
 * A copy of the input with each param's `default` filled in where the caller left the field out.
 * Runs before validation so a default also satisfies a required field and is itself checked.
 */
export function applyDefaults(params: readonly ParamSpec[], input: unknown): unknown {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return input;
  const out: Record<string, unknown> = { ...input };
  for (const param of params) {
    if (param.default !== undefined && out[param.name] === undefined) {
      // Cloned so that a caller mutating what it got back can never change the next call's default.
      out[param.name] = structuredClone(param.default);
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

/** Query inputs under their wire names, then query constants (which win over anything else of the same name). */
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

/**
 * The JSON body for POST/PUT/PATCH: body inputs under wire names (an explicit `null` is kept, since it
 * clears a field), then body constants. Always an object for those methods, even when empty, because the
 * API expects JSON there; `undefined` (no body at all) for GET and DELETE.
 */
export function buildBody(
  method: HttpMethod,
  params: readonly ParamSpec[],
  data: Record<string, unknown>,
  constants: readonly OperationConstant[] = [],
): Record<string, unknown> | undefined {
  if (!methodHasBody(method)) return undefined;
  const body: Record<string, unknown> = {};
  for (const param of params) {
    if (param.in === "body" && data[param.name] !== undefined) body[param.wire] = data[param.name];
  }
  for (const constant of constants) {
    if (constant.in === "body") body[constant.name] = constant.value;
  }
  return body;
}

/** Joins without `new URL(path, base)`, which would drop a path prefix in the base URL. */
export function buildUrl(baseUrl: string, path: string, query?: URLSearchParams): string {
  const qs = query?.toString() ?? "";
  return `${baseUrl.replace(/\/+$/, "")}${path.startsWith("/") ? path : `/${path}`}${qs ? `?${qs}` : ""}`;
}

export interface HeaderOptions {
  token: string;
  version: string;
  userAgent: string;
  hasBody: boolean;
}

export function buildHeaders(options: HeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    Authorization: `Bearer ${options.token}`,
    "Intercom-Version": options.version,
    Accept: "application/json",
    "User-Agent": options.userAgent,
  };
  if (options.hasBody) headers["Content-Type"] = "application/json";
  return headers;
}

/** The headers as hooks may see them. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = name.toLowerCase() === "authorization" ? `Bearer ${REDACTED}` : value;
  }
  return out;
}
