/**
 * Write: replace the output folder as a whole, or (check mode) only compare.
 *
 * A run opens the output folder first (`openOutput`): it refuses a folder it must not replace
 * (output-folder.ts), takes the folder's lock (output-lock.ts) so concurrent runs take turns, and
 * repairs what a killed run left beside it (`recoverInterruptedSwap`) before anything reads it.
 *
 * The new tree is written to a temporary folder beside the output, then swapped in with two renames
 * (output → .old, temporary → output). A process killed at any moment leaves either the old or the
 * new tree in place, except between the two renames, when the output folder is missing and the old
 * tree waits complete in `<out>.old-*`; the next run, check mode included, puts it back before it
 * reads anything. So nothing is ever lost, and no run ever sees a mix.
 *
 * Check mode opens the output read-only: it takes the lock and does that repair (which only restores
 * the last complete output and deletes leftover siblings, never a file inside a complete output), but
 * never writes into the output folder itself.
 */
import { Buffer } from "node:buffer";
import { chmod, link, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { EmittedFile } from "../model/types.ts";
import { OutputWriteError, reason, shownFolder, shownPath } from "./output-errors.ts";
import { textParts } from "./finish.ts";
import { checkOutputFolder, withOutputMarker } from "./output-folder.ts";
import { acquireOutputLock, removeAbandonedClaims, type HeldLock, type LockOptions } from "./output-lock.ts";

export { OutputFolderError, OutputWriteError, type OutputFolderErrorCode, type OutputWriteErrorCode } from "./output-errors.ts";
export { OUTPUT_MARKER, checkOutputFolder, withOutputMarker } from "./output-folder.ts";
export { lockPathFor, withOutputLock } from "./output-lock.ts";

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

/**
 * Top-level folders of an output that belong to the package's own install and build, not to opspec:
 * `cd generated && npm install && npm run build` makes them. A run keeps them across the swap, and
 * neither compares nor counts them.
 */
export const KEPT_FOLDERS: readonly string[] = ["node_modules", "dist"];

function isKept(dir: string, full: string): boolean {
  const first = path.relative(dir, full).split(path.sep)[0]!;
  return KEPT_FOLDERS.includes(first);
}

/** Every file below `dir` (the kept folders aside), relative, forward slashes, sorted. */
export async function readTree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!(await exists(dir))) return out;
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  await Promise.all(
    entries
      .filter((e) => e.isFile() && !isKept(dir, path.join(e.parentPath, e.name)))
      .map(async (e) => {
        const full = path.join(e.parentPath, e.name);
        out.set(path.relative(dir, full).split(path.sep).join("/"), await readFile(full, "utf8"));
      }),
  );
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
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

// ---------------------------------------------------------------------------------------------------
// Crash points (a test hook)

/** The named steps of a write, in order; `after-old-renamed` happens only when there was an output. */
export const WRITE_STEPS = ["after-lock", "after-tmp-written", "after-old-renamed", "after-new-renamed", "after-old-removed"] as const;
export type WriteStep = (typeof WRITE_STEPS)[number];

/**
 * TEST HOOK, not a feature: with OPSPEC_CRASH_AT=<step> in its environment, the process kills itself
 * with SIGKILL on reaching that step, so test/kill.test.ts can crash a run at each step of the swap
 * deterministically rather than aiming kills with timers. Without the variable it does nothing.
 */
function reached(step: WriteStep): void {
  if (process.env.OPSPEC_CRASH_AT === step) process.kill(process.pid, "SIGKILL");
}

// ---------------------------------------------------------------------------------------------------
// Leftovers of interrupted runs

/**
 * `<out>.tmp-<ms>-<pid>-<n>` / `<out>.old-<ms>-<pid>-<n>`, and the 6-character suffixes of earlier
 * versions (mkdtemp's). Only names of exactly these shapes are ever deleted, so a user's own
 * `generated.old-2023/` beside the output is left alone.
 */
const LEFTOVER_NAME = /^(tmp|old)-(?:(\d+)-\d+-\d+|[A-Za-z0-9]{6})$/;

interface Leftover {
  path: string;
  kind: "tmp" | "old";
  /** When it was made (0: unknown, an earlier version's name). */
  stamp: number;
}

async function findLeftovers(outDir: string): Promise<Leftover[]> {
  const parent = path.dirname(outDir);
  const prefix = `${path.basename(outDir)}.`;
  const names = await readdir(parent).catch(() => [] as string[]);
  const found: Leftover[] = [];
  for (const name of names) {
    const match = name.startsWith(prefix) ? LEFTOVER_NAME.exec(name.slice(prefix.length)) : null;
    if (match) found.push({ path: path.join(parent, name), kind: match[1] as "tmp" | "old", stamp: Number(match[2] ?? 0) });
  }
  return found;
}

/**
 * Repairs what a run killed mid-swap left behind: puts the newest `.old` tree back when the output is
 * missing, then deletes every temporary and old folder. The caller holds the lock.
 */
export async function recoverInterruptedSwap(outDir: string): Promise<void> {
  const leftovers = await findLeftovers(outDir);
  const olds = leftovers.filter((l) => l.kind === "old").sort((a, b) => a.stamp - b.stamp);
  const newestOld = olds[olds.length - 1];
  let restored: string | undefined;
  if (newestOld && !(await exists(outDir))) {
    await rename(newestOld.path, outDir).catch((err: unknown) => {
      const msg = `could not restore ${shownFolder(outDir)} after an interrupted run: ${reason(err)}; the last complete output is in ${shownPath(newestOld.path)}`;
      throw new OutputWriteError("RECOVERY_FAILED", msg, { cause: err });
    });
    restored = newestOld.path;
  }
  for (const leftover of leftovers) {
    if (leftover.path === restored) continue;
    await rm(leftover.path, { recursive: true, force: true }).catch((err: unknown) => {
      const msg = `could not delete ${shownPath(leftover.path)}, left beside ${shownFolder(outDir)} by an interrupted run: ${reason(err)}; ${shownFolder(outDir)} is as the last complete run left it`;
      throw new OutputWriteError("RECOVERY_FAILED", msg, { cause: err });
    });
  }
  await removeAbandonedClaims(outDir);
}

// ---------------------------------------------------------------------------------------------------
// Opening, replacing, closing

export interface OpenOutputOptions {
  /** The spec folder: an output folder equal to it or holding it is refused. */
  specDir?: string;
  /** Check mode: never writes into the output; tolerates a folder where no lock file can be made. */
  readOnly?: boolean;
  lock?: LockOptions;
}

/** An output folder opened for one run: checked, locked and repaired. Close it in a `finally`. */
export interface OutputFolder {
  readonly dir: string;
  /**
   * Replaces the folder's contents with `files` (and the marker), atomically. `unchanged` names files
   * whose text on disk is already the new one (the compare stage found them equal): they are
   * hard-linked into the new tree instead of written again, which keeps the swap whole and makes a
   * one-file change cost one write (see linkUnchanged).
   */
  replace(files: readonly EmittedFile[], unchanged?: ReadonlySet<string>): Promise<void>;
  /** Releases the lock. */
  close(): Promise<void>;
}

/**
 * Refuses a folder that must not be replaced (OutputFolderError), takes its lock, repairs what an
 * interrupted run left, then checks the folder again as repaired, under the lock.
 */
export async function openOutput(outDir: string, options: OpenOutputOptions = {}): Promise<OutputFolder> {
  const dir = path.resolve(outDir);
  // Before the lock, so a refused folder gets no lock file beside it.
  await checkOutputFolder(dir, options);
  const lock = await lockFor(dir, options);
  try {
    reached("after-lock");
    await recoverInterruptedSwap(dir);
    await checkOutputFolder(dir, options);
  } catch (err) {
    await lock?.release();
    throw err;
  }
  return {
    dir,
    replace: async (files, unchanged) => {
      if (options.readOnly) throw new Error(`${shownFolder(dir)} was opened read-only`);
      await replaceOutput(dir, files, unchanged);
    },
    close: async () => lock?.release(),
  };
}

/** The lock; in read-only mode none when there is no folder to lock in or it cannot be written. */
async function lockFor(dir: string, options: OpenOutputOptions): Promise<HeldLock | undefined> {
  if (options.readOnly && !(await exists(path.dirname(dir)))) return undefined;
  try {
    return await acquireOutputLock(dir, options.lock);
  } catch (err) {
    if (options.readOnly && err instanceof OutputWriteError && err.code === "LOCK_FAILED") return undefined;
    throw err;
  }
}

/** Writes `files` as the complete new contents of `outDir`: open, replace, close. */
export async function writeOutput(outDir: string, files: readonly EmittedFile[], options: OpenOutputOptions = {}): Promise<void> {
  const output = await openOutput(outDir, { ...options, readOnly: false });
  try {
    await output.replace(files);
  } finally {
    await output.close();
  }
}

let siblingCount = 0;

/** Unique names beside the output, ordered by time (recovery restores the newest `.old`). */
function siblingNames(outDir: string): { tmp: string; old: string } {
  const suffix = `${Date.now()}-${process.pid}-${siblingCount++}`;
  return { tmp: `${outDir}.tmp-${suffix}`, old: `${outDir}.old-${suffix}` };
}

/**
 * The swap. Every failure is reported with the state it leaves (OutputWriteError); the caller holds
 * the lock and has run recovery, so the sibling names are free.
 */
async function replaceOutput(outDir: string, files: readonly EmittedFile[], unchanged: ReadonlySet<string> = new Set()): Promise<void> {
  const previous = await stat(outDir).catch(() => undefined);
  const { tmp, old } = siblingNames(outDir);
  const out = shownFolder(outDir);
  const linkFrom = previous && unchanged.size > 0 ? { dir: outDir, paths: unchanged } : undefined;
  await writeTree(tmp, withOutputMarker(files), previous?.mode, linkFrom).catch(async (err: unknown) => {
    await rm(tmp, { recursive: true, force: true }).catch(() => {});
    const state = previous ? `${out} was not touched` : `no ${out} was created`;
    throw new OutputWriteError("WRITE_FAILED", `could not write the new output beside ${out}: ${reason(err)}; ${state}`, { cause: err });
  });
  reached("after-tmp-written");
  if (previous) await carryKeptFolders(outDir, tmp);
  if (previous) await moveAside(outDir, old, tmp);
  reached("after-old-renamed");
  await moveIn(tmp, outDir, previous ? old : undefined);
  reached("after-new-renamed");
  if (previous)
    await rm(old, { recursive: true, force: true }).catch((err: unknown) => {
      const msg = `wrote ${out}, but could not delete the previous output from ${shownPath(old)}: ${reason(err)}; the next run deletes it`;
      throw new OutputWriteError("CLEANUP_FAILED", msg, { cause: err });
    });
  reached("after-old-removed");
}

/**
 * Moves the kept folders (an install, a build) from the output into the new tree before the swap.
 * A crash right after leaves them in the new tree beside the output, which the next run deletes with
 * the other leftovers: `npm install` / `npm run build` make them again; nothing of opspec's is lost.
 */
async function carryKeptFolders(outDir: string, tmp: string): Promise<void> {
  for (const name of KEPT_FOLDERS) {
    const from = path.join(outDir, name);
    if (!(await exists(from))) continue;
    await rename(from, path.join(tmp, name)).catch(async (err: unknown) => {
      await rm(tmp, { recursive: true, force: true }).catch(() => {});
      throw new OutputWriteError("WRITE_FAILED", `could not keep ${shownPath(from)} across the swap: ${reason(err)}; ${shownFolder(outDir)} was not touched`, { cause: err });
    });
  }
}

/** The new tree in `tmp`, with the previous output folder's permissions (mkdtemp's 0700 lost them). */
async function writeTree(tmp: string, files: readonly EmittedFile[], previousMode: number | undefined, linkFrom?: LinkSource): Promise<void> {
  await mkdir(tmp, { mode: 0o755 }); // not recursive: an existing folder of that name is an error, not reused
  const dirs = new Set(files.map((f) => path.dirname(path.join(tmp, f.path))));
  for (const d of [...dirs].sort()) await mkdir(d, { recursive: true });
  await writeFiles(tmp, files, linkFrom);
  // Last, so a read-only previous mode cannot stop the writes above.
  if (previousMode !== undefined) await chmod(tmp, previousMode & 0o7777);
}

/**
 * How many files are written at once. Starting every write together (4,000 files at 10,000 operations)
 * held an encoded copy of every file at the same time (+570 MB of buffers, 275 MB of output) and as
 * many open descriptors, for no speed: libuv's pool runs four file operations at a time anyway.
 */
const WRITE_CONCURRENCY = 8;
/**
 * A file larger than this is written a slice at a time: writeFile encodes the whole text into one
 * buffer first, which for the OpenAPI files of a 10,000-operation spec (46-62 MB each, written side
 * by side) was another 170 MB beside the heap.
 */
const SLICE = 1 << 20;

/** The output folder being replaced, and the files in it whose text is already the new one. */
interface LinkSource {
  dir: string;
  paths: ReadonlySet<string>;
}

/**
 * Links an unchanged file from the output being replaced into the new tree; false when it cannot
 * (a file system without hard links, the file gone or replaced by a folder), and the caller writes it.
 * The link shares the old file's inode: opspec only ever renames and deletes the old folder, never
 * writes into it, and the run holds the output's lock, so the text is the one the compare stage saw.
 */
async function linkUnchanged(linkFrom: LinkSource | undefined, file: EmittedFile, target: string): Promise<boolean> {
  if (!linkFrom?.paths.has(file.path)) return false;
  try {
    await link(path.join(linkFrom.dir, file.path), target);
    return true;
  } catch {
    return false;
  }
}

async function writeFiles(dir: string, files: readonly EmittedFile[], linkFrom?: LinkSource): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next++]!;
      try {
        const target = path.join(dir, file.path);
        if (await linkUnchanged(linkFrom, file, target)) continue;
        const parts = textParts(file);
        const length = parts.reduce((n, part) => n + part.length, 0);
        if (length <= SLICE) await writeFile(target, parts.length === 1 ? parts[0]! : parts.join(""));
        else await writeSliced(target, parts);
      } catch (err) {
        // Stop the other workers too: the caller deletes the folder once this rejects.
        next = files.length;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, files.length) }, worker));
}

async function writeSliced(target: string, parts: readonly string[]): Promise<void> {
  const handle = await open(target, "w");
  try {
    for (const text of parts) {
      let start = 0;
      while (start < text.length) {
        let end = Math.min(start + SLICE, text.length);
        // Never split a surrogate pair: each half alone would be encoded as U+FFFD.
        const last = text.charCodeAt(end - 1);
        if (end < text.length && last >= 0xd800 && last <= 0xdbff) end++;
        const bytes = Buffer.from(text.slice(start, end), "utf8");
        for (let done = 0; done < bytes.length; ) done += (await handle.write(bytes, done, bytes.length - done)).bytesWritten;
        start = end;
      }
    }
  } finally {
    await handle.close();
  }
}

async function moveAside(outDir: string, old: string, tmp: string): Promise<void> {
  try {
    await rename(outDir, old);
  } catch (err) {
    await rm(tmp, { recursive: true, force: true }).catch(() => {});
    const msg = `could not replace ${shownFolder(outDir)}: ${reason(err)}; the previous output is intact`;
    throw new OutputWriteError("REPLACE_FAILED", msg, { cause: err });
  }
}

/** Renames the new tree in; on failure puts the previous one (`old`) back, and says whether it could. */
async function moveIn(tmp: string, outDir: string, old: string | undefined): Promise<void> {
  const out = shownFolder(outDir);
  try {
    await rename(tmp, outDir);
    return;
  } catch (err) {
    await rm(tmp, { recursive: true, force: true }).catch(() => {});
    if (old === undefined) throw new OutputWriteError("REPLACE_FAILED", `could not create ${out}: ${reason(err)}; nothing was written`, { cause: err });
    try {
      await rename(old, outDir);
    } catch (restoreErr) {
      const msg =
        `could not replace ${out}: ${reason(err)}, nor put the previous output back: ${reason(restoreErr)}; ` +
        `${out} is missing, the previous output is in ${shownPath(old)} and the next run restores it`;
      throw new OutputWriteError("RESTORE_FAILED", msg, { cause: err });
    }
    throw new OutputWriteError("REPLACE_FAILED", `could not replace ${out}: ${reason(err)}; the previous output is intact`, { cause: err });
  }
}
