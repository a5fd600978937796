/**
 * The generated MCP server end to end: the SDK's real `Client` talks to `generated/mcp/server.ts` (run
 * with `node --import tsx`, as `npm run mcp` does) over stdio, and the server's generated client talks
 * to a loopback stand-in for Intercom (node:http on 127.0.0.1, port 0).
 *
 * Four servers start side by side: INTERCOM_MAX_RISK read, default (write), destructive, and the default
 * with an INTERCOM_TOOLS filter. Expected tool sets come from the model, not from the server's catalog.
 */
import { execFile } from "node:child_process";
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { operations } from "../generated/client/index.ts";
import type { ApiModel, OperationModel } from "../generator/model/types.ts";
import { loadModel, ROOT } from "./helpers/spec.ts";

const SERVER = path.join(ROOT, "generated/mcp/server.ts");
/** Base64-like, with `=` so that the URL-encoded spelling differs from the raw one. */
const TOKEN = "dG9rOm1jcC10ZXN0LXNlY3JldC03ZjNhOWM=";
const TOKEN_SPELLINGS = [TOKEN, encodeURIComponent(TOKEN)];
const DESTRUCTIVE = ["articles.delete", "collections.delete", "companies.delete", "contacts.delete"];

// ---------------------------------------------------------------- the Intercom stand-in

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const ADMIN = {
  type: "admin",
  id: "42",
  name: "Ada Lovelace",
  email: "ada@example.com",
  away_mode_enabled: false,
  team_ids: [7],
  // Not in the spec: the client keeps unknown fields, so the tool result must too.
  x_unknown_field: { kept: true },
};

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** Routes of the stand-in. Anything else is a 404 in Intercom's error format. */
function respond(req: Seen, res: ServerResponse): void {
  const url = new URL(req.url, "http://stand-in");
  const route = `${req.method} ${url.pathname}`;
  if (route === "GET /admins/42") return json(res, 200, ADMIN);
  if (route === "GET /admins/busy") {
    return json(res, 429, { type: "error.list", request_id: "req-429", errors: [{ code: "rate_limit_exceeded", message: "Exceeded rate limit" }] });
  }
  if (route === "GET /admins/echo") {
    // A misbehaving upstream that quotes the credentials back in an error.
    return json(res, 401, { type: "error.list", errors: [{ code: "unauthorized", message: `Access Token Invalid: ${req.headers.authorization}` }] });
  }
  // A successful response that echoes the credentials: the server must scrub them before the agent sees them.
  if (route === "GET /me") return json(res, 200, { ...ADMIN, name: `echo ${req.headers.authorization}` });
  if (route === "POST /contacts/c-1/tags") return json(res, 200, { type: "tag", id: "tag-9", name: "VIP" });
  return json(res, 404, { type: "error.list", errors: [{ code: "not_found", message: `no route ${route}` }] });
}

let standIn: Server;
let standInUrl = "";
const seen: Seen[] = [];

async function startStandIn(): Promise<void> {
  standIn = createServer((raw, res) => {
    const chunks: Buffer[] = [];
    raw.on("data", (c: Buffer) => chunks.push(c));
    raw.on("end", () => {
      const req: Seen = { method: raw.method ?? "", url: raw.url ?? "", headers: raw.headers, body: Buffer.concat(chunks).toString("utf8") };
      seen.push(req);
      respond(req, res);
    });
  });
  await new Promise<void>((resolve) => standIn.listen(0, "127.0.0.1", resolve));
  standInUrl = `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`;
}

const requestsTo = (method: string, pathname: string): Seen[] =>
  seen.filter((r) => r.method === method && new URL(r.url, "http://stand-in").pathname === pathname);

// ---------------------------------------------------------------- MCP servers under test

interface Running {
  client: Client;
  transport: StdioClientTransport;
  tools: Tool[];
  /** Every JSON-RPC message the client received, serialised, and everything the server wrote to stderr. */
  received: string[];
  stderr: () => string;
}

async function startMcp(env: Record<string, string>): Promise<Running> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ["--import", "tsx", SERVER],
    cwd: ROOT,
    env: { ...getDefaultEnvironment(), INTERCOM_TOKEN: TOKEN, INTERCOM_BASE_URL: standInUrl, INTERCOM_RETRY_BASE_MS: "1", ...env },
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const client = new Client({ name: "opspec-mcp-test", version: "1.0.0" });
  await client.connect(transport);
  // Record every message the client receives, as it arrived.
  const received: string[] = [];
  const deliver = transport.onmessage;
  transport.onmessage = (message) => {
    received.push(JSON.stringify(message));
    deliver?.(message);
  };
  const { tools } = await client.listTools();
  return { client, transport, tools, received, stderr: () => stderr };
}

const servers: Record<"read" | "write" | "destructive" | "filtered", Running> = {} as never;
let model: ApiModel;
let allOps: OperationModel[];

const callTool = (server: Running, name: string, args: Record<string, unknown>): Promise<CallToolResult> =>
  server.client.callTool({ name, arguments: args }) as Promise<CallToolResult>;

const textOf = (result: CallToolResult): string =>
  result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");

beforeAll(async () => {
  model = await loadModel();
  allOps = model.resources.flatMap((r) => r.operations);
  await startStandIn();
  const [read, write, destructive, filtered] = await Promise.all([
    startMcp({ INTERCOM_MAX_RISK: "read" }),
    startMcp({}),
    startMcp({ INTERCOM_MAX_RISK: "destructive" }),
    startMcp({ INTERCOM_TOOLS: "admins, contacts_get" }),
  ]);
  Object.assign(servers, { read, write, destructive, filtered });
});

afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.client.close()));
  await new Promise<void>((resolve) => standIn?.close(() => resolve()));
});

const toolName = (op: OperationModel): string => op.fullName.replace(".", "_");
const names = (tools: readonly Tool[]): string[] => tools.map((t) => t.name);

// ---------------------------------------------------------------- tests

describe("tools/list", () => {
  it("lists the operations up to INTERCOM_MAX_RISK, in spec order", () => {
    const upTo = (levels: string[]) => allOps.filter((op) => levels.includes(op.risk)).map(toolName);
    expect(names(servers.read.tools)).toEqual(upTo(["read"]));
    expect(names(servers.write.tools)).toEqual(upTo(["read", "write"]));
    expect(names(servers.destructive.tools)).toEqual(allOps.map(toolName));
    expect(servers.destructive.tools).toHaveLength(51);
    expect(servers.read.tools.length).toBeLessThan(servers.write.tools.length);
  });

  it("exposes exactly the four destructive operations only at INTERCOM_MAX_RISK=destructive", () => {
    const destructive = servers.destructive.tools.filter((t) => t.annotations?.destructiveHint).map((t) => t.name);
    expect(destructive.sort()).toEqual(DESTRUCTIVE.map((n) => n.replace(".", "_")).sort());
    expect(allOps.filter((op) => op.risk === "destructive").map((op) => op.fullName).sort()).toEqual(DESTRUCTIVE);
    const writeNames = names(servers.write.tools);
    expect(writeNames).toHaveLength(51 - 4);
    for (const name of destructive) expect(writeNames).not.toContain(name);
  });

  it("gives every tool a valid name, title, description and explicit annotations from its risk and method", () => {
    for (const tool of servers.destructive.tools) {
      const op = allOps.find((o) => toolName(o) === tool.name);
      expect(op, tool.name).toBeDefined();
      expect(tool.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
      expect(tool.title).toBe(op!.summary);
      expect(tool.description).toContain(op!.summary);
      expect(tool.description).toContain(`Risk: ${op!.risk}`);
      expect(tool.description).toContain(`${op!.method} ${op!.path}`);
      expect(tool.annotations, tool.name).toEqual({
        title: op!.summary,
        readOnlyHint: op!.risk === "read",
        destructiveHint: op!.risk === "destructive",
        idempotentHint: ["GET", "PUT", "DELETE"].includes(op!.method),
        openWorldHint: true,
      });
    }
  });

  it("converts input and output schemas from the client's own Zod schemas, always as object schemas", () => {
    for (const tool of servers.destructive.tools) {
      const op = operations[allOps.find((o) => toolName(o) === tool.name)!.fullName as keyof typeof operations];
      expect(tool.inputSchema, tool.name).toEqual(z.toJSONSchema(op.input, { io: "input", target: "draft-2020-12" }));
      expect(tool.outputSchema?.type, tool.name).toBe("object");
      const { type: _type, ...outputRest } = tool.outputSchema!;
      const { type: _zodType, ...zodRest } = z.toJSONSchema(op.output, { io: "output", target: "draft-2020-12" }) as Record<string, unknown>;
      expect(outputRest, tool.name).toEqual(zodRest);
    }
  });

  it("filters by resource and tool name with INTERCOM_TOOLS", async () => {
    const admins = allOps.filter((op) => op.resource === "admins").map(toolName);
    expect(names(servers.filtered.tools)).toEqual([...admins, "contacts_get"]);
    await expect(callTool(servers.filtered, "contacts_list", {})).rejects.toThrow(/INTERCOM_TOOLS=admins,contacts_get leaves it out/);
  });
});

describe("tools/call", () => {
  it("a read call returns the parsed response as structuredContent and as JSON text", async () => {
    const result = await callTool(servers.write, "admins_get", { id: "42" });
    expect(result.isError).toBeFalsy();
    const parsed = operations["admins.get"].output.parse(ADMIN);
    expect(result.structuredContent).toEqual(parsed);
    expect(result.structuredContent).toMatchObject({ x_unknown_field: { kept: true } });
    expect(JSON.parse(textOf(result))).toEqual(parsed);
    const [req] = requestsTo("GET", "/admins/42");
    expect(req!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("a write call sends the right method, path and body (wire names included)", async () => {
    const result = await callTool(servers.write, "contacts_addTag", { contact_id: "c-1", tag_id: "tag-9" });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ type: "tag", id: "tag-9", name: "VIP" });
    const reqs = requestsTo("POST", "/contacts/c-1/tags");
    expect(reqs).toHaveLength(1);
    expect(reqs[0]!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(reqs[0]!.body)).toEqual({ id: "tag-9" });
  });

  it("a destructive tool is absent by default: not listed, and calling it fails before any request", async () => {
    expect(names(servers.write.tools)).not.toContain("contacts_delete");
    await expect(callTool(servers.write, "contacts_delete", { id: "c-1" })).rejects.toThrow(
      /contacts_delete is not available: its risk is "destructive".*INTERCOM_MAX_RISK=destructive/,
    );
    await expect(callTool(servers.read, "contacts_addTag", { contact_id: "c-1", tag_id: "t" })).rejects.toThrow(/risk is "write"/);
    expect(seen.filter((r) => r.method === "DELETE")).toEqual([]);
  });

  it("bad arguments come back as a tool error naming each field, and nothing is sent", async () => {
    const before = seen.length;
    const wrongType = await callTool(servers.write, "contacts_addTag", { contact_id: "c-1", tag_id: 42 });
    expect(wrongType.isError).toBe(true);
    expect(textOf(wrongType)).toMatch(/^ValidationError: contacts\.addTag: invalid input: .*tag_id/);
    const missingAndUnknown = await callTool(servers.write, "admins_get", { idd: "42" });
    expect(missingAndUnknown.isError).toBe(true);
    expect(textOf(missingAndUnknown)).toMatch(/\bid\b/);
    expect(textOf(missingAndUnknown)).toContain("idd");
    expect(seen.length).toBe(before);
  });

  it("an upstream 429 is retried, then surfaces as a RateLimitError tool error", async () => {
    const result = await callTool(servers.write, "admins_get", { id: "busy" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^RateLimitError: admins\.get: 429 rate_limit_exceeded/);
    expect(textOf(result)).toContain("req-429");
    // The first attempt and the client's default two retries.
    expect(requestsTo("GET", "/admins/busy")).toHaveLength(3);
  });
});

describe("the access token", () => {
  it("is scrubbed from responses and errors that echo it", async () => {
    const echoed = await callTool(servers.write, "admins_identify", {});
    expect(echoed.isError).toBeFalsy();
    expect((echoed.structuredContent as { name: string }).name).toBe("echo Bearer ***");
    const failed = await callTool(servers.write, "admins_get", { id: "echo" });
    expect(failed.isError).toBe(true);
    expect(textOf(failed)).toMatch(/^AuthenticationError: admins\.get: 401 unauthorized/);
  });

  it("never appears in anything a client received or in the servers' stderr", () => {
    for (const [name, server] of Object.entries(servers)) {
      const handshake = JSON.stringify([server.client.getServerVersion(), server.client.getInstructions()]);
      const everything = [handshake, ...server.received, JSON.stringify(server.tools), server.stderr()].join("\n");
      expect(server.received.length, name).toBeGreaterThan(0);
      for (const secret of TOKEN_SPELLINGS) expect(everything.includes(secret), `${name} leaked ${secret}`).toBe(false);
    }
    // Not vacuous: the stand-in did receive the token, and the servers did log their calls.
    expect(seen.some((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(servers.write.stderr()).toMatch(/admins_get: RateLimitError/);
    const upToWrite = allOps.filter((op) => op.risk !== "destructive").length;
    expect(servers.write.stderr()).toContain(`serving ${upToWrite} of ${allOps.length} tools (max risk write)`);
  });
});

describe("startup errors", () => {
  const exec = promisify(execFile);
  const start = async (env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      const { stdout, stderr } = await exec(process.execPath, ["--import", "tsx", SERVER], {
        cwd: ROOT,
        env: { ...getDefaultEnvironment(), ...env },
        timeout: 30_000,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it("exits 1 with a clear message when INTERCOM_TOKEN is missing, or INTERCOM_MAX_RISK is invalid", async () => {
    const [noToken, badRisk] = await Promise.all([
      start({ INTERCOM_BASE_URL: standInUrl }),
      start({ INTERCOM_TOKEN: TOKEN, INTERCOM_MAX_RISK: "delete", INTERCOM_TOOLS: "admins" }),
    ]);
    expect(noToken.code).toBe(1);
    expect(noToken.stdout).toBe("");
    expect(noToken.stderr).toContain("INTERCOM_TOKEN is not set");
    expect(badRisk.code).toBe(1);
    expect(badRisk.stdout).toBe("");
    expect(badRisk.stderr).toContain('INTERCOM_MAX_RISK must be read, write or destructive, not "delete"');
    expect(badRisk.stderr).not.toContain(TOKEN);
  });
});
