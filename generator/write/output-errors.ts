/**
 * The errors the write step throws for the person running opspec. Each message is one line that says
 * what happened and what state the output folder is in. Both are UserErrors: the CLI prints them as
 * `opspec: <message>` with no stack trace and exits with `exitCode`.
 */
import path from "node:path";
import { UserError } from "../user-error.ts";

/** Why an output folder was refused before anything was read or written. */
export type OutputFolderErrorCode =
  /** The output path is an existing file. */
  | "OUT_IS_FILE"
  /** The output folder is the spec folder or one of its parents. */
  | "OUT_HOLDS_SPEC"
  /** The output folder holds package.json or .git. */
  | "OUT_IS_PROJECT_ROOT"
  /** The output folder is not empty and opspec did not create it. */
  | "OUT_NOT_GENERATED";

/** A refused output folder: a usage error (exit 2). Nothing was written, moved or deleted. */
export class OutputFolderError extends UserError {
  constructor(
    readonly code: OutputFolderErrorCode,
    message: string,
  ) {
    super(message, 2);
  }
}

/** What failed while replacing (or preparing to replace) the output folder. */
export type OutputWriteErrorCode =
  /** Another run held the output's lock for the whole wait. */
  | "OUTPUT_LOCKED"
  /** The lock file could not be created at all (a read-only folder, say). */
  | "LOCK_FAILED"
  /** The new files could not be written beside the output; the output was not touched. */
  | "WRITE_FAILED"
  /** The new files could not be put in place (or a new output folder created); the previous output is as it was. */
  | "REPLACE_FAILED"
  /** That failed and so did putting the previous files back: they wait beside the output folder for the next run. */
  | "RESTORE_FAILED"
  /** The new output is in place, but the staging folder beside it could not be deleted. */
  | "CLEANUP_FAILED"
  /** What an interrupted run left beside the output could not be repaired or removed. */
  | "RECOVERY_FAILED";

/** A run that failed while writing (exit 1). The message states exactly what is on disk now. */
export class OutputWriteError extends UserError {
  constructor(
    readonly code: OutputWriteErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, 1);
    if (options && "cause" in options) this.cause = options.cause;
  }
}

/** A folder as messages show it: relative to the working directory when inside it (`generated/`). */
export function shownFolder(dir: string): string {
  const rel = path.relative(process.cwd(), dir).split(path.sep).join("/");
  if (rel === "") return "./";
  return rel.startsWith("..") || path.isAbsolute(rel) ? `${dir.replace(/\/+$/, "")}/` : `${rel}/`;
}

/** A path (file or sibling) as messages show it. */
export function shownPath(p: string): string {
  return shownFolder(p).slice(0, -1);
}

/** Whether `err` is a Node system error with this code (`ENOENT`, `EEXIST`, …). */
export function isCode(err: unknown, code: string): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === code;
}
