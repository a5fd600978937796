/**
 * The HTTP runtime behind the generated client: one `call` that checks, sends, retries and parses, and
 * `paginate` on top of it.
 */
import {
  ConfigurationError,
  ConnectionError,
  createApiError,
  formatIssuePath,
  ResponseParseError,
  ResponseValidationError,
  RiskError,
  snippet,
  TimeoutError,
  ValidationError,
  type FieldIssue,
} from "./errors.ts";
import { paginateItems } from "./paging.ts";
import { redactDeep, redactString, scrubError, secretVariants } from "./redact.ts";
import {
  applyDefaults,
  buildBody,
  buildHeaders,
  buildPath,
  buildQuery,
  buildUrl,
  isRisk,
  pathParamIssues,
  redactHeaders,
  riskAllowed,
} from "./request.ts";
import {
  isNetworkError,
  isRetryable,
  networkErrorCode,
  retryDelay,
  serverWaitHint,
  sleep,
  type AttemptFailure,
} from "./retry.ts";
import type {
  ClientHooks,
  ClientOptions,
  HttpMethod,
  OperationDef,
  RequestEvent,
  RequestOptions,
  ResponseEvent,
  Risk,
  RuntimeDefaults,
} from "./types.ts";

const DEFAULT_MAX_RISK: Risk = "write";
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_RETRY_BASE_MS = 500;
const DEFAULT_RETRY_MAX_MS = 30_000;

/** Everything `send` needs; built once per call, reused by every attempt. */
interface PreparedRequest {
  method: HttpMethod;
  url: string;
  /** `url` for errors and hooks: a server-sent cursor echoing the token would otherwise show it. */
  shownUrl: string;
  headers: Record<string, string>;
  body: Record<string, unknown> | undefined;
}

type AttemptResult =
  | { ok: true; value: unknown; event: AttemptEvent }
  | {
      ok: false;
      error: unknown;
      failure: AttemptFailure | undefined;
      hintMs?: number | undefined;
      event: AttemptEvent;
    };

/** The parts of a `ResponseEvent` known when an attempt ends. */
type AttemptEvent = Pick<ResponseEvent, "status" | "headers" | "durationMs" | "requestId">;

export class Runtime {
  readonly baseUrl: string;
  readonly maxRisk: Risk;
  // Private (#) so that inspecting or serialising a Runtime never shows the token.
  readonly #token: string;
  /** The token's spellings to scrub from anything that came from outside. */
  readonly #secrets: readonly string[];
  readonly #version: string;
  readonly #userAgent: string;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  readonly #retryBaseMs: number;
  readonly #retryMaxMs: number;
  readonly #fetch: typeof fetch;
  readonly #hooks: ClientHooks;

  constructor(options: ClientOptions, defaults: RuntimeDefaults) {
    this.#token = checkToken(options.token);
    this.#secrets = secretVariants(this.#token);
    this.baseUrl = resolveBaseUrl(options, defaults);
    this.maxRisk = options.maxRisk ?? DEFAULT_MAX_RISK;
    if (!isRisk(this.maxRisk)) {
      throw new ConfigurationError(
        `maxRisk must be "read", "write" or "destructive", not ${JSON.stringify(this.maxRisk)}`,
      );
    }
    this.#version = checkHeaderValue("version", options.version ?? defaults.version);
    this.#userAgent = checkHeaderValue("userAgent", options.userAgent ?? defaults.userAgent);
    this.#timeoutMs = checkNumber("timeoutMs", options.timeoutMs ?? DEFAULT_TIMEOUT_MS, { min: 1 });
    this.#maxRetries = checkNumber("maxRetries", options.maxRetries ?? DEFAULT_MAX_RETRIES, {
      min: 0,
      integer: true,
    });
    this.#retryBaseMs = checkNumber(
      "retryDelay.baseMs",
      options.retryDelay?.baseMs ?? DEFAULT_RETRY_BASE_MS,
      { min: 0 },
    );
    this.#retryMaxMs = checkNumber("retryDelay.maxMs", options.retryDelay?.maxMs ?? DEFAULT_RETRY_MAX_MS, {
      min: 0,
    });
    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== "function")
      throw new ConfigurationError("no fetch available: pass options.fetch");
    this.#fetch = fetchImpl;
    this.#hooks = options.hooks ?? {};
  }

  /**
   * Runs one operation. Order: risk check, input validation, then I/O; neither check sends anything.
   * `input` may be omitted when the operation has no required input (it then stands for `{}`).
   * Rejects with an `IntercomError`, or with `options.signal.reason` when the caller aborts.
   */
  async call<I, O>(op: OperationDef<I, O>, input?: I, options: RequestOptions = {}): Promise<O> {
    if (!riskAllowed(op.risk, this.maxRisk)) throw new RiskError(op.name, op.risk, this.maxRisk);
    const data = this.#validateInput(op, input);
    options.signal?.throwIfAborted();
    const request = this.#prepare(op, data);
    return (await this.#send(op, request, options)) as O;
  }

  /**
   * Every item of every page, fetched lazily as the caller iterates; each page is a full `call`
   * (retries, validation, hooks). Stops at the last page; throws `PaginationError` instead of looping.
   */
  paginate<I, O, Item = unknown>(
    op: OperationDef<I, O>,
    input?: I,
    options: RequestOptions = {},
  ): AsyncIterable<Item> {
    if (!op.pagination) throw new TypeError(`${op.name} is not paginated`);
    const erased = op as OperationDef<unknown, unknown>;
    const redact = (text: string): string => redactString(text, this.#secrets);
    return paginateItems<Item>(
      erased,
      input,
      (pageInput) => this.call(erased, pageInput, options),
      options.signal,
      redact,
    );
  }

  #validateInput<I>(op: OperationDef<I, unknown>, input: I | undefined): Record<string, unknown> {
    const parsed = op.input.safeParse(applyDefaults(op.params, input ?? {}));
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({
        path: formatIssuePath(issue.path),
        message: redactString(issue.message, this.#secrets),
      }));
      throw new ValidationError(op.name, issues);
    }
    const data = parsed.data;
    if (typeof data !== "object" || data === null || Array.isArray(data)) {
      throw new ValidationError(op.name, [{ path: "(root)", message: "the input must be an object" }]);
    }
    const record = data as Record<string, unknown>;
    const pathIssues = pathParamIssues(op.params, record);
    if (pathIssues.length > 0) throw new ValidationError(op.name, pathIssues);
    return record;
  }

  #prepare(op: OperationDef<unknown, unknown>, data: Record<string, unknown>): PreparedRequest {
    const pathValues: Record<string, unknown> = {};
    for (const param of op.params) if (param.in === "path") pathValues[param.name] = data[param.name];
    const url = buildUrl(
      this.baseUrl,
      buildPath(op.path, pathValues),
      buildQuery(op.params, data, op.constants),
    );
    const body = buildBody(op.method, op.params, data, op.constants);
    const headers = buildHeaders({
      token: this.#token,
      version: this.#version,
      userAgent: this.#userAgent,
      hasBody: body !== undefined,
    });
    return { method: op.method, url, shownUrl: redactString(url, this.#secrets), headers, body };
  }

  async #send(
    op: OperationDef<unknown, unknown>,
    request: PreparedRequest,
    options: RequestOptions,
  ): Promise<unknown> {
    const maxRetries =
      options.maxRetries === undefined
        ? this.#maxRetries
        : checkNumber("maxRetries", options.maxRetries, { min: 0, integer: true });
    const timeoutMs =
      options.timeoutMs === undefined
        ? this.#timeoutMs
        : checkNumber("timeoutMs", options.timeoutMs, { min: 1 });
    const payload = request.body === undefined ? undefined : JSON.stringify(request.body);

    for (let attempt = 1; ; attempt++) {
      this.#emitRequest(() => ({
        operation: op.name,
        method: request.method,
        url: request.shownUrl,
        headers: redactHeaders(request.headers),
        body: request.body,
        attempt,
      }));
      const result = await this.#attempt(op, request, payload, timeoutMs, options.signal);
      const base = {
        operation: op.name,
        method: request.method,
        url: request.shownUrl,
        attempt,
        ...result.event,
      };
      if (result.ok) {
        this.#emitResponse(base);
        return result.value;
      }
      const willRetry =
        result.failure !== undefined && attempt <= maxRetries && isRetryable(request.method, result.failure);
      const delay = willRetry
        ? retryDelay({
            retry: attempt - 1,
            baseMs: this.#retryBaseMs,
            maxMs: this.#retryMaxMs,
            hintMs: result.hintMs,
          })
        : undefined;
      this.#emitResponse({
        ...base,
        error: result.error,
        ...(delay === undefined ? {} : { retryInMs: delay }),
      });
      if (delay === undefined) throw result.error;
      await sleep(delay, options.signal);
    }
  }

  /** One request and its response, turned into a value or a classified failure; never throws. */
  async #attempt(
    op: OperationDef<unknown, unknown>,
    request: PreparedRequest,
    payload: string | undefined,
    timeoutMs: number,
    callerSignal: AbortSignal | undefined,
  ): Promise<AttemptResult> {
    const started = performance.now();
    const elapsed = (): number => Math.round(performance.now() - started);
    const noResponse = (): AttemptEvent => ({ headers: {}, durationMs: elapsed() });
    // One deadline for the headers and the body: a server trickling bytes is a timeout too.
    const deadline = linkTimeout(callerSignal, timeoutMs);

    // The caller's abort wins over our timeout, which wins over whatever error fetch reported for either.
    const failed = (error: unknown, afterResponse: boolean, event: AttemptEvent): AttemptResult => {
      if (callerSignal?.aborted) return { ok: false, error: callerSignal.reason, failure: undefined, event };
      if (deadline.timedOut()) {
        return {
          ok: false,
          error: new TimeoutError(op.name, request.method, request.shownUrl, timeoutMs),
          failure: { kind: "timeout" },
          event,
        };
      }
      const cause = scrubError(error, this.#secrets);
      return {
        ok: false,
        error: new ConnectionError(op.name, request.method, request.shownUrl, cause, networkErrorCode(cause)),
        failure: { kind: "connection", retryable: isNetworkError(error), afterResponse },
        event,
      };
    };

    let response: Response;
    let headers: Record<string, string>;
    let text: string;
    try {
      try {
        response = await this.#fetch(request.url, {
          method: request.method,
          headers: request.headers,
          body: payload,
          signal: deadline.signal,
          // The API does not redirect; following one could carry the token to another host.
          redirect: "manual",
        });
      } catch (error) {
        return failed(error, false, noResponse());
      }
      headers = redactDeep(headersToRecord(response.headers), this.#secrets);
      try {
        text = await response.text();
      } catch (error) {
        return failed(error, true, { status: response.status, headers, durationMs: elapsed() });
      }
    } finally {
      deadline.dispose();
    }

    const event: AttemptEvent = { status: response.status, headers, durationMs: elapsed() };
    const headerRequestId = headers["x-request-id"];
    if (headerRequestId) event.requestId = headerRequestId;

    if (response.status >= 200 && response.status < 300) {
      return this.#readSuccess(op, response.status, headers, text, event);
    }
    const body = redactDeep(parseJsonOrText(text), this.#secrets);
    const hintMs = serverWaitHint(response.status, headers);
    const error = createApiError({
      operation: op.name,
      method: request.method,
      url: request.shownUrl,
      status: response.status,
      headers,
      body,
      ...(response.status === 429 && hintMs !== undefined ? { retryAfterMs: hintMs } : {}),
    });
    if (error.requestId) event.requestId = error.requestId;
    return { ok: false, error, failure: { kind: "status", status: response.status }, hintMs, event };
  }

  /** Empty 2xx bodies (204, or a bare 200) are validated as `{}`: every output in this API is an object. */
  #readSuccess(
    op: OperationDef<unknown, unknown>,
    status: number,
    headers: Record<string, string>,
    text: string,
    event: AttemptEvent,
  ): AttemptResult {
    let data: unknown = {};
    if (text.trim() !== "") {
      try {
        data = JSON.parse(text);
      } catch {
        const error = new ResponseParseError(
          op.name,
          status,
          headers["content-type"],
          redactString(snippet(text), this.#secrets),
        );
        return { ok: false, error, failure: { kind: "response" }, event };
      }
    }
    if (!event.requestId && isRecord(data) && typeof data.request_id === "string") {
      event.requestId = data.request_id;
    }
    const parsed = op.output.safeParse(data);
    if (!parsed.success) {
      const issues: FieldIssue[] = parsed.error.issues.map((issue) => ({
        path: formatIssuePath(issue.path),
        message: redactString(issue.message, this.#secrets),
      }));
      const error = new ResponseValidationError(op.name, issues, redactDeep(data, this.#secrets));
      return { ok: false, error, failure: { kind: "response" }, event };
    }
    return { ok: true, value: parsed.data, event };
  }

  // redactDeep copies plain data, so hooks also get their own copy of the body to keep or edit.
  #emitRequest(build: () => RequestEvent): void {
    safeHook(this.#hooks.onRequest, () => redactDeep(build(), this.#secrets));
  }

  #emitResponse(event: ResponseEvent): void {
    safeHook(this.#hooks.onResponse, () => redactDeep(event, this.#secrets));
  }
}

/**
 * A method for the generated client that also offers `.all` auto-paging.
 * Throws a TypeError at creation when the operation declares no pagination (a generator bug).
 */
export function pagedMethod<I, O, Item = unknown>(
  rt: Runtime,
  op: OperationDef<I, O>,
): ((input?: I, options?: RequestOptions) => Promise<O>) & {
  all(input?: I, options?: RequestOptions): AsyncIterable<Item>;
} {
  if (!op.pagination) throw new TypeError(`${op.name} is not paginated, so it has no .all`);
  const method = (input?: I, options?: RequestOptions): Promise<O> => rt.call(op, input, options);
  return Object.assign(method, {
    all: (input?: I, options?: RequestOptions): AsyncIterable<Item> =>
      rt.paginate<I, O, Item>(op, input, options),
  });
}

/**
 * Hooks are for logging and metrics: one that throws must not turn a good call into a failed one.
 * The event is built inside the guard and only when someone listens.
 */
function safeHook<E>(hook: ((event: E) => void) | undefined, build: () => E): void {
  if (!hook) return;
  try {
    hook(build());
  } catch {
    // Deliberately ignored; see above.
  }
}

/**
 * A signal that aborts when the caller's does or after `timeoutMs`, whichever comes first. Hand-rolled
 * rather than AbortSignal.any so the listener on a long-lived caller signal is removed after each attempt.
 */
function linkTimeout(
  callerSignal: AbortSignal | undefined,
  timeoutMs: number,
): { signal: AbortSignal; timedOut: () => boolean; dispose: () => void } {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`no response within ${timeoutMs} ms`, "TimeoutError"));
  }, timeoutMs);
  const onAbort = (): void => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) onAbort();
  else callerSignal?.addEventListener("abort", onAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose: () => {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onAbort);
    },
  };
}

function headersToRecord(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

function parseJsonOrText(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function resolveBaseUrl(options: ClientOptions, defaults: RuntimeDefaults): string {
  let url: string;
  if (options.baseUrl !== undefined) {
    url = options.baseUrl;
  } else {
    const region = options.region ?? defaults.defaultRegion;
    const server = Object.hasOwn(defaults.servers, region) ? defaults.servers[region] : undefined;
    if (server === undefined) {
      const known = Object.keys(defaults.servers)
        .map((r) => JSON.stringify(r))
        .join(", ");
      throw new ConfigurationError(
        `unknown region ${JSON.stringify(region)}: expected one of ${known}, or pass baseUrl`,
      );
    }
    url = server;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigurationError(`baseUrl ${JSON.stringify(url)} is not an absolute URL`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new ConfigurationError(`baseUrl must be http(s), not ${parsed.protocol}`);
  }
  if (parsed.search || parsed.hash) throw new ConfigurationError("baseUrl must not have a query or fragment");
  return url.replace(/\/+$/, "");
}

/** fetch would reject a header value with control characters, quoting it in the error: check it here, silently. */
function checkToken(token: unknown): string {
  if (typeof token !== "string" || token.trim() === "") {
    throw new ConfigurationError("token is required: an Intercom access token");
  }
  if (/[\0-\x1f\x7f]/.test(token) || token !== token.trim()) {
    throw new ConfigurationError("token contains whitespace at its ends or control characters");
  }
  return token;
}

function checkHeaderValue(option: string, value: unknown): string {
  if (typeof value !== "string" || value === "" || /[\0-\x1f\x7f]/.test(value)) {
    throw new ConfigurationError(`${option} must be a non-empty string without control characters`);
  }
  return value;
}

function checkNumber(option: string, value: unknown, rule: { min: number; integer?: boolean }): number {
  if (
    typeof value !== "number" ||
    !Number.isFinite(value) ||
    value < rule.min ||
    (rule.integer && !Number.isInteger(value))
  ) {
    throw new ConfigurationError(
      `${option} must be ${rule.integer ? "an integer" : "a number"} >= ${rule.min}, not ${String(value)}`,
    );
  }
  return value;
}
