/**
 * Example inputs for operations: the spec's own `example:` values, and a plain stand-in by type where
 * the spec gives none. Used for the @example of every generated method (and by the end-to-end tests,
 * which send exactly these inputs through the generated client).
 */
import type { ApiModel, FieldModel, NamedTypeModel, OperationModel, TypeRef } from "../../model/types.ts";

/** A stand-in value of the field's type, for fields whose spec has no `example:`. */
export function placeholderValue(field: Pick<FieldModel, "name" | "type" | "format">, types: ReadonlyMap<string, NamedTypeModel>): unknown {
  return placeholderFor(field.type, field, types, new Set());
}

function placeholderFor(
  type: TypeRef,
  field: Pick<FieldModel, "name" | "format">,
  types: ReadonlyMap<string, NamedTypeModel>,
  visiting: Set<string>,
): unknown {
  switch (type.kind) {
    case "primitive":
      if (type.name === "boolean") return true;
      if (type.name === "object") return {};
      if (type.name === "number") return field.format === "unix-time" ? 1734537000 : 1;
      if (field.format === "uri") return "https://example.com";
      if (field.format === "email") return "jane@example.com";
      if (field.format === "uuid") return "00000000-0000-4000-8000-000000000000";
      return field.name === "id" || field.name.endsWith("_id") ? "123" : `<${field.name}>`;
    case "enum":
      return type.values[0];
    case "array":
      return [placeholderFor(type.items, field, types, visiting)];
    case "union":
      return placeholderFor(type.members[0]!, field, types, visiting);
    case "named": {
      const named = types.get(type.name);
      if (!named || visiting.has(named.name)) return {};
      if (named.kind === "enum") return named.values[0];
      if (named.kind === "union") return placeholderFor(named.members[0]!, field, types, new Set([...visiting, named.name]));
      if (named.kind === "map") return {};
      const out: Record<string, unknown> = {};
      for (const f of named.fields) {
        if (f.required) out[f.name] = f.example ?? placeholderFor(f.type, f, types, new Set([...visiting, named.name]));
      }
      return out;
    }
  }
}

export function typeIndex(model: Pick<ApiModel, "types">): Map<string, NamedTypeModel> {
  return new Map(model.types.map((t) => [t.name, t]));
}

/**
 * The input a realistic call sends: every field the spec has an example for, plus every required field
 * and every plain scalar (a stand-in where there is no example). Fields with a `default` are left out,
 * so the client's defaults are exercised.
 */
export function exampleInput(op: OperationModel, types: ReadonlyMap<string, NamedTypeModel>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of op.input) {
    if (field.default !== undefined) continue;
    if (field.example !== undefined) input[field.name] = field.example;
    else if (field.required || isScalar(field.type)) input[field.name] = placeholderValue(field, types);
  }
  return input;
}

/**
 * The input shown in docs: required fields only, or (when nothing is required) up to two of the fields
 * the server honours that have examples, so the example reads like a typical call.
 */
export function docExampleInput(op: OperationModel, types: ReadonlyMap<string, NamedTypeModel>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const required = op.input.filter((f) => f.required && f.default === undefined);
  const shown = required.length > 0 ? required : op.input.filter((f) => !f.unsupported && f.default === undefined && f.example !== undefined).slice(0, 2);
  for (const field of shown) input[field.name] = field.example ?? placeholderValue(field, types);
  return withoutPagePosition(op, input);
}

/** The example without the page number or cursor: the first page is asked for without, and `.all` sets them itself. */
function withoutPagePosition(op: OperationModel, input: Record<string, unknown>): Record<string, unknown> {
  const pagination = op.pagination;
  if (!pagination) return input;
  const remove = (value: unknown, path: readonly string[]): unknown => {
    const [head, ...rest] = path;
    if (head === undefined || typeof value !== "object" || value === null || Array.isArray(value)) return value;
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    if (rest.length === 0) delete copy[head];
    else {
      const inner = remove(copy[head], rest);
      if (typeof inner === "object" && inner !== null && Object.keys(inner).length === 0) delete copy[head];
      else copy[head] = inner;
    }
    return copy;
  };
  return remove(input, pagination.style === "page" ? ["page"] : pagination.cursor) as Record<string, unknown>;
}

function isScalar(type: TypeRef): boolean {
  return type.kind === "primitive" ? type.name !== "object" : type.kind === "enum";
}

const propertyKey = (key: string): string => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key));

/** A value as a JavaScript literal on one line, keys unquoted where they can be: `{ id: "1", tags: ["a"] }`. */
export function jsLiteral(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jsLiteral).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    return `{ ${entries.map(([k, v]) => `${propertyKey(k)}: ${jsLiteral(v)}`).join(", ")} }`;
  }
  return value === undefined ? "undefined" : JSON.stringify(value);
}

/**
 * A value as a JavaScript literal for prose (JSDoc examples): one line while it fits in `width`
 * columns after `indent`, else one property or element per line, as a formatter would print it.
 */
export function jsLiteralBlock(value: unknown, indent = "", width = 90): string {
  const flat = jsLiteral(value);
  if (indent.length + flat.length <= width || typeof value !== "object" || value === null) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v) => `${inner}${jsLiteralBlock(v, inner, width)},`).join("\n")}\n${indent}]`;
  const entries = Object.entries(value);
  return `{\n${entries.map(([k, v]) => `${inner}${propertyKey(k)}: ${jsLiteralBlock(v, inner, width)},`).join("\n")}\n${indent}}`;
}
