/**
 * How an output folder on disk differs from a run's files: the one comparison, used by the compare
 * stage (small outputs, and watch mode's snapshot; a large output is compared file by file by the
 * writing thread, streamed-output.ts) and by tests.
 */
import { readFile } from "node:fs/promises";
import type { EmittedFile } from "../model/types.ts";
import { listTree, withOutputMarker } from "./output-folder.ts";

export interface OutputDiff {
  /** On disk with other contents. */
  stale: string[];
  /** Generated but not on disk. */
  missing: string[];
  /** On disk but no longer generated. */
  extra: string[];
}

export function isClean(diff: OutputDiff): boolean {
  return diff.stale.length + diff.missing.length + diff.extra.length === 0;
}

/** Every file below `dir` (the kept folders aside, see listTree) and its text; relative, forward slashes, sorted. */
export async function readTree(dir: string): Promise<Map<string, string>> {
  const listed = [...listTree(dir)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const texts = await Promise.all(listed.map(([, full]) => readFile(full, "utf8")));
  return new Map(listed.map(([rel], i) => [rel, texts[i]!]));
}

/** How `outDir` differs from `files` (the marker counts as one of them, added if absent). */
export async function diffOutput(outDir: string, files: readonly EmittedFile[]): Promise<OutputDiff> {
  const onDisk = await readTree(outDir);
  return compareWithDisk(files, onDisk.keys(), (p) => onDisk.get(p));
}

/**
 * The one comparison of a run's files (and the marker) with an output folder: `onDisk` lists the
 * folder's files, `textAt` reads one (undefined: not there). Each list is in code-unit order.
 */
export function compareWithDisk(files: readonly EmittedFile[], onDisk: Iterable<string>, textAt: (path: string) => string | undefined): OutputDiff {
  const diff: OutputDiff = { stale: [], missing: [], extra: [] };
  const wanted = new Set<string>();
  for (const f of withOutputMarker(files)) {
    wanted.add(f.path);
    const current = textAt(f.path);
    if (current === undefined) diff.missing.push(f.path);
    else if (current !== f.contents) diff.stale.push(f.path);
  }
  for (const p of onDisk) if (!wanted.has(p)) diff.extra.push(p);
  diff.stale.sort();
  diff.missing.sort();
  diff.extra.sort();
  return diff;
}
