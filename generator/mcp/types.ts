/**
 * Shapes shared by the hand-written MCP server (this folder, copied into generated/mcp/) and the code
 * the MCP emitter generates around it (generated/mcp/tools.ts and server.ts).
 *
 * Nothing here imports the generated client: the generated entry point hands the client factory, its
 * operation registry, the tool catalog and the environment contract to `runStdioServer` (main.ts), so
 * these files type-check where they are written (generator/mcp/) as well as where they run
 * (generated/mcp/). Nothing here names an API either: everything API-specific arrives as data.
 */

export type Risk = "read" | "write" | "destructive";

/** From the least to the most dangerous; a server set to one level exposes it and every level before it. */
export const RISKS: readonly Risk[] = ["read", "write", "destructive"];

/** MCP tool annotations, every hint set explicitly (see generator/emit/mcp/tools.ts for how they follow from the spec). */
export interface ToolAnnotations {
  title: string;
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** One entry of the generated tool catalog: everything about a tool except its JSON Schemas. */
export interface ToolDef<Op extends string = string> {
  /** MCP tool name: `admins_get`; shortened with a hash when the full name is too long (see the emitter). */
  name: string;
  /** Full operation name, as `client.call` takes it (`admins.get`). */
  operation: Op;
  /** Resource name as in full names (`helpCenters`). */
  resource: string;
  title: string;
  description: string;
  risk: Risk;
  method: string;
  path: string;
  /** The documented success status. */
  status: number;
  deprecated: boolean;
  annotations: ToolAnnotations;
}

/**
 * The schemas the client validates an operation's input and output with. The client's registry types
 * them structurally (only `safeParse`, which keeps type-checking cheap); they are Zod schemas at run
 * time, which `toolList` checks before converting them to JSON Schema.
 */
export interface OperationSchemas {
  readonly input: unknown;
  /** Absent when a success carries no body: the call resolves to undefined. */
  readonly output?: unknown;
}

/** Runs one operation through the generated client. Rejects with the client's typed errors. */
export type CallOperation<Op extends string = string> = (
  operation: Op,
  input: unknown,
  options: { signal: AbortSignal },
) => Promise<unknown>;

/** What the server learns about each HTTP attempt (the client's `onResponse` hook event, in part). */
export interface ResponseInfo {
  status?: number | undefined;
}

/**
 * The client options the server passes: the API's own (credentials, server, headers, by option name)
 * and the common ones (`baseUrl`, `maxRisk`, `maxRetries`, `timeoutMs`, `retryDelay`, `hooks`).
 */
export type ClientOptionValues = { readonly [option: string]: unknown } & {
  hooks?: { onResponse?: (event: ResponseInfo) => void };
};

/** Creates a client of the API; throws (the client's ConfigurationError) for options it rejects. */
export type CreateClient<Op extends string = string> = (options: ClientOptionValues) => CallOperation<Op>;

/** One environment variable that sets a client option of the API. */
export interface EnvSetting {
  /** `PETSTORE_TOKEN` */
  name: string;
  /** The client option it sets: `token`, `region`, `version`. */
  option: string;
  kind: "credential" | "server" | "header";
  /** What to set it to, as a noun phrase: "the bearer token for the Petstore API (…)". */
  what: string;
  /** The spec's own words about it. */
  description?: string;
  required: boolean;
  /** A credential: its value is never shown, and is scrubbed from everything the server writes. */
  secret: boolean;
  /** The values it accepts; anything else stops the server. */
  values?: readonly string[];
  /** What applies when it is unset. */
  default?: string;
  /** Unset means the empty string; the value is taken as given, whitespace included. */
  emptyWhenUnset?: boolean;
}

/** The server's own settings, by what they set. */
export type GeneralSetting = "baseUrl" | "maxRisk" | "tools" | "maxRetries" | "retryBaseMs" | "timeoutMs";

/** Every environment variable the server reads, generated from the spec (generator/emit/mcp/env.ts). */
export interface EnvContract {
  /** The API's title: `Petstore API`. */
  api: string;
  /** Prefix of every variable: `PETSTORE`. */
  prefix: string;
  /** How the API authenticates: which credentials are secrets, and how they combine. */
  auth: "none" | "bearer" | "basic" | "apiKey";
  /** Credentials, the server choice and the headers. */
  settings: readonly EnvSetting[];
  /** Variable names of the server's own settings. */
  general: Readonly<Record<GeneralSetting, string>>;
}

export function isRisk(value: string): value is Risk {
  return (RISKS as readonly string[]).includes(value);
}

export function riskRank(risk: Risk): number {
  return RISKS.indexOf(risk);
}
