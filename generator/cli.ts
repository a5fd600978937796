#!/usr/bin/env node
/**
 * opspec command line.
 *   opspec generate            regenerate everything from spec/ into generated/
 *   opspec generate --check    compare only; exit 1 and list what is stale
 *   opspec generate --watch    regenerate on every save; never exits on a bad spec
 * Exit codes: 0 ok, 1 spec errors or stale output, 2 usage errors.
 */
import { watch } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Diagnostic } from "./diagnostics/catalog.ts";
import { formatDiagnostic } from "./diagnostics/print.ts";
import { generate, type GenerateResult } from "./pipeline.ts";
import { isClean } from "./write/write-output.ts";

const USAGE = `Usage: opspec generate [--check | --watch] [--spec DIR] [--out DIR] [--verbose]

  --check      write nothing; exit 1 and list the files that are stale, missing or extra
  --watch      regenerate whenever a spec file changes (Ctrl-C to stop)
  --spec DIR   folder of spec YAML files (default: spec)
  --out DIR    output folder, replaced as a whole (default: generated)
  --verbose    print the time each stage took
  --force      run every stage even when nothing changed since the last run

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
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    process.stderr.write(`opspec: ${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const command = positionals[0] ?? "generate";
  if (command !== "generate" || positionals.length > 1) {
    process.stderr.write(`opspec: unknown command '${positionals.join(" ")}'\n\n${USAGE}\n`);
    return 2;
  }
  if (values.check && values.watch) {
    process.stderr.write(`opspec: --check and --watch cannot be used together\n\n${USAGE}\n`);
    return 2;
  }
  const specDir = path.resolve(values.spec ?? "spec");
  const outDir = path.resolve(values.out ?? "generated");
  const run = () =>
    runOnce({ specDir, outDir, check: values.check ?? false, verbose: values.verbose ?? false, force: values.force ?? false });
  if (!values.watch) return run();
  await run();
  return watchSpec(specDir, run);
}

async function runOnce(options: {
  specDir: string;
  outDir: string;
  check: boolean;
  verbose: boolean;
  force: boolean;
}): Promise<number> {
  const started = performance.now();
  let result: GenerateResult;
  try {
    result = await generate(options);
  } catch (err) {
    process.stderr.write(`opspec: generation failed, ${rel(options.outDir)}/ left as it was: ${(err as Error).stack ?? err}\n`);
    return 1;
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
    for (const f of stale) process.stderr.write(`stale    ${out}/${f}\n`);
    for (const f of missing) process.stderr.write(`missing  ${out}/${f}\n`);
    for (const f of extra) process.stderr.write(`extra    ${out}/${f}\n`);
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

function printDiagnostics(diagnostics: Diagnostic[], sources: Map<string, string>): void {
  const color = process.stderr.isTTY && !process.env.NO_COLOR;
  for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d, sources.get(d.file), color)}\n\n`);
}

function rel(p: string): string {
  return path.relative(process.cwd(), p).split(path.sep).join("/") || ".";
}

/** Regenerates after each burst of changes; a bad save prints diagnostics and keeps watching. */
function watchSpec(specDir: string, run: () => Promise<number>): Promise<number> {
  process.stderr.write(`opspec: watching ${rel(specDir)}/ for changes (Ctrl-C to stop)\n`);
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
        await run().catch((err: unknown) => process.stderr.write(`opspec: ${String(err)}\n`));
      });
    }, 30);
  };
  const watcher = watch(specDir, (_event, name) => {
    if (!name || /\.ya?ml$/.test(name)) trigger();
  });
  return new Promise((resolve) => {
    const stop = () => {
      watcher.close();
      resolve(0);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("cli.ts")) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
