/** retry.ts: when to retry and how long to wait. */
import { describe, expect, it } from "vitest";
import {
  backoffDelay,
  isIdempotent,
  isNetworkError,
  isRetryable,
  parseRateLimitReset,
  parseRetryAfter,
  retryDelay,
  serverWaitHint,
} from "../../generator/runtime/index.ts";
import { sleep } from "../../generator/runtime/retry.ts";

const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);

describe("parseRetryAfter", () => {
  it("reads delta seconds", () => {
    expect(parseRetryAfter("3", NOW)).toBe(3000);
    expect(parseRetryAfter(" 0 ", NOW)).toBe(0);
    expect(parseRetryAfter("1.5", NOW)).toBe(1500);
  });

  it("reads an HTTP date relative to now, never negative", () => {
    expect(parseRetryAfter(new Date(NOW + 5000).toUTCString(), NOW)).toBe(5000);
    expect(parseRetryAfter(new Date(NOW - 5000).toUTCString(), NOW)).toBe(0);
  });

  it("returns undefined when absent or unreadable", () => {
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
    expect(parseRetryAfter("", NOW)).toBeUndefined();
    expect(parseRetryAfter("soon", NOW)).toBeUndefined();
    expect(parseRetryAfter("-3", NOW)).toBeUndefined();
  });
});

describe("parseRateLimitReset", () => {
  it("turns Unix seconds into a wait from now, never negative", () => {
    expect(parseRateLimitReset(String(NOW / 1000 + 10), "unix-seconds", NOW)).toBe(10_000);
    expect(parseRateLimitReset(String(NOW / 1000 + 10), undefined, NOW)).toBe(10_000);
    expect(parseRateLimitReset(String(NOW / 1000 - 10), "unix-seconds", NOW)).toBe(0);
  });

  it("reads delta seconds and delta milliseconds as they are", () => {
    expect(parseRateLimitReset("7", "seconds", NOW)).toBe(7000);
    expect(parseRateLimitReset("0.25", "seconds", NOW)).toBe(250);
    expect(parseRateLimitReset("1500", "milliseconds", NOW)).toBe(1500);
  });

  it("returns undefined when unreadable", () => {
    expect(parseRateLimitReset("x", "seconds", NOW)).toBeUndefined();
    expect(parseRateLimitReset("-3", "seconds", NOW)).toBeUndefined();
    expect(parseRateLimitReset(" ", "unix-seconds", NOW)).toBeUndefined();
    expect(parseRateLimitReset(undefined, "unix-seconds", NOW)).toBeUndefined();
  });
});

describe("serverWaitHint", () => {
  const reset = String(NOW / 1000 + 8);
  const unix = { resetHeader: "X-RateLimit-Reset", resetUnit: "unix-seconds" } as const;

  it("prefers Retry-After, then the API's reset header on a 429", () => {
    expect(serverWaitHint(429, { "retry-after": "2", "x-ratelimit-reset": reset }, unix, NOW)).toBe(2000);
    expect(serverWaitHint(429, { "x-ratelimit-reset": reset }, unix, NOW)).toBe(8000);
    expect(
      serverWaitHint(429, { "ratelimit-reset": "3" }, {
        resetHeader: "RateLimit-Reset",
        resetUnit: "seconds",
      }, NOW),
    ).toBe(3000);
  });

  it("honours Retry-After on any status, the reset header only on a 429 and only when the API names it", () => {
    expect(serverWaitHint(503, { "x-ratelimit-reset": reset }, unix, NOW)).toBeUndefined();
    expect(serverWaitHint(503, { "retry-after": "4" }, unix, NOW)).toBe(4000);
    expect(serverWaitHint(503, { "retry-after": new Date(NOW + 9000).toUTCString() }, {}, NOW)).toBe(9000);
    expect(serverWaitHint(429, {}, unix, NOW)).toBeUndefined();
    expect(serverWaitHint(429, { "x-ratelimit-reset": reset }, {}, NOW)).toBeUndefined();
  });
});

describe("backoffDelay", () => {
  it("grows exponentially from the base up to the cap, scaled by the jitter", () => {
    const top = () => 0.999999;
    expect(backoffDelay(0, 100, 10_000, top)).toBe(99);
    expect(backoffDelay(1, 100, 10_000, top)).toBe(199);
    expect(backoffDelay(3, 100, 10_000, top)).toBe(799);
    expect(backoffDelay(20, 100, 10_000, top)).toBe(9999);
  });

  it("uses full jitter: anywhere from 0 to the ceiling", () => {
    expect(backoffDelay(2, 100, 10_000, () => 0)).toBe(0);
    expect(backoffDelay(2, 100, 10_000, () => 0.5)).toBe(200);
    for (let i = 0; i < 50; i++) {
      const d = backoffDelay(2, 100, 10_000);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(400);
    }
  });
});

describe("retryDelay", () => {
  it("follows a positive server hint, capped at maxMs", () => {
    expect(retryDelay({ retry: 0, baseMs: 10, maxMs: 30_000, hintMs: 2000 })).toBe(2000);
    expect(retryDelay({ retry: 0, baseMs: 10, maxMs: 500, hintMs: 2000 })).toBe(500);
  });

  it("falls back to jittered backoff without a hint or with a zero one", () => {
    expect(retryDelay({ retry: 1, baseMs: 10, maxMs: 500, random: () => 0.5 })).toBe(10);
    expect(retryDelay({ retry: 1, baseMs: 10, maxMs: 500, hintMs: 0, random: () => 0.5 })).toBe(10);
  });
});

describe("isRetryable", () => {
  it("retries 429 for every method", () => {
    for (const m of ["GET", "POST", "PUT", "PATCH", "DELETE"] as const) {
      expect(isRetryable(m, { kind: "status", status: 429 })).toBe(true);
    }
  });

  it("retries 5xx only for GET, PUT and DELETE", () => {
    expect(isRetryable("GET", { kind: "status", status: 500 })).toBe(true);
    expect(isRetryable("PUT", { kind: "status", status: 502 })).toBe(true);
    expect(isRetryable("DELETE", { kind: "status", status: 503 })).toBe(true);
    expect(isRetryable("POST", { kind: "status", status: 500 })).toBe(false);
    expect(isRetryable("PATCH", { kind: "status", status: 503 })).toBe(false);
  });

  it("never retries other statuses", () => {
    for (const status of [400, 401, 403, 404, 409, 422]) {
      expect(isRetryable("GET", { kind: "status", status })).toBe(false);
    }
  });

  it("retries connection failures for every method, but a body cut off mid-way only for idempotent ones", () => {
    expect(isRetryable("POST", { kind: "connection", retryable: true, afterResponse: false })).toBe(true);
    expect(isRetryable("POST", { kind: "connection", retryable: true, afterResponse: true })).toBe(false);
    expect(isRetryable("GET", { kind: "connection", retryable: true, afterResponse: true })).toBe(true);
    expect(isRetryable("GET", { kind: "connection", retryable: false, afterResponse: false })).toBe(false);
  });

  it("retries timeouts only for idempotent methods and never an unusable 2xx", () => {
    expect(isRetryable("GET", { kind: "timeout" })).toBe(true);
    expect(isRetryable("POST", { kind: "timeout" })).toBe(false);
    expect(isRetryable("GET", { kind: "response" })).toBe(false);
    expect(isIdempotent("PUT")).toBe(true);
    expect(isIdempotent("PATCH")).toBe(false);
  });
});

describe("isNetworkError", () => {
  it("recognises fetch failures and socket codes along the cause chain", () => {
    expect(
      isNetworkError(
        new TypeError("fetch failed", { cause: Object.assign(new Error("x"), { code: "ECONNREFUSED" }) }),
      ),
    ).toBe(true);
    expect(isNetworkError(Object.assign(new Error("reset"), { code: "ECONNRESET" }))).toBe(true);
    expect(isNetworkError(new TypeError("terminated"))).toBe(true);
  });

  it("does not retry errors that cannot heal", () => {
    expect(
      isNetworkError(
        new TypeError("Failed to parse URL", {
          cause: Object.assign(new Error("x"), { code: "ERR_INVALID_URL" }),
        }),
      ),
    ).toBe(false);
    expect(isNetworkError(new RangeError("bug"))).toBe(false);
  });
});

describe("sleep", () => {
  it("resolves after the delay", async () => {
    const start = Date.now();
    await sleep(20);
    expect(Date.now() - start).toBeGreaterThanOrEqual(15);
  });

  it("rejects with the signal's reason when aborted, before or during the wait", async () => {
    const reason = new Error("stop");
    await expect(sleep(10, AbortSignal.abort(reason))).rejects.toBe(reason);
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });
});
