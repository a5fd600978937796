/**
 * The generated MCP server of the project's spec end to end: the SDK's real `Client` talks to a freshly
 * generated `mcp/server.ts` (test-output/mcp/spec/, run with `node --import tsx`, as `npm run mcp` does)
 * over stdio, and the server's generated client talks to a loopback stand-in for the API (node:http on
 * 127.0.0.1, port 0).
 *
 * Four servers start side by side: <PREFIX>_MAX_RISK read, default (write), destructive, and the default
 * with a <PREFIX>_TOOLS filter. Variable names, tool names, counts and expected tool sets come from the
 * model, not from the server's catalog or from constants.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { envContract } from "../generator/emit/mcp/env.ts";
import { toolNames } from "../generator/emit/mcp/tools.ts";
import type { EnvContract } from "../generator/mcp/types.ts";
import type { ApiModel, OperationModel } from "../generator/model/types.ts";
import { ROOT, SPEC_DIR } from "./helpers/spec.ts";
import { baseEnv, generateMcp, json, serverArgs, startStandIn, type Seen, type StandIn } from "./mcp-harness.ts";

/** Base64-like, with `=` so that the URL-encoded spelling differs from the raw one. */
const TOKEN = "dG9rOm1jcC10ZXN0LXNlY3JldC03ZjNhOWM=";
const TOKEN_SPELLINGS = [TOKEN, encodeURIComponent(TOKEN)];

// ---------------------------------------------------------------- the API stand-in (the spec's conventions)

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

let standIn: StandIn;

const requestsTo = (method: string, pathname: string): Seen[] =>
  standIn.seen.filter((r) => r.method === method && new URL(r.url, "http://stand-in").pathname === pathname);

// ---------------------------------------------------------------- MCP servers under test

interface Running {
  client: Client;
  transport: StdioClientTransport;
  tools: Tool[];
  /** Every JSON-RPC message the client received, serialised, and everything the server wrote to stderr. */
  received: string[];
  stderr: () => string;
}

let SERVER = "";
let model: ApiModel;
let contract: EnvContract;
let allOps: OperationModel[];
let nameOf: (op: OperationModel) => string;
/** The generated client's operation registry (its Zod schemas). */
let operations: Record<string, { input: z.ZodType; output?: z.ZodType }>;
/** The variable holding the bearer token, from the contract. */
let TOKEN_VAR = "";

async function startMcp(env: Record<string, string>): Promise<Running> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: serverArgs(SERVER),
    cwd: ROOT,
    env: { ...baseEnv(), [TOKEN_VAR]: TOKEN, [contract.general.baseUrl]: standIn.url, [contract.general.retryBaseMs]: "1", ...env },
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

const callTool = (server: Running, name: string, args: Record<string, unknown>): Promise<CallToolResult> =>
  server.client.callTool({ name, arguments: args }) as Promise<CallToolResult>;

const textOf = (result: CallToolResult): string =>
  result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");

/** The tool of the operation with this full name. */
const toolOf = (fullName: string): string => nameOf(allOps.find((op) => op.fullName === fullName)!);

beforeAll(async () => {
  const generated = await generateMcp(SPEC_DIR, "spec");
  SERVER = generated.server;
  model = generated.model;
  contract = envContract(model);
  allOps = model.resources.flatMap((r) => r.operations);
  const names = toolNames(allOps);
  nameOf = (op) => names.get(op.fullName)!;
  operations = ((await import(path.join(generated.dir, "client/index.ts"))) as { operations: typeof operations }).operations;
  if (model.auth.scheme !== "bearer") throw new Error("this suite plays a bearer-token API; see mcp-hostile.test.ts for the others");
  TOKEN_VAR = contract.settings.find((s) => s.option === "token")!.name;
  standIn = await startStandIn(respond);
  const { maxRisk, tools } = contract.general;
  const [read, write, destructive, filtered] = await Promise.all([
    startMcp({ [maxRisk]: "read" }),
    startMcp({}),
    startMcp({ [maxRisk]: "destructive" }),
    startMcp({ [tools]: `admins, ${toolOf("contacts.get")}` }),
  ]);
  Object.assign(servers, { read, write, destructive, filtered });
});

afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.client.close()));
  await standIn?.close();
});

const names = (tools: readonly Tool[]): string[] => tools.map((t) => t.name);

// ---------------------------------------------------------------- tests

describe("tools/list", () => {
  it("lists the operations up to <PREFIX>_MAX_RISK, in spec order, as many as the spec has", () => {
    const upTo = (levels: string[]) => allOps.filter((op) => levels.includes(op.risk)).map(nameOf);
    expect(names(servers.read.tools)).toEqual(upTo(["read"]));
    expect(names(servers.write.tools)).toEqual(upTo(["read", "write"]));
    expect(names(servers.destructive.tools)).toEqual(allOps.map(nameOf));
    expect(servers.destructive.tools).toHaveLength(allOps.length);
    expect(servers.read.tools.length).toBeLessThan(servers.write.tools.length);
  });

  it("exposes the destructive operations only at <PREFIX>_MAX_RISK=destructive", () => {
    const destructiveOps = allOps.filter((op) => op.risk === "destructive");
    expect(destructiveOps.length).toBeGreaterThan(0);
    const destructive = servers.destructive.tools.filter((t) => t.annotations?.destructiveHint).map((t) => t.name);
    expect(destructive.sort()).toEqual(destructiveOps.map(nameOf).sort());
    const writeNames = names(servers.write.tools);
    expect(writeNames).toHaveLength(allOps.length - destructiveOps.length);
    for (const name of destructive) expect(writeNames).not.toContain(name);
  });

  it("gives every tool a valid name, title, description and explicit annotations from its risk and method", () => {
    for (const tool of servers.destructive.tools) {
      const op = allOps.find((o) => nameOf(o) === tool.name);
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
      const op = operations[allOps.find((o) => nameOf(o) === tool.name)!.fullName]!;
      expect(tool.inputSchema, tool.name).toEqual(z.toJSONSchema(op.input, { io: "input", target: "draft-2020-12" }));
      if (op.output === undefined) {
        expect(tool.outputSchema, tool.name).toBeUndefined();
        continue;
      }
      expect(tool.outputSchema?.type, tool.name).toBe("object");
      const { type: _type, ...outputRest } = tool.outputSchema!;
      const { type: _zodType, ...zodRest } = z.toJSONSchema(op.output, { io: "output", target: "draft-2020-12" }) as Record<string, unknown>;
      expect(outputRest, tool.name).toEqual(zodRest);
    }
  });

  it("filters by resource and tool name with <PREFIX>_TOOLS", async () => {
    const admins = allOps.filter((op) => op.resource === "admins").map(nameOf);
    expect(names(servers.filtered.tools)).toEqual([...admins, toolOf("contacts.get")]);
    await expect(callTool(servers.filtered, toolOf("contacts.list"), {})).rejects.toThrow(
      `${contract.general.tools}=admins,${toolOf("contacts.get")} leaves it out`,
    );
  });
});

describe("tools/call", () => {
  it("a read call returns the parsed response as structuredContent and as JSON text", async () => {
    const result = await callTool(servers.write, toolOf("admins.get"), { id: "42" });
    expect(result.isError).toBeFalsy();
    const parsed = operations["admins.get"]!.output!.parse(ADMIN);
    expect(result.structuredContent).toEqual(parsed);
    expect(result.structuredContent).toMatchObject({ x_unknown_field: { kept: true } });
    expect(JSON.parse(textOf(result))).toEqual(parsed);
    const [req] = requestsTo("GET", "/admins/42");
    expect(req!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    // Every spec header goes out with its default.
    for (const h of model.headers) if (h.default !== undefined) expect(req!.headers[h.name.toLowerCase()]).toBe(h.default);
  });

  it("a write call sends the right method, path and body (wire names included)", async () => {
    const result = await callTool(servers.write, toolOf("contacts.addTag"), { contact_id: "c-1", tag_id: "tag-9" });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ type: "tag", id: "tag-9", name: "VIP" });
    const reqs = requestsTo("POST", "/contacts/c-1/tags");
    expect(reqs).toHaveLength(1);
    expect(reqs[0]!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(reqs[0]!.body)).toEqual({ id: "tag-9" });
  });

  it("a destructive tool is absent by default: not listed, and calling it fails before any request", async () => {
    const del = toolOf("contacts.delete");
    expect(names(servers.write.tools)).not.toContain(del);
    await expect(callTool(servers.write, del, { id: "c-1" })).rejects.toThrow(
      new RegExp(`${del} is not available: its risk is "destructive".*${contract.general.maxRisk}=destructive`),
    );
    await expect(callTool(servers.read, toolOf("contacts.addTag"), { contact_id: "c-1", tag_id: "t" })).rejects.toThrow(/risk is "write"/);
    expect(standIn.seen.filter((r) => r.method === "DELETE")).toEqual([]);
  });

  it("arguments the operation's schema rejects come back as a tool error naming each field, and nothing is sent", async () => {
    const before = standIn.seen.length;
    const wrongType = await callTool(servers.write, toolOf("contacts.addTag"), { contact_id: "c-1", tag_id: 42 });
    expect(wrongType.isError).toBe(true);
    expect(textOf(wrongType)).toMatch(/^ValidationError: contacts\.addTag: invalid input: .*tag_id/);
    const missingAndUnknown = await callTool(servers.write, toolOf("admins.get"), { idd: "42" });
    expect(missingAndUnknown.isError).toBe(true);
    expect(textOf(missingAndUnknown)).toMatch(/\bid\b/);
    expect(textOf(missingAndUnknown)).toContain("idd");
    expect(standIn.seen.length).toBe(before);
  });

  it("an upstream 429 is retried, then surfaces as a RateLimitError tool error", async () => {
    const result = await callTool(servers.write, toolOf("admins.get"), { id: "busy" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^RateLimitError: admins\.get: 429 rate_limit_exceeded/);
    expect(textOf(result)).toContain("req-429");
    // The first attempt and the client's default two retries.
    expect(requestsTo("GET", "/admins/busy")).toHaveLength(3);
  });
});

describe("the access token", () => {
  it("is scrubbed from responses and errors that echo it", async () => {
    const echoed = await callTool(servers.write, toolOf("admins.identify"), {});
    expect(echoed.isError).toBeFalsy();
    expect((echoed.structuredContent as { name: string }).name).toBe("echo Bearer ***");
    expect(textOf(echoed)).toContain("echo Bearer ***");
    const failed = await callTool(servers.write, toolOf("admins.get"), { id: "echo" });
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
    expect(standIn.seen.some((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(servers.write.stderr()).toMatch(new RegExp(`${toolOf("admins.get")}: RateLimitError`));
    const upToWrite = allOps.filter((op) => op.risk !== "destructive").length;
    expect(servers.write.stderr()).toContain(`serving ${upToWrite} of ${allOps.length} tools (max risk write)`);
  });
});

describe("the handshake", () => {
  it("names the server after the model and tells the agent its risk ceiling in the API's words", () => {
    expect(servers.write.client.getServerVersion()).toMatchObject({ name: model.naming.mcpBin, title: model.title, version: model.version });
    const instructions = servers.write.client.getInstructions() ?? "";
    expect(instructions).toContain(`Each tool runs one ${model.title} operation`);
    expect(instructions).toContain(`${allOps.filter((op) => op.risk !== "destructive").length} of ${allOps.length} tools`);
  });
});

describe("startup", () => {
  const exec = promisify(execFile);
  const start = async (env: Record<string, string>, ...flags: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      const { stdout, stderr } = await exec(process.execPath, serverArgs(SERVER, ...flags), { cwd: ROOT, env: { ...baseEnv(), ...env }, timeout: 30_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it("exits 1 with a message from the spec's title and auth description when the token is missing, or the max risk is invalid", async () => {
    const [noToken, badRisk] = await Promise.all([
      start({ [contract.general.baseUrl]: standIn.url }),
      start({ [TOKEN_VAR]: TOKEN, [contract.general.maxRisk]: "delete", [contract.general.tools]: "admins" }),
    ]);
    expect(noToken.code).toBe(1);
    expect(noToken.stdout).toBe("");
    expect(noToken.stderr).toContain(`${TOKEN_VAR} is not set: set it to the bearer token for the ${model.title}`);
    if (model.auth.scheme === "bearer" && model.auth.description) expect(noToken.stderr.replace(/\s+/g, " ")).toContain(model.auth.description.replace(/\s+/g, " "));
    expect(badRisk.code).toBe(1);
    expect(badRisk.stdout).toBe("");
    expect(badRisk.stderr).toContain(`${contract.general.maxRisk} must be read, write or destructive, not "delete"`);
    expect(badRisk.stderr).not.toContain(TOKEN);
  });

  it("--help lists every variable of the contract; an invalid server or header value is refused by name", async () => {
    const help = await start({}, "--help");
    expect(help.code).toBe(0);
    for (const name of [...contract.settings.map((s) => s.name), ...Object.values(contract.general)]) expect(help.stdout).toContain(`  ${name} `);
    const server = contract.settings.find((s) => s.kind === "server")!;
    const bad = await start({ [TOKEN_VAR]: TOKEN, [server.name]: "mars" });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${server.name} must be one of ${server.values!.slice(0, -1).join(", ")} or ${server.values!.at(-1)}, not "mars"`);
  });

  it("exits 0 without a word when the reader of --list-tools goes away (`| head -1`)", async () => {
    const full = await start({}, "--list-tools");
    expect(full.code).toBe(0);
    expect((JSON.parse(full.stdout) as { tools: unknown[] }).tools).toHaveLength(allOps.filter((op) => op.risk !== "destructive").length);
    // More than a pipe holds, so the server is still writing when `head` closes the pipe: EPIPE.
    expect(full.stdout.length).toBeGreaterThan(64 * 1024);
    const errFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mcp-epipe-")), "stderr.txt");
    const { stdout } = await exec("bash", ["-c", '"$NODE_BIN" --import tsx "$SERVER_TS" --list-tools 2>"$ERR_FILE" | head -1; echo "exit=${PIPESTATUS[0]}"'], {
      cwd: ROOT,
      env: { ...baseEnv(), NODE_BIN: process.execPath, SERVER_TS: SERVER, ERR_FILE: errFile },
      timeout: 30_000,
    });
    expect(stdout).toBe("{\nexit=0\n");
    expect(fs.readFileSync(errFile, "utf8")).toBe("");
  });
});
