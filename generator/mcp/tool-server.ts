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
 * and a text block carries the same JSON; an operation whose answer has no body returns the text
 * `done (status N)` with the status the API sent, and has no output schema. Failures of a call
 * (arguments the operation's schema rejects, HTTP errors, rate limits after the retries, timeouts) are
 * tool results with `isError: true` whose text is `<ErrorClass>: <message>`, so an agent can read and
 * correct them (MCP 2025-11-25 asks for input validation errors as tool execution errors); an unknown
 * or hidden tool name is a protocol error (-32602). Requests whose params do not have the MCP shape
 * (`arguments` not an object, …) never get here: the transport answers them (jsonrpc.ts).
 *
 * Every result passes through `redact` before it is serialised, so the text block cannot carry a
 * secret in a spelling the transport's redaction of the whole message would miss.
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  type CallToolResult,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { Redact } from "./redact.js";
import type { CallOperation, OperationSchemas, ResponseInfo, ToolDef } from "./types.js";

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
      ...(op.output === undefined ? {} : { outputSchema: objectSchema(tool, "output", op.output) }),
      annotations: { ...tool.annotations },
    };
  });
}

/**
 * MCP requires `type: "object"` at the root of both schemas. A union of objects (`companies.retrieve`
 * answers a company or a list of companies) converts to a root `anyOf`; `type: "object"` is added beside
 * it, which narrows nothing. Anything else is not an object and fails loudly: a generator bug.
 */
function objectSchema(tool: ToolDef, io: "input" | "output", schema: unknown): ObjectJsonSchema {
  // `$ZodType`, not classic `z.ZodType`: the generated schemas are zod/mini ones (both share Zod's core).
  if (!(schema instanceof z.core.$ZodType)) throw new Error(`tool ${tool.name}: the ${io} schema of ${tool.operation} is not a Zod schema`);
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
  /** The client's operation registry: which operations answer with a body. */
  schemas: Readonly<Record<Op, OperationSchemas>>;
  /**
   * Creates a call function for one tool call, given a listener for the client's `onResponse` events
   * (the status of an answer without a body comes from there).
   */
  connect: (onResponse: (event: ResponseInfo) => void) => CallOperation<Op>;
  /** Applied to every result before it is serialised. */
  redact?: Redact;
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
  const redact: Redact = options.redact ?? (<T>(value: T): T => value);

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [...options.listed] }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const { name, arguments: args } = request.params;
    const tool = byName.get(name);
    if (tool === undefined) {
      const shown = JSON.stringify(name.length > 100 ? `${name.slice(0, 100)}…` : name);
      const reason = options.hidden.get(name) ?? `unknown tool ${shown}`;
      log(`${options.hidden.has(name) ? name : shown}: refused: ${reason}`);
      // A plain error with a code: McpError would prefix the message with "MCP error -32602: ".
      throw Object.assign(new Error(reason), { code: ErrorCode.InvalidParams });
    }
    const started = performance.now();
    const ms = (): string => `${Math.round(performance.now() - started)} ms`;
    let status: number | undefined;
    try {
      const call = options.connect((event) => {
        if (event.status !== undefined) status = event.status;
      });
      const result = await call(tool.operation, args ?? {}, { signal: extra.signal });
      const response = options.schemas[tool.operation]?.output === undefined ? done(status ?? tool.status) : success(tool, redact(result));
      log(`${name}: ${response.isError ? "unusable result" : "ok"} (${ms()})`);
      return response;
    } catch (error) {
      if (extra.signal.aborted) throw error;
      log(`${name}: ${errorName(error)} (${ms()})`);
      return failure(error, redact);
    }
  });
  return server;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function done(status: number): CallToolResult {
  return { content: [{ type: "text", text: `done (status ${status})` }] };
}

/** The output as structured content and JSON text; anything that cannot be both is a tool error. */
function success(tool: ToolDef, result: unknown): CallToolResult {
  // Every output is an object (the client reads an empty body as `{}`); guard anyway.
  if (!isRecord(result)) return failure(new TypeError(`${tool.operation} returned ${Array.isArray(result) ? "an array" : typeof result}, not an object`));
  let text: string;
  try {
    text = JSON.stringify(result);
  } catch (error) {
    return failure(new TypeError(`${tool.operation}: the response cannot be returned as JSON (${error instanceof RangeError ? "nested too deeply" : errorName(error)})`));
  }
  return { content: [{ type: "text", text }], structuredContent: result };
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : "Error";
}

function failure(error: unknown, redact: Redact = (v) => v): CallToolResult {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : `Error: ${String(error)}`;
  return { content: [{ type: "text", text: redact(message) }], isError: true };
}
