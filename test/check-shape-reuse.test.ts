/**
 * Watch mode keeps a file's SpecSource while its text is unchanged (load-spec.ts, ParseCache), and the
 * shape check remembers its answer per source (check/shape.ts). A reused source must give the same
 * checked spec and diagnostics as a fresh one, and an edited file must be checked anew.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkSpec } from "../generator/check/check-spec.ts";
import { loadSpec, type ParseCache } from "../generator/load/load-spec.ts";
import { SPEC_DIR } from "./helpers/spec.ts";

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function specCopy(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "opspec-shape-reuse-"));
  dirs.push(dir);
  await cp(SPEC_DIR, dir, { recursive: true });
  return dir;
}

const summary = (r: ReturnType<typeof checkSpec>) => ({
  diagnostics: r.diagnostics.map((d) => `${d.file}:${d.line}:${d.col} ${d.code} ${d.message}`),
  spec: r.spec ? JSON.stringify({ api: r.spec.api.value, resources: r.spec.resources.map((f) => f.value) }) : undefined,
});

describe("shape checks of reused sources", () => {
  it("give what a fresh load gives, before and after an edit that breaks one file and one that mends it", async () => {
    const dir = await specCopy();
    const cache: ParseCache = new Map();
    const fresh = async () => summary(checkSpec(await loadSpec(dir, "spec")));
    const cached = async () => summary(checkSpec(await loadSpec(dir, "spec", {}, cache)));

    const clean = await fresh();
    expect(clean.spec).toBeDefined();
    expect(await cached()).toEqual(clean);
    expect(await cached()).toEqual(clean);

    const file = path.join(dir, "admins.yaml");
    const text = await readFile(file, "utf8");
    await writeFile(file, text.replace("risk: read", "risk: reed"));
    const broken = await fresh();
    expect(broken.diagnostics.some((d) => d.includes("unknown-risk"))).toBe(true);
    expect(await cached()).toEqual(broken);
    expect(await cached()).toEqual(broken);

    await writeFile(file, text);
    expect(await cached()).toEqual(clean);
  });
});
