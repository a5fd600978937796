/**
 * A quicker answer to "is this file's shape right, and what does Zod make of it?" for the common case,
 * a file with no mistake in it. The Zod schema is compiled once into plain closures that accept a
 * value only where Zod's own parse would succeed, and then return exactly what Zod returns (new
 * objects with the keys in the same order, the same strings and scalars, `z.unknown()` values
 * shared). Anything they are not sure of (a failing value, or a schema feature not mirrored here)
 * answers NOT_SURE, and the caller asks Zod, which then finds and words every mistake: so this path
 * can never hide a diagnostic, it only skips Zod's bookkeeping (a payload and an issue list per node,
 * an issue object per union branch tried) on values that have none. At 10,000 operations Zod's parse
 * was 0.6-0.9 s of the check stage.
 *
 * Mirrors zod 4's core (v4/core/schemas.js, checks.js) for: string, number, boolean, unknown, enum,
 * optional, union (first branch that succeeds), object (strict or stripping), record (string keys
 * checked by a string schema), array; and the checks min_length, max_length, regex, greater_than,
 * less_than, safeint and refine. A schema using anything else is never compiled (`compileShape`
 * answers undefined) and Zod alone checks it. Where Zod's rule is subtle the mirror is stricter (a
 * string length near a bound is counted in code points, as Zod does, only when needed; an
 * object with a symbol, non-enumerable or `__proto__` key is left to Zod). test/fast-shape.test.ts
 * holds it to Zod on the repository's specs and on thousands of mutated ones.
 */
import type { z } from "zod";

/** The answer of a compiled checker that is not sure the value is right (Zod decides). */
export const NOT_SURE: unique symbol = Symbol("not sure");
type Checker = (value: unknown) => unknown;

interface Def {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  coerce?: boolean;
  format?: string;
  shape?: Record<string, ZodNode>;
  catchall?: ZodNode;
  innerType?: ZodNode;
  options?: ZodNode[];
  element?: ZodNode;
  keyType?: ZodNode;
  valueType?: ZodNode;
  entries?: Record<string, unknown>;
  mode?: string;
  partial?: boolean;
  discriminator?: unknown;
  inclusive?: boolean;
}
interface CheckDef {
  check: string;
  minimum?: number;
  maximum?: number;
  value?: number;
  inclusive?: boolean;
  format?: string;
  pattern?: RegExp;
  fn?: (value: unknown) => unknown;
  when?: unknown;
}
interface ZodNode {
  _zod: { def: Def; optin?: string; optout?: string; traits: Set<string>; values?: Set<unknown> };
}

class Unsupported extends Error {}

const compiled = new WeakMap<object, Checker | null>();

/** The schema's checker, or undefined when it uses something not mirrored here. */
export function compileShape(schema: z.ZodType): Checker | undefined {
  let checker = compiled.get(schema);
  if (checker === undefined) {
    try {
      checker = compile(schema as unknown as ZodNode);
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      checker = null;
    }
    compiled.set(schema, checker);
  }
  return checker ?? undefined;
}

/** Zod's `parse(value)` when the value certainly passes, else NOT_SURE. */
export function fastShape(schema: z.ZodType, value: unknown): unknown {
  const checker = compileShape(schema);
  return checker ? checker(value) : NOT_SURE;
}

const HIGH_SURROGATE = /[\uD800-\uDBFF]/;

/** Zod's util.codePointLength: a surrogate pair counts once, a lone surrogate once. */
function codePoints(text: string): number {
  const units = text.length;
  if (!HIGH_SURROGATE.test(text)) return units;
  let count = units;
  for (let i = 0; i < units - 1; i++) {
    if ((text.charCodeAt(i) & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      count--;
      i++;
    }
  }
  return count;
}

type Test = (value: never) => boolean;

function checkTests(node: ZodNode, kind: "string" | "number" | "array"): Test[] {
  const tests: Test[] = [];
  for (const check of node._zod.def.checks ?? []) {
    const def = check._zod.def;
    switch (def.check) {
      case "min_length": {
        const min = def.minimum!;
        if (typeof min !== "number") throw new Unsupported();
        if (kind === "string") tests.push((s: string) => s.length >= 2 * min || (s.length >= min && codePoints(s) >= min));
        else if (kind === "array") tests.push((a: unknown[]) => a.length >= min);
        else throw new Unsupported();
        break;
      }
      case "max_length": {
        const max = def.maximum!;
        if (typeof max !== "number") throw new Unsupported();
        if (kind === "string" || kind === "array") tests.push((s: string | unknown[]) => s.length <= max);
        else throw new Unsupported();
        break;
      }
      case "string_format": {
        if (kind !== "string" || def.format !== "regex" || !(def.pattern instanceof RegExp)) throw new Unsupported();
        const pattern = def.pattern;
        tests.push((s: string) => {
          pattern.lastIndex = 0;
          return pattern.test(s);
        });
        break;
      }
      case "greater_than": {
        const { value, inclusive } = def;
        if (kind !== "number" || typeof value !== "number") throw new Unsupported();
        tests.push(inclusive ? (n: number) => n >= value : (n: number) => n > value);
        break;
      }
      case "less_than": {
        const { value, inclusive } = def;
        if (kind !== "number" || typeof value !== "number") throw new Unsupported();
        tests.push(inclusive ? (n: number) => n <= value : (n: number) => n < value);
        break;
      }
      case "number_format": {
        if (kind !== "number" || def.format !== "safeint") throw new Unsupported();
        tests.push((n: number) => Number.isSafeInteger(n));
        break;
      }
      case "custom": {
        const fn = def.fn;
        if (typeof fn !== "function") throw new Unsupported();
        tests.push((v: never) => {
          const r = fn(v);
          return !!r && !(r instanceof Promise);
        });
        break;
      }
      default:
        throw new Unsupported();
    }
  }
  return tests;
}

function passes(tests: Test[], value: unknown): boolean {
  for (let i = 0; i < tests.length; i++) if (!tests[i]!(value as never)) return false;
  return true;
}

function noChecks(node: ZodNode): void {
  if (node._zod.def.checks?.length) throw new Unsupported();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A mapping as the YAML loader makes it: a plain object of string keys only, all enumerable, no `__proto__`. */
function isPlainMapping(value: unknown): value is Record<string, unknown> {
  if (!isObject(value)) return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  const ctor = (value as { constructor?: unknown }).constructor;
  return typeof ctor !== "function" || ctor === Object;
}

function ordinaryKeys(value: Record<string, unknown>): string[] | undefined {
  const keys = Reflect.ownKeys(value);
  for (const key of keys) {
    if (typeof key !== "string" || key === "__proto__" || !Object.prototype.propertyIsEnumerable.call(value, key)) return undefined;
  }
  return keys as string[];
}

function compile(node: ZodNode): Checker {
  const zod = node?._zod;
  if (!zod?.def) throw new Unsupported();
  const def = zod.def;
  if (def.coerce) throw new Unsupported();
  switch (def.type) {
    case "string": {
      if (def.format !== undefined) throw new Unsupported();
      const tests = checkTests(node, "string");
      return (v) => (typeof v === "string" && passes(tests, v) ? v : NOT_SURE);
    }
    case "number": {
      if (def.format !== undefined) throw new Unsupported();
      const tests = checkTests(node, "number");
      return (v) => (typeof v === "number" && Number.isFinite(v) && passes(tests, v) ? v : NOT_SURE);
    }
    case "boolean":
      noChecks(node);
      return (v) => (typeof v === "boolean" ? v : NOT_SURE);
    case "unknown":
      noChecks(node);
      return (v) => v;
    case "enum": {
      noChecks(node);
      const values = zod.values;
      if (!(values instanceof Set)) throw new Unsupported();
      return (v) => (values.has(v) ? v : NOT_SURE);
    }
    case "optional": {
      noChecks(node);
      const inner = def.innerType!;
      if (inner?._zod?.optin === "defaulted") throw new Unsupported();
      const check = compile(inner);
      return (v) => (v === undefined ? v : check(v));
    }
    case "union": {
      noChecks(node);
      if (def.discriminator !== undefined || def.inclusive === false) throw new Unsupported();
      for (const trait of zod.traits) if (/Discriminated|Xor|Exclusive/i.test(trait)) throw new Unsupported();
      const options = (def.options ?? []).map(compile);
      if (options.length === 0) throw new Unsupported();
      return (v) => {
        for (let i = 0; i < options.length; i++) {
          const out = options[i]!(v);
          if (out !== NOT_SURE) return out;
        }
        return NOT_SURE;
      };
    }
    case "array": {
      const tests = checkTests(node, "array");
      const element = compile(def.element!);
      return (v) => {
        if (!Array.isArray(v) || !passes(tests, v)) return NOT_SURE;
        const out = new Array<unknown>(v.length);
        for (let i = 0; i < v.length; i++) {
          const item = element(v[i]);
          if (item === NOT_SURE) return NOT_SURE;
          out[i] = item;
        }
        return out;
      };
    }
    case "object":
      noChecks(node);
      return compileObject(def);
    case "record": {
      noChecks(node);
      if (def.partial || (def.mode !== undefined && def.mode !== "strict")) throw new Unsupported();
      const keyType = def.keyType!;
      if (keyType?._zod?.def?.type !== "string" || keyType._zod.values !== undefined) throw new Unsupported();
      const key = compile(keyType);
      const value = compile(def.valueType!);
      return (v) => {
        if (!isPlainMapping(v)) return NOT_SURE;
        const keys = ordinaryKeys(v);
        if (!keys) return NOT_SURE;
        const out: Record<string, unknown> = {};
        for (const k of keys) {
          if (key(k) === NOT_SURE) return NOT_SURE;
          const item = value(v[k]);
          if (item === NOT_SURE) return NOT_SURE;
          out[k] = item;
        }
        return out;
      };
    }
    default:
      throw new Unsupported();
  }
}

function compileObject(def: Def): Checker {
  const shape = def.shape;
  if (!shape || Object.getOwnPropertySymbols(shape).length > 0) throw new Unsupported();
  const catchall = def.catchall;
  const strict = catchall !== undefined;
  if (strict && catchall?._zod?.def?.type !== "never") throw new Unsupported();
  const keys = Object.keys(shape);
  if (keys.includes("__proto__")) throw new Unsupported();
  // Zod tests presence with `key in input`; for a plain object that is its own key, unless the key is also
  // Object.prototype's (`toString`, `constructor`): such a schema is left to Zod.
  if (keys.some((key) => key in Object.prototype)) throw new Unsupported();
  const index = new Map(keys.map((key, i) => [key, i]));
  const fields = keys.map((key) => {
    const schema = shape[key]!;
    const { optin, optout } = schema._zod;
    // Zod's object parse: an optional-in-and-out key is copied when present; a required one must be present.
    if (optin !== undefined && !(optin === "optional" && optout === "optional")) throw new Unsupported();
    return { key, optional: optin !== undefined, check: compile(schema) };
  });
  const required = fields.flatMap((f, i) => (f.optional ? [] : [i]));
  const count = fields.length;
  const ABSENT = NOT_SURE;
  // The keys the value has are walked (a few), not the keys the schema allows (up to twenty), then
  // copied in the schema's order, as Zod's output has them.
  return (v) => {
    if (!isObject(v)) return NOT_SURE;
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return NOT_SURE;
    const slots = new Array<unknown>(count).fill(ABSENT);
    let own = 0;
    for (const key in v) {
      own++;
      const i = index.get(key);
      if (i === undefined) {
        if (strict) return NOT_SURE;
        continue;
      }
      const value = fields[i]!.check(v[key]);
      if (value === NOT_SURE) return NOT_SURE;
      slots[i] = value;
    }
    // A non-enumerable own key is present to Zod's `in` but not to `for…in`: left to Zod.
    if (Object.getOwnPropertyNames(v).length !== own) return NOT_SURE;
    for (let r = 0; r < required.length; r++) if (slots[required[r]!] === ABSENT) return NOT_SURE;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < count; i++) if (slots[i] !== ABSENT) out[keys[i]!] = slots[i];
    return out;
  };
}
