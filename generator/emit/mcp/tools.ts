/**
 * What the MCP emitter derives from each operation: the tool name, title, description and annotations.
 * Pure functions of the model, exported for the tests.
 */
import { createHash } from "node:crypto";
import type { HttpMethod, OperationModel, PaginationModel, Risk } from "../../model/types.ts";
import type { ToolAnnotations } from "../../mcp/types.ts";

/**
 * What a tool name may be. MCP itself (specification 2025-11-25, "Tool names") allows up to 128
 * characters and `.`, but the hosts that hand tools to a model are stricter (`^[a-zA-Z0-9_-]{1,64}$`),
 * so every name fits the stricter rule.
 */
export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
export const TOOL_NAME_MAX = 64;
/** Hex digits of the SHA-256 of the full operation name that end a shortened name. */
const HASH_DIGITS = 8;

/** The readable name: the full name with `.` (and anything else MCP does not allow) as `_`: `admins.get` → `admins_get`. */
export function readableToolName(fullName: string): string {
  return fullName.replace(/[^a-zA-Z0-9_-]/g, "_");
}

/**
 * The shortened name: the readable name cut to 55 characters, `_`, and 8 hex digits of the SHA-256 of
 * the full operation name, 64 characters in all. The same operation always gets the same name.
 */
export function hashedToolName(fullName: string): string {
  const hash = createHash("sha256").update(fullName, "utf8").digest("hex").slice(0, HASH_DIGITS);
  return `${readableToolName(fullName).slice(0, TOOL_NAME_MAX - HASH_DIGITS - 1)}_${hash}`;
}

/**
 * The tool name of every operation, by full name. The rule:
 * - the readable name (`admins.get` → `admins_get`, `helpCenters.list` → `helpCenters_list`) when it has
 *   at most 64 characters and no other operation's readable name is the same;
 * - else the hashed name (see `hashedToolName`), for every operation sharing the readable name too, so
 *   that no name depends on which operation the spec lists first.
 * Names are checked against TOOL_NAME_PATTERN and for uniqueness; a failure (a hash collision) throws.
 */
export function toolNames(ops: readonly OperationModel[]): Map<string, string> {
  const readable = new Map<string, number>();
  for (const op of ops) {
    const name = readableToolName(op.fullName);
    readable.set(name, (readable.get(name) ?? 0) + 1);
  }
  const names = new Map<string, string>();
  const owners = new Map<string, string>();
  for (const op of ops) {
    const plain = readableToolName(op.fullName);
    const name = plain.length <= TOOL_NAME_MAX && readable.get(plain) === 1 ? plain : hashedToolName(op.fullName);
    if (!TOOL_NAME_PATTERN.test(name)) {
      throw new Error(`mcp emitter: ${JSON.stringify(op.fullName)} gives the tool name ${JSON.stringify(name)}, which MCP hosts do not accept (${TOOL_NAME_PATTERN})`);
    }
    const other = owners.get(name);
    if (other !== undefined) throw new Error(`mcp emitter: ${other} and ${op.fullName} both give the tool name '${name}'`);
    owners.set(name, op.fullName);
    names.set(op.fullName, name);
  }
  return names;
}

/** GET, PUT and DELETE can be repeated without a further effect; POST and PATCH cannot (RFC 9110 §9.2.2). */
const IDEMPOTENT_METHODS: ReadonlySet<HttpMethod> = new Set<HttpMethod>(["GET", "PUT", "DELETE"]);

export type { ToolAnnotations } from "../../mcp/types.ts";

/**
 * Every hint set explicitly, from the operation's risk and HTTP method:
 *   read        → readOnlyHint true,  destructiveHint false
 *   write       → readOnlyHint false, destructiveHint false
 *   destructive → readOnlyHint false, destructiveHint true
 *   idempotentHint: GET/PUT/DELETE true, POST/PATCH false
 *   openWorldHint: true (every tool talks to the live API)
 */
export function toolAnnotations(op: OperationModel): ToolAnnotations {
  return {
    title: plainText(op.summary),
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

/**
 * Spec prose as plain text for an agent or a terminal: control characters (escape sequences included)
 * and line breaks folded into spaces. The emitter writes the result through `tsString`.
 */
export function plainText(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

function sentence(text: string): string {
  const t = plainText(text);
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

const code = (path: readonly string[]): string => `\`${plainText(path.join("."))}\``;

/** Where the items sit in a result: `` the items in `data` ``, or the result itself when the path is empty. */
function itemsText(p: PaginationModel): string {
  return p.items.length === 0 ? "the items" : `the items in ${code(p.items)}`;
}

/** How an agent gets the next page, in the operation's own terms (input and output paths from the spec). */
export function paginationText(p: PaginationModel): string {
  switch (p.style) {
    case "page":
      return (
        `Paged by page number: pass ${code(p.page)} (1 for the first page) to get another page; ` +
        (p.totalPages ? `the result's ${code(p.totalPages)} says how many pages there are.` : `a page without ${itemsText(p)} is past the last one.`)
      );
    case "offset":
      return (
        `Paged by offset: pass ${code(p.offset)} (how many items to skip) and ${code(p.limit)} (how many to return); ` +
        `the next page starts at the offset plus the number of ${itemsText(p)}` +
        (p.total ? `, and the result's ${code(p.total)} says how many there are in all.` : `; a page shorter than the limit is the last one.`)
      );
    case "cursor":
      return `Paged by cursor: pass the result's ${code(p.next)} as ${code(p.cursor)} to get the next page; when it is absent or empty, this was the last page.`;
    case "lastId":
      return `Paged by the last item: while the result's ${code(p.hasMore)} is true, pass the ${code([p.id])} of the last of ${itemsText(p)} as ${code(p.cursor)} to get the next page.`;
    case "link":
      return "The API pages this list with Link headers, which a tool result does not carry: this tool returns the first page only. Narrow the request (filters, page size) to reach what you need.";
    case "scroll":
      return `Scrolled: pass the result's ${code(p.next)} as ${code(p.cursor)} to get the next batch; a batch without ${itemsText(p)} ends the scroll.`;
  }
}

/**
 * Deprecation, summary, description, pagination hint, what an answer without a body returns, then
 * risk, HTTP route and the operation's qualified name.
 */
export function toolDescription(op: OperationModel): string {
  const paragraphs: string[] = [];
  if (op.deprecated) paragraphs.push("Deprecated: the API marks this operation as deprecated; prefer another way where there is one.");
  paragraphs.push(sentence(op.summary));
  if (op.description) paragraphs.push(sentence(op.description));
  if (op.pagination) paragraphs.push(paginationText(op.pagination));
  if (!op.output) paragraphs.push(`The API answers without a body; the result is the text \`done (status ${op.status})\` with the status it sent.`);
  paragraphs.push(`Risk: ${RISK_TEXT[op.risk]}. HTTP: ${op.method} ${plainText(op.path)}. Operation: ${plainText(op.qualifiedName)}.`);
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
  /** The documented success status (the result text of an operation without output quotes the real one). */
  status: number;
  deprecated: boolean;
  annotations: ToolAnnotations;
}

/** The catalog entry of one operation; `name` from `toolNames`. */
export function toolEntry(op: OperationModel, name: string): ToolEntry {
  return {
    name,
    operation: op.fullName,
    resource: op.resource,
    title: plainText(op.summary),
    description: toolDescription(op),
    risk: op.risk,
    method: op.method,
    path: op.path,
    status: op.status,
    deprecated: op.deprecated,
    annotations: toolAnnotations(op),
  };
}
