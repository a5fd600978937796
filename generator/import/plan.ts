/**
 * The first pass: which operations there are, which resource each belongs to, and their names, before
 * anything is converted (type names must avoid the identifiers operations generate).
 */
import { pascalCase as modelPascalCase } from "../model/naming.ts";
import { CLIENT_MEMBERS, NameSet, OBJECT_RESERVED, identifier, kebabCase, plural, singular, stripResourceWord, words } from "./names.ts";
import { text } from "./schemas.ts";
import { joinedName, readOpspecNames, splitSharedRoute, type SharedRouteMember } from "./shared-route.ts";
import { isObject, type JsonObject, type Segments, type SourceDocument } from "./source.ts";

export const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
const SPEC_METHODS = new Set(["get", "put", "post", "delete", "patch"]);

export interface PlannedOperation {
  path: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  node: JsonObject;
  pathItem: JsonObject;
  at: Segments;
  resource: PlannedResource;
  name: string;
  /** Set when this is one of several spec operations the OpenAPI operation holds (x-opspec-name lists them). */
  member?: SharedRouteMember;
}

export interface PlannedResource {
  /** camelCase: `helpCenter`. */
  name: string;
  title: string;
  description?: string;
  file: string;
  operations: PlannedOperation[];
}

export function planOperations(src: SourceDocument): { resources: PlannedResource[]; operations: PlannedOperation[] } {
  const paths = isObject(src.doc.paths) ? src.doc.paths : {};
  const tagOrder = (Array.isArray(src.doc.tags) ? src.doc.tags : []).filter(isObject).filter((t) => typeof t.name === "string");
  const tagInfo = new Map(tagOrder.map((t) => [t.name as string, t]));
  // opspec's own documents name each resource's tag with `x-opspec-resource`.
  const resourceTag = (resource: string) => tagOrder.find((t) => t["x-opspec-resource"] === resource);
  const opspecResourceOf = (tag: string | undefined) => {
    const r = tag !== undefined ? tagInfo.get(tag)?.["x-opspec-resource"] : undefined;
    return typeof r === "string" && /^[a-z][A-Za-z0-9]*$/.test(r) ? r : undefined;
  };

  // Operations in document order, with the key of the resource they belong to.
  const found: { path: string; method: string; node: JsonObject; pathItem: JsonObject; at: Segments; key: string; title: string; fixedName?: string; member?: SharedRouteMember }[] = [];
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = src.deref({ value: rawItem, at: ["paths", path] });
    if (!item || !isObject(item.value)) continue;
    const pathItem = item.value;
    for (const key of Object.keys(pathItem)) {
      if (!(METHODS as readonly string[]).includes(key)) continue;
      const node = pathItem[key];
      const at: Segments = [...item.at, key];
      if (!isObject(node)) continue;
      if (!SPEC_METHODS.has(key)) {
        src.warn("unsupported-method", at, `${key.toUpperCase()} ${path}`);
        continue;
      }
      const tags = Array.isArray(node.tags) ? node.tags.filter((t): t is string => typeof t === "string" && t.trim() !== "") : [];
      const tag = tags[0];
      const opspecNames = readOpspecNames(node["x-opspec-name"]);
      if (opspecNames?.kind === "invalid") src.warn("opspec-name", [...at, "x-opspec-name"], `${JSON.stringify(node["x-opspec-name"]).slice(0, 200)}: the operation is named from its ${typeof node.operationId === "string" ? "operationId" : "method and path"}`);
      // The title of an opspec resource: its own tag, else the operation's only tag, else its name in words.
      const titleFor = (resource: string) => (resourceTag(resource)?.name as string | undefined) ?? (tags.length === 1 ? tag : undefined) ?? titleOf(resource);
      const base = { path, method: key, node, pathItem, at };
      if (opspecNames?.kind === "one") {
        const [resource, name] = opspecNames.name.split(".") as [string, string];
        found.push({ ...base, key: `opspec:${resource}`, title: titleFor(resource), fixedName: name });
      } else if (opspecNames?.kind === "shared") {
        const route = `${key.toUpperCase()} ${path}`;
        const members = splitSharedRoute(src, node, at, opspecNames.names);
        if (Array.isArray(members)) {
          src.warn("shared-route", at, `${route} holds ${opspecNames.names.join(", ")} (x-opspec-name): split into ${members.length} operations, each with its own request body branch`);
          for (const member of members) {
            const [resource, name] = member.fullName.split(".") as [string, string];
            found.push({ ...base, key: `opspec:${resource}`, title: titleFor(resource), fixedName: name, member });
          }
        } else {
          const joined = joinedName(opspecNames.names);
          src.warn(
            "shared-route",
            at,
            `${route} holds ${opspecNames.names.join(", ")} (x-opspec-name), but ${members.reason}: imported as the one operation ${joined.resource}.${joined.name}, with their inputs, summaries, risks and outputs merged`,
          );
          found.push({ ...base, key: `opspec:${joined.resource}`, title: titleFor(joined.resource), fixedName: joined.name });
        }
      } else if (tag !== undefined) {
        // A tag that names an opspec resource puts the operation in that resource, not in a second one of the same name.
        const resource = opspecResourceOf(tag);
        found.push({ ...base, key: resource !== undefined ? `opspec:${resource}` : `tag:${tag}`, title: tag });
      } else {
        // The first fixed segment that names something: not a parameter, a version (`v2`, `2.0`) or `api`.
        const segment = path.split("/").find((s) => s !== "" && !s.startsWith("{") && !/^(v?\d+([._]\d+)*|api|rest)$/i.test(s)) ?? "root";
        found.push({ ...base, key: `path:${segment}`, title: titleOf(segment) });
      }
    }
  }

  // Resources: in the order of the document's tags list, then by first appearance.
  const keys = [...new Set(found.map((f) => f.key))];
  const rank = (k: string) => {
    const i = tagOrder.findIndex((t) => `tag:${t.name}` === k || `opspec:${String(t["x-opspec-resource"])}` === k);
    return i >= 0 ? i : tagOrder.length + keys.indexOf(k);
  };
  keys.sort((a, b) => rank(a) - rank(b));
  const resourceNames = new NameSet([...CLIENT_MEMBERS, ...OBJECT_RESERVED]);
  const files = new NameSet(["api"]);
  const resources = new Map<string, PlannedResource>();
  for (const k of keys) {
    const first = found.find((f) => f.key === k)!;
    const base = k.startsWith("opspec:") ? k.slice("opspec:".length) : identifier(words(first.title), "resource");
    const name = resourceNames.take(base, `${base}Resource`);
    const tag = k.startsWith("tag:") ? tagInfo.get(k.slice(4)) : k.startsWith("opspec:") ? (resourceTag(base) ?? tagInfo.get(first.title)) : undefined;
    const description = tag ? text(tag.description) : undefined;
    resources.set(k, { name, title: first.title, ...(description ? { description } : {}), file: `${files.take(kebabCase(name) || "resource")}.yaml`, operations: [] });
  }

  // Operation names (the rule is in names.ts).
  const resourceWordsOf = (title: string) => words(title).map((w) => w.toLowerCase());
  // A resource's head noun (its last word) names it inside other operation ids: `listCompanyNotes`.
  const allWords = new Map<string, Set<string>>();
  for (const [k, r] of resources) {
    const head = resourceWordsOf(r.title).at(-1);
    allWords.set(k, head === undefined ? new Set() : new Set([head, singular(head), plural(head)]));
  }
  const namesPer = new Map<string, NameSet>();
  const operations: PlannedOperation[] = [];
  for (const f of found) {
    const resource = resources.get(f.key)!;
    const others = new Set<string>();
    for (const [k, ws] of allWords) if (k !== f.key) for (const w of ws) if (!resourceWordsOf(resource.title).includes(w)) others.add(w);
    const names = namesPer.get(f.key) ?? new NameSet(OBJECT_RESERVED);
    namesPer.set(f.key, names);
    let name: string;
    if (f.fixedName) name = names.take(f.fixedName);
    else {
      const opId = typeof f.node.operationId === "string" && words(f.node.operationId).length > 0 ? f.node.operationId : undefined;
      const opWords = opId ? words(opId) : [f.method, ...f.path.split("/").filter((s) => s !== "" && !s.startsWith("{")).flatMap(words)];
      const short = identifier(stripResourceWord(opWords, words(resource.title), others), "operation");
      const full = identifier(opWords, "operation");
      name = names.take(short, full);
    }
    const op: PlannedOperation = {
      path: f.path,
      method: f.method.toUpperCase() as PlannedOperation["method"],
      node: f.node,
      pathItem: f.pathItem,
      at: f.at,
      resource,
      name,
      ...(f.member ? { member: f.member } : {}),
    };
    resource.operations.push(op);
    operations.push(op);
  }
  return { resources: [...resources.values()], operations };
}

/** `help_center` → `Help Center`. */
function titleOf(segment: string): string {
  return words(segment)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(" ") || "Root";
}

/** The identifiers an operation generates (`ContactsListInput`, …), which type names must avoid. */
export function operationIdentifiers(resource: string, operation: string): string[] {
  const stem = `${modelPascalCase(resource)}${modelPascalCase(operation)}`;
  return [`${stem}Input`, `${stem}Output`, `${stem}InputSchema`, `${stem}OutputSchema`];
}

export function resourceIdentifiers(resource: string): string[] {
  return [`${modelPascalCase(resource)}Resource`];
}
