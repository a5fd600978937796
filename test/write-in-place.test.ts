/**
 * A regeneration writes only the files that changed and leaves the others as they are (the output is
 * updated in place: write/update-in-place.ts). What is on disk afterwards must be exactly a fresh
 * generation's, and a file said to be unchanged that is not on disk is written.
 */
import { cp, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { generate } from "../generator/pipeline.ts";
import { openOutput, readTree } from "../generator/write/write-output.ts";
import { SPEC_DIR } from "./helpers/spec.ts";

let dir = "";
let spec = "";
let out = "";

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "opspec-links-"));
  spec = path.join(dir, "spec");
  out = path.join(dir, "out");
  await cp(SPEC_DIR, spec, { recursive: true });
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function inodes(root: string): Promise<Map<string, number>> {
  const tree = await readTree(root);
  return new Map(await Promise.all([...tree.keys()].map(async (f) => [f, (await stat(path.join(root, f))).ino] as const)));
}

it("leaves the files a spec edit did not change as they were and writes the others; the result is a fresh generation's", async () => {
  expect((await generate({ specDir: spec, outDir: out })).ok).toBe(true);
  const before = await inodes(out);
  const admins = path.join(spec, "admins.yaml");
  await writeFile(admins, (await readFile(admins, "utf8")).replace("title: Admins\n", "title: Administrators\n"));

  const result = await generate({ specDir: spec, outDir: out });
  expect(result.ok).toBe(true);
  const changed = new Set([...result.diff!.stale, ...result.diff!.missing]);
  expect(changed.size).toBeGreaterThan(0);
  expect(changed.has("docs/admins.md")).toBe(true);

  const after = await inodes(out);
  const kept = [...after].filter(([f, ino]) => before.get(f) === ino).map(([f]) => f);
  const rewritten = [...after].filter(([f, ino]) => before.get(f) !== ino).map(([f]) => f);
  // Every file the compare stage found unchanged kept its inode; every changed one is a new file.
  expect(rewritten.filter((f) => !changed.has(f) && f !== ".opspec-output")).toEqual([]);
  expect(kept.filter((f) => changed.has(f))).toEqual([]);
  expect(kept.length).toBeGreaterThan(changed.size);

  const fresh = path.join(dir, "fresh");
  expect((await generate({ specDir: spec, outDir: fresh, force: true })).ok).toBe(true);
  expect(await readTree(out)).toEqual(await readTree(fresh));
});

it("writes a file it was told is unchanged when it is not on disk", async () => {
  expect((await generate({ specDir: spec, outDir: out })).ok).toBe(true);
  const files = [...(await readTree(out))].map(([p, contents]) => ({ path: p, contents }));
  const extra = { path: "docs/new-page.md", contents: "# New\n" };
  const output = await openOutput(out, { specDir: spec });
  try {
    // `docs/new-page.md` is not in the old output: said to be unchanged or not, it is written.
    await output.replace([...files.filter((f) => f.path !== ".opspec-output"), extra], new Set([...files.map((f) => f.path), extra.path]));
  } finally {
    await output.close();
  }
  expect(await readFile(path.join(out, extra.path), "utf8")).toBe("# New\n");
  const tree = await readTree(out);
  for (const f of files) expect(tree.get(f.path), f.path).toBe(f.contents);
});
