/**
 * The process around the MCP server: command-line flags, environment, stdio, logging and exit codes.
 *
 *   <server> [--list-tools | --help]
 *
 * stdout carries only the MCP protocol (newline-delimited JSON-RPC); everything else goes to stderr.
 * Exit codes: 0 after a clean shutdown (stdin closed, SIGINT, SIGTERM, or stdout closed by the reader,
 * as in `--list-tools | head -1`), 1 for a configuration error (a missing credential, an invalid
 * `<PREFIX>_MAX_RISK`, the MCP SDK not installed, …) or a crash, 2 for an unknown flag.
 *
 * The credentials are read from the environment before anything is written, and the redactors built
 * from them scrub every spelling of every secret from what came from outside: tool results (in
 * tool-server.ts), the error of every error reply (in the transport), and every line on stderr. What
 * the server writes from the spec and the protocol (the JSON-RPC frame, server info, the tool list,
 * `--help`, `--list-tools`) is not touched: a secret as short as `x` or as common as `rpc` would
 * otherwise rewrite it (redact.ts). Nothing prints the environment; configuration errors name
 * variables and quote only values that are not credentials.
 *
 * The MCP SDK is an optional peer of the generated package: a project that uses only the client does
 * not install it. So the modules that need it (stdio.ts, tool-server.ts, jsonrpc.ts) are loaded only to
 * serve, and `--help` and `--list-tools` work without it; serving without it stops with one line that
 * says what to install.
 *
 * The generated entry point (generated/mcp/server.ts) calls `runStdioServer` with the tool catalog,
 * the client's operation registry, the environment contract and the client factory.
 */
import { envHelp, readConfig, secretsOf, selectTools, type Env } from "./config.js";
import { errorReplyRedactor, redactor, type Redact } from "./redact.js";
import type { LineInput, LineOutput } from "./stdio.js";
import { toolList } from "./tool-list.js";
import type { CreateClient, EnvContract, GeneralSetting, OperationSchemas, ToolDef } from "./types.js";

const MCP_SDK = "@modelcontextprotocol/sdk";

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

/** The redactors built from the environment's secrets, one per kind of outgoing data (see redact.ts). */
interface Redaction {
  /** Data from outside, keys included: tool results, and every line on stderr. */
  data: Redact;
  /** Every message on stdout: scrubs the error of an error reply, passes anything else as it is. */
  errorReply: <M>(message: M) => M;
}

/** Runs the server until stdin closes or a signal arrives. Sets `process.exitCode`; never rejects. */
export async function runStdioServer<Op extends string>(app: McpApp<Op>, options: RunOptions = {}): Promise<void> {
  const env = options.env ?? process.env;
  // First of all: whatever goes wrong from here on, no credential reaches stderr or stdout.
  const secrets = secretsOf(env, app.env);
  const redaction: Redaction = { data: redactor(secrets), errorReply: errorReplyRedactor(secrets) };
  // Log lines mix the server's words with outside data (error messages, URLs, values from the
  // environment), so each is redacted whole.
  const stderr = (line: string): void => {
    process.stderr.write(`${app.command}: ${redaction.data(line)}\n`);
  };
  guardProcess(stderr);
  try {
    const code = await run(app, options.argv ?? process.argv.slice(2), env, stderr, redaction);
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
  redaction: Redaction,
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
  const serving = listOnly ? undefined : await loadServing();
  if (serving !== undefined && !serving.ok) {
    // Not redacted: the line is the server's own words and a package name, which a secret such as
    // `sdk` would mangle. One line and no stack: nothing is broken, a package is missing.
    process.stderr.write(
      `${app.command}: cannot start: the MCP server needs ${serving.missing}, which is not installed; ` +
        `install it beside this package with \`npm install ${serving.missing}\`\n`,
    );
    return 1;
  }

  const config = readConfig(env, contract, { requireCredentials: !listOnly });
  if (!config.ok) return notStarted(config.errors, stderr);
  const { client: clientOptions, maxRisk, filter } = config.value;
  const selection = selectTools(app.tools, maxRisk, filter, contract);
  if (!selection.ok) return notStarted(selection.errors, stderr);
  for (const w of [...config.warnings, ...selection.warnings]) stderr(`warning: ${w}`);
  const { exposed, hidden } = selection.value;
  const listed = toolList(exposed, app.schemas);
  if (serving === undefined) {
    // --list-tools. Not redacted: the list is the spec's (names, descriptions, schemas), as the
    // environment selects it; nothing in it came from outside.
    process.stdout.write(`${JSON.stringify({ tools: listed }, null, 2)}\n`);
    return 0;
  }
  const { LineTransport, createToolServer } = serving;

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
    redact: redaction.data,
    log: stderr,
  });
  server.onerror = (error) => stderr(`protocol error: ${error.message}`);

  const transport = new LineTransport(process.stdin, process.stdout, {
    // Every message passes here on its way out; only an error reply's error is changed (see redact.ts).
    prepare: redaction.errorReply,
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

type Serving =
  | { ok: true; LineTransport: typeof import("./stdio.js").LineTransport; createToolServer: typeof import("./tool-server.js").createToolServer }
  | { ok: false; missing: typeof MCP_SDK };

/** The modules that need the MCP SDK; a missing SDK is reported, anything else that fails is a crash. */
async function loadServing(): Promise<Serving> {
  try {
    const [stdio, toolServer] = await Promise.all([import("./stdio.js"), import("./tool-server.js")]);
    return { ok: true, LineTransport: stdio.LineTransport, createToolServer: toolServer.createToolServer };
  } catch (error) {
    if (missingPackage(error) === MCP_SDK) return { ok: false, missing: MCP_SDK };
    throw error;
  }
}

/** The package an import could not find (Node's ERR_MODULE_NOT_FOUND for a package name), if that is what failed. */
function missingPackage(error: unknown): string | undefined {
  if (!(error instanceof Error) || (error as { code?: unknown }).code !== "ERR_MODULE_NOT_FOUND") return undefined;
  return /^Cannot find package '((?:@[^'/]+\/)?[^'/]+)[^']*'/.exec(error.message)?.[1];
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
