/**
 * `opspec generate --watch` and the config file: a save of it starts the watch again with the config
 * as it is then (its APIs, folders and emitters); a config that no longer loads is reported and the
 * previous one stays in use; spec saves go on being generated throughout. Once with a module config
 * (.mjs: Node keeps a module it imported once, so reloading must import it anew) and once with YAML.
 */
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { startCli } from "./helpers/cli.ts";
import { SPEC_DIR } from "./helpers/spec.ts";

let dir: string | undefined;
let child: ChildProcess | undefined;

afterEach(async () => {
  child?.kill("SIGINT");
  if (child && child.exitCode === null) await new Promise((resolve) => child!.once("exit", resolve));
  child = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function until(what: () => boolean, label: string, log: () => string): Promise<void> {
  const start = Date.now();
  while (!what()) {
    if (child?.exitCode !== null) throw new Error(`watch exited (${child?.exitCode}) waiting for ${label}\n${log()}`);
    if (Date.now() - start > 30_000) throw new Error(`timed out waiting for ${label}\n${log()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A project with a copy of spec/ (and `files` beside it), and `opspec generate --watch` started in it, past its first run. */
async function watchProject(files: Record<string, string> = {}) {
  dir = await mkdtemp(path.join(os.tmpdir(), "opspec-watch-config-"));
  const project = dir;
  await cp(SPEC_DIR, path.join(project, "spec"), { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(project, name), text);
  const seen = { stdout: "", stderr: "" };
  const log = () => `stdout: ${seen.stdout}\nstderr: ${seen.stderr}`;
  child = startCli(["generate", "--watch"], project);
  child.stdout!.on("data", (d: Buffer) => (seen.stdout += d));
  child.stderr!.on("data", (d: Buffer) => (seen.stderr += d));
  await until(() => seen.stdout.includes("wrote") && seen.stderr.includes("watching"), "the first run", log);
  return { project, seen, log };
}

const CONFIGS = {
  "opspec.config.mjs": (out: string, mcp: boolean) => `export default { apis: [{ spec: "spec", out: ${JSON.stringify(out)}, emit: { mcp: ${mcp} } }] };\n`,
  "opspec.config.yaml": (out: string, mcp: boolean) => `apis:\n  - spec: spec\n    out: ${out}\n    emit: { mcp: ${mcp} }\n`,
} as const;

for (const [name, config] of Object.entries(CONFIGS)) {
  it(`a save of ${name} regenerates with it; a broken one is reported and the previous one kept`, { timeout: 90_000 }, async () => {
    const { project, seen, log } = await watchProject({ [name]: config("first", true) });
    const configFile = path.join(project, name);
    expect(existsSync(path.join(project, "first", "mcp"))).toBe(true);

    // Another output folder, without the MCP server.
    let errFrom = seen.stderr.length;
    await writeFile(configFile, config("second", false));
    await until(() => seen.stderr.slice(errFrom).includes("watching") && existsSync(path.join(project, "second", "client")), "the run with the new config", log);
    expect(seen.stderr.slice(errFrom)).toContain(`opspec: ${name} changed; generating with it`);
    expect(existsSync(path.join(project, "second", "mcp"))).toBe(false);

    // A broken config: said in one line, and the previous one goes on: a spec save regenerates "second".
    errFrom = seen.stderr.length;
    await writeFile(configFile, name.endsWith(".mjs") ? "export default {\n" : "apis: [\n");
    await until(() => seen.stderr.slice(errFrom).includes("keeping the previous config") && seen.stderr.slice(errFrom).includes("watching"), "the broken config's report", log);
    expect(seen.stderr.slice(errFrom)).toMatch(new RegExp(`opspec: ${name.replace(".", "\\.")}`));
    const admins = path.join(project, "spec", "admins.yaml");
    const outFrom = seen.stdout.length;
    await writeFile(admins, (await readFile(admins, "utf8")).replace("title: Admins\n", "title: Admins edited\n"));
    await until(() => seen.stdout.slice(outFrom).includes("wrote"), "the spec save's run", log);
    expect(await readFile(path.join(project, "second", "docs", "admins.md"), "utf8")).toContain("# Admins edited");
    expect(child?.exitCode).toBeNull();
  });
}

it("a config file created while watching without one is taken up", { timeout: 90_000 }, async () => {
  const { project, seen, log } = await watchProject();
  expect(existsSync(path.join(project, "generated", "client"))).toBe(true);

  const errFrom = seen.stderr.length;
  await writeFile(path.join(project, "opspec.config.yaml"), CONFIGS["opspec.config.yaml"]("from-config", false));
  await until(() => seen.stderr.slice(errFrom).includes("watching") && existsSync(path.join(project, "from-config", "client")), "the run with the new config", log);
  expect(seen.stderr.slice(errFrom)).toContain("opspec: opspec.config.yaml appeared; generating with it");
  expect(existsSync(path.join(project, "from-config", "mcp"))).toBe(false);
  expect(child?.exitCode).toBeNull();
});
