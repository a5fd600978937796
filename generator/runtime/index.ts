/**
 * The opspec HTTP runtime, copied verbatim into generated/client/runtime/. Depends on zod and web/Node
 * built-ins only (fetch, AbortController, URL, URLSearchParams, TextEncoder/Decoder, btoa, structuredClone).
 *
 * The generated client builds `new Runtime(options, apiDef)` with its spec's `ApiDef`; every API
 * convention comes from there and from each `OperationDef`, none is built in.
 *
 * Behaviour the generated client and its users can rely on:
 * - Construction checks the credentials `ApiDef.auth` needs (bearer `token`; basic `username` and
 *   `password`; `apiKey` in a named header or query parameter; or none), the server
 *   (`options[api.serverOption]` among `api.servers`, else `api.defaultServer`; `baseUrl` overrides),
 *   every `api.headers` value (`options[h.option] ?? h.default`; required ones must be given) and the
 *   numbers, throwing ConfigurationError naming the option and never quoting a secret.
 * - `call(op, input?, options?)`: risk check first (RiskError), then input validation (ValidationError),
 *   both before any I/O. Omitted `input` stands for `{}`. Param defaults are filled in before validation.
 * - Path values are encodeURIComponent'ed with `.` escaped too; "", "." and ".." are refused with a
 *   ValidationError because fetch's URL parser turns `%2E%2E` back into `..` (no encoding can send them).
 *   Header inputs (`in: "header"`) go under their wire names; CR, LF and control characters are refused.
 * - A JSON body (and Content-Type) is sent only by operations with body inputs or body constants (`{}`
 *   when the caller gave none of the fields); every other operation sends no body, whatever its method.
 * - Retries (default 2): 429 and failures to connect for every method; 5xx, timeouts and a response
 *   body cut off mid-way only for GET/PUT/DELETE. Wait: `Retry-After` (seconds or HTTP date), else on a
 *   429 the API's reset header (`ApiDef.rateLimit`), else full-jitter backoff; capped by `retryDelay.maxMs`.
 * - `timeoutMs` is per attempt and covers reading the body → TimeoutError. A caller abort rejects with
 *   `signal.reason` as fetch does (a DOMException named AbortError unless the caller gave a reason), is
 *   never retried, and also interrupts a backoff wait.
 * - Bodies are read as a stream up to `maxResponseBytes` (default 50 MiB); past it, reading stops and
 *   the call fails with ResponseTooLargeError (never retried).
 * - An operation without `output` resolves to undefined whatever the body. With an output, an empty
 *   2xx body is validated as `{}`. Redirects are not followed (`redirect: "manual"` → ApiError), so
 *   credentials never travel to another host.
 * - Failures: ApiError (and a subclass per common status) with `detail`, `code`, `codes` and
 *   `requestId` read at the paths of `ApiDef.errors`; a non-JSON body, or one where the paths find
 *   nothing, is quoted (redacted, then shortened) in the message.
 * - Auto-paging follows the operation's `pagination` (page, offset, cursor, lastId, link, scroll) to the
 *   last page; a cursor, last id or next link the server sends twice, an unchanged page, or a next link
 *   to another origin throws PaginationError (scroll ids are exempt from the repeat check).
 * - Hooks get copies with credentials reading `***`; a hook that throws is ignored.
 * - No credential appears in errors or hook events: anything from outside (bodies, headers, URLs
 *   carrying server cursors or a query API key, fetch errors) is scrubbed of every spelling of every
 *   secret (raw, URL-encoded, base64), always before it is shortened. Data built from outside keys is
 *   built with own properties, so `__proto__` in a body is data. Successful response data is returned
 *   as the API sent it.
 */
export type {
  ApiDef,
  AuthDef,
  BaseClientOptions,
  ClientHooks,
  ClientOptions,
  HeaderDef,
  HttpMethod,
  InputSchema,
  OperationConstant,
  OperationDef,
  Pagination,
  ParamSpec,
  RequestEvent,
  RequestOptions,
  ResponseEvent,
  Risk,
  SafeParseResult,
  Schema,
  SchemaIssue,
} from "./types.js";
export { Runtime } from "./runtime.js";
export {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ClientError,
  ConfigurationError,
  ConflictError,
  ConnectionError,
  createApiError,
  formatIssuePath,
  InternalServerError,
  NotFoundError,
  PaginationError,
  PermissionDeniedError,
  RateLimitError,
  ResponseParseError,
  ResponseTooLargeError,
  ResponseValidationError,
  RiskError,
  TimeoutError,
  UnprocessableEntityError,
  ValidationError,
} from "./errors.js";
export type { ApiErrorInit, FieldIssue, RateLimitInfo } from "./errors.js";
export { resolveAuth, withQueryKey } from "./auth.js";
export type { ResolvedAuth } from "./auth.js";
export { getAtPath, parsePath, readPath, setAtPath } from "./data.js";
export type { PathSegment } from "./data.js";
export {
  applyDefaults,
  buildBody,
  buildHeaders,
  buildPath,
  buildQuery,
  buildUrl,
  encodePathSegment,
  hasBody,
  headerParamIssues,
  pathParamIssues,
  redactHeaders,
  riskAllowed,
} from "./request.js";
export {
  backoffDelay,
  isIdempotent,
  isNetworkError,
  isRetryable,
  parseRateLimitReset,
  parseRetryAfter,
  retryDelay,
  serverWaitHint,
} from "./retry.js";
export type { AttemptFailure } from "./retry.js";
export { nextLink, nextPage, paginate, pagedMethod, parseLinkHeader } from "./paging.js";
export type { LinkValue, Page, PageRequest } from "./paging.js";
export { containsSecret, redactDeep, redactString, REDACTED, secretVariants } from "./redact.js";
