/**
 * The HTTP runtime behind the generated client: one pipeline that checks, sends, retries and parses
 * (`call`); paging (`paginate`, `pagedMethod`) is built on it in paging.ts. Every API convention (servers, credentials, headers, error
 * body shape, rate-limit headers, paging) comes from the `ApiDef` and `OperationDef` it is given.
 */
import { resolveAuth, withQueryKey, type ResolvedAuth } from "./auth.js";
import { checkPath, isRecord, setOwn } from "./data.js";
import {
  ConfigurationError,
  ConnectionError,
  createApiError,
  formatIssuePath,
  requestIdOf,
  ResponseParseError,
  ResponseTooLargeError,
  ResponseValidationError,
  RiskError,
  TimeoutError,
  ValidationError,
  type FieldIssue,
} from "./errors.js";
import type { Page, PageRequest } from "./paging.js";
import { redactDeep, redactedSnippet, redactString, scrubError, secretVariants } from "./redact.js";
import {
  applyDefaults,
  buildBody,
  buildHeaders,
  buildPath,
  buildQuery,
  buildUrl,
  headerParamIssues,
  headerParams,
  isRisk,
  isValidHeaderName,
  isValidHeaderValue,
  pathParamIssues,
  redactHeaders,
  riskAllowed,
} from "./request.js";
import {
  isNetworkError,
  isRetryable,
  networkErrorCode,
  retryDelay,
  serverWaitHint,
  sleep,
  type AttemptFailure,
} from "./retry.js";
import type {
  ApiDef,
  ClientHooks,
  ClientOptions,
  HttpMethod,
  OperationDef,
  RequestEvent,
  RequestOptions,
  ResponseEvent,
  Risk,
} from "./types.js";

const DEFAULT_MAX_RISK: Risk = "write";
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_RETRY_BASE_MS = 500;
const DEFAULT_RETRY_MAX_MS = 30_000;
const DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024;

/** Everything `send` needs; built once per call, reused by every attempt. */
interface PreparedRequest {
  method: HttpMethod;
  url: string;
  /** `url` for errors and hooks: a query API key, or a server cursor echoing a credential, reads `***`. */
  shownUrl: string;
  headers: Record<string, string>;
  body: Record<string, unknown> | undefined;
}

/** A successful attempt: what the call returns, and the response headers as sent (for paging). */
interface Success {
  value: unknown;
  rawHeaders: Record<string, string>;
}

type AttemptResult =
  | { ok: true; success: Success; event: AttemptEvent }
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
  // Private (#) so that inspecting or serialising a Runtime never shows a credential.
  readonly #auth: ResolvedAuth;
  /** Every spelling of every secret, scrubbed from anything that came from outside. */
  readonly #secrets: readonly string[];
  readonly #apiHeaders: readonly (readonly [string, string])[];
  readonly #errorPaths: ApiDef["errors"];
  readonly #rateLimit: ApiDef["rateLimit"];
  readonly #userAgent: string;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  readonly #retryBaseMs: number;
  readonly #retryMaxMs: number;
  readonly #maxResponseBytes: number;
  readonly #fetch: typeof fetch;
  readonly #hooks: ClientHooks;

  /**
   * Checks everything it can before the first request: credentials (ConfigurationError naming the
   * option, never quoting its value), server, headers, numbers.
   */
  constructor(options: ClientOptions, api: ApiDef) {
    if (typeof options !== "object" || options === null) {
      throw new ConfigurationError("options must be an object");
    }
    if (typeof api !== "object" || api === null || typeof api.auth !== "object" || api.auth === null) {
      throw new ConfigurationError("the API definition (with its auth) is missing: a generator bug");
    }
    this.#auth = resolveAuth(api.auth, options);
    this.#secrets = secretVariants(this.#auth.secrets);
    this.baseUrl = resolveBaseUrl(options, api);
    this.maxRisk = options.maxRisk ?? DEFAULT_MAX_RISK;
    if (!isRisk(this.maxRisk)) {
      throw new ConfigurationError(
        `maxRisk must be "read", "write" or "destructive", not ${JSON.stringify(this.maxRisk)}`,
      );
    }
    this.#apiHeaders = resolveApiHeaders(options, api);
    this.#errorPaths = checkErrorPaths(api.errors ?? {});
    this.#rateLimit = api.rateLimit ?? {};
    this.#userAgent = checkHeaderOption("userAgent", options.userAgent ?? api.userAgent);
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
    this.#maxResponseBytes = checkNumber(
      "maxResponseBytes",
      options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      { min: 0, integer: true },
    );
    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== "function")
      throw new ConfigurationError("no fetch available: pass options.fetch");
    this.#fetch = fetchImpl;
    this.#hooks = options.hooks ?? {};
  }

  /**
   * Runs one operation. Order: risk check, input validation, then I/O; neither check sends anything.
   * `input` may be omitted when the operation has no required input (it then stands for `{}`).
   * Resolves to the validated output, or to undefined for an operation without `output`.
   * Rejects with a `ClientError`, or with `options.signal.reason` when the caller aborts.
   */
  async call<I, O>(op: OperationDef<I, O>, input?: I, options: RequestOptions = {}): Promise<O> {
    const success = await this.#run(op as OperationDef<unknown, unknown>, { input }, options);
    return success.value as O;
  }

  /**
   * One page of a paginated operation: a full call (risk check, validation, retries, hooks) with the
   * page's input, and for link paging its URL. What `paginate` (paging.ts) iterates with; it lives
   * outside this class so that a consumer who never pages does not bundle the paging code.
   */
  async fetchPage(op: OperationDef<unknown, unknown>, request: PageRequest, options: RequestOptions = {}): Promise<Page> {
    const prepared: { url?: string } = {};
    const success = await this.#run(op, request, options, prepared);
    return { data: success.value, headers: success.rawHeaders, url: prepared.url ?? this.baseUrl };
  }

  /** `text` with this client's credentials (in every spelling) replaced: for messages that quote the server. */
  redact(text: string): string {
    return redactString(text, this.#secrets);
  }

  /** Checks, prepares and sends one request; `request.url` (link paging) replaces the URL from the input. */
  async #run(
    op: OperationDef<unknown, unknown>,
    request: PageRequest,
    options: RequestOptions,
    prepared: { url?: string } = {},
  ): Promise<Success> {
    if (!riskAllowed(op.risk, this.maxRisk)) throw new RiskError(op.name, op.risk, this.maxRisk);
    const data = this.#validateInput(op, request.input);
    options.signal?.throwIfAborted();
    const built = this.#prepare(op, data, request.url);
    prepared.url = built.url;
    return this.#send(op, built, options);
  }

  #validateInput(op: OperationDef<unknown, unknown>, input: unknown): Record<string, unknown> {
    const parsed = op.input.safeParse(applyDefaults(op.params, input ?? {}));
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({
        path: formatIssuePath(issue.path),
        message: redactString(issue.message, this.#secrets),
      }));
      throw new ValidationError(op.name, issues);
    }
    const data = parsed.data;
    if (!isRecord(data)) {
      throw new ValidationError(op.name, [{ path: "(root)", message: "the input must be an object" }]);
    }
    const issues = [...pathParamIssues(op.params, data), ...headerParamIssues(op.params, data)];
    if (issues.length > 0) throw new ValidationError(op.name, issues);
    return data;
  }

  #prepare(
    op: OperationDef<unknown, unknown>,
    data: Record<string, unknown>,
    nextUrl?: string,
  ): PreparedRequest {
    let url: string;
    if (nextUrl === undefined) {
      const pathValues: Record<string, unknown> = {};
      for (const param of op.params) {
        if (param.in === "path") setOwn(pathValues, param.name, data[param.name]);
      }
      const query = buildQuery(op.params, data, op.constants);
      if (this.#auth.query) query.set(this.#auth.query.name, this.#auth.query.value);
      url = buildUrl(this.baseUrl, buildPath(op.path, pathValues), query);
    } else {
      // A server's next link, requested as-is; only the query API key is put (back) in, exactly once.
      url = withQueryKey(nextUrl, this.#auth.query);
    }
    const body = buildBody(op.method, op.params, data, op.constants);
    const headers = buildHeaders({
      userAgent: this.#userAgent,
      apiHeaders: this.#apiHeaders,
      paramHeaders: headerParams(op.params, data),
      authHeaders: this.#auth.headers,
      hasBody: body !== undefined,
    });
    return { method: op.method, url, shownUrl: redactString(url, this.#secrets), headers, body };
  }

  async #send(
    op: OperationDef<unknown, unknown>,
    request: PreparedRequest,
    options: RequestOptions,
  ): Promise<Success> {
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
        headers: redactHeaders(request.headers, this.#auth.sensitiveHeaders),
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
        return result.success;
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
    let rawHeaders: Record<string, string>;
    let headers: Record<string, string>;
    let text: string | undefined;
    try {
      try {
        response = await this.#fetch(request.url, {
          method: request.method,
          headers: request.headers,
          body: payload,
          signal: deadline.signal,
          // Following a redirect could carry the credentials to another host.
          redirect: "manual",
        });
      } catch (error) {
        return failed(error, false, noResponse());
      }
      rawHeaders = headersToRecord(response.headers);
      headers = redactDeep(rawHeaders, this.#secrets);
      try {
        text = await readBody(response, this.#maxResponseBytes);
      } catch (error) {
        return failed(error, true, { status: response.status, headers, durationMs: elapsed() });
      }
    } finally {
      deadline.dispose();
    }

    const event: AttemptEvent = { status: response.status, headers, durationMs: elapsed() };
    if (text === undefined) {
      const error = new ResponseTooLargeError(
        op.name,
        request.method,
        request.shownUrl,
        response.status,
        this.#maxResponseBytes,
      );
      const requestId = requestIdOf(undefined, headers, this.#errorPaths);
      if (requestId) event.requestId = requestId;
      return { ok: false, error, failure: { kind: "response" }, event };
    }

    if (response.status >= 200 && response.status < 300) {
      return this.#readSuccess(op, response.status, rawHeaders, headers, text, event);
    }
    // Redacted in full before anything is read from it or cut short for a message.
    let body: unknown;
    try {
      body = redactDeep(parseJsonOrText(text), this.#secrets);
    } catch (error) {
      // JSON nested deeper than the stack: kept as (redacted) text, like any body that cannot be read.
      if (!(error instanceof RangeError)) throw error;
      body = redactString(text, this.#secrets);
    }
    const hintMs = serverWaitHint(response.status, headers, this.#rateLimit);
    const error = createApiError({
      operation: op.name,
      method: request.method,
      url: request.shownUrl,
      status: response.status,
      headers,
      body,
      errorPaths: this.#errorPaths,
      rateLimitHeaders: this.#rateLimit,
      ...(response.status === 429 && hintMs !== undefined ? { retryAfterMs: hintMs } : {}),
    });
    if (error.requestId) event.requestId = error.requestId;
    return { ok: false, error, failure: { kind: "status", status: response.status }, hintMs, event };
  }

  /**
   * A 2xx. An operation without `output` resolves to undefined whatever the body. Otherwise the body is
   * parsed and validated; an empty body (204, or a bare 200) is validated as `{}`, so an output whose
   * fields are all optional accepts it and one with required fields reports them missing.
   */
  #readSuccess(
    op: OperationDef<unknown, unknown>,
    status: number,
    rawHeaders: Record<string, string>,
    headers: Record<string, string>,
    text: string,
    event: AttemptEvent,
  ): AttemptResult {
    if (!op.output) {
      const requestId = requestIdOf(undefined, headers, this.#errorPaths);
      if (requestId) event.requestId = requestId;
      return { ok: true, success: { value: undefined, rawHeaders }, event };
    }
    const unreadable = (reason?: string): AttemptResult => {
      const error = new ResponseParseError(
        op.name,
        status,
        headers["content-type"],
        // Redact the whole body, then cut: a cut first could leave most of a secret in the snippet.
        redactedSnippet(text, this.#secrets),
        reason,
      );
      return { ok: false, error, failure: { kind: "response" }, event };
    };
    let data: unknown = {};
    if (text.trim() !== "") {
      try {
        data = JSON.parse(text);
      } catch {
        return unreadable();
      }
    }
    try {
      const requestId = requestIdOf(data, headers, this.#errorPaths);
      if (requestId) event.requestId = requestId;
      const parsed = op.output.safeParse(data);
      if (!parsed.success) {
        const issues: FieldIssue[] = parsed.error.issues.map((issue) => ({
          path: formatIssuePath(issue.path),
          message: redactString(issue.message, this.#secrets),
        }));
        const error = new ResponseValidationError(op.name, issues, redactDeep(data, this.#secrets));
        return { ok: false, error, failure: { kind: "response" }, event };
      }
      return { ok: true, success: { value: parsed.data, rawHeaders }, event };
    } catch (error) {
      // JSON nested deeper than the stack: validating or copying it overflows. A server's doing, not a bug.
      if (error instanceof RangeError) return unreadable("is nested too deeply to read");
      throw error;
    }
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

/**
 * The body as text, read as a stream and given up past `maxBytes` (undefined then; the rest is not
 * read and the connection is closed). A declared Content-Length over the cap is refused unread.
 * Errors while reading (reset, timeout, abort) are thrown for the caller to classify.
 */
async function readBody(response: Response, maxBytes: number): Promise<string | undefined> {
  const declared = response.headers.get("content-length");
  if (declared !== null && /^\s*\d+\s*$/.test(declared) && Number(declared) > maxBytes) {
    void response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let received = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      void reader.cancel().catch(() => undefined);
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/** Lower-cased names; built with own properties, so a header named `__proto__` stays a header. */
function headersToRecord(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    setOwn(out, name, value);
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

/** `options[api.serverOption]` picks one of `api.servers` (else `api.defaultServer`); `baseUrl` overrides. */
function resolveBaseUrl(options: ClientOptions, api: ApiDef): string {
  let url: string;
  if (options.baseUrl !== undefined) {
    url = options.baseUrl;
  } else {
    const servers = api.servers ?? {};
    const option = api.serverOption;
    const name: unknown = (option ? options[option] : undefined) ?? api.defaultServer;
    const server = typeof name === "string" && Object.hasOwn(servers, name) ? servers[name] : undefined;
    if (server === undefined) {
      const known = Object.keys(servers)
        .map((s) => JSON.stringify(s))
        .join(", ");
      throw new ConfigurationError(
        `unknown ${option || "server"} ${JSON.stringify(name)}: ` +
          `expected one of ${known || "(none)"}, or pass baseUrl`,
      );
    }
    url = server;
  }
  if (typeof url !== "string") throw new ConfigurationError("baseUrl must be a string");
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
  if (parsed.username || parsed.password) {
    throw new ConfigurationError("baseUrl must not carry credentials; use the client's auth options");
  }
  return url.replace(/\/+$/, "");
}

/**
 * Each of the API's headers with `options[h.option] ?? h.default`. A required one without a value is a
 * ConfigurationError; an optional one without a value is not sent.
 */
function resolveApiHeaders(options: ClientOptions, api: ApiDef): [string, string][] {
  const out: [string, string][] = [];
  for (const header of api.headers ?? []) {
    if (!isValidHeaderName(header.name)) {
      throw new ConfigurationError(
        `the API definition's header name ${JSON.stringify(header.name)} is not valid`,
      );
    }
    const value: unknown = options[header.option] ?? header.default;
    if (value === undefined || value === "") {
      if (header.required) {
        throw new ConfigurationError(`${header.option} is required: the value of the ${header.name} header`);
      }
      continue;
    }
    out.push([header.name, checkHeaderOption(header.option, value)]);
  }
  return out;
}

function checkErrorPaths(paths: ApiDef["errors"]): ApiDef["errors"] {
  for (const key of ["message", "code", "requestId"] as const) {
    const path = paths[key];
    if (path === undefined) continue;
    try {
      checkPath(path);
    } catch (error) {
      throw new ConfigurationError(`the API definition's errors.${key}: ${(error as Error).message}`);
    }
  }
  return paths;
}

/** fetch would reject a header value with control characters, quoting it in its error: check it here. */
function checkHeaderOption(option: string, value: unknown): string {
  if (typeof value !== "string" || value === "") {
    throw new ConfigurationError(`${option} must be a non-empty string`);
  }
  if (!isValidHeaderValue(value)) {
    throw new ConfigurationError(
      `${option} must not contain line breaks, control characters or characters above U+00FF`,
    );
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
