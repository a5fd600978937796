#!/usr/bin/env node
/**
 * opspec command line: the toolchain's bin.
 *   opspec generate            regenerate every API the config lists (default: spec/ into generated/)
 *   opspec generate --check    compare only; exit 1 and list what is stale
 *   opspec generate --watch    regenerate on every save; never exits on a bad spec
 *   opspec init                a working example spec and a config file, in an empty folder
 *   opspec diff …              what a spec change changes for the API's users (generator/diff/cli.ts)
 *   opspec import …            OpenAPI 3.0/3.1 into spec files (generator/import/cli.ts)
 * `generate` is the default command: `opspec --check` is `opspec generate --check`.
 * Exit codes: 0 ok, 1 spec errors, stale output or a failed run, 2 usage errors.
 * Every failure is one line (`opspec: …`) or a list of `file:line:col` diagnostics; a stack trace only with --debug.
 */
import { existsSync, realpathSync, watch } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { inspect, parseArgs } from "node:util";
import { emittersFor } from "./config/emitters.ts";
import { CONFIG_FILES, loadConfig } from "./config/load-config.ts";
import type { ResolvedApi } from "./config/schema.ts";
import type { Diagnostic } from "./diagnostics/catalog.ts";
import { formatDiagnostics } from "./diagnostics/print.ts";
import { terminalText } from "./escape/index.ts";
import { WatchState } from "./incremental/watch-state.ts";
import type { Emitter } from "./model/types.ts";
import { generate, type GenerateResult, type RunGate } from "./pipeline.ts";
import { reason, UserError } from "./user-error.ts";
import { isClean } from "./write/write-output.ts";

const GENERATE_OPTIONS = `[--check | --watch] [--spec DIR] [--out DIR] [--config FILE] [--verbose] [--force] [--debug]`;

const GENERATE_HELP = `  --check        write nothing; exit 1 and list the files that are stale, missing or extra
  --watch        regenerate whenever a spec file changes, and with a changed config file (Ctrl-C to stop)
  --spec DIR     folder of spec YAML files (default: the config's, else spec)
  --out DIR      output folder, replaced as a whole (default: the config's, else generated)
  --config FILE  the config file (default: opspec.config.ts, .mts, .js, .mjs, .yaml, .yml or .json here)
  --verbose      print the time each stage took
  --force        run every stage even when nothing changed since the last run
  --debug        print the stack trace of an unexpected failure`;

const USAGE = `Usage: opspec generate ${GENERATE_OPTIONS}

Regenerates every API the config lists (without a config: spec/ into generated/).
--spec and --out stand in for the folders of a config's one API.

${GENERATE_HELP}

Exit codes: 0 ok, 1 spec errors or stale output, 2 usage errors.`;

const MAIN_USAGE = `Usage: opspec [generate] ${GENERATE_OPTIONS}
       opspec init [DIR] [--force]
       opspec diff <base> [<head>] [--format text|json|markdown|github] [--fail-on breaking|any] [--spec DIR]
       opspec import <openapi.json|openapi.yaml> --out <spec dir> [--force] [--schema REF]

Commands:
  generate   regenerate every API the config lists (the default command)
  init       write a working example spec and a config file into an empty folder
  diff       what a spec change changes for the API's users, and the semver step it needs
  import     turn an OpenAPI 3.0/3.1 document into spec files

'opspec <command> --help' tells more. Options of generate:

${GENERATE_HELP}

Exit codes: 0 ok, 1 spec errors, stale output or (diff --fail-on) changes found, 2 usage errors.`;

const COMMANDS = ["generate", "init", "diff", "import"] as const;

export async function main(argv: string[]): Promise<number> {
  // Every command but generate parses its own arguments; --debug is the command line's, read by guardProcess.
  const rest = withoutDebug(argv.slice(1));
  switch (argv[0]) {
    case "init": {
      const { runInit } = await import("./init/init.ts");
      return runInit(rest, stdio());
    }
    case "diff": {
      const { runDiff } = await import("./diff/cli.ts");
      return runDiff(rest, { ...stdio(), isTTY: process.stdout.isTTY === true, env: process.env });
    }
    case "import": {
      const { runImport } = await import("./import/cli.ts");
      return runImport(rest, stdio());
    }
    case "help":
      return help(argv.slice(1));
    default:
      return generateCommand(argv);
  }
}

function stdio(): { stdout: (s: string) => void; stderr: (s: string) => void; cwd: string } {
  return { stdout: (s) => void process.stdout.write(s), stderr: (s) => void process.stderr.write(s), cwd: process.cwd() };
}

/** The arguments without --debug (before a `--`). */
function withoutDebug(argv: string[]): string[] {
  const end = argv.includes("--") ? argv.indexOf("--") : argv.length;
  return [...argv.slice(0, end).filter((a) => a !== "--debug"), ...argv.slice(end)];
}

/** `opspec help [command]`. */
async function help(args: string[]): Promise<number> {
  const [command] = args;
  if (command === undefined) {
    process.stdout.write(`${MAIN_USAGE}\n`);
    return 0;
  }
  if (command === "generate") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command === "init" || command === "diff" || command === "import") return main([command, "--help"]);
  process.stderr.write(`opspec: unknown command '${terminalText(command)}'\n\n${MAIN_USAGE}\n`);
  return 2;
}

async function generateCommand(argv: string[]): Promise<number> {
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
        config: { type: "string" },
        verbose: { type: "boolean" },
        force: { type: "boolean" },
        debug: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    process.stderr.write(`opspec: ${terminalText(argumentProblem(err))}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    process.stdout.write(`${positionals[0] === "generate" ? USAGE : MAIN_USAGE}\n`);
    return 0;
  }
  const command = positionals[0] ?? "generate";
  if (command !== "generate" || positionals.length > 1) {
    const misplaced = positionals.find((p) => (COMMANDS as readonly string[]).includes(p) && p !== "generate");
    const problem = misplaced ? `the command comes first: opspec ${misplaced} …` : `unknown command '${terminalText(positionals.join(" "))}'`;
    process.stderr.write(`opspec: ${problem}\n\n${positionals[0] === "generate" ? USAGE : MAIN_USAGE}\n`);
    return 2;
  }
  if (values.check && values.watch) {
    process.stderr.write(`opspec: --check and --watch cannot be used together\n\n${USAGE}\n`);
    return 2;
  }
  const debug = values.debug ?? false;
  let configured: ConfiguredRuns;
  try {
    configured = await configuredRuns(values);
  } catch (err) {
    return reportFailure(err, { debug });
  }
  if (!values.watch) {
    // Every API runs, so one with a broken spec does not hide another's stale output; the worst code wins.
    let code = 0;
    for (const run of apiRuns(values, configured.apis, debug)) code = Math.max(code, await run());
    return code;
  }
  return watchProject(values, configured, debug);
}

type GenerateValues = { check?: boolean; verbose?: boolean; force?: boolean; watch?: boolean; spec?: string; out?: string; config?: string };

/** One run per API, as the options ask. */
function apiRuns(values: GenerateValues, apis: readonly ConfiguredRun[], debug: boolean): ((gate?: RunGate) => Promise<number>)[] {
  // Watch mode keeps each API's parses, emitted files and output texts between saves. (A worker thread
  // for emitters was tried: on 2 cores it saved nothing measurable and cost a second copy of the code.)
  return apis.map((api) => {
    const state = values.watch ? new WatchState() : undefined;
    return (gate?: RunGate) =>
      runOnce({
        specDir: api.specDir,
        outDir: api.outDir,
        check: values.check ?? false,
        verbose: values.verbose ?? false,
        force: values.force ?? false,
        debug,
        ...(api.emitters ? { emitters: api.emitters } : {}),
        ...(state ? { state } : {}),
        ...(gate ? { gate } : {}),
      });
  });
}

/**
 * --watch: each API generated once, then again after each save of its spec (watchSpecs). A save of
 * the config file starts it all again with the config as it is then: the APIs it lists now, their
 * folders and emitters. A config that no longer loads is reported, and the previous one is used until
 * the next save of it.
 */
async function watchProject(values: GenerateValues, first: ConfiguredRuns, debug: boolean): Promise<number> {
  let current = first;
  for (let reload = 1; ; reload++) {
    const runs = apiRuns(values, current.apis, debug);
    for (const run of runs) await run();
    const specs = current.apis.map((api, i) => ({ specDir: api.specDir, run: runs[i]! }));
    // Without a config file (and without --config), one created in the working folder is taken up.
    const config: WatchedConfig | undefined =
      current.configFile !== undefined
        ? { dir: path.dirname(current.configFile), names: [path.basename(current.configFile)] }
        : values.config === undefined
          ? { dir: process.cwd(), names: CONFIG_FILES }
          : undefined;
    const code = await watchSpecs(specs, config, debug);
    if (code !== CONFIG_SAVED) return code;
    const before = current.configFile;
    try {
      current = await configuredRuns(values, reload);
      const shown = current.configFile ?? before;
      process.stderr.write(`opspec: ${shown === undefined ? "the config file" : rel(shown)} ${before === undefined ? "appeared" : "changed"}; generating with it\n`);
    } catch (err) {
      reportFailure(err, { debug });
      process.stderr.write(`opspec: keeping the previous config until ${before === undefined ? "the new config file" : rel(before)} loads\n`);
    }
  }
}

interface ConfiguredRun {
  specDir: string;
  outDir: string;
  /** The pipeline's `emitters`; undefined: all of them. */
  emitters?: Emitter[];
}

interface ConfiguredRuns {
  /** The config file they come from; undefined: the defaults. */
  configFile: string | undefined;
  apis: ConfiguredRun[];
}

/**
 * The APIs to generate: the config's (or the defaults), with --spec/--out standing in for the folders
 * of its one API. `reload` (watch mode, after a save of the config) loads the config file anew.
 */
async function configuredRuns(values: { spec?: string; out?: string; config?: string }, reload?: number): Promise<ConfiguredRuns> {
  const cwd = process.cwd();
  const config = await loadConfig({ cwd, ...(values.config !== undefined ? { configFile: values.config } : {}), ...(reload !== undefined ? { reload } : {}) });
  let apis: ResolvedApi[] = config.apis;
  if (values.spec !== undefined || values.out !== undefined) {
    if (apis.length > 1)
      throw new UserError(
        `--spec and --out stand in for the folders of one API, and ${rel(config.file!)} lists ${apis.length}; leave them out, or name a config with one API (--config)`,
        2,
      );
    const [api] = apis;
    apis = [
      {
        ...api!,
        ...(values.spec !== undefined ? { specDir: path.resolve(cwd, values.spec) } : {}),
        ...(values.out !== undefined ? { outDir: path.resolve(cwd, values.out) } : {}),
      },
    ];
  }
  return {
    configFile: config.file,
    apis: apis.map((api) => {
      const emitters = emittersFor(api);
      return { specDir: api.specDir, outDir: api.outDir, ...(emitters ? { emitters } : {}) };
    }),
  };
}

/** parseArgs's complaint in our words (its advice about `--` misleads under `npm run generate --`). */
function argumentProblem(err: unknown): string {
  const message = reason(err);
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
    process.stderr.write(`opspec: ${terminalText(err.message)}\n`);
    if (options.debug) process.stderr.write(`${inspect(err)}\n`);
    return err.exitCode;
  }
  const first = reason(err).split("\n")[0]!;
  const where = options.outDir ? `generation failed, ${rel(options.outDir)}/ left as it was: ` : "";
  const hint = options.debug ? "" : " (--debug prints the stack trace)";
  process.stderr.write(`opspec: ${where}${terminalText(first)}${hint}\n`);
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
  emitters?: Emitter[];
  state?: WatchState;
  /** Watch mode: the run started before its save settled (see watchSpecs); a superseded run reports nothing. */
  gate?: RunGate;
}): Promise<number> {
  const started = performance.now();
  let result: GenerateResult;
  try {
    result = await generate(options);
  } catch (err) {
    if (options.gate && !(await options.gate.settled())) return 0;
    return reportFailure(err, options);
  }
  // Superseded: a newer save came in while this run read the spec; the run queued for it reports. A run
  // that wrote passed its gate before writing; one that wrote nothing (spec errors, up to date) asks now.
  if (result.superseded) return 0;
  const wrote = result.diff !== undefined && !isClean(result.diff);
  if (options.gate && !wrote && !(await options.gate.settled())) return 0;
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
    for (const f of stale) process.stderr.write(`stale    ${out}/${terminalText(f)}\n`);
    for (const f of missing) process.stderr.write(`missing  ${out}/${terminalText(f)}\n`);
    for (const f of extra) process.stderr.write(`extra    ${out}/${terminalText(f)}\n`);
    process.stderr.write(`opspec: ${out}/ is out of date (${stale.length + missing.length + extra.length} files); run 'opspec generate'\n`);
    return 1;
  }
  const changed = stale.length + missing.length + extra.length;
  process.stdout.write(
    changed === 0
      ? `opspec: ${out}/ is up to date (${result.files!.length} files, ${ms} ms${why})\n`
      : `opspec: wrote ${result.files!.length} files to ${out}/ (${changed} changed) in ${ms} ms\n`,
  );
  // What the run left for after its report (the run-cache record), before the next save can start.
  await options.state?.flush();
  return 0;
}

/** At most 100 diagnostics in full, then one line counting the rest; each file's text is split once. */
function printDiagnostics(diagnostics: Diagnostic[], sources: Map<string, string>): void {
  const color = process.stderr.isTTY === true && !process.env.NO_COLOR;
  process.stderr.write(formatDiagnostics(diagnostics, sources, { color }));
}

/** A path as shown: relative to the working directory, forward slashes, control characters escaped. */
function rel(p: string): string {
  return terminalText(path.relative(process.cwd(), p).split(path.sep).join("/") || ".");
}

/**
 * How long a burst of file events must be quiet before a run may write or report. An editor's save is
 * one write, or a write and a rename, reported within a few milliseconds.
 */
const WATCH_SETTLE_MS = 10;

/** The config file watch mode follows: its folder, and its name (or, before there is one, every name one may have). */
interface WatchedConfig {
  dir: string;
  names: readonly string[];
}

/** What watchSpecs resolves with when the config file was saved: not an exit code (those are 0 to 2). */
const CONFIG_SAVED = -1;

/**
 * TEST HOOK, not a feature: OPSPEC_WATCH_SETTLE_MS=<ms> in the environment lengthens the settle time,
 * so that test/watch-cli.test.ts's burst of saves, written 2 ms apart, stays one burst on a machine
 * loaded enough to pause the writing process for more than 10 ms.
 */
function watchSettleMs(): number {
  const set = Number(process.env.OPSPEC_WATCH_SETTLE_MS);
  return Number.isFinite(set) && set > WATCH_SETTLE_MS ? set : WATCH_SETTLE_MS;
}

/**
 * Regenerates an API after each burst of changes to its spec; a bad save prints diagnostics and keeps watching.
 *
 * A run starts at the first event of a save rather than after the settle time: reading, checking and
 * emitting write nothing, so they may as well overlap the wait, and the settle time leaves the
 * save-to-output path. An event after the run began (the rest of a save it read half of, or the next
 * save) makes it stop at the next stage and drop out silently (RunGate, pipeline.ts); that event has
 * already queued the run that follows (never two at once). A run writes or prints nothing before its
 * save has been quiet for WATCH_SETTLE_MS.
 *
 * Resolves with the exit code at Ctrl-C or when a folder cannot be watched, or with CONFIG_SAVED once
 * a save of the config file (`config`: its folder, and its name or every name one may have) has
 * settled and the run under way (if any) has finished.
 */
function watchSpecs(specs: { specDir: string; run: (gate: RunGate) => Promise<number> }[], config: WatchedConfig | undefined, debug: boolean): Promise<number> {
  let running: Promise<unknown> = Promise.resolve();
  const watchers: ReturnType<typeof watch>[] = [];
  const settleMs = watchSettleMs();
  let stop: (code: number) => void = () => {};
  let done = false;
  const onSignal = () => stop(0);
  const stopped = new Promise<number>((resolve) => {
    stop = (code: number) => {
      done = true;
      for (const w of watchers) w.close();
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      resolve(code);
    };
  });
  if (config !== undefined) {
    // Its folder, not the file: an editor that saves by renaming a new file over it ends a watch on the file.
    let lastEvent = -Infinity;
    let pending = false;
    try {
      const watcher = watch(config.dir, (_event, name) => {
        if (name === null || !config.names.includes(name)) return;
        lastEvent = performance.now();
        if (pending) return;
        pending = true;
        running = running.then(async () => {
          for (let wait = lastEvent + settleMs - performance.now(); wait > 0; wait = lastEvent + settleMs - performance.now())
            await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
          stop(CONFIG_SAVED);
        });
      });
      watchers.push(watcher);
      watcher.on("error", () => watcher.close()); // the config's folder gone: the specs are still watched
    } catch (err) {
      reportFailure(new UserError(`cannot watch ${rel(config.dir)}/ for the config file: ${(err as Error).message}; a change to it takes a restart`), { debug });
    }
  }
  for (const { specDir, run } of specs) {
    let lastEvent = -Infinity;
    let pending = false;
    const gateFrom = (startedAt: number): RunGate => ({
      superseded: () => lastEvent >= startedAt,
      settled: async () => {
        for (let wait = lastEvent + settleMs - performance.now(); wait > 0; wait = lastEvent + settleMs - performance.now())
          await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
        return lastEvent < startedAt;
      },
    });
    const trigger = () => {
      lastEvent = performance.now();
      if (pending) return;
      pending = true;
      running = running.then(async () => {
        pending = false;
        // A save queued behind a config reload is the next watch's to generate.
        if (done) return;
        await run(gateFrom(performance.now())).catch((err: unknown) => reportFailure(err, { debug }));
      });
    };
    let watcher: ReturnType<typeof watch>;
    try {
      watcher = watch(specDir, (event, name) => {
        if (!name || /\.ya?ml$/.test(name)) trigger();
        // The folder itself moved or deleted: Linux reports one rename named after the folder, then
        // nothing more (the watch follows the moved folder), so without this the session goes quiet.
        else if (event === "rename" && !existsSync(specDir)) stop(reportFailure(new UserError(`stopped watching ${rel(specDir)}/: it was moved or deleted`), { debug }));
      });
    } catch (err) {
      reportFailure(new UserError(`cannot watch ${rel(specDir)}/: ${(err as Error).message}`), { debug });
      stop(1);
      return stopped;
    }
    watchers.push(watcher);
    // The folder removed or renamed under us: say so in one line and stop.
    watcher.on("error", (err) => stop(reportFailure(new UserError(`stopped watching ${rel(specDir)}/: ${err.message}`), { debug })));
  }
  process.stderr.write(`opspec: watching ${specs.map((s) => `${rel(s.specDir)}/`).join(", ")} for changes (Ctrl-C to stop)\n`);
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return stopped;
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

/** True when this module is the program node started (directly, through npm's bin link, or with tsx), not an import. */
function isEntryPoint(): boolean {
  const started = process.argv[1];
  if (started === undefined) return false;
  try {
    return realpathSync(started) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
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
