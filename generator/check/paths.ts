/**
 * Following dotted paths (`pages.next.starting_after`, `errors[].code`) through field tables and
 * named object types, for the rules that name a place in an input, an output or an error body.
 */
import { splitNullable } from "../model/type-ref.ts";
import type { TypeRef } from "../model/types.ts";
import type { CheckContext } from "./context.ts";
import type { RawField } from "../spec-format/schema.ts";
import { fieldTypeText } from "../spec-format/defaults.ts";

export type PathLookup = { ok: true; type: TypeRef } | { ok: false; missing: string; known: string[] };

function fieldType(ctx: CheckContext, raw: RawField): TypeRef | undefined {
  const t = fieldTypeText(typeof raw === "string" ? { type: raw } : raw);
  return typeof t === "string" ? ctx.typeOf(t) : t;
}

/** The fields of the object a type stands for (a named object type, possibly nullable). */
function objectFieldsOf(ctx: CheckContext, type: TypeRef): Record<string, RawField> | undefined {
  const base = splitNullable(type).type;
  return base.kind === "named" ? ctx.objectFields(base.name) : undefined;
}

/**
 * Walks `segments` from a field table. A segment may end in `[]` or `[N]` to step into a list. A path
 * that goes through an untyped `object` is accepted (nothing more can be known).
 */
export function lookupPath(ctx: CheckContext, fields: Record<string, RawField>, segments: readonly string[]): PathLookup {
  let table: Record<string, RawField> | undefined = fields;
  let type: TypeRef = { kind: "primitive", name: "object" };
  for (const segment of segments) {
    const m = /^(.*?)(\[\d*\])?$/.exec(segment)!;
    const name = m[1]!;
    if (!table) {
      const base = splitNullable(type).type;
      if (base.kind === "primitive" && base.name === "object") return { ok: true, type: base };
      return { ok: false, missing: name, known: [] };
    }
    const raw = Object.hasOwn(table, name) ? table[name] : undefined;
    if (raw === undefined) return { ok: false, missing: name, known: Object.keys(table) };
    const t = fieldType(ctx, raw);
    if (!t) return { ok: true, type: { kind: "primitive", name: "object" } };
    type = t;
    if (m[2]) {
      const base = splitNullable(type).type;
      if (base.kind !== "array") return { ok: false, missing: `${name}${m[2]}`, known: [] };
      type = base.items;
    }
    table = objectFieldsOf(ctx, type);
  }
  return { ok: true, type };
}

export function isListType(type: TypeRef): boolean {
  const base = splitNullable(type).type;
  return base.kind === "array";
}
