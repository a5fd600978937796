/**
 * Credentials must never show up in an error, a hook payload or an inspected client: for every auth
 * scheme, every failure kind is produced with a distinctive secret (and a server that echoes it back
 * wherever it can, decoded where it can) and everything observable is searched for it.
 */
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  type ApiDef,
  AuthenticationError,
  type ClientOptions,
  ConfigurationError,
  ConnectionError,
  InternalServerError,
  NotFoundError,
  type OperationDef,
  paginate,
  PaginationError,
  RateLimitError,
  ResponseParseError,
  ResponseValidationError,
  RiskError,
  Runtime,
  TimeoutError,
  ValidationError,
} from "../../generator/runtime/index.ts";
import { base64 } from "../../generator/runtime/redact.ts";
import {
  catchError,
  closedPortUrl,
  collect,
  INTERCOM_LIKE,
  petsAddTag,
  petsDelete,
  petsGet,
  startServer,
  type TestServer,
} from "./helpers.ts";

const SECRET = "tok_DISTINCTIVE_c4f3b4b3";
const PASSWORD = "pw_DISTINCTIVE_9e8d7c6b";

interface Scheme {
  label: string;
  api: ApiDef;
  /** The credential options, given the secret to use. */
  options: (secret: string) => Partial<ClientOptions>;
  /** What must never be seen, given the secret. */
  secrets: (secret: string) => string[];
  /** Where the credential travels, to check the server did receive it. */
  received: (req: TestServer["requests"][number], secret: string) => boolean;
}

const SCHEMES: Scheme[] = [
  {
    label: "bearer",
    api: INTERCOM_LIKE,
    options: (secret) => ({ token: secret }),
    secrets: (secret) => [secret],
    received: (req, secret) => req.headers.authorization === `Bearer ${secret}`,
  },
  {
    label: "basic",
    api: { ...INTERCOM_LIKE, auth: { scheme: "basic" } },
    options: (secret) => ({ username: "ada", password: secret }),
    secrets: (secret) => [secret, base64(`ada:${secret}`)],
    received: (req, secret) => req.headers.authorization === `Basic ${base64(`ada:${secret}`)}`,
  },
  {
    label: "apiKey in a header",
    api: { ...INTERCOM_LIKE, auth: { scheme: "apiKey", in: "header", name: "X-Api-Key" } },
    options: (secret) => ({ apiKey: secret }),
    secrets: (secret) => [secret],
    received: (req, secret) => req.headers["x-api-key"] === secret,
  },
  {
    label: "apiKey in the query",
    api: { ...INTERCOM_LIKE, auth: { scheme: "apiKey", in: "query", name: "api_key" } },
    options: (secret) => ({ apiKey: secret }),
    secrets: (secret) => [secret],
    received: (req, secret) => new URL(req.url, "http://x").searchParams.get("api_key") === secret,
  },
];

/** Everything the request carried that could be a credential, decoded where possible, as one string. */
function credentialEcho(req: TestServer["requests"][number]): string {
  const parts: string[] = [];
  const authorization = req.headers.authorization;
  if (authorization) {
    parts.push(authorization);
    const basic = /^Basic (.+)$/.exec(authorization);
    if (basic) parts.push(Buffer.from(basic[1]!, "base64").toString("utf8"));
  }
  const headerKey = req.headers["x-api-key"];
  if (typeof headerKey === "string") parts.push(headerKey);
  const queryKey = new URL(req.url, "http://x").searchParams.get("api_key");
  if (queryKey) parts.push(queryKey);
  return parts.join(" | ");
}

let server: TestServer;

beforeAll(async () => {
  server = await startServer((req, res) => {
    const auth = credentialEcho(req);
    const echo = (status: number, body: unknown): void => {
      res.writeHead(status, {
        "Content-Type": "application/json",
        "X-Echo-Authorization": encodeURIComponent(auth),
        "X-Request-Id": `id-${encodeURIComponent(auth)}`,
      });
      res.end(JSON.stringify(body));
    };
    const errors = [{ code: `bad_${auth}`, message: `You sent ${auth}`, field: auth }];
    const path = req.url.split("?")[0];
    switch (path) {
      case "/pets/401":
        return echo(401, { type: "error.list", request_id: auth, errors });
      case "/pets/404":
        return echo(404, { type: "error.list", errors });
      case "/pets/429":
        return echo(429, { type: "error.list", errors });
      case "/pets/500":
        res.writeHead(500, { "Content-Type": "text/html", "Retry-After": encodeURIComponent(auth) });
        return res.end(`<html>Proxy error for ${auth}</html>`);
      case "/pets/html":
        res.writeHead(200, { "Content-Type": "text/html" });
        return res.end(`<html>Hello ${auth}</html>`);
      case "/pets/bad-output":
        return echo(200, { type: "pet", id: 1, [auth]: auth });
      case "/pets/slow":
        setTimeout(() => echo(200, { type: "pet", id: "1" }), 300).unref();
        return;
      case "/pets/cut":
        res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "500" });
        res.write(`{"echo":"${auth}`);
        setTimeout(() => res.socket?.destroy(), 10);
        return;
      case "/loop":
        return echo(200, { data: [{ id: auth }], pages: { next: { starting_after: auth } } });
      case "/link":
        res.writeHead(200, {
          "Content-Type": "application/json",
          Link: `<http://evil.example/steal?c=${encodeURIComponent(auth)}>; rel="next"`,
        });
        return res.end(JSON.stringify({ items: [{ id: "1" }] }));
      default:
        return echo(200, { type: "pet", id: "1", echo: auth });
    }
  });
});

afterAll(async () => {
  await server.close();
});

/** Everything a logger or a curious developer could print. */
function exposures(value: unknown): string[] {
  const out = [inspect(value, { depth: 10, showHidden: true }), String(value)];
  try {
    out.push(JSON.stringify(value) ?? "");
  } catch {
    // Cycles are fine: inspect covered the value.
  }
  if (value instanceof Error) out.push(value.stack ?? "", value.message);
  return out;
}

function expectClean(value: unknown, secrets: readonly string[]): void {
  for (const text of exposures(value)) {
    for (const secret of secrets) {
      for (
        const spelling of [
          secret,
          encodeURIComponent(secret),
          new URLSearchParams({ k: secret }).toString().slice(2),
        ]
      ) {
        expect(text).not.toContain(spelling);
      }
    }
  }
}

const pagedLoop: OperationDef<{ starting_after?: string }, unknown> = {
  name: "things.list",
  resource: "things",
  summary: "",
  risk: "read",
  method: "GET",
  path: "/loop",
  input: z.strictObject({ starting_after: z.string().optional() }),
  output: z.looseObject({}),
  params: [{ name: "starting_after", wire: "starting_after", in: "query" }],
  pagination: {
    style: "cursor",
    items: ["data"],
    cursor: ["starting_after"],
    next: ["pages", "next", "starting_after"],
  },
};

const linkToElsewhere: OperationDef<Record<string, never>, unknown> = {
  ...pagedLoop,
  path: "/link",
  input: z.strictObject({}),
  params: [],
  pagination: { style: "link", items: ["items"] },
} as OperationDef<Record<string, never>, unknown>;

describe.each(SCHEMES)("$label: the credential never leaks", (scheme) => {
  const events: unknown[] = [];
  const secret = scheme.label === "basic" ? PASSWORD : SECRET;
  const secrets = scheme.secrets(secret);

  function runtime(options: Partial<ClientOptions> = {}, value = secret): Runtime {
    return new Runtime(
      {
        ...scheme.options(value),
        baseUrl: server.url,
        maxRetries: 1,
        retryDelay: { baseMs: 1, maxMs: 5 },
        hooks: { onRequest: (e) => void events.push(e), onResponse: (e) => void events.push(e) },
        ...options,
      },
      scheme.api,
    );
  }

  it.each(
    [
      ["ValidationError", ValidationError, () => runtime().call(petsGet, { id: 1 } as never)],
      ["RiskError", RiskError, () => runtime().call(petsDelete, { id: "1" })],
      [
        "AuthenticationError (server echoes it in body and headers)",
        AuthenticationError,
        () => runtime().call(petsGet, { id: "401" }),
      ],
      ["NotFoundError (echo in code, message and field)", NotFoundError, () =>
        runtime().call(petsGet, { id: "404" })],
      ["RateLimitError", RateLimitError, () =>
        runtime().call(petsGet, { id: "429" })],
      ["InternalServerError with an HTML body", InternalServerError, () =>
        runtime().call(petsGet, { id: "500" })],
      ["ResponseParseError", ResponseParseError, () =>
        runtime().call(petsGet, { id: "html" })],
      ["ResponseValidationError", ResponseValidationError, () =>
        runtime().call(petsGet, { id: "bad-output" })],
      ["TimeoutError", TimeoutError, () =>
        runtime({ timeoutMs: 20 }).call(petsGet, { id: "slow" })],
      ["ConnectionError (body cut off)", ConnectionError, () =>
        runtime().call(petsGet, { id: "cut" })],
      ["PaginationError (echoing cursor)", PaginationError, () => collect(paginate(runtime(), pagedLoop, {}))],
      ["PaginationError (next link elsewhere)", PaginationError, () =>
        collect(paginate(runtime(), linkToElsewhere, {}))],
    ] as const,
  )("%s", async (_label, cls, run) => {
    const error = await catchError(run());
    expect(error).toBeInstanceOf(cls);
    expectClean(error, secrets);
  });

  it("PaginationError when a server-sent cursor echoes a secret that needs URL encoding", async () => {
    const odd = "tok+ODD/secret=value&x";
    const error = await catchError(collect(paginate(runtime({}, odd), pagedLoop, {})));
    expect(error).toBeInstanceOf(PaginationError);
    expectClean(error, scheme.secrets(odd));
    expect(server.requests.some((r) => scheme.received(r, odd))).toBe(true);
    for (const event of events) expectClean(event, scheme.secrets(odd));
  });

  it("ConnectionError (refused)", async () => {
    const url = await closedPortUrl();
    const error = await catchError(runtime({ baseUrl: url }).call(petsAddTag, { pet_id: "c", tag_id: "t" }));
    expect(error).toBeInstanceOf(ConnectionError);
    expectClean(error, secrets);
  });

  it("ConnectionError from a fetch wrapper whose error quotes the request", async () => {
    // A real fetch to the real server, wrapped the way an instrumentation library might report failures.
    const quotingFetch: typeof fetch = async (input, init) => {
      await fetch(input, init);
      throw new TypeError(`request to ${String(input)} failed: ${JSON.stringify(init?.headers)}`, {
        cause: Object.assign(new Error(`socket hang up, sent ${JSON.stringify(init?.headers)}`), {
          code: "ECONNRESET",
          init,
        }),
      });
    };
    const error = await catchError(runtime({ fetch: quotingFetch }).call(petsGet, { id: "1" }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).code).toBe("ECONNRESET");
    expect(((error as Error).cause as Error).message).toContain("***");
    expectClean(error, secrets);
  });

  it("ConfigurationError for a credential fetch would reject", () => {
    const bad = `${secret}\r\nX-Injected: 1`;
    let thrown: unknown;
    try {
      runtime({}, bad);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigurationError);
    expect((thrown as Error).message).toMatch(/^(token|password|apiKey) /);
    expectClean(thrown, [secret]);
  });

  it("a successful call's hook payloads and the client itself", async () => {
    const rt = runtime();
    // The response data is the API's own and is returned untouched; only what the runtime adds is scrubbed.
    await expect(rt.call(petsGet, { id: "1" })).resolves.toMatchObject({
      echo: expect.stringContaining(secret),
    });
    expectClean(rt, secrets);
  });

  it("in any hook payload of all the calls above, where credentials read ***", () => {
    expect(events.length).toBeGreaterThan(20);
    for (const event of events) expectClean(event, secrets);
    const shown = JSON.stringify(events);
    expect(shown).toContain("***");
    // The server did receive it, so the searches above were looking for something real.
    expect(server.requests.some((r) => scheme.received(r, secret))).toBe(true);
  });
});
