/**
 * Replacing the contents of an existing output folder in place, as one transaction that touches only
 * what changed: a spec edit that changes 6 files of 55 writes, moves and deletes those 6 and nothing
 * else. (The whole-folder swap this replaces rebuilt the tree beside the output and deleted the old
 * one on every run: about 25-45 ms of a 150 ms watch save for the repository's spec.)
 *
 * The transaction lives in a staging folder beside the output (`<out>.tmp-…`, the name recovery looks
 * for), on the same file system so that every move is a rename:
 *
 * 1. stage: each new text is written to `new/<i>`; then `journal.json` (the targets of the staged
 *    files and the files to delete) is written under another name and renamed into place. That rename
 *    is the commit point: before it the output is untouched and recovery deletes the staging folder.
 * 2. apply: each file to delete is moved to `old/r<j>`; each staged file is renamed over its target,
 *    the target's previous text first hard-linked to `old/m<i>` (or, for a target that did not exist,
 *    an empty `old/n<i>` says so). Folders emptied are removed.
 * 3. the staging folder is deleted.
 *
 * A failure while applying rolls back: `rollback` is written into the staging folder, then every moved
 * file is put back from `old/` and every new one removed. Both directions are idempotent and read
 * their progress from the staging folder itself (a staged file still there was not moved yet; a
 * backup or an `n<i>` still there was not put back or removed yet), so
 * recovery after a crash (`recoverPendingUpdate`, called under the lock before anything reads the
 * output) finishes whichever direction the run was going: forward once committed, back once
 * `rollback` exists. No run ever reads a mix: every run takes the lock and recovers first. A reader
 * outside opspec may, for the few milliseconds of step 2, as with any tool that writes files in place.
 *
 * Only the new texts are written asynchronously (write-files.ts: a few at a time, large ones in
 * slices). Every other call here (list, link, rename, mkdir, delete) is synchronous on purpose: each
 * costs microseconds, and sending it through libuv's thread pool as a promise costs more than the call
 * (a 6-file update of the repository's output: 13.4 ms with promises, most of it waiting for the pool).
 */
import { copyFileSync, linkSync, mkdirSync, readFileSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { EmittedFile } from "../model/types.ts";
import { reached } from "./crash-points.ts";
import { isCode, OutputWriteError, shownFolder, shownPath } from "./output-errors.ts";
import { reason } from "../user-error.ts";
import { exists, listTree } from "./output-folder.ts";
import { writeFiles } from "./write-files.ts";

const JOURNAL = "journal.json";
const ROLLBACK = "rollback";

/** What a committed update does, in paths relative to the output: `moves[i]` is where `new/<i>` goes. */
interface Journal {
  moves: string[];
  removals: string[];
}

const staged = (staging: string, i: number) => path.join(staging, "new", String(i));
const movedOut = (staging: string, i: number) => path.join(staging, "old", `m${i}`);
const removed = (staging: string, j: number) => path.join(staging, "old", `r${j}`);
const wasNew = (staging: string, i: number) => path.join(staging, "old", `n${i}`);
const inOutput = (outDir: string, rel: string) => path.join(outDir, ...rel.split("/"));

/** The staging folder of an update, empty: `new/` for the texts to move in, `old/` for what they replace. */
export function prepareStaging(staging: string): void {
  mkdirSync(staging);
  mkdirSync(path.join(staging, "new"));
  mkdirSync(path.join(staging, "old"));
}

/**
 * Makes `outDir` hold exactly `files` (the kept folders aside). `unchanged` names files whose text on
 * disk is already the new one (the compare stage found them equal): they are left as they are, unless
 * they are no longer there. `staging` is a free name beside the output. Every failure says what it left.
 *
 * `alreadyStaged`: the staging folder was prepared (prepareStaging) and the files that differ written
 * into it by a writing thread (streamed-output.ts), `new/<i>` for `alreadyStaged[i]`.
 *
 * With `deferCleanup`, the staging folder (the previous texts of the files replaced: deleting them is
 * most of an update's cost, about 8 ms a watch save) is handed over for deletion once the update is
 * complete and its journal gone, so recovery would only ever delete it; without, it is deleted here.
 */
export async function updateInPlace(
  outDir: string,
  staging: string,
  files: readonly EmittedFile[],
  unchanged: ReadonlySet<string>,
  deferCleanup?: (cleanup: () => void) => void,
  alreadyStaged?: readonly string[],
): Promise<void> {
  const out = shownFolder(outDir);
  const onDisk = new Set(listTree(outDir).keys());
  const wanted = new Set(files.map((f) => f.path));
  const writes = alreadyStaged ? [] : files.filter((f) => !unchanged.has(f.path) || !onDisk.has(f.path));
  const moves = alreadyStaged ? [...alreadyStaged] : writes.map((f) => f.path);
  const journal: Journal = { moves, removals: [...onDisk].filter((p) => !wanted.has(p)).sort() };

  try {
    if (!alreadyStaged) {
      prepareStaging(staging);
      await writeFiles(writes, (_, i) => staged(staging, i));
    }
    reached("after-staged");
    writeFileSync(path.join(staging, `${JOURNAL}.part`), JSON.stringify(journal));
    renameSync(path.join(staging, `${JOURNAL}.part`), path.join(staging, JOURNAL));
  } catch (err) {
    removeQuietly(staging);
    throw new OutputWriteError("WRITE_FAILED", `could not write the new output beside ${out}: ${reason(err)}; ${out} was not touched`, { cause: err });
  }
  reached("after-committed");

  try {
    applyUpdate(outDir, staging, journal);
  } catch (err) {
    try {
      writeFileSync(path.join(staging, ROLLBACK), "");
      rollBack(outDir, staging, journal);
    } catch (restoreErr) {
      const msg =
        `could not update ${out}: ${reason(err)}, nor put its previous files back: ${reason(restoreErr)}; ` +
        `they are in ${shownPath(staging)} and the next run puts them back`;
      throw new OutputWriteError("RESTORE_FAILED", msg, { cause: err });
    }
    removeQuietly(staging);
    throw new OutputWriteError("REPLACE_FAILED", `could not update ${out}: ${reason(err)}; the previous output is intact`, { cause: err });
  }
  reached("after-applied");
  try {
    unlinkSync(path.join(staging, JOURNAL)); // done: nothing left to finish
    if (deferCleanup) deferCleanup(() => removeStaging(staging, journal));
    else removeStaging(staging, journal);
  } catch (err) {
    const msg = `wrote ${out}, but could not delete ${shownPath(staging)}: ${reason(err)}; the next run deletes it`;
    throw new OutputWriteError("CLEANUP_FAILED", msg, { cause: err });
  }
}

/**
 * Deletes the staging folder of an applied update: what is in it is known (the backups), and
 * unlinking those few names is a tenth of the cost of a recursive delete (which reads and stats each
 * entry first). Anything unexpected in it falls back to the recursive delete.
 */
function removeStaging(staging: string, journal: Journal): void {
  const unlinkIfThere = (file: string) => {
    try {
      unlinkSync(file);
    } catch (err) {
      if (!isCode(err, "ENOENT")) throw err;
    }
  };
  try {
    for (const i of journal.moves.keys()) {
      unlinkIfThere(movedOut(staging, i));
      unlinkIfThere(wasNew(staging, i));
    }
    for (const j of journal.removals.keys()) unlinkIfThere(removed(staging, j));
    for (const folder of ["new", "old", ""]) rmdirSync(path.join(staging, folder));
  } catch {
    rmSync(staging, { recursive: true, force: true });
  }
}

function removeQuietly(folder: string): void {
  try {
    rmSync(folder, { recursive: true, force: true });
  } catch {
    // Left for the next run's recovery, which deletes every staging folder.
  }
}

/**
 * Step 2, from the start (idempotent, so recovery runs it too): deletions first, so a file may take the
 * place of a folder that is going away, and the other way round.
 */
function applyUpdate(outDir: string, staging: string, journal: Journal): void {
  for (const [j, rel] of journal.removals.entries()) {
    try {
      renameSync(inOutput(outDir, rel), removed(staging, j));
    } catch (err) {
      if (!isCode(err, "ENOENT")) throw err; // deleted before a crash
    }
    removeEmptyFolders(outDir, path.posix.dirname(rel));
  }
  for (const [i, rel] of journal.moves.entries()) {
    const target = inOutput(outDir, rel);
    const from = staged(staging, i);
    if (!exists(from)) continue; // moved before a crash
    if (!keepPrevious(target, movedOut(staging, i))) writeFileSync(wasNew(staging, i), "");
    mkdirSync(path.dirname(target), { recursive: true });
    renameSync(from, target);
    if (i === 0) reached("after-first-move");
  }
}

/** Undoes step 2, however far it got (idempotent). */
function rollBack(outDir: string, staging: string, journal: Journal): void {
  for (const [i, rel] of [...journal.moves.entries()].reverse()) {
    if (exists(staged(staging, i))) continue; // never moved: the target is as it was
    const target = inOutput(outDir, rel);
    if (exists(movedOut(staging, i))) renameSync(movedOut(staging, i), target);
    else if (exists(wasNew(staging, i))) {
      // It did not exist before: the new file goes, and the folders made for it.
      rmSync(target, { force: true });
      removeEmptyFolders(outDir, path.posix.dirname(rel));
      unlinkSync(wasNew(staging, i));
    } // else: put back already, before a crash
  }
  for (const [j, rel] of journal.removals.entries()) {
    if (!exists(removed(staging, j))) continue;
    const target = inOutput(outDir, rel);
    mkdirSync(path.dirname(target), { recursive: true });
    renameSync(removed(staging, j), target);
  }
}

/**
 * The target's current text, kept at `backup` for a roll-back: a hard link, or a copy where links
 * fail. False when there is no target (a new file): nothing to keep.
 */
function keepPrevious(target: string, backup: string): boolean {
  if (exists(backup)) return true; // kept before a crash
  try {
    linkSync(target, backup);
  } catch (err) {
    if (isCode(err, "ENOENT")) return false;
    copyFileSync(target, backup);
  }
  return true;
}

/** Removes `rel` and its parents below `outDir` while they are empty. */
function removeEmptyFolders(outDir: string, rel: string): void {
  for (let folder = rel; folder !== "." && folder !== ""; folder = path.posix.dirname(folder)) {
    try {
      rmdirSync(inOutput(outDir, folder));
    } catch {
      return; // not empty, or already gone
    }
  }
}

/**
 * Finishes an update a killed run left in `staging`, if it had committed one: forward, or back when
 * it was rolling back; nothing when it holds no committed update. The caller holds the lock, and
 * deletes the staging folder afterwards.
 */
export function recoverPendingUpdate(outDir: string, staging: string): void {
  let journal: Journal;
  try {
    journal = JSON.parse(readFileSync(path.join(staging, JOURNAL), "utf8")) as Journal;
  } catch {
    return; // not committed (or its journal already gone): nothing to finish
  }
  if (exists(path.join(staging, ROLLBACK))) rollBack(outDir, staging, journal);
  else applyUpdate(outDir, staging, journal);
}
