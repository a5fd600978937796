/**
 * check/fast-shape.ts answers for Zod on files with no mistake. Held to Zod here: on every spec file
 * of the repository and its examples, and on thousands of mutants of them (a value of another kind,
 * a key removed or added, a string emptied, lengthened or given astral characters, a number made
 * fractional, huge or infinite), whatever the fast checker accepts Zod accepts too, with the same
 * value (keys in the same order); and every file Zod accepts unchanged, the fast checker accepts.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileShape, fastShape, NOT_SURE } from "../generator/check/fast-shape.ts";
import { loadSpec } from "../generator/load/load-spec.ts";
import { ApiFileSchema, ResourceFileSchema } from "../generator/spec-format/schema.ts";
import { ROOT, SPEC_DIR } from "./helpers/spec.ts";

function specDirs(): string[] {
  const examples = path.join(ROOT, "examples");
  const dirs = [SPEC_DIR];
  try {
    for (const name of readdirSync(examples)) {
      const dir = path.join(examples, name);
      try {
        if (statSync(dir).isDirectory()) dirs.push(dir);
      } catch {
        // an example without a spec folder
      }
    }
  } catch {
    // no examples
  }
  return dirs;
}

/** Deep equality that also compares the order of keys and the prototype of every object. */
function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Reflect.ownKeys(a);
  const kb = Reflect.ownKeys(b);
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
  return ka.every((k) => same((a as Record<PropertyKey, unknown>)[k], (b as Record<PropertyKey, unknown>)[k]));
}

/** A small seeded generator, so a failure reproduces. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REPLACEMENTS: unknown[] = [
  "",
  "x",
  "Read",
  "read",
  "GET",
  "get",
  "string",
  "Foo",
  "foo bar",
  "😀",
  "😀".repeat(40),
  "a".repeat(65),
  "a".repeat(501),
  "/a/{b}",
  "/a/../b",
  "pages.next",
  0,
  1.5,
  -1,
  199,
  200,
  204,
  300,
  2 ** 60,
  Infinity,
  NaN,
  true,
  false,
  null,
  undefined,
  [],
  ["a"],
  ["a", "a"],
  {},
  { type: "string" },
  { bogus: 1 },
  Object.create(null) as unknown,
];

/** Every path to a node of the value (objects and arrays walked). */
function paths(value: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, i], out));
  else if (value && typeof value === "object") for (const k of Object.keys(value)) paths((value as Record<string, unknown>)[k], [...at, k], out);
  return out;
}

function mutate(value: unknown, rand: () => number): unknown {
  const copy = structuredClone(value);
  const all = paths(copy);
  const at = all[Math.floor(rand() * all.length)]!;
  if (at.length === 0) return REPLACEMENTS[Math.floor(rand() * REPLACEMENTS.length)];
  let parent = copy as Record<string | number, unknown>;
  for (const seg of at.slice(0, -1)) parent = parent[seg] as Record<string | number, unknown>;
  const last = at[at.length - 1]!;
  const r = rand();
  if (r < 0.15 && !Array.isArray(parent)) delete parent[last];
  else if (r < 0.3 && !Array.isArray(parent)) parent[["bogus", "descriptionn", "constructor", "type", "enum", "in"][Math.floor(rand() * 6)]!] = "x";
  else if (r < 0.4 && typeof parent[last] === "string") parent[last] = `${parent[last] as string}${["😀", " ", "-", "..", "A"][Math.floor(rand() * 5)]}`;
  else parent[last] = structuredClone(REPLACEMENTS[Math.floor(rand() * REPLACEMENTS.length)]);
  return copy;
}

function agree(schema: typeof ResourceFileSchema | typeof ApiFileSchema, value: unknown): { fast: boolean; zod: boolean } {
  const fast = fastShape(schema, value);
  const zod = schema.safeParse(value);
  if (fast !== NOT_SURE) {
    expect(zod.success).toBe(true);
    expect(same(fast, zod.data)).toBe(true);
  }
  return { fast: fast !== NOT_SURE, zod: zod.success };
}

describe("the fast shape checker", () => {
  it("compiles the resource file schema (else it would never be used)", () => {
    expect(compileShape(ResourceFileSchema)).toBeDefined();
  });

  it("accepts every valid spec file, with Zod's value, and agrees with Zod on thousands of mutants", async () => {
    const rand = random(20240611);
    let files = 0;
    let accepted = 0;
    let mutantsAccepted = 0;
    let mutantsRejected = 0;
    for (const dir of specDirs()) {
      const loaded = await loadSpec(dir);
      for (const source of loaded.sources) {
        const schema = path.basename(source.file) === "api.yaml" ? ApiFileSchema : ResourceFileSchema;
        const result = agree(schema, source.value);
        files++;
        if (result.zod && compileShape(schema)) {
          expect(result.fast).toBe(true);
          accepted++;
        }
        for (let i = 0; i < 150; i++) {
          let mutant = mutate(source.value, rand);
          if (rand() < 0.3) mutant = mutate(mutant, rand);
          const m = agree(schema, mutant);
          if (m.fast) mutantsAccepted++;
          else if (!m.zod) mutantsRejected++;
        }
      }
    }
    expect(files).toBeGreaterThan(10);
    expect(accepted).toBeGreaterThan(5);
    // The mutants exercise both answers.
    expect(mutantsAccepted).toBeGreaterThan(100);
    expect(mutantsRejected).toBeGreaterThan(100);
  });

  it("leaves to Zod what it does not mirror: symbol and non-enumerable keys, odd prototypes, refinements that fail", () => {
    const op = { name: "list", summary: "s", risk: "read", http: { method: "GET", path: "/a" } };
    const file = { resource: "things", title: "Things", operations: [op] };
    expect(fastShape(ResourceFileSchema, file)).not.toBe(NOT_SURE);
    const withSymbol = { ...file, types: { A: { fields: { [Symbol("x")]: "string", a: "string" } } } };
    agree(ResourceFileSchema, withSymbol);
    const hidden = { a: "string" };
    Object.defineProperty(hidden, "b", { value: "string", enumerable: false });
    agree(ResourceFileSchema, { ...file, types: { A: { fields: hidden } } });
    agree(ResourceFileSchema, { ...file, types: Object.assign(Object.create({ inherited: 1 }), { A: { values: "string" } }) });
    agree(ResourceFileSchema, { ...file, operations: [{ ...op, http: { method: "GET", path: "/a/../b" } }] });
    expect(fastShape(ResourceFileSchema, { ...file, operations: [{ ...op, http: { method: "GET", path: "/a/../b" } }] })).toBe(NOT_SURE);
    const proto = JSON.parse('{"__proto__": {"type": "string"}}') as unknown;
    agree(ResourceFileSchema, { ...file, types: { A: { fields: proto } } });
    agree(ResourceFileSchema, { ...file, operations: [{ ...op, ...(JSON.parse('{"__proto__": 1}') as object) }] });
  });
});
