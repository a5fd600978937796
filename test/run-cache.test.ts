/**
 * The run cache: an unchanged spec skips emit and format; any change, a hand edit or --force runs
 * everything. A run the cache lets off still repairs what a killed run left beside the output.
 */
import { spawnSync } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { generate } from "../generator/pipeline.ts";
import { EMITTERS } from "../generator/emit/index.ts";
import { readTree } from "../generator/write/write-output.ts";
import { SPEC_DIR } from "./helpers/spec.ts";

let dir: string;
let spec: string;
let out: string;
const emitted = (r: Awaited<ReturnType<typeof generate>>) => r.timings.filter(([stage]) => stage.startsWith("emit:")).length;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "opspec-cache-"));
  spec = path.join(dir, "spec");
  out = path.join(dir, "generated");
  await cp(SPEC_DIR, spec, { recursive: true });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it("skips emitting when nothing changed, and only then", async () => {
  const first = await generate({ specDir: spec, outDir: out });
  expect(first.cached).toBeUndefined();
  expect(emitted(first)).toBe(EMITTERS.length);
  const tree = await readTree(out);

  const second = await generate({ specDir: spec, outDir: out });
  expect(second.cached).toBe(true);
  expect(emitted(second)).toBe(0);
  expect(new Map(second.files!.map((f) => [f.path, f.contents]))).toEqual(tree);

  const forced = await generate({ specDir: spec, outDir: out, force: true });
  expect(forced.cached).toBeUndefined();
  expect(emitted(forced)).toBe(EMITTERS.length);

  // A hand edit of a generated file: --check must still see it, and generate must repair it.
  const victim = path.join(out, "openapi/openapi.json");
  await writeFile(victim, "{}\n");
  const check = await generate({ specDir: spec, outDir: out, check: true });
  expect(check.cached).toBeUndefined();
  expect(check.ok).toBe(false);
  expect(check.diff!.stale).toEqual(["openapi/openapi.json"]);
  await generate({ specDir: spec, outDir: out });
  expect(await readTree(out)).toEqual(tree);

  // A spec edit changes the key.
  const admins = path.join(spec, "admins.yaml");
  await writeFile(admins, (await readFile(admins, "utf8")).replace("title: Admins", "title: Administrators"));
  const edited = await generate({ specDir: spec, outDir: out });
  expect(edited.cached).toBeUndefined();
  expect(edited.diff!.stale.length).toBeGreaterThan(0);
});

it("clears what a killed run left beside the output even when nothing is to be written", async () => {
  await generate({ specDir: spec, outDir: out });
  const tree = await readTree(out);
  const leftovers = [`${out}.tmp-1700000000000-4242-0`, `${out}.old-1700000000000-4242-0`, `${out}.tmp-Ab3xYz`];
  for (const dir of leftovers) await mkdir(dir);
  await writeFile(`${out}.lock`, `${deadPid()}\nkilled-run\n`);
  const cached = await generate({ specDir: spec, outDir: out });
  expect(cached.cached).toBe(true);
  expect(await readTree(out)).toEqual(tree);
  expect((await readdir(dir)).sort()).toEqual(["generated", "spec"]);
});

it("check mode puts back an output a killed run had moved aside, before comparing, and writes nothing", async () => {
  await generate({ specDir: spec, outDir: out });
  const tree = await readTree(out);
  // A run killed between its two renames: no output folder, the last complete one beside it.
  await rename(out, `${out}.old-1700000000000-4242-0`);
  await mkdir(`${out}.tmp-1700000000000-4242-0`);
  const check = await generate({ specDir: spec, outDir: out, check: true });
  expect(check.diff).toEqual({ stale: [], missing: [], extra: [] });
  expect(check.ok).toBe(true);
  expect(await readTree(out)).toEqual(tree);
  expect((await readdir(dir)).sort()).toEqual(["generated", "spec"]);
});

/** The pid of a process that has exited. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);
}
