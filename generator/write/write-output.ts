/**
 * Write: replace the output folder's contents, or (check mode) only compare.
 *
 * A run opens the output folder first (`openOutput`): it refuses a folder it must not replace
 * (output-folder.ts), takes the folder's lock (output-lock.ts) so concurrent runs take turns, and
 * repairs what a killed run left beside it (`recoverInterruptedRun`) before anything reads it.
 *
 * An existing output is updated in place, as a transaction that touches only the files that changed
 * (update-in-place.ts): a killed run leaves the old output, or a committed update the next run
 * finishes before it reads anything. A new output is written into a folder beside it, by a thread
 * that writes while the run is still emitting, and renamed into place (streamed-output.ts). So
 * nothing is ever lost, and no run ever sees a mix.
 *
 * Check mode opens the output read-only: it takes the lock and does that repair (which only finishes
 * what a killed run had committed to and deletes leftover siblings), but never writes otherwise.
 */
import { readdirSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import path from "node:path";
import type { EmittedFile } from "../model/types.ts";
import { reached } from "./crash-points.ts";
import { OutputWriteError, shownFolder, shownPath } from "./output-errors.ts";
import { reason } from "../user-error.ts";
import { checkOutputFolder, exists, withOutputMarker } from "./output-folder.ts";
import { acquireOutputLock, removeAbandonedClaims, type HeldLock, type LockOptions } from "./output-lock.ts";
import { OutputStream } from "./streamed-output.ts";
import { recoverPendingUpdate, updateInPlace } from "./update-in-place.ts";

export { OutputFolderError, OutputWriteError, type OutputFolderErrorCode, type OutputWriteErrorCode } from "./output-errors.ts";
export { KEPT_FILES, KEPT_FOLDERS, OUTPUT_MARKER, checkOutputFolder, isKeptEntry, listTree, withOutputMarker } from "./output-folder.ts";
export { WRITE_STEPS, type WriteStep } from "./crash-points.ts";
export { compareWithDisk, diffOutput, isClean, readTree, type OutputDiff } from "./output-diff.ts";
export { lockPathFor, withOutputLock } from "./output-lock.ts";

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

function findLeftovers(outDir: string): Leftover[] {
  const parent = path.dirname(outDir);
  const prefix = `${path.basename(outDir)}.`;
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    names = [];
  }
  const found: Leftover[] = [];
  for (const name of names) {
    const match = name.startsWith(prefix) ? LEFTOVER_NAME.exec(name.slice(prefix.length)) : null;
    if (match) found.push({ path: path.join(parent, name), kind: match[1] as "tmp" | "old", stamp: Number(match[2] ?? 0) });
  }
  return found;
}

/**
 * Repairs what a killed run left behind: puts the newest `.old` tree back when the output is missing
 * (the whole-folder swap of earlier versions left those), finishes an update that was committed
 * (update-in-place.ts), then deletes every temporary and old folder. The caller holds the lock.
 */
export async function recoverInterruptedRun(outDir: string): Promise<void> {
  const leftovers = findLeftovers(outDir);
  const olds = leftovers.filter((l) => l.kind === "old").sort((a, b) => a.stamp - b.stamp);
  const newestOld = olds[olds.length - 1];
  let restored: string | undefined;
  if (newestOld && !exists(outDir)) {
    await rename(newestOld.path, outDir).catch((err: unknown) => {
      const msg = `could not restore ${shownFolder(outDir)} after an interrupted run: ${reason(err)}; the last complete output is in ${shownPath(newestOld.path)}`;
      throw new OutputWriteError("RECOVERY_FAILED", msg, { cause: err });
    });
    restored = newestOld.path;
  }
  const staging = leftovers.filter((l) => l.kind === "tmp").sort((a, b) => a.stamp - b.stamp);
  for (const leftover of exists(outDir) ? staging : [])
    try {
      recoverPendingUpdate(outDir, leftover.path);
    } catch (err) {
      const msg = `could not finish the update of ${shownFolder(outDir)} an interrupted run left in ${shownPath(leftover.path)}: ${reason(err)}`;
      throw new OutputWriteError("RECOVERY_FAILED", msg, { cause: err });
    }
  for (const leftover of leftovers) {
    if (leftover.path === restored) continue;
    await rm(leftover.path, { recursive: true, force: true }).catch((err: unknown) => {
      const msg = `could not delete ${shownPath(leftover.path)}, left beside ${shownFolder(outDir)} by an interrupted run: ${reason(err)}; ${shownFolder(outDir)} is as the last complete run left it`;
      throw new OutputWriteError("RECOVERY_FAILED", msg, { cause: err });
    });
  }
  removeAbandonedClaims(outDir);
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
   * Replaces the folder's contents with `files` (and the marker), as one transaction. `unchanged`
   * names files whose text on disk is already the new one (the compare stage found them equal): they
   * are left alone, so a one-file change costs one write (update-in-place.ts). `deferCleanup` takes
   * the deletion of the previous texts, to run once the result is out (watch mode).
   */
  replace(files: readonly EmittedFile[], unchanged?: ReadonlySet<string>, deferCleanup?: (cleanup: () => void) => void): Promise<void>;
  /**
   * The output to hand files to as they are emitted (streamed-output.ts): written into a new folder,
   * compared with and staged for an existing one, or (read-only) only compared.
   */
  stream(): OutputStream;
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
    await recoverInterruptedRun(dir);
    await checkOutputFolder(dir, options);
  } catch (err) {
    await lock?.release();
    throw err;
  }
  return {
    dir,
    stream: () => {
      if (options.readOnly) return new OutputStream(dir, "check", undefined);
      return new OutputStream(dir, exists(dir) ? "update" : "create", stagingName(dir));
    },
    replace: async (files, unchanged, deferCleanup) => {
      if (options.readOnly) throw new Error(`${shownFolder(dir)} was opened read-only`);
      const marked = withOutputMarker(files);
      if (exists(dir)) return updateInPlace(dir, stagingName(dir), marked, unchanged ?? new Set(), deferCleanup);
      const stream = new OutputStream(dir, "create", stagingName(dir));
      try {
        stream.add(marked);
        await stream.compare(marked);
        await stream.commit(marked, new Set());
      } finally {
        await stream.abort();
      }
    },
    close: async () => lock?.release(),
  };
}

/** The lock; in read-only mode none when there is no folder to lock in or it cannot be written. */
async function lockFor(dir: string, options: OpenOutputOptions): Promise<HeldLock | undefined> {
  if (options.readOnly && !exists(path.dirname(dir))) return undefined;
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

/**
 * A unique name beside the output, ordered by time: `<out>.tmp-<ms>-<pid>-<n>` (see LEFTOVER_NAME).
 * The caller holds the lock and has run recovery, so the name is free.
 */
function stagingName(outDir: string): string {
  return `${outDir}.tmp-${Date.now()}-${process.pid}-${siblingCount++}`;
}

