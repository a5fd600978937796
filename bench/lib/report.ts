/**
 * BENCHMARKS.md: the tables, the targets (met / missed / not measured), the profile summary, and the
 * hand-written Findings, which are kept from the previous file (between the findings markers).
 */
import type { SyntheticSpec } from "../synth.ts";
import type { ProfileSummary } from "./profile.ts";
import type { RunResult, RunStatus } from "./proc.ts";
import { HEY_PLUGINS, type BundleResult, type GenRun, type TscResult, type WarmRun, type WatchResult } from "./tasks.ts";
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
  ours: ToolRuns<GenRun>;
  openapiTypescript: ToolRuns;
  heyApi: ToolRuns;
  tscOurs?: TscResult;
  tscHey?: TscResult;
  tscOursSkipped?: string;
  tscHeySkipped?: string;
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
  hasGnuTime: boolean;
  versions: Record<string, string>;
  sizes: SizeResult[];
  startup: { label: string; result: RunResult }[];
  warm?: { runs: WarmRun[]; status: RunStatus; repeats: number };
  watch?: WatchResult;
  bundles?: (BundleResult & { label: string })[];
  profile?: { label: string; command: string; summary: ProfileSummary };
  notes: string[];
}

const FINDINGS_START = "<!-- findings:start (hand-written; `npm run bench` keeps this section) -->";
const FINDINGS_END = "<!-- findings:end -->";
const GIB_KB = 1024 * 1024;
const BUNDLE_LIMIT = 15_000;

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
  return line.trim().replace(/\/tmp\/[^ ]*/g, "TMP").slice(0, 300);
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
  out.push({
    name: "Intercom cold, whole process (`npm run generate`)",
    goal: "< 1.5 s",
    measured: ic ? `${ic.text}${ic.cpu !== undefined ? ` (CPU ${ms(ic.cpu)})` : ""}` : "—",
    verdict: ic?.wall !== undefined ? (ic.wall < 1500 ? "met" : "missed") : ic?.atLeast !== undefined && ic.atLeast >= 1500 ? "missed" : "not measured",
  });

  const k1 = s1k ? summarize(s1k.ours) : undefined;
  const k10 = s10k ? summarize(s10k.ours) : undefined;
  {
    let verdict: Verdict = "not measured";
    let measured = k10?.text ?? "not run";
    if (k10?.wall !== undefined) verdict = k10.wall < 15_000 ? "met" : "missed";
    else if (k10?.atLeast !== undefined && k10.atLeast >= 15_000) verdict = "missed";
    else if (k10?.failedAt !== undefined) verdict = "missed"; // it cannot generate 10,000 operations at all
    else if (k1?.wall !== undefined && k1.wall >= 15_000) {
      verdict = "missed";
      measured += `; 1,000 ops alone take ${ms(k1.wall)}`;
    }
    out.push({ name: "10,000 operations, time", goal: "< 15 s", measured, verdict });
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
    out.push({ name: "10,000 operations, peak memory (max RSS)", goal: "< 1 GiB", measured, verdict });
  }
  {
    let verdict: Verdict = "not measured";
    let measured = "—";
    if (k1?.wall !== undefined && k10?.wall !== undefined) {
      const g = k10.wall / k1.wall;
      measured = `${g.toFixed(1)}× (${ms(k10.wall)} / ${ms(k1.wall)})`;
      verdict = g <= 12 ? "met" : "missed";
    } else if (k1?.wall !== undefined && (k10?.atLeast ?? k10?.failedAt) !== undefined) {
      const stopped = (k10!.atLeast ?? k10!.failedAt)!;
      const g = stopped / k1.wall;
      measured = `> ${g.toFixed(1)}× (10k ${k10!.atLeast !== undefined ? "stopped" : "failed"} after ${ms(stopped)})`;
      if (g > 12) verdict = "missed";
    }
    out.push({ name: "Growth: time(10,000) / time(1,000)", goal: "≤ 12", measured, verdict });
  }
  {
    const w = median(r.watch?.toStdout ?? []);
    out.push({
      name: "Watch: one-file save → files written",
      goal: "< 300 ms",
      measured: w !== undefined ? `${ms(w)} (median of ${r.watch!.toStdout.length})` : (r.watch?.note ?? "—"),
      verdict: w === undefined ? "not measured" : w < 300 ? "met" : "missed",
    });
  }
  {
    const parts: string[] = [];
    let slower = 0;
    let unknown = 0;
    for (const s of r.sizes) {
      const ours = summarize(s.ours);
      for (const [name, peer] of [
        ["openapi-typescript", s.openapiTypescript],
        ["hey-api", s.heyApi],
      ] as const) {
        const c = cmpRatio(ours, summarize(peer));
        if (c.faster === undefined) unknown++;
        else if (!c.faster) slower++;
        parts.push(`${s.label} vs ${name}: ${c.text}`);
      }
    }
    out.push({
      name: "Faster than each peer at every size (ours / peer, wall)",
      goal: "< 1× everywhere",
      measured: parts.join("; "),
      verdict: slower > 0 ? "missed" : unknown > 0 ? "not measured" : "met",
    });
  }
  {
    const parts: string[] = [];
    let worse = 0;
    let measuredAny = false;
    for (const s of r.sizes) {
      if (!s.tscHey || !tscDone(s.tscHey) || !s.tscOurs) continue;
      const hey = s.tscHey.wallMs / s.ops;
      const ours = s.tscOurs.wallMs / s.ops;
      if (s.tscOurs.status === "killed") {
        // Stopped at its cap: slower than hey-api if the cap already exceeds hey-api's time.
        if (ours <= hey) continue;
        measuredAny = true;
        worse++;
        parts.push(`${s.label}: > ${ms(ours)}/op (stopped) vs ${ms(hey)}/op (> ${ratio(ours, hey)})`);
        continue;
      }
      measuredAny = true;
      if (ours > hey) worse++;
      parts.push(`${s.label}: ${ms(ours)}/op vs ${ms(hey)}/op (${ratio(ours, hey)})${s.tscOurs.errors ? `, ours has ${s.tscOurs.errors} type errors` : ""}`);
    }
    out.push({
      name: "Generated client type-checks no slower per operation than hey-api's",
      goal: "≤ 1×",
      measured: parts.join("; ") || "—",
      verdict: !measuredAny ? "not measured" : worse > 0 ? "missed" : "met",
    });
  }
  {
    const one = r.bundles?.find((b) => b.label.startsWith("ours: one"));
    out.push({
      name: "One-operation consumer, minified + gzipped (runtime and Zod included)",
      goal: "< 15 kB",
      measured: one ? (one.error ? `failed: ${one.error}` : `${kb(one.gzipped)}`) : "—",
      verdict: !one || one.error ? "not measured" : one.gzipped < BUNDLE_LIMIT ? "met" : "missed",
    });
  }
  return out;
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
    if (ok.length > 0) columns.push({ head: `${s.label}, cold run (median of ${ok.length})`, timings: medianOf(ok.map((g) => g.stages)) });
    if (s.validation?.timings.length && ok.length === 0) columns.push({ head: `${s.label}, validation run (openapi emitter only)`, timings: new Map(s.validation.timings) });
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
            ? "quick (sizes 51 and 1,000, one run each)"
            : `full (sizes ${r.sizes.map((s) => s.label).join(", ")}): up to ${r.repeats} runs at 51 and 1,000 while they fit; 10,000 and any run longer than 6 % of the budget once`,
        ],
        ["time budget", `${r.budgetS} s (items that would not fit are skipped or stopped at their cap, and say so)`],
        ["CPU time and peak RSS", r.hasGnuTime ? "GNU time (`/usr/bin/time`): user + sys of the whole process tree, max RSS of its largest process" : "GNU time not found: peak RSS polled from /proc every 100 ms, no CPU time"],
        ["peers", Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join(", ")],
      ],
    ),
    "",
  );
  L.push(
    "Times are wall-clock medians over the runs that finished (n in brackets), each a fresh process into a fresh output folder; CPU is user + system. " +
      "The machine is shared and noisy (see the load average): compare the CPU column where wall and CPU disagree much. " +
      "Ours and the peers run interleaved at each size, so load falls on all of them alike.",
    "",
  );

  L.push("## Targets", "");
  L.push(table(["target", "goal", "measured", "result"], targets(r).map((t) => [t.name, t.goal, t.measured, t.verdict === "met" ? "✅ met" : t.verdict === "missed" ? "❌ missed" : "⚪ not measured"])), "");

  L.push("## Generation, whole process, by size", "");
  L.push(
    "`npm run generate -- [--spec DIR] --out TMP --verbose`, a fresh process and an empty output folder each time. " +
      "51 is the real Intercom spec (copy 1 of every synthetic spec is the real spec, unchanged); 1,000 and 10,000 are renamed copies of its resources and types (`bench/synth.ts`), " +
      "each checked to load with zero diagnostics before it is timed.",
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
    }
    L.push(table(["size (ops)", "spec", "wall", "CPU", "peak RSS", "ops/s", "per op", "growth vs previous size"], rows), "");
  }

  L.push("## Side by side with the peers, same OpenAPI document", "");
  L.push(
    "Each peer reads the `openapi/openapi.json` our generator wrote for that size: for Intercom in the first cold run above; for synthetic sizes in the validation run, `generate()` with the OpenAPI emitter alone (the same file a full run writes; it is there even where our full run does not finish). " +
      "openapi-typescript writes TypeScript types only; @hey-api/openapi-ts writes types, Zod schemas and a fetch SDK that validates with them " +
      `(plugins ${JSON.stringify(HEY_PLUGINS)}); ours writes Zod schemas, a typed client, OpenAPI (3.1 JSON + YAML, 3.0 JSON), Markdown docs and the spec's JSON Schema. Ratio = ours / peer (< 1× means ours is faster); CPU ratio in brackets.`,
    "",
  );
  {
    const rows = r.sizes.map((s) => {
      const o = summarize(s.ours);
      const a = summarize(s.openapiTypescript);
      const h = summarize(s.heyApi);
      const cell = (x: Summary) => `${x.text}${x.n ? ` (n=${x.n})` : ""}${x.cpu !== undefined ? `, CPU ${ms(x.cpu)}` : ""}${x.rssKb !== undefined ? `, ${mib(x.rssKb)}` : ""}`;
      return [s.label, cell(o), cell(a), cell(h), cmpRatio(o, a).text, cmpRatio(o, h).text];
    });
    L.push(table(["size (ops)", "ours", "openapi-typescript", "hey-api (+ Zod, SDK)", "ours / openapi-typescript", "ours / hey-api"], rows), "");
  }

  L.push("## Where the time goes, by stage", "");
  L.push(
    "From `generate()`'s own `timings`: in-process (one process, `generate()` run once to warm up, then again on the same spec, each into a fresh folder so every run writes), " +
      "in watch mode after each save (`--verbose`), and per size as printed by `--verbose` in the cold runs above (where a size's full run did not finish, its validation run: the same load, check and model, and the OpenAPI emitter alone). " +
      "Warm runs of an unchanged spec may reuse work the generator caches in its process (formatted text, for one); a watch save changes one file, so it shows what an edit costs. " +
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
  if (r.watch) {
    const w = r.watch;
    const s = w.toStdout;
    L.push(
      `\`${w.command.replace(/\/tmp\/[^ ]*/g, "TMP")}\` on a copy of spec/; each save rewrites \`admins.yaml\` with a new title, then the time is taken until stdout says \`opspec: wrote\` (the write is done) and until the new title is in \`docs/admins.md\`.`,
      "",
    );
    L.push(
      table(
        ["what", "value"],
        [
          ["first generation after start (whole process)", ms(w.initialMs)],
          ["saves measured", String(s.length)],
          ["save → stdout \"wrote\", median", ms(median(s))],
          ["save → output file changed, median", ms(median(w.toFile))],
          ["fastest / slowest save → \"wrote\"", s.length ? `${ms(Math.min(...s))} / ${ms(Math.max(...s))}` : "—"],
          ...(w.note ? [["note", w.note]] : []),
        ],
      ),
      "",
    );
  } else L.push("_Not run._", "");

  L.push("## The generated code: type-checking", "");
  L.push(
    "`tsc --noEmit --extendedDiagnostics` (TypeScript " +
      `${r.versions.typescript}) on ours (client/ and schemas/) and on hey-api's whole output, with one tsconfig for both: strict, ES2022, moduleResolution Bundler, skipLibCheck. Per op = whole tsc process wall time / operations.`,
    "",
  );
  {
    const cell = (t: TscResult | undefined, skipped: string | undefined) =>
      t ? `${tscDone(t) ? ms(t.wallMs) : t.status === "killed" ? `> ${ms(t.wallMs)} (stopped)` : t.status}${t.errors ? ` (${t.errors} errors)` : ""}` : (skipped ?? "—");
    const rows = r.sizes.map((s) => [
      s.label,
      cell(s.tscOurs, s.tscOursSkipped),
      s.tscOurs && tscDone(s.tscOurs) ? ms(s.tscOurs.wallMs / s.ops) : "—",
      ms(s.tscOurs?.checkMs),
      s.tscOurs?.files !== undefined ? String(s.tscOurs.files) : "—",
      mib(s.tscOurs?.maxRssKb),
      cell(s.tscHey, s.tscHeySkipped),
      s.tscHey && tscDone(s.tscHey) ? ms(s.tscHey.wallMs / s.ops) : "—",
      ms(s.tscHey?.checkMs),
      mib(s.tscHey?.maxRssKb),
      s.tscOurs && s.tscHey && tscDone(s.tscOurs) && tscDone(s.tscHey)
        ? ratio(s.tscOurs.wallMs, s.tscHey.wallMs)
        : s.tscOurs?.status === "killed" && s.tscHey && tscDone(s.tscHey) && s.tscOurs.wallMs > s.tscHey.wallMs
          ? `> ${ratio(s.tscOurs.wallMs, s.tscHey.wallMs)}`
          : "—",
    ]);
    L.push(table(["size (ops)", "ours tsc", "ours per op", "ours check time", "files", "ours peak RSS", "hey-api tsc", "hey-api per op", "hey-api check time", "hey-api peak RSS", "ours / hey-api"], rows), "");
    const errs = r.sizes.flatMap((s) => [
      ...(s.tscOurs?.firstError ? [`${s.label}, ours: \`${s.tscOurs.firstError.slice(0, 300)}\``] : []),
      ...(s.tscHey?.firstError ? [`${s.label}, hey-api: \`${s.tscHey.firstError.slice(0, 300)}\``] : []),
    ]);
    if (errs.length) L.push("First type error of each run that had any:", "", ...errs.map((e) => `- ${e}`), "");
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
    L.push(`\`${r.profile.command.replace(process.execPath, "node").replace(/\/tmp\/[^ ]*/g, "TMP")}\`, summed by \`bench/lib/profile.ts\`. For another size: \`node --import tsx bench/profile.ts 10000\`.`, "");
    L.push(profileMarkdown(r.profile.summary).trimEnd(), "");
  }

  if (r.notes.length) L.push("## Notes from this run", "", ...r.notes.map((n) => `- ${n}`), "");

  L.push("## Commands", "");
  L.push("Every timed command, as spawned (TMP is the bench's temporary folder):", "");
  const cmds = new Set<string>();
  for (const s of r.sizes) for (const t of [s.ours, s.openapiTypescript, s.heyApi]) if (t.command) cmds.add(t.command.replace(/\/tmp\/[^ ]*/g, "TMP"));
  cmds.add("node node_modules/typescript/bin/tsc -p TMP/tsconfig.bench.json --extendedDiagnostics");
  if (r.watch?.command) cmds.add(r.watch.command.replace(/\/tmp\/[^ ]*/g, "TMP"));
  cmds.add("node --import tsx bench/children/warm.ts spec TMP REPEAT   # in-process generate() timings");
  cmds.add("node --import tsx bench/children/emit-only.ts TMP/spec TMP openapi   # validation (zero diagnostics) + our OpenAPI document for the peers");
  if (r.profile) cmds.add(r.profile.command.replace(/\/tmp\/[^ ]*/g, "TMP"));
  L.push("```sh", ...[...cmds].map((c) => c.replace(process.execPath, "node").replace(/\/[^ ]*\/node_modules\//g, "node_modules/")), "```", "");

  L.push("## Findings", "");
  const start = previous.indexOf(FINDINGS_START);
  const end = previous.indexOf(FINDINGS_END);
  const kept = start >= 0 && end > start ? previous.slice(start + FINDINGS_START.length, end).trim() : "_None written yet: profile the misses (`node --import tsx bench/profile.ts SIZE`) and write down what dominates._";
  L.push(FINDINGS_START, "", kept, "", FINDINGS_END, "");
  return `${L.join("\n")}`;
}
