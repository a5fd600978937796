/**
 * Shared by the MCP tests: generate a spec's MCP server (with the Zod schemas and the client it runs
 * on) into test-output/, start a loopback stand-in for the API, and talk to the server over stdio with
 * raw JSON-RPC lines.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { getDefaultEnvironment } from "@modelcontextprotocol/sdk/client/stdio.js";
import { clientEmitter } from "../generator/emit/client/index.ts";
import { mcpEmitter } from "../generator/emit/mcp/index.ts";
import { zodEmitter } from "../generator/emit/zod/index.ts";
import type { ApiModel } from "../generator/model/types.ts";
import { generate } from "../generator/pipeline.ts";
import { ROOT } from "./helpers/spec.ts";

export const OUT = path.join(ROOT, "test-output/mcp");

export interface Generated {
  dir: string;
  /** generated/mcp/server.ts of this output. */
  server: string;
  model: ApiModel;
}

/** Generates the schemas, the client and the MCP server of `specDir` into test-output/mcp/<name>/. */
export async function generateMcp(specDir: string, name: string): Promise<Generated> {
  const dir = path.join(OUT, name);
  fs.mkdirSync(OUT, { recursive: true });
  const result = await generate({ specDir, outDir: dir, force: true, emitters: [zodEmitter, clientEmitter, mcpEmitter] });
  if (!result.ok || !result.model) throw new Error(`${name}: ${result.diagnostics.map((d) => `${d.file}:${d.line}:${d.col} ${d.code} ${d.message}`).join("\n")}`);
  return { dir, server: path.join(dir, "mcp/server.ts"), model: result.model };
}

/** Arguments that start a generated server.ts with node. */
export const serverArgs = (server: string, ...flags: string[]): string[] => ["--import", "tsx", server, ...flags];

export const baseEnv = (): Record<string, string> => ({ ...getDefaultEnvironment() });

// ---------------------------------------------------------------- the API stand-in

export interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface StandIn {
  url: string;
  seen: Seen[];
  close(): Promise<void>;
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

export async function startStandIn(respond: (req: Seen, res: ServerResponse) => void): Promise<StandIn> {
  const seen: Seen[] = [];
  const server: Server = createServer((raw, res) => {
    const chunks: Buffer[] = [];
    raw.on("data", (c: Buffer) => chunks.push(c));
    raw.on("end", () => {
      const req: Seen = { method: raw.method ?? "", url: raw.url ?? "", headers: raw.headers, body: Buffer.concat(chunks).toString("utf8") };
      seen.push(req);
      respond(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ---------------------------------------------------------------- raw JSON-RPC over stdio

export interface RawServer {
  child: ChildProcessWithoutNullStreams;
  /** Writes one line (a newline is added). */
  send(line: string | object): void;
  /** The next message the server writes, parsed (rejects after `ms`). */
  next(ms?: number): Promise<Record<string, unknown>>;
  /** A request with this id, answered: the reply. */
  request(id: number, method: string, params?: object): Promise<Record<string, unknown>>;
  /** Every stdout line so far, as written. */
  stdout: string[];
  stderr(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

export function startRaw(server: string, env: Record<string, string>): RawServer {
  const child = spawn(process.execPath, serverArgs(server), { cwd: ROOT, env: { ...baseEnv(), ...env } });
  const stdout: string[] = [];
  let stderr = "";
  let partial = "";
  const queue: Record<string, unknown>[] = [];
  const waiters: ((m: Record<string, unknown>) => void)[] = [];
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    partial += chunk;
    for (let nl = partial.indexOf("\n"); nl >= 0; nl = partial.indexOf("\n")) {
      const line = partial.slice(0, nl);
      partial = partial.slice(nl + 1);
      stdout.push(line);
      const message = JSON.parse(line) as Record<string, unknown>;
      const waiter = waiters.shift();
      if (waiter) waiter(message);
      else queue.push(message);
    }
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const send = (line: string | object): void => {
    child.stdin.write(`${typeof line === "string" ? line : JSON.stringify(line)}\n`);
  };
  const next = (ms = 20_000): Promise<Record<string, unknown>> => {
    const queued = queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no message within ${ms} ms; stderr:\n${stderr}`)), ms);
      waiters.push((m) => {
        clearTimeout(timer);
        resolve(m);
      });
    });
  };
  const request = async (id: number, method: string, params?: object): Promise<Record<string, unknown>> => {
    send({ jsonrpc: "2.0", id, method, ...(params ? { params } : {}) });
    for (;;) {
      const m = await next();
      if (m.id === id) return m;
    }
  };
  return {
    child,
    send,
    next,
    request,
    stdout,
    stderr: () => stderr,
    exited,
    stop: async () => {
      child.stdin.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export const INITIALIZE = {
  protocolVersion: "2025-06-18",
  capabilities: {},
  clientInfo: { name: "opspec-mcp-test", version: "1.0.0" },
};

/** Starts a server and completes the MCP handshake. */
export async function startInitialized(server: string, env: Record<string, string>): Promise<RawServer> {
  const raw = startRaw(server, env);
  const reply = await raw.request(0, "initialize", INITIALIZE);
  if (!reply.result) throw new Error(`initialize failed: ${JSON.stringify(reply)}\n${raw.stderr()}`);
  raw.send({ jsonrpc: "2.0", method: "notifications/initialized" });
  return raw;
}
