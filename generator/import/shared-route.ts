/**
 * Routes several spec operations share. opspec's own OpenAPI emitter (generator/emit/openapi/document.ts)
 * writes spec operations with the same method and path as ONE OpenAPI operation:
 *   - `x-opspec-name` lists their full names (a single operation has the name as a string);
 *   - the request body is an `anyOf` with one branch per operation, titled with its full name;
 *   - `x-opspec-operations` gives each one's operationId, summary, risk and deprecation;
 *   - the description is a Markdown list, one line per operation, ending in its escaped description;
 *   - request and response examples are keyed by each operation's operationId.
 * Parameters and success responses are written for the route as a whole: which operation takes which
 * query parameter, or answers with which of several outputs, is not recorded.
 *
 * Here: reading `x-opspec-name`, telling whether a route can be split back into its operations, and
 * what each one's own parts are. Everything read is data from the document, compared as text.
 */
import { mdText } from "../escape/index.ts";
import { identifier, words } from "./names.ts";
import { isObject, type JsonObject, type Located, type Segments, type SourceDocument } from "./source.ts";

/** A spec operation's full name: `resource.operation`, both camelCase. */
const FULL_NAME = /^[a-z][A-Za-z0-9]*\.[a-z][A-Za-z0-9]*$/;
const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json(?:\s*;.*)?$/i;

export type OpspecNames =
  /** One full name (a string, or a list of one). */
  | { kind: "one"; name: string }
  /** The full names of the spec operations that share this route, in the document's order. */
  | { kind: "shared"; names: string[] }
  /** Present, but neither a full name nor a list of distinct ones: the operation is named as any other. */
  | { kind: "invalid" };

/** Reads `x-opspec-name`; undefined when the operation has none. */
export function readOpspecNames(value: unknown): OpspecNames | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string") return FULL_NAME.test(value) ? { kind: "one", name: value } : { kind: "invalid" };
  if (!Array.isArray(value) || value.length === 0) return { kind: "invalid" };
  const names = value.filter((n): n is string => typeof n === "string" && FULL_NAME.test(n));
  if (names.length !== value.length || new Set(names).size !== names.length) return { kind: "invalid" };
  return names.length === 1 ? { kind: "one", name: names[0]! } : { kind: "shared", names };
}

/** One spec operation of a shared route, with what the document records for it alone. */
export interface SharedRouteMember {
  /** Its full name (`conversations.close`). */
  fullName: string;
  /** Every full name the route holds, in the document's order. */
  names: readonly string[];
  /** Its branch of the request body's anyOf. */
  body: Located;
  /** The request body's media type, whose examples are keyed by operationId. */
  media: string;
  /** Its operationId (`conversationsClose`), from `x-opspec-operations`. */
  operationId?: string;
  /** Its summary, risk and deprecation, as `x-opspec-operations` gives them. */
  summary?: string;
  risk?: unknown;
  deprecated?: boolean;
  /** Its description, read back from the route's Markdown list; undefined when it has none, `null` when its line could not be read. */
  description: string | undefined | null;
}

/**
 * Splits a shared route into its operations: possible when the request body is an anyOf (or oneOf)
 * with exactly one branch per name, each titled with that name. Otherwise the reason it is not.
 */
export function splitSharedRoute(src: SourceDocument, node: JsonObject, at: Segments, names: readonly string[]): SharedRouteMember[] | { reason: string } {
  const rb = node.requestBody !== undefined ? src.deref({ value: node.requestBody, at: [...at, "requestBody"] }) : undefined;
  if (!rb || !isObject(rb.value) || !isObject(rb.value.content)) return { reason: "it has no request body" };
  const media = Object.keys(rb.value.content).find((m) => JSON_MEDIA.test(m));
  const mt = media !== undefined ? rb.value.content[media] : undefined;
  if (media === undefined || !isObject(mt) || mt.schema === undefined) return { reason: "it has no JSON request body" };
  const schema = src.deref({ value: mt.schema, at: [...rb.at, "content", media, "schema"] });
  const key = schema && isObject(schema.value) ? (Array.isArray(schema.value.anyOf) ? "anyOf" : Array.isArray(schema.value.oneOf) ? "oneOf" : undefined) : undefined;
  if (!schema || key === undefined) return { reason: "its request body is not a choice (anyOf) of one body per operation" };
  const branches = (schema.value as JsonObject)[key] as unknown[];
  const byTitle = new Map<string, Located>();
  branches.forEach((raw, i) => {
    const located: Located = { value: raw as Located["value"], at: [...schema.at, key, i] };
    // A `$ref` branch may carry its title beside the reference (3.1) or in the schema it points at.
    const title = isObject(raw) && typeof raw.title === "string" ? raw.title : titleOf(src.deref(located)?.value);
    if (title !== undefined && !byTitle.has(title)) byTitle.set(title, located);
  });
  const untitled = names.filter((n) => !byTitle.has(n));
  if (branches.length !== names.length || untitled.length > 0)
    return { reason: `its request body's ${key} has ${branches.length} branch${branches.length === 1 ? "" : "es"}, not one titled with each name${untitled.length > 0 ? ` (none for ${untitled.join(", ")})` : ""}` };

  const entries = Array.isArray(node["x-opspec-operations"]) ? node["x-opspec-operations"].filter(isObject) : [];
  // Without x-opspec-operations the joined summary is the only per-operation text left.
  const summaries = typeof node.summary === "string" ? node.summary.split(" / ") : [];
  return names.map((fullName, i) => {
    const entry = entries.find((e) => e.name === fullName);
    const operationId = typeof entry?.operationId === "string" ? entry.operationId : undefined;
    const summary = typeof entry?.summary === "string" && entry.summary.trim() !== "" ? entry.summary : summaries.length === names.length && summaries[i]!.trim() !== "" ? summaries[i] : undefined;
    const member: SharedRouteMember = {
      fullName,
      names,
      body: byTitle.get(fullName)!,
      media,
      description: null,
      ...(operationId !== undefined ? { operationId } : {}),
      ...(summary !== undefined ? { summary } : {}),
      ...(entry && entry.risk !== undefined ? { risk: entry.risk } : {}),
      ...(entry ? { deprecated: entry.deprecated === true } : {}),
    };
    member.description = memberDescription(node.description, member);
    return member;
  });
}

function titleOf(value: unknown): string | undefined {
  return isObject(value) && typeof value.title === "string" ? value.title : undefined;
}

/**
 * One name for the spec operations of a route the document does not let us split: the resource the
 * names share (the first name's when they do not), and their operation names joined with `Or`, as
 * the emitter joins their operationIds (`assign`, `close`, `reopen` → `assignOrCloseOrReopen`). Names
 * from another resource keep its word (`ticketsClose`).
 */
export function joinedName(names: readonly string[]): { resource: string; name: string } {
  const [resource] = names[0]!.split(".") as [string, string];
  const parts = names.map((n) => {
    const [r, op] = n.split(".") as [string, string];
    return r === resource ? words(op) : words(`${r} ${op}`);
  });
  const ws = parts.flatMap((p, i) => (i === 0 ? p : ["Or", ...p]));
  return { resource, name: identifier(ws, "operation") };
}

/**
 * An operation's description from the route's Markdown list, whose line the emitter writes as
 * `- **name** (`id`, risk[, deprecated]): summary.[ description]` with spec text escaped (mdText).
 * The escaping is undone, then checked by escaping again: text that does not come back the same is
 * not trusted (null). Line breaks were folded into spaces by the escaping and cannot come back.
 */
function memberDescription(routeDescription: unknown, member: SharedRouteMember): string | undefined | null {
  if (typeof routeDescription !== "string" || member.operationId === undefined || member.summary === undefined || typeof member.risk !== "string") return null;
  const head = `- **${mdText(member.fullName)}** (\`${member.operationId}\`, ${member.risk}${member.deprecated ? ", deprecated" : ""}): ${mdText(member.summary)}.`;
  const line = routeDescription.split("\n").find((l) => l === head || l.startsWith(`${head} `));
  if (line === undefined) return null;
  if (line === head) return undefined;
  const escaped = line.slice(head.length + 1);
  const text = unescapeMarkdown(escaped);
  return text !== undefined && text !== "" && mdText(text) === escaped ? text : null;
}

/** The inverse of mdText on one line: code spans back to `` `code` ``, prose escapes and entities back to characters. */
function unescapeMarkdown(markdown: string): string | undefined {
  const unbreak = (s: string) => s.replace(/\{\u200d\{/g, "{{").replace(/\}\u200d\}/g, "}}");
  const prose = (s: string) =>
    unbreak(s.replace(/\\([\\*_[\]#|!~^$])/g, "$1"))
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
  let out = "";
  let i = 0;
  while (i < markdown.length) {
    const tick = markdown.indexOf("`", i);
    if (tick < 0) {
      out += prose(markdown.slice(i));
      break;
    }
    out += prose(markdown.slice(i, tick));
    const fence = /^`+/.exec(markdown.slice(tick))![0];
    // The span ends at the next backtick run of exactly the fence's length.
    const close = new RegExp(`(?<!\`)${fence}(?!\`)`, "g");
    close.lastIndex = tick + fence.length;
    const end = close.exec(markdown);
    if (!end) return undefined;
    let code = markdown.slice(tick + fence.length, end.index);
    if (code.length >= 2 && code.startsWith(" ") && code.endsWith(" ")) code = code.slice(1, -1);
    out += `\`${unbreak(code)}\``;
    i = end.index + fence.length;
  }
  return out;
}
