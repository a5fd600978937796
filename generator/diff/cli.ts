/**
 * `opspec diff <base> [<head>]`: what a spec edit changes for the people who use the API.
 * The command line's `diff` subcommand calls `runDiff` with the arguments after `diff`.
 */
import { parseArgs } from "node:util";
import { formatDiagnostic } from "../diagnostics/print.ts";
import { UserError } from "../user-error.ts";
import { diffModels } from "./engine.ts";
import { terminalText } from "../escape/index.ts";
import { FORMATS, printReport, type DiffFormat } from "./print.ts";
import { judgeVersions } from "./semver.ts";
import { loadSide, resolveSide, type LoadedSide, type SideOptions } from "./sides.ts";

export const DIFF_USAGE = `Usage: opspec diff <base> [<head>] [--format text|json|markdown|github] [--fail-on breaking|any] [--spec DIR]

  <base>, <head>  a git ref (main, HEAD~1, v2.15, origin/main) whose committed spec folder is read
                  without a checkout, or a spec folder; <head> defaults to the working tree's spec folder
  --format F      text (default), json, markdown (a changelog section) or github (workflow annotations)
  --fail-on L     exit 1 when there are breaking changes (breaking) or any change at all (any)
  --spec DIR      the spec folder, relative to the working folder (default: spec)

Exit codes: 0 ok, 1 a side has spec errors (or --fail-on matched), 2 usage errors.`;

export interface DiffIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  /** Whether stdout is a terminal: the text format is coloured only then, and only without NO_COLOR. */
  isTTY: boolean;
  /** Defaults to process.env (read for NO_COLOR). */
  env?: Readonly<Record<string, string | undefined>>;
}

const FAIL_ON = ["breaking", "any"] as const;
/** How many diagnostics of a broken side are listed before the rest are counted. */
const DIAGNOSTIC_LIMIT = 20;

/** Runs `opspec diff` with `argv` (the arguments after `diff`) and returns the exit code. */
export async function runDiff(argv: string[], io: DiffIo): Promise<number> {
  const usage = (message: string) => {
    io.stderr(`opspec: ${terminalText(message)}\n\n${DIFF_USAGE}\n`);
    return 2;
  };
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: "string" },
        "fail-on": { type: "string" },
        spec: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    return usage((err as Error).message);
  }
  const { values, positionals } = args;
  if (values.help) {
    io.stdout(`${DIFF_USAGE}\n`);
    return 0;
  }
  if (positionals.length === 0) return usage("diff needs a base to compare with (a git ref or a spec folder)");
  if (positionals.length > 2) return usage(`diff takes at most two sides, got ${positionals.length}: ${positionals.join(" ")}`);
  const format = values.format ?? "text";
  if (!(FORMATS as readonly string[]).includes(format)) return usage(`--format must be one of ${FORMATS.join(", ")}, not '${format}'`);
  const failOn = values["fail-on"];
  if (failOn !== undefined && !(FAIL_ON as readonly string[]).includes(failOn)) return usage(`--fail-on must be breaking or any, not '${failOn}'`);
  if (values.spec === "") return usage("--spec needs a folder");

  const options: SideOptions = { cwd: io.cwd, specDir: values.spec ?? "spec" };
  let base: LoadedSide;
  let head: LoadedSide;
  try {
    const [b, h] = await Promise.all([resolveSide(positionals[0], options), resolveSide(positionals[1], options)]);
    const sides = await Promise.allSettled([loadSide(b, options), loadSide(h, options)]);
    // Reported in a fixed order (base first), whichever side failed first.
    for (const [settled, label] of [
      [sides[0], `base ${b.label}`],
      [sides[1], `head ${h.label}`],
    ] as const) {
      if (settled.status === "fulfilled") continue;
      const err: unknown = settled.reason;
      if (err instanceof UserError) err.message = `${label}: ${err.message}`;
      throw err;
    }
    [base, head] = sides.map((s) => (s as PromiseFulfilledResult<LoadedSide>).value) as [LoadedSide, LoadedSide];
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    io.stderr(`opspec: ${terminalText(err.message)}\n`);
    return err.exitCode;
  }
  if (!base.ok || !head.ok) {
    for (const [name, side] of [["base", base], ["head", head]] as const) if (!side.ok) io.stderr(brokenSide(name, side));
    return 1;
  }

  const changes = diffModels(base, head);
  const semver = judgeVersions(base.model.version, head.model.version, changes);
  const env = io.env ?? process.env;
  const color = format === "text" && io.isTTY && !env.NO_COLOR;
  io.stdout(printReport({ base: { label: base.label }, head: { label: head.label }, semver, changes }, format as DiffFormat, { color }));
  if (failOn === "any" && changes.length > 0) return 1;
  if (failOn === "breaking" && changes.some((c) => c.severity === "breaking")) return 1;
  return 0;
}

/** A side that does not check: the first line of each of its errors (no code frames: the side may not be on disk). */
function brokenSide(name: string, side: Extract<LoadedSide, { ok: false }>): string {
  const errors = side.diagnostics.filter((d) => d.severity === "error");
  const shown = errors.slice(0, DIAGNOSTIC_LIMIT).map((d) => `  ${terminalText(formatDiagnostic(d))}\n`);
  const rest = errors.length - shown.length;
  const more = rest > 0 ? `  … and ${rest} more\n` : "";
  return `opspec: the ${name} side, ${terminalText(side.label)}, has spec errors; nothing was compared:\n${shown.join("")}${more}`;
}
