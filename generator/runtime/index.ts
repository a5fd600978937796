/**
 * The opspec HTTP runtime, copied verbatim into generated/client/runtime/. Depends on zod and web/Node
 * built-ins only (fetch, AbortController, URL, URLSearchParams, structuredClone).
 *
 * Behaviour the generated client and its users can rely on:
 * - `call(op, input?, options?)`: risk check first (RiskError), then input validation (ValidationError),
 *   both before any I/O. Omitted `input` stands for `{}`. Param defaults are filled in before validation.
 * - Path values are encodeURIComponent'ed with `.` escaped too; "", "." and ".." are refused with a
 *   ValidationError because fetch's URL parser turns `%2E%2E` back into `..` (no encoding can send them).
 * - POST/PUT/PATCH always send a JSON object (possibly `{}`); GET/DELETE never send a body.
 * - Retries (default 2): 429 and failures to connect for every method; 5xx, timeouts and a response
 *   body cut off mid-way only for GET/PUT/DELETE. Wait: `Retry-After`, else `X-RateLimit-Reset` on a 429,
 *   else full-jitter backoff; always capped by `retryDelay.maxMs`.
 * - `timeoutMs` is per attempt and covers reading the body → TimeoutError. A caller abort rejects with
 *   `signal.reason` as fetch does (a DOMException named AbortError unless the caller gave a reason), is
 *   never retried, and also interrupts a backoff wait.
 * - An empty 2xx body is validated as `{}` (every output in this API is an object). Redirects are not
 *   followed (`redirect: "manual"` → ApiError), so the token never travels to another host.
 * - Auto-paging stops at the last page; a cursor the server sends twice throws PaginationError (scroll ids
 *   are exempt: they may legitimately repeat). A page style needs an input named `page`.
 * - Hooks get copies with `Authorization: Bearer ***`; a hook that throws is ignored.
 * - The token never appears in errors or hook events: anything from outside (bodies, headers, URLs
 *   carrying server cursors, fetch errors) is scrubbed of it, raw and URL-encoded. Successful response
 *   data is returned as the API sent it.
 */
export type {
  ClientHooks,
  ClientOptions,
  HttpMethod,
  OperationConstant,
  OperationDef,
  Pagination,
  ParamSpec,
  RequestEvent,
  RequestOptions,
  ResponseEvent,
  Risk,
  RuntimeDefaults,
} from "./types.ts";
export { Runtime, pagedMethod } from "./runtime.ts";
export {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConfigurationError,
  ConflictError,
  ConnectionError,
  createApiError,
  formatIssuePath,
  IntercomError,
  InternalServerError,
  NotFoundError,
  PaginationError,
  PermissionDeniedError,
  RateLimitError,
  ResponseParseError,
  ResponseValidationError,
  RiskError,
  TimeoutError,
  UnprocessableEntityError,
  ValidationError,
} from "./errors.ts";
export type { ApiErrorInit, ApiErrorItem, FieldIssue, RateLimitInfo } from "./errors.ts";
export {
  applyDefaults,
  buildBody,
  buildHeaders,
  buildPath,
  buildQuery,
  buildUrl,
  encodePathSegment,
  methodHasBody,
  pathParamIssues,
  redactHeaders,
  riskAllowed,
} from "./request.ts";
export {
  backoffDelay,
  isIdempotent,
  isNetworkError,
  isRetryable,
  parseRateLimitReset,
  parseRetryAfter,
  retryDelay,
  serverWaitHint,
} from "./retry.ts";
export type { AttemptFailure } from "./retry.ts";
export { getAtPath, nextPageInput, setAtPath } from "./paging.ts";
export { containsSecret, redactDeep, redactString, REDACTED } from "./redact.ts";
