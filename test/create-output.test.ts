/**
 * A new output folder is written by a worker thread while the run emits (write/create-output.ts):
 * the bytes on disk, the hashes it returns for the run cache, and what a failure or an abandoned
 * creation leaves (nothing: neither the output nor its staging folder).
 */
import { readdirSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EMITTERS } from "../generator/emit/index.ts";
import type { Emitter } from "../generator/model/types.ts";
import { generate } from "../generator/pipeline.ts";
import { sha256 } from "../generator/write/cache.ts";
import { THREAD_FROM_LENGTH } from "../generator/write/create-output.ts";
import { finishFiles } from "../generator/write/finish.ts";
import { openOutput, OutputWriteError, readTree } from "../generator/write/write-output.ts";
import { SPEC_DIR } from "./helpers/spec.ts";

let dir: string;
let out: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "opspec-create-"));
  out = path.join(dir, "generated");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What is beside the output folder: the output itself, staging or lock files. */
const beside = () => readdirSync(dir).filter((name) => name !== "spec");

/** A file that makes an output large enough for the writing thread. */
const FILLER = { path: "filler.txt", contents: `${"f".repeat(THREAD_FROM_LENGTH)}\n` };

for (const [kind, extra] of [
  ["a small output, written at commit", []],
  ["a large output, written by the thread as files come", [FILLER]],
] as const) {
  describe(kind, () => {
    it("writes each file's UTF-8 bytes, headed files included; the thread also returns the sha256 the run cache computes", async () => {
      const files = finishFiles([
        { path: "a.ts", contents: "export const a = 1;\n", source: "spec/a.yaml" },
        { path: "deep/er/b.md", contents: "# B — é, 😀 and ☃\n" },
        { path: "c.json", contents: `${JSON.stringify({ long: "x".repeat(3 << 20) })}\n` },
        ...extra,
      ]);
      const output = await openOutput(out);
      try {
        const creation = output.create()!;
        creation.add(files.slice(0, 1));
        creation.add(files.slice(1));
        const hashes = await creation.commit();
        for (const file of files) expect((await readFile(path.join(out, file.path))).equals(Buffer.from(file.contents, "utf8"))).toBe(true);
        if (extra.length === 0) expect(hashes.size).toBe(0);
        else expect(new Map(files.map((f) => [f.path, hashes.get(f.path)]))).toEqual(new Map(files.map((f) => [f.path, sha256(f.contents)])));
      } finally {
        await output.close();
      }
      expect(beside()).toEqual(["generated"]);
    });

    it("a file that cannot be written fails the creation with WRITE_FAILED, and leaves nothing", async () => {
      const output = await openOutput(out);
      try {
        const creation = output.create()!;
        // "a" is a file and a folder (of "a/b.txt"): whichever is made first, the other cannot be.
        creation.add([...extra, { path: "a", contents: "file\n" }]);
        creation.add([{ path: "a/b.txt", contents: "under a file\n" }]);
        const err = await creation.commit().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(OutputWriteError);
        expect((err as OutputWriteError).code).toBe("WRITE_FAILED");
        expect((err as Error).message).toMatch(/^could not write the new output beside .*generated\/: .*E(NOTDIR|EXIST|ISDIR).*; no .*generated\/ was created$/);
      } finally {
        await output.close();
      }
      expect(beside()).toEqual([]);
    });

    it("an abandoned creation deletes what it wrote", async () => {
      const output = await openOutput(out);
      try {
        const creation = output.create()!;
        creation.add([...extra, { path: "one.txt", contents: "1\n" }]);
        await creation.abort();
      } finally {
        await output.close();
      }
      expect(beside()).toEqual([]);
    });
  });
}

it("a creation is offered for a folder that does not exist yet, and not for one that does", async () => {
  const output = await openOutput(out);
  try {
    const creation = output.create();
    expect(creation).toBeDefined();
    creation!.add([{ path: "x.txt", contents: "x\n" }]);
    await creation!.commit();
    expect(output.create()).toBeUndefined();
  } finally {
    await output.close();
  }
});

describe("generate() into a new folder", () => {
  it("writes the files it writes into an existing folder, and the run cache then answers", async () => {
    const spec = path.join(dir, "spec");
    await cp(SPEC_DIR, spec, { recursive: true });
    const created = await generate({ specDir: spec, outDir: out });
    expect(created.ok).toBe(true);
    // The same spec generated into an existing empty folder goes the update-in-place way.
    const other = path.join(dir, "other");
    await mkdir(other);
    expect((await generate({ specDir: spec, outDir: other })).ok).toBe(true);
    expect(await readTree(out)).toEqual(await readTree(other));
    // The hashes the writing thread returned are the ones the cache checks the files against.
    const again = await generate({ specDir: spec, outDir: out });
    expect(again.cached).toBe(true);
  });

  it("an emitter that fails after others' files were handed over leaves neither the output nor its staging folder", async () => {
    const spec = path.join(dir, "spec");
    await cp(SPEC_DIR, spec, { recursive: true });
    const failing: Emitter = {
      name: "failing",
      emit: () => {
        throw new Error("emitter failed on purpose");
      },
    };
    await expect(generate({ specDir: spec, outDir: out, emitters: [...EMITTERS, failing] })).rejects.toThrow("emitter failed on purpose");
    expect(beside()).toEqual([]);
  });
});
