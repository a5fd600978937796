/**
 * A config file that does not parse says where, `file:line:col` as a spec file's diagnostics begin, in
 * one line without trailing spaces and without a stack trace (that takes --debug). Module configs are
 * run through the CLI, as a user runs them; JSON is checked in-process too, against V8's own offsets.
 */
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonErrorOffset, loadConfig } from "../generator/config/load-config.ts";
import { runCli } from "./helpers/cli.ts";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "opspec-config-syntax-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `opspec generate --config <name>` on a config file of `text`, alone in its own folder. */
async function generateWith(name: string, text: string, extraArgs: string[] = []) {
  const project = await mkdtemp(path.join(dir, "project-"));
  await writeFile(path.join(project, name), text);
  const result = await runCli(["generate", "--config", name, ...extraArgs], project);
  expect(await readdir(project), "a failed run writes nothing").toEqual([name]);
  return result;
}

/** The message of the ConfigError that loading `text` as `name` throws. */
async function loadError(name: string, text: string): Promise<string> {
  const project = await mkdtemp(path.join(dir, "load-"));
  await writeFile(path.join(project, name), text);
  const error = await loadConfig({ cwd: project, configFile: name }).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(Error);
  return (error as Error).message;
}

const MISSING_COMMA = 'export default {\n  apis: [\n    { spec: "spec", out: "gen" }\n    { spec: "spec2", out: "gen2" },\n  ],\n};\n';

describe("a TypeScript or JavaScript config that does not parse", () => {
  it("names the file, line and column of a missing ',' in one line", async () => {
    const result = await generateWith("bad.config.ts", MISSING_COMMA);
    expect(result.stderr).toBe('opspec: bad.config.ts:4:5: not valid TypeScript: Unexpected token, expected ","\n');
    expect(result.code).toBe(2);
  });

  it("counts columns from 1, and names the place of a missing '}'", async () => {
    const result = await generateWith("opspec.config.ts", 'export default {\n  apis: [{ spec: "spec", out: "gen" }],\n\n');
    expect(result.stderr).toMatch(/^opspec: opspec\.config\.ts:4:1: not valid TypeScript: \S[^\n]*\S\n$/);
    const column1 = await generateWith("opspec.config.mts", 'export default {\n  apis: [\n}\n');
    expect(column1.stderr).toMatch(/^opspec: opspec\.config\.mts:3:1: not valid TypeScript: \S[^\n]*\S\n$/);
  });

  it("says the same of a .mjs or .js config, which Node (or tsx) imports", async () => {
    for (const name of ["bad.config.mjs", "opspec.config.js"]) {
      const result = await generateWith(name, MISSING_COMMA);
      expect(result.stderr, name).toBe(`opspec: ${name}:4:5: not valid JavaScript: Unexpected token, expected ","\n`);
      expect(result.code).toBe(2);
    }
  });

  it("names the module the config imports when that is what does not parse", async () => {
    const project = await mkdtemp(path.join(dir, "imports-"));
    await writeFile(path.join(project, "opspec.config.ts"), 'import apis from "./apis.ts";\nexport default { apis };\n');
    await writeFile(path.join(project, "apis.ts"), 'export default [\n  { spec: "spec" out: "gen" },\n];\n');
    const result = await runCli(["generate"], project);
    expect(result.stderr).toBe('opspec: opspec.config.ts failed to load: apis.ts:2:18: Unexpected token, expected ","\n');
  });

  it("gives no place for a config that parses and then throws, and trims the message", async () => {
    const thrown = await generateWith("opspec.config.mjs", 'throw new Error("no apis today  ");\n');
    expect(thrown.stderr).toBe("opspec: opspec.config.mjs failed to load: no apis today\n");
    // A SyntaxError thrown while the config runs is not one in its text: no place is made up for it.
    const parsed = await generateWith("opspec.config.mjs", 'export default JSON.parse("{");\n');
    expect(parsed.stderr).toMatch(/^opspec: opspec\.config\.mjs failed to load: \S[^\n]*\S\n$/);
  });

  it("shows the parser's error and its stack only with --debug", async () => {
    const result = await generateWith("bad.config.ts", MISSING_COMMA, ["--debug"]);
    expect(result.stderr.split("\n")[0]).toBe('opspec: bad.config.ts:4:5: not valid TypeScript: Unexpected token, expected ","');
    expect(result.stderr).toContain("cause:");
    expect(result.stderr).toMatch(/\n\s+at /);
  });
});

describe("a JSON config that does not parse", () => {
  it("names the line and column, not a character offset", async () => {
    const trailingInArray = '{\n  "apis": [\n    { "spec": "spec", "out": "gen" },\n  ]\n}\n';
    expect(await loadError("c.json", trailingInArray)).toBe("c.json:4:3: not valid JSON: Unexpected token ']'");
    const trailingInObject = '{\n  "apis": [\n    { "spec": "spec", "out": "gen", }\n  ]\n}\n';
    expect(await loadError("c.json", trailingInObject)).toMatch(/^c\.json:3:37: not valid JSON: [^\n]*[^\s\d]$/);
    expect(await loadError("c.json", '{\n  "apis": [\n')).toMatch(/^c\.json:3:1: not valid JSON: /);
    expect(await loadError("c.json", "\r\n{\r\n  apis: []\r\n}\r\n")).toMatch(/^c\.json:3:3: not valid JSON: /);
  });

  it("says so in one line through the CLI, exit code 2", async () => {
    const result = await generateWith("opspec.config.json", '{\n  "apis": [\n    { "spec": "spec", "out": "gen" },\n  ]\n}\n');
    expect(result.stderr).toBe("opspec: opspec.config.json:4:3: not valid JSON: Unexpected token ']'\n");
    expect(result.code).toBe(2);
  });

  it("places the error where JSON.parse stops, or at the start of that token on the same line, wherever JSON.parse says where", () => {
    const offsetOf = (text: string): number | "valid" | "unsaid" => {
      try {
        JSON.parse(text);
        return "valid";
      } catch (err) {
        const message = (err as Error).message;
        if (message === "Unexpected end of JSON input") return text.length;
        const at = / at position (\d+)/.exec(message);
        return at ? Number(at[1]) : "unsaid";
      }
    };
    const edit = fc.tuple(fc.nat(), fc.constantFrom("", ",", ":", "{", "}", "[", "]", '"', "\\", "-", "0", "1", ".", "e", "t", "n", " ", "\n", "\u0001"));
    fc.assert(
      fc.property(fc.json(), fc.array(edit, { minLength: 1, maxLength: 3 }), (json, edits) => {
        let text = json;
        // Each edit replaces one character (or inserts, at the end) with the given text ("" deletes).
        for (const [at, insert] of edits) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + insert + text.slice(i + 1);
        }
        const expected = offsetOf(text);
        const found = jsonErrorOffset(text);
        const lineOf = (offset: number) => text.slice(0, offset).split("\n").length;
        if (expected === "valid") expect(found, text).toBeUndefined();
        else if (expected === "unsaid") expect(found, text).toBeTypeOf("number");
        else {
          expect(found, text).toBeLessThanOrEqual(expected);
          expect(lineOf(found!), text).toBe(lineOf(expected));
        }
      }),
      { numRuns: 3000 },
    );
  });
});
