/**
 * A large spec (1,100 operations, a client/index.ts over 256 kB) generates, and its TypeScript comes
 * out in final layout: an emitter that left a bracket open or closed one too many would show as a
 * file whose last line is indented, or whose layout changes when laid out again.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { writeSyntheticSpec } from "../bench/synth.ts";
import { layoutTypeScript } from "../generator/emit/ts-layout.ts";
import { generate } from "../generator/pipeline.ts";
import { SPEC_DIR } from "./helpers/spec.ts";

it("generates a 1,100-operation spec whose large files are in final layout", { timeout: 180_000 }, async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "opspec-large-"));
  try {
    await writeSyntheticSpec(SPEC_DIR, path.join(dir, "spec"), 1100);
    const result = await generate({ specDir: path.join(dir, "spec"), outDir: path.join(dir, "out"), force: true });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.ok).toBe(true);
    const index = result.files!.find((f) => f.path === "client/index.ts")!;
    expect(index.contents.length).toBeGreaterThan(256 * 1024);
    for (const file of result.files!.filter((f) => f.path.endsWith(".ts") && (f.path.startsWith("schemas/") || /^client\/[^/]+$/.test(f.path) || /^mcp\/(tools|server)\.ts$/.test(f.path)))) {
      const lines = file.contents.trimEnd().split("\n");
      expect(lines[lines.length - 1], file.path).toMatch(/^\S/);
      expect(layoutTypeScript(file.contents), file.path).toBe(file.contents);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
