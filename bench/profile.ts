/**
 * CPU profile of one generation, summed up: which packages and functions the time goes to, and
 * which of the generator's functions (stages) it is spent under.
 *
 *   node --import tsx bench/profile.ts [SIZE] [--keep]
 *
 * SIZE is 51 (the real spec, default) or any number of operations (a synthetic spec, bench/synth.ts).
 * Runs `node --cpu-prof --import tsx generator/cli.ts generate --spec … --out TMP --verbose`, prints the
 * CLI's stage timings and the profile summary as Markdown. --keep leaves the .cpuprofile (open it in
 * Chrome DevTools → Performance, or speedscope) and prints where it is.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { summarizeProfile } from "./lib/profile.ts";
import { run } from "./lib/proc.ts";
import { profileMarkdown } from "./lib/report.ts";
import { mib, ms } from "./lib/stats.ts";
import { forgetRunCacheRecords, ROOT } from "./lib/tasks.ts";
import { writeSyntheticSpec } from "./synth.ts";

const args = process.argv.slice(2);
const keep = args.includes("--keep");
const ops = Number(args.find((a) => !a.startsWith("--")) ?? "51");
const work = await mkdtemp(path.join(os.tmpdir(), "opspec-profile-"));
try {
  const specDir = ops === 51 ? path.join(ROOT, "spec") : (await writeSyntheticSpec(path.join(ROOT, "spec"), path.join(work, "spec"), ops)).dir;
  const profDir = path.join(work, "prof");
  const r = await run(
    [process.execPath, "--cpu-prof", "--cpu-prof-dir", profDir, "--import", "tsx", "generator/cli.ts", "generate", "--spec", specDir, "--out", path.join(work, "out"), "--verbose"],
    { cwd: ROOT, capMs: 3_600_000 },
  );
  process.stdout.write(`## CPU profile, ${ops} operations\n\n${r.status}: wall ${ms(r.wallMs)}, CPU ${ms(r.cpuMs)}, peak RSS ${mib(r.maxRssKb)}\n\n`);
  process.stdout.write(`Stage timings (--verbose):\n\n\`\`\`\n${r.stderr.trimEnd().replace(/^\n+/, "")}\n\`\`\`\n\n`);
  if (r.status === "ok") process.stdout.write(profileMarkdown(await summarizeProfile(profDir)));
  if (keep) process.stdout.write(`\nprofile kept in ${profDir}\n`);
} finally {
  await forgetRunCacheRecords([path.join(work, "out")]);
  if (!keep) await rm(work, { recursive: true, force: true });
}
