/**
 * The MCP server: `generated/mcp/`, every operation as a risk-aware tool for AI agents, over stdio.
 *
 *   tools.ts     the tool catalog, one entry per operation in spec order: name, title, description,
 *                risk, HTTP route and annotations (see mcp/tools.ts for the rules)
 *   server.ts    the entry point: wires the catalog, the generated client and the hand-written server
 *                (`node --import tsx generated/mcp/server.ts`, or `node dist/mcp/server.js` once built)
 *   bin.cjs      the package's `bin`: a shebang launcher for dist/mcp/server.js (CommonJS because the
 *                pipeline starts every .ts/.js file with the do-not-edit header, and a shebang must be
 *                the first line)
 *   main.ts, config.ts, tool-server.ts, redact.ts, types.ts
 *                the hand-written server, copied from generator/mcp/
 *
 * JSON Schemas are not emitted: the server converts the client's own Zod schemas (`operations[name]
 * .input/.output`) with `z.toJSONSchema` when it starts. Only that keeps them the very schemas the client
 * validates with: they exist as Zod objects only once generated/schemas/ is compiled, and an emitter
 * may neither read generated/ nor call the Zod emitter. The conversion is deterministic, and
 * `server --list-tools` prints the exact tool list for inspection.
 *
 * `emitMcp` is pure; the hand-written sources are its only other input (read once by `mcpEmitter`).
 */
import type { ApiModel, Emitter } from "../model/types.ts";
import type { SourcedFile } from "../write/format.ts";
import { apiShortName, clientFactoryName } from "./client/names.ts";
import { MCP_SOURCE_DIR, readMcpSources, type McpSource } from "./mcp/sources.ts";
import { toolEntry, type ToolEntry } from "./mcp/tools.ts";

export const MCP_DIR = "mcp";
const GENERATED = ["tools.ts", "server.ts", "bin.cjs"];
const SELF = "generator/emit/mcp.ts";

/** The name the server logs under, and the `bin` command proposed for package.json: `opspec-intercom-mcp`. */
export const mcpCommandName = (model: ApiModel): string => `opspec-${apiShortName(model)}-mcp`;

export function emitMcp(model: ApiModel, sources: readonly McpSource[]): SourcedFile[] {
  const entries = model.resources.flatMap((r) => r.operations.map(toolEntry));
  const seen = new Map<string, string>();
  for (const e of entries) {
    const other = seen.get(e.name);
    if (other !== undefined) throw new Error(`mcp emitter: ${other} and ${e.operation} both give the tool name '${e.name}'`);
    seen.set(e.name, e.operation);
  }
  const files: SourcedFile[] = [
    { path: `${MCP_DIR}/tools.ts`, source: "spec/", contents: toolsFile(model, entries) },
    { path: `${MCP_DIR}/server.ts`, source: "spec/", contents: serverFile(model) },
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

const str = (value: unknown): string => JSON.stringify(value);

function toolsFile(model: ApiModel, entries: readonly ToolEntry[]): string {
  const literal = (e: ToolEntry): string => {
    const a = e.annotations;
    return `{
      name: ${str(e.name)},
      operation: ${str(e.operation)},
      resource: ${str(e.resource)},
      title: ${str(e.title)},
      description: ${str(e.description)},
      risk: ${str(e.risk)},
      method: ${str(e.method)},
      path: ${str(e.path)},
      annotations: {
        title: ${str(a.title)},
        readOnlyHint: ${a.readOnlyHint},
        destructiveHint: ${a.destructiveHint},
        idempotentHint: ${a.idempotentHint},
        openWorldHint: ${a.openWorldHint},
      },
    }`;
  };
  return `/**
 * The MCP tools of the ${model.title}: one per operation, in spec order.
 *
 * Tool name = the operation's full name with \`.\` replaced by \`_\` (\`admins.get\` → \`admins_get\`), which
 * fits MCP's \`^[a-zA-Z0-9_-]{1,64}$\` and maps back to exactly one operation. Annotations follow the risk
 * (read: readOnlyHint; destructive: destructiveHint) and the HTTP method (idempotentHint for GET, PUT and
 * DELETE); openWorldHint is always true. The JSON Schemas are converted from the client's Zod schemas
 * when the server starts.
 */
import type { OperationName } from "../client/index.js";
import type { ToolDef } from "./types.js";

export const TOOLS: readonly ToolDef<OperationName>[] = [
${entries.map(literal).join(",\n")}
];
`;
}

function serverFile(model: ApiModel): string {
  const factory = clientFactoryName(model);
  const regions = model.servers.map((s) => s.region);
  return `/**
 * The ${model.title} as an MCP server on stdio: one tool per operation of the generated client.
 *
 *   node --import tsx generated/mcp/server.ts    in this repository
 *   node dist/mcp/server.js                      after \`npm run build\`
 *
 * Configured by environment variables (INTERCOM_TOKEN, INTERCOM_MAX_RISK, ...): run with --help.
 * stdout carries only the MCP protocol; logs go to stderr.
 */
import { ${factory}, operations, type OperationName, type RequestOptions } from "../client/index.js";
import { runStdioServer } from "./main.js";
import { TOOLS } from "./tools.js";

await runStdioServer({
  info: { name: ${str(`opspec-${apiShortName(model)}`)}, title: ${str(model.title)}, version: ${str(model.version)} },
  command: ${str(mcpCommandName(model))},
  regions: ${str(regions)},
  tools: TOOLS,
  schemas: operations,
  connect: (config) => {
    const client = ${factory}(config);
    // Tool arguments are unknown JSON until the client validates them against the operation's schema.
    return (name: OperationName, input: unknown, options: RequestOptions) => client.call(name, input as never, options);
  },
});
`;
}

/** Not formatted by the pipeline (no header or formatting for .cjs), so it carries its own header, after the shebang. */
function binFile(model: ApiModel): string {
  const prefix = str(`${mcpCommandName(model)}: `);
  return `#!/usr/bin/env node
// Code generated by opspec from ${SELF}. DO NOT EDIT.
// The package's \`bin\`: starts the compiled MCP server, dist/mcp/server.js (\`npm run build\` makes it).
// CommonJS because a shebang must be a file's first line, and generated .ts/.js files start with the header.
"use strict";
const { existsSync } = require("node:fs");
const path = require("node:path");
const { pathToFileURL } = require("node:url");

const server = path.join(__dirname, "..", "..", "dist", "mcp", "server.js");
if (!existsSync(server)) {
  process.stderr.write(${prefix} + server + " is missing: run \`npm run build\` first\\n");
  process.exitCode = 1;
} else {
  import(pathToFileURL(server).href).catch((error) => {
    process.stderr.write(${prefix} + String((error && error.stack) || error) + "\\n");
    process.exitCode = 1;
  });
}
`;
}
