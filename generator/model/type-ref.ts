import type { TypeRef } from "./types.ts";

/** Every named type a type expression mentions. */
export function namedRefs(type: TypeRef): string[] {
  const names: string[] = [];
  forEachNamedRef(type, (name) => names.push(name));
  return names;
}

/** Calls `fn` with each named type `type` mentions, in order (namedRefs without building a list). */
export function forEachNamedRef(type: TypeRef, fn: (name: string) => void): void {
  switch (type.kind) {
    case "named":
      fn(type.name);
      return;
    case "array":
      forEachNamedRef(type.items, fn);
      return;
    case "union":
      for (const member of type.members) forEachNamedRef(member, fn);
      return;
    default:
      return;
  }
}

const NULL: TypeRef = { kind: "primitive", name: "null" };

function isNull(t: TypeRef): boolean {
  return t.kind === "primitive" && t.name === "null";
}

/** `X | null` → `{ type: X, nullable: true }`; other unions keep their non-null members. */
export function splitNullable(type: TypeRef): { type: TypeRef; nullable: boolean } {
  if (type.kind !== "union" || !type.members.some(isNull)) return { type, nullable: false };
  const rest = type.members.filter((m) => !isNull(m));
  return { type: rest.length === 1 ? rest[0]! : { kind: "union", members: rest }, nullable: true };
}

/** The inverse of splitNullable. */
export function withNull(type: TypeRef, nullable: boolean): TypeRef {
  if (!nullable) return type;
  return { kind: "union", members: [...(type.kind === "union" ? type.members : [type]), NULL] };
}
