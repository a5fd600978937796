/** Retries, timeouts and aborts end to end against a loopback node:http server. */
import { describe, expect, it } from "vitest";
import {
  ConnectionError,
  InternalServerError,
  RateLimitError,
  TimeoutError,
  type HttpMethod,
} from "../../generator/runtime/index.ts";
import {
  petsGet,
  catchError,
  closedPortUrl,
  petsAddTag,
  apiError,
  errorList,
  INTERCOM_LIKE,
  opFor,
  recordHooks,
  runtimeFor,
  sendJson,
  serversPerTest,
  type TestServer,
} from "./helpers.ts";

const serve = serversPerTest();

const ALL_METHODS: HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

describe("429", () => {
  it.each(ALL_METHODS)("is retried for %s", async (method) => {
    const s = await serve((_req, res, i) =>
      i === 0 ? sendJson(res, 429, apiError("rate_limit_exceeded", "Slow down")) : sendJson(res, 200, {})
    );
    await expect(runtimeFor(s, { maxRisk: "destructive" }).call(opFor(method, "read"), {})).resolves.toEqual(
      {},
    );
    expect(s.requests.map((r) => r.method)).toEqual([method, method]);
  });

  it("waits as long as Retry-After says, capped by retryDelay.maxMs", async () => {
    const s = await serve((_req, res, i) =>
      i === 0
        ? sendJson(res, 429, apiError("rate_limit_exceeded", "Slow down"), { "Retry-After": "1" })
        : sendJson(res, 200, { type: "pet", id: "1" })
    );
    const h = recordHooks();
    const started = Date.now();
    await runtimeFor(s, { hooks: h.hooks, retryDelay: { baseMs: 1, maxMs: 60 } }).call(petsGet, {
      id: "1",
    });
    // Backoff alone would wait at most 1 ms here, so 60 means the header was read and then capped.
    expect(h.responses[0]?.retryInMs).toBe(60);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  it("waits until a Retry-After HTTP date", async () => {
    const s = await serve((_req, res, i) =>
      i === 0
        ? sendJson(res, 429, apiError("rate_limit_exceeded", "Slow down"), {
          "Retry-After": new Date(Date.now() + 20_000).toUTCString(),
        })
        : sendJson(res, 200, { type: "pet", id: "1" })
    );
    const h = recordHooks();
    await runtimeFor(s, { hooks: h.hooks, retryDelay: { baseMs: 1, maxMs: 45 } }).call(petsGet, { id: "1" });
    expect(h.responses[0]?.retryInMs).toBe(45);
  });

  it("honours the API's reset header in its unit (delta seconds here) when there is no Retry-After", async () => {
    const s = await serve((_req, res, i) =>
      i === 0
        ? sendJson(res, 429, apiError("rate_limit_exceeded", "Slow down"), { "RateLimit-Reset": "0.03" })
        : sendJson(res, 200, { type: "pet", id: "1" })
    );
    const h = recordHooks();
    await runtimeFor(s, { hooks: h.hooks, retryDelay: { baseMs: 1, maxMs: 10_000 } }).call(petsGet, {
      id: "1",
    });
    expect(h.responses[0]?.retryInMs).toBe(30);
  });

  it("honours a Unix-seconds reset header, but only on a 429", async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 2);
    const s = await serve((_req, res, i) =>
      i === 0
        ? sendJson(res, 429, errorList("rate_limit_exceeded", "Slow down"), { "X-RateLimit-Reset": reset })
        : i === 1
        ? sendJson(res, 503, errorList("unavailable", "Down"), { "X-RateLimit-Reset": reset })
        : sendJson(res, 200, { type: "pet", id: "1" })
    );
    const h = recordHooks();
    await runtimeFor(s, { hooks: h.hooks, retryDelay: { baseMs: 1, maxMs: 40 } }, INTERCOM_LIKE).call(
      petsGet,
      {
        id: "1",
      },
    );
    expect(h.responses[0]?.retryInMs).toBe(40);
    // The 503's reset header is ignored: backoff from 1 ms, so far below the 40 ms cap.
    expect(h.responses[1]?.retryInMs).toBeLessThan(5);
    // The PETS_API names another header: the same response gives no hint there.
    const t = await serve((_req, res, i) =>
      i === 0
        ? sendJson(res, 429, apiError("rate_limit_exceeded", "Slow down"), { "X-RateLimit-Reset": reset })
        : sendJson(res, 200, { type: "pet", id: "1" })
    );
    const g = recordHooks();
    await runtimeFor(t, { hooks: g.hooks, retryDelay: { baseMs: 1, maxMs: 40 } }).call(petsGet, {
      id: "1",
    });
    expect(g.responses[0]?.retryInMs).toBeLessThan(5);
  });

  it("gives up after maxRetries with a RateLimitError carrying the wait hint and the API's rate-limit headers", async () => {
    const reset = Math.floor(Date.now() / 1000) + 30;
    const s = await serve((_req, res) =>
      sendJson(res, 429, errorList("rate_limit_exceeded", "Slow down", "rl-1"), {
        "X-RateLimit-Limit": "1000",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": String(reset),
        // Another API's names: not read.
        "RateLimit-Limit": "7",
      })
    );
    const error = await catchError(
      runtimeFor(s, { maxRetries: 2 }, INTERCOM_LIKE).call(petsGet, { id: "1" }),
    );
    expect(error).toBeInstanceOf(RateLimitError);
    const r = error as RateLimitError;
    expect(r.status).toBe(429);
    expect(r.requestId).toBe("rl-1");
    expect(r.rateLimit).toEqual({ limit: 1000, remaining: 0, reset });
    expect(r.retryAfterMs).toBeGreaterThan(25_000);
    expect(r.retryAfterMs).toBeLessThanOrEqual(30_000);
    expect(r.message).toBe("pets.get: 429 rate_limit_exceeded: Slow down (request rl-1)");
    expect(s.requests).toHaveLength(3);
  });

  it("reads RateLimitError.rateLimit from the header names the API defines", async () => {
    const s = await serve((_req, res) =>
      sendJson(res, 429, apiError("rate_limit_exceeded", "Slow down"), {
        "RateLimit-Limit": "50",
        "RateLimit-Remaining": "0",
        "RateLimit-Reset": "12",
        "X-RateLimit-Limit": "1000",
      })
    );
    const error = await catchError(runtimeFor(s, { maxRetries: 0 }).call(petsGet, { id: "1" }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).rateLimit).toEqual({ limit: 50, remaining: 0, reset: 12 });
    expect((error as RateLimitError).retryAfterMs).toBe(12_000);
  });
});

describe("5xx", () => {
  it.each(["GET", "PUT", "DELETE"] as const)("is retried for %s", async (method) => {
    const s = await serve((_req, res, i) =>
      i < 2 ? sendJson(res, 500 + i * 3, apiError("server_error", "Oops")) : sendJson(res, 200, {})
    );
    await expect(runtimeFor(s).call(opFor(method, "read"), {})).resolves.toEqual({});
    expect(s.requests).toHaveLength(3);
  });

  it.each(["POST", "PATCH"] as const)("is never retried for %s", async (method) => {
    const s = await serve((_req, res) => sendJson(res, 500, apiError("server_error", "Oops")));
    await expect(runtimeFor(s).call(opFor(method), {})).rejects.toBeInstanceOf(InternalServerError);
    expect(s.requests).toHaveLength(1);
  });

  it("stops after maxRetries, from the client options or per request", async () => {
    const s = await serve((_req, res) => sendJson(res, 503, apiError("unavailable", "Down")));
    const rt = runtimeFor(s, { maxRetries: 3 });
    await expect(rt.call(petsGet, { id: "1" })).rejects.toBeInstanceOf(InternalServerError);
    expect(s.requests).toHaveLength(4);
    await expect(rt.call(petsGet, { id: "1" }, { maxRetries: 0 })).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(s.requests).toHaveLength(5);
  });

  it("uses the default of 2 retries", async () => {
    const s = await serve((_req, res) => sendJson(res, 500, apiError("server_error", "Oops")));
    await expect(
      runtimeFor(s, { maxRetries: undefined }).call(petsGet, { id: "1" }),
    ).rejects.toBeInstanceOf(InternalServerError);
    expect(s.requests).toHaveLength(3);
  });
});

describe("connection failures", () => {
  it("refused → retried for every method, then ConnectionError with the code and the cause", async () => {
    const url = await closedPortUrl();
    const h = recordHooks();
    const error = await catchError(
      runtimeFor(url, { hooks: h.hooks, maxRetries: 2 }).call(petsAddTag, {
        pet_id: "c",
        tag_id: "t",
      }),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    const c = error as ConnectionError;
    expect(c.code).toBe("ECONNREFUSED");
    expect(c.cause).toBeInstanceOf(TypeError);
    expect(c.operation).toBe("pets.addTag");
    expect(c.message).toMatch(
      /^pets\.addTag: connection failed \(POST http:\/\/127\.0\.0\.1:\d+\/pets\/c\/tags\): fetch failed \(ECONNREFUSED\)$/,
    );
    expect(h.requests.map((e) => e.attempt)).toEqual([1, 2, 3]);
    expect(h.responses.map((e) => e.status)).toEqual([undefined, undefined, undefined]);
    expect(h.responses.map((e) => e.retryInMs === undefined)).toEqual([false, false, true]);
  });

  it("reset before any response → retried, even for POST", async () => {
    const s = await serve((_req, res, i) => {
      if (i === 0) res.socket?.destroy();
      else sendJson(res, 200, { type: "tag", id: "t" });
    });
    await expect(runtimeFor(s).call(petsAddTag, { pet_id: "c", tag_id: "t" })).resolves.toEqual({
      type: "tag",
      id: "t",
    });
    expect(s.requests).toHaveLength(2);
  });

  function cutBodyServer(): Promise<TestServer> {
    return serve((_req, res, i) => {
      if (i > 0) return sendJson(res, 200, { type: "pet", id: "1" });
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "1000" });
      res.write('{"type":"adm');
      setTimeout(() => res.socket?.destroy(), 10);
    });
  }

  it("body cut off mid-way → retried for GET", async () => {
    const s = await cutBodyServer();
    await expect(runtimeFor(s).call(petsGet, { id: "1" })).resolves.toEqual({ type: "pet", id: "1" });
    expect(s.requests).toHaveLength(2);
  });

  it("body cut off mid-way → not retried for POST, whose effect may have happened", async () => {
    const s = await cutBodyServer();
    const h = recordHooks();
    const error = await catchError(
      runtimeFor(s, { hooks: h.hooks }).call(petsAddTag, { pet_id: "c", tag_id: "t" }),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(s.requests).toHaveLength(1);
    expect(h.responses[0]?.status).toBe(200);
  });
});

describe("timeouts", () => {
  function slowServer(delayMs: number): Promise<TestServer> {
    return serve((_req, res) => {
      setTimeout(() => sendJson(res, 200, { type: "pet", id: "1" }), delayMs).unref();
    });
  }

  // Attempts are counted with onRequest: under load a 50 ms timeout may fire before the server even
  // logs the request, and what matters here is the runtime's decision to retry or not.
  it("→ TimeoutError per attempt, retried for GET", async () => {
    const s = await slowServer(3000);
    const h = recordHooks();
    const started = Date.now();
    const error = await catchError(
      runtimeFor(s, { timeoutMs: 50, maxRetries: 1, hooks: h.hooks }).call(petsGet, { id: "1" }),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ operation: "pets.get", timeoutMs: 50 });
    expect((error as Error).message).toBe(
      `pets.get: no complete response within 50 ms (GET ${s.url}/pets/1)`,
    );
    expect(h.requests.map((e) => e.attempt)).toEqual([1, 2]);
    expect(h.responses.map((e) => e.error instanceof TimeoutError)).toEqual([true, true]);
    // Far below the server's 3 s: the timeout, not the server, ended both attempts.
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("→ not retried for POST", async () => {
    const s = await slowServer(3000);
    const h = recordHooks();
    await expect(
      runtimeFor(s, { timeoutMs: 50, hooks: h.hooks }).call(petsAddTag, { pet_id: "c", tag_id: "t" }),
    ).rejects.toBeInstanceOf(TimeoutError);
    expect(h.requests).toHaveLength(1);
    expect(h.responses[0]?.retryInMs).toBeUndefined();
  });

  it("also covers a body that trickles in too slowly", async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.write('{"type":');
      setTimeout(() => res.end('"pet","id":"1"}'), 300).unref();
    });
    await expect(
      runtimeFor(s, { timeoutMs: 40, maxRetries: 0 }).call(petsGet, { id: "1" }),
    ).rejects.toBeInstanceOf(TimeoutError);
  });

  it("can be set per request", async () => {
    const s = await slowServer(80);
    const rt = runtimeFor(s, { timeoutMs: 20, maxRetries: 0 });
    await expect(rt.call(petsGet, { id: "1" })).rejects.toBeInstanceOf(TimeoutError);
    await expect(rt.call(petsGet, { id: "1" }, { timeoutMs: 2000 })).resolves.toEqual({
      type: "pet",
      id: "1",
    });
  });
});

describe("caller abort", () => {
  it("mid-request rejects with the signal's reason and is not retried", async () => {
    const controller = new AbortController();
    const reason = new Error("user navigated away");
    // The server never answers; the caller gives up once the request has arrived.
    const s = await serve(() => controller.abort(reason));
    const pending = runtimeFor(s, { maxRetries: 3 }).call(
      petsGet,
      { id: "1" },
      { signal: controller.signal },
    );
    await expect(pending).rejects.toBe(reason);
    expect(s.requests).toHaveLength(1);
  });

  it("without a reason rejects with the platform's AbortError", async () => {
    const controller = new AbortController();
    const s = await serve(() => controller.abort());
    const pending = runtimeFor(s).call(petsGet, { id: "1" }, { signal: controller.signal });
    const error = await catchError(pending);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe("AbortError");
  });

  it("during the backoff wait rejects at once", async () => {
    const s = await serve((_req, res) =>
      sendJson(res, 503, apiError("unavailable", "Down"), { "Retry-After": "10" })
    );
    const controller = new AbortController();
    const reason = new Error("stop");
    let abortedAt = 0;
    const rt = runtimeFor(s, {
      retryDelay: { baseMs: 1, maxMs: 10_000 },
      hooks: {
        // Abort just as the 10 s wait begins.
        onResponse: (e) => {
          if (e.retryInMs === undefined) return;
          expect(e.retryInMs).toBe(10_000);
          abortedAt = Date.now();
          setTimeout(() => controller.abort(reason), 5);
        },
      },
    });
    await expect(rt.call(petsGet, { id: "1" }, { signal: controller.signal })).rejects.toBe(reason);
    expect(abortedAt).toBeGreaterThan(0);
    expect(Date.now() - abortedAt).toBeLessThan(1000);
    expect(s.requests).toHaveLength(1);
  });
});
