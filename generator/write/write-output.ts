/**
 * Write: replace the output folder as a whole, or (check mode) only compare.
 *
 * The new tree is written to a temporary folder beside the output, then swapped in with two renames
 * (output → .old, temporary → output). A process killed at any moment leaves either the old or the
 * new tree in place; the only instant without `generated/` is between the two renames, and every run
 * first repairs that state (`recoverInterruptedSwap`), so nothing is ever lost.
 */
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { EmittedFile } from "../model/types.ts";

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

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

/** Every file below `dir`, relative, forward slashes, sorted. */
export async function readTree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!(await exists(dir))) return out;
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  await Promise.all(
    entries
      .filter((e) => e.isFile())
      .map(async (e) => {
        const full = path.join(e.parentPath, e.name);
        out.set(path.relative(dir, full).split(path.sep).join("/"), await readFile(full, "utf8"));
      }),
  );
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export async function diffOutput(outDir: string, files: readonly EmittedFile[]): Promise<OutputDiff> {
  const onDisk = await readTree(outDir);
  const diff: OutputDiff = { stale: [], missing: [], extra: [] };
  const wanted = new Set<string>();
  for (const f of files) {
    wanted.add(f.path);
    const current = onDisk.get(f.path);
    if (current === undefined) diff.missing.push(f.path);
    else if (current !== f.contents) diff.stale.push(f.path);
  }
  for (const p of onDisk.keys()) if (!wanted.has(p)) diff.extra.push(p);
  diff.stale.sort();
  diff.missing.sort();
  return diff;
}

/** Repairs what a run killed mid-swap left behind; removes abandoned temporary folders. */
export async function recoverInterruptedSwap(outDir: string): Promise<void> {
  const parent = path.dirname(outDir);
  const base = path.basename(outDir);
  if (!(await exists(parent))) return;
  const siblings = await readdir(parent);
  const olds = siblings.filter((n) => n.startsWith(`${base}.old-`)).sort();
  if (!(await exists(outDir)) && olds.length > 0) await rename(path.join(parent, olds[olds.length - 1]!), outDir);
  for (const n of siblings)
    if (n.startsWith(`${base}.tmp-`) || n.startsWith(`${base}.old-`))
      await rm(path.join(parent, n), { recursive: true, force: true });
}

/** Writes `files` as the complete new contents of `outDir`, atomically swapped in. */
export async function writeOutput(outDir: string, files: readonly EmittedFile[]): Promise<void> {
  await recoverInterruptedSwap(outDir);
  const parent = path.dirname(outDir);
  const base = path.basename(outDir);
  await mkdir(parent, { recursive: true });
  const tmp = await mkdtemp(path.join(parent, `${base}.tmp-`));
  try {
    const dirs = new Set(files.map((f) => path.dirname(path.join(tmp, f.path))));
    for (const d of [...dirs].sort()) await mkdir(d, { recursive: true });
    await Promise.all(files.map((f) => writeFile(path.join(tmp, f.path), f.contents)));
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
  const old = `${path.join(parent, base)}.old-${path.basename(tmp).slice(`${base}.tmp-`.length)}`;
  const hadOutput = await exists(outDir);
  if (hadOutput) await rename(outDir, old);
  await rename(tmp, outDir);
  if (hadOutput) await rm(old, { recursive: true, force: true });
}
