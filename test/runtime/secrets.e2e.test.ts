/**
 * The token must never show up in an error, a hook payload or an inspected client: every failure kind
 * is produced with a distinctive token (and a server that echoes it back wherever it can) and
 * everything observable is searched for it.
 */
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  AuthenticationError,
  ConfigurationError,
  ConnectionError,
  InternalServerError,
  NotFoundError,
  PaginationError,
  RateLimitError,
  ResponseParseError,
  ResponseValidationError,
  RiskError,
  Runtime,
  TimeoutError,
  ValidationError,
  type ClientOptions,
  type OperationDef,
} from "../../generator/runtime/index.ts";
import {
  adminsGet,
  catchError,
  closedPortUrl,
  collect,
  contactsAddTag,
  contactsDelete,
  DEFAULTS,
  startServer,
  type TestServer,
} from "./helpers.ts";

const SECRET = "tok_DISTINCTIVE_c4f3b4b3";

let server: TestServer;
const events: unknown[] = [];

beforeAll(async () => {
  server = await startServer((req, res) => {
    const auth = String(req.headers.authorization);
    const echo = (status: number, body: unknown): void => {
      res.writeHead(status, {
        "Content-Type": "application/json",
        "X-Echo-Authorization": auth,
        "X-Request-Id": `id-${auth}`,
      });
      res.end(JSON.stringify(body));
    };
    const errors = [{ code: `bad_${auth}`, message: `You sent ${auth}`, field: auth }];
    const path = req.url.split("?")[0];
    switch (path) {
      case "/admins/401":
        return echo(401, { type: "error.list", request_id: auth, errors });
      case "/admins/404":
        return echo(404, { type: "error.list", errors });
      case "/admins/429":
        return echo(429, { type: "error.list", errors });
      case "/admins/500":
        res.writeHead(500, { "Content-Type": "text/html", "Retry-After": auth });
        return res.end(`<html>Proxy error for ${auth}</html>`);
      case "/admins/html":
        res.writeHead(200, { "Content-Type": "text/html" });
        return res.end(`<html>Hello ${auth}</html>`);
      case "/admins/bad-output":
        return echo(200, { type: "admin", id: 1, [auth]: auth });
      case "/admins/slow":
        setTimeout(() => echo(200, { type: "admin", id: "1" }), 300).unref();
        return;
      case "/admins/cut":
        res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "500" });
        res.write(`{"echo":"${auth}`);
        setTimeout(() => res.socket?.destroy(), 10);
        return;
      case "/loop":
        return echo(200, { data: [{ id: auth }], pages: { next: { starting_after: auth } } });
      default:
        return echo(200, { type: "admin", id: "1", echo: auth });
    }
  });
});

afterAll(async () => {
  await server.close();
});

function runtime(options: Partial<ClientOptions> = {}): Runtime {
  return new Runtime(
    {
      token: SECRET,
      baseUrl: server.url,
      maxRetries: 1,
      retryDelay: { baseMs: 1, maxMs: 5 },
      hooks: { onRequest: (e) => void events.push(e), onResponse: (e) => void events.push(e) },
      ...options,
    },
    DEFAULTS,
  );
}

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

function expectClean(value: unknown, secret = SECRET): void {
  for (const text of exposures(value)) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(encodeURIComponent(secret));
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
  pagination: { style: "cursor", items: "data", cursor: ["starting_after"] },
};

describe("the token never leaks", () => {
  it.each([
    ["ValidationError", ValidationError, () => runtime().call(adminsGet, { id: 1 } as never)],
    ["RiskError", RiskError, () => runtime().call(contactsDelete, { id: "1" })],
    [
      "AuthenticationError (server echoes it in body and headers)",
      AuthenticationError,
      () => runtime().call(adminsGet, { id: "401" }),
    ],
    [
      "NotFoundError (echo in code, message and field)",
      NotFoundError,
      () => runtime().call(adminsGet, { id: "404" }),
    ],
    ["RateLimitError", RateLimitError, () => runtime().call(adminsGet, { id: "429" })],
    [
      "InternalServerError with an HTML body",
      InternalServerError,
      () => runtime().call(adminsGet, { id: "500" }),
    ],
    ["ResponseParseError", ResponseParseError, () => runtime().call(adminsGet, { id: "html" })],
    [
      "ResponseValidationError",
      ResponseValidationError,
      () => runtime().call(adminsGet, { id: "bad-output" }),
    ],
    ["TimeoutError", TimeoutError, () => runtime({ timeoutMs: 20 }).call(adminsGet, { id: "slow" })],
    ["ConnectionError (body cut off)", ConnectionError, () => runtime().call(adminsGet, { id: "cut" })],
    ["PaginationError", PaginationError, () => collect(runtime().paginate(pagedLoop, {}))],
  ] as const)("%s", async (_label, cls, run) => {
    const error = await catchError(run());
    expect(error).toBeInstanceOf(cls);
    expectClean(error);
  });

  it("PaginationError when a server-sent cursor echoes a token that needs URL encoding", async () => {
    const odd = "tok+ODD/secret=value";
    const error = await catchError(collect(runtime({ token: odd }).paginate(pagedLoop, {})));
    expect(error).toBeInstanceOf(PaginationError);
    expectClean(error, odd);
    const echoed = server.requests.filter((r) => r.url.includes(encodeURIComponent(odd)));
    expect(echoed.length).toBeGreaterThan(0);
    for (const event of events) expectClean(event, odd);
  });

  it("ConnectionError (refused)", async () => {
    const url = await closedPortUrl();
    const error = await catchError(
      runtime({ baseUrl: url }).call(contactsAddTag, { contact_id: "c", tag_id: "t" }),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expectClean(error);
  });

  it("ConnectionError from a fetch wrapper whose error quotes the request headers", async () => {
    // A real fetch to the real server, wrapped the way an instrumentation library might report failures.
    const quotingFetch: typeof fetch = async (input, init) => {
      await fetch(input, init);
      throw new TypeError(`request failed: ${JSON.stringify(init?.headers)}`, {
        cause: Object.assign(new Error(`socket hang up, sent ${JSON.stringify(init?.headers)}`), {
          code: "ECONNRESET",
          init,
        }),
      });
    };
    const error = await catchError(runtime({ fetch: quotingFetch }).call(adminsGet, { id: "1" }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).code).toBe("ECONNRESET");
    expect(((error as Error).cause as Error).message).toContain("Bearer ***");
    expectClean(error);
  });

  it("ConfigurationError for a token fetch would reject", () => {
    const bad = `${SECRET}\r\nX-Injected: 1`;
    let thrown: unknown;
    try {
      new Runtime({ token: bad, baseUrl: server.url }, DEFAULTS);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigurationError);
    expectClean(thrown);
  });

  it("a successful call's hook payloads and the client itself", async () => {
    const rt = runtime();
    // The response data is the API's own and is returned untouched; only what the runtime adds is scrubbed.
    await expect(rt.call(adminsGet, { id: "1" })).resolves.toMatchObject({ echo: `Bearer ${SECRET}` });
    expectClean(rt);
  });

  it("in any hook payload of all the calls above", () => {
    expect(events.length).toBeGreaterThan(20);
    for (const event of events) expectClean(event);
    // The server did receive it, so the searches above were looking for something real.
    expect(server.requests.some((r) => r.headers.authorization === `Bearer ${SECRET}`)).toBe(true);
  });
});
