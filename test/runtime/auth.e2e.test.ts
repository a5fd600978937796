/** Each auth scheme over a loopback server: what travels, what hooks see, what the constructor refuses. */
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { type ApiDef, ConfigurationError, Runtime } from "../../generator/runtime/index.ts";
import {
  PETS_API,
  petsGet,
  recordHooks,
  runtimeFor,
  sendJson,
  startServer,
  type TestServer,
} from "./helpers.ts";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function petServer(): Promise<TestServer> {
  server = await startServer((_req, res) => sendJson(res, 200, { type: "pet", id: "1" }));
  return server;
}

const api = (auth: ApiDef["auth"]): ApiDef => ({ ...PETS_API, auth });

describe("auth schemes", () => {
  it("bearer: Authorization: Bearer <token>; hooks see Bearer ***", async () => {
    const s = await petServer();
    const h = recordHooks();
    await runtimeFor(s, { token: "tok_1", hooks: h.hooks }).call(petsGet, { id: "1" });
    expect(s.requests[0]?.headers.authorization).toBe("Bearer tok_1");
    expect(h.requests[0]?.headers.Authorization).toBe("Bearer ***");
  });

  it("basic: Authorization: Basic base64(username:password); hooks see Basic ***", async () => {
    const s = await petServer();
    const h = recordHooks();
    await runtimeFor(
      s,
      { token: undefined, username: "ada", password: "pä55 word", hooks: h.hooks },
      api({ scheme: "basic" }),
    ).call(
      petsGet,
      { id: "1" },
    );
    const header = s.requests[0]?.headers.authorization ?? "";
    expect(header).toMatch(/^Basic /);
    expect(Buffer.from(header.slice(6), "base64").toString("utf8")).toBe("ada:pä55 word");
    expect(h.requests[0]?.headers.Authorization).toBe("Basic ***");
  });

  it("apiKey in a named header; hooks see ***; no Authorization header", async () => {
    const s = await petServer();
    const h = recordHooks();
    await runtimeFor(
      s,
      { token: undefined, apiKey: "key_1", hooks: h.hooks },
      api({ scheme: "apiKey", in: "header", name: "X-Pets-Key" }),
    ).call(
      petsGet,
      { id: "1" },
    );
    expect(s.requests[0]?.headers["x-pets-key"]).toBe("key_1");
    expect(s.requests[0]?.headers.authorization).toBeUndefined();
    expect(h.requests[0]?.headers["X-Pets-Key"]).toBe("***");
  });

  it("apiKey in a named query parameter, once, even when an input has the same name; URLs in hooks and errors show ***", async () => {
    server = await startServer((_req, res) => sendJson(res, 404, { error: { code: "nope", message: "no" } }));
    const s = server;
    const h = recordHooks();
    const rt = runtimeFor(
      s,
      { token: undefined, apiKey: "key/1+2", hooks: h.hooks, maxRetries: 0 },
      api({ scheme: "apiKey", in: "query", name: "key" }),
    );
    const op = {
      ...petsGet,
      input: z.strictObject({ id: z.string(), key: z.string().optional() }),
      params: [...petsGet.params, { name: "key", wire: "key", in: "query" as const }],
    };
    const error = await rt.call(op, { id: "1", key: "caller-value" }).catch((e: unknown) => e);
    const url = new URL(s.requests[0]!.url, s.url);
    expect(url.searchParams.getAll("key")).toEqual(["key/1+2"]);
    expect(s.requests[0]?.headers.authorization).toBeUndefined();
    expect(h.requests[0]?.url).toBe(`${s.url}/pets/1?key=***`);
    expect((error as { url: string }).url).toBe(`${s.url}/pets/1?key=***`);
    expect(JSON.stringify(h.responses)).not.toContain("key%2F1%2B2");
  });

  it("none: no credential header, no credential option needed", async () => {
    const s = await petServer();
    const rt = new Runtime({ baseUrl: s.url }, api({ scheme: "none" }));
    await rt.call(petsGet, { id: "1" });
    expect(s.requests[0]?.headers.authorization).toBeUndefined();
  });
});

describe("the constructor refuses missing credentials, naming the option", () => {
  it.each(
    [
      [{ scheme: "bearer" }, {}, "token is required: a bearer token"],
      [
        { scheme: "basic" },
        { username: "ada" },
        "password is required: the password for basic authentication",
      ],
      [
        { scheme: "basic" },
        { password: "x" },
        "username is required: the user name for basic authentication",
      ],
      [{ scheme: "apiKey", in: "header", name: "X-Key" }, {}, "apiKey is required: an API key"],
      [
        { scheme: "apiKey", in: "query", name: "key" },
        { token: "not the option" },
        "apiKey is required: an API key",
      ],
    ] as const,
  )("%j with %j", (auth, options, message) => {
    expect(() => new Runtime({ baseUrl: "http://127.0.0.1:1", ...options }, api(auth))).toThrow(
      new ConfigurationError(message),
    );
  });
});
