/**
 * `npm run bench`: how fast opspec generates, how it scales, how fast watch mode answers, what the
 * generated code costs to type-check and to ship, side by side with openapi-typescript and
 * @hey-api/openapi-ts (Zod plugin) on the same API at each size. Prints the tables and writes them
 * to BENCHMARKS.md (quick mode: to a file in the temp folder, BENCHMARKS.md untouched).
 *
 *   node --import tsx bench/run.ts [--quick] [--budget SECONDS] [--out FILE] [--keep]
 *
 *   --quick / BENCH_QUICK=1        sizes 51 and 1,000 only, one repeat each
 *   --budget / BENCH_BUDGET_S      wall-clock budget for the whole bench (default 570 s): items that
 *                                  would not fit are skipped or killed at their cap, and say so
 *   --out FILE                     where to write the report (default BENCHMARKS.md; quick: temp)
 *   --keep                         keep the temporary work folder
 *   --sizes 1000,10000             the synthetic sizes (besides the Intercom spec's 51)
 *
 * Everything runs from this one process, one measurement at a time (the machine has 2 cores), ours
 * and the peers interleaved at each size so that load from elsewhere falls on all of them alike.
 * Every child is timed here (wall) and by GNU time (CPU, peak RSS).
 */
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Budget, Phase } from "./lib/budget.ts";
import { HAS_GNU_TIME, run, type RunResult } from "./lib/proc.ts";
import { errorLine, renderReport, type Report, type SizeResult, type ToolRuns } from "./lib/report.ts";
import { int, loadAverage, machine, ms } from "./lib/stats.ts";
import { summarizeProfile } from "./lib/profile.ts";
import { writeSyntheticSpec } from "./synth.ts";
import {
  buildCompiledCli,
  bundleSize,
  emitOnly,
  forgetRunCacheRecords,
  heyApi,
  openapiTypescript,
  ourGenerate,
  ourTscPart,
  packageVersion,
  ROOT,
  tscCheck,
  tscCheckByPart,
  TSX_CLI,
  warmStages,
  watchLatency,
  type GenRun,
  type OurCli,
  type TscResult,
} from "./lib/tasks.ts";
import { execFileSync } from "node:child_process";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean" },
    budget: { type: "string" },
    out: { type: "string" },
    keep: { type: "boolean" },
    sizes: { type: "string" },
  },
});
const QUICK = values.quick === true || process.env.BENCH_QUICK === "1";
const BUDGET_S = Number(values.budget ?? process.env.BENCH_BUDGET_S ?? 570);
const REPEATS = QUICK ? 1 : 3;
/**
 * Rounds of the Intercom regenerations and peers. More than at the other sizes, because each round is
 * short and the target's verdict rests on one ratio: three rounds here put it at 0.46-0.49 in three runs
 * of one half-hour, a spread as wide as its margin to 0.5.
 */
const INTERCOM_ROUNDS = QUICK ? 1 : 5;
const WATCH_SAVES = QUICK ? 2 : 5;
/** The synthetic size whose watch mode is measured as well as Intercom's (not a target). */
const WATCH_OPS = 1000;
const SIZES = values.sizes ? values.sizes.split(",").map(Number) : QUICK ? [1000] : [1000, 10000];
const INTERCOM_OPS = 51;
/** The peers and tsc run at this size and below. */
const PEER_MAX_OPS = 1000;

const log = (msg: string) => process.stderr.write(`[bench ${(budget.elapsedMs() / 1000).toFixed(0).padStart(4)} s] ${msg}\n`);
const budget = new Budget(BUDGET_S * 1000);

const work = await mkdtemp(path.join(os.tmpdir(), "opspec-bench-"));

/**
 * Output folders the generator ran into. Its run cache keeps one small record per output folder in
 * node_modules/.cache/opspec/ (named by a hash of the folder's path); the bench removes the records
 * of its temporary folders when it ends. Every timed run writes into a new, empty folder, so no timed
 * run is answered from that cache.
 */
const outDirs = new Set<string>();
const out = (dir: string) => (outDirs.add(dir), dir);

const forgetCacheRecords = () => forgetRunCacheRecords(outDirs);

// Generated code and peers' output import `zod`: resolve it from the project's node_modules.
await symlink(path.join(ROOT, "node_modules"), path.join(work, "node_modules"), "dir");

const report: Report = {
  command: [
    ...(process.env.BENCH_QUICK === "1" ? ["BENCH_QUICK=1"] : []),
    ...(process.env.BENCH_BUDGET_S ? [`BENCH_BUDGET_S=${process.env.BENCH_BUDGET_S}`] : []),
    "npm run bench",
    ...(process.argv.length > 2 ? ["--", ...process.argv.slice(2)] : []),
  ].join(" "),
  startedAt: new Date().toISOString(),
  machine: machine(),
  quick: QUICK,
  budgetS: BUDGET_S,
  repeats: REPEATS,
  intercomRounds: INTERCOM_ROUNDS,
  hasGnuTime: HAS_GNU_TIME,
  versions: Object.fromEntries(
    (
      await Promise.all(
        ["openapi-typescript", "@hey-api/openapi-ts", "typescript", "esbuild", "zod", "tsx", "yaml", "js-yaml", "jiti"].map(
          async (name) => [name, await packageVersion(name)] as const,
        ),
      )
    ).filter((e): e is readonly [string, string] => e[1] !== undefined),
  ),
  git: gitState(),
  sizes: [],
  startup: [],
  notes: [],
};

/** The commit measured, and whether the working tree differs from it (others work in this checkout). */
function gitState(): string | undefined {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "generator"], { cwd: ROOT, encoding: "utf8" }).trim().split("\n").filter(Boolean).length;
    return `${head}${dirty ? ` + ${dirty} uncommitted change${dirty === 1 ? "" : "s"} under generator/ (the working tree is what runs)` : ""}`;
  } catch {
    return undefined;
  }
}

function toolRuns<R extends RunResult = RunResult>(command: string): ToolRuns<R> {
  return { command, runs: [] };
}

/** Runs `fn` up to `times` times while the next run is likely to fit in `allotMs` (at least once); `fn` may decline with undefined. */
async function repeat<T extends RunResult>(times: number, allotMs: number, fn: (capMs: number, i: number) => Promise<T | undefined>): Promise<T[]> {
  const end = performance.now() + allotMs;
  const out: T[] = [];
  for (let i = 0; i < times; i++) {
    const left = end - performance.now();
    const longest = Math.max(0, ...out.map((r) => r.wallMs));
    if (i > 0 && left < longest * 1.2) break;
    const r = await fn(Math.max(left, 5_000), i);
    if (!r) break;
    out.push(r);
    if (r.status !== "ok") break;
  }
  return out;
}

function describe(r: RunResult): string {
  return `${r.status}${r.status === "failed" ? ` (exit ${r.exitCode}): ${errorLine(r.stderr || r.stdout)}` : ""}`;
}

function lastLines(text: string, n = 3): string {
  return text.trim().split("\n").slice(-n).join(" | ").slice(0, 400);
}

/** A cap for one item: its allotment, at least `floorMs`, never past the end of the whole budget. */
function capFor(allotMs: number, floorMs: number): number {
  return Math.max(1_000, Math.min(Math.max(allotMs, floorMs), budget.totalMs - budget.elapsedMs() - 3_000));
}

/**
 * More rounds of tsc on hey-api's output and ours, after the first (each round hey-api's first), up to
 * `rounds` in all while what is left of the allotment holds another round. A single tsc run here moves
 * by about a tenth from one run to the next (three reports gave 0.95×, 1.04× and 1.09× at 51 operations),
 * so the ratio is taken between medians, and interleaving gives both outputs the same machine. Only
 * when both first runs finished cleanly: a stopped or failing run is reported as it is.
 */
async function moreTscRounds(size: SizeResult, dirs: { hey: string; ours: string }, rounds: number, endAt: number): Promise<void> {
  const hey = size.tscHey;
  const ours = size.tscOurs;
  if (hey?.status !== "ok" || ours?.status !== "ok") return;
  const heyRuns = [hey];
  const ourRuns = [ours];
  while (heyRuns.length < rounds) {
    const round = Math.max(...heyRuns.map((r) => r.wallMs)) + Math.max(...ourRuns.map((r) => r.wallMs));
    if (endAt - performance.now() < round * 1.2 || budgetGone()) break;
    const nextHey = await tscCheck(dirs.hey, ["**/*.ts"], capFor(hey.wallMs * 3, hey.wallMs * 2));
    if (nextHey.status !== "ok") break;
    const nextOurs = await tscCheck(dirs.ours, OUR_TSC_INCLUDE, capFor(ours.wallMs * 3, ours.wallMs * 2));
    if (nextOurs.status !== "ok") break;
    heyRuns.push(nextHey);
    ourRuns.push(nextOurs);
  }
  size.tscRounds = { hey: heyRuns.map((r) => r.wallMs), ours: ourRuns.map((r) => r.wallMs) };
  // The run each side's other figures (check time, memory) are read from: its median by wall time.
  const medianRun = (runs: TscResult[]) => [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor((runs.length - 1) / 2)]!;
  size.tscHey = medianRun(heyRuns);
  size.tscOurs = medianRun(ourRuns);
}

/** Rounds of tsc on each output, at 51 operations and at 1,000 (see moreTscRounds). */
const TSC_ROUNDS = QUICK ? 1 : 5;

/** What of our output `tsc` checks: the client (with its runtime) and the schemas it imports. */
const OUR_TSC_INCLUDE = ["client/**/*.ts", "schemas/**/*.ts"];

/** Ours is checked after hey-api's: give it long enough to tell whether it is slower (1.5× theirs). */
function tscFloor(hey: RunResult | undefined): number {
  return Math.max(30_000, hey?.status === "ok" ? hey.wallMs * 1.5 : 0);
}

const budgetGone = () => budget.totalMs - budget.elapsedMs() < 10_000;

try {
  // ---------------------------------------------------------------- phase A: the Intercom spec (51 ops)
  const phaseA = new Phase("intercom", budget.at(QUICK ? 0.5 : 0.42), { startup: 3, build: 8, cold: 40, warm: 12, watch: 16, bundle: 1, tsc: 20 });
  log(`machine: ${report.machine.cpu}, ${report.machine.cores} cores, load ${loadAverage()}; budget ${BUDGET_S} s; work folder ${work}`);

  {
    phaseA.allot("startup");
    const probes: [string, string[]][] = [
      ["node -e 0", [process.execPath, "-e", "0"]],
      ["node --import tsx -e 0", [process.execPath, "--import", "tsx", "-e", "0"]],
      ["node --import tsx -e \"await import('./generator/pipeline.ts')\" (what loads before the first stage)", [process.execPath, "--import", "tsx", "-e", "await import('./generator/pipeline.ts')"]],
    ];
    for (const [label, args] of probes) report.startup.push({ label, result: await run(args, { cwd: ROOT, capMs: capFor(0, 30_000) }) });
  }

  // The compiled toolchain (the `opspec` bin), built from this working tree when the package has one.
  let cli: OurCli = TSX_CLI;
  {
    const cap = capFor(phaseA.allot("build"), 90_000);
    log(`compiled CLI: package.json bin + build script? (tsc -p tsconfig.build.json, cap ${(cap / 1000).toFixed(0)} s)`);
    const compiled = await buildCompiledCli(path.join(work, "pkg"), cap);
    report.compiled = { missing: compiled.missing, bin: compiled.bin, buildScript: compiled.buildScript, buildMs: compiled.build?.wallMs, buildStatus: compiled.build?.status, buildNote: compiled.buildNote };
    if (compiled.cli) {
      cli = compiled.cli;
      report.startup.push({ label: "node dist/cli.js --help (the compiled bin: start-up, argument parsing)", result: await run([...cli.argv, "--help"], { cwd: ROOT, capMs: capFor(0, 30_000) }) });
      report.startup.push({
        label: "node -e \"await import('<pkg>/dist/pipeline.js')\" (what the compiled bin loads before the first stage)",
        result: await run([process.execPath, "--input-type=module", "-e", `await import(${JSON.stringify(path.join(work, "pkg", "dist", "pipeline.js"))})`], { cwd: ROOT, capMs: capFor(0, 30_000) }),
      });
    }
    log(`  ${compiled.cli ? `built in ${ms(compiled.build?.wallMs)}` : `not available: ${compiled.missing}`}`);
  }
  report.cli = cli.label;

  const intercom: SizeResult = {
    ops: INTERCOM_OPS,
    label: "51 (Intercom)",
    ours: toolRuns<GenRun>(""),
    openapiTypescript: toolRuns(""),
    heyApi: toolRuns(""),
  };
  report.sizes.push(intercom);
  // A copy of spec/ that each round edits, and one output folder per way of running ours: every timed
  // run of ours is a regeneration after a spec edit (`--force`) into the output of the run before.
  const intercomSpec = path.join(work, "intercom", "spec");
  await cp(path.join(ROOT, "spec"), intercomSpec, { recursive: true });
  const editedFile = path.join(intercomSpec, "admins.yaml");
  const originalText = await readFile(editedFile, "utf8");
  const editSpec = async (i: number) => writeFile(editedFile, originalText.replace(/^title: (.*)$/m, (_, t: string) => `title: ${t} (edit ${i})`));
  const intercomOut = (kind: string) => path.join(work, "intercom", `out-${kind}`);
  const intercomPeers = path.join(work, "intercom", "peers");
  await mkdir(intercomPeers, { recursive: true });
  const clis = cli.kind === "bin" ? [cli, TSX_CLI] : [TSX_CLI];
  if (cli.kind === "bin") intercom.oursAlt = toolRuns<GenRun>("");
  {
    const allot = phaseA.allot("cold");
    const end = performance.now() + allot;
    // First generations into empty folders (timed, reported apart): they give the regenerations their previous output.
    for (const c of clis) {
      const first = await ourGenerate(c, intercomSpec, out(intercomOut(c.kind)), capFor(allot / 4, 60_000));
      (c === cli ? (intercom.oursFirst = first) : (intercom.oursAltFirst = first));
      log(`Intercom: first generation, ${c.kind}: ${describe(first)} ${ms(first.wallMs)}`);
    }
    log(`Intercom: regeneration after a spec edit (--force), ${clis.map((c) => c.kind).join(" and ")}, and the peers, up to ${INTERCOM_ROUNDS}× interleaved`);
    const rounds: number[] = [];
    for (let i = 0; i < INTERCOM_ROUNDS; i++) {
      const left = end - performance.now();
      if (i > 0 && left < Math.max(...rounds) * 1.1) {
        report.notes.push(`Intercom: ${i} of ${INTERCOM_ROUNDS} rounds (ours + both peers) fitted in the ${(allot / 1000).toFixed(0)} s allotted.`);
        break;
      }
      const roundStarted = performance.now();
      const cap = capFor(left, 60_000);
      await editSpec(i + 1);
      let failed = false;
      for (const c of clis) {
        const target = c === cli ? intercom.ours : intercom.oursAlt!;
        const r = await ourGenerate(c, intercomSpec, intercomOut(c.kind), cap, false);
        target.runs.push(r);
        target.command = r.command;
        log(`  ours (${c.kind}) #${i + 1}: ${describe(r)} ${ms(r.wallMs)}`);
        if (r.status !== "ok") failed = true;
      }
      if (failed) break;
      const openapi = path.join(intercomOut(cli.kind), "openapi", "openapi.json");
      intercom.openapi = openapi;
      const oat = await openapiTypescript(openapi, path.join(intercomPeers, "openapi-typescript", "schema.ts"), work, cap);
      intercom.openapiTypescript.runs.push(oat);
      intercom.openapiTypescript.command = oat.command;
      log(`  openapi-typescript #${i + 1}: ${describe(oat)} ${ms(oat.wallMs)}`);
      const hey = await heyApi(openapi, path.join(intercomPeers, "hey-api"), work, cap);
      intercom.heyApi.runs.push(hey);
      intercom.heyApi.command = hey.command;
      log(`  hey-api #${i + 1}: ${describe(hey)} ${ms(hey.wallMs)}`);
      rounds.push(performance.now() - roundStarted);
    }
  }
  const intercomOk = intercom.ours.runs.some((r) => r.status === "ok");
  if (!intercomOk) report.notes.push(`our generator failed on the Intercom spec: ${lastLines(intercom.ours.runs[0]?.stderr ?? "")}`);
  // What one Intercom generation costs here and now; the floors of the items below scale with it.
  const oneRun = Math.max(5_000, ...intercom.ours.runs.map((r) => r.wallMs));

  {
    const cap = capFor(phaseA.allot("warm"), oneRun * (REPEATS === 1 ? 2.5 : 3.5));
    log(`Intercom: in-process generate(), 1 + ${REPEATS} runs (cap ${(cap / 1000).toFixed(0)} s)`);
    for (let i = 0; i <= REPEATS; i++) out(path.join(work, "warm", `warm-${i}`));
    const { runs, result } = await warmStages(path.join(ROOT, "spec"), path.join(work, "warm"), REPEATS, cap);
    report.warm = { runs, status: result.status, repeats: REPEATS };
    if (result.status !== "ok") report.notes.push(`in-process runs: ${describe(result)} after ${runs.length} of ${REPEATS + 1} runs`);
  }

  {
    const cap = capFor(phaseA.allot("watch"), oneRun * 3.5);
    log(`watch: up to ${WATCH_SAVES} saves (cap ${(cap / 1000).toFixed(0)} s)`);
    out(path.join(work, "watch", "out"));
    report.watch = await watchLatency(cli, path.join(work, "watch"), WATCH_SAVES, cap);
  }

  {
    phaseA.allot("bundle");
    log("bundle: one-operation consumers (esbuild, minify, gzip)");
    const dir = path.join(work, "bundle");
    await mkdir(dir, { recursive: true });
    const ourRel = path.relative(dir, intercomOut(cli.kind)).split(path.sep).join("/");
    const hey = path.relative(dir, path.join(intercomPeers, "hey-api")).split(path.sep).join("/");
    const entries: [string, string, string][] = [
      [
        "ours: one operation (Runtime + apiDef + adminsGet)",
        "ours-one.ts",
        `import { Runtime } from "${ourRel}/client/runtime/index.js";
import { apiDef } from "${ourRel}/client/index.js";
import { adminsGet } from "${ourRel}/client/admins.js";
const rt = new Runtime({ token: "token" }, apiDef);
export const main = () => rt.call(adminsGet, { id: "1" });
`,
      ],
      [
        "ours: whole client (createIntercomClient)",
        "ours-all.ts",
        `import { createIntercomClient } from "${ourRel}/client/index.js";
export const client = createIntercomClient({ token: "token" });
`,
      ],
      [
        "ours: the operation's schemas alone (Zod + AdminsGetInputSchema, AdminsGetOutputSchema), the validation floor",
        "ours-schemas.ts",
        `import { AdminsGetInputSchema, AdminsGetOutputSchema } from "${ourRel}/schemas/admins.js";
export const main = (input: unknown, output: unknown) => [AdminsGetInputSchema.safeParse(input), AdminsGetOutputSchema.safeParse(output)];
`,
      ],
      [
        "hey-api: one operation (sdk adminsGet, Zod validator)",
        "hey-one.ts",
        `import { adminsGet } from "${hey}/sdk.gen.js";
export const main = () => adminsGet({ path: { id: "1" } } as never);
`,
      ],
    ];
    report.bundles = [];
    for (const [label, file, text] of entries) {
      await writeFile(path.join(dir, file), text);
      report.bundles.push({ label, ...(await bundleSize(path.join(dir, file))) });
    }
  }

  {
    const allot = phaseA.allot("tsc");
    const end = performance.now() + allot;
    log(`tsc --noEmit on the Intercom output (allotted ${(allot / 1000).toFixed(0)} s)`);
    intercom.tscHey = await tscCheck(path.join(intercomPeers, "hey-api"), ["**/*.ts"], capFor(allot / 2, 60_000));
    intercom.tscOurs = await tscCheck(intercomOut(cli.kind), OUR_TSC_INCLUDE, capFor(end - performance.now(), tscFloor(intercom.tscHey)));
    await moreTscRounds(intercom, { hey: path.join(intercomPeers, "hey-api"), ours: intercomOut(cli.kind) }, TSC_ROUNDS, end);
    if (intercom.tscOurs.status === "ok") intercom.tscOursParts = await tscCheckByPart(intercomOut(cli.kind), 60_000, ourTscPart);
    // What Zod's declarations alone cost tsc: part of both figures above, whatever the generator writes.
    const floorDir = path.join(work, "tsc-zod-floor");
    await mkdir(floorDir, { recursive: true });
    await writeFile(
      path.join(floorDir, "floor.ts"),
      `import * as z from "zod/mini";\nexport const ItemSchema = z.object({ id: z.string(), count: z.optional(z.number()) });\nexport type Item = z.infer<typeof ItemSchema>;\n`,
    );
    report.tscZodFloor = await tscCheck(floorDir, ["floor.ts"], 60_000);
  }

  // ---------------------------------------------------------------- phases B, C: synthetic sizes
  // Per size, in order of importance: ours, then openapi-typescript, hey-api, then tsc (hey-api's
  // output first, so ours can be given long enough to tell which is slower).
  let previous: SizeResult = intercom;
  for (const [index, ops] of SIZES.entries()) {
    const last = index === SIZES.length - 1;
    // No target needs the peers (or tsc) above 1,000 operations: there ours runs alone, which keeps
    // the whole bench within its budget (hey-api alone would take ~15 minutes at 10,000).
    const withPeers = ops <= PEER_MAX_OPS;
    const phase = new Phase(`s${ops}`, budget.at(last ? 0.95 : 0.7), { prepare: 8, ours: 36, openapiTypescript: 8, heyApi: 30, tsc: 18, ...(ops === WATCH_OPS ? { watch: 4 } : {}) });
    const size: SizeResult = { ops, label: ops.toLocaleString("en-US"), ours: toolRuns<GenRun>(""), openapiTypescript: toolRuns(""), heyApi: toolRuns("") };
    report.sizes.push(size);
    if (budgetGone()) {
      for (const t of [size.ours, size.openapiTypescript, size.heyApi]) t.skipped = "the time budget was spent";
      continue;
    }
    const base = path.join(work, `s${ops}`);
    const specDir = path.join(base, "spec");
    const scale = ops / previous.ops;
    // A linear guess from the previous size, once that is big enough for start-up not to dominate
    // (from 51 ops it would be far too pessimistic for every tool).
    const predict = (wallMs: number | undefined) => (wallMs !== undefined && previous.ops >= 1000 ? wallMs * scale : undefined);
    const fastest = (runs: RunResult[]) => {
      const ok = runs.filter((r) => r.status === "ok").map((r) => r.wallMs);
      return ok.length ? Math.min(...ok) : undefined;
    };
    const globalLeft = () => budget.totalMs - budget.elapsedMs() - 5_000;

    // Write the spec; check that it loads with zero diagnostics, and write our OpenAPI document for
    // the peers: generate() with the OpenAPI emitter alone (the file a full run writes, whether or
    // not our full run at this size finishes in its time).
    {
      const predicted = predict(previous.validation?.wallMs);
      const cap = capFor(phase.allot("prepare"), Math.max(30_000, (predicted ?? 0) * 1.5));
      log(`${ops} ops: synthetic spec; validation${withPeers ? " + our OpenAPI document (generate() with the openapi emitter only" : " (generate() with no emitter"}; cap ${(cap / 1000).toFixed(0)} s)`);
      size.synthetic = await writeSyntheticSpec(path.join(ROOT, "spec"), specDir, ops);
      const prepared = await emitOnly(specDir, out(path.join(base, "validate")), withPeers ? "openapi" : "none", cap);
      size.validation = { diagnostics: prepared.run?.diagnostics, status: prepared.result.status, wallMs: prepared.result.wallMs, timings: prepared.run?.timings ?? [] };
      if (prepared.result.status === "ok" && withPeers) size.openapi = path.join(base, "validate", "openapi", "openapi.json");
      else if (prepared.result.status !== "ok") report.notes.push(`${ops} ops: validation run ${describe(prepared.result)}${prepared.result.status === "killed" ? ` after ${ms(prepared.result.wallMs)}` : ""}`);
    }

    const runTool = async <T extends RunResult>(key: "ours" | "openapiTypescript" | "heyApi", fn: (capMs: number, i: number) => Promise<T>) => {
      const allot = phase.allot(key);
      const predicted = predict(fastest(previous[key].runs));
      // An item may run past its share when its prediction fits in what is left of the whole budget.
      // Ours alone at a size without peers: never skipped, given what is left (a run stopped at its
      // cap still bounds the targets from below).
      const alone = key === "ours" && !withPeers;
      const cap = capFor(allot, alone ? globalLeft() : predicted !== undefined && predicted * 1.3 < globalLeft() ? predicted * 1.3 : 30_000);
      if (!alone && predicted !== undefined && predicted > cap) {
        size[key].skipped = `predicted ≥ ${(predicted / 1000).toFixed(0)} s (linear from ${previous.label}), ${(cap / 1000).toFixed(0)} s left for it`;
        size[key].predictedMs = predicted;
        log(`  ${key}: skipped, ${size[key].skipped}`);
        return;
      }
      const runs = await repeat(REPEATS, cap, async (c, i) => {
        const longest = Math.max(...(size[key].runs as RunResult[]).map((r) => r.wallMs), 0);
        // Repeat only what is cheap; a slow run is run once (and said so in its n).
        if (i > 0 && longest > budget.totalMs * 0.06) return undefined;
        // Alone (10,000), a repeat leaves room for the regeneration after an edit below (1.5× a run).
        if (i > 0 && alone && globalLeft() < longest * 3) return undefined;
        const r = await fn(c, i);
        (size[key].runs as RunResult[]).push(r);
        return r;
      });
      if (runs[0]) size[key].command = runs[0].command;
      log(`  ${key}: ${runs.map((r) => `${describe(r)} ${(r.wallMs / 1000).toFixed(1)} s`).join(", ")}`);
    };

    log(`${ops} ops: ours (${cli.kind}), openapi-typescript, hey-api`);
    await runTool("ours", (cap, i) => ourGenerate(cli, specDir, out(path.join(base, `out-${i}`)), cap));
    const oursOk = size.ours.runs.find((r) => r.status === "ok");
    const oursOut = oursOk ? path.join(base, `out-${size.ours.runs.indexOf(oursOk)}`) : undefined;
    // Where ours runs alone: also a regeneration after a spec edit into the output it just wrote, the
    // other way a run writes (compared with the previous output and updated in place, not created).
    if (!withPeers && oursOut && oursOk && globalLeft() > oursOk.wallMs * 1.5) {
      const edited = path.join(specDir, "admins.yaml");
      const text = await readFile(edited, "utf8");
      await writeFile(edited, text.replace(/^title: (.*)$/m, (_, t: string) => `title: ${t} (edit)`));
      size.oursRegen = await ourGenerate(cli, specDir, oursOut, capFor(globalLeft(), oursOk.wallMs * 3), false);
      log(`  ours, regeneration after an edit: ${describe(size.oursRegen)} ${(size.oursRegen.wallMs / 1000).toFixed(1)} s`);
    }
    // Watch mode on this size too (not a target): what a save costs, and what the session holds, on a larger spec.
    if (ops === WATCH_OPS) {
      const allot = phase.allot("watch");
      const cap = capFor(allot, oursOk ? oursOk.wallMs * 5 : 30_000);
      log(`${ops} ops: watch, up to ${WATCH_SAVES} saves (cap ${(cap / 1000).toFixed(0)} s)`);
      size.watch = await watchLatency(cli, path.join(base, "watch"), WATCH_SAVES, cap, { label: size.label, specDir, file: "admins.yaml", page: "docs/admins.md" });
    }
    if (!withPeers) {
      size.openapiTypescript.skipped = size.heyApi.skipped = `not run above ${int(PEER_MAX_OPS)} operations (no target needs them; they would not fit the budget)`;
      phase.allot("openapiTypescript");
      phase.allot("heyApi");
    } else if (size.openapi) {
      const openapi = size.openapi;
      await runTool("openapiTypescript", (cap) => openapiTypescript(openapi, path.join(base, "peers", "openapi-typescript", "schema.ts"), work, cap));
      await runTool("heyApi", (cap) => heyApi(openapi, path.join(base, "peers", "hey-api"), work, cap));
    } else {
      size.openapiTypescript.skipped = size.heyApi.skipped = "no OpenAPI document of ours for this size (the validation run did not finish)";
      phase.allot("openapiTypescript");
      phase.allot("heyApi");
    }

    {
      const allot = phase.allot("tsc");
      const end = performance.now() + allot;
      const heyOk = size.heyApi.runs.some((r) => r.status === "ok");
      log(`${ops} ops: tsc --noEmit (allotted ${(allot / 1000).toFixed(0)} s)`);
      // Linear from the previous size; a run stopped at its cap there still gives a lower bound.
      const tscSkip = (prev: TscResult | undefined, capMs: number) => {
        const predicted = prev && (prev.status === "ok" || prev.status === "killed" || prev.errors > 0) ? predict(prev.wallMs) : undefined;
        return predicted !== undefined && predicted > capMs ? `predicted ≥ ${(predicted / 1000).toFixed(0)} s (linear from ${previous.label}), ${(capMs / 1000).toFixed(0)} s left for it` : undefined;
      };
      if (!withPeers) size.tscHeySkipped = size.tscOursSkipped = "not run: the target is at 51 and 1,000 operations, and at this size tsc would not fit the budget";
      else if (!heyOk) size.tscHeySkipped = "hey-api's generation did not run or finish";
      else {
        const cap = capFor(allot / 2, 30_000);
        size.tscHeySkipped = budgetGone() ? "the time budget was spent" : tscSkip(previous.tscHey, cap);
        if (!size.tscHeySkipped) size.tscHey = await tscCheck(path.join(base, "peers", "hey-api"), ["**/*.ts"], cap);
      }
      if (!withPeers) {
        // Said above.
      } else if (!oursOut) size.tscOursSkipped = "our generation did not finish";
      else {
        // Long enough to tell whether ours is slower than hey-api's, not (much) longer: 3× theirs settles it.
        const cap = capFor(Math.min(end - performance.now(), size.tscHey?.status === "ok" ? size.tscHey.wallMs * 3 : Infinity), tscFloor(size.tscHey));
        size.tscOursSkipped = budgetGone() ? "the time budget was spent" : tscSkip(previous.tscOurs, cap);
        if (!size.tscOursSkipped) size.tscOurs = await tscCheck(oursOut, OUR_TSC_INCLUDE, cap);
        await moreTscRounds(size, { hey: path.join(base, "peers", "hey-api"), ours: oursOut }, TSC_ROUNDS, end);
        // Traced (slower than the timed run), only where what is left of the budget allows twice the timed run.
        if (size.tscOurs?.status === "ok" && globalLeft() > 3 * size.tscOurs.wallMs) size.tscOursParts = await tscCheckByPart(oursOut, 2 * size.tscOurs.wallMs + 10_000, ourTscPart);
      }
    }
    // The sizes' folders are removed with the work folder at the end, not here: on a filesystem like
    // this machine's (ext4 without a journal), creating a file checks every inode deleted in the last
    // few minutes, so removing this size's few thousand files would charge the next size's timed runs
    // for the bench's own clean-up (measured: 4,153 files deleted just before a 10,000-operation run
    // added about 1 s of system CPU to its writing thread).
    previous = size;
  }

  // ---------------------------------------------------------------- last, with what is left: a CPU profile
  if (!QUICK) {
    const left = budget.totalMs - budget.elapsedMs() - 5_000;
    if (left > oneRun * 1.5) {
      log(`profile: node --cpu-prof on the Intercom run (cap ${(left / 1000).toFixed(0)} s)`);
      const dir = path.join(work, "profile");
      await mkdir(dir, { recursive: true });
      const r = await run(
        [process.execPath, "--cpu-prof", "--cpu-prof-dir", dir, ...cli.argv.slice(1), "generate", "--out", out(path.join(dir, "out")), "--force"],
        { cwd: ROOT, capMs: left },
      );
      if (r.status === "ok") report.profile = { label: "51 (Intercom)", command: r.command, summary: await summarizeProfile(dir) };
      else report.notes.push(`profile run: ${describe(r)}`);
    } else report.notes.push("No CPU profile this run: the time budget was spent (run `node --import tsx bench/profile.ts 51`).");
  }
} finally {
  report.finishedAt = new Date().toISOString();
  report.elapsedS = budget.elapsedMs() / 1000;
  report.loadEnd = loadAverage();
  const defaultOut = QUICK ? path.join(os.tmpdir(), "opspec-BENCHMARKS.quick.md") : path.join(ROOT, "BENCHMARKS.md");
  const outFile = path.resolve(values.out ?? defaultOut);
  const previousText = await readFile(outFile, "utf8").catch(() => "");
  const text = renderReport(report, previousText);
  await writeFile(outFile, text);
  process.stdout.write(text);
  log(`wrote ${path.relative(process.cwd(), outFile) || outFile} in ${report.elapsedS.toFixed(0)} s`);
  await forgetCacheRecords();
  if (!values.keep) await rm(work, { recursive: true, force: true });
  else log(`kept ${work}`);
}
