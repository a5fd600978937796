/**
 * `opspec diff` end to end through runDiff: sides from git refs (read without a checkout) and folders,
 * the working tree as the default head, exit codes, --fail-on, --spec, spec errors on a side, usage
 * errors, and colour only on a terminal without NO_COLOR.
 */
import { execFileSync } from "node:child_process";
import { cp, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDiff } from "../generator/diff/cli.ts";
import { diffModels } from "../generator/diff/engine.ts";
import { loadSide } from "../generator/diff/sides.ts";
import { SPEC_DIR } from "./helpers/spec.ts";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function diff(argv: string[], cwd: string, options: { isTTY?: boolean; env?: Record<string, string | undefined> } = {}): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await runDiff(argv, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    cwd,
    isTTY: options.isTTY ?? false,
    env: options.env ?? {},
  });
  return { code, stdout, stderr };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=opspec test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", ...args], {
    cwd,
    encoding: "utf8",
  });
}

/** A fresh git repository whose first commit holds a copy of spec/. */
async function repo(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "opspec-diff-git-"));
  await cp(SPEC_DIR, path.join(dir, "spec"), { recursive: true });
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", "spec");
  git(dir, "commit", "-q", "-m", "spec");
  return dir;
}

async function replaceIn(file: string, from: string | RegExp, to: string): Promise<void> {
  const text = await readFile(file, "utf8");
  const next = text.replace(from, to);
  if (next === text) throw new Error(`${String(from)} not found in ${file}`);
  await writeFile(file, next);
}

const dirs: string[] = [];
let dir: string;
beforeAll(async () => {
  dir = await repo();
  dirs.push(dir);
});
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function freshRepo(): Promise<string> {
  const d = await repo();
  dirs.push(d);
  return d;
}

describe("an unchanged tree", () => {
  it("reports nothing and exits 0 (text)", async () => {
    const r = await diff(["HEAD"], dir);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toContain("No changes for the API's users.");
    expect(r.stdout).toContain("Version: 2.15 needs no new version; the head's version 2.15 is enough.");
  });

  it("reports nothing and exits 0 (json), even with --fail-on any", async () => {
    const r = await diff(["HEAD", "--format", "json", "--fail-on", "any"], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ semver: { base: "2.15", next: "2.15", headVersion: "2.15", bumpedEnough: true, bump: "none" }, changes: [] });
  });

  it("diffs the Intercom spec in well under a second once both sides are loaded", async () => {
    const cwd = dir;
    const options = { cwd, specDir: "spec" };
    const [base, head] = await Promise.all([
      loadSide({ kind: "folder", dir: SPEC_DIR, label: "a" }, options),
      loadSide({ kind: "folder", dir: path.join(dir, "spec"), label: "b" }, options),
    ]);
    if (!base.ok || !head.ok) throw new Error("spec does not check");
    diffModels(base, head);
    const started = performance.now();
    for (let i = 0; i < 5; i++) diffModels(base, head);
    expect((performance.now() - started) / 5).toBeLessThan(250);
  });
});

describe("git refs and folders", () => {
  it("compares a ref with the working tree; --fail-on breaking exits 1 when there is a breaking change", async () => {
    const d = await freshRepo();
    await replaceIn(path.join(d, "spec/admins.yaml"), "risk: write", "risk: destructive");
    const text = await diff(["main"], d);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Breaking changes \(1\)\n {2}spec\/admins\.yaml:\d+ {2}admins\.setAway {2}risk\n {6}Risk raised from write to destructive/);
    expect(text.stdout).toContain("Version: 2.15 → 3.0 (major); the head's version 2.15 is not enough.");
    const json = await diff(["main", "--format", "json", "--fail-on", "breaking"], d);
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout);
    expect(out.changes).toEqual([
      expect.objectContaining({ code: "risk-escalated", severity: "breaking", operation: "admins.setAway", path: "risk", file: "spec/admins.yaml" }),
    ]);
    const line = (await readFile(path.join(d, "spec/admins.yaml"), "utf8")).split("\n").indexOf("    risk: destructive") + 1;
    expect(out.changes[0].line).toBe(line);
  });

  it("reads both sides from commits (no checkout): HEAD~1 against HEAD", async () => {
    const d = await freshRepo();
    await replaceIn(path.join(d, "spec/admins.yaml"), "summary: Retrieve a single admin", "summary: Fetch one admin");
    git(d, "commit", "-q", "-am", "docs");
    // The working tree is broken and must not be read.
    await writeFile(path.join(d, "spec/admins.yaml"), "not: [valid");
    const r = await diff(["HEAD~1", "HEAD", "--format", "json"], d);
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout);
    expect(out.changes).toEqual([expect.objectContaining({ code: "summary-changed", severity: "docs", operation: "admins.get", file: "spec/admins.yaml" })]);
    expect(out.semver).toEqual({ base: "2.15", next: "2.15", headVersion: "2.15", bumpedEnough: true, bump: "patch" });
  });

  it("reads a side from a folder", async () => {
    const d = await freshRepo();
    await cp(path.join(d, "spec"), path.join(d, "old"), { recursive: true });
    await replaceIn(path.join(d, "spec/api.yaml"), 'version: "2.15"', 'version: "2.16"');
    await replaceIn(path.join(d, "spec/admins.yaml"), /    output: Admin\n\n {2}- name: identify/, "    output: Admin\n    deprecated: true\n\n  - name: identify");
    const r = await diff(["old", "spec", "--format", "json"], d);
    const out = JSON.parse(r.stdout);
    expect(out.changes.map((c: { code: string }) => c.code)).toEqual(["operation-deprecated"]);
    expect(out.semver).toEqual({ base: "2.15", next: "2.16", headVersion: "2.16", bumpedEnough: true, bump: "minor" });
  });

  it("--spec names the folder inside the repository, for refs and the working tree alike", async () => {
    const d = await freshRepo();
    git(d, "mv", "spec", "api");
    git(d, "commit", "-q", "-m", "move");
    await replaceIn(path.join(d, "api/admins.yaml"), "risk: write", "risk: read");
    const r = await diff(["HEAD", "--spec", "api", "--format", "json"], d);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).changes).toEqual([expect.objectContaining({ code: "risk-lowered", file: "api/admins.yaml" })]);
    // Run from a subfolder: the spec folder is found relative to it.
    const sub = await diff(["HEAD", "--spec", "../api", "--format", "json"], path.join(d, "api"));
    expect(JSON.parse(sub.stdout).changes).toEqual([expect.objectContaining({ code: "risk-lowered", file: "./admins.yaml" })]);
  });

  it("--fail-on any exits 1 for a documentation change; --fail-on breaking does not", async () => {
    const d = await freshRepo();
    await replaceIn(path.join(d, "spec/admins.yaml"), "summary: Retrieve a single admin", "summary: Fetch one admin");
    expect((await diff(["HEAD", "--fail-on", "any"], d)).code).toBe(1);
    expect((await diff(["HEAD", "--fail-on", "breaking"], d)).code).toBe(0);
  });
});

describe("errors", () => {
  it("a side with spec errors prints its diagnostics' first lines and exits 1", async () => {
    const d = await freshRepo();
    await replaceIn(path.join(d, "spec/admins.yaml"), "output: Admin\n\n  - name: identify", "output: Admn\n\n  - name: identify");
    const r = await diff(["HEAD"], d);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^opspec: the head side, working tree \(spec\/\), has spec errors; nothing was compared:\n {2}spec\/admins\.yaml:\d+:\d+ error unknown-type /);
    expect(r.stderr).not.toContain(" | "); // first lines only, no code frames
  });

  it("a ref without the spec folder exits 1 and names the side", async () => {
    const d = await freshRepo();
    const r = await diff(["HEAD", "--spec", "nowhere"], d);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^opspec: base HEAD \([0-9a-f]{7}\): .*nowhere\/ does not exist/);
  });

  it.each([
    [[], /needs a base/],
    [["HEAD", "--format", "yaml"], /--format must be one of text, json, markdown, github/],
    [["HEAD", "--fail-on", "some"], /--fail-on must be breaking or any/],
    [["HEAD", "--colour"], /Unknown option '--colour'/],
    [["a", "b", "c"], /at most two sides/],
  ])("usage error %j exits 2 with the usage", async (argv, message) => {
    const r = await diff(argv, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain("Usage: opspec diff");
  });

  it("a side that is neither a folder nor a ref exits 2", async () => {
    const r = await diff(["no-such-ref"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("opspec: 'no-such-ref' is neither a spec folder nor a git ref (a branch, tag or commit)\n");
  });

  it("a ref outside a git repository is a usage error", async () => {
    const d = await mkdtemp(path.join(os.tmpdir(), "opspec-diff-nogit-"));
    dirs.push(d);
    await cp(SPEC_DIR, path.join(d, "spec"), { recursive: true });
    const r = await diff(["main"], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not inside a git repository/);
  });

  it("--help prints the usage and exits 0", async () => {
    const r = await diff(["--help"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--fail-on");
  });
});

describe("colour", () => {
  async function changed(): Promise<string> {
    const d = await freshRepo();
    await replaceIn(path.join(d, "spec/admins.yaml"), "risk: write", "risk: destructive");
    return d;
  }

  it("only on a terminal, and never with NO_COLOR", async () => {
    const d = await changed();
    expect((await diff(["HEAD"], d, { isTTY: true })).stdout).toContain("\x1b[31;1mBreaking changes (1)\x1b[0m");
    expect((await diff(["HEAD"], d, { isTTY: true, env: { NO_COLOR: "1" } })).stdout).not.toContain("\x1b");
    expect((await diff(["HEAD"], d, { isTTY: false })).stdout).not.toContain("\x1b");
    expect((await diff(["HEAD", "--format", "markdown"], d, { isTTY: true })).stdout).not.toContain("\x1b");
  });
});

it("spec text reaches every format escaped for it", async () => {
  const d = await freshRepo();
  await replaceIn(path.join(d, "spec/admins.yaml"), "summary: Retrieve a single admin", 'summary: "Evil \\e[2J 100% \\u202e\\nsecond *line* <b>@octocat</b>"');
  const text = (await diff(["HEAD"], d, { isTTY: true })).stdout;
  expect(text).toContain("to 'Evil \\x1b[2J 100% \\u202e\\x0asecond *line* <b>@octocat</b>'.");
  expect(text.replace(/\x1b\[[0-9;]*m/g, "")).not.toMatch(/[\x00-\x09\x0b-\x1f\u202e]/);
  const github = (await diff(["HEAD", "--format", "github"], d)).stdout;
  expect(github).toContain("::notice file=spec/admins.yaml,line=9,title=summary-changed%3A admins.get summary::");
  expect(github).toContain("to 'Evil \\x1b[2J 100%25 \\u202e%0Asecond *line* <b>@octocat</b>'.");
  const markdown = (await diff(["HEAD", "--format", "markdown"], d)).stdout;
  expect(markdown).toContain("to `Evil \\x1b[2J 100% \\u202e second *line* <b>@octocat</b>`.");
});

it("a renamed spec folder in the working tree still diffs against the ref by --spec", async () => {
  const d = await freshRepo();
  await rename(path.join(d, "spec"), path.join(d, "spec2"));
  const r = await diff(["HEAD", "--spec", "spec2"], d);
  // HEAD has no spec2/: the base side cannot be read.
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/spec2\/ does not exist/);
});
