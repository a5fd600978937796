/**
 * Redaction scrubs what comes from outside, and nothing the server writes itself. A generated MCP
 * server (examples/bookshelf: an API key in a header) is started with API keys that are short or
 * common words of the protocol and of the spec: `rpc` (in `jsonrpc`), `2.0` (its value), `name` (a key
 * of every tool), `x` (in `maximum`), `tools`, `books` (in every tool name) and the server's own name.
 *
 * Each must still speak valid JSON-RPC with intact keys, ids, server info and tool list: the same
 * handshake, `tools/list` and `--list-tools` as a server with an unremarkable key. And every tool
 * result and error that carries the key (a stand-in API echoes it back) is still scrubbed of it, in
 * every spelling.
 */
import { execFile } from "node:child_process";
import type { ServerResponse } from "node:http";
import path from "node:path";
import { promisify } from "node:util";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envContract } from "../generator/emit/mcp/env.ts";
import { toolNames } from "../generator/emit/mcp/tools.ts";
import { secretSpellings } from "../generator/mcp/redact.ts";
import type { EnvContract } from "../generator/mcp/types.ts";
import { ROOT } from "./helpers/spec.ts";
import { baseEnv, generateMcp, INITIALIZE, json, serverArgs, startRaw, startStandIn, type Generated, type RawServer, type Seen, type StandIn } from "./mcp-harness.ts";

/** A key that occurs nowhere in the protocol or the spec: the server it starts is the reference. */
const PLAIN_KEY = "bk_test_7Qe9Lr2Vw5Zt";

let bookshelf: Generated;
let contract: EnvContract;
let KEY_VAR = "";
let standIn: StandIn;
const running: RawServer[] = [];

const toolOf = (fullName: string): string => toolNames(bookshelf.model.resources.flatMap((r) => r.operations)).get(fullName)!;

/** The stand-in echoes the key it receives into a list result (values, a key, URL-encoded) and into an error. */
function respond(req: Seen, res: ServerResponse): void {
  const key = String(req.headers["x-api-key"] ?? "");
  const route = `${req.method} ${new URL(req.url, "http://stand-in").pathname}`;
  if (route === "GET /books") {
    const book = { id: "3fa85f64-5717-4562-b3fc-2c963f66afa6", title: `echo ${key}`, isbn: null, genre: "SciFi", published_on: null, added_at: "2024-01-05T09:30:00Z" };
    return json(res, 200, { items: [{ ...book, [key]: key, next: `/books?cursor=${encodeURIComponent(key)}` }], total: 1 });
  }
  return json(res, 400, { type: "https://bookshelf.example/problems/bad", title: "bad", status: 400, detail: `key ${key} is not allowed`, instance: `req-${key}` }, {
    "Content-Type": "application/problem+json",
  });
}

beforeAll(async () => {
  bookshelf = await generateMcp(path.join(ROOT, "examples/bookshelf"), "bookshelf-redaction");
  contract = envContract(bookshelf.model);
  KEY_VAR = contract.settings.find((s) => s.option === "apiKey")!.name;
  standIn = await startStandIn(respond);
});

afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
  await standIn?.close();
});

/** What a session with a server started with `key` shows: every reply, and every line it wrote to stdout. */
interface Session {
  key: string;
  raw: RawServer;
  initialize: Record<string, unknown>;
  list: Record<string, unknown>;
  /** tools/call books.list: the stand-in echoed the key into it. */
  echoed: Record<string, unknown>;
  /** tools/call books.add: the stand-in's 400 quotes the key. */
  failed: Record<string, unknown>;
  /** tools/call of a tool that does not exist, named after the key, under a string id that holds the key. */
  unknown: Record<string, unknown>;
}

async function session(key: string): Promise<Session> {
  const raw = startRaw(bookshelf.server, { [KEY_VAR]: key, [contract.general.baseUrl]: standIn.url, [contract.general.retryBaseMs]: "1" });
  running.push(raw);
  const initialize = await raw.request(0, "initialize", INITIALIZE);
  raw.send({ jsonrpc: "2.0", method: "notifications/initialized" });
  const list = await raw.request(1, "tools/list");
  const echoed = await raw.request(2, "tools/call", { name: toolOf("books.list"), arguments: {} });
  const failed = await raw.request(3, "tools/call", { name: toolOf("books.add"), arguments: { title: "t", genre: "SciFi" } });
  const id = `${key}-4`;
  raw.send({ jsonrpc: "2.0", id, method: "tools/call", params: { name: `unknown_${key}`, arguments: {} } });
  // Its reply is the one error reply in flight: matched by that too, so that a reply whose id came back wrong still arrives.
  let unknown = await raw.next();
  while (unknown.id !== id && !Object.values(unknown).some((v) => typeof v === "object" && v !== null && "code" in v)) unknown = await raw.next();
  return { key, raw, initialize, list, echoed, failed, unknown };
}

const resultOf = (reply: Record<string, unknown>): CallToolResult => {
  expect(reply.result, JSON.stringify(reply)).toBeDefined();
  return reply.result as CallToolResult;
};

const textOf = (result: CallToolResult): string => result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");

const expectNoSpelling = (text: string, key: string, what: string): void => {
  for (const spelling of secretSpellings([key])) expect(text.includes(spelling), `${what} holds ${JSON.stringify(spelling)} of the key ${JSON.stringify(key)}`).toBe(false);
};

describe("a server whose API key is a word of the protocol or of the spec", () => {
  let reference: Session;
  let sessions: Session[];

  beforeAll(async () => {
    const keys = ["rpc", "2.0", "name", "x", "tools", "books", bookshelf.model.naming.mcpBin];
    const all = await Promise.all([PLAIN_KEY, ...keys].map(session));
    reference = all[0]!;
    sessions = all.slice(1);
  }, 120_000);

  it("writes valid JSON-RPC: every line a 2.0 message with the protocol's keys, ids answered as sent", () => {
    for (const s of [reference, ...sessions]) {
      expect(s.raw.stdout.length, s.key).toBeGreaterThanOrEqual(5);
      for (const line of s.raw.stdout) {
        const message = JSON.parse(line) as Record<string, unknown>;
        expect(message.jsonrpc, `${s.key}: ${line.slice(0, 200)}`).toBe("2.0");
        for (const k of Object.keys(message)) expect(["jsonrpc", "id", "result", "error"], `${s.key}: key ${k}`).toContain(k);
      }
      expect(s.unknown.id, s.key).toBe(`${s.key}-4`);
      expect((s.unknown.error as { code: number }).code, s.key).toBe(-32602);
    }
  });

  it("keeps the handshake and the tool list exactly as a server with an unremarkable key sends them", () => {
    const info = (reference.initialize.result as { serverInfo: { name: string } }).serverInfo;
    expect(info.name).toBe(bookshelf.model.naming.mcpBin);
    const listed = (reference.list.result as { tools: { name: string }[] }).tools.map((t) => t.name);
    expect(listed).toEqual([toolOf("books.list"), toolOf("books.add"), toolOf("books.markRead")]);
    for (const s of sessions) {
      expect(s.initialize, s.key).toEqual(reference.initialize);
      expect(s.list, s.key).toEqual(reference.list);
    }
  });

  it("still scrubs the key, in every spelling, from tool results and errors that echo it", () => {
    for (const s of [reference, ...sessions]) {
      const echoed = resultOf(s.echoed);
      expect(echoed.isError, s.key).toBeFalsy();
      const item = (echoed.structuredContent as { items: Record<string, unknown>[] }).items[0]!;
      expect(item.title, s.key).toBe("echo ***");
      expect(item["***"], s.key).toBe("***");
      expectNoSpelling(JSON.stringify(echoed.structuredContent), s.key, `${s.key}: structuredContent`);
      expectNoSpelling(textOf(echoed), s.key, `${s.key}: the result's text`);

      const failed = resultOf(s.failed);
      expect(failed.isError, s.key).toBe(true);
      expectNoSpelling(textOf(failed), s.key, `${s.key}: the error result`);

      const message = (s.unknown.error as { message: string }).message;
      expect(message, s.key).toMatch(/^unknown tool "unknown_\*\*\*"$/);
      expectNoSpelling(message, s.key, `${s.key}: the error reply`);
    }
    // Not vacuous: the stand-in did receive every key.
    for (const s of [reference, ...sessions]) expect(standIn.seen.some((r) => r.headers["x-api-key"] === s.key), s.key).toBe(true);
  });
});

describe("--list-tools with an API key set", () => {
  const exec = promisify(execFile);
  const listTools = async (env: Record<string, string>): Promise<string> => {
    const { stdout } = await exec(process.execPath, serverArgs(bookshelf.server, "--list-tools"), {
      cwd: ROOT,
      env: { ...baseEnv(), [contract.general.maxRisk]: "destructive", ...env },
      timeout: 30_000,
    });
    return stdout;
  };

  it("prints the same tools, names and schemas as without one, whatever the key", async () => {
    const keys = ["x", "name", "type", "rpc", bookshelf.model.naming.mcpBin];
    const [without, ...withKey] = await Promise.all([listTools({}), ...keys.map((key) => listTools({ [KEY_VAR]: key }))]);
    const tools = (JSON.parse(without) as { tools: { name: string; inputSchema: object }[] }).tools;
    expect(tools.map((t) => t.name)).toEqual(bookshelf.model.resources.flatMap((r) => r.operations).map((op) => toolOf(op.fullName)));
    expect(JSON.stringify(tools)).toContain('"maximum":50');
    keys.forEach((key, i) => expect(withKey[i], key).toBe(without));
  });
});
