/** Which named types reach themselves again (SearchQuery → SearchFilterGroup → SearchQuery). */
import { fieldRefs } from "../../model/type-graph.ts";
import { namedRefs } from "../../model/type-ref.ts";
import type { NamedTypeModel, TypeRef } from "../../model/types.ts";
import type { Flavour } from "./schema-expr.ts";

/** The named types a type mentions directly, in a flavour (outputs also follow `wireType`). */
export function directRefs(type: NamedTypeModel, flavour: Flavour): string[] {
  const refs: TypeRef[] = [];
  if (type.kind === "object")
    for (const f of type.fields) refs.push(...(flavour === "output" ? fieldRefs(f) : [f.type]));
  else if (type.kind === "map") refs.push(type.values);
  else if (type.kind === "union") refs.push(...type.members);
  return refs.flatMap(namedRefs);
}

/** `reaches(from, to)`: whether `from` mentions `to`, directly or through other named types. */
export function reachability(
  types: readonly NamedTypeModel[],
  flavour: Flavour,
): (from: string, to: string) => boolean {
  const byName = new Map(types.map((t) => [t.name, t]));
  const memo = new Map<string, Set<string>>();
  const closure = (start: string): Set<string> => {
    const cached = memo.get(start);
    if (cached) return cached;
    const seen = new Set<string>();
    const stack = [start];
    while (stack.length > 0) {
      const t = byName.get(stack.pop()!);
      if (!t) continue;
      for (const r of directRefs(t, flavour))
        if (!seen.has(r)) {
          seen.add(r);
          stack.push(r);
        }
    }
    memo.set(start, seen);
    return seen;
  };
  return (from, to) => closure(from).has(to);
}
