/**
 * Atomic output, deterministically: the CLI is crashed (SIGKILL, via the OPSPEC_CRASH_AT test hook in
 * write/crash-points.ts) exactly at each named step of a write that replaces output A with output B.
 * After each crash, a plain read finds exactly A or exactly B, or (only while a committed update was
 * being applied) A with some of B's files, and the next run (check mode) repairs that state before
 * comparing: it sees exactly A if the run had not committed, else exactly B, and leaves no staging
 * folder or lock file behind.
 *
 * Each step crashes in a project of its own, so the runs go side by side; no timer decides anything.
 * Twice: as the spec's small output is written (on the main thread), and with the writing thread
 * forced on (the OPSPEC_THREAD_FROM_LENGTH test hook, write/streamed-output.ts), as a large one is.
 */
import { spawn } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { generate } from "../generator/pipeline.ts";
import { readTree, WRITE_STEPS, type WriteStep } from "../generator/write/write-output.ts";
import { CLI, TSX_LOADER } from "./helpers/cli.ts";
import { SPEC_DIR } from "./helpers/spec.ts";

/** What a crash at each step leaves on disk (`mix`: A with some of B's files), and what the next run makes of it. */
const EXPECTED: Record<WriteStep, { left: "old" | "new" | "mix"; repaired: "old" | "new" }> = {
  "after-lock": { left: "old", repaired: "old" },
  "after-staged": { left: "old", repaired: "old" },
  "after-committed": { left: "old", repaired: "new" },
  "after-first-move": { left: "mix", repaired: "new" },
  "after-applied": { left: "new", repaired: "new" },
};

let root: string;
let specA: string;
let specB: string;
let outputA: Map<string, string>;
let outputB: Map<string, string>;

/** A project folder (spec/ and, once generated, generated/) under `root`. */
const project = (name: string) => ({ dir: path.join(root, name), spec: path.join(root, name, "spec"), out: path.join(root, name, "generated") });

const WAYS = { "main thread": {}, "writing thread": { OPSPEC_THREAD_FROM_LENGTH: "0" } } as const;

// Output A is made in this process (the formatter stays warm); only the crashing runs are CLIs.
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "opspec-kill-"));
  const a = project("a");
  await cp(SPEC_DIR, a.spec, { recursive: true });
  specA = await readFile(path.join(a.spec, "api.yaml"), "utf8");
  specB = specA.replace("title: Intercom API", "title: Intercom REST API");
  expect(specB).not.toBe(specA);
  expect((await generateIn(a.dir)).ok).toBe(true);
  outputA = await readTree(a.out);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

for (const [way, hook] of Object.entries(WAYS)) {
  it(`crashed at each step of a write (${way}), leaves the old or the new output (or, mid-update, a mix), and the next run repairs it`, { timeout: 120_000 }, async () => {
    const stepProject = (step: WriteStep) => project(`${way.replace(" ", "-")}-${step}`);
    expect(Object.keys(EXPECTED).sort()).toEqual([...WRITE_STEPS].sort());

    // One project per step, holding output A and spec B, crashed at that step: all side by side.
    for (const step of WRITE_STEPS) {
      await cp(project("a").dir, stepProject(step).dir, { recursive: true });
      await writeFile(path.join(stepProject(step).spec, "api.yaml"), specB);
    }
    const crashing = Promise.all(WRITE_STEPS.map((step) => run(["generate"], stepProject(step).dir, step, hook)));
    // Meanwhile output B, uninterrupted, for reference.
    const b = project(`${way.replace(" ", "-")}-b`);
    await cp(stepProject(WRITE_STEPS[0]).spec, b.spec, { recursive: true });
    expect((await generateIn(b.dir)).ok).toBe(true);
    outputB = await readTree(b.out);
    expect(outputB).not.toEqual(outputA);
    const crashes = await crashing;

    for (const [i, step] of WRITE_STEPS.entries()) {
      const { dir, out } = stepProject(step);
      expect(crashes[i]!.signal, `${step}: the crash hook did not fire; ${crashes[i]!.stderr}`).toBe("SIGKILL");
      const tree = await readTree(out);
      const { left } = EXPECTED[step];
      if (left === "mix") {
        // Mid-update: every file is A's or B's, some of each, and the committed rest waits beside it.
        const fromB = [...tree].filter(([f, text]) => text === outputB.get(f) && text !== outputA.get(f));
        const fromA = [...tree].filter(([f, text]) => text === outputA.get(f) && text !== outputB.get(f));
        expect(fromB.length, step).toBeGreaterThan(0);
        expect(fromA.length, step).toBeGreaterThan(0);
        for (const [f, text] of tree) expect([outputA.get(f), outputB.get(f)], `${step}: ${f}`).toContain(text);
        expect((await readdir(dir)).some((n) => n.startsWith("generated.tmp-")), step).toBe(true);
      } else expect(tree, step).toEqual(left === "old" ? outputA : outputB);
      expect(await readdir(dir), `${step}: the killed run's lock`).toContain("generated.lock");
    }

    // The next run, --check: it takes over the dead run's lock, repairs before comparing, and sees
    // exactly A (stale: the spec now says B) or exactly B (up to date); nothing is left beside it.
    for (const step of WRITE_STEPS) {
      const { dir, out } = stepProject(step);
      const isNew = EXPECTED[step].repaired === "new";
      const next = await generateIn(dir, { check: true });
      expect(next.diff!.missing, `${step}: compared before repairing`).toEqual([]);
      expect(next.ok, step).toBe(isNew);
      expect(await readTree(out), step).toEqual(isNew ? outputB : outputA);
      expect((await readdir(dir)).sort(), `${step}: leftovers beside generated/`).toEqual(["generated", "spec"]);
    }
  });
}

/**
 * An in-process run as the CLI would make it in `dir`: headers name spec files relative to the working
 * directory, so it is changed for the run (vitest runs each test file in a process of its own).
 */
async function generateIn(dir: string, options: { check?: boolean } = {}): ReturnType<typeof generate> {
  const previous = process.cwd();
  process.chdir(dir);
  try {
    return await generate({ specDir: path.join(dir, "spec"), outDir: path.join(dir, "generated"), ...options });
  } finally {
    process.chdir(previous);
  }
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** The CLI in `cwd`; with `crashAt`, set to kill itself at that step (the OPSPEC_CRASH_AT hook). */
function run(args: string[], cwd: string, crashAt?: WriteStep, hook: Record<string, string> = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...hook, NO_COLOR: "1" };
  if (crashAt) env.OPSPEC_CRASH_AT = crashAt;
  else delete env.OPSPEC_CRASH_AT;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", TSX_LOADER, CLI, ...args], { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stderr }));
  });
}
