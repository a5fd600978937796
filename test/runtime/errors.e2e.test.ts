/** ApiError over HTTP for each error-body convention an ApiDef can describe. */
import { afterEach, describe, expect, it } from "vitest";
import {
  type ApiDef,
  type ApiError,
  BadRequestError,
  NotFoundError,
  PermissionDeniedError,
} from "../../generator/runtime/index.ts";
import {
  catchError,
  errorList,
  INTERCOM_LIKE,
  PETS_API,
  petsGet,
  runtimeFor,
  startServer,
  type TestServer,
} from "./helpers.ts";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function failWith(
  status: number,
  contentType: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<TestServer> {
  server = await startServer((_req, res) => {
    res.writeHead(status, { "Content-Type": contentType, ...headers });
    res.end(typeof body === "string" ? body : JSON.stringify(body));
  });
  return server;
}

async function errorFrom(s: TestServer, api: ApiDef): Promise<ApiError> {
  return (await catchError(runtimeFor(s, { maxRetries: 0 }, api).call(petsGet, { id: "9" }))) as ApiError;
}

describe("error bodies", () => {
  it("RFC 9457 application/problem+json", async () => {
    const api: ApiDef = {
      ...PETS_API,
      errors: { message: "detail | title", code: "type", requestId: "instance" },
    };
    const body = {
      type: "https://pets.example/problems/no-credit",
      title: "Not enough credit",
      status: 403,
      detail: "Balance 30, cost 50",
      instance: "/pets/9/adopt/req-77",
    };
    const error = await errorFrom(await failWith(403, "application/problem+json", body), api);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error).toMatchObject({
      status: 403,
      detail: "Balance 30, cost 50",
      code: "https://pets.example/problems/no-credit",
      codes: ["https://pets.example/problems/no-credit"],
      requestId: "/pets/9/adopt/req-77",
      body,
    });
    expect(error.headers["content-type"]).toBe("application/problem+json");
    expect(error.message).toBe(
      "pets.get: 403 https://pets.example/problems/no-credit: Balance 30, cost 50 (request /pets/9/adopt/req-77)",
    );
  });

  it("flat { statusCode, message, error }", async () => {
    const api: ApiDef = {
      ...PETS_API,
      errors: { message: "message", code: "error", requestIdHeader: "X-Correlation-Id" },
    };
    const s = await failWith(404, "application/json", {
      statusCode: 404,
      message: "Pet 9 not found",
      error: "Not Found",
    }, {
      "X-Correlation-Id": "corr-1",
    });
    const error = await errorFrom(s, api);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({
      detail: "Pet 9 not found",
      code: "Not Found",
      codes: ["Not Found"],
      requestId: "corr-1",
    });
    expect(error.message).toBe("pets.get: 404 Not Found: Pet 9 not found (request corr-1)");
  });

  it("{ error: { code, message } }", async () => {
    const s = await failWith(400, "application/json", {
      error: { code: "invalid_id", message: "id must be numeric" },
    }, {
      "X-Request-Id": "r-5",
    });
    const error = await errorFrom(s, PETS_API);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({
      detail: "id must be numeric",
      code: "invalid_id",
      codes: ["invalid_id"],
      requestId: "r-5",
    });
    expect(error.message).toBe("pets.get: 400 invalid_id: id must be numeric (request r-5)");
  });

  it("Intercom-shaped { type: error.list, request_id, errors: [{ code, message }] }", async () => {
    const body = {
      type: "error.list",
      request_id: "body-req",
      errors: [
        { code: "parameter_invalid", message: "Email is invalid" },
        { code: "parameter_missing", message: "Name is missing" },
      ],
    };
    const error = await errorFrom(
      await failWith(400, "application/json", body, { "X-Request-Id": "header-req" }),
      INTERCOM_LIKE,
    );
    expect(error).toMatchObject({
      detail: "Email is invalid; Name is missing",
      code: "parameter_invalid",
      codes: ["parameter_invalid", "parameter_missing"],
      requestId: "body-req",
    });
    expect(error.message).toBe(
      "pets.get: 400 parameter_invalid: Email is invalid; parameter_missing: Name is missing (request body-req)",
    );
    // Without a request id in the body, the header's.
    const noId = await errorFrom(
      await (async () => {
        await server?.close();
        return failWith(404, "application/json", {
          type: "error.list",
          errors: [{ code: "not_found", message: "x" }],
        }, {
          "x-request-id": "header-req",
        });
      })(),
      INTERCOM_LIKE,
    );
    expect(noId.requestId).toBe("header-req");
  });

  it("a body in another API's shape: says nothing was found and quotes it", async () => {
    const error = await errorFrom(await failWith(400, "application/json", errorList("c", "m")), PETS_API);
    expect(error).toMatchObject({ codes: [], detail: undefined, requestId: undefined });
    expect(error.message).toBe(
      'pets.get: 400 no error details found in the body: {"type":"error.list","request_id":"123-abc","errors":[{"code":"c","message":"m"}]}',
    );
  });

  it("a non-JSON body: says so and quotes its start", async () => {
    const error = await errorFrom(
      await failWith(400, "text/plain", `Bad request\n\n${"x".repeat(500)}`),
      PETS_API,
    );
    expect(error.body).toBe(`Bad request\n\n${"x".repeat(500)}`);
    expect(error.message).toMatch(/^pets\.get: 400 non-JSON body: "Bad request x{188}…"$/);
  });
});
