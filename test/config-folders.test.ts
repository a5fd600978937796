/**
 * The config's folders: a run replaces its API's output folder as a whole, so no API's output folder may
 * be inside another's, hold another's, or hold another API's spec folder. Nested output folders used to
 * be accepted and then deleted and rebuilt each other on every run, and `--check` never passed.
 */
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../generator/config/schema.ts";
import { readTree } from "../generator/write/write-output.ts";
import { runCli } from "./helpers/cli.ts";
import { SPEC_DIR } from "./helpers/spec.ts";

const BASE = path.resolve("/project");

/** The config's one-line complaint about `apis`, or undefined when it is accepted. */
function problem(apis: { spec: string; out: string }[]): string | undefined {
  try {
    parseConfig({ apis }, "opspec.config.yaml", BASE);
    return undefined;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.message;
  }
}

const OWN_OUT = "an output folder is replaced as a whole, so each API needs its own, outside the others'";
const NO_SPEC_IN_OUT = "an output folder is replaced as a whole, so no spec folder can be in one";

describe("output folders of a config's APIs", () => {
  it("refuses an output folder inside another's, naming both entries", () => {
    expect(problem([{ spec: "spec", out: "gen" }, { spec: "spec2", out: "gen/sub" }])).toBe(`opspec.config.yaml: apis[1].out: inside apis[0].out; ${OWN_OUT}`);
  });

  it("refuses an output folder that holds another's", () => {
    expect(problem([{ spec: "spec", out: "gen/sub" }, { spec: "spec2", out: "gen" }])).toBe(`opspec.config.yaml: apis[1].out: holds apis[0].out; ${OWN_OUT}`);
    expect(problem([{ spec: "spec", out: "a/b/c" }, { spec: "spec2", out: "other" }, { spec: "spec3", out: "a" }])).toBe(
      `opspec.config.yaml: apis[2].out: holds apis[0].out; ${OWN_OUT}`,
    );
  });

  it("compares folders as resolved against the config's folder, not as written", () => {
    for (const out of ["gen/./sub", "gen/../gen/sub", "./gen/sub/", path.join(BASE, "gen/sub")])
      expect(problem([{ spec: "spec", out: "gen" }, { spec: "spec2", out }]), out).toBe(`opspec.config.yaml: apis[1].out: inside apis[0].out; ${OWN_OUT}`);
    expect(problem([{ spec: "spec", out: "gen" }, { spec: "spec2", out: "sub/../gen" }])).toBe(
      "opspec.config.yaml: apis[1].out: the same output folder as apis[0].out; each API needs its own",
    );
  });

  it("takes a folder whose name starts with another's for a neighbour, not a subfolder", () => {
    expect(problem([{ spec: "spec", out: "gen" }, { spec: "spec2", out: "generated" }])).toBeUndefined();
    expect(problem([{ spec: "spec", out: "generated" }, { spec: "spec2", out: "gen" }])).toBeUndefined();
    expect(problem([{ spec: "spec", out: "out/a" }, { spec: "spec2", out: "out/ab" }, { spec: "spec3", out: "out/a-b" }])).toBeUndefined();
  });

  it("refuses another API's spec folder inside, or as, an output folder, in either order", () => {
    expect(problem([{ spec: "gen/spec", out: "other" }, { spec: "spec", out: "gen" }])).toBe(`opspec.config.yaml: apis[1].out: holds apis[0].spec; ${NO_SPEC_IN_OUT}`);
    expect(problem([{ spec: "spec", out: "gen" }, { spec: "gen/./spec", out: "other" }])).toBe(`opspec.config.yaml: apis[0].out: holds apis[1].spec; ${NO_SPEC_IN_OUT}`);
    expect(problem([{ spec: "spec", out: "gen" }, { spec: "spec2", out: "spec" }])).toBe(`opspec.config.yaml: apis[1].out: the same folder as apis[0].spec; ${NO_SPEC_IN_OUT}`);
  });

  it("accepts what a single API may do: an output folder inside a spec folder, and one spec folder for several APIs", () => {
    expect(problem([{ spec: "spec", out: "spec/generated" }])).toBeUndefined();
    expect(problem([{ spec: "spec", out: "generated" }, { spec: "spec2", out: "spec/generated" }])).toBeUndefined();
    expect(problem([{ spec: "spec", out: "generated" }, { spec: "spec", out: "acme" }])).toBeUndefined();
  });
});

describe("opspec generate with nested output folders", () => {
  it("exits 2 in one line before writing anything, and leaves the earlier output as it was", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "opspec-config-folders-"));
    try {
      await cp(SPEC_DIR, path.join(dir, "spec"), { recursive: true });
      await cp(SPEC_DIR, path.join(dir, "spec2"), { recursive: true });
      const config = path.join(dir, "opspec.config.yaml");
      await writeFile(config, "apis:\n  - { spec: spec, out: gen }\n");
      expect((await runCli(["generate"], dir)).code).toBe(0);
      await writeFile(config, "apis:\n  - { spec: spec,  out: gen }\n  - { spec: spec2, out: gen/sub }\n");
      const before = await readTree(dir);
      expect(before.has("gen/client/index.ts")).toBe(true);

      for (const args of [["generate"], ["generate", "--check"]]) {
        const result = await runCli(args, dir);
        expect(result.stderr, args.join(" ")).toBe(`opspec: opspec.config.yaml: apis[1].out: inside apis[0].out; ${OWN_OUT}\n`);
        expect(result.code).toBe(2);
        expect(result.stdout).toBe("");
        expect(await readTree(dir)).toEqual(before);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
