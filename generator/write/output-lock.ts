/**
 * One run at a time per output folder. Concurrent runs used to delete each other's temporary folders
 * (each run's clean-up took the other's work in progress for a leftover), so a run now holds a lock
 * file beside the output, `<out>.lock`, from before it repairs or reads the output until it is done.
 *
 * The lock file is created exclusively (`wx`) and holds the holder's pid (first line) and a token of
 * its own (second line), so a release never removes a lock someone else holds. A second run polls
 * until the lock is free, for up to LOCK_WAIT_MS, then fails naming the holder. A lock whose pid is no
 * longer running is stale (its run was killed) and is taken over.
 *
 * Taking over is the racy part: two waiters that both see the dead pid must not both delete "the"
 * lock, since the second would delete the first's new, live lock. So the taker first claims the
 * dead pid with an exclusive `<out>.lock.reap-<pid>` file, checks again that the lock still names
 * that pid, and only then deletes it. A claim older than CLAIM_ABANDONED_MS was left by a taker that
 * died within that microsecond-long step, and is itself removed.
 *
 * The file-system calls are synchronous (each costs microseconds, less than a thread-pool round trip;
 * a watch save takes and releases the lock every time); only the wait between attempts is not.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import path from "node:path";
import { isCode, OutputWriteError, shownFolder, shownPath } from "./output-errors.ts";
import { reason } from "../user-error.ts";

export const LOCK_WAIT_MS = 30_000;
const LOCK_POLL_MS = 50;
/** A lock file without a pid yet is being written; older than this, its writer died mid-write. */
const UNREADABLE_LOCK_STALE_MS = 5_000;
const CLAIM_ABANDONED_MS = 10_000;
const CLAIM_INFIX = ".reap-";

export interface LockOptions {
  /** How long to wait for another run's lock (default LOCK_WAIT_MS). */
  waitMs?: number;
  pollMs?: number;
}

export interface HeldLock {
  readonly path: string;
  release(): Promise<void>;
}

export function lockPathFor(outDir: string): string {
  return `${path.resolve(outDir)}.lock`;
}

/** Waits for, then takes, the lock of `outDir`. Creates the output's parent folder if missing. */
export async function acquireOutputLock(outDir: string, options: LockOptions = {}): Promise<HeldLock> {
  const lockPath = lockPathFor(outDir);
  const token = randomUUID();
  const deadline = Date.now() + (options.waitMs ?? LOCK_WAIT_MS);
  try {
    mkdirSync(path.dirname(lockPath), { recursive: true });
  } catch (err) {
    throw new OutputWriteError("LOCK_FAILED", `could not create the folder of ${shownPath(lockPath)}: ${reason(err)}`, { cause: err });
  }
  for (;;) {
    if (tryCreate(lockPath, token)) return { path: lockPath, release: async () => release(lockPath, token) };
    const holder = readHolder(lockPath);
    if (holder.kind === "dead" || holder.kind === "unreadable-stale") {
      await takeOverStale(lockPath, holder);
      continue;
    }
    if (Date.now() >= deadline) throw lockedError(outDir, lockPath, holder, options.waitMs ?? LOCK_WAIT_MS);
    await sleep(options.pollMs ?? LOCK_POLL_MS);
  }
}

/** Runs `fn` holding the lock of `outDir`; releases it however `fn` ends. */
export async function withOutputLock<T>(outDir: string, fn: () => Promise<T>, options?: LockOptions): Promise<T> {
  const lock = await acquireOutputLock(outDir, options);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}

function tryCreate(lockPath: string, token: string): boolean {
  try {
    writeFileSync(lockPath, `${process.pid}\n${token}\n`, { flag: "wx" });
    return true;
  } catch (err) {
    if (isCode(err, "EEXIST")) return false;
    throw new OutputWriteError("LOCK_FAILED", `could not create the lock file ${shownPath(lockPath)}: ${reason(err)}`, { cause: err });
  }
}

type Holder =
  | { kind: "alive"; pid: number }
  | { kind: "dead"; pid: number }
  /** Released meanwhile, or created but not yet written. */
  | { kind: "unknown" }
  | { kind: "unreadable-stale" };
type StaleHolder = Extract<Holder, { kind: "dead" | "unreadable-stale" }>;

function readHolder(lockPath: string): Holder {
  const text = readText(lockPath);
  if (text === undefined) return { kind: "unknown" };
  const pid = Number(text.split("\n", 1)[0]);
  if (Number.isInteger(pid) && pid > 0) return isRunning(pid) ? { kind: "alive", pid } : { kind: "dead", pid };
  const age = ageMs(lockPath);
  return age !== undefined && age > UNREADABLE_LOCK_STALE_MS ? { kind: "unreadable-stale" } : { kind: "unknown" };
}

/** Whether a process with this pid exists (EPERM: it does, but belongs to another user). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return !isCode(err, "ESRCH");
  }
}

/** Deletes a stale lock, unless another waiter is doing so (see the module comment for why a claim). */
async function takeOverStale(lockPath: string, stale: StaleHolder): Promise<void> {
  const claim = `${lockPath}${CLAIM_INFIX}${stale.kind === "dead" ? stale.pid : "unreadable"}`;
  try {
    writeFileSync(claim, `${process.pid}\n`, { flag: "wx" });
  } catch (err) {
    if (!isCode(err, "EEXIST")) throw err;
    // Another waiter is taking it over right now; an old claim is one whose taker died.
    const age = ageMs(claim);
    if (age !== undefined && age > CLAIM_ABANDONED_MS) rmSync(claim, { force: true });
    else await sleep(LOCK_POLL_MS);
    return;
  }
  try {
    if (sameHolder(readHolder(lockPath), stale)) rmSync(lockPath, { force: true });
  } finally {
    rmSync(claim, { force: true });
  }
}

function sameHolder(a: Holder, b: StaleHolder): boolean {
  return a.kind === b.kind && (a.kind !== "dead" || (b.kind === "dead" && a.pid === b.pid));
}

/** Removes takeover claims whose taker died (called while holding the lock, so none is in use). */
export function removeAbandonedClaims(outDir: string): void {
  const lockPath = lockPathFor(outDir);
  const prefix = `${path.basename(lockPath)}${CLAIM_INFIX}`;
  let siblings: string[];
  try {
    siblings = readdirSync(path.dirname(lockPath));
  } catch {
    return;
  }
  for (const name of siblings.filter((n) => n.startsWith(prefix))) {
    const claim = path.join(path.dirname(lockPath), name);
    const age = ageMs(claim);
    if (age !== undefined && age > CLAIM_ABANDONED_MS) rmSync(claim, { force: true });
  }
}

/**
 * Deletes the lock if it is still ours. Never throws: it runs in `finally` blocks after the output is
 * written, and a lock that could not be deleted names this pid, so it is taken over once we exit.
 */
function release(lockPath: string, token: string): void {
  if (readText(lockPath)?.split("\n")[1] !== token) return;
  try {
    unlinkSync(lockPath);
  } catch {
    // Left for a later run to take over (see above).
  }
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function ageMs(file: string): number | undefined {
  const info = statSync(file, { throwIfNoEntry: false });
  return info && Date.now() - info.mtimeMs;
}

function lockedError(outDir: string, lockPath: string, holder: Holder, waitedMs: number): OutputWriteError {
  const who = holder.kind === "alive" ? `pid ${holder.pid}` : "a run that is starting";
  return new OutputWriteError(
    "OUTPUT_LOCKED",
    `another opspec run (${who}) is writing ${shownFolder(outDir)}; gave up after waiting ${Math.round(waitedMs / 1000)} s. ` +
      `If no opspec run is in progress, delete ${shownPath(lockPath)}`,
  );
}
