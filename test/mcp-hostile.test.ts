/**
 * Hostile and broken input against generated MCP servers of APIs that are not the project's own
 * (examples/bookshelf: an API key in a header, 204 answers, a deprecated operation;
 * examples/stripe-customers: basic auth with the secret key as the user name), over stdio:
 *
 * - raw JSON-RPC lines: not JSON, not JSON-RPC, params of the wrong shape, arguments the operation
 *   rejects, a line over the 10 MiB cap (refused with a reply, and the server keeps serving);
 * - the SDK's own client sending an oversized request (its promise rejects at once, with -32600);
 * - a stand-in API that echoes the credentials everywhere it can (bodies, error details, unknown
 *   fields, headers): no spelling of a secret reaches stdout or stderr.
 */
import fs from "node:fs";
import path from "node:path";
import type { ServerResponse } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ErrorCode, McpError, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envContract } from "../generator/emit/mcp/env.ts";
import { toolNames } from "../generator/emit/mcp/tools.ts";
import { secretSpellings } from "../generator/mcp/redact.ts";
import { MAX_LINE_BYTES } from "../generator/mcp/stdio.ts";
import type { EnvContract } from "../generator/mcp/types.ts";
import type { ApiModel } from "../generator/model/types.ts";
import { ROOT } from "./helpers/spec.ts";
import { baseEnv, generateMcp, json, serverArgs, startInitialized, startRaw, startStandIn, type Generated, type RawServer, type Seen, type StandIn } from "./mcp-harness.ts";

const API_KEY = "bk_live_Zm9vYmFy+/=7c1e";
/** Stripe-style: the secret key is the user name, the password empty. */
const STRIPE_KEY = "sk_live_51Hx+9f/QpZ=";

let bookshelf: Generated;
let stripe: Generated;
let standIn: StandIn;
const running: RawServer[] = [];

const tool = (model: ApiModel, fullName: string): string => toolNames(model.resources.flatMap((r) => r.operations)).get(fullName)!;
const cred = (contract: EnvContract, option: string): string => contract.settings.find((s) => s.option === option)!.name;

const BOOK = {
  id: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
  title: "The Dispossessed",
  isbn: null,
  genre: "SciFi",
  published_on: null,
  added_at: "2024-01-05T09:30:00Z",
};

/** The stand-in: whatever credential arrives is echoed back in every place a response can carry it. */
function respond(req: Seen, res: ServerResponse): void {
  const url = new URL(req.url, "http://stand-in");
  const key = String(req.headers["x-api-key"] ?? "");
  const auth = String(req.headers.authorization ?? "");
  const decoded = auth.startsWith("Basic ") ? Buffer.from(auth.slice(6), "base64").toString("utf8") : "";
  const echo = { "X-Echo-Key": key || decoded, "X-Echo-Auth": auth };
  const route = `${req.method} ${url.pathname}`;
  // bookshelf
  if (route === "GET /books") {
    return json(res, 200, { items: [{ ...BOOK, title: `echo ${key}`, [key]: key, note: { deep: [{ k: encodeURIComponent(key) }] } }], total: 1 }, echo);
  }
  if (route === `DELETE /books/${BOOK.id}`) {
    res.writeHead(204, echo);
    res.end();
    return;
  }
  if (route === "POST /books") {
    return json(res, 400, { type: "https://bookshelf.example/problems/bad", title: `bad key ${key}`, status: 400, detail: `key ${key} is not allowed`, instance: `req-${key}` }, { ...echo, "Content-Type": "application/problem+json" });
  }
  // stripe
  if (route === "GET /v1/customers") {
    return json(res, 200, { object: "list", data: [{ id: "cus_1", object: "customer", created: 1, email: null, name: `echo ${decoded} ${auth}`, balance: 0 }], has_more: false, url: `/v1/customers?key=${encodeURIComponent(decoded)}` }, echo);
  }
  if (route === "POST /v1/customers") {
    return json(res, 402, { error: { type: "card_error", code: "card_declined", message: `declined for ${decoded} (${auth})`, param: Buffer.from(decoded).toString("base64") } }, { ...echo, "Request-Id": `req_${decoded}` });
  }
  return json(res, 404, { error: `no route ${route} for ${key}${decoded}` });
}

beforeAll(async () => {
  bookshelf = await generateMcp(path.join(ROOT, "examples/bookshelf"), "bookshelf");
  stripe = await generateMcp(path.join(ROOT, "examples/stripe-customers"), "stripe-customers");
  standIn = await startStandIn(respond);
});

afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
  await standIn?.close();
});

async function startBookshelf(env: Record<string, string> = {}): Promise<RawServer> {
  const c = envContract(bookshelf.model);
  const raw = await startInitialized(bookshelf.server, {
    [cred(c, "apiKey")]: API_KEY,
    [c.general.baseUrl]: standIn.url,
    [c.general.retryBaseMs]: "1",
    [c.general.maxRisk]: "destructive",
    ...env,
  });
  running.push(raw);
  return raw;
}

const errorOf = (reply: Record<string, unknown>): { code: number; message: string; data?: unknown } => {
  expect(reply.error, JSON.stringify(reply)).toBeDefined();
  return reply.error as { code: number; message: string };
};

const resultOf = (reply: Record<string, unknown>): CallToolResult => {
  expect(reply.result, JSON.stringify(reply)).toBeDefined();
  return reply.result as CallToolResult;
};

const textOf = (result: CallToolResult): string => result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");

// ---------------------------------------------------------------- the generated output

describe("generated for other APIs", () => {
  it("mentions Intercom nowhere in the MCP server, and reads only the API's own variables", () => {
    for (const g of [bookshelf, stripe]) {
      for (const file of fs.readdirSync(path.join(g.dir, "mcp"))) {
        expect(fs.readFileSync(path.join(g.dir, "mcp", file), "utf8"), `${g.dir}/mcp/${file}`).not.toMatch(/intercom/i);
      }
      const server = fs.readFileSync(g.server, "utf8");
      const names = [...server.matchAll(/name: "([A-Z][A-Z0-9_]*)"/g)].map((m) => m[1]!);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) expect(name.startsWith(`${g.model.naming.envPrefix}_`), name).toBe(true);
    }
  });
});

// ---------------------------------------------------------------- broken JSON-RPC

describe("broken JSON-RPC lines", () => {
  let raw: RawServer;
  beforeAll(async () => {
    raw = await startBookshelf();
  });

  it("a line that is not JSON gets -32700 with id null, and the server keeps serving", async () => {
    raw.send('{"jsonrpc":"2.0","id":1,"method":"ping"');
    expect(await raw.next()).toEqual({ jsonrpc: "2.0", id: null, error: { code: ErrorCode.ParseError, message: "Parse error: the line is not valid JSON" } });
    expect(await raw.request(2, "ping")).toEqual({ jsonrpc: "2.0", id: 2, result: {} });
  });

  it("JSON that is no JSON-RPC request gets -32600, with the id when one is readable", async () => {
    for (const line of ["[]", '[{"jsonrpc":"2.0","id":3,"method":"ping"}]', "42", '"ping"', "null", '{"jsonrpc":"2.0","id":{"x":1},"method":"ping"}']) {
      raw.send(line);
      const reply = await raw.next();
      expect(reply.id, line).toBeNull();
      expect(errorOf(reply).code, line).toBe(ErrorCode.InvalidRequest);
    }
    raw.send('{"id":4,"method":"ping"}');
    expect(await raw.next()).toMatchObject({ id: 4, error: { code: ErrorCode.InvalidRequest, message: 'Invalid Request: "jsonrpc" must be "2.0"' } });
    raw.send('{"jsonrpc":"2.0","id":5,"method":["tools/list"]}');
    expect(await raw.next()).toMatchObject({ id: 5, error: { code: ErrorCode.InvalidRequest } });
  });

  it("arguments that are not an object get -32602 naming the field, without a dump", async () => {
    const list = tool(bookshelf.model, "books.list");
    for (const [id, args] of [[6, "[1,2]"], [7, '"genre=SciFi"'], [8, "42"]] as const) {
      raw.send(`{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"${list}","arguments":${args}}}`);
      const e = errorOf(await raw.next());
      expect(e.code).toBe(ErrorCode.InvalidParams);
      expect(e.message).toMatch(/^Invalid params for tools\/call: params\.arguments: expected object, received \w+$/);
      expect(e.data).toEqual({ fields: ["params.arguments"] });
    }
    const missing = errorOf(await raw.request(9, "tools/call", { arguments: {} }));
    expect(missing).toMatchObject({ code: ErrorCode.InvalidParams, data: { fields: ["params.name"] } });
    // Not Zod's issue list: no brackets, no issue codes.
    expect(missing.message).not.toMatch(/[[{]|invalid_type/);
  });

  it("arguments the operation's schema rejects are a tool error that names the field; an unknown tool is -32602", async () => {
    const before = standIn.seen.length;
    const result = resultOf(await raw.request(10, "tools/call", { name: tool(bookshelf.model, "books.list"), arguments: { genre: "Poetry", limit: 0 } }));
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^ValidationError: books\.list: invalid input: .*genre.*limit|^ValidationError: books\.list: invalid input: .*limit.*genre/);
    expect(standIn.seen.length).toBe(before);
    const unknown = errorOf(await raw.request(11, "tools/call", { name: "x".repeat(5000), arguments: {} }));
    expect(unknown.code).toBe(ErrorCode.InvalidParams);
    expect(unknown.message.length).toBeLessThan(200);
  });

  it(`a line over ${MAX_LINE_BYTES} bytes is refused with -32600 for its id, and the next request is served`, async () => {
    const pad = "x".repeat(MAX_LINE_BYTES + 1024);
    raw.send(`{"method":"tools/call","params":{"name":"${tool(bookshelf.model, "books.list")}","arguments":{"genre":"${pad}"}},"jsonrpc":"2.0","id":12}`);
    const refused = await raw.next(60_000);
    expect(refused).toMatchObject({ jsonrpc: "2.0", id: 12, error: { code: ErrorCode.InvalidRequest } });
    expect(errorOf(refused).message).toMatch(new RegExp(`over the limit of ${MAX_LINE_BYTES}; it was not read$`));
    // A hand-written one without a readable id: id null.
    raw.send(`{"params":{"x":"${pad}"},"method":"ping","jsonrpc":"2.0","id":13,"extra":true}`);
    expect(await raw.next(60_000)).toMatchObject({ id: null, error: { code: ErrorCode.InvalidRequest } });
    const listed = resultOf(await raw.request(14, "tools/list"));
    expect((listed as unknown as { tools: unknown[] }).tools.length).toBe(bookshelf.model.resources.flatMap((r) => r.operations).length);
    expect(raw.child.exitCode).toBeNull();
    expect(raw.stderr()).toMatch(/refused a message of \d+ bytes \(over the \d+-byte limit\) with id 12/);
  }, 120_000);

  it("answers what it has read before it exits when stdin ends", async () => {
    const own = await startBookshelf();
    own.send({ jsonrpc: "2.0", id: 20, method: "tools/call", params: { name: tool(bookshelf.model, "books.list"), arguments: {} } });
    own.child.stdin.end();
    const reply = await own.next();
    expect(reply.id).toBe(20);
    expect(resultOf(reply).isError).toBeFalsy();
    expect(await own.exited).toBe(0);
  });
});

describe("the SDK's client", () => {
  it("gets -32600 at once for an oversized request, and the connection stays usable", async () => {
    const c = envContract(bookshelf.model);
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: serverArgs(bookshelf.server),
      cwd: ROOT,
      env: { ...baseEnv(), [cred(c, "apiKey")]: API_KEY, [c.general.baseUrl]: standIn.url },
      stderr: "pipe",
    });
    const client = new Client({ name: "opspec-mcp-test", version: "1.0.0" });
    await client.connect(transport);
    try {
      const list = tool(bookshelf.model, "books.list");
      const started = Date.now();
      const error = await client.callTool({ name: list, arguments: { genre: "x".repeat(MAX_LINE_BYTES) } }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(McpError);
      expect((error as McpError).code).toBe(ErrorCode.InvalidRequest);
      expect(Date.now() - started).toBeLessThan(30_000);
      const ok = (await client.callTool({ name: list, arguments: {} })) as CallToolResult;
      expect(ok.isError).toBeFalsy();
    } finally {
      await client.close();
    }
  }, 120_000);
});

// ---------------------------------------------------------------- secrets

/** Everything a server wrote, both streams, must hold no spelling of any secret. */
function expectNoSecret(raw: RawServer, secrets: readonly string[]): void {
  const everything = `${raw.stdout.join("\n")}\n${raw.stderr()}`;
  for (const spelling of secretSpellings(secrets)) expect(everything.includes(spelling), `leaked ${JSON.stringify(spelling)}`).toBe(false);
}

describe("secrets, whatever the API sends back", () => {
  it("an API key (in a header) never reaches a tool result, an error or the log", async () => {
    const raw = await startBookshelf();
    const model = bookshelf.model;
    const list = resultOf(await raw.request(30, "tools/call", { name: tool(model, "books.list"), arguments: {} }));
    expect(list.isError).toBeFalsy();
    const item = (list.structuredContent as { items: Record<string, unknown>[] }).items[0]!;
    expect(item.title).toBe("echo ***");
    expect(item["***"]).toBe("***");
    const failed = resultOf(await raw.request(31, "tools/call", { name: tool(model, "books.add"), arguments: { title: "t", genre: "SciFi" } }));
    expect(failed.isError).toBe(true);
    expect(textOf(failed)).toMatch(/^BadRequestError: books\.add: 400/);
    // Not vacuous: the key did travel to the API.
    expect(standIn.seen.some((r) => r.headers["x-api-key"] === API_KEY)).toBe(true);
    expectNoSecret(raw, [API_KEY]);
  });

  it("an operation without output answers 'done (status N)' with the status the API sent", async () => {
    const raw = await startBookshelf();
    const remove = bookshelf.model.resources.flatMap((r) => r.operations).find((o) => !o.output)!;
    const result = resultOf(await raw.request(32, "tools/call", { name: tool(bookshelf.model, remove.fullName), arguments: { id: BOOK.id } }));
    expect(result).toEqual({ content: [{ type: "text", text: "done (status 204)" }] });
    const listed = resultOf(await raw.request(33, "tools/list")) as unknown as { tools: { name: string; description: string; outputSchema?: unknown }[] };
    const entry = listed.tools.find((t) => t.name === tool(bookshelf.model, remove.fullName))!;
    expect(entry.outputSchema).toBeUndefined();
    if (remove.deprecated) expect(entry.description).toMatch(/^Deprecated: /);
    expectNoSecret(raw, [API_KEY]);
  });

  it("basic auth with the key as the user name: neither the key nor its base64 pair reaches the agent or the log", async () => {
    const c = envContract(stripe.model);
    const raw = await startInitialized(stripe.server, {
      [cred(c, "username")]: STRIPE_KEY,
      [c.general.baseUrl]: standIn.url,
      [c.general.retryBaseMs]: "1",
    });
    running.push(raw);
    const list = resultOf(await raw.request(40, "tools/call", { name: tool(stripe.model, "customers.list"), arguments: {} }));
    expect(list.isError).toBeFalsy();
    expect((list.structuredContent as { data: { name: string }[] }).data[0]!.name).toBe("echo *** Basic ***");
    const failed = resultOf(await raw.request(41, "tools/call", { name: tool(stripe.model, "customers.create"), arguments: { name: "Jenny" } }));
    expect(failed.isError).toBe(true);
    expect(textOf(failed)).toContain("card_declined");
    expect(standIn.seen.some((r) => r.headers.authorization === `Basic ${Buffer.from(`${STRIPE_KEY}:`).toString("base64")}`)).toBe(true);
    expectNoSecret(raw, [STRIPE_KEY, `${STRIPE_KEY}:`]);
  });

  it("a configuration error says which variable is wrong and never quotes a credential", async () => {
    const c = envContract(stripe.model);
    const user = cred(c, "username");
    // The key pasted into the wrong variable as well: echoed as *** only.
    const misplaced = await startToExit(stripe.server, { [user]: STRIPE_KEY, [c.general.maxRisk]: STRIPE_KEY });
    expect(misplaced.code).toBe(1);
    expect(misplaced.stderr).toContain(`configuration error: ${c.general.maxRisk} must be read, write or destructive, not "***"`);
    // A credential the client refuses: the variable is named, the value is not quoted.
    const colon = await startToExit(stripe.server, { [user]: `${STRIPE_KEY}:x` });
    expect(colon.code).toBe(1);
    expect(colon.stderr).toContain(`configuration error: ${user}: username must not contain ":"`);
    for (const stderr of [misplaced.stderr, colon.stderr]) {
      for (const spelling of secretSpellings([STRIPE_KEY])) expect(stderr.includes(spelling), spelling).toBe(false);
    }
  });
});

async function startToExit(server: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const raw = startRaw(server, env);
  raw.child.stdin.end();
  const code = await raw.exited;
  return { code, stderr: raw.stderr() };
}
