/**
 * The fast reader (js-yaml, no positions) and the positioned one (yaml) must agree on every value, or
 * the fast one must decline and leave the file to yaml (load/fast-parse.ts).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { fastValue } from "../generator/load/fast-parse.ts";
import { parseSpecTexts } from "../generator/load/load-spec.ts";

const ROOT = path.resolve(import.meta.dirname, "..");

function yamlValue(text: string): unknown {
  return parseDocument(text, { uniqueKeys: false }).toJS({ maxAliasCount: 100 });
}

/** Agrees with yaml, or declines. Returns whether it read the text. */
function agrees(text: string): boolean {
  const fast = fastValue(text);
  if (fast === undefined) return false;
  const doc = parseDocument(text, { uniqueKeys: false });
  expect(doc.errors.map((e) => e.message), text).toEqual([]);
  expect(fast.value, text).toStrictEqual(yamlValue(text));
  return true;
}

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.ya?ml$/.test(f) && !f.split(path.sep).includes("node_modules"))
    .map((f) => path.join(dir, f));
}

describe("the fast reader", () => {
  const specFiles = [...yamlFilesUnder(path.join(ROOT, "spec")), ...yamlFilesUnder(path.join(ROOT, "examples")), ...yamlFilesUnder(path.join(ROOT, "test"))];

  it("finds the repository's YAML", () => {
    expect(specFiles.length).toBeGreaterThan(10);
  });

  it("reads every spec of this repository exactly as yaml does", () => {
    const read = specFiles.filter((file) => agrees(readFileSync(file, "utf8")));
    // The real specs hold nothing the fast reader declines.
    for (const file of [...yamlFilesUnder(path.join(ROOT, "spec")), ...yamlFilesUnder(path.join(ROOT, "examples"))]) expect(read).toContain(file);
  });

  it.each([
    "0b101", "-.5", "+.5", ".5", "5.", "1_000", "0o17", "0x1F", "-0x1F", "+0o7", "0O17", "0X1F", "007", "-0", "+12",
    "1e3", "1E+3", "1.5e-2", ".5e1", "~", "null", "Null", "NULL", "nULL", "", "yes", "no", "on", "off", "y",
    "True", "TRUE", "tRUE", "false", "2001-12-14", "2001-12-14t21:59:43.10-05:00", "12:30", "1:20:30", "0.1.2",
    "'1'", '"2"', "'true'", "!!str 12", "!!int \"12\"", "!!float 1", "!!bool true", "!!null ''",
    "12345678901234567890123", "1e400", "-1e400",
  ])("resolves the scalar %j as yaml does, or declines", (scalar) => {
    agrees(`key: ${scalar}\nlist: [${scalar}]\n`);
  });

  it.each([
    ["an alias", "a: &x [1, 2]\nb: *x\n"],
    ["a merge key", "base: &b { x: 1 }\nmine:\n  <<: *b\n  y: 2\n"],
    ["a __proto__ key", "__proto__: { polluted: true }\n"],
    ["an escaped __proto__ key", '"\\x5F_proto__": 1\n'],
    ["a duplicate key", "a: 1\na: 2\n"],
    ["two documents", "a: 1\n---\nb: 2\n"],
    ["an unknown tag", "a: !foo bar\n"],
    ["an explicit core tag", "a: !!float 1\n"],
    ["a tag in a flow sequence", "a: [!!str 1]\n"],
    ["a binary value", "a: !!binary aGVsbG8=\n"],
    [".inf", "a: .inf\n"],
    [".nan", "a: .NaN\n"],
    ["a syntax error", "a: [1, 2\n"],
    ["a YAML 1.1 directive", "%YAML 1.1\n---\na: yes\n"],
    ["a tab as indentation", "a:\n\tb: 1\n"],
  ])("declines %s: yaml reads it and reports it", (_what, text) => {
    expect(fastValue(text)).toBeUndefined();
  });

  it.each([
    ["an empty file", ""],
    ["comments only", "# nothing here\n"],
    ["block scalars", "a: |\n  one\n  two\nb: >-\n  folded\n  text\nc: |+\n  kept\n\n"],
    ["quoted and escaped text", "a: \"tab\\tnew\\nline \\u00e9\"\nb: 'it''s'\n"],
    ["flow collections", "a: { b: [1, { c: d }], e: [] }\n"],
    ["keys that look like numbers", "1: one\n0x10: hex\ntrue: yes\n"],
    ["a set", "? a\n? b\n"],
  ])("reads %s as yaml does, or declines", (_what, text) => {
    agrees(text);
  });

  it.each([
    ["a null key", "a:\n  null: 1\n"],
    ["a ~ key", "~: 1\n"],
    ["a NULL key in a sequence item", "- NULL: 1\n"],
    ["an explicit null key", "? null\n: 1\n"],
    ["an explicit empty key", "a:\n  ? \n  : 1\n"],
    ["an empty key in a flow mapping", "a: {b: 1, : 2}\n"],
    ["an empty key in a flow sequence", "a: [: 1]\n"],
  ])("declines %s: js-yaml names it \"null\", yaml names it \"\" (yaml reports it instead)", (_what, text) => {
    expect(fastValue(text)).toBeUndefined();
    const { diagnostics } = parseSpecTexts([{ file: "spec/x.yaml", text }]);
    expect(diagnostics.map((d) => d.code)).toEqual(["null-key"]);
  });

  it("reads null values, and a quoted 'null' key as the word, with the fast reader", () => {
    for (const text of ["a: null\nb: ~\nc: [null, ~]\nd:\n", "a:\n  'null': 1\n  \"~\": 2\n"]) {
      expect(agrees(text), text).toBe(true);
      expect(parseSpecTexts([{ file: "spec/x.yaml", text }]).diagnostics).toEqual([]);
    }
  });

  it("points a null key's diagnostic at the key, and says how to fix it", () => {
    const text = "resource: admins\nfields:\n  name: string\n  null: string\nmore: {: 1}\n";
    const { diagnostics } = parseSpecTexts([{ file: "spec/x.yaml", text }]);
    expect(diagnostics.map((d) => ({ code: d.code, line: d.line, col: d.col, message: d.message }))).toEqual([
      {
        code: "null-key",
        line: 4,
        col: 3,
        message: `the key 'null' is YAML's null, not a name, and YAML readers disagree on what it becomes (the word "null" or an empty name); quote it ('null') if you mean the word`,
      },
      { code: "null-key", line: 5, col: 8, message: "an empty key (nothing before the colon) is YAML's null, not a name: write the name before the colon" },
    ]);
  });

  it("reads the real spec with the fast reader: no positioned document is built for a clean file", () => {
    const text = readFileSync(path.join(ROOT, "spec/admins.yaml"), "utf8");
    const { sources, diagnostics } = parseSpecTexts([{ file: "spec/admins.yaml", text }]);
    expect(diagnostics).toEqual([]);
    expect(sources[0]!.plain).toBe(true);
    expect(sources[0]!.value).toStrictEqual(yamlValue(text));
    // Positions are still there when asked for.
    expect(sources[0]!.doc.contents).not.toBeNull();
  });

  it("agrees with yaml on random plain and quoted scalars", () => {
    const scalar = fc.oneof(
      fc.stringMatching(/^[-+0-9.eEoxXabcdefinINFaAtTrRuUlLsS_~:]{0,12}$/),
      fc.double().map(String),
      fc.integer().map(String),
      fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
    );
    let read = 0;
    fc.assert(
      fc.property(scalar, (s) => {
        if (agrees(`key: ${s}\n`)) read++;
      }),
      { numRuns: 2000 },
    );
    // Most are read by the fast reader, so the comparison above is not vacuous.
    expect(read).toBeGreaterThan(1000);
  });

  it("spares a run on a clean spec from loading yaml at all (load/yaml-lib.ts)", () => {
    const out = mkdtempSync(path.join(os.tmpdir(), "opspec-fast-"));
    try {
      const script = [
        'import { createRequire } from "node:module";',
        `const { generate } = await import(${JSON.stringify(path.join(ROOT, "generator/pipeline.ts"))});`,
        `const r = await generate({ specDir: ${JSON.stringify(path.join(ROOT, "spec"))}, outDir: ${JSON.stringify(path.join(out, "o"))}, force: true });`,
        "const cache = createRequire(import.meta.url).cache;",
        'console.log(JSON.stringify({ ok: r.ok, yaml: Object.keys(cache).some((k) => /[\\/]node_modules[\\/]yaml[\\/]/.test(k)) }));',
      ].join("\n");
      const printed = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
      expect(JSON.parse(printed.trim().split("\n").pop()!)).toEqual({ ok: true, yaml: false });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
