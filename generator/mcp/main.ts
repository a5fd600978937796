/**
 * The process around the MCP server: command-line flags, environment, stdio, logging and exit codes.
 *
 *   <server> [--list-tools | --help]
 *
 * stdout carries only the MCP protocol (newline-delimited JSON-RPC); everything else goes to stderr.
 * Exit codes: 0 after a clean shutdown (stdin closed, SIGINT, SIGTERM), 1 for a configuration error
 * (missing INTERCOM_TOKEN, invalid INTERCOM_MAX_RISK, ...), 2 for an unknown flag.
 *
 * The generated entry point (generated/mcp/server.ts) calls `runStdioServer` with the tool catalog, the
 * client's operation registry and a function that creates a client from the configuration.
 */
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { envHelp, readConfig, selectTools, type Env } from "./config.js";
import { redactor, type Redact } from "./redact.js";
import { createToolServer, toolList } from "./tool-server.js";
import type { CallOperation, ClientConfig, OperationSchemas, ToolDef } from "./types.js";

/**
 * The parts of Node's `process` the server uses. The published build compiles generated/ without Node
 * typings (tsconfig.build.json: the client must not depend on them), so this file names what it needs
 * instead of pulling @types/node into the client's compilation.
 */
interface NodeProcess {
  argv: string[];
  env: Record<string, string | undefined>;
  exitCode?: number | string | undefined;
  stdout: { write(text: string): boolean };
  stderr: { write(text: string): boolean };
  stdin: { once(event: "end", listener: () => void): unknown };
  once(event: "SIGINT" | "SIGTERM", listener: () => void): unknown;
  exit(code?: number): never;
}
const process = (globalThis as unknown as { process: NodeProcess }).process;

export interface McpApp<Op extends string, Region extends string> {
  /** `serverInfo` of the MCP handshake. */
  info: { name: string; title: string; version: string };
  /** Prefix of every stderr line. */
  command: string;
  /** Regions INTERCOM_REGION accepts, the default first. */
  regions: readonly Region[];
  tools: readonly ToolDef<Op>[];
  /** The client's Zod schemas by operation name: the tools' JSON Schemas are converted from them. */
  schemas: Readonly<Record<Op, OperationSchemas>>;
  /** Creates the API client; may throw for a configuration it rejects (a bad base URL, ...). */
  connect: (config: ClientConfig<Region>) => CallOperation<Op>;
}

export interface RunOptions {
  argv?: readonly string[];
  env?: Env;
}

/** Runs the server until stdin closes or a signal arrives. Sets `process.exitCode`; never rejects. */
export async function runStdioServer<Op extends string, Region extends string>(
  app: McpApp<Op, Region>,
  options: RunOptions = {},
): Promise<void> {
  let redact: Redact = (value) => value;
  const stderr = (line: string): void => {
    process.stderr.write(`${app.command}: ${redact(line)}\n`);
  };
  try {
    const code = await run(app, options, stderr, (token) => {
      redact = redactor(token);
      return redact;
    });
    if (code !== undefined) process.exitCode = code;
  } catch (error) {
    stderr(`fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  }
}

async function run<Op extends string, Region extends string>(
  app: McpApp<Op, Region>,
  options: RunOptions,
  stderr: (line: string) => void,
  useToken: (token: string) => Redact,
): Promise<number | undefined> {
  const argv = options.argv ?? process.argv.slice(2);
  const env = options.env ?? process.env;
  const usage = `Usage: ${app.command} [--list-tools | --help]\n\nAn MCP server on stdio for ${app.info.title}: one tool per API operation.\n  --list-tools   print the tools the configuration selects (as tools/list returns them) and exit\n  --help         print this help\n\n${envHelp(app.regions)}\n`;
  const flags = new Set(argv);
  const unknown = argv.filter((a) => a !== "--list-tools" && a !== "--help" && a !== "-h");
  if (unknown.length > 0) {
    stderr(`unknown argument ${JSON.stringify(unknown[0])}\n\n${usage}`);
    return 2;
  }
  if (flags.has("--help") || flags.has("-h")) {
    process.stdout.write(usage);
    return 0;
  }
  const listOnly = flags.has("--list-tools");

  const config = readConfig(env, { regions: app.regions, requireToken: !listOnly });
  if (!config.ok) {
    for (const e of config.errors) stderr(`configuration error: ${e}`);
    stderr(`not started (see --help)`);
    return 1;
  }
  const redact = useToken(config.value.client.token);
  const selection = selectTools(app.tools, config.value.maxRisk, config.value.filter);
  if (!selection.ok) {
    for (const e of selection.errors) stderr(`configuration error: ${e}`);
    stderr(`not started (see --help)`);
    return 1;
  }
  for (const w of [...config.warnings, ...selection.warnings]) stderr(`warning: ${w}`);
  const { exposed, hidden } = selection.value;
  const listed = toolList(exposed, app.schemas);
  if (listOnly) {
    process.stdout.write(`${JSON.stringify({ tools: listed }, null, 2)}\n`);
    return 0;
  }

  let call: CallOperation<Op>;
  try {
    call = app.connect(config.value.client);
  } catch (error) {
    stderr(`configuration error: ${error instanceof Error ? error.message : String(error)}`);
    stderr(`not started (see --help)`);
    return 1;
  }

  const { maxRisk } = config.value;
  const server = createToolServer({
    info: app.info,
    instructions:
      `Each tool runs one ${app.info.title} operation; its description and annotations give its risk ` +
      `(read, write or destructive). This server allows risks up to "${maxRisk}"` +
      `${config.value.filter ? ` and the tools ${config.value.filter.join(", ")}` : ""}: ` +
      `${exposed.length} of ${app.tools.length} tools. Arguments are checked before any request, ` +
      `and errors name the field or the API's error code.`,
    tools: exposed,
    listed,
    hidden,
    call,
    log: stderr,
  });

  const transport = new StdioServerTransport();
  // Everything that leaves on stdout passes here: the token cannot reach the MCP client, whatever carries it.
  const send = transport.send.bind(transport);
  transport.send = (message) => send(redact(message));
  transport.onerror = (error) => stderr(`transport error: ${error.message}`);

  let closing = false;
  const shutdown = (why: string): void => {
    if (closing) return;
    closing = true;
    stderr(`${why}; shutting down`);
    void server.close().finally(() => process.exit(Number(process.exitCode ?? 0)));
  };
  process.stdin.once("end", () => shutdown("stdin closed"));
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));

  await server.connect(transport);
  const target = config.value.client.baseUrl ?? `region ${config.value.client.region ?? app.regions[0] ?? "default"}`;
  stderr(`serving ${exposed.length} of ${app.tools.length} tools (max risk ${maxRisk}) for ${target} on stdio`);
  return undefined;
}
