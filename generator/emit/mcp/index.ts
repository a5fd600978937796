/**
 * The MCP server: `generated/mcp/`, every operation as a risk-aware tool for AI agents, over stdio.
 *
 *   tools.ts     the tool catalog, one entry per operation in spec order: name, title, description,
 *                risk, HTTP route, status, deprecation and annotations (see mcp/tools.ts for the rules,
 *                the tool-name rule among them)
 *   server.ts    the entry point: the environment contract (every variable the server reads, derived
 *                from the model by mcp/env.ts), the catalog, the generated client's factory and the
 *                hand-written server (`node --import tsx generated/mcp/server.ts`, or
 *                `node dist/mcp/server.js` once built)
 *   bin.cjs      the package's `bin`: a shebang launcher for dist/mcp/server.js (CommonJS because the
 *                pipeline starts every .ts/.js file with the do-not-edit header, and a shebang must be
 *                the first line)
 *   main.ts, config.ts, jsonrpc.ts, redact.ts, stdio.ts, tool-list.ts, tool-server.ts, types.ts
 *                the hand-written server, copied from generator/mcp/; it names no API: everything
 *                API-specific reaches it as data from server.ts and tools.ts
 *
 * Every spec string in the generated files is written with the escaping module (`tsString`,
 * `tsCommentLine`); prose meant for agents and terminals is first folded to plain text (`plainText`).
 *
 * JSON Schemas are not emitted: the server converts the client's own Zod schemas (`operations[name]
 * .input/.output`) with `z.toJSONSchema` when it starts. Only that keeps them the very schemas the client
 * validates with: they exist as Zod objects only once generated/schemas/ is compiled, and an emitter
 * may neither read generated/ nor call the Zod emitter. The conversion is deterministic, and
 * `server --list-tools` prints the exact tool list for inspection.
 *
 * `emitMcp` is pure; the hand-written sources are its only other input (read once by `mcpEmitter`).
 */
import { json, tsCommentLine, tsKey, tsString } from "../../escape/index.ts";
import type { ApiModel, Emitter } from "../../model/types.ts";
import type { SourcedFile } from "../../write/finish.ts";
import { layoutTypeScript } from "../ts-layout.ts";
import { envContract } from "./env.ts";
import { MCP_SOURCE_DIR, readMcpSources, type McpSource } from "./sources.ts";
import { plainText, toolEntry, toolNames, type ToolEntry } from "./tools.ts";

export const MCP_DIR = "mcp";
const GENERATED = ["tools.ts", "server.ts", "bin.cjs"];
const SELF = "generator/emit/mcp/index.ts";

export function emitMcp(model: ApiModel, sources: readonly McpSource[]): SourcedFile[] {
  const ops = model.resources.flatMap((r) => r.operations);
  const names = toolNames(ops);
  const entries = ops.map((op) => toolEntry(op, names.get(op.fullName)!));
  const files: SourcedFile[] = [
    // Printed in its final layout (`literal` indents by depth): one entry per operation, no layout pass over it.
    { path: `${MCP_DIR}/tools.ts`, source: "spec/", contents: toolsFile(model, entries) },
    { path: `${MCP_DIR}/server.ts`, source: "spec/", contents: layoutTypeScript(serverFile(model)) },
    { path: `${MCP_DIR}/bin.cjs`, contents: binFile(model) },
  ];
  for (const { file, contents } of sources) {
    if (GENERATED.includes(file)) throw new Error(`mcp emitter: ${MCP_SOURCE_DIR}/${file} would overwrite a generated file`);
    files.push({ path: `${MCP_DIR}/${file}`, contents, source: `${MCP_SOURCE_DIR}/${file}` });
  }
  return files;
}

export function createMcpEmitter(sources: readonly McpSource[]): Emitter {
  return { name: "mcp", emit: (model) => emitMcp(model, sources) };
}

export const mcpEmitter: Emitter = createMcpEmitter(readMcpSources());

/**
 * Spec data as a TypeScript literal: JSON whose strings are written with `tsString` (JSON is valid
 * TypeScript but for U+2028/2029, which `tsString` escapes), in its final layout at `indent`: one entry
 * per line, each nesting two spaces in (test/printed-layout.test.ts checks the layout pass agrees).
 */
function literal(value: unknown, indent = ""): string {
  if (typeof value === "string") return tsString(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== "object" || v === null)) return `[${value.map((v) => literal(v)).join(", ")}]`;
  if (Array.isArray(value)) return value.length === 0 ? "[]" : `[\n${value.map((v) => `${indent}  ${literal(v, `${indent}  `)},`).join("\n")}\n${indent}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{\n${entries.map(([k, v]) => `${indent}  ${tsKey(k)}: ${literal(v, `${indent}  `)},`).join("\n")}\n${indent}}`;
  }
  return json(value);
}

function toolsFile(model: ApiModel, entries: readonly ToolEntry[]): string {
  return `/**
 * The MCP tools of the ${tsCommentLine(model.title)}: one per operation, in spec order.
 *
 * Tool name = the operation's full name with \`.\` replaced by \`_\` (\`resource.get\` → \`resource_get\`);
 * a name over 64 characters, or one two operations would share, is cut to 55 characters and ends with
 * \`_\` and 8 hex digits of the SHA-256 of the full name, so that every name fits \`^[a-zA-Z0-9_-]{1,64}$\`
 * and maps back to exactly one operation. Annotations follow the risk (read: readOnlyHint; destructive:
 * destructiveHint) and the HTTP method (idempotentHint for GET, PUT and DELETE); openWorldHint is always
 * true. The JSON Schemas are converted from the client's Zod schemas when the server starts.
 */
import type { OperationName } from "../client/index.js";
import type { ToolDef } from "./types.js";

export const TOOLS: readonly ToolDef<OperationName>[] = ${literal(entries)};
`;
}

function serverFile(model: ApiModel): string {
  const { naming } = model;
  const contract = envContract(model);
  const examples = [...contract.settings.filter((s) => s.kind === "credential").map((s) => s.name), contract.general.maxRisk].join(", ");
  return `/**
 * The ${tsCommentLine(model.title)} as an MCP server on stdio: one tool per operation of the generated client.
 *
 *   node --import tsx generated/mcp/server.ts    in this repository
 *   node dist/mcp/server.js                      after \`npm run build\`
 *
 * Configured by environment variables (${tsCommentLine(examples)}, ...): run with --help.
 * stdout carries only the MCP protocol; logs go to stderr.
 */
import { ${naming.clientFactory}, operations, type ${naming.clientOptions}, type OperationName } from "../client/index.js";
import { runStdioServer } from "./main.js";
import { TOOLS } from "./tools.js";
import type { EnvContract } from "./types.js";

/** The environment variables the server reads (see generator/emit/mcp/env.ts for the rules). */
const ENV: EnvContract = ${literal(contract)};

await runStdioServer<OperationName>({
  info: { name: ${tsString(naming.mcpBin)}, title: ${tsString(plainText(model.title))}, version: ${tsString(model.version)} },
  command: ${tsString(naming.mcpBin)},
  env: ENV,
  tools: TOOLS,
  schemas: operations,
  createClient: (options) => {
    // The options come from the environment, checked against ENV; the client checks them again.
    const client = ${naming.clientFactory}(options as unknown as ${naming.clientOptions});
    // Tool arguments are unknown JSON until the client validates them against the operation's schema.
    return (name, input, requestOptions) => client.call(name, input as never, requestOptions);
  },
});
`;
}

/**
 * Not formatted by the pipeline (no header or formatting for .cjs), so it carries its own header, after the shebang.
 *
 * A package the server imports as it loads may be missing from the project (an install that left a
 * dependency out): that is said in one line, with the command that installs it, as main.ts says it of
 * the MCP SDK, which the server loads only to serve. Anything else that fails to load is a crash, and
 * is reported like main.ts reports one, with its stack.
 */
function binFile(model: ApiModel): string {
  const prefix = tsString(`${model.naming.mcpBin}: `);
  return `#!/usr/bin/env node
// Code generated by opspec from ${SELF}. DO NOT EDIT.
// The package's \`bin\`: starts the compiled MCP server, dist/mcp/server.js (\`npm run build\` makes it).
// CommonJS because a shebang must be a file's first line, and generated .ts/.js files start with the header.
"use strict";
const { existsSync } = require("node:fs");
const path = require("node:path");
const { pathToFileURL } = require("node:url");

/** The package an import could not find (Node's ERR_MODULE_NOT_FOUND for a package name), if that is what failed. */
function missingPackage(error) {
  if (!error || error.code !== "ERR_MODULE_NOT_FOUND") return undefined;
  const match = /^Cannot find package '((?:@[^'/]+\\/)?[^'/]+)[^']*'/.exec(String(error.message));
  return match ? match[1] : undefined;
}

const server = path.join(__dirname, "..", "dist", "mcp", "server.js");
if (!existsSync(server)) {
  process.stderr.write(${prefix} + server + " is missing: run \`npm run build\` first\\n");
  process.exitCode = 1;
} else {
  import(pathToFileURL(server).href).catch((error) => {
    const missing = missingPackage(error);
    const why = missing
      ? "cannot start: the MCP server needs " + missing + ", which is not installed; install it beside this package with \`npm install " + missing + "\`"
      : "fatal: " + String((error && error.stack) || error);
    process.stderr.write(${prefix} + why + "\\n");
    process.exitCode = 1;
  });
}
`;
}
