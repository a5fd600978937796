/**
 * Atomic output: the generator is killed (SIGKILL) at random moments, many times, while it replaces
 * generated/ with a different output. After every kill, generated/ must be exactly the old output or
 * exactly the new one: never a mix, never missing.
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { readTree } from "../generator/write/write-output.ts";
import { runCli, scratchProject, startCli } from "./helpers/cli.ts";

const KILLS = 16;
let project: Awaited<ReturnType<typeof scratchProject>>;

beforeAll(async () => {
  project = await scratchProject();
});
afterAll(async () => {
  await rm(project.dir, { recursive: true, force: true });
});

it(`leaves generated/ old or new, never mixed or missing, across ${KILLS} SIGKILLs`, { timeout: 900_000 }, async () => {
  const file = path.join(project.spec, "api.yaml");
  const specA = await readFile(file, "utf8");
  const specB = specA.replace("title: Intercom API", "title: Intercom REST API");
  expect(specB).not.toBe(specA);

  // The two complete outputs, and how long a full run takes.
  await writeFile(file, specB);
  expect((await runCli(["generate"], project.dir)).code).toBe(0);
  const outputB = await readTree(project.out);
  await writeFile(file, specA);
  const started = Date.now();
  expect((await runCli(["generate"], project.dir)).code).toBe(0);
  const fullRunMs = Date.now() - started;
  const outputA = await readTree(project.out);
  expect(outputA).not.toEqual(outputB);

  let current: "A" | "B" = "A";
  let scale = 1;
  const outcomes = { old: 0, new: 0 };
  for (let i = 0; i < KILLS; i++) {
    const target: "A" | "B" = current === "A" ? "B" : "A";
    await writeFile(file, target === "A" ? specA : specB);
    const child = startCli(["generate"], project.dir);
    // Listen before anything else: a run may finish before the kill lands.
    const closed = new Promise((r) => child.once("close", r));
    // Aim at the swap: a kill that found the old tree moves the next one later, one that found the
    // new tree moves it earlier, so kills cluster around the write however loaded the machine is.
    const delay = fullRunMs * scale * (0.7 + 0.6 * Math.random());
    await new Promise((r) => setTimeout(r, delay));
    child.kill("SIGKILL");
    await closed;

    const tree = await readTree(project.out);
    expect(tree.size, `kill ${i}: generated/ is missing or empty`).toBeGreaterThan(0);
    const isOld = equalTrees(tree, current === "A" ? outputA : outputB);
    const isNew = equalTrees(tree, target === "A" ? outputA : outputB);
    expect(isOld || isNew, `kill ${i} after ${Math.round(delay)} ms left a mixed generated/`).toBe(true);
    if (isNew) current = target;
    outcomes[isNew ? "new" : "old"]++;
    scale *= isNew ? 0.8 : 1.25;
  }
  // The kills must have landed on both sides of the swap for the test to mean anything.
  expect(outcomes.old).toBeGreaterThan(0);
  expect(outcomes.new).toBeGreaterThan(0);

  // A normal run afterwards cleans up whatever the kills left beside generated/.
  expect((await runCli(["generate"], project.dir)).code).toBe(0);
  const { readdir } = await import("node:fs/promises");
  expect((await readdir(project.dir)).sort()).toEqual(["generated", "spec"]);
});

function equalTrees(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
