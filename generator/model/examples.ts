/**
 * Examples: the ONE place that decides what value an example shows for a field, so that the client's
 * JSDoc, the Markdown reference (TypeScript and curl) and the OpenAPI document show the same value for
 * the same input.
 *
 * A field's value is, in order: the spec's `example`, its `default`, else a placeholder derived from
 * its type (deterministic; see `placeholderFor`). An operation's example call (`operationExample`)
 * shows its required inputs and the optional ones the spec gives an example for; the wire request
 * adds what the client adds itself (defaults, constants) under wire names.
 */
import { tsKey, tsLiteral } from "../escape/index.ts";
import { splitNullable } from "./type-ref.ts";
import type {
  ApiModel,
  Constraints,
  FieldModel,
  Format,
  NamedTypeModel,
  OperationModel,
  PaginationModel,
  TypeRef,
} from "./types.ts";

export interface ExampleContext {
  types: ReadonlyMap<string, NamedTypeModel>;
}

const contexts = new WeakMap<readonly NamedTypeModel[], ExampleContext>();

/** The example context of a model (cached per model). */
export function exampleContext(model: Pick<ApiModel, "types">): ExampleContext {
  let ctx = contexts.get(model.types);
  if (!ctx) {
    ctx = { types: new Map(model.types.map((t) => [t.name, t])) };
    contexts.set(model.types, ctx);
  }
  return ctx;
}

/** Placeholder values that stand for a value of a format (fixed, so every artifact shows the same). */
export const PLACEHOLDERS = {
  unixTime: 1717243200,
  dateTime: "2024-06-01T12:00:00Z",
  date: "2024-06-01",
  uuid: "00000000-0000-4000-8000-000000000000",
  email: "jane@example.com",
  uri: "https://example.com",
  id: "123",
} as const;

/** What a placeholder is derived from besides the type: the field's name, format and limits. */
export interface PlaceholderHint {
  name: string;
  format?: Format | undefined;
  constraints?: Constraints | undefined;
}

/** How much of a named object type an example fills in. */
export type ObjectFill = "required" | "all";

/** Returned where a value cannot be built without recursing into a type already being built. */
const SKIP: unique symbol = Symbol("skip");
type Built = unknown;

/** The one example value of a field: `example`, else `default`, else a placeholder of its type. */
export function exampleFor(field: FieldModel, ctx: ExampleContext, fill: ObjectFill = "required"): unknown {
  const built = fieldValue(field, ctx, fill, []);
  return built === SKIP ? (field.type.kind === "array" ? [] : {}) : built;
}

/** A placeholder of a type (no example or default involved at the top; nested fields use theirs). */
export function placeholderFor(type: TypeRef, hint: PlaceholderHint, ctx: ExampleContext, fill: ObjectFill = "required"): unknown {
  const built = typeValue(type, hint, ctx, fill, []);
  return built === SKIP ? {} : built;
}

/** A value of a named type, filling every field (`all`, for responses) or only required ones. */
export function namedExample(name: string, ctx: ExampleContext, fill: ObjectFill = "all"): unknown {
  return placeholderFor({ kind: "named", name }, { name }, ctx, fill);
}

/** An object over fields, under wire names (a response with inline fields). */
export function fieldsExample(fields: readonly FieldModel[], ctx: ExampleContext, fill: ObjectFill = "all"): Record<string, unknown> {
  const built = objectValue(fields, ctx, fill, []);
  return built === SKIP ? {} : (built as Record<string, unknown>);
}

function fieldValue(field: FieldModel, ctx: ExampleContext, fill: ObjectFill, stack: readonly string[]): Built {
  if (field.example !== undefined) return field.example;
  if (field.default !== undefined) return field.default;
  return typeValue(field.type, { name: field.name, format: field.format, constraints: field.constraints }, ctx, fill, stack);
}

function objectValue(fields: readonly FieldModel[], ctx: ExampleContext, fill: ObjectFill, stack: readonly string[]): Built {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (fill === "required" && !f.required) continue;
    const value = fieldValue(f, ctx, fill, stack);
    if (value === SKIP) {
      if (f.required) return SKIP;
      continue;
    }
    out[f.wireName] = value;
  }
  return out;
}

function typeValue(type: TypeRef, hint: PlaceholderHint, ctx: ExampleContext, fill: ObjectFill, stack: readonly string[]): Built {
  const { type: base } = splitNullable(type);
  switch (base.kind) {
    case "primitive":
      return primitiveValue(base.name, hint);
    case "enum":
      return base.values[0];
    case "array": {
      const item = typeValue(base.items, hint, ctx, fill, stack);
      return item === SKIP ? [] : [item];
    }
    case "union":
      for (const member of base.members) {
        const value = typeValue(member, hint, ctx, fill, stack);
        if (value !== SKIP) return value;
      }
      return SKIP;
    case "named": {
      if (stack.includes(base.name)) return SKIP;
      const named = ctx.types.get(base.name);
      if (!named) return {};
      const inner = [...stack, base.name];
      switch (named.kind) {
        case "object":
          return objectValue(named.fields, ctx, fill, inner);
        case "map": {
          const value = typeValue(named.values, { name: "key" }, ctx, fill, inner);
          return value === SKIP || fill === "required" ? {} : { key: value };
        }
        case "union":
          return typeValue({ kind: "union", members: named.members }, hint, ctx, fill, inner);
        case "enum":
          return named.values[0];
      }
    }
  }
}

const ID_NAME = /^id$|_id$|[a-z]Id$/;

function primitiveValue(name: "string" | "number" | "boolean" | "object" | "null", hint: PlaceholderHint): Built {
  switch (name) {
    case "string":
      return stringValue(hint);
    case "number":
      return numberValue(hint);
    case "boolean":
      return true;
    case "object":
      return {};
    case "null":
      return null;
  }
}

function stringValue(hint: PlaceholderHint): string {
  const c = hint.constraints;
  let value: string;
  switch (hint.format) {
    case "uri":
      value = PLACEHOLDERS.uri;
      break;
    case "email":
      value = PLACEHOLDERS.email;
      break;
    case "uuid":
      value = PLACEHOLDERS.uuid;
      break;
    case "date-time":
      value = PLACEHOLDERS.dateTime;
      break;
    case "date":
      value = PLACEHOLDERS.date;
      break;
    default:
      value = ID_NAME.test(hint.name) ? PLACEHOLDERS.id : `<${hint.name}>`;
  }
  if (c?.pattern !== undefined) value = fitPattern(value, c.pattern, c);
  if (c?.minLength !== undefined && value.length < c.minLength) value = value.padEnd(c.minLength, "x");
  if (c?.maxLength !== undefined && value.length > c.maxLength) value = value.slice(0, c.maxLength);
  return value;
}

function numberValue(hint: PlaceholderHint): number {
  const c = hint.constraints;
  const integer = hint.format === "integer" || hint.format === "int64" || hint.format === "unix-time";
  let value = hint.format === "unix-time" ? PLACEHOLDERS.unixTime : ID_NAME.test(hint.name) ? 123 : 1;
  if (c?.minimum !== undefined && value < c.minimum) value = integer ? Math.ceil(c.minimum) : c.minimum;
  if (c?.maximum !== undefined && value > c.maximum) value = integer ? Math.floor(c.maximum) : c.maximum;
  return value;
}

/** A string that matches `pattern` (and the length limits): the candidate if it does, else one built from the pattern. */
function fitPattern(candidate: string, pattern: string, c: Constraints): string {
  let re: RegExp;
  try {
    re = new RegExp(pattern, "u");
  } catch {
    return candidate;
  }
  const fits = (s: string) => re.test(s) && (c.minLength === undefined || s.length >= c.minLength) && (c.maxLength === undefined || s.length <= c.maxLength);
  if (fits(candidate)) return candidate;
  const sampled = samplePattern(pattern, c.minLength ?? 0);
  for (const s of [sampled, "example", "abc", "ABC", "123", "a1", "A1", "a", "0"]) if (s !== undefined && fits(s)) return s;
  return candidate;
}

/**
 * A string a simple regular expression matches: literals, escapes (`\d \w \s`, escaped characters),
 * classes, groups (first alternative), `?` `*` `+` `{n,m}` (smallest count, more when `minLength`
 * asks). Patterns beyond that give `undefined`.
 */
export function samplePattern(pattern: string, minLength = 0): string | undefined {
  let i = 0;
  const src = pattern;
  const atom = (): string | undefined => {
    const ch = src[i]!;
    if (ch === "\\") {
      const e = src[i + 1];
      i += 2;
      if (e === undefined) return undefined;
      if (e === "d") return "1";
      if (e === "w") return "a";
      if (e === "s") return " ";
      if (/[DWSbBpPu]/.test(e)) return undefined;
      return e;
    }
    if (ch === "[") {
      const end = src.indexOf("]", i + 2);
      if (end < 0) return undefined;
      const body = src.slice(i + 1, end);
      i = end + 1;
      if (body.startsWith("^")) return /[a]/.test(body.slice(1)) ? (/[x]/.test(body.slice(1)) ? undefined : "x") : "a";
      const first = body.startsWith("\\") ? (body[1] === "d" ? "1" : body[1] === "w" ? "a" : body[1]) : body[0];
      return first;
    }
    if (ch === "(") {
      let depth = 0;
      let j = i;
      for (; j < src.length; j++) {
        if (src[j] === "\\") j++;
        else if (src[j] === "(") depth++;
        else if (src[j] === ")" && --depth === 0) break;
      }
      if (j >= src.length) return undefined;
      let inner = src.slice(i + 1, j).replace(/^\?:/, "");
      // First top-level alternative.
      let d = 0;
      for (let k = 0; k < inner.length; k++) {
        if (inner[k] === "\\") k++;
        else if (inner[k] === "(") d++;
        else if (inner[k] === ")") d--;
        else if (inner[k] === "|" && d === 0) {
          inner = inner.slice(0, k);
          break;
        }
      }
      i = j + 1;
      return samplePattern(inner);
    }
    if (ch === ".") {
      i++;
      return "a";
    }
    if ("*+?{|)".includes(ch)) return undefined;
    i++;
    return ch;
  };
  let out = "";
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === "^" || ch === "$") {
      i++;
      continue;
    }
    if (ch === "|") break;
    const a = atom();
    if (a === undefined) return undefined;
    let min = 1;
    let max = 1;
    const q = src[i];
    if (q === "?") [min, max] = [0, 1];
    else if (q === "*") [min, max] = [0, Infinity];
    else if (q === "+") [min, max] = [1, Infinity];
    else if (q === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i));
      if (!m) return undefined;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
      i += m[0].length - 1;
    }
    if (q === "?" || q === "*" || q === "+" || q === "{") {
      i++;
      if (src[i] === "?") i++;
    }
    // Grow an open-ended repetition to reach the minimum length.
    let count = Math.max(min, max === Infinity && out.length + min * a.length < minLength ? Math.ceil((minLength - out.length) / Math.max(1, a.length)) : min);
    if (count > max) count = max;
    out += a.repeat(count);
  }
  return out;
}

// ------------------------------------------------------------------------------------------ operations

/** The input paths (dotted) that hold the page position, which auto-paging sets itself. */
export function pagePositionPath(p: PaginationModel | undefined): string[] | undefined {
  if (!p) return undefined;
  switch (p.style) {
    case "page":
      return p.page;
    case "offset":
      return p.offset;
    case "cursor":
    case "lastId":
    case "scroll":
      return p.cursor;
    case "link":
      return undefined;
  }
}

/**
 * The inputs an example call shows: required ones the client does not fill in itself, and optional
 * ones the spec gives an example for (unless the API version does not define them, the client fills
 * them in from a default, or they hold the page position).
 */
export function shownInputs(op: OperationModel): FieldModel[] {
  const position = pagePositionPath(op.pagination);
  return op.input.filter((f) => {
    if (f.required) return f.default === undefined;
    if (f.unsupported || f.default !== undefined || f.example === undefined) return false;
    return !(position?.length === 1 && position[0] === f.name);
  });
}

/** One query parameter or header as sent: its wire name and value. */
export type WireEntry = [name: string, value: unknown];

export interface OperationExample {
  /** What the caller passes to the client: document names, one value per shown input. */
  input: Record<string, unknown>;
  /** The same request as it travels, with what the client adds (defaults, constants), under wire names. */
  request: {
    /** Path parameters by their placeholder name. */
    path: Record<string, unknown>;
    query: WireEntry[];
    headers: WireEntry[];
    /** The JSON body; undefined when nothing goes in the body. */
    body?: Record<string, unknown>;
  };
}

/** The example call of an operation (see the top of this file). */
export function operationExample(op: OperationModel, model: Pick<ApiModel, "types">): OperationExample {
  const ctx = exampleContext(model);
  const position = pagePositionPath(op.pagination);
  const input: Record<string, unknown> = {};
  for (const f of shownInputs(op)) {
    let value = exampleFor(f, ctx);
    if (position && position.length > 1 && position[0] === f.name) value = withoutPath(value, position.slice(1));
    input[f.name] = value;
  }
  const path: Record<string, unknown> = {};
  const query: WireEntry[] = [];
  const headers: WireEntry[] = [];
  const body: Record<string, unknown> = {};
  let hasBody = false;
  for (const f of op.input) {
    const value = Object.hasOwn(input, f.name) ? input[f.name] : f.default;
    if (value === undefined) continue;
    switch (f.location) {
      case "path":
        path[f.name] = value;
        break;
      case "query":
        query.push([f.wireName, value]);
        break;
      case "header":
        headers.push([f.wireName, value]);
        break;
      default:
        body[f.wireName] = value;
        hasBody = true;
    }
  }
  for (const c of op.constants) {
    if (c.location === "query") query.push([c.name, c.value]);
    else if (c.location === "header") headers.push([c.name, c.value]);
    else {
      body[c.name] = c.value;
      hasBody = true;
    }
  }
  return { input, request: { path, query, headers, ...(hasBody ? { body } : {}) } };
}

/** `value` without the property at `path` (dotted into nested objects); emptied objects are dropped. */
function withoutPath(value: unknown, path: readonly string[]): unknown {
  const [head, ...rest] = path;
  if (head === undefined || !isRecord(value)) return value;
  const copy: Record<string, unknown> = { ...value };
  if (rest.length === 0) delete copy[head];
  else {
    const inner = withoutPath(copy[head], rest);
    if (isRecord(inner) && Object.keys(inner).length === 0) delete copy[head];
    else copy[head] = inner;
  }
  return copy;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// ------------------------------------------------------------------------------------------- printing

/** An example value as a JavaScript literal on one line, keys bare where they can be: `{ id: "1", tags: ["a"] }`. */
export function jsLiteral(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jsLiteral).join(", ")}]`;
  if (isRecord(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    return `{ ${entries.map(([k, v]) => `${tsKey(k)}: ${jsLiteral(v)}`).join(", ")} }`;
  }
  return tsLiteral(value);
}

/**
 * An example value as a JavaScript literal for prose (JSDoc, docs): one line while it fits in `width`
 * columns after `indent`, else one property or element per line, as a formatter would print it.
 */
export function jsLiteralBlock(value: unknown, indent = "", width = 90): string {
  const flat = jsLiteral(value);
  if (indent.length + flat.length <= width || typeof value !== "object" || value === null) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v) => `${inner}${jsLiteralBlock(v, inner, width)},`).join("\n")}\n${indent}]`;
  const entries = Object.entries(value);
  return `{\n${entries.map(([k, v]) => `${inner}${tsKey(k)}: ${jsLiteralBlock(v, inner, width)},`).join("\n")}\n${indent}}`;
}
