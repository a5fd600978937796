/**
 * The process around the MCP server: command-line flags, environment, stdio, logging and exit codes.
 *
 *   <server> [--list-tools | --help]
 *
 * stdout carries only the MCP protocol (newline-delimited JSON-RPC); everything else goes to stderr.
 * Exit codes: 0 after a clean shutdown (stdin closed, SIGINT, SIGTERM, or stdout closed by the reader,
 * as in `--list-tools | head -1`), 1 for a configuration error (a missing credential, an invalid
 * `<PREFIX>_MAX_RISK`, …) or a crash, 2 for an unknown flag.
 *
 * The credentials are read from the environment before anything is written, and every line on stderr
 * and every message on stdout passes through the redactor built from them. Nothing prints the
 * environment; configuration errors name variables and quote only values that are not credentials.
 *
 * The generated entry point (generated/mcp/server.ts) calls `runStdioServer` with the tool catalog,
 * the client's operation registry, the environment contract and the client factory.
 */
import { envHelp, readConfig, secretsOf, selectTools, type Env } from "./config.js";
import { redactor, type Redact } from "./redact.js";
import { LineTransport, type LineInput, type LineOutput } from "./stdio.js";
import { createToolServer, toolList } from "./tool-server.js";
import type { CreateClient, EnvContract, GeneralSetting, OperationSchemas, ToolDef } from "./types.js";

interface StreamError {
  code?: unknown;
}

/**
 * The parts of Node's `process` the server uses. The published build compiles generated/ without Node
 * typings (tsconfig.build.json: the client must not depend on them), so this file names what it needs
 * instead of pulling @types/node into the client's compilation.
 */
interface NodeProcess {
  argv: string[];
  env: Record<string, string | undefined>;
  exitCode?: number | string | undefined;
  stdout: LineOutput & { on(event: "error", listener: (error: StreamError) => void): unknown };
  stderr: { write(text: string): boolean; on(event: "error", listener: (error: StreamError) => void): unknown };
  stdin: LineInput;
  on(event: "uncaughtException" | "unhandledRejection", listener: (error: unknown) => void): unknown;
  once(event: "SIGINT" | "SIGTERM", listener: () => void): unknown;
  exit(code?: number): never;
}
const process = (globalThis as unknown as { process: NodeProcess }).process;

export interface McpApp<Op extends string> {
  /** `serverInfo` of the MCP handshake. */
  info: { name: string; title: string; version: string };
  /** Prefix of every stderr line, and the command named in `--help`. */
  command: string;
  /** The environment variables the server reads, from the spec. */
  env: EnvContract;
  tools: readonly ToolDef<Op>[];
  /** The client's Zod schemas by operation name: the tools' JSON Schemas are converted from them. */
  schemas: Readonly<Record<Op, OperationSchemas>>;
  /** Creates the API client; throws for options it rejects (a bad base URL, a malformed credential, …). */
  createClient: CreateClient<Op>;
}

export interface RunOptions {
  argv?: readonly string[];
  env?: Env;
}

/** Runs the server until stdin closes or a signal arrives. Sets `process.exitCode`; never rejects. */
export async function runStdioServer<Op extends string>(app: McpApp<Op>, options: RunOptions = {}): Promise<void> {
  const env = options.env ?? process.env;
  // First of all: whatever goes wrong from here on, no credential reaches stderr or stdout.
  const redact = redactor(secretsOf(env, app.env));
  const stderr = (line: string): void => {
    process.stderr.write(`${app.command}: ${redact(line)}\n`);
  };
  guardProcess(stderr);
  try {
    const code = await run(app, options.argv ?? process.argv.slice(2), env, stderr, redact);
    if (code !== undefined) process.exitCode = code;
  } catch (error) {
    stderr(`fatal: ${describe(error)}`);
    process.exitCode = 1;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
}

/**
 * A reader that goes away (`| head -1`, an MCP host that quit) makes stdout fail with EPIPE: that is
 * an ordinary end, not a crash. Anything uncaught is logged (redacted) and ends the process with 1.
 */
function guardProcess(stderr: (line: string) => void): void {
  const exitCode = (): number => (typeof process.exitCode === "number" ? process.exitCode : 0);
  process.stdout.on("error", (error) => process.exit(error.code === "EPIPE" ? exitCode() : 1));
  process.stderr.on("error", () => process.exit(exitCode()));
  const crash = (error: unknown): void => {
    stderr(`fatal: ${describe(error)}`);
    process.exit(1);
  };
  process.on("uncaughtException", crash);
  process.on("unhandledRejection", crash);
}

async function run<Op extends string>(
  app: McpApp<Op>,
  argv: readonly string[],
  env: Env,
  stderr: (line: string) => void,
  redact: Redact,
): Promise<number | undefined> {
  const contract = app.env;
  const usage =
    `Usage: ${app.command} [--list-tools | --help]\n\n` +
    `An MCP server on stdio for the ${app.info.title}: one tool per API operation.\n` +
    `  --list-tools   print the tools the configuration selects (as tools/list returns them) and exit\n` +
    `  --help         print this help\n\n${envHelp(contract)}\n`;
  const unknown = argv.filter((a) => a !== "--list-tools" && a !== "--help" && a !== "-h");
  if (unknown.length > 0) {
    stderr(`unknown argument ${JSON.stringify(unknown[0])}\n\n${usage}`);
    return 2;
  }
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(usage);
    return 0;
  }
  const listOnly = argv.includes("--list-tools");

  const config = readConfig(env, contract, { requireCredentials: !listOnly });
  if (!config.ok) return notStarted(config.errors, stderr);
  const { client: clientOptions, maxRisk, filter } = config.value;
  const selection = selectTools(app.tools, maxRisk, filter, contract);
  if (!selection.ok) return notStarted(selection.errors, stderr);
  for (const w of [...config.warnings, ...selection.warnings]) stderr(`warning: ${w}`);
  const { exposed, hidden } = selection.value;
  const listed = toolList(exposed, app.schemas);
  if (listOnly) {
    process.stdout.write(`${JSON.stringify(redact({ tools: listed }), null, 2)}\n`);
    return 0;
  }

  try {
    // Once at startup, so that options the client rejects stop the server instead of failing every call.
    app.createClient(clientOptions);
  } catch (error) {
    return notStarted([clientError(contract, error)], stderr);
  }

  const server = createToolServer({
    info: app.info,
    instructions:
      `Each tool runs one ${app.info.title} operation; its description and annotations give its risk ` +
      `(read, write or destructive). This server allows risks up to "${maxRisk}"` +
      `${filter ? ` and the tools ${filter.join(", ")}` : ""}: ` +
      `${exposed.length} of ${app.tools.length} tools. Arguments are checked before any request, ` +
      `and errors name the field or the API's error code.`,
    tools: exposed,
    listed,
    hidden,
    schemas: app.schemas,
    // A client per call, so that the status its hook reports belongs to this call and no other.
    connect: (onResponse) => app.createClient({ ...clientOptions, hooks: { onResponse } }),
    redact,
    log: stderr,
  });
  server.onerror = (error) => stderr(`protocol error: ${error.message}`);

  const transport = new LineTransport(process.stdin, process.stdout, {
    // Everything that leaves on stdout passes here: no credential reaches the MCP client, whatever carries it.
    prepare: redact,
    log: (line) => stderr(`transport: ${line}`),
  });

  let closing = false;
  const shutdown = (why: string): void => {
    if (closing) return;
    closing = true;
    stderr(`${why}; shutting down`);
    void server.close().finally(() => process.exit(Number(process.exitCode ?? 0)));
  };
  server.onclose = () => shutdown("stdin closed");
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));

  await server.connect(transport);
  const serverSetting = contract.settings.find((s) => s.kind === "server");
  const target =
    typeof clientOptions.baseUrl === "string"
      ? clientOptions.baseUrl
      : `server ${String(serverSetting ? (clientOptions[serverSetting.option] ?? serverSetting.default) : "default")}`;
  stderr(`serving ${exposed.length} of ${app.tools.length} tools (max risk ${maxRisk}) for ${target} on stdio`);
  return undefined;
}

function notStarted(errors: readonly string[], stderr: (line: string) => void): number {
  for (const e of errors) stderr(`configuration error: ${e}`);
  stderr("not started (see --help)");
  return 1;
}

/** The client's ConfigurationError names an option (`token is required: …`); say which variable sets it. */
function clientError(contract: EnvContract, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const option = /^[A-Za-z]\w*/.exec(message)?.[0];
  const variable =
    option === undefined
      ? undefined
      : (contract.settings.find((s) => s.option === option)?.name ??
        (Object.hasOwn(contract.general, option) ? contract.general[option as GeneralSetting] : undefined));
  return variable === undefined ? message : `${variable}: ${message}`;
}
