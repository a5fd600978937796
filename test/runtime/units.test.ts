/** Unit tests of the runtime's pure functions, one section per module. */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  ApiError,
  type ApiErrorInit,
  applyDefaults,
  AuthenticationError,
  backoffDelay,
  BadRequestError,
  buildBody,
  buildHeaders,
  buildPath,
  buildQuery,
  buildUrl,
  ConflictError,
  ConnectionError,
  containsSecret,
  createApiError,
  encodePathSegment,
  formatIssuePath,
  getAtPath,
  IntercomError,
  InternalServerError,
  isIdempotent,
  isNetworkError,
  isRetryable,
  methodHasBody,
  nextPageInput,
  NotFoundError,
  type OperationDef,
  type Pagination,
  PaginationError,
  type ParamSpec,
  parseRateLimitReset,
  parseRetryAfter,
  pathParamIssues,
  PermissionDeniedError,
  RateLimitError,
  redactDeep,
  redactHeaders,
  redactString,
  ResponseParseError,
  ResponseValidationError,
  retryDelay,
  riskAllowed,
  RiskError,
  serverWaitHint,
  setAtPath,
  TimeoutError,
  UnprocessableEntityError,
  ValidationError,
} from "../../generator/runtime/index.ts";
import { newPagingState } from "../../generator/runtime/paging.ts";
import { scrubError } from "../../generator/runtime/redact.ts";
import { sleep } from "../../generator/runtime/retry.ts";

// ---- request.ts: URL, query, body and headers ----

describe("riskAllowed", () => {
  it("orders read < write < destructive", () => {
    expect(riskAllowed("read", "read")).toBe(true);
    expect(riskAllowed("write", "read")).toBe(false);
    expect(riskAllowed("write", "write")).toBe(true);
    expect(riskAllowed("destructive", "write")).toBe(false);
    expect(riskAllowed("destructive", "destructive")).toBe(true);
    expect(riskAllowed("read", "destructive")).toBe(true);
  });
});

describe("encodePathSegment", () => {
  it("escapes everything that could leave the segment, dots included", () => {
    expect(encodePathSegment("../x")).toBe("%2E%2E%2Fx");
    expect(encodePathSegment("a/b?c#d%e f")).toBe("a%2Fb%3Fc%23d%25e%20f");
    expect(encodePathSegment("john.doe@example.com")).toBe("john%2Edoe%40example%2Ecom");
    expect(encodePathSegment("123")).toBe("123");
  });

  it("is needed together with refusing dot-only values: WHATWG URL treats %2E%2E as ..", () => {
    // Why pathParamIssues refuses "." and "..": no encoding of them survives fetch's URL parsing.
    expect(new URL(`http://h/admins/${encodePathSegment("..")}`).pathname).toBe("/");
    expect(new URL(`http://h/admins/${encodePathSegment("../x")}`).pathname).toBe("/admins/%2E%2E%2Fx");
  });
});

describe("pathParamIssues", () => {
  const params: ParamSpec[] = [
    { name: "id", wire: "id", in: "path" },
    { name: "q", wire: "q", in: "query" },
  ];

  it("accepts ordinary values and ignores non-path params", () => {
    expect(pathParamIssues(params, { id: "abc" })).toEqual([]);
    expect(pathParamIssues(params, { id: 42 })).toEqual([]);
    expect(pathParamIssues(params, { id: "...", q: undefined })).toEqual([]);
  });

  it("refuses values that would change the route", () => {
    expect(pathParamIssues(params, { id: "" })).toEqual([
      { path: "id", message: "a path parameter must not be empty" },
    ]);
    expect(pathParamIssues(params, { id: ".." })[0]?.message).toMatch(/cannot be sent as a path segment/);
    expect(pathParamIssues(params, { id: "." })[0]?.message).toMatch(/cannot be sent as a path segment/);
    expect(pathParamIssues(params, {})).toEqual([{ path: "id", message: "a path parameter is required" }]);
    expect(pathParamIssues(params, { id: { a: 1 } })[0]?.message).toMatch(/string, number or boolean/);
  });
});

describe("buildPath", () => {
  it("substitutes every placeholder, encoded", () => {
    expect(buildPath("/contacts/{contact_id}/tags/{tag_id}", { contact_id: "c/1", tag_id: 7 })).toBe(
      "/contacts/c%2F1/tags/7",
    );
  });

  it("throws when a placeholder has no value", () => {
    expect(() => buildPath("/admins/{id}", {})).toThrow(TypeError);
  });
});

describe("buildQuery", () => {
  const params: ParamSpec[] = [
    { name: "displayAvatar", wire: "display_avatar", in: "query" },
    { name: "perPage", wire: "per_page", in: "query" },
    { name: "tags", wire: "tag_id", in: "query" },
    { name: "missing", wire: "missing", in: "query" },
    { name: "nothing", wire: "nothing", in: "query" },
    { name: "name", wire: "name", in: "body" },
  ];

  it("uses wire names, stringifies scalars, repeats arrays, skips undefined and null", () => {
    const query = buildQuery(params, {
      displayAvatar: true,
      perPage: 50,
      tags: ["a", null, "b"],
      missing: undefined,
      nothing: null,
      name: "body only",
    });
    expect(query.toString()).toBe("display_avatar=true&per_page=50&tag_id=a&tag_id=b");
  });

  it("adds query constants and ignores body constants", () => {
    const query = buildQuery([], {}, [
      { name: "order", value: "desc", in: "query" },
      { name: "message_type", value: "close", in: "body" },
    ]);
    expect(query.toString()).toBe("order=desc");
  });
});

describe("buildBody", () => {
  const params: ParamSpec[] = [
    { name: "contact_id", wire: "contact_id", in: "path" },
    { name: "tag_id", wire: "id", in: "body" },
    { name: "note", wire: "note", in: "body" },
    { name: "owner", wire: "owner_id", in: "body" },
    { name: "q", wire: "q", in: "query" },
  ];

  it("puts body inputs under wire names, keeps explicit null, drops undefined and non-body inputs", () => {
    expect(
      buildBody("POST", params, {
        contact_id: "c1",
        tag_id: "t1",
        note: undefined,
        owner: null,
        q: "x",
        extra: 1,
      }),
    ).toEqual({
      id: "t1",
      owner_id: null,
    });
  });

  it("adds body constants", () => {
    expect(
      buildBody("POST", [], {}, [
        { name: "message_type", value: "close", in: "body" },
        { name: "type", value: "admin", in: "body" },
      ]),
    ).toEqual({
      message_type: "close",
      type: "admin",
    });
  });

  it("sends {} for POST/PUT/PATCH without fields and nothing for GET/DELETE", () => {
    expect(buildBody("PUT", [], {})).toEqual({});
    expect(buildBody("PATCH", params, { tag_id: "t" })).toEqual({ id: "t" });
    expect(buildBody("GET", params, { tag_id: "t" })).toBeUndefined();
    expect(buildBody("DELETE", params, { tag_id: "t" })).toBeUndefined();
    expect(methodHasBody("GET")).toBe(false);
    expect(methodHasBody("POST")).toBe(true);
  });
});

describe("buildUrl", () => {
  it("keeps a base path prefix and joins slashes once", () => {
    expect(buildUrl("https://proxy.example/intercom/", "/admins/1")).toBe(
      "https://proxy.example/intercom/admins/1",
    );
    expect(buildUrl("https://api.intercom.io", "admins")).toBe("https://api.intercom.io/admins");
  });

  it("appends a query only when there is one", () => {
    expect(buildUrl("https://api.intercom.io", "/admins", new URLSearchParams())).toBe(
      "https://api.intercom.io/admins",
    );
    expect(buildUrl("https://api.intercom.io", "/admins", new URLSearchParams({ a: "1 2" }))).toBe(
      "https://api.intercom.io/admins?a=1+2",
    );
  });
});

describe("buildHeaders / redactHeaders", () => {
  it("sets auth, version, accept and user agent; content type only with a body", () => {
    const base = { token: "t0k", version: "2.15", userAgent: "ua/1" };
    expect(buildHeaders({ ...base, hasBody: false })).toEqual({
      Authorization: "Bearer t0k",
      "Intercom-Version": "2.15",
      Accept: "application/json",
      "User-Agent": "ua/1",
    });
    expect(buildHeaders({ ...base, hasBody: true })["Content-Type"]).toBe("application/json");
  });

  it("hides the token whatever the header's case", () => {
    expect(redactHeaders({ Authorization: "Bearer t0k", authorization: "Bearer t0k", Accept: "x" })).toEqual({
      Authorization: "Bearer ***",
      authorization: "Bearer ***",
      Accept: "x",
    });
  });
});

describe("applyDefaults", () => {
  const params: ParamSpec[] = [
    { name: "per_page", wire: "per_page", in: "query", default: 50 },
    { name: "filters", wire: "filters", in: "body", default: { state: "open" } },
    { name: "q", wire: "q", in: "query" },
  ];

  it("fills only omitted fields and leaves the input untouched", () => {
    const input = { per_page: 10, q: "x" };
    expect(applyDefaults(params, input)).toEqual({ per_page: 10, q: "x", filters: { state: "open" } });
    expect(input).toEqual({ per_page: 10, q: "x" });
    expect(applyDefaults(params, { per_page: null })).toMatchObject({ per_page: null });
  });

  it("hands out a fresh copy of object defaults each time", () => {
    const first = applyDefaults(params, {}) as { filters: { state: string } };
    first.filters.state = "mutated";
    expect(applyDefaults(params, {})).toMatchObject({ filters: { state: "open" } });
  });

  it("leaves non-objects for the schema to reject", () => {
    expect(applyDefaults(params, "nope")).toBe("nope");
  });
});

// ---- retry.ts: when and how long to retry ----

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
  it("turns Unix seconds into a wait from now", () => {
    expect(parseRateLimitReset(String(NOW / 1000 + 10), NOW)).toBe(10_000);
    expect(parseRateLimitReset(String(NOW / 1000 - 10), NOW)).toBe(0);
    expect(parseRateLimitReset("x", NOW)).toBeUndefined();
    expect(parseRateLimitReset(undefined, NOW)).toBeUndefined();
  });
});

describe("serverWaitHint", () => {
  const reset = String(NOW / 1000 + 8);

  it("prefers Retry-After, then X-RateLimit-Reset on a 429", () => {
    expect(serverWaitHint(429, { "retry-after": "2", "x-ratelimit-reset": reset }, NOW)).toBe(2000);
    expect(serverWaitHint(429, { "x-ratelimit-reset": reset }, NOW)).toBe(8000);
  });

  it("ignores X-RateLimit-Reset on other statuses (Intercom sends it on every response)", () => {
    expect(serverWaitHint(503, { "x-ratelimit-reset": reset }, NOW)).toBeUndefined();
    expect(serverWaitHint(503, { "retry-after": "4" }, NOW)).toBe(4000);
    expect(serverWaitHint(429, {}, NOW)).toBeUndefined();
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
    for (const status of [400, 401, 403, 404, 409, 422])
      expect(isRetryable("GET", { kind: "status", status })).toBe(false);
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

// ---- errors.ts: typed errors ----

function init(status: number, body: unknown, headers: Record<string, string> = {}): ApiErrorInit {
  return {
    operation: "admins.get",
    method: "GET",
    url: "https://api.intercom.io/admins/1",
    status,
    headers,
    body,
  };
}

const notFound = {
  type: "error.list",
  request_id: "123-abc",
  errors: [{ code: "not_found", message: "Admin Not Found" }],
};

describe("createApiError", () => {
  it.each([
    [400, "BadRequestError", BadRequestError],
    [401, "AuthenticationError", AuthenticationError],
    [403, "PermissionDeniedError", PermissionDeniedError],
    [404, "NotFoundError", NotFoundError],
    [409, "ConflictError", ConflictError],
    [422, "UnprocessableEntityError", UnprocessableEntityError],
    [429, "RateLimitError", RateLimitError],
    [500, "InternalServerError", InternalServerError],
    [503, "InternalServerError", InternalServerError],
    [418, "ApiError", ApiError],
  ] as const)("maps %i to %s", (status, _name, cls) => {
    const error = createApiError(init(status, notFound));
    expect(error).toBeInstanceOf(cls);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(IntercomError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(cls.name);
    expect(error.status).toBe(status);
  });

  it("reads Intercom's error list into a readable message and fields", () => {
    const error = createApiError(init(404, notFound));
    expect(error.message).toBe("admins.get: 404 not_found: Admin Not Found (request 123-abc)");
    expect(error.code).toBe("not_found");
    expect(error.errors).toEqual([{ code: "not_found", message: "Admin Not Found" }]);
    expect(error.requestId).toBe("123-abc");
    expect(error.operation).toBe("admins.get");
    expect(error.stack).toContain("NotFoundError: admins.get: 404");
  });

  it("lists every error with its field", () => {
    const body = {
      type: "error.list",
      errors: [
        { code: "parameter_invalid", message: "Email is invalid", field: "email" },
        { code: "parameter_missing" },
      ],
    };
    expect(createApiError(init(400, body)).message).toBe(
      "admins.get: 400 parameter_invalid: Email is invalid (field email); parameter_missing",
    );
  });

  it("falls back to the X-Request-Id header and copes with odd bodies", () => {
    const html = createApiError(
      init(502, "<html><body>Bad gateway</body></html>", { "x-request-id": "hdr-1" }),
    );
    expect(html.requestId).toBe("hdr-1");
    expect(html.errors).toEqual([]);
    expect(html.code).toBeUndefined();
    expect(html.message).toBe(
      'admins.get: 502 non-JSON body: "<html><body>Bad gateway</body></html>" (request hdr-1)',
    );
    expect(createApiError(init(500, undefined)).message).toBe(
      "admins.get: 500 no error details in the response",
    );
    expect(createApiError(init(400, { errors: [{ message: "no code" }, "junk"] })).errors).toEqual([
      { code: "unknown", message: "no code" },
    ]);
  });

  it("gives a 429 its rate-limit details", () => {
    const error = createApiError({
      ...init(
        429,
        { type: "error.list", errors: [{ code: "rate_limit_exceeded", message: "Slow down" }] },
        {
          "x-ratelimit-limit": "1000",
          "x-ratelimit-remaining": "0",
          "x-ratelimit-reset": "1735732800",
        },
      ),
      retryAfterMs: 4000,
    });
    expect(error).toBeInstanceOf(RateLimitError);
    const rateLimited = error as RateLimitError;
    expect(rateLimited.retryAfterMs).toBe(4000);
    expect(rateLimited.rateLimit).toEqual({ limit: 1000, remaining: 0, reset: 1735732800 });
  });
});

describe("other errors", () => {
  it("name the operation and each bad field", () => {
    const v = new ValidationError("admins.get", [
      { path: "id", message: "Invalid input: expected string, received number" },
      { path: "filters.state", message: "Invalid option" },
    ]);
    expect(v.message).toBe(
      "admins.get: invalid input: id: Invalid input: expected string, received number; filters.state: Invalid option",
    );
    expect(v.name).toBe("ValidationError");
    const r = new ResponseValidationError("admins.list", [{ path: "admins[0].id", message: "Required" }], {});
    expect(r.message).toBe(
      "admins.list: the response does not match the expected output: admins[0].id: Required",
    );
  });

  it("set a distinct name per class, all under IntercomError", () => {
    const errors = [
      new RiskError("contacts.delete", "destructive", "write"),
      new TimeoutError("admins.get", "GET", "http://x/admins/1", 50),
      new ConnectionError(
        "admins.get",
        "GET",
        "http://x/admins/1",
        new TypeError("fetch failed"),
        "ECONNREFUSED",
      ),
      new ResponseParseError("admins.get", 200, "text/html", "<html>"),
    ];
    expect(errors.map((e) => e.name)).toEqual([
      "RiskError",
      "TimeoutError",
      "ConnectionError",
      "ResponseParseError",
    ]);
    for (const e of errors) expect(e).toBeInstanceOf(IntercomError);
    expect(errors[0]?.message).toBe(
      'contacts.delete: refused: its risk is "destructive" but the client allows at most "write" (create the client with maxRisk: "destructive" to allow it)',
    );
    expect(errors[2]?.message).toBe(
      "admins.get: connection failed (GET http://x/admins/1): fetch failed (ECONNREFUSED)",
    );
    expect(errors[2]?.cause).toBeInstanceOf(TypeError);
  });

  it("serialise to JSON with name, message and their own fields", () => {
    const json = JSON.parse(JSON.stringify(createApiError(init(404, notFound)))) as Record<string, unknown>;
    expect(json).toMatchObject({
      name: "NotFoundError",
      message: "admins.get: 404 not_found: Admin Not Found (request 123-abc)",
      status: 404,
      code: "not_found",
      requestId: "123-abc",
      operation: "admins.get",
    });
  });
});

describe("formatIssuePath", () => {
  it("reads like code", () => {
    expect(formatIssuePath(["data", 0, "id"])).toBe("data[0].id");
    expect(formatIssuePath(["custom_attributes", "plan-tier"])).toBe('custom_attributes["plan-tier"]');
    expect(formatIssuePath([0])).toBe("[0]");
    expect(formatIssuePath([])).toBe("(root)");
  });
});

// ---- paging.ts: next-page decisions ----

function op(pagination: Pagination, params: ParamSpec[] = []): OperationDef<unknown, unknown> {
  return {
    name: "things.list",
    resource: "things",
    summary: "",
    risk: "read",
    method: "GET",
    path: "/things",
    input: z.unknown(),
    output: z.unknown(),
    params,
    pagination,
  };
}

describe("getAtPath / setAtPath", () => {
  it("reads nested values, undefined when a step is missing", () => {
    expect(
      getAtPath({ pages: { next: { starting_after: "c1" } } }, ["pages", "next", "starting_after"]),
    ).toBe("c1");
    expect(getAtPath({ pages: null }, ["pages", "next"])).toBeUndefined();
    expect(getAtPath("x", ["a"])).toBeUndefined();
  });

  it("creates or merges objects along the path without mutating the input", () => {
    const input = { query: { field: "open" }, pagination: { per_page: 5 } };
    const next = setAtPath(input, ["pagination", "starting_after"], "c2");
    expect(next).toEqual({ query: { field: "open" }, pagination: { per_page: 5, starting_after: "c2" } });
    expect(input.pagination).toEqual({ per_page: 5 });
    expect(setAtPath({}, ["pagination", "starting_after"], "c")).toEqual({
      pagination: { starting_after: "c" },
    });
    expect(setAtPath({ pagination: null }, ["pagination", "starting_after"], "c")).toEqual({
      pagination: { starting_after: "c" },
    });
    expect(setAtPath(undefined, ["scroll_param"], "s")).toEqual({ scroll_param: "s" });
  });
});

describe("nextPageInput: page style", () => {
  const paged = op({ style: "page", items: "data" }, [{ name: "page", wire: "page", in: "query" }]);
  const state = () => newPagingState(paged, {});

  it("asks for the following page until the last", () => {
    expect(nextPageInput(paged, {}, { data: [1], pages: { page: 1, total_pages: 3 } }, state())).toEqual({
      page: 2,
    });
    expect(
      nextPageInput(
        paged,
        { page: 2, per_page: 5 },
        { data: [1], pages: { page: 2, total_pages: 3 } },
        state(),
      ),
    ).toEqual({
      page: 3,
      per_page: 5,
    });
    expect(
      nextPageInput(paged, { page: 3 }, { data: [1], pages: { page: 3, total_pages: 3 } }, state()),
    ).toBeUndefined();
  });

  it("stops on an empty page or without a pages object", () => {
    expect(
      nextPageInput(paged, {}, { data: [], pages: { page: 1, total_pages: 3 } }, state()),
    ).toBeUndefined();
    expect(nextPageInput(paged, {}, { data: [1] }, state())).toBeUndefined();
    expect(nextPageInput(paged, {}, { data: [1], pages: { page: 1 } }, state())).toBeUndefined();
  });

  it("throws instead of looping when the server does not advance", () => {
    expect(() =>
      nextPageInput(paged, { page: 2 }, { data: [1], pages: { page: 1, total_pages: 3 } }, state()),
    ).toThrow(PaginationError);
  });

  it("throws when more pages exist but the operation cannot ask for them", () => {
    const noPageInput = op({ style: "page", items: "data" });
    expect(() =>
      nextPageInput(noPageInput, {}, { data: [1], pages: { page: 1, total_pages: 2 } }, state()),
    ).toThrow(/page 2 of 2 exists but the operation has no "page" input/);
    expect(
      nextPageInput(noPageInput, {}, { data: [1], pages: { page: 1, total_pages: 1 } }, state()),
    ).toBeUndefined();
  });

  it("rejects an items field that is not an array", () => {
    expect(() => nextPageInput(paged, {}, { data: "x" }, state())).toThrow(/"data" is not an array/);
  });
});

describe("nextPageInput: cursor style", () => {
  const cursor = op({ style: "cursor", items: "data", cursor: ["starting_after"] });

  it("follows pages.next.starting_after until it is absent or null", () => {
    const state = newPagingState(cursor, {});
    expect(
      nextPageInput(cursor, { per_page: 2 }, { data: [1], pages: { next: { starting_after: "c1" } } }, state),
    ).toEqual({
      per_page: 2,
      starting_after: "c1",
    });
    expect(nextPageInput(cursor, {}, { data: [1], pages: { next: null } }, state)).toBeUndefined();
    expect(nextPageInput(cursor, {}, { data: [1], pages: {} }, state)).toBeUndefined();
    expect(
      nextPageInput(cursor, {}, { data: [1], pages: { next: { starting_after: null } } }, state),
    ).toBeUndefined();
  });

  it("writes a nested cursor path", () => {
    const nested = op({ style: "cursor", items: "conversations", cursor: ["pagination", "starting_after"] });
    const input = { query: { field: "state" }, pagination: { per_page: 2 } };
    expect(
      nextPageInput(
        nested,
        input,
        { conversations: [1], pages: { next: { starting_after: "c9" } } },
        newPagingState(nested, input),
      ),
    ).toEqual({
      query: { field: "state" },
      pagination: { per_page: 2, starting_after: "c9" },
    });
  });

  it("throws on a cursor seen before, including the caller's starting cursor", () => {
    const state = newPagingState(cursor, { starting_after: "c0" });
    expect(() =>
      nextPageInput(cursor, {}, { data: [1], pages: { next: { starting_after: "c0" } } }, state),
    ).toThrow(/returned cursor "c0" twice/);
    const fresh = newPagingState(cursor, {});
    nextPageInput(cursor, {}, { data: [1], pages: { next: { starting_after: "a" } } }, fresh);
    nextPageInput(cursor, {}, { data: [1], pages: { next: { starting_after: "b" } } }, fresh);
    expect(() =>
      nextPageInput(cursor, {}, { data: [1], pages: { next: { starting_after: "a" } } }, fresh),
    ).toThrow(PaginationError);
  });
});

describe("nextPageInput: scroll style", () => {
  const scroll = op({ style: "scroll", items: "data", cursor: ["scroll_param"] });

  it("sends scroll_param back, even an unchanged one, until a page is empty", () => {
    const state = newPagingState(scroll, {});
    expect(nextPageInput(scroll, {}, { data: [1], scroll_param: "s1" }, state)).toEqual({
      scroll_param: "s1",
    });
    expect(nextPageInput(scroll, { scroll_param: "s1" }, { data: [2], scroll_param: "s1" }, state)).toEqual({
      scroll_param: "s1",
    });
    expect(
      nextPageInput(scroll, { scroll_param: "s1" }, { data: [], scroll_param: "s1" }, state),
    ).toBeUndefined();
    expect(nextPageInput(scroll, {}, { data: [1] }, state)).toBeUndefined();
  });
});

// ---- redact.ts: keeping the token out ----

const SECRET = "s3cr3t-token";

describe("redactString / redactDeep", () => {
  it("replaces every occurrence", () => {
    expect(redactString(`a ${SECRET} b ${SECRET}`, SECRET)).toBe("a *** b ***");
    expect(redactString("nothing", "")).toBe("nothing");
  });

  it("copies JSON-like data with strings redacted, leaving the original alone", () => {
    const original = { msg: `Bearer ${SECRET}`, list: [SECRET, 1, null], nested: { [SECRET]: true } };
    const copy = redactDeep(original, SECRET);
    expect(copy).toEqual({ msg: "Bearer ***", list: ["***", 1, null], nested: { "***": true } });
    expect(original.msg).toContain(SECRET);
  });

  it("survives cycles", () => {
    const cyclic: Record<string, unknown> = { a: SECRET };
    cyclic.self = cyclic;
    const copy = redactDeep(cyclic, SECRET) as Record<string, unknown>;
    expect(copy.a).toBe("***");
    expect(copy.self).toBe(copy);
  });
});

describe("containsSecret / scrubError", () => {
  it("looks into non-enumerable error fields and causes", () => {
    const inner = new Error(`header Authorization: Bearer ${SECRET}`);
    const outer = new TypeError("fetch failed", { cause: inner });
    expect(containsSecret(outer, SECRET)).toBe(true);
    expect(containsSecret(new TypeError("fetch failed"), SECRET)).toBe(false);
  });

  it("returns a clean error unchanged", () => {
    const clean = new TypeError("fetch failed");
    expect(scrubError(clean, SECRET)).toBe(clean);
  });

  it("rebuilds a dirty error chain without the secret, keeping name and code", () => {
    const inner = Object.assign(new Error(`bad header Bearer ${SECRET}`), {
      code: "ERR_INVALID_CHAR",
      headers: { a: SECRET },
    });
    const outer = new TypeError("fetch failed", { cause: inner });
    const scrubbed = scrubError(outer, SECRET) as Error;
    expect(containsSecret(scrubbed, SECRET)).toBe(false);
    expect(scrubbed.name).toBe("TypeError");
    expect(scrubbed.message).toBe("fetch failed");
    const cause = scrubbed.cause as Error & { code?: string };
    expect(cause.message).toBe("bad header Bearer ***");
    expect(cause.code).toBe("ERR_INVALID_CHAR");
  });
});
