/**
 * Spec files as YAML laid out like hand-written ones, through the `yaml` package's Document API (every
 * string is quoted by the library as it needs; nothing is concatenated by hand):
 *   - short fields, `http`, pagination and header entries on one line as flow maps when they fit in
 *     120 columns (`id: { type: string, required: true, in: path }`), block maps otherwise;
 *   - long text as folded block scalars (`>-`), text with line breaks as literal ones (`|-`);
 *   - a blank line between operations, and before `operations:` and `types:`;
 *   - `# risk inferred from the method; review` beside every risk the importer guessed.
 */
import { Document, isMap, isScalar, isSeq, Scalar, type Node, type Pair } from "yaml";
import { FIELD_KEY_ORDER, type FieldDraft, type NamedTypeDraft, type ResourceDraft, type SpecDraft, type TypeDraft } from "./drafts.ts";

const WIDTH = 120;
export const RISK_REVIEW = "risk inferred from the method; review";

export interface WriteOptions {
  /** Written as `# yaml-language-server: $schema=<schema>` on each file's first line. */
  schema?: string;
  /** Comment lines under it (the importer's note). */
  header?: string[];
}

export function apiYaml(draft: SpecDraft, options: WriteOptions): string {
  const value: Record<string, unknown> = { ...draft.api };
  if (draft.apiTypes.length > 0) value.types = typesValue(draft.apiTypes, draft.types);
  else delete value.types;
  return render(value, options, new Set());
}

export function resourceYaml(resource: ResourceDraft, types: ReadonlyMap<string, NamedTypeDraft>, options: WriteOptions): string {
  const value: Record<string, unknown> = { resource: resource.resource, title: resource.title };
  if (resource.description) value.description = resource.description;
  value.operations = resource.operations.map(({ op }) => {
    const out: Record<string, unknown> = { ...op };
    if (op.input) out.input = mapValues(op.input as Record<string, FieldDraft>, (f) => orderedField(f, false));
    if (op.output && typeof op.output === "object") out.output = mapValues(op.output as Record<string, FieldDraft>, (f) => orderedField(f, true));
    return out;
  });
  if (resource.types.length > 0) value.types = typesValue(resource.types, types);
  const inferred = new Set(resource.operations.flatMap((o, i) => (o.riskInferred ? [i] : [])));
  return render(value, options, inferred);
}

function typesValue(names: string[], types: ReadonlyMap<string, NamedTypeDraft>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const n of names) {
    const d: TypeDraft | undefined = types.get(n)?.draft;
    if (!d) continue;
    out[n] = "fields" in d ? { ...d, fields: mapValues(d.fields, (f) => orderedField(f, true)) } : { ...d };
  }
  return out;
}

function mapValues<T, U>(record: Record<string, T>, fn: (v: T) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (const [k, v] of Object.entries(record)) out[k] = fn(v);
  return out;
}

/** A field in the usual key order; `name: string` when the type is all there is to say. */
function orderedField(f: FieldDraft | string, shortForm: boolean): FieldDraft | string {
  if (typeof f === "string") return f;
  const keys = Object.keys(f).filter((k) => f[k as keyof FieldDraft] !== undefined);
  if (shortForm && keys.length === 1 && keys[0] === "type") return f.type!;
  const out: Record<string, unknown> = {};
  for (const k of FIELD_KEY_ORDER) if (f[k] !== undefined) out[k] = f[k];
  return out as FieldDraft;
}

type Style = "flow" | "auto" | "block";

/** Layout by place; `*` is one key or index. Anything else is block style. */
const RULES: [string[], Style][] = [
  [["operations", "*", "http"], "flow"],
  [["operations", "*", "input", "*"], "auto"],
  [["operations", "*", "output", "*"], "auto"],
  [["operations", "*", "pagination"], "auto"],
  [["operations", "*", "constants"], "auto"],
  [["types", "*", "fields", "*"], "auto"],
  [["types", "*", "enum"], "auto"],
  [["types", "*", "oneOf"], "auto"],
  [["headers", "*"], "auto"],
  [["resources"], "auto"],
  [["errors"], "auto"],
  [["rateLimit"], "auto"],
  [["auth"], "auto"],
  [["contact"], "auto"],
  [["license"], "auto"],
  [["pagination", "*"], "auto"],
];
/** Keys whose values are laid out as flow wherever they fit, at any depth. */
const FLOW_ANYWHERE = new Set(["enum", "example", "default"]);

function styleFor(path: (string | number)[]): Style {
  for (const [pattern, style] of RULES)
    if (pattern.length === path.length && pattern.every((p, i) => p === "*" || p === path[i])) return style;
  const last = path[path.length - 1];
  return typeof last === "string" && FLOW_ANYWHERE.has(last) ? "auto" : "block";
}

function render(value: Record<string, unknown>, options: WriteOptions, inferredRisk: ReadonlySet<number>): string {
  const doc = new Document(value);
  const comments: string[] = [];
  if (options.schema !== undefined) comments.push(` yaml-language-server: $schema=${oneLine(options.schema)}`);
  for (const line of options.header ?? []) comments.push(line === "" ? "" : ` ${oneLine(line)}`);
  if (comments.length > 0) doc.commentBefore = comments.join("\n");
  layout(doc.contents as Node, [], 0);
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if ((key === "operations" || key === "types") && isScalar(pair.key)) pair.key.spaceBefore = true;
      if (key === "operations" && isSeq(pair.value))
        pair.value.items.forEach((item, i) => {
          if (i > 0) (item as Node).spaceBefore = true;
          if (inferredRisk.has(i) && isMap(item)) {
            const risk = item.items.find((p) => isScalar(p.key) && p.key.value === "risk");
            if (risk && isScalar(risk.value)) risk.value.comment = ` ${RISK_REVIEW}`;
          }
        });
    }
  }
  return doc.toString({ lineWidth: WIDTH, minContentWidth: 30 });
}

/** Comments are one line each: control characters become spaces. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, " ");
}

function layout(node: Node | null | undefined, path: (string | number)[], indent: number): void {
  if (!node) return;
  if (isMap(node) || isSeq(node)) {
    const style = path.length === 0 ? "block" : styleFor(path);
    if (style === "flow" || (style === "auto" && fitsOnOneLine(node, path, indent))) {
      node.flow = true;
      return;
    }
    if (isMap(node))
      for (const pair of node.items as Pair<Node, Node>[]) {
        const key = isScalar(pair.key) ? String(pair.key.value) : "";
        layoutValue(pair.value, [...path, key], indent + (path.length === 0 ? 0 : 2), key.length);
      }
    else node.items.forEach((item, i) => layoutValue(item as Node, [...path, i], indent + 2, 0));
    return;
  }
}

function layoutValue(node: Node | null | undefined, path: (string | number)[], indent: number, keyLength: number): void {
  if (!node) return;
  if (isScalar(node)) {
    if (typeof node.value !== "string") return;
    const text = node.value;
    if (/\n/.test(text.trim())) node.type = Scalar.BLOCK_LITERAL;
    else if (indent + keyLength + 2 + text.length > WIDTH) node.type = Scalar.BLOCK_FOLDED;
    return;
  }
  layout(node, path, indent);
}

/** Whether a collection fits on its key's line as a flow collection (no line breaks in its text). */
function fitsOnOneLine(node: Node, path: (string | number)[], indent: number): boolean {
  const json = node.toJSON() as unknown;
  if (containsLineBreak(json)) return false;
  const last = path[path.length - 1];
  const keyLength = typeof last === "string" ? last.length + 2 : 2;
  // Cheap bound first: flow YAML is never shorter than the JSON text without its quotes.
  const plain = JSON.stringify(json);
  if (indent + keyLength + plain.length - (plain.match(/"/g)?.length ?? 0) > WIDTH) return false;
  const probe = new Document(json);
  if (isMap(probe.contents) || isSeq(probe.contents)) probe.contents.flow = true;
  const text = probe.toString({ lineWidth: 0 }).trimEnd();
  if (text.includes("\n")) return false;
  return indent + keyLength + text.length <= WIDTH;
}

function containsLineBreak(value: unknown): boolean {
  if (typeof value === "string") return /[\n\r]/.test(value);
  if (Array.isArray(value)) return value.some(containsLineBreak);
  if (value && typeof value === "object") return Object.values(value).some(containsLineBreak);
  return false;
}
