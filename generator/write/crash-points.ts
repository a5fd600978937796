/**
 * TEST HOOK, not a feature: the named steps of a write, where test/kill.test.ts crashes a run.
 *
 * With OPSPEC_CRASH_AT=<step> in its environment, the process kills itself with SIGKILL on reaching
 * that step, so the test can crash a run at each step deterministically rather than aiming kills with
 * timers. Without the variable it does nothing.
 */

/**
 * In order. An update of an existing output (update-in-place.ts) passes every step; a first write
 * (a new folder renamed into place) passes `after-lock`, `after-staged` and `after-applied`.
 */
export const WRITE_STEPS = ["after-lock", "after-staged", "after-committed", "after-first-move", "after-applied"] as const;
export type WriteStep = (typeof WRITE_STEPS)[number];

export function reached(step: WriteStep): void {
  if (process.env.OPSPEC_CRASH_AT === step) process.kill(process.pid, "SIGKILL");
}
