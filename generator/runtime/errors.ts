/**
 * Every error the runtime throws on purpose derives from `ClientError`, so callers can tell
 * "the API or the client said no" from bugs with a single `instanceof`. (A generated client re-exports
 * it under the API's own name, `export { ClientError as PetstoreError }`; its `name` stays "ClientError".)
 *
 * None of these ever holds a credential: messages and properties are built from data that was
 * scrubbed first (see redact.ts), and the runtime never puts request headers into an error.
 */
import { readPath } from "./data.js";
import { snippet } from "./redact.js";
import type { ApiDef, HttpMethod, Risk } from "./types.js";

/** One problem with a value, located by a readable path such as `data[0].id`. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** The rate-limit headers named by `ApiDef.rateLimit`, as numbers. */
export interface RateLimitInfo {
  limit?: number;
  remaining?: number;
  /** The reset header's value as sent, in the API's `resetUnit`. */
  reset?: number;
}

export class ClientError extends Error {
  static {
    this.prototype.name = "ClientError";
  }
  /** The operation's full name (`admins.get`), when the error belongs to one. */
  readonly operation: string | undefined;

  constructor(message: string, options?: { operation?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.operation = options?.operation;
  }

  /** Loggers usually JSON.stringify errors; `message` and `name` are not enumerable on their own. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, ...Object.fromEntries(Object.entries(this)) };
  }
}

/** The client was set up wrongly (unknown server, missing credentials, ...). Thrown by the constructor. */
export class ConfigurationError extends ClientError {
  static {
    this.prototype.name = "ConfigurationError";
  }
}

/** The input did not match the operation's schema. Thrown before any I/O. */
export class ValidationError extends ClientError {
  static {
    this.prototype.name = "ValidationError";
  }
  readonly issues: readonly FieldIssue[];

  constructor(operation: string, issues: readonly FieldIssue[]) {
    super(`${operation}: invalid input: ${formatIssues(issues)}`, { operation });
    this.issues = issues;
  }
}

/** The operation is riskier than the client's `maxRisk`. Thrown before validation and before any I/O. */
export class RiskError extends ClientError {
  static {
    this.prototype.name = "RiskError";
  }
  readonly risk: Risk;
  readonly maxRisk: Risk;

  constructor(operation: string, risk: Risk, maxRisk: Risk) {
    super(
      `${operation}: refused: its risk is "${risk}" but the client allows at most "${maxRisk}" ` +
        `(create the client with maxRisk: "${risk}" to allow it)`,
      { operation },
    );
    this.risk = risk;
    this.maxRisk = maxRisk;
  }
}

export interface ApiErrorInit {
  operation: string;
  method: HttpMethod;
  url: string;
  status: number;
  /** Response headers, lower-cased names. */
  headers: Record<string, string>;
  /** Parsed JSON body, the raw text when it was not JSON, or undefined when empty. Already redacted. */
  body: unknown;
  /** Where the API puts its message, codes and request id (`ApiDef.errors`); nothing is read without it. */
  errorPaths?: ApiDef["errors"];
  /** The API's rate-limit header names (`ApiDef.rateLimit`), for `RateLimitError.rateLimit`. */
  rateLimitHeaders?: ApiDef["rateLimit"];
  /** For 429: the server's wait hint, uncapped. */
  retryAfterMs?: number;
}

/** The API answered with a non-2xx status. Subclasses name the common statuses. */
export class ApiError extends ClientError {
  static {
    this.prototype.name = "ApiError";
  }
  override readonly operation: string;
  readonly method: HttpMethod;
  readonly url: string;
  readonly status: number;
  /** The API's own message, read at `errors.message` (several are joined with "; "). */
  readonly detail: string | undefined;
  /** The first error code, read at `errors.code`. */
  readonly code: string | undefined;
  /** Every error code found at `errors.code`, in order. */
  readonly codes: readonly string[];
  /** From the body at `errors.requestId`, else the `errors.requestIdHeader` header: quote it to support. */
  readonly requestId: string | undefined;
  readonly headers: Record<string, string>;
  readonly body: unknown;

  constructor(init: ApiErrorInit) {
    const paths = init.errorPaths ?? {};
    const messages = paths.message ? texts(readPathSafe(init.body, paths.message)) : [];
    const codes = paths.code ? texts(readPathSafe(init.body, paths.code)) : [];
    const requestId = requestIdOf(init.body, init.headers, paths);
    const detail = messages.length > 0 ? messages.join("; ") : undefined;
    super(apiErrorMessage(init, codes, messages, requestId), { operation: init.operation });
    this.operation = init.operation;
    this.method = init.method;
    this.url = init.url;
    this.status = init.status;
    this.detail = detail;
    this.code = codes[0];
    this.codes = codes;
    this.requestId = requestId;
    this.headers = init.headers;
    this.body = init.body;
  }
}

export class BadRequestError extends ApiError {
  static {
    this.prototype.name = "BadRequestError";
  }
}
export class AuthenticationError extends ApiError {
  static {
    this.prototype.name = "AuthenticationError";
  }
}
export class PermissionDeniedError extends ApiError {
  static {
    this.prototype.name = "PermissionDeniedError";
  }
}
export class NotFoundError extends ApiError {
  static {
    this.prototype.name = "NotFoundError";
  }
}
export class ConflictError extends ApiError {
  static {
    this.prototype.name = "ConflictError";
  }
}
export class UnprocessableEntityError extends ApiError {
  static {
    this.prototype.name = "UnprocessableEntityError";
  }
}
export class InternalServerError extends ApiError {
  static {
    this.prototype.name = "InternalServerError";
  }
}

export class RateLimitError extends ApiError {
  static {
    this.prototype.name = "RateLimitError";
  }
  /**
   * How long the server asked to wait (`Retry-After`, else the API's reset header), uncapped; undefined
   * when it did not say.
   */
  readonly retryAfterMs: number | undefined;
  readonly rateLimit: RateLimitInfo;

  constructor(init: ApiErrorInit) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
    this.rateLimit = rateLimitInfo(init.headers, init.rateLimitHeaders);
  }
}

/** No complete response within `timeoutMs` for one attempt (retries included only for idempotent methods). */
export class TimeoutError extends ClientError {
  static {
    this.prototype.name = "TimeoutError";
  }
  override readonly operation: string;
  readonly timeoutMs: number;

  constructor(operation: string, method: HttpMethod, url: string, timeoutMs: number) {
    super(`${operation}: no complete response within ${timeoutMs} ms (${method} ${url})`, { operation });
    this.operation = operation;
    this.timeoutMs = timeoutMs;
  }
}

/** The request could not be sent or the response could not be read (refused, reset, DNS, ...). */
export class ConnectionError extends ClientError {
  static {
    this.prototype.name = "ConnectionError";
  }
  override readonly operation: string;
  /** The network error code found in the cause chain (`ECONNREFUSED`, `ECONNRESET`, ...), if any. */
  readonly code: string | undefined;

  constructor(operation: string, method: HttpMethod, url: string, cause: unknown, code: string | undefined) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`${operation}: connection failed (${method} ${url}): ${reason}${code ? ` (${code})` : ""}`, {
      operation,
      cause,
    });
    this.operation = operation;
    this.code = code;
  }
}

/** A 2xx response did not match the operation's output schema. */
export class ResponseValidationError extends ClientError {
  static {
    this.prototype.name = "ResponseValidationError";
  }
  override readonly operation: string;
  readonly issues: readonly FieldIssue[];
  /** The parsed response, to see what the API actually sent. */
  readonly body: unknown;

  constructor(operation: string, issues: readonly FieldIssue[], body: unknown) {
    super(`${operation}: the response does not match the expected output: ${formatIssues(issues)}`, {
      operation,
    });
    this.operation = operation;
    this.issues = issues;
    this.body = body;
  }
}

/** A 2xx response whose body is not usable JSON (an HTML page, a cut-off body, absurd nesting, ...). */
export class ResponseParseError extends ClientError {
  static {
    this.prototype.name = "ResponseParseError";
  }
  override readonly operation: string;
  readonly status: number;
  readonly contentType: string | undefined;
  /** The start of the body, enough to recognise what answered. */
  readonly bodySnippet: string;

  /** `reason` completes "the 200 response …" (default "is not JSON"); `bodySnippet` is already redacted. */
  constructor(
    operation: string,
    status: number,
    contentType: string | undefined,
    bodySnippet: string,
    reason = "is not JSON",
  ) {
    super(
      `${operation}: the ${status} response ${reason} (content-type ${contentType ?? "none"}): ` +
        JSON.stringify(bodySnippet),
      { operation },
    );
    this.operation = operation;
    this.status = status;
    this.contentType = contentType;
    this.bodySnippet = bodySnippet;
  }
}

/**
 * The response body grew past `maxResponseBytes`; reading stopped there and the connection was closed.
 * Never retried: the same request would bring the same body.
 */
export class ResponseTooLargeError extends ClientError {
  static {
    this.prototype.name = "ResponseTooLargeError";
  }
  override readonly operation: string;
  readonly status: number;
  readonly maxBytes: number;

  constructor(operation: string, method: HttpMethod, url: string, status: number, maxBytes: number) {
    super(
      `${operation}: the ${status} response body is larger than maxResponseBytes (${maxBytes} bytes); ` +
        `stopped reading (${method} ${url})`,
      { operation },
    );
    this.operation = operation;
    this.status = status;
    this.maxBytes = maxBytes;
  }
}

/** Auto-paging cannot go on safely (the server repeated a cursor, sent a next link to another host, ...). */
export class PaginationError extends ClientError {
  static {
    this.prototype.name = "PaginationError";
  }
  override readonly operation: string;

  constructor(operation: string, message: string) {
    super(`${operation}: ${message}`, { operation });
    this.operation = operation;
  }
}

/** Picks the subclass for a status so callers can `catch (e) { if (e instanceof NotFoundError) ... }`. */
export function createApiError(init: ApiErrorInit): ApiError {
  const { status } = init;
  if (status === 400) return new BadRequestError(init);
  if (status === 401) return new AuthenticationError(init);
  if (status === 403) return new PermissionDeniedError(init);
  if (status === 404) return new NotFoundError(init);
  if (status === 409) return new ConflictError(init);
  if (status === 422) return new UnprocessableEntityError(init);
  if (status === 429) return new RateLimitError(init);
  if (status >= 500) return new InternalServerError(init);
  return new ApiError(init);
}

/** `data[0].id`, `["odd key"]`, or `(root)` for the value itself. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out || "(root)";
}

function formatIssues(issues: readonly FieldIssue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join("; ");
}

/** A path from the ApiDef that fails to parse finds nothing rather than hiding the API's error. */
function readPathSafe(value: unknown, path: string): unknown[] {
  try {
    return readPath(value, path);
  } catch {
    return [];
  }
}

/**
 * Strings and numbers found at a path, as strings. A found array of strings (NestJS sends
 * `message: ["a must be a string", ...]`) contributes each of them.
 */
function texts(values: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === "string" && item.trim() !== "") out.push(item);
      else if (typeof item === "number" && Number.isFinite(item)) out.push(String(item));
    }
  }
  return out;
}

/** The body's request id at `requestId`, else the `requestIdHeader` header (any case). */
export function requestIdOf(
  body: unknown,
  headers: Record<string, string>,
  paths: ApiDef["errors"] = {},
): string | undefined {
  if (paths.requestId) {
    const [found] = texts(readPathSafe(body, paths.requestId));
    if (found !== undefined) return found;
  }
  if (paths.requestIdHeader) {
    const wanted = paths.requestIdHeader.toLowerCase();
    for (const [name, value] of Object.entries(headers)) {
      if (name.toLowerCase() === wanted && value.trim() !== "") return value;
    }
  }
  return undefined;
}

/**
 * `op: 404 not_found: Admin Not Found (request r-1)`. Codes and messages are paired when there are as
 * many of each. When the body is not JSON, or the paths find nothing in it, the message says so and
 * quotes the start of what the server sent (the body is redacted before it gets here).
 */
function apiErrorMessage(
  init: ApiErrorInit,
  codes: readonly string[],
  messages: readonly string[],
  requestId: string | undefined,
): string {
  let detail: string;
  if (codes.length > 0 && codes.length === messages.length) {
    detail = codes.map((code, i) => `${code}: ${messages[i]}`).join("; ");
  } else if (codes.length > 0 || messages.length > 0) {
    detail = [codes.join(", "), messages.join("; ")].filter(Boolean).join(": ");
  } else if (init.body === undefined || (typeof init.body === "string" && init.body.trim() === "")) {
    detail = "empty body";
  } else if (typeof init.body === "string") {
    detail = `non-JSON body: ${JSON.stringify(snippet(init.body))}`;
  } else {
    let json: string;
    try {
      json = JSON.stringify(init.body) ?? "";
    } catch {
      json = "(not printable)";
    }
    detail = `no error details found in the body: ${snippet(json)}`;
  }
  return `${init.operation}: ${init.status} ${detail}${requestId ? ` (request ${requestId})` : ""}`;
}

function rateLimitInfo(headers: Record<string, string>, names: ApiDef["rateLimit"] = {}): RateLimitInfo {
  const info: RateLimitInfo = {};
  const limit = numberHeader(headers, names.limitHeader);
  const remaining = numberHeader(headers, names.remainingHeader);
  const reset = numberHeader(headers, names.resetHeader);
  if (limit !== undefined) info.limit = limit;
  if (remaining !== undefined) info.remaining = remaining;
  if (reset !== undefined) info.reset = reset;
  return info;
}

function numberHeader(headers: Record<string, string>, name: string | undefined): number | undefined {
  if (!name) return undefined;
  const value = headerValue(headers, name);
  if (value === undefined || value.trim() === "") return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** A header by name, case-insensitively. */
export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  if (Object.hasOwn(headers, wanted)) return headers[wanted];
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}
