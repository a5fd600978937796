/**
 * The spec's type notation, which is the source document's own: `string`, `number`, `boolean`, `object`,
 * `X[]`, `(a | b)[]`, enums `a | b` (a lone lowercase literal is a one-value enum), unions of types
 * `string | number`, and named types (PascalCase with at least one lowercase letter, so `AND | OR` stays an enum).
 */
import type { Primitive, TypeRef } from "../model/types.ts";

const PRIMITIVES: readonly string[] = ["string", "number", "boolean", "object"];
const NAMED = /^[A-Z][A-Za-z0-9]*$/;
const LITERAL = /^[A-Za-z0-9_][A-Za-z0-9_.:\-]*$/;

export type ParseResult = { ok: true; type: TypeRef } | { ok: false; code: "malformed-type" | "malformed-enum"; message: string };

export function isNamedTypeName(token: string): boolean {
  return NAMED.test(token) && /[a-z]/.test(token);
}

export function parseTypeNotation(text: string): ParseResult {
  const source = text.trim();
  if (source === "") return { ok: false, code: "malformed-type", message: "empty type" };
  if (depthAt(source, source.length) !== 0) return { ok: false, code: "malformed-type", message: `unbalanced parentheses in '${source}'` };
  // `|` binds loosest: `string | number[]` is a union whose second member is a list.
  if (hasTopLevelBar(source)) return parseAlternatives(source);
  if (source.endsWith("[]")) {
    const inner = parseTypeNotation(stripParens(source.slice(0, -2)));
    return inner.ok ? { ok: true, type: { kind: "array", items: inner.type } } : inner;
  }
  if (source.startsWith("(") && source.endsWith(")")) return parseTypeNotation(source.slice(1, -1));
  if (PRIMITIVES.includes(source)) return { ok: true, type: { kind: "primitive", name: source as Primitive } };
  if (isNamedTypeName(source)) return { ok: true, type: { kind: "named", name: source } };
  if (LITERAL.test(source)) return { ok: true, type: { kind: "enum", values: [source] } };
  return { ok: false, code: "malformed-type", message: `cannot read type '${source}'` };
}

function stripParens(text: string): string {
  const t = text.trim();
  return t.startsWith("(") && t.endsWith(")") ? t.slice(1, -1) : t;
}

/** Parenthesis depth just before `end`. */
function depthAt(source: string, end: number): number {
  let depth = 0;
  for (let i = 0; i < end; i++) depth += source[i] === "(" ? 1 : source[i] === ")" ? -1 : 0;
  return depth;
}

function hasTopLevelBar(source: string): boolean {
  return [...source].some((c, i) => c === "|" && depthAt(source, i) === 0);
}

function splitTopLevel(source: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < source.length; i++)
    if (source[i] === "|" && depthAt(source, i) === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
  parts.push(source.slice(start));
  return parts;
}

function parseAlternatives(source: string): ParseResult {
  const members = splitTopLevel(source).map((m) => m.trim());
  if (members.some((m) => m === "")) return { ok: false, code: "malformed-enum", message: `'${source}' has an empty member` };
  const isType = (m: string) => PRIMITIVES.includes(m) || isNamedTypeName(m) || m.endsWith("[]");
  const typeMembers = members.filter(isType);
  if (typeMembers.length === members.length) {
    const parsed: TypeRef[] = [];
    for (const m of members) {
      const r = parseTypeNotation(m);
      if (!r.ok) return r;
      parsed.push(r.type);
    }
    return { ok: true, type: { kind: "union", members: parsed } };
  }
  if (typeMembers.length > 0)
    return {
      ok: false,
      code: "malformed-enum",
      message: `'${source}' mixes types (${typeMembers.join(", ")}) with enum values`,
    };
  const bad = members.find((m) => !LITERAL.test(m));
  if (bad !== undefined) return { ok: false, code: "malformed-enum", message: `enum value '${bad}' is not a plain word` };
  const dup = members.find((m, i) => members.indexOf(m) !== i);
  if (dup !== undefined) return { ok: false, code: "malformed-enum", message: `enum value '${dup}' appears twice` };
  return { ok: true, type: { kind: "enum", values: members } };
}
