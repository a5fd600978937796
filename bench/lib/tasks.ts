/**
 * The things the bench measures, each as one function: our generator (the compiled `opspec` bin and
 * the sources under tsx),
 * the two peers, the in-process stage timings, watch latency, `tsc --noEmit` and the consumer bundle.
 */
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { existsSync } from "node:fs";
import { cp, mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { build, type Metafile } from "esbuild";
import { run, start, type RunResult } from "./proc.ts";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const NODE = process.execPath;
const BIN = {
  openapiTypescript: path.join(ROOT, "node_modules/openapi-typescript/bin/cli.js"),
  heyApi: path.join(ROOT, "node_modules/@hey-api/openapi-ts/bin/run.js"),
  tsc: path.join(ROOT, "node_modules/typescript/bin/tsc"),
};

export async function packageVersion(name: string): Promise<string | undefined> {
  try {
    return (JSON.parse(await readFile(path.join(ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return undefined;
  }
}

/**
 * The generator's run cache keeps one small record per output folder in node_modules/.cache/opspec/,
 * named by a hash of the folder's path. The bench's output folders are temporary: remove their records.
 */
export async function forgetRunCacheRecords(outDirs: Iterable<string>): Promise<void> {
  const cacheDir = path.join(ROOT, "node_modules/.cache/opspec");
  for (const dir of outDirs) {
    const name = `${createHash("sha256").update(path.resolve(dir)).digest("hex").slice(0, 16)}.json`;
    await rm(path.join(cacheDir, name), { force: true });
  }
}

export interface GenRun extends RunResult {
  /** Stage timings printed by `--verbose` (only when the run finished). */
  stages: [string, number][];
}

function parseStages(stderr: string): [string, number][] {
  return stageBlocks(stderr)[0] ?? [];
}

/**
 * How our generator is started. `bin`: the compiled toolchain, `node <pkg>/dist/cli.js` (what the
 * `opspec` bin runs, built here from the working tree by the package's own `build` step, tsc
 * tsconfig.build.json); `tsx`: the TypeScript sources, `node --import tsx generator/cli.ts` (what
 * `npm run generate` runs, without npm's own start-up). Both are run from the repository root.
 */
export interface OurCli {
  kind: "bin" | "tsx";
  label: string;
  argv: string[];
}

export const TSX_CLI: OurCli = { kind: "tsx", label: "node --import tsx generator/cli.ts (npm run generate)", argv: [NODE, "--import", "tsx", "generator/cli.ts"] };

export function binCli(cliJs: string): OurCli {
  return { kind: "bin", label: "node dist/cli.js (the opspec bin, compiled)", argv: [NODE, cliJs] };
}

export interface CompiledCli {
  /** Why there is none, when there is none. */
  missing?: string;
  cli?: OurCli;
  /** The build, timed. */
  build?: RunResult;
  /** When tsc exited non-zero (type errors elsewhere in the tree; it still writes the JavaScript): its first error. */
  buildNote?: string;
  bin?: string;
  buildScript?: string;
}

/**
 * The compiled toolchain, when the package has one: package.json `bin.opspec` and a `build` script
 * that compiles with tsconfig.build.json. Built into `pkgDir/dist` (never the repository's own
 * dist/, which others may be building or testing), with `pkgDir/generator` and `pkgDir/node_modules`
 * linked to the repository's, so the compiled modules find the runtime sources and the run cache
 * exactly where they do in an installed package.
 */
export async function buildCompiledCli(pkgDir: string, capMs: number): Promise<CompiledCli> {
  const pkg = JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8")) as { bin?: string | Record<string, string>; scripts?: Record<string, string> };
  const bin = typeof pkg.bin === "string" ? pkg.bin : pkg.bin?.opspec;
  const buildScript = pkg.scripts?.build;
  if (!bin) return { missing: "package.json has no `bin.opspec`" };
  if (!buildScript) return { missing: "package.json has no `build` script", bin };
  if (!buildScript.includes("tsconfig.build.json") || !existsSync(path.join(ROOT, "tsconfig.build.json")))
    return { missing: `the build script (\`${buildScript}\`) does not compile with tsconfig.build.json, which the bench knows how to redirect`, bin, buildScript };
  const rel = path.relative("dist", bin);
  if (rel.startsWith("..")) return { missing: `the bin (${bin}) is not under dist/`, bin, buildScript };
  await rm(pkgDir, { recursive: true, force: true });
  await mkdir(pkgDir, { recursive: true });
  await symlink(path.join(ROOT, "generator"), path.join(pkgDir, "generator"), "dir");
  await symlink(path.join(ROOT, "node_modules"), path.join(pkgDir, "node_modules"), "dir");
  await cp(path.join(ROOT, "package.json"), path.join(pkgDir, "package.json"));
  const build = await run([NODE, BIN.tsc, "-p", "tsconfig.build.json", "--outDir", path.join(pkgDir, "dist")], { cwd: ROOT, capMs });
  const cliJs = path.join(pkgDir, bin);
  if (!existsSync(cliJs)) return { missing: `the build wrote no ${bin} (${build.status}: ${build.stdout.trim().split("\n")[0] ?? ""})`, build, bin, buildScript };
  return { cli: binCli(cliJs), build, bin, buildScript, buildNote: build.status === "ok" ? undefined : (/^.*error TS\d+.*$/m.exec(build.stdout)?.[0] ?? errorText(build)).slice(0, 200) };
}

function errorText(r: RunResult): string {
  return `${r.status} (exit ${r.exitCode})`;
}

export function ourGenerateCommand(cli: OurCli, specDir: string | undefined, outDir: string, extra: string[] = []): string[] {
  return [...cli.argv, "generate", ...(specDir ? ["--spec", specDir] : []), "--out", outDir, ...extra, "--verbose"];
}

/**
 * One generation into `outDir`. `fresh`: the folder is removed first (a first generation);
 * otherwise it holds the previous output (a regeneration). Always `--force`: every stage runs, the
 * run cache answers nothing.
 */
export async function ourGenerate(cli: OurCli, specDir: string | undefined, outDir: string, capMs: number, fresh = true): Promise<GenRun> {
  if (fresh) await rm(outDir, { recursive: true, force: true });
  const r = await run(ourGenerateCommand(cli, specDir, outDir, ["--force"]), { cwd: ROOT, capMs });
  return { ...r, stages: parseStages(r.stderr) };
}

export function openapiTypescriptCommand(input: string, outFile: string): string[] {
  return [NODE, BIN.openapiTypescript, input, "-o", outFile];
}

/** openapi-typescript: types only (one .d.ts-like file). Run from `cwd` so it finds no redocly.yaml. */
export async function openapiTypescript(input: string, outFile: string, cwd: string, capMs: number): Promise<RunResult> {
  await rm(outFile, { force: true });
  await mkdir(path.dirname(outFile), { recursive: true });
  return run(openapiTypescriptCommand(input, outFile), { cwd, capMs });
}

export const HEY_PLUGINS = ["@hey-api/client-fetch", "@hey-api/typescript", "zod", { name: "@hey-api/sdk", validator: true }] as const;

export function heyApiCommand(configFile: string): string[] {
  return [NODE, BIN.heyApi, "-f", configFile];
}

/**
 * @hey-api/openapi-ts with its Zod plugin (Zod 4 output) and an SDK that validates requests and
 * responses with it: the closest peer to our schemas + client.
 */
export async function heyApi(input: string, outDir: string, cwd: string, capMs: number): Promise<RunResult> {
  await rm(outDir, { recursive: true, force: true });
  const config = path.join(cwd, `openapi-ts.${path.basename(outDir)}.config.mjs`);
  await writeFile(
    config,
    `export default ${JSON.stringify({ input, output: outDir, logs: { file: false }, plugins: HEY_PLUGINS }, null, 2)};\n`,
  );
  return run(heyApiCommand(config), { cwd, capMs });
}

export interface WarmRun {
  run: number;
  ok: boolean;
  diagnostics: number;
  files: number;
  totalMs: number;
  timings: [string, number][];
}

function jsonLines<T>(stdout: string): T[] {
  return stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as T);
}

/** In-process: generate() once to warm up, then `repeat` more times; returns every completed run. */
export async function warmStages(specDir: string, outRoot: string, repeat: number, capMs: number): Promise<{ runs: WarmRun[]; result: RunResult }> {
  const result = await run([NODE, "--import", "tsx", path.join(ROOT, "bench/children/warm.ts"), specDir, outRoot, String(repeat)], { cwd: ROOT, capMs });
  return { runs: jsonLines<WarmRun>(result.stdout), result };
}

/** generate() with only some emitters: validates a synthetic spec and writes our OpenAPI document for the peers. */
export async function emitOnly(specDir: string, outDir: string, emitters: string, capMs: number): Promise<{ run?: WarmRun; result: RunResult }> {
  const result = await run([NODE, "--import", "tsx", path.join(ROOT, "bench/children/emit-only.ts"), specDir, outDir, emitters], { cwd: ROOT, capMs });
  return { run: jsonLines<WarmRun>(result.stdout)[0], result };
}

export interface WatchResult {
  /** The spec watched: "51 (Intercom)" or a synthetic size's label. */
  label: string;
  /** ms from the save to stdout's "wrote" line, per save. */
  toStdout: number[];
  /** ms from the save to the edited text showing in the output file, per save. */
  toFile: number[];
  initialMs?: number;
  /** `--verbose` stage timings of each regeneration after a save. */
  saveStages: [string, number][][];
  note?: string;
  command: string;
  /** Peak resident set of the watch process over the session (polled), KiB. */
  maxRssKb?: number;
}

/** The spec a watch session runs on, the resource file its saves edit, and the output page that shows the edit. */
export interface WatchedSpec {
  label: string;
  specDir: string;
  /** Relative to specDir; its first `title:` line is edited. */
  file: string;
  /** Relative to the output folder. */
  page: string;
}

/** Splits `--verbose` output into one list of stage timings per run. */
function stageBlocks(stderr: string): [string, number][][] {
  const blocks: [string, number][][] = [];
  let current: [string, number][] | undefined;
  for (const line of stderr.split("\n")) {
    const m = /^ {2}(\S+)\s+([\d.]+) ms$/.exec(line);
    // A run's block ends at any other line, or where a stage comes round again (watch mode prints
    // one block per run, back to back).
    if (current && (!m || current.some(([stage]) => stage === m[1]))) {
      blocks.push(current);
      current = undefined;
    }
    if (m) (current ??= []).push([m[1]!, Number(m[2])]);
  }
  if (current) blocks.push(current);
  return blocks;
}

/**
 * `opspec generate --watch` (compiled, or the sources under tsx) on a copy of a spec (the repository's,
 * unless `spec` names another): waits for the first generation, then saves one resource file (its
 * title, with a few words added) `saves` times and measures until the CLI reports the write and until
 * the new title is in the output page. Stops early when `capMs` runs out.
 */
export async function watchLatency(cli: OurCli, workDir: string, saves: number, capMs: number, spec?: WatchedSpec): Promise<WatchResult> {
  const watched = spec ?? { label: "51 (Intercom)", specDir: path.join(ROOT, "spec"), file: "admins.yaml", page: "docs/admins.md" };
  const deadline = performance.now() + capMs;
  const specDir = path.join(workDir, "spec");
  const outDir = path.join(workDir, "out");
  await rm(workDir, { recursive: true, force: true });
  await cp(watched.specDir, specDir, { recursive: true });
  const edited = path.join(specDir, watched.file);
  const watchedOut = path.join(outDir, ...watched.page.split("/"));
  const original = await readFile(edited, "utf8");
  const title = /^title: (.*)$/m.exec(original)?.[1];
  if (title === undefined) return { label: watched.label, toStdout: [], toFile: [], saveStages: [], note: `${watched.file} has no 'title:' line to edit`, command: "" };

  let wrote = 0;
  const waiters: (() => void)[] = [];
  const args = [...cli.argv, "generate", "--watch", "--spec", specDir, "--out", outDir, "--verbose"];
  const child = await start(args, {
    cwd: ROOT,
    capMs: capMs + 5_000,
    onStdout: (chunk) => {
      wrote += (chunk.match(/opspec: wrote /g) ?? []).length;
      for (const w of waiters.splice(0)) w();
    },
  });
  const untilWrote = (n: number, byMs: number) =>
    new Promise<boolean>((resolve) => {
      const check = () => {
        if (wrote >= n) return resolve(true);
        if (performance.now() > byMs) return resolve(false);
        waiters.push(check);
        setTimeout(check, 50);
      };
      check();
    });
  const result: WatchResult = { label: watched.label, toStdout: [], toFile: [], saveStages: [], command: args.join(" ") };
  try {
    if (!(await untilWrote(1, deadline))) {
      result.note = "the first generation did not finish within the time allotted";
      return result;
    }
    result.initialMs = performance.now() - child.startedAt;
    let lastSave = result.initialMs;
    for (let i = 1; i <= saves; i++) {
      // Stop when another save would likely not finish in time.
      const left = deadline - performance.now();
      const typical = result.toStdout.length > 0 ? Math.max(...result.toStdout) : lastSave;
      if (i > 1 && left < typical * 1.5 + 500) {
        result.note = `stopped after ${i - 1} saves: the time allotted ran out`;
        break;
      }
      await new Promise((r) => setTimeout(r, 300)); // let fs.watch settle
      const marker = `${title} edit ${i}`;
      const t0 = performance.now();
      await writeFile(edited, original.replace(/^title: .*$/m, `title: ${marker}`));
      let fileAt: number | undefined;
      const poll = (async () => {
        while (performance.now() < deadline && fileAt === undefined) {
          const text = await readFile(watchedOut, "utf8").catch(() => "");
          if (text.includes(marker)) fileAt = performance.now() - t0;
          else await new Promise((r) => setTimeout(r, 5));
        }
      })();
      const ok = await untilWrote(i + 1, deadline);
      const stdoutAt = performance.now() - t0;
      await Promise.race([poll, new Promise((r) => setTimeout(r, 2_000))]);
      if (!ok) {
        result.note = `save ${i} was not regenerated within the time allotted`;
        break;
      }
      result.toStdout.push(stdoutAt);
      if (fileAt !== undefined) result.toFile.push(fileAt);
      lastSave = stdoutAt;
    }
    return result;
  } finally {
    child.kill("SIGTERM");
    const stopped = await Promise.race([child.done.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 3_000))]);
    if (!stopped) child.kill("SIGKILL");
    const ended = await child.done;
    const blocks = stageBlocks(ended.stderr);
    result.saveStages = blocks.slice(1, 1 + result.toStdout.length);
    result.maxRssKb = ended.maxRssKb;
  }
}

export interface TscResult extends RunResult {
  errors: number;
  files?: number;
  checkMs?: number;
  memoryKb?: number;
  instantiations?: number;
  firstError?: string;
}

export function tscCommand(project: string): string[] {
  return [NODE, BIN.tsc, "-p", project, "--extendedDiagnostics"];
}

/**
 * `tsc --noEmit` on generated code in `dir` (the `include` globs), with one tsconfig for every tool's
 * output: strict, bundler resolution, skipLibCheck (zod's own .d.ts are not ours to check).
 */
export async function tscCheck(dir: string, include: string[], capMs: number): Promise<TscResult> {
  const project = path.join(dir, "tsconfig.bench.json");
  await writeFile(
    project,
    JSON.stringify(
      {
        compilerOptions: {
          target: "ES2022",
          module: "ESNext",
          moduleResolution: "Bundler",
          lib: ["ES2023", "DOM", "DOM.Iterable"],
          strict: true,
          skipLibCheck: true,
          noEmit: true,
          types: [],
        },
        include,
      },
      null,
      2,
    ),
  );
  const r = await run(tscCommand(project), { cwd: dir, capMs });
  const num = (label: string) => {
    const m = new RegExp(`^${label}:\\s+([\\d.]+)(s|K)?$`, "m").exec(r.stdout);
    return m ? Number(m[1]) * (m[2] === "s" ? 1000 : 1) : undefined;
  };
  const errors = (r.stdout.match(/error TS\d+/g) ?? []).length;
  const firstError = /^.*error TS\d+.*$/m.exec(r.stdout)?.[0];
  return { ...r, errors, files: num("Files"), checkMs: num("Check time"), memoryKb: num("Memory used"), instantiations: num("Instantiations"), firstError };
}

/** tsc's check time in our output by part, from a traced run (tscCheckByPart). */
export interface TscPartsResult extends RunResult {
  /** Milliseconds of checkSourceFile per part, largest first. */
  byPart?: [part: string, ms: number][];
}

/** The part of our output a file belongs to, for tscCheckByPart. */
export function ourTscPart(file: string): string {
  if (file.startsWith("client/runtime/")) return "the runtime (client/runtime/)";
  if (file === "schemas/types.ts") return "the named types' schemas (schemas/types.ts)";
  if (file.startsWith("schemas/")) return "the operations' schemas (other schemas/ files)";
  return "the client's operations (other client/ files)";
}

/**
 * Where tsc spends its check time in `dir`, file by file, summed by `partOf` (relative paths): tsc
 * with --generateTrace, whose trace holds a begin and an end event per checked file. Tracing slows
 * tsc, so this is a run of its own, after tscCheck (whose tsconfig it reuses), and not timed.
 */
export async function tscCheckByPart(dir: string, capMs: number, partOf: (file: string) => string): Promise<TscPartsResult> {
  const traceDir = path.join(dir, ".tsc-trace");
  const r = await run([NODE, BIN.tsc, "-p", path.join(dir, "tsconfig.bench.json"), "--generateTrace", traceDir], { cwd: dir, capMs });
  if (r.status !== "ok") return r;
  try {
    const events = JSON.parse(await readFile(path.join(traceDir, "trace.json"), "utf8")) as { name: string; ph: string; ts: number; args?: { path?: string } }[];
    const totals = new Map<string, number>();
    let begin: { ts: number; file: string } | undefined;
    for (const e of events) {
      if (e.name !== "checkSourceFile") continue;
      if (e.ph === "B") begin = { ts: e.ts, file: path.relative(dir, e.args?.path ?? "").split(path.sep).join("/") };
      else if (e.ph === "E" && begin) {
        const part = partOf(begin.file);
        totals.set(part, (totals.get(part) ?? 0) + (e.ts - begin.ts) / 1000);
        begin = undefined;
      }
    }
    return { ...r, byPart: [...totals].sort((a, b) => b[1] - a[1]) };
  } finally {
    await rm(traceDir, { recursive: true, force: true });
  }
}

export interface BundleResult {
  entry: string;
  minified: number;
  gzipped: number;
  /** Minified bytes in the output by origin (zod, runtime, schemas, generated client, …). */
  byOrigin: Record<string, number>;
  error?: string;
}

/** Where a byte of a bundle comes from. Ours: client/runtime, schemas/, client/<resource>. hey-api: client/ and core/ (its fetch client), zod.gen, sdk.gen. */
function origin(input: string): string {
  if (input.includes("node_modules/zod/")) return "zod";
  if (input.includes("node_modules/")) return "other packages";
  if (/\/client\/runtime\//.test(input)) return "runtime";
  if (/\/schemas\//.test(input) || /\/zod\.gen\.ts$/.test(input)) return "schemas";
  if (/\/hey-api\/(client|core)\//.test(input) || /\/client\.gen\.ts$/.test(input)) return "runtime";
  if (/\/client\//.test(input) || /\/sdk\.gen\.ts$/.test(input)) return "operations";
  return "consumer";
}

/** esbuild: bundle, minify, tree-shake, Zod bundled; then gzip -9. */
export async function bundleSize(entry: string): Promise<BundleResult> {
  try {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      treeShaking: true,
      platform: "neutral",
      mainFields: ["module", "main"],
      format: "esm",
      target: "es2022",
      write: false,
      metafile: true,
      logLevel: "silent",
      absWorkingDir: path.dirname(entry),
    });
    const out = result.outputFiles[0]!;
    const byOrigin: Record<string, number> = {};
    const meta: Metafile = result.metafile;
    for (const o of Object.values(meta.outputs))
      for (const [input, { bytesInOutput }] of Object.entries(o.inputs)) {
        const key = origin(path.resolve(path.dirname(entry), input));
        byOrigin[key] = (byOrigin[key] ?? 0) + bytesInOutput;
      }
    return { entry, minified: out.contents.byteLength, gzipped: gzipSync(out.contents, { level: 9 }).byteLength, byOrigin };
  } catch (err) {
    return { entry, minified: NaN, gzipped: NaN, byOrigin: {}, error: (err as Error).message.split("\n").slice(0, 3).join(" ") };
  }
}
