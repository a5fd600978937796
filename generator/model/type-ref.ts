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
