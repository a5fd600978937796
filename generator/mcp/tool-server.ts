/**
 * The MCP side: a server that lists the selected tools and runs each through the generated client.
 *
 * Built on the SDK's protocol-level `Server` with our own `tools/list` and `tools/call` handlers rather
 * than `McpServer.registerTool`, on purpose:
 * - the JSON Schemas are converted once, with zod's `z.toJSONSchema` in the dialect MCP defaults to
 *   (2020-12), from exactly the Zod schemas the client validates with (`operations[name].input/output`);
 * - arguments are validated once, by the client, whose ValidationError names the operation and every
 *   bad field (`contacts.update: invalid input: custom_attributes: …`), and param defaults apply first;
 * - a tool that is hidden by the risk ceiling or the filter gets an error that says why and how to
 *   enable it, instead of a bare "not found".
 *
 * Results: `structuredContent` is the client's parsed output (fields the spec does not know are kept)
 * and a text block carries the same JSON. Failures of a call (bad arguments, HTTP errors, rate limits
 * after the retries, timeouts) are tool results with `isError: true` whose text is `<ErrorClass>: <message>`,
 * so an agent can read and correct them; an unknown or hidden tool name is a protocol error
 * (-32602), as the MCP specification asks.
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type CallToolResult,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { CallOperation, OperationSchemas, ToolDef } from "./types.js";

type ObjectJsonSchema = { type: "object"; [key: string]: unknown };

/** The `tools/list` entries for these tools: definitions plus JSON Schemas from the operations' Zod schemas. */
export function toolList<Op extends string>(
  tools: readonly ToolDef<Op>[],
  schemas: Readonly<Record<Op, OperationSchemas>>,
): Tool[] {
  return tools.map((tool) => {
    const op = schemas[tool.operation];
    if (op === undefined) throw new Error(`tool ${tool.name}: the client has no operation ${tool.operation}`);
    return {
      name: tool.name,
      title: tool.title,
      description: tool.description,
      inputSchema: objectSchema(tool, "input", op.input),
      outputSchema: objectSchema(tool, "output", op.output),
      annotations: { ...tool.annotations },
    };
  });
}

/**
 * MCP requires `type: "object"` at the root of both schemas. A union of objects (`companies.retrieve`
 * answers a company or a list of companies) converts to a root `anyOf`; `type: "object"` is added beside
 * it, which narrows nothing. Anything else is not an object and fails loudly: a generator bug.
 */
function objectSchema(tool: ToolDef, io: "input" | "output", schema: z.ZodType): ObjectJsonSchema {
  const json = z.toJSONSchema(schema, { io, target: "draft-2020-12" }) as Record<string, unknown>;
  if (json.type === "object") return json as ObjectJsonSchema;
  const defs = isRecord(json.$defs) ? json.$defs : {};
  const isObject = (member: unknown): boolean => {
    if (!isRecord(member)) return false;
    const ref = typeof member.$ref === "string" ? /^#\/\$defs\/(.+)$/.exec(member.$ref)?.[1] : undefined;
    return ref !== undefined ? isObject(defs[decodeURIComponent(ref)]) : member.type === "object";
  };
  const members = json.anyOf ?? json.oneOf;
  if (json.type === undefined && Array.isArray(members) && members.length > 0 && members.every(isObject)) {
    const { $schema, ...rest } = json;
    return { ...($schema === undefined ? {} : { $schema }), type: "object", ...rest };
  }
  throw new Error(`tool ${tool.name}: the ${io} schema of ${tool.operation} is not an object schema, which MCP requires`);
}

export interface ToolServerOptions<Op extends string> {
  info: { name: string; title?: string; version: string };
  instructions?: string;
  tools: readonly ToolDef<Op>[];
  /** The `tools/list` entries, in the order of `tools` (see `toolList`). */
  listed: readonly Tool[];
  /** Tool name → why it is not served. */
  hidden: ReadonlyMap<string, string>;
  call: CallOperation<Op>;
  /** One line per call, for stderr. */
  log?: (line: string) => void;
}

export function createToolServer<Op extends string>(options: ToolServerOptions<Op>): Server {
  // `Server` is the SDK's protocol-level class (marked "for advanced use cases"); see the header comment.
  const server = new Server(options.info, {
    capabilities: { tools: {} },
    ...(options.instructions === undefined ? {} : { instructions: options.instructions }),
  });
  const byName = new Map(options.tools.map((t) => [t.name, t]));
  const log = options.log ?? (() => {});

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [...options.listed] }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const { name, arguments: args } = request.params;
    const tool = byName.get(name);
    if (tool === undefined) {
      const reason = options.hidden.get(name) ?? `unknown tool ${JSON.stringify(name)}`;
      log(`${options.hidden.has(name) ? name : JSON.stringify(name)}: refused: ${reason}`);
      throw new McpError(ErrorCode.InvalidParams, reason);
    }
    const started = performance.now();
    const ms = (): string => `${Math.round(performance.now() - started)} ms`;
    try {
      const result = await options.call(tool.operation, args ?? {}, { signal: extra.signal });
      // Every output of this API is an object (the client reads an empty body as `{}`); guard anyway.
      if (!isRecord(result)) throw new TypeError(`${tool.operation} returned ${typeof result}, not an object`);
      log(`${name}: ok (${ms()})`);
      return success(result);
    } catch (error) {
      if (extra.signal.aborted) throw error;
      log(`${name}: ${errorName(error)} (${ms()})`);
      return failure(error);
    }
  });
  return server;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function success(result: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(result) }], structuredContent: result };
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : "Error";
}

function failure(error: unknown): CallToolResult {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : `Error: ${String(error)}`;
  return { content: [{ type: "text", text: message }], isError: true };
}
