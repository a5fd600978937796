/**
 * Reading one line of the stdio stream as JSON-RPC 2.0, before the SDK sees it, so that every broken
 * message gets the error reply JSON-RPC prescribes instead of silence or an internal error:
 *
 *   not JSON                                   -32700 Parse error, id null
 *   JSON but not a JSON-RPC message            -32600 Invalid Request, id null unless a valid id is readable
 *   (a batch, a non-object, a wrong `jsonrpc`, a bad `id`/`method`/`params`)
 *   a request whose params do not fit          -32602 Invalid params, naming each field, with the request's id
 *   its method (initialize, ping, tools/list, tools/call: `arguments` not an object, `name` missing, …)
 *
 * Messages are never quoted back: error messages name fields and what was expected, nothing else.
 * Malformed responses (a `result` or `error` without a request of ours) are dropped, never answered.
 */
import {
  CallToolRequestSchema,
  ErrorCode,
  InitializeRequestSchema,
  JSONRPCMessageSchema,
  ListToolsRequestSchema,
  PingRequestSchema,
  type JSONRPCMessage,
} from "@modelcontextprotocol/sdk/types.js";

export type RequestId = string | number;

export interface ErrorReply {
  jsonrpc: "2.0";
  id: RequestId | null;
  error: { code: number; message: string; data?: { fields: string[] } };
}

export type Incoming =
  | { kind: "message"; message: JSONRPCMessage }
  /** Answer with `reply`; `note` is for the log (it never quotes the message). */
  | { kind: "reply"; reply: ErrorReply; note: string }
  | { kind: "ignore"; note?: string };

/** The requests this server handles, with the SDK's schema for each: their params are checked here. */
const REQUEST_SCHEMAS: Readonly<Record<string, { safeParse(value: unknown): { success: boolean; error?: { issues: readonly Issue[] } } }>> = {
  initialize: InitializeRequestSchema,
  ping: PingRequestSchema,
  "tools/list": ListToolsRequestSchema,
  "tools/call": CallToolRequestSchema,
};

interface Issue {
  path: readonly PropertyKey[];
  message: string;
}

export function errorReply(id: RequestId | null, code: number, message: string, fields?: string[]): ErrorReply {
  return { jsonrpc: "2.0", id, error: { code, message, ...(fields && fields.length > 0 ? { data: { fields } } : {}) } };
}

export const isRequestId = (id: unknown): id is RequestId =>
  typeof id === "string" || (typeof id === "number" && Number.isSafeInteger(id));

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Where an issue is: `params.arguments`, `params.items[2]`; long keys shortened. */
function fieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else {
      const name = String(key);
      const shown = /^[A-Za-z_$][\w$-]{0,63}$/.test(name) ? name : JSON.stringify(name.length > 64 ? `${name.slice(0, 64)}…` : name);
      out += out === "" ? shown : `.${shown}`;
    }
  }
  return out === "" ? "(the message)" : out;
}

/** Zod's message without its `Invalid input: ` preamble, and `record` said the JSON way. */
function issueText(issue: Issue): string {
  const text = issue.message.replace(/^Invalid input: /, "").replace(/\brecord\b/g, "object");
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

const MAX_ISSUES = 5;

function invalidParams(id: RequestId, method: string, issues: readonly Issue[]): Incoming {
  const shown = issues.slice(0, MAX_ISSUES);
  const fields = [...new Set(shown.map((i) => fieldPath(i.path)))];
  const more = issues.length > shown.length ? `; and ${issues.length - shown.length} more` : "";
  const message = `Invalid params for ${method}: ${shown.map((i) => `${fieldPath(i.path)}: ${issueText(i)}`).join("; ")}${more}`;
  return { kind: "reply", reply: errorReply(id, ErrorCode.InvalidParams, message, fields), note: `invalid params for ${method} (${fields.join(", ")})` };
}

function invalidRequest(id: RequestId | null, why: string): Incoming {
  return { kind: "reply", reply: errorReply(id, ErrorCode.InvalidRequest, `Invalid Request: ${why}`), note: `invalid request: ${why}` };
}

/** One line of input (without its newline) → what to do with it. */
export function readLine(line: string): Incoming {
  if (line.trim() === "") return { kind: "ignore" };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: "reply", reply: errorReply(null, ErrorCode.ParseError, "Parse error: the line is not valid JSON"), note: `parse error on a line of ${line.length} characters` };
  }
  if (Array.isArray(value)) return invalidRequest(null, "batches are not supported; send one message per line");
  if (!isObject(value)) return invalidRequest(null, "a message must be a JSON object");
  const hasId = Object.hasOwn(value, "id");
  const id = hasId && isRequestId(value.id) ? value.id : null;
  const isResponse = !Object.hasOwn(value, "method") && (Object.hasOwn(value, "result") || Object.hasOwn(value, "error"));
  const parsed = JSONRPCMessageSchema.safeParse(value);
  if (!parsed.success) {
    // A broken answer to one of our requests: answering it could start a loop between the peers.
    if (isResponse) return { kind: "ignore", note: "dropped a malformed response" };
    if (value.jsonrpc !== "2.0") return invalidRequest(id, '"jsonrpc" must be "2.0"');
    if (hasId && id === null) return invalidRequest(null, '"id" must be a string or an integer');
    if (!Object.hasOwn(value, "method")) return invalidRequest(id, 'a request needs a "method"');
    if (typeof value.method !== "string") return invalidRequest(id, '"method" must be a string');
    if (Object.hasOwn(value, "params") && !isObject(value.params)) return invalidRequest(id, '"params" must be an object');
    return invalidRequest(id, `not a JSON-RPC 2.0 message (${fieldPath(parsed.error.issues[0]?.path ?? [])})`);
  }
  const message = parsed.data;
  if ("method" in message && "id" in message) {
    const schema = Object.hasOwn(REQUEST_SCHEMAS, message.method) ? REQUEST_SCHEMAS[message.method] : undefined;
    const check = schema?.safeParse(value);
    if (check && !check.success) return invalidParams(message.id, message.method, check.error?.issues ?? []);
  }
  return { kind: "message", message };
}

/**
 * The id of an oversized request, read from the only parts of the line the server keeps: its first
 * and its last bytes. A request is recognised by a top-level `"method"` among the leading members and
 * an `"id"` among the leading members or as the very last one (the SDK writes `{"method":…,"params":…,
 * "jsonrpc":"2.0","id":5}`). Anything less certain gives null: a wrong id would answer someone else.
 */
export function oversizedRequestId(head: string, tail: string): RequestId | null {
  const leading = leadingMembers(head);
  if (typeof leading.get("method") !== "string") return null;
  const fromHead = leading.get("id");
  if (isRequestId(fromHead)) return fromHead;
  const last = /[,{]\s*"id"\s*:\s*("(?:[^"\\\u0000-\u001f]|\\.){0,256}"|-?\d{1,16})\s*\}\s*$/.exec(tail);
  if (!last) return null;
  const id = parseToken(last[1]!);
  return isRequestId(id) ? id : null;
}

/** A JSON string or number token; undefined for one JSON does not accept (`"\\x"`). */
function parseToken(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The members at the start of a JSON object whose values are strings or numbers, up to the first other one. */
function leadingMembers(head: string): Map<string, unknown> {
  const members = new Map<string, unknown>();
  const token = /\s*("(?:[^"\\\u0000-\u001f]|\\.){0,256}")\s*:\s*("(?:[^"\\\u0000-\u001f]|\\.){0,256}"|-?\d{1,16}(?![\d.eE]))\s*([,}])/y;
  const start = /^\s*\{/.exec(head);
  if (!start) return members;
  token.lastIndex = start[0].length;
  for (let m = token.exec(head); m; m = token.exec(head)) {
    const key = parseToken(m[1]!);
    const value = parseToken(m[2]!);
    if (typeof key !== "string" || value === undefined || members.has(key)) return new Map();
    members.set(key, value);
    if (m[3] === "}") break;
  }
  return members;
}
