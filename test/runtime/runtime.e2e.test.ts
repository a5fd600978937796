/** The call pipeline end to end against a loopback node:http server. */
import { describe, expect, it } from "vitest";
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
  petsGet,
  petsList,
  catchError,
  petsAddTag,
  petsDelete,
  apiError,
  INTERCOM_LIKE,
  PETS_API,
  opFor,
  recordHooks,
  runtimeFor,
  sendJson,
  serversPerTest,
  TOKEN,
  type TestServer,
} from "./helpers.ts";

const serve = serversPerTest();

describe("a successful GET", () => {
  it("sends auth, version, accept and user agent, no body or content type, and returns the parsed output with unknown keys", async () => {
    const s = await serve((_req, res) =>
      sendJson(res, 200, { type: "pet", id: "1", name: "Ada", extra: { kept: true } })
    );
    const pet = await runtimeFor(s).call(petsGet, { id: "1" });
    expect(pet).toEqual({ type: "pet", id: "1", name: "Ada", extra: { kept: true } });
    const [req] = s.requests;
    expect(req?.method).toBe("GET");
    expect(req?.url).toBe("/pets/1");
    expect(req?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req?.headers["pets-version"]).toBe("2024-06-01");
    expect(req?.headers.accept).toBe("application/json");
    expect(req?.headers["user-agent"]).toBe("opspec-test/1.0");
    expect(req?.headers["content-type"]).toBeUndefined();
    expect(req?.body).toBe("");
  });

  it("uses the header option and user agent option over the API definition's defaults", async () => {
    const s = await serve((_req, res) => sendJson(res, 200, { type: "pet", id: "1" }));
    await runtimeFor(s, { version: "Unstable", userAgent: "my-app/2" }).call(petsGet, { id: "1" });
    expect(s.requests[0]?.headers["pets-version"]).toBe("Unstable");
    expect(s.requests[0]?.headers["user-agent"]).toBe("my-app/2");
  });

  it("lets input be omitted when nothing is required", async () => {
    const s = await serve((_req, res) => sendJson(res, 200, { type: "pet.list", pets: [] }));
    await expect(runtimeFor(s).call(petsList)).resolves.toEqual({ type: "pet.list", pets: [] });
    expect(s.requests[0]?.url).toBe("/pets");
  });
});

describe("path parameters", () => {
  it("cannot change the route: ../x and other specials arrive as one segment of the intended route", async () => {
    const s = await serve((req, res) => {
      const segments = req.url.split("?")[0]!.split("/");
      sendJson(res, 200, {
        type: "pet",
        id: decodeURIComponent(segments[2] ?? ""),
        segments: segments.length,
      });
    });
    const rt = runtimeFor(s);
    for (const id of ["../x", "a/b?c=1#frag", "100%", "..x", "...", "john.doe@example.com"]) {
      const pet = await rt.call(petsGet, { id });
      expect(pet).toMatchObject({ id, segments: 3 });
    }
    expect(s.requests.every((r) => r.url.startsWith("/pets/"))).toBe(true);
    expect(s.requests[0]?.url).toBe("/pets/%2E%2E%2Fx");
  });

  it("refuses '..', '.' and '' with a ValidationError and sends nothing (fetch would normalise %2E%2E away)", async () => {
    const s = await serve((_req, res) => sendJson(res, 200, { type: "pet", id: "1" }));
    const rt = runtimeFor(s);
    for (const id of ["..", ".", ""]) {
      const error = await catchError(rt.call(petsGet, { id }));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]?.path).toBe("id");
      expect((error as Error).message).toMatch(/^pets\.get: invalid input: id: /);
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
    await runtimeFor(s).call(petsAddTag, { pet_id: "c1", tag_id: "t1" });
    const [req] = s.requests;
    expect(req?.method).toBe("POST");
    expect(req?.url).toBe("/pets/c1/tags");
    expect(req?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(req!.body)).toEqual({ id: "t1" });
  });

  it("adds body constants and defaults, keeps an explicit null, and never sends keys outside params", async () => {
    const close: OperationDef<Record<string, unknown>, unknown> = {
      name: "tickets.close",
      resource: "tickets",
      summary: "",
      risk: "write",
      method: "POST",
      path: "/tickets/{id}/parts",
      // Deliberately not strict, to prove that the runtime itself drops keys it has no ParamSpec for.
      input: z.looseObject({
        id: z.string(),
        owner_id: z.string(),
        body: z.string().nullable().optional(),
        notify: z.boolean().optional(),
      }),
      output: z.looseObject({}),
      params: [
        { name: "id", wire: "id", in: "path" },
        { name: "owner_id", wire: "owner_id", in: "body" },
        { name: "body", wire: "body", in: "body" },
        { name: "notify", wire: "notify", in: "body", default: true },
      ],
      constants: [
        { name: "message_type", value: "close", in: "body" },
        { name: "type", value: "owner", in: "body" },
      ],
    };
    const s = await serve((_req, res) => sendJson(res, 200, {}));
    await runtimeFor(s).call(close, { id: "9", owner_id: "a1", body: null, sneaky: "x" });
    expect(JSON.parse(s.requests[0]!.body)).toEqual({
      owner_id: "a1",
      body: null,
      notify: true,
      message_type: "close",
      type: "owner",
    });
  });

  it("POST, PUT and PATCH without body inputs or body constants send no body and no Content-Type", async () => {
    const s = await serve((req, res) =>
      // What strict servers do with an unexpected `{}`.
      req.body === ""
        ? sendJson(res, 200, {})
        : sendJson(res, 415, apiError("unsupported_media_type", "no body here"))
    );
    const rt = runtimeFor(s);
    await rt.call(opFor("POST"), {});
    await rt.call(opFor("PUT"), {});
    await rt.call(opFor("PATCH"), {});
    expect(s.requests.map((r) => r.method)).toEqual(["POST", "PUT", "PATCH"]);
    for (const req of s.requests) {
      expect(req.headers["content-type"]).toBeUndefined();
      expect(req.headers["content-length"] ?? "0").toBe("0");
      expect(req.body).toBe("");
    }
  });

  it("an operation with body inputs sends {} when the caller gives none of them", async () => {
    const update: OperationDef<{ id: string; name?: string }, unknown> = {
      ...opFor("PATCH"),
      name: "pets.update",
      path: "/pets/{id}",
      input: z.strictObject({ id: z.string(), name: z.string().optional() }),
      params: [
        { name: "id", wire: "id", in: "path" },
        { name: "name", wire: "name", in: "body" },
      ],
    };
    const s = await serve((_req, res) => sendJson(res, 200, {}));
    await runtimeFor(s).call(update, { id: "p1" });
    expect(s.requests[0]?.headers["content-type"]).toBe("application/json");
    expect(s.requests[0]?.body).toBe("{}");
  });

  it("a DELETE with a body constant sends it", async () => {
    const s = await serve((_req, res) => sendJson(res, 200, {}));
    const op: OperationDef<Record<string, never>, unknown> = {
      ...opFor("DELETE", "destructive"),
      constants: [{ name: "reason", value: "duplicate", in: "body" }],
    };
    await runtimeFor(s, { maxRisk: "destructive" }).call(op, {});
    expect(JSON.parse(s.requests[0]!.body)).toEqual({ reason: "duplicate" });
    expect(s.requests[0]?.headers["content-type"]).toBe("application/json");
  });

  it("DELETE sends neither body nor Content-Type", async () => {
    const s = await serve((_req, res) => sendJson(res, 200, { id: "c1", deleted: true }));
    await runtimeFor(s, { maxRisk: "destructive" }).call(petsDelete, { id: "c1" });
    expect(s.requests[0]?.method).toBe("DELETE");
    expect(s.requests[0]?.headers["content-type"]).toBeUndefined();
    expect(s.requests[0]?.body).toBe("");
  });
});

describe("header inputs", () => {
  it("go under their wire names, after the API's headers, never replacing the credentials", async () => {
    const s = await serve((_req, res) => sendJson(res, 200, { type: "tag", id: "t1" }));
    await runtimeFor(s).call(petsAddTag, { pet_id: "p1", tag_id: "t1", idempotency_key: "key-123" });
    expect(s.requests[0]?.headers["idempotency-key"]).toBe("key-123");
    await runtimeFor(s).call(petsAddTag, { pet_id: "p1", tag_id: "t1" });
    expect(s.requests[1]?.headers["idempotency-key"]).toBeUndefined();

    const sneaky: OperationDef<{ auth?: string }, unknown> = {
      ...opFor("GET", "read"),
      input: z.strictObject({ auth: z.string().optional() }),
      params: [{ name: "auth", wire: "authorization", in: "header" }],
    };
    await runtimeFor(s).call(sneaky, { auth: "Bearer someone-else" });
    expect(s.requests[2]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("with CR, LF or other control characters → ValidationError, nothing sent", async () => {
    const s = await serve((_req, res) => sendJson(res, 200, { type: "tag", id: "t1" }));
    for (const key of ["a\r\nX-Injected: 1", "a\nb", "nul\0", "tab\tx", "emoji 🐶"]) {
      const error = await catchError(
        runtimeFor(s).call(petsAddTag, { pet_id: "p", tag_id: "t", idempotency_key: key }),
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([
        {
          path: "idempotency_key",
          message:
            "a header value must not contain line breaks, control characters or characters above U+00FF",
        },
      ]);
    }
    expect(s.requests).toHaveLength(0);
  });
});

describe("checks before any I/O", () => {
  it("invalid input → ValidationError naming the operation and every bad field; nothing sent", async () => {
    const s = await serve((_req, res) => sendJson(res, 200, {}));
    const rt = runtimeFor(s);
    const error = await catchError(rt.call(petsAddTag, { pet_id: 5, extra: true } as never));
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v.operation).toBe("pets.addTag");
    expect(v.issues.map((i) => i.path).sort()).toEqual(["(root)", "pet_id", "tag_id"]);
    expect(v.message).toMatch(/^pets\.addTag: invalid input: /);
    expect(v.message).toContain("pet_id: Invalid input: expected string, received number");
    expect(v.message).toContain('Unrecognized key: "extra"');
    expect(s.requests).toHaveLength(0);
  });

  it("risk above maxRisk → RiskError, checked before validation; nothing sent", async () => {
    const s = await serve((_req, res) => sendJson(res, 200, { id: "c1", deleted: true }));
    const error = await catchError(runtimeFor(s).call(petsDelete, { id: 123 } as never));
    expect(error).toBeInstanceOf(RiskError);
    expect(error).toMatchObject({ operation: "pets.delete", risk: "destructive", maxRisk: "write" });
    await expect(
      runtimeFor(s, { maxRisk: "read" }).call(petsAddTag, { pet_id: "c", tag_id: "t" }),
    ).rejects.toBeInstanceOf(RiskError);
    expect(s.requests).toHaveLength(0);
    await expect(
      runtimeFor(s, { maxRisk: "destructive" }).call(petsDelete, { id: "c1" }),
    ).resolves.toEqual({ id: "c1", deleted: true });
    expect(s.requests).toHaveLength(1);
  });

  it("an already aborted signal rejects with its reason and sends nothing", async () => {
    const s = await serve((_req, res) => sendJson(res, 200, {}));
    const reason = new Error("caller gave up");
    await expect(runtimeFor(s).call(petsList, {}, { signal: AbortSignal.abort(reason) })).rejects.toBe(
      reason,
    );
    expect(s.requests).toHaveLength(0);
  });
});

describe("configuration", () => {
  it("picks the named server by the API's server option, the default server when none is given, and baseUrl over both", () => {
    expect(new Runtime({ token: TOKEN }, PETS_API).baseUrl).toBe("https://api.pets.example");
    expect(new Runtime({ token: TOKEN, environment: "sandbox" }, PETS_API).baseUrl).toBe(
      "https://sandbox.pets.example/v2",
    );
    expect(
      new Runtime({ token: TOKEN, environment: "sandbox", baseUrl: "http://localhost:1/" }, PETS_API).baseUrl,
    ).toBe("http://localhost:1");
    expect(new Runtime({ token: TOKEN, region: "eu" }, INTERCOM_LIKE).baseUrl).toBe(
      "https://api.eu.example.io",
    );
    // Another API's server option means nothing here.
    expect(new Runtime({ token: TOKEN, region: "eu" }, PETS_API).baseUrl).toBe("https://api.pets.example");
    expect(new Runtime({ token: TOKEN }, PETS_API).maxRisk).toBe("write");
  });

  it("refuses an unknown server (listing the names), a bad baseUrl and bad numbers at construction", () => {
    expect(() => new Runtime({ token: TOKEN, environment: "mars" }, PETS_API)).toThrow(
      new ConfigurationError(
        'unknown environment "mars": expected one of "production", "sandbox", or pass baseUrl',
      ),
    );
    expect(() => new Runtime({ token: TOKEN, environment: "toString" }, PETS_API)).toThrow(
      ConfigurationError,
    );
    expect(() => new Runtime({ token: TOKEN, environment: 3 }, PETS_API)).toThrow(/unknown environment 3/);
    expect(() => new Runtime({ token: TOKEN, baseUrl: "api.pets.example" }, PETS_API)).toThrow(
      /not an absolute URL/,
    );
    expect(() => new Runtime({ token: TOKEN, baseUrl: "ftp://x" }, PETS_API)).toThrow(/http\(s\)/);
    expect(() => new Runtime({ token: TOKEN, baseUrl: "https://u:p@x" }, PETS_API)).toThrow(/credentials/);
    expect(() => new Runtime({ token: TOKEN, maxRetries: -1 }, PETS_API)).toThrow(/maxRetries/);
    expect(() => new Runtime({ token: TOKEN, maxRetries: 1.5 }, PETS_API)).toThrow(/maxRetries/);
    expect(() => new Runtime({ token: TOKEN, timeoutMs: 0 }, PETS_API)).toThrow(/timeoutMs/);
    expect(() => new Runtime({ token: TOKEN, maxResponseBytes: -1 }, PETS_API)).toThrow(/maxResponseBytes/);
    expect(() => new Runtime({ token: TOKEN, maxRisk: "all" as "read" }, PETS_API)).toThrow(/maxRisk/);
  });

  it("sends each API header from its option or default; a required one without value is refused; values are checked", async () => {
    const api = {
      ...PETS_API,
      headers: [
        { name: "Pets-Version", option: "version", default: "2024-06-01" },
        { name: "Pets-Account", option: "account", required: true },
        { name: "Pets-Beta", option: "beta" },
      ],
    };
    expect(() => new Runtime({ token: TOKEN }, api)).toThrow(
      new ConfigurationError("account is required: the value of the Pets-Account header"),
    );
    expect(() => new Runtime({ token: TOKEN, account: "acct\r\nX-Injected: 1" }, api)).toThrow(
      new ConfigurationError(
        "account must not contain line breaks, control characters or characters above U+00FF",
      ),
    );
    expect(() => new Runtime({ token: TOKEN, account: 42 }, api)).toThrow(
      /account must be a non-empty string/,
    );
    expect(() => new Runtime({ token: TOKEN, account: "a", userAgent: "x\ny" }, api)).toThrow(/userAgent/);

    const s = await serve((_req, res) => sendJson(res, 200, { type: "pet", id: "1" }));
    await runtimeFor(s, { account: "acct_1" }, api).call(petsGet, { id: "1" });
    await runtimeFor(s, { account: "acct_1", beta: "on", version: "2025-01-01" }, api).call(petsGet, {
      id: "1",
    });
    expect(s.requests[0]?.headers["pets-account"]).toBe("acct_1");
    expect(s.requests[0]?.headers["pets-version"]).toBe("2024-06-01");
    expect(s.requests[0]?.headers["pets-beta"]).toBeUndefined();
    expect(s.requests[1]?.headers["pets-beta"]).toBe("on");
    expect(s.requests[1]?.headers["pets-version"]).toBe("2025-01-01");
    // Nothing of another API's conventions travels.
    expect(Object.keys(s.requests[0]!.headers).some((h) => /intercom/i.test(h))).toBe(false);
  });

  it("refuses bad per-request overrides before sending anything", async () => {
    const s = await serve((_req, res) => sendJson(res, 200, { type: "pet", id: "1" }));
    const rt = runtimeFor(s);
    await expect(rt.call(petsGet, { id: "1" }, { timeoutMs: -5 })).rejects.toThrow(
      new ConfigurationError("timeoutMs must be a number >= 1, not -5"),
    );
    await expect(rt.call(petsGet, { id: "1" }, { maxRetries: Number.NaN })).rejects.toBeInstanceOf(
      ConfigurationError,
    );
    expect(s.requests).toHaveLength(0);
  });

  it("keeps a baseUrl path prefix", async () => {
    const s = await serve((_req, res) => sendJson(res, 200, { type: "pet", id: "1" }));
    await runtimeFor(`${s.url}/proxy/pets-api/`).call(petsGet, { id: "1" });
    expect(s.requests[0]?.url).toBe("/proxy/pets-api/pets/1");
  });
});

describe("HTTP errors", () => {
  it("404 → NotFoundError with status, codes, request id and a readable message", async () => {
    const s = await serve((_req, res) =>
      sendJson(res, 404, apiError("not_found", "Pet Not Found"), { "X-Request-Id": "123-abc" })
    );
    const error = await catchError(runtimeFor(s).call(petsGet, { id: "1" }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({
      name: "NotFoundError",
      status: 404,
      code: "not_found",
      codes: ["not_found"],
      detail: "Pet Not Found",
      requestId: "123-abc",
      operation: "pets.get",
      method: "GET",
      body: { error: { code: "not_found", message: "Pet Not Found" } },
      message: "pets.get: 404 not_found: Pet Not Found (request 123-abc)",
    });
    expect(s.requests).toHaveLength(1);
  });

  it.each(
    [
      [400, "BadRequestError", BadRequestError],
      [401, "AuthenticationError", AuthenticationError],
      [403, "PermissionDeniedError", PermissionDeniedError],
      [409, "ConflictError", ConflictError],
      [422, "UnprocessableEntityError", UnprocessableEntityError],
      [418, "ApiError", ApiError],
    ] as const,
  )("%i → %s, not retried", async (status, _name, cls) => {
    const s = await serve((_req, res) => sendJson(res, status, apiError("some_code", "Some message")));
    const error = await catchError(runtimeFor(s).call(petsGet, { id: "1" }));
    expect(error).toBeInstanceOf(cls);
    expect((error as ApiError).status).toBe(status);
    expect(s.requests).toHaveLength(1);
  });

  it("takes the request id from X-Request-Id when the body has none, and survives a non-JSON error body", async () => {
    const s = await serve((_req, res) => {
      res.writeHead(502, { "Content-Type": "text/html", "X-Request-Id": "edge-42" });
      res.end("<html><h1>502 Bad Gateway</h1></html>");
    });
    const error = await catchError(runtimeFor(s, { maxRetries: 0 }).call(petsGet, { id: "1" }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({
      status: 502,
      requestId: "edge-42",
      codes: [],
      code: undefined,
      detail: undefined,
    });
    expect((error as ApiError).body).toBe("<html><h1>502 Bad Gateway</h1></html>");
    expect((error as Error).message).toBe(
      'pets.get: 502 non-JSON body: "<html><h1>502 Bad Gateway</h1></html>" (request edge-42)',
    );
  });

  it("says so when the body is JSON but the API's error paths find nothing, quoting it", async () => {
    const s = await serve((_req, res) => sendJson(res, 400, { oops: "something else", n: 1 }));
    const error = await catchError(runtimeFor(s).call(petsGet, { id: "1" }));
    expect((error as Error).message).toBe(
      'pets.get: 400 no error details found in the body: {"oops":"something else","n":1}',
    );
    expect(error).toMatchObject({ codes: [], detail: undefined, requestId: undefined });
  });

  it("does not follow redirects (the token must not travel to another host)", async () => {
    const s = await serve((req, res) => {
      if (req.url === "/elsewhere") return sendJson(res, 200, { type: "pet", id: "1" });
      res.writeHead(302, { Location: "/elsewhere" });
      res.end();
    });
    const error = await catchError(runtimeFor(s).call(petsGet, { id: "1" }));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(302);
    expect(s.requests.map((r) => r.url)).toEqual(["/pets/1"]);
  });
});

describe("responses", () => {
  it("a 2xx not matching the output → ResponseValidationError with each bad path", async () => {
    const s = await serve((_req, res) =>
      sendJson(res, 200, {
        type: "pet.list",
        pets: [
          { type: "pet", id: "1" },
          { type: "pet", id: 2 },
        ],
      })
    );
    const error = await catchError(runtimeFor(s).call(petsList, {}));
    expect(error).toBeInstanceOf(ResponseValidationError);
    const r = error as ResponseValidationError;
    expect(r.operation).toBe("pets.list");
    expect(r.issues).toEqual([
      { path: "pets[1].id", message: "Invalid input: expected string, received number" },
    ]);
    expect(r.message).toBe(
      "pets.list: the response does not match the expected output: pets[1].id: Invalid input: expected string, received number",
    );
    expect(s.requests).toHaveLength(1);
  });

  it("a 2xx that is not JSON → ResponseParseError, not retried", async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end("<html>maintenance</html>");
    });
    const error = await catchError(runtimeFor(s).call(petsGet, { id: "1" }));
    expect(error).toBeInstanceOf(ResponseParseError);
    expect(error).toMatchObject({
      status: 200,
      contentType: "text/html",
      bodySnippet: "<html>maintenance</html>",
    });
    expect((error as Error).message).toBe(
      'pets.get: the 200 response is not JSON (content-type text/html): "<html>maintenance</html>"',
    );
    expect(s.requests).toHaveLength(1);
  });

  it("an operation without output resolves to undefined and ignores whatever body comes", async () => {
    const s = await serve((_req, res, i) => {
      if (i === 0) {
        res.writeHead(204);
        return res.end();
      }
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end("<html>not JSON, not read</html>");
    });
    const { output: _output, ...rest } = petsDelete;
    const noOutput: OperationDef<{ id: string }, void> = { ...rest, status: 204 };
    const rt = runtimeFor(s, { maxRisk: "destructive" });
    await expect(rt.call(noOutput, { id: "p1" })).resolves.toBeUndefined();
    await expect(rt.call(noOutput, { id: "p1" })).resolves.toBeUndefined();
    expect(s.requests).toHaveLength(2);
  });

  it("an empty 2xx body is validated as {} when the operation has an output", async () => {
    const s = await serve((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const rt = runtimeFor(s, { maxRisk: "destructive" });
    await expect(rt.call(opFor("DELETE", "destructive"), {})).resolves.toEqual({});
    const error = await catchError(rt.call(petsDelete, { id: "c1" }));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues.map((i) => i.path)).toEqual(["id", "deleted"]);
  });
});

describe("hooks", () => {
  it("see every request and response with the token redacted", async () => {
    const s = await serve((_req, res) =>
      sendJson(res, 200, { type: "tag", id: "t1" }, { "X-Request-Id": "req-7" })
    );
    const h = recordHooks();
    await runtimeFor(s, { hooks: h.hooks }).call(petsAddTag, { pet_id: "c1", tag_id: "t1" });
    expect(h.requests).toEqual([
      {
        operation: "pets.addTag",
        method: "POST",
        url: `${s.url}/pets/c1/tags`,
        headers: {
          Authorization: "Bearer ***",
          "Pets-Version": "2024-06-01",
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
      operation: "pets.addTag",
      method: "POST",
      url: `${s.url}/pets/c1/tags`,
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
        ? sendJson(res, 503, apiError("service_unavailable", "Try later"), { "X-Request-Id": "r-1" })
        : sendJson(res, 200, { type: "pet", id: "1" })
    );
    const h = recordHooks();
    await runtimeFor(s, { hooks: h.hooks }).call(petsGet, { id: "1" });
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
    const s = await serve((_req, res) => sendJson(res, 200, { type: "pet", id: "1" }));
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
    await expect(rt.call(petsGet, { id: "1" })).resolves.toEqual({ type: "pet", id: "1" });
  });
});
