/**
 * A named type is satisfiable when a finite value of it exists: objects need every required field
 * satisfiable, unions any member; lists, maps, nullable and optional fields can always be empty. What
 * stays unsatisfiable after a fixpoint is an unresolvable cycle.
 */
import { fieldTypeText } from "../spec-format/defaults.ts";
import { namedRefs, splitNullable } from "../model/type-ref.ts";
import type { TypeRef } from "../model/types.ts";
import type { CheckContext, TypeDef } from "./context.ts";
import type { RawField } from "../spec-format/schema.ts";

function requiredFieldTypes(ctx: CheckContext, raw: RawField): TypeRef[] {
  if (typeof raw === "string" || !raw.required) return [];
  const main = fieldTypeText(raw);
  const types = [typeof main === "string" ? ctx.typeOf(main) : main];
  if (raw.wireType !== undefined) types.push(ctx.typeOf(raw.wireType));
  return types.filter((t): t is TypeRef => t !== undefined);
}

export function checkCycles(ctx: CheckContext): void {
  const ok = new Set<string>();
  const satisfiable = (t: TypeRef): boolean => {
    if (splitNullable(t).nullable) return true;
    switch (t.kind) {
      case "named":
        return ok.has(t.name) || !ctx.types.has(t.name);
      case "union":
        return t.members.some(satisfiable);
      default:
        return true; // primitives, enums and arrays (an empty list) always have a value
    }
  };
  const typeSatisfiable = (def: TypeDef): boolean => {
    const raw = def.raw;
    if ("fields" in raw)
      return Object.values(raw.fields).every((f) => {
        const types = requiredFieldTypes(ctx, f);
        return types.length === 0 || types.some(satisfiable);
      });
    if ("oneOf" in raw) return raw.oneOf.some((m) => {
      const t = ctx.typeOf(m);
      return !t || satisfiable(t);
    });
    return true;
  };
  let changed = true;
  while (changed) {
    changed = false;
    for (const def of ctx.types.values()) {
      if (ok.has(def.name) || !typeSatisfiable(def)) continue;
      ok.add(def.name);
      changed = true;
    }
  }
  for (const def of ctx.types.values())
    if (!ok.has(def.name))
      ctx.report("type-cycle", { name: def.name, via: cyclePath(ctx, def, ok) }, def.source, def.at, { key: true });
}

function cyclePath(ctx: CheckContext, start: TypeDef, ok: Set<string>): string {
  const seen = [start.name];
  let current: TypeDef | undefined = start;
  while (current) {
    const raw = current.raw;
    let next: string | undefined;
    if ("fields" in raw) {
      for (const [fname, f] of Object.entries(raw.fields)) {
        const bad = requiredFieldTypes(ctx, f).flatMap(namedRefs).find((n) => ctx.types.has(n) && !ok.has(n));
        if (bad) {
          next = bad;
          seen[seen.length - 1] += `.${fname}`;
          break;
        }
      }
    } else if ("oneOf" in raw) next = raw.oneOf.find((m) => ctx.types.has(m) && !ok.has(m));
    if (!next) break;
    const repeat = seen.some((s) => s.split(".")[0] === next);
    seen.push(next);
    if (repeat) break;
    current = ctx.types.get(next);
  }
  return seen.join(" → ");
}
