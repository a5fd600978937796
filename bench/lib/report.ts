/**
 * BENCHMARKS.md: the tables, the targets (met / missed / not measured), the profile summary, and the
 * hand-written Findings, which are kept from the previous file (between the findings markers).
 */
import type { SyntheticSpec } from "../synth.ts";
import type { ProfileSummary } from "./profile.ts";
import type { RunResult, RunStatus } from "./proc.ts";
import { HEY_PLUGINS, type BundleResult, type GenRun, type TscPartsResult, type TscResult, type WarmRun, type WatchResult } from "./tasks.ts";
import { int, mib, median, ms, ratio, type Machine } from "./stats.ts";

export interface ToolRuns<R extends RunResult = RunResult> {
  command: string;
  runs: R[];
  skipped?: string;
  /** When skipped because it would not fit: the time predicted for it (linear from the previous size). */
  predictedMs?: number;
}

export interface SizeResult {
  ops: number;
  label: string;
  synthetic?: SyntheticSpec;
  validation?: { diagnostics: number | undefined; status: RunStatus; wallMs: number; timings: [string, number][] };
  openapi?: string;
  /** Ours as the report's targets take it: the compiled `opspec` bin when there is one, else the sources under tsx. */
  ours: ToolRuns<GenRun>;
  /** Intercom only, when the compiled bin is measured: the same regenerations from the sources under tsx. */
  oursAlt?: ToolRuns<GenRun>;
  /** Intercom only: the first generation into an empty folder (before the timed regenerations), of `ours` and of `oursAlt`. */
  oursFirst?: GenRun;
  oursAltFirst?: GenRun;
  /** Synthetic sizes where ours runs alone (10,000): a regeneration after a spec edit into the output its timed run wrote. */
  oursRegen?: GenRun;
  openapiTypescript: ToolRuns;
  heyApi: ToolRuns;
  tscOurs?: TscResult;
  /** Ours again, traced: check time by part of the output (not timed). */
  tscOursParts?: TscPartsResult;
  tscHey?: TscResult;
  /**
   * Wall times of every round when tsc ran more than once (bench/run.ts, moreTscRounds): hey-api's and
   * ours, in the order run. `tscHey` and `tscOurs` are then each side's median run.
   */
  tscRounds?: { hey: number[]; ours: number[] };
  tscOursSkipped?: string;
  tscHeySkipped?: string;
  /** Watch mode on this size (bench/run.ts, WATCH_OPS). */
  watch?: WatchResult;
}

export interface Report {
  command: string;
  startedAt: string;
  finishedAt?: string;
  elapsedS?: number;
  machine: Machine;
  loadEnd?: string;
  quick: boolean;
  budgetS: number;
  repeats: number;
  /** Rounds of the Intercom regenerations and peers (bench/run.ts, INTERCOM_ROUNDS). */
  intercomRounds: number;
  hasGnuTime: boolean;
  versions: Record<string, string>;
  git?: string;
  /** How ours was run for the targets. */
  cli?: string;
  compiled?: { missing?: string; bin?: string; buildScript?: string; buildMs?: number; buildStatus?: RunStatus; buildNote?: string };
  sizes: SizeResult[];
  startup: { label: string; result: RunResult }[];
  warm?: { runs: WarmRun[]; status: RunStatus; repeats: number };
  watch?: WatchResult;
  bundles?: (BundleResult & { label: string })[];
  /**
   * tsc on a module that only imports zod/mini and infers one object schema, with the same tsconfig:
   * the part of every tsc figure that comes from Zod's declarations, whatever the generator writes.
   */
  tscZodFloor?: TscResult;
  profile?: { label: string; command: string; summary: ProfileSummary };
  notes: string[];
}

/** A command or path as the report shows it: the bench's temporary folder as TMP, the Node binary as node. */
function shown(text: string): string {
  return text
    .replace(/\/tmp\/[^ ]*?\/pkg\/dist\//g, "TMP/pkg/dist/")
    .replace(/(^|\s)\/tmp\/[^ ]*/g, "$1TMP")
    .replace(process.execPath, "node")
    .replace(/\/[^ ]*\/node_modules\//g, "node_modules/");
}

const FINDINGS_START = "<!-- findings:start (hand-written; `npm run bench` keeps this section) -->";
const FINDINGS_END = "<!-- findings:end -->";
const GIB_KB = 1024 * 1024;
const BUNDLE_LIMIT = 10_000;
const INTERCOM_RSS_LIMIT_KB = 150 * 1024;

/** What a set of runs of one tool at one size comes to. */
interface Summary {
  wall?: number;
  predicted?: number;
  cpu?: number;
  rssKb?: number;
  n: number;
  /** Lower bound when no run finished (killed at its cap). */
  atLeast?: number;
  /** When the run failed, how long it had taken. */
  failedAt?: number;
  text: string;
}

function summarize(t: ToolRuns): Summary {
  const ok = t.runs.filter((r) => r.status === "ok");
  const rss = Math.max(0, ...t.runs.map((r) => r.maxRssKb ?? 0)) || undefined;
  if (ok.length > 0) {
    const wall = median(ok.map((r) => r.wallMs))!;
    const cpu = median(ok.flatMap((r) => (r.cpuMs === undefined ? [] : [r.cpuMs])));
    return { wall, cpu, rssKb: rss, n: ok.length, text: ms(wall) };
  }
  const killed = t.runs.find((r) => r.status === "killed");
  if (killed) return { n: 0, rssKb: rss, atLeast: killed.wallMs, text: `> ${ms(killed.wallMs)} (killed at cap)` };
  const failed = t.runs.find((r) => r.status === "failed");
  if (failed) return { n: 0, rssKb: rss, failedAt: failed.wallMs, text: `failed after ${ms(failed.wallMs)} (exit ${failed.exitCode}): ${errorLine(failed.stderr || failed.stdout)}` };
  return { n: 0, predicted: t.predictedMs, text: t.skipped ? `skipped: ${t.skipped}` : "not run" };
}

/** The line of a failed run's output that says what went wrong. */
export function errorLine(text: string): string {
  const lines = text.trim().split("\n");
  const line = lines.find((l) => /error|failed|FATAL/i.test(l) && !/^\s+at /.test(l)) ?? lines.slice(-1)[0] ?? "";
  return line.trim().replace(/(?:\.\.\/)*\/?tmp\/[^ ]*/g, "TMP").slice(0, 300);
}

function table(head: string[], rows: string[][]): string {
  const esc = (c: string) => c.replace(/\|/g, "\\|");
  return [`| ${head.join(" | ")} |`, `| ${head.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`, ...rows.map((r) => `| ${r.map(esc).join(" | ")} |`)].join("\n");
}

type Verdict = "met" | "missed" | "not measured";
interface Target {
  name: string;
  goal: string;
  measured: string;
  verdict: Verdict;
}

function cmpRatio(ours: Summary, peer: Summary): { text: string; faster?: boolean } {
  if (ours.wall !== undefined && peer.wall !== undefined) {
    const cpu = ours.cpu !== undefined && peer.cpu !== undefined ? ` (CPU ${ratio(ours.cpu, peer.cpu)})` : "";
    return { text: `${ratio(ours.wall, peer.wall)}${cpu}`, faster: ours.wall < peer.wall };
  }
  // Ours stopped at its cap, or failed after that long without writing anything: at least this slow.
  const oursAtLeast = ours.atLeast ?? ours.failedAt;
  if (oursAtLeast !== undefined && peer.wall !== undefined && oursAtLeast > peer.wall)
    return { text: `> ${ratio(oursAtLeast, peer.wall)}${ours.failedAt !== undefined ? " (ours failed)" : ""}`, faster: false };
  if (peer.atLeast !== undefined && ours.wall !== undefined && peer.atLeast > ours.wall) return { text: `< ${ratio(ours.wall, peer.atLeast)}`, faster: true };
  // Not run because it would not fit: an estimate only, which no verdict counts.
  if (peer.predicted !== undefined && ours.wall !== undefined) return { text: `≈ ${ratio(ours.wall, peer.predicted)} (estimate: peer not run, predicted linearly)` };
  return { text: "—" };
}

function targets(r: Report): Target[] {
  const out: Target[] = [];
  const intercom = r.sizes.find((s) => s.ops === 51);
  const s1k = r.sizes.find((s) => s.ops === 1000);
  const s10k = r.sizes.find((s) => s.ops === 10000);
  const ic = intercom ? summarize(intercom.ours) : undefined;
  const icAlt = intercom?.oursAlt ? summarize(intercom.oursAlt) : undefined;
  const icOat = intercom ? summarize(intercom.openapiTypescript) : undefined;
  const bin = r.cli?.includes("dist/cli.js") ? "opspec bin (compiled)" : "sources under tsx";
  {
    const c = ic && icOat ? cmpRatio(ic, icOat) : undefined;
    const ratioOf = (o: Summary | undefined) => (o?.wall !== undefined && icOat?.wall !== undefined ? o.wall / icOat.wall : undefined);
    const q = ratioOf(ic);
    const alt = icAlt ? `; sources under tsx: ${icAlt.text} (${icAlt.n ? `n=${icAlt.n}, ` : ""}${cmpRatio(icAlt, icOat!).text})` : "";
    out.push({
      name: "Intercom, full regeneration after a spec edit, whole process (`generate --force`), ours / openapi-typescript on our OpenAPI document (wall)",
      goal: "≤ 0.5×",
      measured: ic && icOat ? `${bin}: ${ic.text} vs ${icOat.text} = ${c?.text ?? "—"}${alt}` : "—",
      verdict: q === undefined ? (ic?.atLeast !== undefined ? "missed" : "not measured") : q <= 0.5 ? "met" : "missed",
    });
  }

  const k1 = s1k ? summarize(s1k.ours) : undefined;
  const k10 = s10k ? summarize(s10k.ours) : undefined;
  {
    let verdict: Verdict = "not measured";
    let measured = k10?.text ?? "not run";
    if (k10?.wall !== undefined) verdict = k10.wall < 10_000 ? "met" : "missed";
    else if (k10?.atLeast !== undefined && k10.atLeast >= 10_000) verdict = "missed";
    else if (k10?.failedAt !== undefined) verdict = "missed"; // it cannot generate 10,000 operations at all
    else if (k1?.wall !== undefined && k1.wall >= 10_000) {
      verdict = "missed";
      measured += `; 1,000 ops alone take ${ms(k1.wall)}`;
    }
    if (k10?.cpu !== undefined) measured += ` (CPU ${ms(k10.cpu)})`;
    // The target is the first generation; a regeneration after an edit is shown beside it, and misses it if slower.
    const regen = s10k?.oursRegen ? summarize({ command: "", runs: [s10k.oursRegen] }) : undefined;
    if (regen) {
      measured += `; regeneration after a spec edit: ${regen.text}${regen.cpu !== undefined ? ` (CPU ${ms(regen.cpu)})` : ""}`;
      if (verdict === "met" && !(regen.wall !== undefined && regen.wall < 10_000)) verdict = "missed";
    }
    out.push({ name: "10,000 operations, whole process, time (first generation; and regeneration after an edit)", goal: "< 10 s", measured, verdict });
  }
  {
    let verdict: Verdict = "not measured";
    const rss = k10?.rssKb;
    let measured = rss !== undefined ? (k10?.wall !== undefined ? mib(rss) : `≥ ${mib(rss)} (the run did not finish)`) : "—";
    if (k10?.wall !== undefined && rss !== undefined) verdict = rss < GIB_KB ? "met" : "missed";
    else if (rss !== undefined && rss >= GIB_KB) verdict = "missed";
    else if (k1?.rssKb !== undefined && k1.rssKb >= GIB_KB) {
      verdict = "missed";
      measured += `; 1,000 ops alone peak at ${mib(k1.rssKb)}`;
    }
    const regenRss = s10k?.oursRegen?.maxRssKb;
    if (regenRss !== undefined) {
      measured += `; regeneration after a spec edit: ${mib(regenRss)}`;
      if (verdict === "met" && regenRss >= GIB_KB) verdict = "missed";
    }
    out.push({ name: "10,000 operations, peak RSS (first generation; and regeneration after an edit)", goal: "< 1 GiB", measured, verdict });
  }
  {
    let verdict: Verdict = "not measured";
    let measured = "—";
    if (k1?.wall !== undefined && k10?.wall !== undefined) {
      const g = k10.wall / k1.wall;
      measured = `${g.toFixed(2)}× (${ms(k10.wall)} / ${ms(k1.wall)})`;
      verdict = g <= 10 ? "met" : "missed";
    } else if (k1?.wall !== undefined && (k10?.atLeast ?? k10?.failedAt) !== undefined) {
      const stopped = (k10!.atLeast ?? k10!.failedAt)!;
      const g = stopped / k1.wall;
      measured = `> ${g.toFixed(1)}× (10k ${k10!.atLeast !== undefined ? "stopped" : "failed"} after ${ms(stopped)})`;
      if (g > 10) verdict = "missed";
    }
    out.push({ name: "10,000 operations, growth: time(10,000) / time(1,000)", goal: "≤ 10", measured, verdict });
  }
  {
    const w = median(r.watch?.toStdout ?? []);
    out.push({
      name: "Watch: one-file save → files written, median",
      goal: "< 100 ms",
      measured: w !== undefined ? `${ms(w)} (median of ${r.watch!.toStdout.length}; ${r.watch!.command.includes("dist/cli.js") ? "compiled bin" : "sources under tsx"})` : (r.watch?.note ?? "—"),
      verdict: w === undefined ? "not measured" : w < 100 ? "met" : "missed",
    });
  }
  {
    const parts: string[] = [];
    let worse = 0;
    let measured = 0;
    for (const s of r.sizes) {
      if (s.ops > 1000) continue;
      if (!s.tscHey || !tscDone(s.tscHey) || !s.tscOurs) {
        parts.push(`${s.label}: not measured`);
        continue;
      }
      const hey = tscWall(s, "hey")! / s.ops;
      const ours = tscWall(s, "ours")! / s.ops;
      if (s.tscOurs.status === "killed") {
        if (ours <= hey * 0.5) continue;
        measured++;
        worse++;
        parts.push(`${s.label}: > ${ms(ours)}/op (stopped) vs ${ms(hey)}/op (> ${ratio(ours, hey)})`);
        continue;
      }
      measured++;
      if (ours > hey * 0.5) worse++;
      parts.push(`${s.label}: ${ms(ours)}/op vs ${ms(hey)}/op = ${ratio(ours, hey)}${tscRoundsNote(s)}${s.tscOurs.errors ? `, ours has ${s.tscOurs.errors} type errors` : ""}`);
    }
    const floor = r.tscZodFloor && tscDone(r.tscZodFloor) ? `; zod/mini alone (one inferred schema): ${ms(r.tscZodFloor.wallMs)}, paid by both` : "";
    out.push({
      name: "`tsc --noEmit` of the generated client + schemas per operation, ours / hey-api's output of the same document (at 51 and 1,000)",
      goal: "≤ 0.5×",
      measured: (parts.join("; ") || "—") + floor,
      verdict: worse > 0 ? "missed" : measured < 2 ? "not measured" : "met",
    });
  }
  {
    const one = r.bundles?.find((b) => b.label.startsWith("ours: one"));
    const hey = r.bundles?.find((b) => b.label.startsWith("hey-api: one"));
    const schemas = r.bundles?.find((b) => b.label.startsWith("ours: the operation's schemas"));
    const context = [
      ...(hey && !hey.error ? [`hey-api, one operation with its Zod validator: ${kb(hey.gzipped)}`] : []),
      ...(schemas && !schemas.error ? [`the operation's two schemas and Zod alone: ${kb(schemas.gzipped)}`] : []),
    ];
    out.push({
      name: "One-operation consumer, esbuild minified + gzip, validation (Zod) included",
      goal: "≤ 10 kB",
      measured: one ? (one.error ? `failed: ${one.error}` : `${kb(one.gzipped)}${context.length ? ` (${context.join("; ")})` : ""}`) : "—",
      verdict: !one || one.error ? "not measured" : one.gzipped <= BUNDLE_LIMIT ? "met" : "missed",
    });
  }
  {
    const rss = ic?.rssKb;
    const first = intercom?.oursFirst?.maxRssKb;
    out.push({
      name: "Peak memory (max RSS) of the Intercom run",
      goal: "< 150 MiB",
      measured: rss !== undefined ? `${mib(rss)} (highest of the ${bin} regenerations${first !== undefined ? `; first generation into an empty folder ${mib(first)}` : ""}${icAlt?.rssKb !== undefined ? `; under tsx ${mib(icAlt.rssKb)}` : ""})` : "—",
      verdict: rss === undefined || ic?.wall === undefined ? "not measured" : rss < INTERCOM_RSS_LIMIT_KB ? "met" : "missed",
    });
  }
  return out;
}

/** One side's tsc wall time at a size: the median of its rounds, else its one run. */
function tscWall(s: SizeResult, side: "hey" | "ours"): number | undefined {
  const rounds = s.tscRounds?.[side];
  if (rounds) return median(rounds);
  return (side === "hey" ? s.tscHey : s.tscOurs)?.wallMs;
}

/** ` (medians of 5 interleaved rounds; round by round 0.58×–0.64×)`, or nothing for a single run. */
function tscRoundsNote(s: SizeResult): string {
  const rounds = s.tscRounds;
  if (!rounds || rounds.ours.length < 2) return "";
  const each = rounds.ours.map((ours, i) => ours / rounds.hey[i]!);
  return ` (medians of ${rounds.ours.length} interleaved rounds; round by round ${ratio(Math.min(...each), 1)}–${ratio(Math.max(...each), 1)})`;
}

/** tsc ran to the end (with or without type errors). */
function tscDone(t: TscResult | undefined): boolean {
  return t !== undefined && (t.status === "ok" || (t.status === "failed" && t.errors > 0));
}

function kb(bytes: number | undefined): string {
  return bytes === undefined || !Number.isFinite(bytes) ? "—" : `${(bytes / 1000).toFixed(1)} kB`;
}

function stageTable(r: Report): string {
  const columns: { head: string; timings: Map<string, number> }[] = [];
  const warm = (r.warm?.runs ?? []).filter((w) => w.run > 0);
  const medianOf = (lists: [string, number][][]) => {
    const by = new Map<string, number[]>();
    for (const list of lists) for (const [k, v] of list) by.set(k, [...(by.get(k) ?? []), v]);
    return new Map([...by.entries()].map(([k, v]) => [k, median(v)!]));
  };
  if (warm.length > 0) columns.push({ head: `Intercom, in-process warm (median of ${warm.length})`, timings: medianOf(warm.map((w) => w.timings)) });
  const saves = r.watch?.saveStages ?? [];
  if (saves.length > 0) columns.push({ head: `Intercom, watch regeneration after a save (median of ${saves.length})`, timings: medianOf(saves) });
  const first = r.warm?.runs.find((w) => w.run === 0);
  if (first) columns.push({ head: "Intercom, in-process first run", timings: new Map(first.timings) });
  for (const s of r.sizes) {
    const ok = s.ours.runs.filter((g) => g.status === "ok" && g.stages.length > 0);
    const kind = s.ops === 51 ? "regeneration" : "cold run";
    if (ok.length > 0) columns.push({ head: `${s.label}, ${kind}${r.cli?.includes("dist/") ? ", compiled" : ""} (median of ${ok.length})`, timings: medianOf(ok.map((g) => g.stages)) });
    const alt = (s.oursAlt?.runs ?? []).filter((g) => g.status === "ok" && g.stages.length > 0);
    if (alt.length > 0) columns.push({ head: `${s.label}, ${kind}, tsx (median of ${alt.length})`, timings: medianOf(alt.map((g) => g.stages)) });
    if (s.validation?.timings.length && ok.length === 0) columns.push({ head: `${s.label}, validation run (openapi emitter only)`, timings: new Map(s.validation.timings) });
    if (s.oursRegen?.status === "ok" && s.oursRegen.stages.length > 0) columns.push({ head: `${s.label}, regeneration after an edit`, timings: new Map(s.oursRegen.stages) });
    const sizeSaves = s.watch?.saveStages ?? [];
    if (sizeSaves.length > 0) columns.push({ head: `${s.label}, watch regeneration after a save (median of ${sizeSaves.length})`, timings: medianOf(sizeSaves) });
  }
  if (columns.length === 0) return "_No stage timings were recorded._";
  const stages: string[] = [];
  for (const c of columns) for (const k of c.timings.keys()) if (!stages.includes(k)) stages.push(k);
  const rows = stages.map((st) => [st, ...columns.map((c) => ms(c.timings.get(st)))]);
  rows.push(["**total**", ...columns.map((c) => `**${ms([...c.timings.values()].reduce((a, b) => a + b, 0))}**`)]);
  return table(["stage", ...columns.map((c) => c.head)], rows);
}

export function profileMarkdown(p: ProfileSummary): string {
  const pct = (v: number) => `${((v / p.totalMs) * 100).toFixed(0)} %`;
  return [
    `Profile length ${ms(p.totalMs)}.`,
    "",
    "Self time by package:",
    "",
    table(["package", "self time", "share"], p.byPackage.map(([k, v]) => [k, ms(v), pct(v)])),
    "",
    "Top functions by self time:",
    "",
    table(["function", "self time", "share"], p.topSelf.map(([k, v]) => [`\`${k}\``, ms(v), pct(v)])),
    "",
    "Generator functions by inclusive time (what each stage spends, callees included):",
    "",
    table(["function", "inclusive", "share"], p.generatorInclusive.map(([k, v]) => [`\`${k}\``, ms(v), pct(v)])),
    "",
  ].join("\n");
}

export function renderReport(r: Report, previous: string): string {
  const L: string[] = [];
  L.push("# Benchmarks", "");
  L.push(
    `Written by \`${r.command}\` (\`node --import tsx bench/run.ts${r.quick ? " --quick" : ""}\`) on ${r.startedAt}` +
      `${r.elapsedS !== undefined ? `, in ${r.elapsedS.toFixed(0)} s` : ""}. Every number below comes from that one run.`,
    "",
  );
  L.push(
    table(
      ["what", "value"],
      [
        ["CPU", `${r.machine.cpu}, ${r.machine.cores} cores`],
        ["memory", r.machine.memory],
        ["Node", r.machine.node],
        ["OS", r.machine.os],
        ["load average (1/5/15 min) at start → end", `${r.machine.loadStart} → ${r.loadEnd ?? "?"}`],
        [
          "mode",
          r.quick
            ? `quick (sizes ${r.sizes.map((s) => s.label).join(", ")}, one run each)`
            : `full (sizes ${r.sizes.map((s) => s.label).join(", ")}): up to ${r.intercomRounds} rounds at Intercom and ${r.repeats} runs at each other size while they fit; any run longer than 6 % of the budget once`,
        ],
        ["commit", r.git ?? "?"],
        ["ours, as timed", r.cli ?? "?"],
        [
          "compiled CLI (`opspec` bin)",
          r.compiled?.missing
            ? `not available: ${r.compiled.missing}`
            : r.compiled
              ? `package.json bin \`${r.compiled.bin}\`, build script \`${r.compiled.buildScript}\`; built by the bench from the working tree (\`tsc -p tsconfig.build.json --outDir TMP/pkg/dist\`, ${ms(r.compiled.buildMs)}${r.compiled.buildStatus === "ok" ? "" : `; tsc exited non-zero but wrote the JavaScript: ${r.compiled.buildNote ?? r.compiled.buildStatus}`}) and run as \`node TMP/pkg/dist/cli.js\``
              : "not checked",
        ],
        ["time budget", `${r.budgetS} s (items that would not fit are skipped or stopped at their cap, and say so)`],
        ["CPU time and peak RSS", r.hasGnuTime ? "GNU time (`/usr/bin/time`): user + sys of the whole process tree, max RSS of its largest process" : "GNU time not found: peak RSS polled from /proc every 100 ms, no CPU time"],
        ["peers", Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join(", ")],
      ],
    ),
    "",
  );
  L.push(
    "Times are wall-clock medians over the runs that finished (n in brackets), each a fresh process (for ours at Intercom, a regeneration into the previous run's folder; everything else into a fresh output folder); CPU is user + system. " +
      "The machine is shared and noisy (see the load average): compare the CPU column where wall and CPU disagree much. " +
      "Ours and the peers run interleaved at each size, so load falls on all of them alike.",
    "",
  );

  L.push("## Targets", "");
  L.push(table(["target", "goal", "measured", "result"], targets(r).map((t) => [t.name, t.goal, t.measured, t.verdict === "met" ? "✅ met" : t.verdict === "missed" ? "❌ missed" : "⚪ not measured"])), "");

  L.push("## Generation, whole process, by size", "");
  L.push(
    `\`${r.cli ?? "opspec"} generate [--spec DIR] --out TMP --force --verbose\`, a fresh process each time. ` +
      "51 is the real Intercom spec: each timed run is a regeneration after a spec edit (a copy of spec/ whose `admins.yaml` title changes before each round) into the folder the previous run wrote, `--force` so that every stage runs; the first generation into an empty folder is a row of its own. " +
      "1,000 and 10,000 are renamed copies of its resources and types (`bench/synth.ts`), each checked to load with zero diagnostics before it is timed, generated into an empty folder; where ours runs alone (10,000), that output is then regenerated after a spec edit (`admins.yaml`'s title), the way a run compares and updates an existing output. " +
      "The output now holds more than in earlier rounds (package.json, README.md and tsconfig.json of the generated package, the hardened MCP server): compare like with like, not with older reports.",
    "",
  );
  {
    const rows: string[][] = [];
    let prev: { ops: number; wall: number } | undefined;
    for (const s of r.sizes) {
      const o = summarize(s.ours);
      const spec = s.synthetic ? `${int(s.synthetic.files)} files, ${(s.synthetic.bytes / 1e6).toFixed(1)} MB, ${int(s.synthetic.types)} types` : "spec/ (8 files)";
      const diag = s.validation ? (s.validation.diagnostics === undefined ? `validation ${s.validation.status}` : `${s.validation.diagnostics} diagnostics`) : "in repo";
      const wall = o.wall;
      const growth = prev && wall !== undefined ? `${(wall / prev.wall).toFixed(1)}× for ${(s.ops / prev.ops).toFixed(1)}× ops` : "—";
      rows.push([
        s.label,
        `${spec}; ${diag}`,
        `${o.text}${o.n ? ` (n=${o.n})` : ""}`,
        ms(o.cpu),
        o.rssKb !== undefined ? `${o.wall === undefined ? "≥ " : ""}${mib(o.rssKb)}` : "—",
        wall !== undefined ? int(Math.round((s.ops / wall) * 1000)) : "—",
        wall !== undefined ? ms(wall / s.ops) : "—",
        growth,
      ]);
      if (wall !== undefined) prev = { ops: s.ops, wall };
      const extra = (label: string, g: GenRun | undefined, t: ToolRuns<GenRun> | undefined) => {
        const x = g ? summarize({ command: "", runs: [g] }) : t ? summarize(t) : undefined;
        if (!x) return;
        rows.push([label, "", `${x.text}${x.n && !g ? ` (n=${x.n})` : ""}`, ms(x.cpu), x.rssKb !== undefined ? mib(x.rssKb) : "—", x.wall !== undefined ? int(Math.round((s.ops / x.wall) * 1000)) : "—", x.wall !== undefined ? ms(x.wall / s.ops) : "—", "—"]);
      };
      extra(`${s.label}, sources under tsx, regeneration`, undefined, s.oursAlt);
      extra(`${s.label}, first generation into an empty folder`, s.oursFirst, undefined);
      extra(`${s.label}, regeneration after a spec edit, into the output above`, s.oursRegen, undefined);
      extra(`${s.label}, sources under tsx, first generation`, s.oursAltFirst, undefined);
    }
    L.push(table(["size (ops)", "spec", "wall", "CPU", "peak RSS", "ops/s", "per op", "growth vs previous size"], rows), "");
  }

  L.push("## Side by side with the peers, same OpenAPI document", "");
  L.push(
    "Each peer reads the `openapi/openapi.json` our generator wrote for that size: for Intercom in the first generation above; for synthetic sizes in the validation run, `generate()` with the OpenAPI emitter alone (the same file a full run writes; it is there even where our full run does not finish). " +
      "openapi-typescript writes TypeScript types only; @hey-api/openapi-ts writes types, Zod schemas and a fetch SDK that validates with them " +
      `(plugins ${JSON.stringify(HEY_PLUGINS)}); ours writes Zod schemas, a typed client, OpenAPI (3.1 JSON + YAML, 3.0 JSON), Markdown docs, the spec's JSON Schema, an MCP server and the generated package's package.json, README.md and tsconfig.json, laid out as they are written (no formatter pass). At 51 ours is a regeneration after a spec edit (see above), the peers write from scratch (they have nothing incremental). Ratio = ours / peer (< 1× means ours is faster); CPU ratio in brackets.`,
    "",
  );
  {
    const rows = r.sizes.map((s) => {
      const o = summarize(s.ours);
      const a = summarize(s.openapiTypescript);
      const h = summarize(s.heyApi);
      const cell = (x: Summary) => `${x.text}${x.n ? ` (n=${x.n})` : ""}${x.cpu !== undefined ? `, CPU ${ms(x.cpu)}` : ""}${x.rssKb !== undefined ? `, ${mib(x.rssKb)}` : ""}`;
      const row = [s.label, cell(o), cell(a), cell(h), cmpRatio(o, a).text, cmpRatio(o, h).text];
      if (!s.oursAlt) return [row];
      const t = summarize(s.oursAlt);
      return [row, [`${s.label}, ours from the sources under tsx`, cell(t), "(same runs)", "(same runs)", cmpRatio(t, a).text, cmpRatio(t, h).text]];
    }).flat();
    L.push(table(["size (ops)", "ours", "openapi-typescript", "hey-api (+ Zod, SDK)", "ours / openapi-typescript", "ours / hey-api"], rows), "");
  }

  L.push("## Where the time goes, by stage", "");
  L.push(
    "From `generate()`'s own `timings`: in-process (one process, `generate()` run once to warm up, then again on the same spec, each into a fresh folder so every run writes), " +
      "in watch mode after each save (`--verbose`), and per size as printed by `--verbose` in the cold runs above (where a size's full run did not finish, its validation run: the same load, check and model, and the OpenAPI emitter alone). " +
      "Warm runs of an unchanged spec may reuse work the generator caches in its process (static files, remembered escapes; watch mode also keeps parses and each emitter's files while the model is unchanged); a watch save changes one file, so it shows what an edit costs. " +
      "The whole-process time minus the stage total is process start-up and module loading (see Start-up).",
    "",
  );
  L.push(stageTable(r), "");

  L.push("## Start-up", "");
  L.push(
    table(
      ["command", "wall", "CPU", "peak RSS"],
      r.startup.map(({ label, result }) => [`\`${label}\``, result.status === "ok" ? ms(result.wallMs) : result.status, ms(result.cpuMs), mib(result.maxRssKb)]),
    ),
    "",
  );

  L.push("## Watch mode", "");
  const sessions = [r.watch, ...r.sizes.map((s) => s.watch)].filter((w): w is WatchResult => w !== undefined);
  if (sessions.length > 0) {
    L.push(
      `\`${shown(sessions[0]!.command)}\` on a copy of the spec; each save rewrites \`admins.yaml\` with a new title, then the time is taken until stdout says \`opspec: wrote\` (the write is done) and until the new title is in \`docs/admins.md\`. ` +
        "The target is Intercom's; the larger spec shows how a save scales (not a target). Peak RSS is the watch process's over the whole session, polled every 100 ms.",
      "",
    );
    const rows: [string, (w: WatchResult) => string][] = [
      ["first generation after start (whole process)", (w) => ms(w.initialMs)],
      ["saves measured", (w) => String(w.toStdout.length)],
      ["save → stdout \"wrote\", median", (w) => ms(median(w.toStdout))],
      ["save → output file changed, median", (w) => ms(median(w.toFile))],
      ["fastest / slowest save → \"wrote\"", (w) => (w.toStdout.length ? `${ms(Math.min(...w.toStdout))} / ${ms(Math.max(...w.toStdout))}` : "—")],
      ["peak RSS of the watch process", (w) => mib(w.maxRssKb)],
    ];
    L.push(
      table(
        ["what", ...sessions.map((w) => w.label)],
        [...rows.map(([name, value]) => [name, ...sessions.map(value)]), ...(sessions.some((w) => w.note) ? [["note", ...sessions.map((w) => w.note ?? "")]] : [])],
      ),
      "",
    );
  } else L.push("_Not run._", "");

  L.push("## The generated code: type-checking", "");
  L.push(
    "`tsc --noEmit --extendedDiagnostics` (TypeScript " +
      `${r.versions.typescript}) on ours (client/ and schemas/) and on hey-api's whole output, with one tsconfig for both: strict, ES2022, moduleResolution Bundler, skipLibCheck. Per op = whole tsc process wall time / operations. Where tsc ran in rounds (hey-api's output, then ours, while the allotment held another round), each time is the median of its rounds and the other figures are its median run's; the ratio is between the medians.`,
    "",
  );
  {
    const cell = (s: SizeResult, side: "hey" | "ours") => {
      const t = side === "hey" ? s.tscHey : s.tscOurs;
      const n = s.tscRounds?.[side].length;
      if (!t) return (side === "hey" ? s.tscHeySkipped : s.tscOursSkipped) ?? "—";
      const time = tscDone(t) ? `${ms(tscWall(s, side))}${n && n > 1 ? ` (n=${n})` : ""}` : t.status === "killed" ? `> ${ms(t.wallMs)} (stopped)` : t.status;
      return `${time}${t.errors ? ` (${t.errors} errors)` : ""}`;
    };
    const rows = r.sizes.map((s) => [
      s.label,
      cell(s, "ours"),
      s.tscOurs && tscDone(s.tscOurs) ? ms(tscWall(s, "ours")! / s.ops) : "—",
      ms(s.tscOurs?.checkMs),
      s.tscOurs?.instantiations !== undefined ? int(s.tscOurs.instantiations) : "—",
      s.tscOurs?.files !== undefined ? String(s.tscOurs.files) : "—",
      mib(s.tscOurs?.maxRssKb),
      cell(s, "hey"),
      s.tscHey && tscDone(s.tscHey) ? ms(tscWall(s, "hey")! / s.ops) : "—",
      ms(s.tscHey?.checkMs),
      s.tscHey?.instantiations !== undefined ? int(s.tscHey.instantiations) : "—",
      mib(s.tscHey?.maxRssKb),
      s.tscOurs && s.tscHey && tscDone(s.tscOurs) && tscDone(s.tscHey)
        ? ratio(tscWall(s, "ours")!, tscWall(s, "hey")!)
        : s.tscOurs?.status === "killed" && s.tscHey && tscDone(s.tscHey) && s.tscOurs.wallMs > s.tscHey.wallMs
          ? `> ${ratio(s.tscOurs.wallMs, s.tscHey.wallMs)}`
          : "—",
    ]);
    L.push(table(["size (ops)", "ours tsc", "ours per op", "ours check time", "ours instantiations", "files", "ours peak RSS", "hey-api tsc", "hey-api per op", "hey-api check time", "hey-api instantiations", "hey-api peak RSS", "ours / hey-api"], rows), "");
    const errs = r.sizes.flatMap((s) => [
      ...(s.tscOurs?.firstError ? [`${s.label}, ours: \`${s.tscOurs.firstError.slice(0, 300)}\``] : []),
      ...(s.tscHey?.firstError ? [`${s.label}, hey-api: \`${s.tscHey.firstError.slice(0, 300)}\``] : []),
    ]);
    if (errs.length) L.push("First type error of each run that had any:", "", ...errs.map((e) => `- ${e}`), "");
    const parted = r.sizes.filter((s) => s.tscOursParts?.byPart);
    if (parted.length) {
      L.push(
        "Where ours spends the check time, by part of the output (`tsc --generateTrace`, a run of its own after the timed one, since tracing slows tsc; the time between a file's check begin and end events, summed):",
        "",
      );
      for (const s of parted) {
        const parts = s.tscOursParts!.byPart!;
        const total = parts.reduce((sum, [, t]) => sum + t, 0);
        L.push(`- ${s.label}: ${parts.map(([part, t]) => `${part} ${ms(t)} (${Math.round((100 * t) / total)} %)`).join("; ")}.`);
      }
      L.push("");
    }
    const floor = r.tscZodFloor;
    if (floor)
      L.push(
        `The floor, with the same tsconfig: a module that only imports \`zod/mini\` and infers one object schema takes ${tscDone(floor) ? `${ms(floor.wallMs)} (check time ${ms(floor.checkMs)}, ${floor.instantiations !== undefined ? int(floor.instantiations) : "—"} instantiations)` : floor.status}. Both outputs pay it: it is Zod's declarations, not the generated code.`,
        "",
      );
  }

  L.push("## The generated code: what a consumer ships", "");
  L.push(
    "esbuild bundle of a consumer module (`bundle`, `minify`, tree-shaking, `platform: neutral`, ESM, `zod` bundled), then gzip -9. " +
      "Bytes by origin are minified bytes in the bundle, from esbuild's metafile. The whole-client row shows what tree-shaking removes.",
    "",
  );
  if (r.bundles) {
    const origins = ["zod", "runtime", "schemas", "operations", "consumer", "other packages"];
    L.push(
      table(
        ["consumer", "minified", "min + gzip", ...origins.map((o) => `${o} (min)`)],
        r.bundles.map((b) => [b.label, b.error ? `failed: ${b.error}` : kb(b.minified), kb(b.gzipped), ...origins.map((o) => kb(b.byOrigin[o]))]),
      ),
      "",
    );
  } else L.push("_Not run._", "");

  if (r.profile) {
    L.push(`## CPU profile (${r.profile.label})`, "");
    L.push(`\`${shown(r.profile.command)}\`, summed by \`bench/lib/profile.ts\`. For another size: \`node --import tsx bench/profile.ts 10000\`.`, "");
    L.push(profileMarkdown(r.profile.summary).trimEnd(), "");
  }

  if (r.notes.length) L.push("## Notes from this run", "", ...r.notes.map((n) => `- ${n}`), "");

  L.push("## Commands", "");
  L.push("Every timed command, as spawned (TMP is the bench's temporary folder):", "");
  const cmds = new Set<string>();
  for (const s of r.sizes) for (const t of [s.ours, ...(s.oursAlt ? [s.oursAlt] : []), s.openapiTypescript, s.heyApi]) if (t.command) cmds.add(shown(t.command));
  cmds.add("node node_modules/typescript/bin/tsc -p TMP/tsconfig.bench.json --extendedDiagnostics");
  if (r.compiled && !r.compiled.missing) cmds.add("node node_modules/typescript/bin/tsc -p tsconfig.build.json --outDir TMP/pkg/dist   # the compiled CLI, once");
  if (r.watch?.command) cmds.add(shown(r.watch.command));
  cmds.add("node --import tsx bench/children/warm.ts spec TMP REPEAT   # in-process generate() timings");
  cmds.add("node --import tsx bench/children/emit-only.ts TMP/spec TMP openapi|none   # validation (zero diagnostics), and where the peers run our OpenAPI document for them");
  if (r.profile) cmds.add(shown(r.profile.command));
  L.push("```sh", ...[...cmds].map(shown), "```", "");

  L.push("## Findings", "");
  const start = previous.indexOf(FINDINGS_START);
  const end = previous.indexOf(FINDINGS_END);
  const kept = start >= 0 && end > start ? previous.slice(start + FINDINGS_START.length, end).trim() : "_None written yet: profile the misses (`node --import tsx bench/profile.ts SIZE`) and write down what dominates._";
  L.push(FINDINGS_START, "", kept, "", FINDINGS_END, "");
  return `${L.join("\n")}`;
}
