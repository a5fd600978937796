/**
 * What the output folder holds, remembered between the runs of one watch process, so comparing a run's
 * files with the folder does not read the whole tree back (about 1.8 MB for the repository's spec, most
 * of the compare stage) on every save.
 *
 * A remembered text is trusted only while the file's stat signature (device, inode, size, mtime and
 * ctime in nanoseconds) is the one seen when the text was learnt. A file edited by hand, replaced by a
 * rename, or rewritten by another run (every file a run writes is a new inode) fails that test and is read again,
 * so the diff is always the one `diffOutput` (write-output.ts) would compute from the disk: the same
 * file set (regular files only, the kept folders left out), the same UTF-8 decoding, the same order.
 *
 * The file-system calls are synchronous on purpose: a few dozen `stat`s each cost microseconds, and
 * sending each through the thread pool as a promise costs more than the call itself.
 */
import { readFileSync, statSync, type BigIntStats } from "node:fs";
import path from "node:path";
import type { EmittedFile } from "../model/types.ts";
import { compareWithDisk, listTree, withOutputMarker, type OutputDiff } from "../write/write-output.ts";

interface Known {
  signature: string;
  contents: string;
}

function signature(info: BigIntStats): string {
  return `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
}

function statOf(full: string): BigIntStats | undefined {
  try {
    return statSync(full, { bigint: true });
  } catch {
    return undefined;
  }
}

export class OutputSnapshot {
  /** Relative path (forward slashes) → the text last seen or written there, and the signature it had. */
  #known = new Map<string, Known>();

  /** Every file below `dir` and its text, as `readTree` returns them (read only where the signature changed). */
  read(dir: string): Map<string, string> {
    const onDisk = listTree(dir);
    const texts = new Map<string, string>();
    for (const rel of [...onDisk.keys()].sort() /* code-unit order, as readTree's */) {
      const contents = this.#read(rel, onDisk.get(rel)!);
      if (contents !== undefined) texts.set(rel, contents);
    }
    for (const p of this.#known.keys()) if (!onDisk.has(p)) this.#known.delete(p);
    return texts;
  }

  /** How `outDir` differs from `files` (the marker counts as one of them): `diffOutput`'s answer. */
  diff(outDir: string, files: readonly EmittedFile[]): OutputDiff {
    const onDisk = listTree(outDir);
    const diff = compareWithDisk(files, onDisk.keys(), (p) => {
      const full = onDisk.get(p);
      return full === undefined ? undefined : this.#read(p, full);
    });
    for (const p of this.#known.keys()) if (!onDisk.has(p)) this.#known.delete(p);
    return diff;
  }

  /**
   * The text at `full`: the remembered one while the signature holds, else read (and remembered). The
   * signature is taken before reading, so an edit landing between the two leaves an older signature
   * beside the newer text and is read again next time, never trusted stale.
   */
  #read(rel: string, full: string): string | undefined {
    const info = statOf(full);
    if (!info) return undefined;
    const sig = signature(info);
    const known = this.#known.get(rel);
    if (known?.signature === sig) return known.contents;
    let contents: string;
    try {
      contents = readFileSync(full, "utf8");
    } catch {
      this.#known.delete(rel);
      return undefined;
    }
    this.#known.set(rel, { signature: sig, contents });
    return contents;
  }

  /**
   * After a successful write of `files` (and the marker) into `outDir`: remember them as written. A file
   * whose size is not the byte length written (changed in the moment since) is left unknown, to be read.
   */
  wrote(outDir: string, files: readonly EmittedFile[]): void {
    this.#known.clear();
    for (const f of withOutputMarker(files)) {
      const info = statOf(path.join(outDir, ...f.path.split("/")));
      if (info && info.isFile() && info.size === BigInt(Buffer.byteLength(f.contents, "utf8"))) this.#known.set(f.path, { signature: signature(info), contents: f.contents });
    }
  }
}
