/** The call pipeline end to end against a loopback node:http server. */
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConfigurationError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  ResponseParseError,
  ResponseValidationError,
  RiskError,
  Runtime,
  UnprocessableEntityError,
  ValidationError,
  type OperationDef,
} from "../../generator/runtime/index.ts";
import {
  adminsGet,
  adminsList,
  catchError,
  contactsAddTag,
  contactsDelete,
  DEFAULTS,
  errorList,
  opFor,
  recordHooks,
  runtimeFor,
  sendJson,
  startServer,
  TOKEN,
  type TestServer,
} from "./helpers.ts";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handler: Parameters<typeof startServer>[0]): Promise<TestServer> {
  server = await startServer(handler);
  return server;
}

describe("a successful GET", () => {
  it("sends auth, version, accept and user agent, no body or content type, and returns the parsed output with unknown keys", async () => {
    const s = await serve((_req, res) =>
      sendJson(res, 200, { type: "admin", id: "1", name: "Ada", extra: { kept: true } }),
    );
    const admin = await runtimeFor(s).call(adminsGet, { id: "1" });
    expect(admin).toEqual({ type: "admin", id: "1", name: "Ada", extra: { kept: true } });
    const [req] = s.requests;
    expect(req?.method).toBe("GET");
    expect(req?.url).toBe("/admins/1");
    expect(req?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req?.headers["intercom-version"]).toBe("2.15");
    expect(req?.headers.accept).toBe("application/json");
    expect(req?.headers["user-agent"]).toBe("opspec-test/1.0");
    expect(req?.headers["content-type"]).toBeUndefined();
    expect(req?.body).toBe("");
  });

  it("uses the version and user agent options over the spec's defaults", async () => {
    const s = await serve((_req, res) => sendJson(res, 200, { type: "admin", id: "1" }));
    await runtimeFor(s, { version: "Unstable", userAgent: "my-app/2" }).call(adminsGet, { id: "1" });
    expect(s.requests[0]?.headers["intercom-version"]).toBe("Unstable");
    expect(s.requests[0]?.headers["user-agent"]).toBe("my-app/2");
  });

  it("lets input be omitted when nothing is required", async () => {
    const s = await serve((_req, res) => sendJson(res, 200, { type: "admin.list", admins: [] }));
    await expect(runtimeFor(s).call(adminsList)).resolves.toEqual({ type: "admin.list", admins: [] });
    expect(s.requests[0]?.url).toBe("/admins");
  });
});

describe("path parameters", () => {
  it("cannot change the route: ../x and other specials arrive as one segment of the intended route", async () => {
    const s = await serve((req, res) => {
      const segments = req.url.split("?")[0]!.split("/");
      sendJson(res, 200, {
        type: "admin",
        id: decodeURIComponent(segments[2] ?? ""),
        segments: segments.length,
      });
    });
    const rt = runtimeFor(s);
    for (const id of ["../x", "a/b?c=1#frag", "100%", "..x", "...", "john.doe@example.com"]) {
      const admin = await rt.call(adminsGet, { id });
      expect(admin).toMatchObject({ id, segments: 3 });
    }
    expect(s.requests.every((r) => r.url.startsWith("/admins/"))).toBe(true);
    expect(s.requests[0]?.url).toBe("/admins/%2E%2E%2Fx");
  });

  it("refuses '..', '.' and '' with a ValidationError and sends nothing (fetch would normalise %2E%2E away)", async () => {
    const s = await serve((_req, res) => sendJson(res, 200, { type: "admin", id: "1" }));
    const rt = runtimeFor(s);
    for (const id of ["..", ".", ""]) {
      const error = await catchError(rt.call(adminsGet, { id }));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]?.path).toBe("id");
      expect((error as Error).message).toMatch(/^admins\.get: invalid input: id: /);
    }
    expect(s.requests).toHaveLength(0);
  });
});

describe("query parameters", () => {
  const search: OperationDef<Record<string, unknown>, unknown> = {
    name: "articles.search",
    resource: "articles",
    summary: "",
    risk: "read",
    method: "GET",
    path: "/articles/search",
    input: z.strictObject({
      phrase: z.string().optional(),
      helpCenterId: z.number().optional(),
      highlight: z.boolean().optional(),
      states: z.array(z.string()).optional(),
      perPage: z.number().optional(),
      cleared: z.string().nullable().optional(),
    }),
    output: z.looseObject({}),
    params: [
      { name: "phrase", wire: "phrase", in: "query" },
      { name: "helpCenterId", wire: "help_center_id", in: "query" },
      { name: "highlight", wire: "highlight", in: "query" },
      { name: "states", wire: "state", in: "query" },
      { name: "perPage", wire: "per_page", in: "query", default: 25 },
      { name: "cleared", wire: "cleared", in: "query" },
    ],
    constants: [{ name: "order", value: "desc", in: "query" }],
  };

  it("go under wire names with scalars as strings, arrays repeated, null/undefined skipped, defaults and constants added", async () => {
    const s = await serve((_req, res) => sendJson(res, 200, {}));
    await runtimeFor(s).call(search, {
      phrase: "a b&c",
      helpCenterId: 7,
      highlight: false,
      states: ["draft", "published"],
      cleared: null,
    });
    const url = new URL(s.requests[0]!.url, s.url);
    expect(url.pathname).toBe("/articles/search");
    expect([...url.searchParams]).toEqual([
      ["phrase", "a b&c"],
      ["help_center_id", "7"],
      ["highlight", "false"],
      ["state", "draft"],
      ["state", "published"],
      ["per_page", "25"],
      ["order", "desc"],
    ]);
    expect(s.requests[0]?.body).toBe("");
  });

  it("let the caller override a default", async () => {
    const s = await serve((_req, res) => sendJson(res, 200, {}));
    await runtimeFor(s).call(search, { perPage: 5 });
    expect(new URL(s.requests[0]!.url, s.url).searchParams.get("per_page")).toBe("5");
  });
});

describe("JSON bodies", () => {
  it("POST sends inputs under wire names with Content-Type, path inputs not repeated in the body", async () => {
    const s = await serve((_req, res) => sendJson(res, 200, { type: "tag", id: "t1" }));
    await runtimeFor(s).call(contactsAddTag, { contact_id: "c1", tag_id: "t1" });
    const [req] = s.requests;
    expect(req?.method).toBe("POST");
    expect(req?.url).toBe("/contacts/c1/tags");
    expect(req?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(req!.body)).toEqual({ id: "t1" });
  });

  it("adds body constants and defaults, keeps an explicit null, and never sends keys outside params", async () => {
    const close: OperationDef<Record<string, unknown>, unknown> = {
      name: "conversations.close",
      resource: "conversations",
      summary: "",
      risk: "write",
      method: "POST",
      path: "/conversations/{id}/parts",
      // Deliberately not strict, to prove that the runtime itself drops keys it has no ParamSpec for.
      input: z.looseObject({
        id: z.string(),
        admin_id: z.string(),
        body: z.string().nullable().optional(),
        notify: z.boolean().optional(),
      }),
      output: z.looseObject({}),
      params: [
        { name: "id", wire: "id", in: "path" },
        { name: "admin_id", wire: "admin_id", in: "body" },
        { name: "body", wire: "body", in: "body" },
        { name: "notify", wire: "notify", in: "body", default: true },
      ],
      constants: [
        { name: "message_type", value: "close", in: "body" },
        { name: "type", value: "admin", in: "body" },
      ],
    };
    const s = await serve((_req, res) => sendJson(res, 200, {}));
    await runtimeFor(s).call(close, { id: "9", admin_id: "a1", body: null, sneaky: "x" });
    expect(JSON.parse(s.requests[0]!.body)).toEqual({
      admin_id: "a1",
      body: null,
      notify: true,
      message_type: "close",
      type: "admin",
    });
  });

  it("PUT and PATCH carry a JSON body, an empty object when there are no fields", async () => {
    const s = await serve((_req, res) => sendJson(res, 200, {}));
    const rt = runtimeFor(s);
    await rt.call(opFor("PUT"), {});
    await rt.call(opFor("PATCH"), {});
    for (const req of s.requests) {
      expect(req.headers["content-type"]).toBe("application/json");
      expect(req.body).toBe("{}");
    }
  });

  it("DELETE sends neither body nor Content-Type", async () => {
    const s = await serve((_req, res) => sendJson(res, 200, { id: "c1", deleted: true }));
    await runtimeFor(s, { maxRisk: "destructive" }).call(contactsDelete, { id: "c1" });
    expect(s.requests[0]?.method).toBe("DELETE");
    expect(s.requests[0]?.headers["content-type"]).toBeUndefined();
    expect(s.requests[0]?.body).toBe("");
  });
});

describe("checks before any I/O", () => {
  it("invalid input → ValidationError naming the operation and every bad field; nothing sent", async () => {
    const s = await serve((_req, res) => sendJson(res, 200, {}));
    const rt = runtimeFor(s);
    const error = await catchError(rt.call(contactsAddTag, { contact_id: 5, extra: true } as never));
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v.operation).toBe("contacts.addTag");
    expect(v.issues.map((i) => i.path).sort()).toEqual(["(root)", "contact_id", "tag_id"]);
    expect(v.message).toMatch(/^contacts\.addTag: invalid input: /);
    expect(v.message).toContain("contact_id: Invalid input: expected string, received number");
    expect(v.message).toContain('Unrecognized key: "extra"');
    expect(s.requests).toHaveLength(0);
  });

  it("risk above maxRisk → RiskError, checked before validation; nothing sent", async () => {
    const s = await serve((_req, res) => sendJson(res, 200, { id: "c1", deleted: true }));
    const error = await catchError(runtimeFor(s).call(contactsDelete, { id: 123 } as never));
    expect(error).toBeInstanceOf(RiskError);
    expect(error).toMatchObject({ operation: "contacts.delete", risk: "destructive", maxRisk: "write" });
    await expect(
      runtimeFor(s, { maxRisk: "read" }).call(contactsAddTag, { contact_id: "c", tag_id: "t" }),
    ).rejects.toBeInstanceOf(RiskError);
    expect(s.requests).toHaveLength(0);
    await expect(
      runtimeFor(s, { maxRisk: "destructive" }).call(contactsDelete, { id: "c1" }),
    ).resolves.toEqual({ id: "c1", deleted: true });
    expect(s.requests).toHaveLength(1);
  });

  it("an already aborted signal rejects with its reason and sends nothing", async () => {
    const s = await serve((_req, res) => sendJson(res, 200, {}));
    const reason = new Error("caller gave up");
    await expect(runtimeFor(s).call(adminsList, {}, { signal: AbortSignal.abort(reason) })).rejects.toBe(
      reason,
    );
    expect(s.requests).toHaveLength(0);
  });
});

describe("configuration", () => {
  it("picks the region's server, the default region when none is given, and baseUrl over both", () => {
    expect(new Runtime({ token: TOKEN }, DEFAULTS).baseUrl).toBe("https://api.intercom.io");
    expect(new Runtime({ token: TOKEN, region: "eu" }, DEFAULTS).baseUrl).toBe("https://api.eu.intercom.io");
    expect(new Runtime({ token: TOKEN, region: "au" }, DEFAULTS).baseUrl).toBe("https://api.au.intercom.io");
    expect(
      new Runtime({ token: TOKEN, region: "eu", baseUrl: "http://localhost:1/" }, DEFAULTS).baseUrl,
    ).toBe("http://localhost:1");
    expect(new Runtime({ token: TOKEN }, DEFAULTS).maxRisk).toBe("write");
  });

  it("refuses an unknown region, a bad baseUrl, a missing token and bad numbers at construction", () => {
    expect(() => new Runtime({ token: TOKEN, region: "mars" as "us" }, DEFAULTS)).toThrow(
      new ConfigurationError('unknown region "mars": expected one of "us", "eu", "au", or pass baseUrl'),
    );
    expect(() => new Runtime({ token: TOKEN, region: "toString" as "us" }, DEFAULTS)).toThrow(
      ConfigurationError,
    );
    expect(() => new Runtime({ token: TOKEN, baseUrl: "api.intercom.io" }, DEFAULTS)).toThrow(
      /not an absolute URL/,
    );
    expect(() => new Runtime({ token: TOKEN, baseUrl: "ftp://x" }, DEFAULTS)).toThrow(/http\(s\)/);
    expect(() => new Runtime({ token: "" }, DEFAULTS)).toThrow(/token is required/);
    expect(() => new Runtime({ token: TOKEN, maxRetries: -1 }, DEFAULTS)).toThrow(/maxRetries/);
    expect(() => new Runtime({ token: TOKEN, maxRetries: 1.5 }, DEFAULTS)).toThrow(/maxRetries/);
    expect(() => new Runtime({ token: TOKEN, timeoutMs: 0 }, DEFAULTS)).toThrow(/timeoutMs/);
    expect(() => new Runtime({ token: TOKEN, maxRisk: "all" as "read" }, DEFAULTS)).toThrow(/maxRisk/);
  });

  it("refuses bad per-request overrides before sending anything", async () => {
    const s = await serve((_req, res) => sendJson(res, 200, { type: "admin", id: "1" }));
    const rt = runtimeFor(s);
    await expect(rt.call(adminsGet, { id: "1" }, { timeoutMs: -5 })).rejects.toThrow(
      new ConfigurationError("timeoutMs must be a number >= 1, not -5"),
    );
    await expect(rt.call(adminsGet, { id: "1" }, { maxRetries: Number.NaN })).rejects.toBeInstanceOf(
      ConfigurationError,
    );
    expect(s.requests).toHaveLength(0);
  });

  it("keeps a baseUrl path prefix", async () => {
    const s = await serve((_req, res) => sendJson(res, 200, { type: "admin", id: "1" }));
    await runtimeFor(`${s.url}/proxy/intercom/`).call(adminsGet, { id: "1" });
    expect(s.requests[0]?.url).toBe("/proxy/intercom/admins/1");
  });
});

describe("HTTP errors", () => {
  it("404 → NotFoundError with status, codes, request id and a readable message", async () => {
    const s = await serve((_req, res) => sendJson(res, 404, errorList("not_found", "Admin Not Found")));
    const error = await catchError(runtimeFor(s).call(adminsGet, { id: "1" }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({
      name: "NotFoundError",
      status: 404,
      code: "not_found",
      errors: [{ code: "not_found", message: "Admin Not Found" }],
      requestId: "123-abc",
      operation: "admins.get",
      method: "GET",
      message: "admins.get: 404 not_found: Admin Not Found (request 123-abc)",
    });
    expect(s.requests).toHaveLength(1);
  });

  it.each([
    [400, "BadRequestError", BadRequestError],
    [401, "AuthenticationError", AuthenticationError],
    [403, "PermissionDeniedError", PermissionDeniedError],
    [409, "ConflictError", ConflictError],
    [422, "UnprocessableEntityError", UnprocessableEntityError],
    [418, "ApiError", ApiError],
  ] as const)("%i → %s, not retried", async (status, _name, cls) => {
    const s = await serve((_req, res) => sendJson(res, status, errorList("some_code", "Some message")));
    const error = await catchError(runtimeFor(s).call(adminsGet, { id: "1" }));
    expect(error).toBeInstanceOf(cls);
    expect((error as ApiError).status).toBe(status);
    expect(s.requests).toHaveLength(1);
  });

  it("takes the request id from X-Request-Id when the body has none, and survives a non-JSON error body", async () => {
    const s = await serve((_req, res) => {
      res.writeHead(502, { "Content-Type": "text/html", "X-Request-Id": "edge-42" });
      res.end("<html><h1>502 Bad Gateway</h1></html>");
    });
    const error = await catchError(runtimeFor(s, { maxRetries: 0 }).call(adminsGet, { id: "1" }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 502, requestId: "edge-42", errors: [] });
    expect((error as Error).message).toBe(
      'admins.get: 502 non-JSON body: "<html><h1>502 Bad Gateway</h1></html>" (request edge-42)',
    );
  });

  it("does not follow redirects (the token must not travel to another host)", async () => {
    const s = await serve((req, res) => {
      if (req.url === "/elsewhere") return sendJson(res, 200, { type: "admin", id: "1" });
      res.writeHead(302, { Location: "/elsewhere" });
      res.end();
    });
    const error = await catchError(runtimeFor(s).call(adminsGet, { id: "1" }));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(302);
    expect(s.requests.map((r) => r.url)).toEqual(["/admins/1"]);
  });
});

describe("responses", () => {
  it("a 2xx not matching the output → ResponseValidationError with each bad path", async () => {
    const s = await serve((_req, res) =>
      sendJson(res, 200, {
        type: "admin.list",
        admins: [
          { type: "admin", id: "1" },
          { type: "admin", id: 2 },
        ],
      }),
    );
    const error = await catchError(runtimeFor(s).call(adminsList, {}));
    expect(error).toBeInstanceOf(ResponseValidationError);
    const r = error as ResponseValidationError;
    expect(r.operation).toBe("admins.list");
    expect(r.issues).toEqual([
      { path: "admins[1].id", message: "Invalid input: expected string, received number" },
    ]);
    expect(r.message).toBe(
      "admins.list: the response does not match the expected output: admins[1].id: Invalid input: expected string, received number",
    );
    expect(s.requests).toHaveLength(1);
  });

  it("a 2xx that is not JSON → ResponseParseError, not retried", async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end("<html>maintenance</html>");
    });
    const error = await catchError(runtimeFor(s).call(adminsGet, { id: "1" }));
    expect(error).toBeInstanceOf(ResponseParseError);
    expect(error).toMatchObject({
      status: 200,
      contentType: "text/html",
      bodySnippet: "<html>maintenance</html>",
    });
    expect((error as Error).message).toBe(
      'admins.get: the 200 response is not JSON (content-type text/html): "<html>maintenance</html>"',
    );
    expect(s.requests).toHaveLength(1);
  });

  it("an empty 2xx body is validated as {}", async () => {
    const s = await serve((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const rt = runtimeFor(s, { maxRisk: "destructive" });
    await expect(rt.call(opFor("DELETE", "destructive"), {})).resolves.toEqual({});
    const error = await catchError(rt.call(contactsDelete, { id: "c1" }));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues.map((i) => i.path)).toEqual(["id", "deleted"]);
  });
});

describe("hooks", () => {
  it("see every request and response with the token redacted", async () => {
    const s = await serve((_req, res) =>
      sendJson(res, 200, { type: "tag", id: "t1" }, { "X-Request-Id": "req-7" }),
    );
    const h = recordHooks();
    await runtimeFor(s, { hooks: h.hooks }).call(contactsAddTag, { contact_id: "c1", tag_id: "t1" });
    expect(h.requests).toEqual([
      {
        operation: "contacts.addTag",
        method: "POST",
        url: `${s.url}/contacts/c1/tags`,
        headers: {
          Authorization: "Bearer ***",
          "Intercom-Version": "2.15",
          Accept: "application/json",
          "User-Agent": "opspec-test/1.0",
          "Content-Type": "application/json",
        },
        body: { id: "t1" },
        attempt: 1,
      },
    ]);
    expect(h.responses).toHaveLength(1);
    const [response] = h.responses;
    expect(response).toMatchObject({
      operation: "contacts.addTag",
      method: "POST",
      url: `${s.url}/contacts/c1/tags`,
      status: 200,
      attempt: 1,
      requestId: "req-7",
    });
    expect(response?.headers["content-type"]).toBe("application/json");
    expect(response?.durationMs).toBeGreaterThanOrEqual(0);
    expect(response?.error).toBeUndefined();
    expect(response?.retryInMs).toBeUndefined();
  });

  it("report failed attempts with the error and the planned retry wait", async () => {
    const s = await serve((_req, res, i) =>
      i === 0
        ? sendJson(res, 503, errorList("service_unavailable", "Try later", "r-1"))
        : sendJson(res, 200, { type: "admin", id: "1" }),
    );
    const h = recordHooks();
    await runtimeFor(s, { hooks: h.hooks }).call(adminsGet, { id: "1" });
    expect(h.requests.map((e) => e.attempt)).toEqual([1, 2]);
    expect(h.responses.map((e) => [e.attempt, e.status, e.requestId])).toEqual([
      [1, 503, "r-1"],
      [2, 200, undefined],
    ]);
    expect(h.responses[0]?.error).toBeInstanceOf(InternalServerError);
    expect(h.responses[0]?.retryInMs).toBeGreaterThanOrEqual(0);
    expect(h.responses[1]?.error).toBeUndefined();
  });

  it("that throw do not break the call", async () => {
    const s = await serve((_req, res) => sendJson(res, 200, { type: "admin", id: "1" }));
    const rt = runtimeFor(s, {
      hooks: {
        onRequest: () => {
          throw new Error("logger down");
        },
        onResponse: () => {
          throw new Error("metrics down");
        },
      },
    });
    await expect(rt.call(adminsGet, { id: "1" })).resolves.toEqual({ type: "admin", id: "1" });
  });
});
