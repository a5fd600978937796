/**
 * Watch mode's incremental runs (generator/incremental/): after any sequence of saves, the output of a
 * run that keeps state between saves must be byte for byte what a fresh full run writes for the same
 * spec, and each run must report the differences a fresh `--check` sees before it. Every step below
 * runs the stateful pipeline on one output folder and a stateless, forced run on another, and compares.
 */
import { cp, mkdtemp, readdir, readFile, rm, stat, unlink, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WatchState } from "../generator/incremental/watch-state.ts";
import type { ApiModel, Emitter } from "../generator/model/types.ts";
import { generate, type GenerateResult } from "../generator/pipeline.ts";
import { readTree } from "../generator/write/write-output.ts";
import { SPEC_DIR } from "./helpers/spec.ts";

let dir: string;
let spec: string;
let out: string;
let fresh: string;
const state = new WatchState();

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "opspec-watch-"));
  spec = path.join(dir, "spec");
  out = path.join(dir, "out");
  fresh = path.join(dir, "fresh");
  await cp(SPEC_DIR, spec, { recursive: true });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const specFile = (name: string) => path.join(spec, name);

async function edit(name: string, change: (text: string) => string): Promise<void> {
  const text = await readFile(specFile(name), "utf8");
  const changed = change(text);
  expect(changed).not.toBe(text);
  await writeFile(specFile(name), changed);
}

/**
 * One save: what a fresh `--check` says is stale, then the stateful run, which must report exactly
 * that and leave the folder equal to a fresh full generation's.
 */
async function save(): Promise<GenerateResult> {
  const expected = await generate({ specDir: spec, outDir: out, check: true });
  const result = await generate({ specDir: spec, outDir: out, state });
  await state.flush();
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(result.diff).toEqual(expected.diff);
  const reference = await generate({ specDir: spec, outDir: fresh, force: true });
  expect(reference.ok).toBe(true);
  expect(await readTree(out)).toEqual(await readTree(fresh));
  return result;
}

/** The folder's files with their inode and mtime: an untouched folder keeps all three. */
async function fingerprint(folder: string): Promise<Map<string, string>> {
  const tree = await readTree(folder);
  const prints = new Map<string, string>();
  for (const [file, contents] of tree) {
    const info = await stat(path.join(folder, file), { bigint: true });
    prints.set(file, `${info.ino}:${info.mtimeNs}:${contents}`);
  }
  return prints;
}

describe("watch mode's incremental runs", () => {
  it("start from an empty folder and write what a fresh run writes", async () => {
    const first = await save();
    expect(first.diff!.missing.length).toBeGreaterThan(40);
  });

  it("a save that changes nothing is answered from memory, and a touched-up spec text that keeps the model emits the same", async () => {
    const again = await save();
    expect(again.cached).toBe(true);
    await edit("admins.yaml", (t) => t.replace("resource: admins\n", "resource: admins # the teammates\n"));
    const comment = await save();
    expect(comment.cached).toBeUndefined();
    expect(comment.diff).toEqual({ stale: [], missing: [], extra: [] });
  });

  it("follow a changed title, an added and a removed operation", async () => {
    await edit("admins.yaml", (t) => t.replace("title: Admins\n", "title: Admins and teammates\n"));
    const titled = await save();
    expect(titled.diff!.stale).toContain("docs/admins.md");

    const operation = [
      "  - name: ping",
      "    summary: Ping the workspace",
      "    description: Answers when the workspace is reachable.",
      "    risk: read",
      "    http: { method: GET, path: /admins/ping }",
      "",
      "",
    ].join("\n");
    await edit("admins.yaml", (t) => t.replace("operations:\n", `operations:\n${operation}`));
    const added = await save();
    expect(added.diff!.stale).toContain("openapi/openapi.json");
    expect((await readFile(path.join(out, "docs/admins.md"), "utf8")).includes("Ping the workspace")).toBe(true);

    await edit("admins.yaml", (t) => t.replace(operation, ""));
    await save();
    expect((await readFile(path.join(out, "docs/admins.md"), "utf8")).includes("Ping the workspace")).toBe(false);
  });

  it("leave the output untouched on a broken save, and recover when it is fixed", async () => {
    const before = await fingerprint(out);
    const good = await readFile(specFile("admins.yaml"), "utf8");
    await writeFile(specFile("admins.yaml"), good.replace("title: Admins and teammates\n", "title: [Admins\n"));
    const broken = await generate({ specDir: spec, outDir: out, state });
    expect(broken.ok).toBe(false);
    expect(broken.diagnostics.some((d) => d.code === "yaml-syntax" && d.file.endsWith("admins.yaml"))).toBe(true);
    // A file that parses but breaks a rule: also refused, also nothing written.
    await writeFile(specFile("admins.yaml"), good.replace("    risk: read\n", "    risk: reed\n"));
    const invalid = await generate({ specDir: spec, outDir: out, state });
    expect(invalid.ok).toBe(false);
    expect(await fingerprint(out)).toEqual(before);

    await writeFile(specFile("admins.yaml"), good.replace("title: Admins and teammates\n", "title: Admins again\n"));
    const fixed = await save();
    expect(fixed.diff!.stale).toContain("docs/admins.md");
  });

  it("drop what a deleted spec file generated", async () => {
    await unlink(specFile("help-centers.yaml"));
    await edit("api.yaml", (t) => t.replace(", helpCenters]", "]"));
    const deleted = await save();
    expect(deleted.diff!.extra).toContain("docs/help-centers.md");
    expect(await readTree(out)).not.toContain("docs/help-centers.md");
  });

  it("rewrite generated files edited, added or deleted by hand, even when an edit keeps the size and mtime", async () => {
    const page = path.join(out, "docs/admins.md");
    const original = await readFile(page, "utf8");
    const { mtime } = await stat(page);
    const sameSize = original.replace("# Admins", "# Xdmins");
    expect(sameSize.length).toBe(original.length);
    await writeFile(page, sameSize);
    await utimes(page, mtime, mtime); // only the ctime tells now
    await writeFile(path.join(out, "schemas/stray.ts"), "export {};\n");
    await unlink(path.join(out, "client/admins.ts"));
    const repaired = await save();
    expect(repaired.diff).toEqual({ stale: ["docs/admins.md"], missing: ["client/admins.ts"], extra: ["schemas/stray.ts"] });
    expect(await readFile(page, "utf8")).toBe(original);
  });

  it("notice an output replaced by another run in between", async () => {
    // Another process (a plain `opspec generate` of another version of the spec) writes the folder.
    const other = path.join(dir, "other-spec");
    await cp(spec, other, { recursive: true });
    await writeFile(path.join(other, "admins.yaml"), (await readFile(path.join(other, "admins.yaml"), "utf8")).replace("title: Admins again\n", "title: Admins elsewhere\n"));
    await generate({ specDir: other, outDir: out });
    const back = await save();
    expect(back.cached).toBeUndefined();
    expect(back.diff!.stale).toContain("docs/admins.md");
  });

  it("report a complete output before the previous texts are deleted, which the next flush does", async () => {
    await edit("admins.yaml", (t) => t.replace(/^title: .*$/m, "title: Admins, once more"));
    const result = await generate({ specDir: spec, outDir: out, state });
    expect(result.diff!.stale).toContain("docs/admins.md");
    const staging = (await readdir(dir)).filter((n) => n.startsWith("out.tmp-"));
    // The update is done (no journal: recovery would only delete the folder); its old texts wait.
    expect(staging).toHaveLength(1);
    expect((await readdir(path.join(dir, staging[0]!, "old"))).length).toBeGreaterThan(0);
    expect(await readdir(path.join(dir, staging[0]!))).not.toContain("journal.json");
    expect((await generate({ specDir: spec, outDir: fresh, force: true })).ok).toBe(true);
    expect(await readTree(out)).toEqual(await readTree(fresh));
    await state.flush();
    expect((await readdir(dir)).filter((n) => n.startsWith("out.tmp-"))).toEqual([]);
  });
});

describe("the emit memo", () => {
  it("runs an emitter again exactly when the model changed", async () => {
    const seen: string[] = [];
    const titles: Emitter = { name: "titles", emit: (model: ApiModel) => (seen.push(model.title), [{ path: "titles.md", contents: `${model.title}\n` }]) };
    const memo = new WatchState();
    const run = async () => {
      const model = { title: "A", resources: [], note: undefined } as unknown as ApiModel;
      const key = memo.modelKey(model);
      return memo.emit(titles, model, key);
    };
    await run();
    await run();
    expect(seen).toEqual(["A"]);
    const changed = { title: "B" } as unknown as ApiModel;
    expect((await memo.emit(titles, changed, memo.modelKey(changed)))[0]!.contents).toBe("B\n");
    // A member set to undefined is a different model from one without it: V8's serialisation tells them apart.
    const a = memo.modelKey({ title: "B" } as unknown as ApiModel)!;
    const b = memo.modelKey({ title: "B", description: undefined } as unknown as ApiModel)!;
    expect(a.equals(b)).toBe(false);
    // Not serialisable: no key, and the emitter always runs.
    const odd = { title: "C", f: () => 1 } as unknown as ApiModel;
    expect(memo.modelKey(odd)).toBeUndefined();
    await memo.emit(titles, odd, undefined);
    await memo.emit(titles, odd, undefined);
    expect(seen).toEqual(["A", "B", "C", "C"]);
  });
});
