/**
 * Shapes shared by the runtime and the generated client.
 *
 * The generated code only ever builds `OperationDef` values and hands them to `Runtime`; everything
 * about HTTP lives on this side so that the generated files stay declarative.
 */
import type { z } from "zod";

export type Risk = "read" | "write" | "destructive";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Where one input field travels and under which name the real API knows it. */
export interface ParamSpec {
  /** The input property callers use. */
  name: string;
  /** The name on the wire (query key, body key, or the `{name}` placeholder's value). */
  wire: string;
  in: "path" | "query" | "body";
  /** Sent when the caller leaves the field out (`undefined`). */
  default?: unknown;
}

export type Pagination =
  /** page/per_page numbers; the response carries `pages: { page, total_pages }`. The input must be named `page`. */
  | { style: "page"; items: string }
  /** `cursor` is the input path taking the cursor; the next one is read from `pages.next.starting_after`. */
  | { style: "cursor"; items: string; cursor: string[] }
  /** `cursor` is the input path taking the scroll id; the next one is read from the response's `scroll_param`. */
  | { style: "scroll"; items: string; cursor: string[] };

export interface OperationConstant {
  /** The wire name. */
  name: string;
  value: string | number | boolean;
  in: "query" | "body";
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
  input: z.ZodType<I>;
  /** Loose: unknown keys survive parsing. */
  output: z.ZodType<O>;
  params: readonly ParamSpec[];
  constants?: readonly OperationConstant[];
  pagination?: Pagination;
}

export interface RequestEvent {
  operation: string;
  method: HttpMethod;
  url: string;
  /** Request headers; `Authorization` reads `Bearer ***`. */
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
  /** Set when the attempt failed: an `IntercomError`, or the caller's abort reason. */
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

export interface ClientOptions {
  token: string;
  /** Overrides `region`. May carry a path prefix (`https://proxy.example/intercom`). */
  baseUrl?: string;
  /** Default: the spec's default region (`us`). */
  region?: "us" | "eu" | "au";
  /** `Intercom-Version` header; default: the version the spec describes. */
  version?: string;
  /** Highest risk the client may run; default `write`, so deleting needs opting in. */
  maxRisk?: Risk;
  /** Per attempt, including reading the body; default 30 000. */
  timeoutMs?: number;
  /** Retries after the first attempt; default 2. */
  maxRetries?: number;
  fetch?: typeof fetch;
  hooks?: ClientHooks;
  /** Backoff tuning: full-jitter exponential from `baseMs` (default 500), every wait capped at `maxMs` (default 30 000). */
  retryDelay?: { baseMs?: number; maxMs?: number };
  userAgent?: string;
}

export interface RequestOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  maxRetries?: number;
}

/** What the generator knows from the spec and passes to the runtime. */
export interface RuntimeDefaults {
  /** region → base URL */
  servers: Record<string, string>;
  defaultRegion: string;
  version: string;
  userAgent: string;
}
