/**
 * What the MCP emitter derives from each operation: the tool name, title, description and annotations.
 * Pure functions of the model, exported for the tests.
 */
import type { HttpMethod, OperationModel, Risk } from "../../model/types.ts";

/** What MCP allows in a tool name (specification 2025-11-25, "Tool names"). */
export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * The tool name rule: the operation's full name with `.` replaced by `_`, case kept:
 * `admins.get` → `admins_get`, `helpCenters.list` → `helpCenters_list`,
 * `admins.listActivityLogs` → `admins_listActivityLogs`.
 * Resource and operation names are camelCase identifiers (the spec checker enforces it), so the result
 * always fits TOOL_NAME_PATTERN below 64 characters and maps back to exactly one operation.
 */
export function toolName(op: OperationModel): string {
  const name = op.fullName.replaceAll(".", "_");
  if (!TOOL_NAME_PATTERN.test(name)) {
    throw new Error(`mcp emitter: ${op.fullName} gives the tool name '${name}', which MCP does not allow (${TOOL_NAME_PATTERN})`);
  }
  return name;
}

/** GET, PUT and DELETE can be repeated without a further effect; POST and PATCH cannot (RFC 9110 §9.2.2). */
const IDEMPOTENT_METHODS: ReadonlySet<HttpMethod> = new Set<HttpMethod>(["GET", "PUT", "DELETE"]);

export interface ToolAnnotations {
  title: string;
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/**
 * Every hint set explicitly, from the operation's risk and HTTP method:
 *   read        → readOnlyHint true,  destructiveHint false
 *   write       → readOnlyHint false, destructiveHint false
 *   destructive → readOnlyHint false, destructiveHint true
 *   idempotentHint: GET/PUT/DELETE true, POST/PATCH false
 *   openWorldHint: true (every tool talks to the live Intercom workspace)
 */
export function toolAnnotations(op: OperationModel): ToolAnnotations {
  return {
    title: op.summary,
    readOnlyHint: op.risk === "read",
    destructiveHint: op.risk === "destructive",
    idempotentHint: IDEMPOTENT_METHODS.has(op.method),
    openWorldHint: true,
  };
}

const RISK_TEXT: Record<Risk, string> = {
  read: "read (only reads data)",
  write: "write (creates or changes data, deletes nothing)",
  destructive: "destructive (deletes data)",
};

function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

function paginationText(op: OperationModel): string | undefined {
  const p = op.pagination;
  if (!p) return undefined;
  switch (p.style) {
    case "page":
      return "Paginated: pass `page` (from 1) for further pages; the result's `pages` tells how many there are.";
    case "cursor":
      return `Paginated: pass the result's \`pages.next.starting_after\` as \`${p.cursor.join(".")}\` to get the next page.`;
    case "scroll":
      return `Scrolled: pass the result's \`scroll_param\` as \`${p.cursor.join(".")}\` to get the next batch.`;
  }
}

/** Summary, description, pagination hint, then risk, HTTP route and the operation's qualified name. */
export function toolDescription(op: OperationModel): string {
  const paragraphs = [sentence(op.summary)];
  if (op.description) paragraphs.push(sentence(op.description));
  const pagination = paginationText(op);
  if (pagination) paragraphs.push(pagination);
  paragraphs.push(`Risk: ${RISK_TEXT[op.risk]}. HTTP: ${op.method} ${op.path}. Operation: ${op.qualifiedName}.`);
  return paragraphs.join("\n\n");
}

export interface ToolEntry {
  name: string;
  operation: string;
  resource: string;
  title: string;
  description: string;
  risk: Risk;
  method: HttpMethod;
  path: string;
  annotations: ToolAnnotations;
}

export function toolEntry(op: OperationModel): ToolEntry {
  return {
    name: toolName(op),
    operation: op.fullName,
    resource: op.resource,
    title: op.summary,
    description: toolDescription(op),
    risk: op.risk,
    method: op.method,
    path: op.path,
    annotations: toolAnnotations(op),
  };
}
