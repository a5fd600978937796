/**
 * Shapes shared by the hand-written MCP server (this folder, copied into generated/mcp/) and the code
 * the MCP emitter generates around it (generated/mcp/tools.ts and server.ts).
 *
 * Nothing here imports the generated client: the generated entry point hands the client, its
 * operation registry and the tool catalog to `runStdioServer` (main.ts), so these files type-check
 * where they are written (generator/mcp/) as well as where they run (generated/mcp/).
 */
import type { z } from "zod";

export type Risk = "read" | "write" | "destructive";

/** From the least to the most dangerous; a server set to one level exposes it and every level before it. */
export const RISKS: readonly Risk[] = ["read", "write", "destructive"];

/** MCP tool annotations, every hint set explicitly (see generator/emit/mcp.ts for how they follow from the spec). */
export interface ToolAnnotations {
  title: string;
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** One entry of the generated tool catalog: everything about a tool except its JSON Schemas. */
export interface ToolDef<Op extends string = string> {
  /** MCP tool name: the operation's full name with `.` replaced by `_` (`admins_get`). */
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
  annotations: ToolAnnotations;
}

/** The Zod schemas the client validates an operation's input and output with. */
export interface OperationSchemas {
  readonly input: z.ZodType;
  readonly output: z.ZodType;
}

/** Runs one operation through the generated client. Rejects with the client's typed errors. */
export type CallOperation<Op extends string = string> = (
  operation: Op,
  input: unknown,
  options: { signal: AbortSignal },
) => Promise<unknown>;

/** The client options the server derives from its environment. */
export interface ClientConfig<Region extends string = string> {
  token: string;
  baseUrl?: string;
  region?: Region;
  maxRisk: Risk;
  maxRetries?: number;
  timeoutMs?: number;
  retryDelay?: { baseMs: number };
}

export function isRisk(value: string): value is Risk {
  return (RISKS as readonly string[]).includes(value);
}

export function riskRank(risk: Risk): number {
  return RISKS.indexOf(risk);
}
