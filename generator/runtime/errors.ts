/**
 * Every error the runtime throws on purpose derives from `IntercomError`, so callers can tell
 * "the API or the client said no" from bugs with a single `instanceof`.
 *
 * None of these ever holds the access token: messages and properties are built from data that was
 * scrubbed first (see redact.ts), and the runtime never puts request headers into an error.
 */
import type { HttpMethod, Risk } from "./types.ts";

/** One problem with a value, located by a readable path such as `data[0].id`. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** One entry of Intercom's `{ type: "error.list", errors: [...] }`. */
export interface ApiErrorItem {
  code: string;
  message?: string;
  field?: string;
}

/** Intercom's rate-limit headers, as numbers. */
export interface RateLimitInfo {
  limit?: number;
  remaining?: number;
  /** Unix seconds when the window resets (`X-RateLimit-Reset`). */
  reset?: number;
}

export class IntercomError extends Error {
  static {
    this.prototype.name = "IntercomError";
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

/** The client itself was set up wrongly (unknown region, empty token, ...). Thrown by the constructor. */
export class ConfigurationError extends IntercomError {
  static {
    this.prototype.name = "ConfigurationError";
  }
}

/** The input did not match the operation's schema. Thrown before any I/O. */
export class ValidationError extends IntercomError {
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
export class RiskError extends IntercomError {
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
  /** Parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  /** For 429: the server's wait hint, uncapped. */
  retryAfterMs?: number;
}

/** The API answered with a non-2xx status. Subclasses name the common statuses. */
export class ApiError extends IntercomError {
  static {
    this.prototype.name = "ApiError";
  }
  override readonly operation: string;
  readonly method: HttpMethod;
  readonly url: string;
  readonly status: number;
  readonly errors: readonly ApiErrorItem[];
  /** The first error's code (`not_found`, `unauthorized`, ...). */
  readonly code: string | undefined;
  /** From the body's `request_id`, else the `X-Request-Id` header: quote it to Intercom support. */
  readonly requestId: string | undefined;
  readonly headers: Record<string, string>;
  readonly body: unknown;

  constructor(init: ApiErrorInit) {
    const errors = errorItems(init.body);
    const requestId = requestIdOf(init.body, init.headers);
    super(apiErrorMessage(init.operation, init.status, errors, requestId, init.body), {
      operation: init.operation,
    });
    this.operation = init.operation;
    this.method = init.method;
    this.url = init.url;
    this.status = init.status;
    this.errors = errors;
    this.code = errors[0]?.code;
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
  /** How long the server asked to wait (`Retry-After`, else `X-RateLimit-Reset`), uncapped; undefined when it did not say. */
  readonly retryAfterMs: number | undefined;
  readonly rateLimit: RateLimitInfo;

  constructor(init: ApiErrorInit) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
    this.rateLimit = rateLimitInfo(init.headers);
  }
}

/** No complete response within `timeoutMs` for one attempt (retries included only for idempotent methods). */
export class TimeoutError extends IntercomError {
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
export class ConnectionError extends IntercomError {
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
export class ResponseValidationError extends IntercomError {
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

/** A 2xx response whose body is not JSON (a proxy's HTML page, a truncated body, ...). */
export class ResponseParseError extends IntercomError {
  static {
    this.prototype.name = "ResponseParseError";
  }
  override readonly operation: string;
  readonly status: number;
  readonly contentType: string | undefined;
  /** The start of the body, enough to recognise what answered. */
  readonly bodySnippet: string;

  constructor(operation: string, status: number, contentType: string | undefined, bodySnippet: string) {
    super(
      `${operation}: the ${status} response is not JSON (content-type ${contentType ?? "none"}): ${JSON.stringify(bodySnippet)}`,
      { operation },
    );
    this.operation = operation;
    this.status = status;
    this.contentType = contentType;
    this.bodySnippet = bodySnippet;
  }
}

/** Auto-paging cannot go on safely (the server repeated a cursor, or the next page cannot be requested). */
export class PaginationError extends IntercomError {
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Tolerant on purpose: an error body that breaks the expected shape must still produce an error, never a crash. */
function errorItems(body: unknown): ApiErrorItem[] {
  if (!isRecord(body) || !Array.isArray(body.errors)) return [];
  return body.errors.filter(isRecord).map((e) => {
    const item: ApiErrorItem = { code: typeof e.code === "string" ? e.code : "unknown" };
    if (typeof e.message === "string") item.message = e.message;
    if (typeof e.field === "string") item.field = e.field;
    return item;
  });
}

function requestIdOf(body: unknown, headers: Record<string, string>): string | undefined {
  if (isRecord(body) && typeof body.request_id === "string" && body.request_id) return body.request_id;
  return headers["x-request-id"] || undefined;
}

function apiErrorMessage(
  operation: string,
  status: number,
  errors: readonly ApiErrorItem[],
  requestId: string | undefined,
  body: unknown,
): string {
  let detail: string;
  if (errors.length > 0) {
    detail = errors
      .map((e) => [e.code, e.message].filter(Boolean).join(": ") + (e.field ? ` (field ${e.field})` : ""))
      .join("; ");
  } else if (typeof body === "string" && body.trim()) {
    detail = `non-JSON body: ${JSON.stringify(snippet(body))}`;
  } else {
    detail = "no error details in the response";
  }
  return `${operation}: ${status} ${detail}${requestId ? ` (request ${requestId})` : ""}`;
}

function rateLimitInfo(headers: Record<string, string>): RateLimitInfo {
  const info: RateLimitInfo = {};
  const limit = numberHeader(headers["x-ratelimit-limit"]);
  const remaining = numberHeader(headers["x-ratelimit-remaining"]);
  const reset = numberHeader(headers["x-ratelimit-reset"]);
  if (limit !== undefined) info.limit = limit;
  if (remaining !== undefined) info.remaining = remaining;
  if (reset !== undefined) info.reset = reset;
  return info;
}

function numberHeader(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** Keeps error messages one readable line even when a proxy answers with a whole HTML page. */
export function snippet(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
