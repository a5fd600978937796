/**
 * When to retry and how long to wait: pure functions, plus an abortable sleep.
 */
import { headerValue } from "./errors.js";
import type { ApiDef, HttpMethod } from "./types.js";

type ResetUnit = NonNullable<ApiDef["rateLimit"]["resetUnit"]>;

/** Methods whose repetition cannot create a second resource or a second side effect. */
const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set<HttpMethod>(["GET", "PUT", "DELETE"]);

export function isIdempotent(method: HttpMethod): boolean {
  return IDEMPOTENT.has(method);
}

/** Why an attempt failed, as far as retrying is concerned. */
export type AttemptFailure =
  | { kind: "status"; status: number }
  /** `afterResponse`: the status line arrived but reading the body failed, so the server did act. */
  | { kind: "connection"; retryable: boolean; afterResponse: boolean }
  | { kind: "timeout" }
  /**
   * A 2xx whose body is unusable (repeating it would repeat its side effect for the same bad answer), or
   * a body past `maxResponseBytes` (the same request would bring the same body).
   */
  | { kind: "response" };

/**
 * 429 and failures to connect are retried for every method: the server did not act (or asked us to
 * come back). 5xx, timeouts and a body cut off mid-way may follow a completed action, so only
 * idempotent methods are retried then.
 */
export function isRetryable(method: HttpMethod, failure: AttemptFailure): boolean {
  switch (failure.kind) {
    case "status":
      if (failure.status === 429) return true;
      return failure.status >= 500 && isIdempotent(method);
    case "connection":
      return failure.retryable && (!failure.afterResponse || isIdempotent(method));
    case "timeout":
      return isIdempotent(method);
    case "response":
      return false;
  }
}

const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_CLOSED",
]);

/** The first error code found along the cause chain (undici puts the socket error under `cause`). */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && code) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * fetch reports network failures as a TypeError ("fetch failed", "terminated") with the socket error's
 * code in the cause chain. A code outside the network set (an invalid URL, a bad header) will not heal
 * by retrying; a bare TypeError without any code is given the benefit of the doubt.
 */
export function isNetworkError(error: unknown): boolean {
  const code = networkErrorCode(error);
  if (code !== undefined) return NETWORK_CODES.has(code);
  return error instanceof TypeError;
}

/** `Retry-After` as milliseconds from `now`: delta seconds or an HTTP date; undefined when unreadable. */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date always names a day and month; without letters, Date.parse would read "-3" as 2001.
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * A rate-limit reset header as milliseconds from `now`. `unix-seconds` (the default) is the moment the
 * window resets; `seconds` and `milliseconds` are how long until it does. Undefined when unreadable.
 */
export function parseRateLimitReset(
  value: string | null | undefined,
  unit: ResetUnit = "unix-seconds",
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined || value.trim() === "") return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) return undefined;
  if (unit === "seconds") return Math.round(n * 1000);
  if (unit === "milliseconds") return Math.round(n);
  return Math.max(0, Math.round(n * 1000 - now));
}

/**
 * How long the server asked us to wait, uncapped. `Retry-After` always counts; the API's reset header
 * (named in `ApiDef.rateLimit`) only on a 429: some APIs send it on every response, and a 503 should not
 * wait for the rate-limit window.
 */
export function serverWaitHint(
  status: number,
  headers: Record<string, string>,
  rateLimit: ApiDef["rateLimit"] = {},
  now: number = Date.now(),
): number | undefined {
  const retryAfter = parseRetryAfter(headerValue(headers, "retry-after"), now);
  if (retryAfter !== undefined) return retryAfter;
  if (status !== 429 || !rateLimit.resetHeader) return undefined;
  return parseRateLimitReset(headerValue(headers, rateLimit.resetHeader), rateLimit.resetUnit, now);
}

/**
 * Full jitter: a uniform wait in [0, min(maxMs, baseMs · 2^retry)), so that many clients hit by the same
 * outage do not come back in lockstep. `retry` counts from 0.
 */
export function backoffDelay(
  retry: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/** The server's hint when it gave a positive one, else backoff; never more than `maxMs`. */
export function retryDelay(options: {
  retry: number;
  baseMs: number;
  maxMs: number;
  hintMs?: number | undefined;
  random?: () => number;
}): number {
  const { retry, baseMs, maxMs, hintMs, random } = options;
  if (hintMs !== undefined && hintMs > 0) return Math.min(hintMs, maxMs);
  return backoffDelay(retry, baseMs, maxMs, random);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
