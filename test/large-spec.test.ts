/**
 * A spec large enough that the writer formats its biggest files in pieces (write/format.ts cuts them
 * before lines that start in column 0): every piece must still be whole statements. 1,100 operations
 * failed before function bodies were indented ("Expected '}', got '<eof>'" in client/index.ts).
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { writeSyntheticSpec } from "../bench/synth.ts";
import { generate } from "../generator/pipeline.ts";
import { SPEC_DIR } from "./helpers/spec.ts";

it("generates a 1,100-operation spec whose large files are formatted in pieces", { timeout: 180_000 }, async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "opspec-large-"));
  try {
    await writeSyntheticSpec(SPEC_DIR, path.join(dir, "spec"), 1100);
    const result = await generate({ specDir: path.join(dir, "spec"), outDir: path.join(dir, "out"), force: true });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.ok).toBe(true);
    const index = result.files!.find((f) => f.path === "client/index.ts")!;
    expect(index.contents.length).toBeGreaterThan(256 * 1024);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
