/**
 * Large files: an update writes them a slice at a time (write/write-files.ts), a new output encodes
 * each whole for its writing thread (write/streamed-output.ts). Either way the bytes on disk must be
 * the text's UTF-8, whatever falls on a slice boundary.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writeOutput } from "../generator/write/write-output.ts";

const MB = 1 << 20;
let dir: string | undefined;

afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("writing large files", () => {
  it("writes a text past the slice size byte for byte, a surrogate pair and multi-byte characters on the boundaries", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "opspec-large-write-"));
    const out = path.join(dir, "out");
    // An emoji (two UTF-16 units) straddling the first boundary, an em dash on the second, then ASCII.
    const text = "a".repeat(MB - 1) + "\u{1f600}" + "b".repeat(MB - 2) + "—" + "c".repeat(MB + 123) + "é\n";
    const small = "small — file\n";
    // First into a new folder, then as an update of it (the big text changed, so it is rewritten).
    for (const big of [text, `${text}d`]) {
      await writeOutput(out, [
        { path: "big.txt", contents: big },
        { path: "nested/small.txt", contents: small },
      ]);
      // equals, not toEqual: a deep comparison of 3 MB byte by byte takes seconds.
      expect((await readFile(path.join(out, "big.txt"))).equals(Buffer.from(big, "utf8"))).toBe(true);
      expect(await readFile(path.join(out, "nested/small.txt"), "utf8")).toBe(small);
    }
  });
});
