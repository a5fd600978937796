/**
 * `opspec generate --watch` end to end: a real process with its state between saves, driven by
 * saves to a copy of spec/. After each save its output must be byte for byte a fresh full generation's
 * of the same spec; a bad save must leave every file as it was; a generated file edited by hand must be
 * rewritten by the next save.
 */
import { writeFileSync } from "node:fs";
import { cp, mkdtemp, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, expect, it } from "vitest";
import { generate } from "../generator/pipeline.ts";
import { readTree } from "../generator/write/write-output.ts";
import { startCli } from "./helpers/cli.ts";
import { SPEC_DIR } from "./helpers/spec.ts";

let dir: string;
let spec: string;
let out: string;
let child: ChildProcess;
let stdout = "";
let stderr = "";

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "opspec-watch-cli-"));
  spec = path.join(dir, "spec");
  out = path.join(dir, "out");
  await cp(SPEC_DIR, spec, { recursive: true });
  // The settle time (10 ms) lengthened by its test hook: the burst test's writes, 2 ms apart, must stay
  // one burst even when this process is paused for longer than 10 ms on a loaded machine.
  process.env.OPSPEC_WATCH_SETTLE_MS = "250";
  child = startCli(["generate", "--watch", "--spec", spec, "--out", out, "--verbose"], dir);
  delete process.env.OPSPEC_WATCH_SETTLE_MS;
  child.stdout!.on("data", (d: Buffer) => (stdout += d));
  child.stderr!.on("data", (d: Buffer) => (stderr += d));
  await until(() => /wrote|up to date/.test(stdout) && stderr.includes("watching"), "the first run");
});

afterAll(async () => {
  child.kill("SIGTERM");
  await rm(dir, { recursive: true, force: true });
});

async function until(what: () => boolean | Promise<boolean>, label: string): Promise<void> {
  const start = Date.now();
  while (!(await what())) {
    if (child.exitCode !== null) throw new Error(`watch exited (${child.exitCode}) waiting for ${label}\n${stdout}\n${stderr}`);
    if (Date.now() - start > 30_000) throw new Error(`timed out waiting for ${label}\nstdout: ${stdout}\nstderr: ${stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Saves `text` into spec/admins.yaml and waits for the run it starts to report. */
async function saveAdmins(text: string, report: RegExp): Promise<void> {
  const [outFrom, errFrom] = [stdout.length, stderr.length];
  const seen = () => report.test(stdout.slice(outFrom)) || report.test(stderr.slice(errFrom));
  await writeFile(path.join(spec, "admins.yaml"), text);
  await until(seen, `a report matching ${report}`);
}

async function expectFreshOutput(): Promise<void> {
  const fresh = path.join(dir, "fresh");
  const reference = await generate({ specDir: spec, outDir: fresh, force: true });
  expect(reference.ok).toBe(true);
  expect(await readTree(out)).toEqual(await readTree(fresh));
}

it("keeps the output equal to a fresh generation across saves, a bad save and a hand edit", async () => {
  const original = await readFile(path.join(spec, "admins.yaml"), "utf8");
  // Several saves in a row: the output must be a fresh run's after each.
  for (let n = 1; n <= 3; n++) {
    await saveAdmins(original.replace("title: Admins\n", `title: Admins ${n}\n`), /opspec: wrote /);
    await expectFreshOutput();
  }

  const files = await readTree(out);
  const stamps = await Promise.all([...files.keys()].map(async (f) => (await stat(path.join(out, f))).mtimeMs));
  await saveAdmins(original.replace("title: Admins\n", "title: [Admins\n"), /left as it was/);
  expect(child.exitCode).toBeNull();
  expect(await readTree(out)).toEqual(files);
  expect(await Promise.all([...files.keys()].map(async (f) => (await stat(path.join(out, f))).mtimeMs))).toEqual(stamps);

  // A generated file edited by hand while watching: the next save puts it back.
  const page = path.join(out, "schemas/admins.ts");
  await writeFile(page, `${await readFile(page, "utf8")}// edited\n`);
  await saveAdmins(original.replace("title: Admins\n", "title: Admins hand-edited\n"), /opspec: wrote /);
  await expectFreshOutput();
});

it("a burst of saves ends in the last one's output, and a save seen half-written reports nothing", async () => {
  const original = await readFile(path.join(SPEC_DIR, "admins.yaml"), "utf8");
  const [outFrom, errFrom] = [stdout.length, stderr.length];
  // An editor that truncates, then writes a moment later: the run that read the empty file must drop out
  // silently (a newer event came in), and so must every run overtaken by the next save of the burst.
  // Synchronous writes a busy-waited 2 ms apart: timers on a loaded machine could stretch a gap past
  // the settle time, and then reporting the empty file would be right (the settle time is 250 ms here,
  // see beforeAll, so a pause of the writing process that long would be needed).
  const pause = (ms: number) => {
    for (const end = performance.now() + ms; performance.now() < end; );
  };
  writeFileSync(path.join(spec, "admins.yaml"), "");
  pause(2);
  for (const n of [4, 5, 6, 7]) {
    writeFileSync(path.join(spec, "admins.yaml"), original.replace("title: Admins\n", `title: Admins ${n}\n`));
    pause(2);
  }
  await until(() => stdout.slice(outFrom).includes("opspec: wrote "), "the run after the burst");
  await until(async () => (await readFile(path.join(out, "docs/admins.md"), "utf8")).includes("# Admins 7"), "the last save's title");
  expect(stderr.slice(errFrom)).not.toMatch(/error|left as it was/);
  await expectFreshOutput();
});

// Last: it ends the session.
it("stops with one line, not silence, when the spec folder is moved away", async () => {
  const errFrom = stderr.length;
  await rename(spec, path.join(dir, "spec-moved"));
  const start = Date.now();
  while (child.exitCode === null && Date.now() - start < 30_000) await new Promise((r) => setTimeout(r, 20));
  expect(child.exitCode).toBe(1);
  expect(stderr.slice(errFrom).trim().split("\n")).toEqual([`opspec: stopped watching ${path.relative(dir, spec) || "spec"}/: it was moved or deleted`]);
});
