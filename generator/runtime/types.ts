/**
 * Shapes shared by the runtime and the generated client.
 *
 * The generated code only ever builds `OperationDef` values and hands them to `Runtime`; everything
 * about HTTP lives on this side so that the generated files stay declarative.
 */

export type Risk = "read" | "write" | "destructive";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Where one input field travels and under which name the real API knows it. */
export interface ParamSpec {
  /** The input property callers use. */
  name: string;
  /** The name on the wire (query key, body key, or the `{name}` placeholder's value). */
  wire: string;
  in: "path" | "query" | "header" | "body";
  /** Sent when the caller leaves the field out (`undefined`). */
  default?: unknown;
}

/**
 * How a list operation pages, as the spec describes it. Input paths name input properties (the
 * caller's names); output paths name keys of the response as sent; `items` is where the list is.
 */
export type Pagination = { items: readonly string[] } & (
  | { style: "page"; page: readonly string[]; totalPages?: readonly string[]; currentPage?: readonly string[] }
  | { style: "offset"; offset: readonly string[]; limit: readonly string[]; total?: readonly string[] }
  | { style: "cursor"; cursor: readonly string[]; next: readonly string[] }
  | { style: "lastId"; cursor: readonly string[]; hasMore: readonly string[]; id: string }
  | { style: "link" }
  | { style: "scroll"; cursor: readonly string[]; next: readonly string[] }
);

export interface OperationConstant {
  /** The wire name. */
  name: string;
  value: string | number | boolean;
  in: "query" | "body";
}

/**
 * What the runtime needs of an output schema: `safeParse`, whose data is the type the call resolves to.
 * Typed structurally rather than as `z.ZodType<T>` so that the compiler does not relate Zod's deep
 * generic types for every operation: on a 1,000-operation client this took `tsc` from about 63 s to
 * about 10 s. Every Zod schema satisfies it.
 */
export interface Schema<T> {
  safeParse(data: unknown): SafeParseResult<T>;
}

/**
 * What the runtime needs of an input schema: what it accepts (`I`, what callers pass) and `safeParse`.
 * `I` is read from the type every Standard Schema declares (Zod's included), so the compiler matches the
 * operation's declared input type with what the schema accepts, not with what it parses to: a default
 * makes a parsed field required where callers may leave it out.
 */
export interface InputSchema<I> {
  readonly "~standard": { readonly types?: { readonly input: I } | undefined };
  safeParse(data: unknown): SafeParseResult<unknown>;
}

export type SafeParseResult<T> = { success: true; data: T } | { success: false; error: { issues: readonly SchemaIssue[] } };

/** One problem a schema found, as Zod reports it. */
export interface SchemaIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

export interface OperationDef<I = unknown, O = unknown> {
  /** Full name, e.g. `admins.get`; every error and hook event carries it. */
  name: string;
  resource: string;
  summary: string;
  risk: Risk;
  method: HttpMethod;
  /** `{name}` placeholders are input names whose param has `in: "path"`. */
  path: string;
  /** Strict: unknown keys are rejected. */
  input: InputSchema<I>;
  /** Loose: unknown keys survive parsing. Absent when a success carries no body (the call resolves to undefined). */
  output?: Schema<O>;
  params: readonly ParamSpec[];
  constants?: readonly OperationConstant[];
  pagination?: Pagination;
  /** The documented success status; informational (any 2xx is a success). Default 200. */
  status?: number;
}

export interface RequestEvent {
  operation: string;
  method: HttpMethod;
  url: string;
  /** Request headers; credentials read `***`. */
  headers: Record<string, string>;
  /** The JSON body as an object, or `undefined` when none is sent. */
  body: unknown;
  /** 1 for the first try, 2 for the first retry, ... */
  attempt: number;
}

export interface ResponseEvent {
  operation: string;
  method: HttpMethod;
  url: string;
  /** Absent when no response arrived (connection failure, timeout, abort). */
  status?: number;
  /** Response headers, lower-cased names; empty when no response arrived. */
  headers: Record<string, string>;
  /** From sending the request until the body was read or the attempt failed. */
  durationMs: number;
  attempt: number;
  requestId?: string;
  /** Set when the attempt failed: a `ClientError`, or the caller's abort reason. */
  error?: unknown;
  /** Set when the runtime will retry this attempt after waiting this long. */
  retryInMs?: number;
}

export interface ClientHooks {
  /** Called before every attempt. A hook that throws is ignored: observability must not break calls. */
  onRequest?: (event: RequestEvent) => void;
  /** Called after every attempt, successful or not. Throwing is ignored, as for `onRequest`. */
  onResponse?: (event: ResponseEvent) => void;
}

/**
 * The options every generated client accepts. The generated `<Api>ClientOptions` extends this with the
 * API's own: its credentials (`token` for bearer, `username`/`password` for basic, `apiKey` for API
 * keys), its server option (named by `ApiDef.serverOption`) and one option per spec header.
 */
export interface BaseClientOptions {
  /** Overrides the named server. May carry a path prefix (`https://proxy.example/api`). */
  baseUrl?: string;
  /** Highest risk the client may run; default `write`, so deleting needs opting in. */
  maxRisk?: Risk;
  /** Per attempt, including reading the body; default 30 000. */
  timeoutMs?: number;
  /** Retries after the first attempt; default 2. */
  maxRetries?: number;
  /** Largest response body read, in bytes; default 50 MiB. A larger one is a ResponseTooLargeError. */
  maxResponseBytes?: number;
  fetch?: typeof fetch;
  hooks?: ClientHooks;
  /** Backoff tuning: full-jitter exponential from `baseMs` (default 500), every wait capped at `maxMs` (default 30 000). */
  retryDelay?: { baseMs?: number; maxMs?: number };
  userAgent?: string;
}

/** What the runtime reads from the caller's options: the base ones plus the API's own, by name. */
export type ClientOptions = BaseClientOptions & { readonly [option: string]: unknown };

export interface RequestOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  maxRetries?: number;
}

export type AuthDef =
  | { scheme: "none" }
  /** `Authorization: Bearer <token>`; option `token`. */
  | { scheme: "bearer" }
  /** `Authorization: Basic base64(username:password)`; options `username`, `password`. */
  | { scheme: "basic" }
  /** The key in a header or query parameter named `name`; option `apiKey`. */
  | { scheme: "apiKey"; in: "header" | "query"; name: string };

export interface HeaderDef {
  /** As sent: `Api-Version`. */
  name: string;
  /** The client option that sets it. */
  option: string;
  default?: string;
  required?: boolean;
}

/** What the generator knows about the API from the spec and hands to the runtime. */
export interface ApiDef {
  /** Server name → base URL; the first is the default. */
  servers: Readonly<Record<string, string>>;
  defaultServer: string;
  /** The client option naming the server (`region`, `server`). */
  serverOption: string;
  auth: AuthDef;
  headers: readonly HeaderDef[];
  /**
   * Where failures carry their details; paths like `errors[0].message`, `errors[].code`, `detail`
   * (`a.b`, `a[0].b`, `a[].b` for every element; `detail | title` tries each alternative in turn).
   * `requestIdHeader` is a header name, read when the body has no request id.
   */
  errors: { message?: string; code?: string; requestId?: string; requestIdHeader?: string };
  rateLimit: {
    limitHeader?: string;
    remainingHeader?: string;
    resetHeader?: string;
    /** `unix-seconds` (default): when the window resets; `seconds`/`milliseconds`: how long until it does. */
    resetUnit?: "unix-seconds" | "seconds" | "milliseconds";
  };
  userAgent: string;
}
