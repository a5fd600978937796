/**
 * Object literals built from spec data, for the Zod and client emitters. Everything goes through the
 * escaping module; what this adds is the one rule object *literals* need beyond type literals: a key
 * written `__proto__` (bare or quoted) sets the prototype instead of defining a property, so it is
 * written as a computed key. (The checker refuses `__proto__` as a name; this is the second fence.)
 */
import { tsKey, tsLiteral, tsString } from "../../escape/index.ts";

/** A property name for an object literal (`get` accessors included). */
export function literalKey(name: string): string {
  return name === "__proto__" ? `[${tsString(name)}]` : tsKey(name);
}

/** Spec data (strings, numbers, booleans, null, arrays, plain objects) as a JavaScript literal on one line. */
export function dataLiteral(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(dataLiteral).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    return `{ ${entries.map(([k, v]) => `${literalKey(k)}: ${dataLiteral(v)}`).join(", ")} }`;
  }
  // A string is what `tsString` writes (remembered: the same names and values recur on every operation).
  return typeof value === "string" ? tsString(value) : tsLiteral(value);
}
