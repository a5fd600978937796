/**
 * Errors meant for the person running opspec, not for a bug report: the CLI prints `opspec: <message>`
 * (no stack trace unless --debug) and exits with `exitCode` (1 for a failed run, 2 for a usage error).
 * Subclass it for any failure whose message alone tells the user what went wrong and what to do.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * What a thrown value says: an Error's message (for an fs call, `EACCES: permission denied, rename '…'
 * -> '…'`), anything else as a string. The one spelling of it for messages that quote a failure.
 */
export function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
