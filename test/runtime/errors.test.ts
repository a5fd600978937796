/** errors.ts: the typed errors, and reading an API's error body at the paths its ApiDef names. */
import { describe, expect, it } from "vitest";
import {
  ApiError,
  type ApiDef,
  type ApiErrorInit,
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
} from "../../generator/runtime/index.ts";

const PROBLEM: ApiDef["errors"] = { message: "detail | title", code: "type", requestId: "instance" };
const NEST: ApiDef["errors"] = { message: "message", code: "error" };
const NESTED: ApiDef["errors"] = {
  message: "error.message",
  code: "error.code",
  requestIdHeader: "X-Request-Id",
};
const ERROR_LIST: ApiDef["errors"] = {
  message: "errors[].message",
  code: "errors[].code",
  requestId: "request_id",
  requestIdHeader: "X-Request-Id",
};

function init(
  status: number,
  body: unknown,
  errorPaths: ApiDef["errors"] = ERROR_LIST,
  headers: Record<string, string> = {},
): ApiErrorInit {
  return {
    operation: "pets.get",
    method: "GET",
    url: "https://api.pets.example/pets/1",
    status,
    headers,
    body,
    errorPaths,
  };
}

const notFound = {
  type: "error.list",
  request_id: "123-abc",
  errors: [{ code: "not_found", message: "Pet Not Found" }],
};

describe("createApiError", () => {
  it.each(
    [
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
    ] as const,
  )("maps %i to %s", (status, _name, cls) => {
    const error = createApiError(init(status, notFound));
    expect(error).toBeInstanceOf(cls);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(ClientError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(cls.name);
    expect(error.status).toBe(status);
  });
});

describe("the API's error shapes, read at the ApiDef's paths", () => {
  it("RFC 9457 problem+json: detail, type as the code, instance as the request id; title when there is no detail", () => {
    const body = {
      type: "https://example.com/probs/out-of-credit",
      title: "You do not have enough credit.",
      status: 403,
      detail: "Your current balance is 30, but that costs 50.",
      instance: "/account/12345/msgs/abc",
    };
    const error = createApiError(init(403, body, PROBLEM));
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error).toMatchObject({
      detail: "Your current balance is 30, but that costs 50.",
      code: "https://example.com/probs/out-of-credit",
      codes: ["https://example.com/probs/out-of-credit"],
      requestId: "/account/12345/msgs/abc",
      body,
    });
    expect(error.message).toBe(
      "pets.get: 403 https://example.com/probs/out-of-credit: Your current balance is 30, but that costs 50. (request /account/12345/msgs/abc)",
    );
    const titleOnly = createApiError(
      init(404, { type: "about:blank", title: "Not Found", status: 404 }, PROBLEM),
    );
    expect(titleOnly.detail).toBe("Not Found");
    expect(titleOnly.message).toBe("pets.get: 404 about:blank: Not Found");
  });

  it("a flat { statusCode, message, error } (NestJS), message also as a list", () => {
    const error = createApiError(
      init(404, { statusCode: 404, message: "Cannot GET /pets/9", error: "Not Found" }, NEST),
    );
    expect(error).toMatchObject({
      detail: "Cannot GET /pets/9",
      code: "Not Found",
      codes: ["Not Found"],
      requestId: undefined,
    });
    expect(error.message).toBe("pets.get: 404 Not Found: Cannot GET /pets/9");
    const list = createApiError(
      init(400, {
        statusCode: 400,
        message: ["name must be a string", "age must be positive"],
        error: "Bad Request",
      }, NEST),
    );
    expect(list.detail).toBe("name must be a string; age must be positive");
    expect(list.message).toBe("pets.get: 400 Bad Request: name must be a string; age must be positive");
  });

  it("{ error: { code, message } } with a numeric code and the request id from a header in any case", () => {
    const error = createApiError(
      init(
        404,
        { error: { code: 404, message: "Requested entity was not found.", status: "NOT_FOUND" } },
        NESTED,
        {
          "x-request-id": "req-9",
        },
      ),
    );
    expect(error).toMatchObject({
      detail: "Requested entity was not found.",
      code: "404",
      codes: ["404"],
      requestId: "req-9",
    });
    expect(error.message).toBe("pets.get: 404 404: Requested entity was not found. (request req-9)");
    const mixedCase = createApiError(
      init(500, { error: { message: "boom" } }, NESTED, { "X-REQUEST-ID": "req-10" }),
    );
    expect(mixedCase.requestId).toBe("req-10");
    expect(mixedCase.code).toBeUndefined();
    expect(mixedCase.message).toBe("pets.get: 500 boom (request req-10)");
  });

  it("the error.list shape: every error's code and message paired, the body's request id first", () => {
    const error = createApiError(init(404, notFound, ERROR_LIST, { "x-request-id": "from-header" }));
    expect(error).toMatchObject({
      detail: "Pet Not Found",
      code: "not_found",
      codes: ["not_found"],
      requestId: "123-abc",
    });
    expect(error.message).toBe("pets.get: 404 not_found: Pet Not Found (request 123-abc)");
    expect(error.stack).toContain("NotFoundError: pets.get: 404");
    const two = createApiError(
      init(400, {
        type: "error.list",
        errors: [
          { code: "parameter_invalid", message: "Email is invalid" },
          { code: "parameter_missing", message: "Name is missing" },
        ],
      }),
    );
    expect(two.codes).toEqual(["parameter_invalid", "parameter_missing"]);
    expect(two.message).toBe(
      "pets.get: 400 parameter_invalid: Email is invalid; parameter_missing: Name is missing",
    );
    const uneven = createApiError(
      init(400, { errors: [{ code: "a", message: "first" }, { code: "b" }, "junk", null] }),
    );
    expect(uneven.message).toBe("pets.get: 400 a, b: first");
  });

  it("a non-JSON body, an empty one, or one the paths find nothing in: says so and quotes what came", () => {
    const html = createApiError(
      init(502, "<html><body>Bad gateway</body></html>", ERROR_LIST, { "x-request-id": "hdr-1" }),
    );
    expect(html).toMatchObject({ requestId: "hdr-1", codes: [], code: undefined, detail: undefined });
    expect(html.message).toBe(
      'pets.get: 502 non-JSON body: "<html><body>Bad gateway</body></html>" (request hdr-1)',
    );
    expect(createApiError(init(500, undefined)).message).toBe("pets.get: 500 empty body");
    expect(createApiError(init(500, "  ")).message).toBe("pets.get: 500 empty body");
    expect(createApiError(init(400, { oops: true }, PROBLEM)).message).toBe(
      'pets.get: 400 no error details found in the body: {"oops":true}',
    );
    const long = createApiError(init(400, "x".repeat(1000))).message;
    expect(long.length).toBeLessThan(260);
    expect(long).toMatch(/x…"$/);
  });

  it("reads nothing without error paths, and tolerates a malformed path", () => {
    const none = createApiError({ ...init(404, notFound), errorPaths: undefined });
    expect(none).toMatchObject({ codes: [], detail: undefined, requestId: undefined });
    expect(createApiError(init(404, notFound, { message: "errors[x" })).detail).toBeUndefined();
  });

  it("gives a 429 its wait hint and the rate-limit headers the ApiDef names", () => {
    const error = createApiError({
      ...init(429, notFound, ERROR_LIST, {
        "x-ratelimit-limit": "1000",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": "1735732800",
        "ratelimit-limit": "5",
      }),
      rateLimitHeaders: {
        limitHeader: "X-RateLimit-Limit",
        remainingHeader: "X-RateLimit-Remaining",
        resetHeader: "X-RateLimit-Reset",
      },
      retryAfterMs: 4000,
    });
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(4000);
    expect((error as RateLimitError).rateLimit).toEqual({ limit: 1000, remaining: 0, reset: 1735732800 });
    const other = createApiError({
      ...init(429, notFound, ERROR_LIST, { "ratelimit-limit": "5", "x-ratelimit-limit": "1000" }),
      rateLimitHeaders: { limitHeader: "RateLimit-Limit" },
    });
    expect((other as RateLimitError).rateLimit).toEqual({ limit: 5 });
    expect((createApiError(init(429, notFound)) as RateLimitError).rateLimit).toEqual({});
  });
});

describe("other errors", () => {
  it("name the operation and each bad field", () => {
    const v = new ValidationError("pets.get", [
      { path: "id", message: "Invalid input: expected string, received number" },
      { path: "filters.state", message: "Invalid option" },
    ]);
    expect(v.message).toBe(
      "pets.get: invalid input: id: Invalid input: expected string, received number; filters.state: Invalid option",
    );
    expect(v.name).toBe("ValidationError");
    const r = new ResponseValidationError("pets.list", [{ path: "pets[0].id", message: "Required" }], {});
    expect(r.message).toBe(
      "pets.list: the response does not match the expected output: pets[0].id: Required",
    );
  });

  it("set a distinct name per class, all under ClientError (named ClientError)", () => {
    const errors = [
      new RiskError("pets.delete", "destructive", "write"),
      new TimeoutError("pets.get", "GET", "http://x/pets/1", 50),
      new ConnectionError(
        "pets.get",
        "GET",
        "http://x/pets/1",
        new TypeError("fetch failed"),
        "ECONNREFUSED",
      ),
      new ResponseParseError("pets.get", 200, "text/html", "<html>"),
      new ResponseTooLargeError("pets.get", "GET", "http://x/pets/1", 200, 1024),
      new PaginationError("pets.list", "stop"),
      new ConfigurationError("token is required"),
    ];
    expect(errors.map((e) => e.name)).toEqual([
      "RiskError",
      "TimeoutError",
      "ConnectionError",
      "ResponseParseError",
      "ResponseTooLargeError",
      "PaginationError",
      "ConfigurationError",
    ]);
    for (const e of errors) expect(e).toBeInstanceOf(ClientError);
    expect(new ClientError("x").name).toBe("ClientError");
    expect(errors[0]?.message).toBe(
      'pets.delete: refused: its risk is "destructive" but the client allows at most "write" (create the client with maxRisk: "destructive" to allow it)',
    );
    expect(errors[2]?.message).toBe(
      "pets.get: connection failed (GET http://x/pets/1): fetch failed (ECONNREFUSED)",
    );
    expect(errors[2]?.cause).toBeInstanceOf(TypeError);
    expect(errors[4]).toMatchObject({ status: 200, maxBytes: 1024, operation: "pets.get" });
  });

  it("serialise to JSON with name, message and their own fields", () => {
    const json = JSON.parse(JSON.stringify(createApiError(init(404, notFound)))) as Record<string, unknown>;
    expect(json).toMatchObject({
      name: "NotFoundError",
      message: "pets.get: 404 not_found: Pet Not Found (request 123-abc)",
      status: 404,
      code: "not_found",
      codes: ["not_found"],
      detail: "Pet Not Found",
      requestId: "123-abc",
      operation: "pets.get",
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
