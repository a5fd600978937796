#!/usr/bin/env node
/**
 * opspec command line.
 *   opspec generate            regenerate everything from spec/ into generated/
 *   opspec generate --check    compare only; exit 1 and list what is stale
 *   opspec generate --watch    regenerate on every save; never exits on a bad spec
 * Exit codes: 0 ok, 1 spec errors, stale output or a failed run, 2 usage errors.
 * Every failure is one line (`opspec: …`) or a list of `file:line:col` diagnostics; a stack trace only with --debug.
 */
import { watch } from "node:fs";
import path from "node:path";
import { inspect, parseArgs } from "node:util";
import type { Diagnostic } from "./diagnostics/catalog.ts";
import { escapeControl, formatDiagnostics } from "./diagnostics/print.ts";
import { generate, type GenerateResult } from "./pipeline.ts";
import { UserError } from "./user-error.ts";
import { isClean } from "./write/write-output.ts";

const USAGE = `Usage: opspec generate [--check | --watch] [--spec DIR] [--out DIR] [--verbose] [--force] [--debug]

  --check      write nothing; exit 1 and list the files that are stale, missing or extra
  --watch      regenerate whenever a spec file changes (Ctrl-C to stop)
  --spec DIR   folder of spec YAML files (default: spec)
  --out DIR    output folder, replaced as a whole (default: generated)
  --verbose    print the time each stage took
  --force      run every stage even when nothing changed since the last run
  --debug      print the stack trace of an unexpected failure

Exit codes: 0 ok, 1 spec errors or stale output, 2 usage errors.`;

export async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        check: { type: "boolean" },
        watch: { type: "boolean" },
        spec: { type: "string" },
        out: { type: "string" },
        verbose: { type: "boolean" },
        force: { type: "boolean" },
        debug: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    process.stderr.write(`opspec: ${escapeControl(argumentProblem(err))}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const command = positionals[0] ?? "generate";
  if (command !== "generate" || positionals.length > 1) {
    process.stderr.write(`opspec: unknown command '${escapeControl(positionals.join(" "))}'\n\n${USAGE}\n`);
    return 2;
  }
  if (values.check && values.watch) {
    process.stderr.write(`opspec: --check and --watch cannot be used together\n\n${USAGE}\n`);
    return 2;
  }
  const specDir = path.resolve(values.spec ?? "spec");
  const outDir = path.resolve(values.out ?? "generated");
  const debug = values.debug ?? false;
  const run = () =>
    runOnce({ specDir, outDir, check: values.check ?? false, verbose: values.verbose ?? false, force: values.force ?? false, debug });
  if (!values.watch) return run();
  await run();
  return watchSpec(specDir, run, debug);
}

/** parseArgs's complaint in our words (its advice about `--` misleads under `npm run generate --`). */
function argumentProblem(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown }).code;
  const unknown = /^Unknown option '([^']*)'/.exec(message);
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && unknown) return `unknown option '${unknown[1]}'`;
  const option = /^Option '(-[^' ]*)/.exec(message)?.[1];
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option)
    return /does not take an argument/.test(message) ? `option '${option}' takes no value` : `option '${option}' needs a value`;
  return message.split("\n")[0]!.replace(/^[A-Z]/, (c) => c.toLowerCase());
}

/**
 * One line for a failure: a `UserError`'s message as it is (with its exit code), anything else as
 * "generation failed" and its first line. The stack trace only with --debug.
 */
export function reportFailure(err: unknown, options: { debug: boolean; outDir?: string }): 1 | 2 {
  if (err instanceof UserError) {
    process.stderr.write(`opspec: ${escapeControl(err.message)}\n`);
    if (options.debug) process.stderr.write(`${inspect(err)}\n`);
    return err.exitCode;
  }
  const first = (err instanceof Error ? err.message : String(err)).split("\n")[0]!;
  const where = options.outDir ? `generation failed, ${rel(options.outDir)}/ left as it was: ` : "";
  const hint = options.debug ? "" : " (--debug prints the stack trace)";
  process.stderr.write(`opspec: ${where}${escapeControl(first)}${hint}\n`);
  if (options.debug) process.stderr.write(`${inspect(err)}\n`);
  return 1;
}

async function runOnce(options: {
  specDir: string;
  outDir: string;
  check: boolean;
  verbose: boolean;
  force: boolean;
  debug: boolean;
}): Promise<number> {
  const started = performance.now();
  let result: GenerateResult;
  try {
    result = await generate(options);
  } catch (err) {
    return reportFailure(err, options);
  }
  printDiagnostics(result.diagnostics, result.sources);
  if (options.verbose)
    for (const [stage, ms] of result.timings) process.stderr.write(`  ${stage.padEnd(20)} ${ms.toFixed(1).padStart(8)} ms\n`);
  const out = rel(options.outDir);
  if (!result.diff) {
    const errors = result.diagnostics.filter((d) => d.severity === "error").length;
    process.stderr.write(`opspec: ${errors} error${errors === 1 ? "" : "s"} in the spec; ${out}/ left as it was\n`);
    return 1;
  }
  const { stale, missing, extra } = result.diff;
  const ms = Math.round(performance.now() - started);
  const why = result.cached ? "; nothing changed since the last run" : "";
  if (options.check) {
    if (isClean(result.diff)) {
      process.stdout.write(`opspec: ${out}/ is up to date (${result.files!.length} files, ${ms} ms${why})\n`);
      return 0;
    }
    for (const f of stale) process.stderr.write(`stale    ${out}/${escapeControl(f)}\n`);
    for (const f of missing) process.stderr.write(`missing  ${out}/${escapeControl(f)}\n`);
    for (const f of extra) process.stderr.write(`extra    ${out}/${escapeControl(f)}\n`);
    process.stderr.write(`opspec: ${out}/ is out of date (${stale.length + missing.length + extra.length} files); run 'npm run generate'\n`);
    return 1;
  }
  const changed = stale.length + missing.length + extra.length;
  process.stdout.write(
    changed === 0
      ? `opspec: ${out}/ is up to date (${result.files!.length} files, ${ms} ms${why})\n`
      : `opspec: wrote ${result.files!.length} files to ${out}/ (${changed} changed) in ${ms} ms\n`,
  );
  return 0;
}

/** At most 100 diagnostics in full, then one line counting the rest; each file's text is split once. */
function printDiagnostics(diagnostics: Diagnostic[], sources: Map<string, string>): void {
  const color = process.stderr.isTTY === true && !process.env.NO_COLOR;
  process.stderr.write(formatDiagnostics(diagnostics, sources, { color }));
}

/** A path as shown: relative to the working directory, forward slashes, control characters escaped. */
function rel(p: string): string {
  return escapeControl(path.relative(process.cwd(), p).split(path.sep).join("/") || ".");
}

/** Regenerates after each burst of changes; a bad save prints diagnostics and keeps watching. */
function watchSpec(specDir: string, run: () => Promise<number>, debug: boolean): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let pending = false;
  const trigger = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (pending) return;
      pending = true;
      running = running.then(async () => {
        pending = false;
        await run().catch((err: unknown) => reportFailure(err, { debug }));
      });
    }, 30);
  };
  let watcher: ReturnType<typeof watch>;
  try {
    watcher = watch(specDir, (_event, name) => {
      if (!name || /\.ya?ml$/.test(name)) trigger();
    });
  } catch (err) {
    reportFailure(new UserError(`cannot watch ${rel(specDir)}/: ${(err as Error).message}`), { debug });
    return Promise.resolve(1);
  }
  process.stderr.write(`opspec: watching ${rel(specDir)}/ for changes (Ctrl-C to stop)\n`);
  return new Promise((resolve) => {
    const stop = (code: number) => {
      watcher.close();
      resolve(code);
    };
    // The folder removed or renamed under us: say so in one line and stop.
    watcher.on("error", (err) => stop(reportFailure(new UserError(`stopped watching ${rel(specDir)}/: ${err.message}`), { debug })));
    process.once("SIGINT", () => stop(0));
    process.once("SIGTERM", () => stop(0));
  });
}

/**
 * Output to a closed pipe (`opspec generate | head -1`) ends the run quietly; nothing unexpected leaves a
 * stack trace unless --debug asked for one.
 */
function guardProcess(debug: boolean): void {
  for (const stream of [process.stdout, process.stderr])
    stream.on("error", (err: NodeJS.ErrnoException) => {
      process.exit(err.code === "EPIPE" ? (typeof process.exitCode === "number" ? process.exitCode : 0) : 1);
    });
  const crash = (err: unknown) => {
    process.exitCode = reportFailure(err, { debug });
    process.exit();
  };
  process.on("uncaughtException", crash);
  process.on("unhandledRejection", crash);
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("cli.ts")) {
  const argv = process.argv.slice(2);
  const debug = argv.slice(0, argv.includes("--") ? argv.indexOf("--") : undefined).includes("--debug");
  guardProcess(debug);
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.exitCode = reportFailure(err, { debug });
    },
  );
}
