/**
 * How a field's type changed between two models, judged by the values it admits: the head type is
 * `wider` when it admits every value the base type did and more, `narrower` in the opposite case,
 * `incompatible` when neither contains the other.
 *
 * A named type with the same name on both sides counts as the same type here: what changed inside it is
 * reported by the engine at the type's own fields, on every operation that reaches it. Differently named
 * enums and unions are compared by their values and members; differently named object and map types are
 * the same only when their definitions are identical.
 */
import type { Format, NamedTypeModel, TypeRef } from "../model/types.ts";

export type Relation = "same" | "wider" | "narrower" | "incompatible";

export type TypeLookup = ReadonlyMap<string, NamedTypeModel>;

export function isNullType(t: TypeRef): boolean {
  return t.kind === "primitive" && t.name === "null";
}

/** `X | null` → `{ type: X, nullable: true }`. */
export function splitNull(type: TypeRef): { type: TypeRef; nullable: boolean } {
  if (type.kind !== "union" || !type.members.some(isNullType)) return { type, nullable: false };
  const rest = type.members.filter((m) => !isNullType(m));
  return { type: rest.length === 1 ? rest[0]! : { kind: "union", members: rest }, nullable: true };
}

/** The type as the spec's notation writes it: `string[]`, `draft | published`, `Admin | null`. */
export function typeText(t: TypeRef, format?: Format): string {
  const text = (x: TypeRef): string => {
    switch (x.kind) {
      case "primitive":
        return x.name;
      case "named":
        return x.name;
      case "enum":
        return x.values.join(" | ");
      case "array": {
        const inner = text(x.items);
        return x.items.kind === "union" || (x.items.kind === "enum" && x.items.values.length > 1) ? `(${inner})[]` : `${inner}[]`;
      }
      case "union":
        return x.members.map(text).join(" | ");
    }
  };
  return format ? `${text(t)} (${format})` : text(t);
}

export function relateTypes(base: TypeRef, head: TypeRef, baseTypes: TypeLookup, headTypes: TypeLookup): Relation {
  const cx: Context = { baseTypes, headTypes };
  const up = contains(cx, { t: head, side: "head" }, { t: base, side: "base" });
  const down = contains(cx, { t: base, side: "base" }, { t: head, side: "head" });
  return up && down ? "same" : up ? "wider" : down ? "narrower" : "incompatible";
}

/** Formats refine a primitive: adding one narrows, dropping one widens, swapping one is incompatible. */
export function relateFormats(base: Format | undefined, head: Format | undefined): Relation {
  if (base === head) return "same";
  if (base === undefined) return "narrower";
  if (head === undefined) return "wider";
  return "incompatible";
}

/** Two independent changes to the same value set, taken together. */
export function combine(a: Relation, b: Relation): Relation {
  if (a === "same") return b;
  if (b === "same" || a === b) return a;
  return "incompatible";
}

interface Context {
  baseTypes: TypeLookup;
  headTypes: TypeLookup;
}

interface Sided {
  t: TypeRef;
  side: "base" | "head";
}

/** Leaves a type is made of, with enums merged and named enums and unions opened. */
type Leaf =
  | { kind: "primitive"; name: string }
  | { kind: "enum"; values: Set<string> }
  | { kind: "array"; items: Sided }
  | { kind: "object"; name: string; side: "base" | "head" };

function leaves(cx: Context, s: Sided, seen = new Set<string>()): Leaf[] {
  const out: Leaf[] = [];
  const enumValues = new Set<string>();
  const visit = (t: TypeRef) => {
    switch (t.kind) {
      case "primitive":
        out.push({ kind: "primitive", name: t.name });
        return;
      case "enum":
        for (const v of t.values) enumValues.add(v);
        return;
      case "array":
        out.push({ kind: "array", items: { t: t.items, side: s.side } });
        return;
      case "union":
        t.members.forEach(visit);
        return;
      case "named": {
        const def = (s.side === "base" ? cx.baseTypes : cx.headTypes).get(t.name);
        if (def?.kind === "enum") def.values.forEach((v) => enumValues.add(v));
        else if (def?.kind === "union" && !seen.has(t.name)) {
          seen.add(t.name);
          def.members.forEach(visit);
        } else if (def?.kind !== "union") out.push({ kind: "object", name: t.name, side: s.side });
        return;
      }
    }
  };
  visit(s.t);
  if (enumValues.size > 0) out.push({ kind: "enum", values: enumValues });
  return out;
}

/** Does `outer` admit every value `inner` admits? */
function contains(cx: Context, outer: Sided, inner: Sided): boolean {
  const outs = leaves(cx, outer);
  return leaves(cx, inner).every((leaf) => admits(cx, outs, leaf));
}

function admits(cx: Context, outs: Leaf[], leaf: Leaf): boolean {
  switch (leaf.kind) {
    case "primitive":
      return outs.some((o) => o.kind === "primitive" && o.name === leaf.name);
    case "enum": {
      if (outs.some((o) => o.kind === "primitive" && o.name === "string")) return true;
      const allowed = new Set(outs.flatMap((o) => (o.kind === "enum" ? [...o.values] : [])));
      return [...leaf.values].every((v) => allowed.has(v));
    }
    case "array":
      return outs.some((o) => o.kind === "array" && contains(cx, o.items, leaf.items));
    case "object":
      return outs.some(
        (o) =>
          (o.kind === "primitive" && o.name === "object") ||
          (o.kind === "object" && sameNamedType(cx, { name: o.name, side: o.side }, { name: leaf.name, side: leaf.side })),
      );
  }
}

function sameNamedType(cx: Context, a: { name: string; side: "base" | "head" }, b: { name: string; side: "base" | "head" }): boolean {
  if (a.name === b.name) return true;
  const da = (a.side === "base" ? cx.baseTypes : cx.headTypes).get(a.name);
  const db = (b.side === "base" ? cx.baseTypes : cx.headTypes).get(b.name);
  if (!da || !db) return false;
  const shape = (d: NamedTypeModel) => {
    switch (d.kind) {
      case "object":
        return { kind: d.kind, fields: d.fields.map((f) => [f.name, f.wireName, f.required, typeText(f.type, f.format)]) };
      case "map":
        return { kind: d.kind, values: typeText(d.values) };
      case "union":
        return { kind: d.kind, members: d.members.map((m) => typeText(m)) };
      case "enum":
        return { kind: d.kind, values: d.values };
    }
  };
  return JSON.stringify(shape(da)) === JSON.stringify(shape(db));
}
