/**
 * The output written, or compared, while the run emits (write/streamed-output.ts): a new folder
 * written, an existing one compared and updated, a read-only one only compared; by the writing
 * thread for a large output and on the main thread for a small one. The bytes on disk, the diff, the
 * hashes for the run cache, and what a failure or an abandoned stream leaves: nothing but the output
 * as it was.
 */
import { readdirSync, statSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EMITTERS } from "../generator/emit/index.ts";
import type { EmittedFile, Emitter } from "../generator/model/types.ts";
import { generate } from "../generator/pipeline.ts";
import { sha256 } from "../generator/write/cache.ts";
import { finishFiles } from "../generator/write/finish.ts";
import { THREAD_FROM_LENGTH } from "../generator/write/streamed-output.ts";
import { OUTPUT_MARKER, openOutput, OutputWriteError, readTree, withOutputMarker, writeOutput } from "../generator/write/write-output.ts";
import { SPEC_DIR } from "./helpers/spec.ts";

let dir: string;
let out: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "opspec-stream-"));
  out = path.join(dir, "generated");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What is beside the output folder: the output itself, staging or lock files. */
const beside = () => readdirSync(dir).filter((name) => name !== "spec");

/** A file that makes an output large enough for the writing thread. */
const FILLER = { path: "filler.txt", contents: `${"f".repeat(THREAD_FROM_LENGTH)}\n` };

/** Streams `files` (the marker added) into `out`: add in two batches, compare, commit unless only checking. */
async function streamInto(files: EmittedFile[], options: { readOnly?: boolean } = {}) {
  const marked = withOutputMarker(files);
  const output = await openOutput(out, { readOnly: options.readOnly ?? false });
  try {
    const stream = output.stream();
    try {
      stream.add(marked.slice(0, 1));
      stream.add(marked.slice(1));
      const diff = await stream.compare(marked);
      if (!options.readOnly && diff.stale.length + diff.missing.length + diff.extra.length > 0) {
        const changed = new Set([...diff.stale, ...diff.missing]);
        await stream.commit(marked, new Set(marked.map((f) => f.path).filter((p) => !changed.has(p))));
      }
      return { mode: stream.mode, diff, hashes: stream.hashes };
    } finally {
      await stream.abort();
    }
  } finally {
    await output.close();
  }
}

const bytesOf = async (rel: string) => readFile(path.join(out, rel));

for (const [kind, extra] of [
  ["a small output (main thread)", []],
  ["a large output (the writing thread)", [FILLER]],
] as const) {
  describe(kind, () => {
    const first = () =>
      finishFiles([
        { path: "a.ts", contents: "export const a = 1;\n", source: "spec/a.yaml" },
        { path: "deep/er/b.md", contents: "# B — é, 😀 and ☃\n" },
        { path: "c.json", contents: `${JSON.stringify({ long: "x".repeat(3 << 20) })}\n` },
        { path: "gone/d.txt", contents: "removed by the update\n" },
        ...extra,
      ]);

    it("writes a new folder: each file's UTF-8 bytes, headed files included; the thread's hashes are the run cache's", async () => {
      const files = first();
      const { mode, diff, hashes } = await streamInto(files);
      expect(mode).toBe("create");
      expect(diff.missing).toEqual([...withOutputMarker(files).map((f) => f.path)].sort());
      for (const file of files) expect((await bytesOf(file.path)).equals(Buffer.from(file.contents, "utf8"))).toBe(true);
      if (extra.length === 0) expect(hashes.size).toBe(0);
      else expect(new Map(files.map((f) => [f.path, hashes.get(f.path)]))).toEqual(new Map(files.map((f) => [f.path, sha256(f.contents)])));
    expect(beside()).toEqual(["generated"]);
    });

    it("updates an existing folder: the diff names what changed, came or went, and the folder then holds exactly the new files", async () => {
      await streamInto(first());
      const unchangedInode = statSync(path.join(out, "a.ts")).ino;
      const next = finishFiles([
        { path: "a.ts", contents: "export const a = 1;\n", source: "spec/a.yaml" },
        { path: "deep/er/b.md", contents: "# B — changed ☃\n" },
        { path: "c.json", contents: `${JSON.stringify({ long: "y".repeat(3 << 20) })}\n` },
        { path: "new/e.txt", contents: "new\n" },
        ...extra,
      ]);
      const { mode, diff } = await streamInto(next);
      expect(mode).toBe("update");
      expect(diff).toEqual({ stale: ["c.json", "deep/er/b.md"], missing: ["new/e.txt"], extra: ["gone/d.txt"] });
      const tree = await readTree(out);
      expect(new Map([...tree].filter(([p]) => p !== OUTPUT_MARKER))).toEqual(new Map(next.map((f) => [f.path, f.contents])));
      // Left alone, not rewritten.
      expect(statSync(path.join(out, "a.ts")).ino).toBe(unchangedInode);
    expect(beside()).toEqual(["generated"]);
    });

    it("finds an up-to-date folder clean, writes nothing and leaves no staging folder", async () => {
      await streamInto(first());
      const { diff } = await streamInto(first());
      expect(diff).toEqual({ stale: [], missing: [], extra: [] });
    expect(beside()).toEqual(["generated"]);
    });

    it("read-only, only compares: the same diff, nothing written", async () => {
      await streamInto(first());
      const before = await readTree(out);
      const changed = first().map((f) => (f.path === "a.ts" ? { path: f.path, contents: "changed\n" } : f));
      const { mode, diff } = await streamInto(changed, { readOnly: true });
      expect(mode).toBe("check");
      expect(diff).toEqual({ stale: ["a.ts"], missing: [], extra: [] });
      expect(await readTree(out)).toEqual(before);
    expect(beside()).toEqual(["generated"]);
    });

    it("a file that cannot be written fails with WRITE_FAILED, and leaves nothing", async () => {
      // "a" is a file and a folder (of "a/b.txt"): whichever is made first, the other cannot be.
      const err = await streamInto([...extra, { path: "a", contents: "file\n" }, { path: "a/b.txt", contents: "under a file\n" }]).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(OutputWriteError);
      expect((err as OutputWriteError).code).toBe("WRITE_FAILED");
      expect((err as Error).message).toMatch(/^could not write the new output beside .*generated\/: .*E(NOTDIR|EXIST|ISDIR).*; no .*generated\/ was created$/);
      expect(beside()).toEqual([]);
    });

    it("an abandoned stream deletes what it wrote or staged, and leaves the output as it was", async () => {
      for (const existing of [false, true]) {
        if (existing) await writeOutput(out, [{ path: "kept.txt", contents: "kept\n" }]);
        const output = await openOutput(out);
        try {
          const stream = output.stream();
          stream.add([...extra, { path: "one.txt", contents: "1\n" }]);
          await stream.abort();
        } finally {
          await output.close();
        }
        expect(beside()).toEqual(existing ? ["generated"] : []);
        if (existing) expect([...(await readTree(out)).keys()]).toEqual([OUTPUT_MARKER, "kept.txt"]);
      }
    });
  });
}

describe("the writing thread's comparison with the files on disk", () => {
  // Larger than THREAD_FROM_LENGTH on its own, and several of the pieces the thread reads a file by (1 MiB).
  const long = "z".repeat(5 << 20);
  const big = (text: string) => finishFiles([{ path: "big.txt", contents: text }]);
  const noChange = { stale: [], missing: [], extra: [] };

  it("finds a one-byte change of a large file wherever it is, and no change where there is none", async () => {
    await streamInto(big(long));
    expect((await streamInto(big(long), { readOnly: true })).diff).toEqual(noChange);
    // The first byte, the last of the first piece, the first of the second, the last of the file.
    for (const at of [0, (1 << 20) - 1, 1 << 20, long.length - 1]) {
      const changed = `${long.slice(0, at)}q${long.slice(at + 1)}`;
      expect((await streamInto(big(changed), { readOnly: true })).diff).toEqual({ ...noChange, stale: ["big.txt"] });
    }
    expect((await streamInto(big(long.slice(1)), { readOnly: true })).diff).toEqual({ ...noChange, stale: ["big.txt"] });
  });

  it("counts a folder where a file should be as a missing file", async () => {
    await streamInto(big(long));
    await rm(path.join(out, "big.txt"));
    await mkdir(path.join(out, "big.txt"));
    expect((await streamInto(big(long), { readOnly: true })).diff).toEqual({ ...noChange, missing: ["big.txt"] });
  });
});

describe("the writing thread's buffers, posted in batches and given back to be written again (write/byte-chunks.ts)", () => {
  // About 49 MB in 64 files of mixed characters: several batches of several buffers each, added in
  // four hand-overs with pauses between them, so the thread gives buffers back while later files are encoded.
  const unit = "ascii é → 😀 ☃\n";
  const files = (round: number) =>
    finishFiles(
      Array.from({ length: 64 }, (_, i) => ({
        path: `part-${i % 4}/file-${i}.txt`,
        contents: `${round}:${i}:${unit.repeat(Math.floor(((3 + (i % 5)) << 20) / unit.length / 10))}${i % 7 === 0 ? "" : "tail"}`,
      })),
    );

  async function streamSlowly(all: EmittedFile[]) {
    const marked = withOutputMarker(all);
    const output = await openOutput(out, { readOnly: false });
    try {
      const stream = output.stream();
      try {
        for (let at = 0; at < marked.length; at += 17) {
          stream.add(marked.slice(at, at + 17));
          await new Promise((resolve) => setTimeout(resolve, 40));
        }
        const diff = await stream.compare(marked);
        const changed = new Set([...diff.stale, ...diff.missing]);
        await stream.commit(marked, new Set(marked.map((f) => f.path).filter((p) => !changed.has(p))));
        return { diff, hashes: stream.hashes };
      } finally {
        await stream.abort();
      }
    } finally {
      await output.close();
    }
  }

  it("writes every file's bytes, new and then updated, and hashes each as the run cache does", async () => {
    for (const round of [1, 2]) {
      const all = files(round);
      const { diff, hashes } = await streamSlowly(all);
      expect(diff.stale.length + diff.missing.length).toBe(all.length + (round === 1 ? 1 : 0));
      for (const file of all) {
        expect((await bytesOf(file.path)).equals(Buffer.from(file.contents, "utf8"))).toBe(true);
        expect(hashes.get(file.path)).toBe(sha256(file.contents));
      }
    }
    expect(beside()).toEqual(["generated"]);
  });
});

describe("generate()", () => {
  it("writes the same files into a new folder as into an existing empty one, and the run cache then answers", async () => {
    const spec = path.join(dir, "spec");
    await cp(SPEC_DIR, spec, { recursive: true });
    expect((await generate({ specDir: spec, outDir: out })).ok).toBe(true);
    const other = path.join(dir, "other");
    await mkdir(other);
    expect((await generate({ specDir: spec, outDir: other })).ok).toBe(true);
    expect(await readTree(out)).toEqual(await readTree(other));
    expect((await generate({ specDir: spec, outDir: out })).cached).toBe(true);
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
    const large: Emitter = { name: "large", emit: () => [FILLER] };
    await expect(generate({ specDir: spec, outDir: out, emitters: [...EMITTERS, large, failing] })).rejects.toThrow("emitter failed on purpose");
    expect(beside()).toEqual([]);
  });
});
