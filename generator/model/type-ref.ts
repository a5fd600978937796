import type { TypeRef } from "./types.ts";

/** Every named type a type expression mentions. */
export function namedRefs(type: TypeRef): string[] {
  switch (type.kind) {
    case "named":
      return [type.name];
    case "array":
      return namedRefs(type.items);
    case "union":
      return type.members.flatMap(namedRefs);
    default:
      return [];
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
