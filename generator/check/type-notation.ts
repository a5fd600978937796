/**
 * The spec's type notation, which is the source document's own: `string`, `number`, `boolean`,
 * `object`, `X[]`, `(a | b)[]`, enums of plain words `a | b`, unions of types `string | number`,
 * `X | null` for a nullable value, and named types (PascalCase with at least one lowercase letter, so
 * `AND | OR` stays an enum). A lone word that is neither a primitive nor a named type is an error:
 * one-value enums are written `const: x` or `enum: [x]`, so a typo such as `strnig` cannot pass.
 *
 * A tokenizer and a recursive-descent parser: linear in the text, with a nesting limit so hostile
 * input gets a diagnostic, never a stack overflow.
 */
import type { Primitive, TypeRef } from "../model/types.ts";

const PRIMITIVES: readonly string[] = ["string", "number", "boolean", "object", "null"];
const NAMED = /^[A-Z][A-Za-z0-9]*$/;
const LITERAL = /^[A-Za-z0-9_][A-Za-z0-9_.:\-]*$/;
const MAX_NESTING = 16;

export type ParseResult =
  | { ok: true; type: TypeRef }
  | { ok: false; code: "malformed-type" | "malformed-enum"; message: string }
  /** A single word that names nothing: the checker suggests the closest primitive or type. */
  | { ok: false; code: "lone-word"; message: string; word: string };

export const PRIMITIVE_NAMES = PRIMITIVES;

export function isNamedTypeName(token: string): boolean {
  return NAMED.test(token) && /[a-z]/.test(token);
}

type Token = { kind: "word"; text: string } | { kind: "|" | "(" | ")" | "[]" };

function tokenize(source: string): Token[] | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === " " || c === "\t") i++;
    else if (c === "|" || c === "(" || c === ")") {
      tokens.push({ kind: c });
      i++;
    } else if (c === "[") {
      if (source[i + 1] !== "]") return `'[' must be followed by ']'`;
      tokens.push({ kind: "[]" });
      i += 2;
    } else {
      let j = i;
      while (j < source.length && !" \t|()[".includes(source[j]!)) j++;
      tokens.push({ kind: "word", text: source.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

class NotationError extends Error {
  constructor(
    readonly code: "malformed-type" | "malformed-enum",
    message: string,
  ) {
    super(message);
  }
}

/** One parsed alternative: a type, or a bare word that only makes sense as an enum member. */
type Alternative = { type: TypeRef } | { literal: string };

export function parseTypeNotation(text: string): ParseResult {
  const source = text.trim();
  if (source === "") return { ok: false, code: "malformed-type", message: "empty type" };
  const tokens = tokenize(source);
  if (typeof tokens === "string") return { ok: false, code: "malformed-type", message: `${tokens} in '${source}'` };
  let pos = 0;

  const union = (depth: number): Alternative => {
    if (depth > MAX_NESTING) throw new NotationError("malformed-type", `'${clip(source)}' nests deeper than ${MAX_NESTING} levels`);
    const members: Alternative[] = [];
    for (;;) {
      if (tokens[pos]?.kind === "|" || tokens[pos] === undefined || tokens[pos]?.kind === ")")
        throw new NotationError("malformed-enum", `'${clip(source)}' has an empty member`);
      members.push(postfix(depth));
      if (tokens[pos]?.kind !== "|") break;
      pos++;
    }
    return combine(members, source);
  };

  const postfix = (depth: number): Alternative => {
    let alt = atom(depth);
    while (tokens[pos]?.kind === "[]") {
      pos++;
      if ("literal" in alt) throw new NotationError("malformed-type", `'${alt.literal}[]' is a list of a word that names no type`);
      alt = { type: { kind: "array", items: alt.type } };
    }
    return alt;
  };

  const atom = (depth: number): Alternative => {
    const token = tokens[pos];
    if (token?.kind === "(") {
      pos++;
      const inner = union(depth + 1);
      if (tokens[pos]?.kind !== ")") throw new NotationError("malformed-type", `unbalanced parentheses in '${clip(source)}'`);
      pos++;
      if ("literal" in inner) return { type: { kind: "enum", values: [inner.literal] } };
      return inner;
    }
    if (token?.kind !== "word") throw new NotationError("malformed-type", `cannot read type '${clip(source)}'`);
    pos++;
    if (PRIMITIVES.includes(token.text)) return { type: { kind: "primitive", name: token.text as Primitive } };
    if (isNamedTypeName(token.text)) return { type: { kind: "named", name: token.text } };
    if (LITERAL.test(token.text)) return { literal: token.text };
    throw new NotationError("malformed-type", `cannot read type '${clip(source)}'`);
  };

  try {
    const result = union(0);
    if (pos !== tokens.length) return { ok: false, code: "malformed-type", message: `unbalanced parentheses in '${clip(source)}'` };
    if ("literal" in result)
      return {
        ok: false,
        code: "lone-word",
        word: result.literal,
        message: `'${result.literal}' is not a type; for a single fixed value write const: ${result.literal}`,
      };
    return { ok: true, type: result.type };
  } catch (err) {
    if (err instanceof NotationError) return { ok: false, code: err.code, message: err.message };
    throw err;
  }
}

/** Words form an enum; types form a union; `null` may join either (a nullable enum or type). */
function combine(members: Alternative[], source: string): Alternative {
  if (members.length === 1) return members[0]!;
  const literals = members.flatMap((m) => ("literal" in m ? [m.literal] : []));
  const types = members.flatMap((m) => ("type" in m ? [m.type] : []));
  const nonNullTypes = types.filter((t) => !(t.kind === "primitive" && t.name === "null"));
  if (literals.length === 0) return { type: { kind: "union", members: types } };
  if (nonNullTypes.length > 0) {
    const named = nonNullTypes.map(describe).join(", ");
    throw new NotationError("malformed-enum", `'${clip(source)}' mixes types (${named}) with enum values`);
  }
  const dup = firstDuplicate(literals);
  if (dup !== undefined) throw new NotationError("malformed-enum", `enum value '${dup}' appears twice`);
  const values: TypeRef = { kind: "enum", values: literals };
  if (types.length === 0) return { type: values };
  return { type: { kind: "union", members: [values, { kind: "primitive", name: "null" }] } };
}

function describe(t: TypeRef): string {
  return t.kind === "primitive" ? t.name : t.kind === "named" ? t.name : t.kind === "array" ? `${describe(t.items)}[]` : t.kind;
}

/** Long hostile notations are cut in messages. */
function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** The first value that appears twice, in one pass (enums may have tens of thousands of values). */
export function firstDuplicate(values: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) return v;
    seen.add(v);
  }
  return undefined;
}
