/**
 * The MCP side: a server that lists the selected tools and runs each through the generated client.
 *
 * Built on the SDK's protocol-level `Server` with our own `tools/list` and `tools/call` handlers rather
 * than `McpServer.registerTool`, on purpose:
 * - the JSON Schemas are converted once (tool-list.ts), with zod's `z.toJSONSchema` in the dialect MCP
 *   defaults to (2020-12), from exactly the Zod schemas the client validates with;
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
 * Redaction: a tool result is the one place where data from outside (the API's answers, the client's
 * error messages with their bodies, URLs and cursors) reaches a reply that is not an error, so every
 * result passes through `redact` here, before it is serialised: the structured content (keys and
 * values) and the text block built from it. Nothing else of the reply is touched: tool names, the
 * list, the envelope are the server's own. The message of an error reply (an unknown tool's name as the
 * agent sent it) is scrubbed by the transport (main.ts), which sees every error reply.
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  type CallToolResult,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { Redact } from "./redact.js";
import type { CallOperation, OperationSchemas, ResponseInfo, ToolDef } from "./types.js";

export interface ToolServerOptions<Op extends string> {
  info: { name: string; title?: string; version: string };
  instructions?: string;
  tools: readonly ToolDef<Op>[];
  /** The `tools/list` entries, in the order of `tools` (see `toolList` in tool-list.ts). */
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
  /** Applied to every tool result (its data from outside) before it is serialised. */
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
