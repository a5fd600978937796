/**
 * Names the generated code and JavaScript itself reserve: the checker refuses spec names that would
 * take one, and the importer steers clear of them. One list each, here.
 */

/** Property names that break or vanish on plain JavaScript objects. */
export const OBJECT_RESERVED = ["__proto__", "constructor", "prototype", "hasOwnProperty", "toString", "valueOf", "isPrototypeOf"];

/** Identifiers the generated modules define or import beside the spec's types. */
export const CODE_RESERVED = [
  "Promise", "Error", "Record", "Array", "Object", "String", "Number", "Boolean", "Date", "Map", "Set", "Symbol", "JSON",
  "Runtime", "OperationDef", "RequestOptions", "ClientOptions", "BaseClientOptions", "ApiDef", "ClientHooks", "RequestEvent",
  "ResponseEvent", "OperationName", "OperationTypes", "OperationInput", "OperationOutput", "OperationArgs", "Pagination",
  "ParamSpec", "HttpMethod", "Risk", "FieldIssue", "RateLimitInfo", "ClientError", "ApiError", "ValidationError", "RiskError",
  "ConfigurationError", "ConnectionError", "TimeoutError", "PaginationError", "ResponseParseError", "ResponseValidationError",
  "ResponseTooLargeError", "BadRequestError", "AuthenticationError", "PermissionDeniedError", "NotFoundError", "ConflictError",
  "UnprocessableEntityError", "RateLimitError", "InternalServerError",
];

/** Values the generated client module defines beside the operations' constants (`adminsGet`). */
export const VALUE_RESERVED = ["apiDef", "operations", "pagedMethod", "schemas", "z"];

/** Client members that a resource name would shadow. */
export const CLIENT_MEMBERS = ["call", "operations", "runtime", "then"];

/** Options every generated client has; an API's header or server option may not take their names. */
export const RESERVED_OPTIONS = [
  "baseUrl",
  "maxRisk",
  "timeoutMs",
  "maxRetries",
  "maxResponseBytes",
  "fetch",
  "hooks",
  "retryDelay",
  "userAgent",
  "token",
  "username",
  "password",
  "apiKey",
];
