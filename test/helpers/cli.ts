/** Runs the opspec CLI as a child process, the way a user does. */
import { spawn, type ChildProcess } from "node:child_process";
import { cp, mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, SPEC_DIR } from "./spec.ts";

/** tsx as a loader inside ONE node process (the tsx CLI would spawn a second one that a SIGKILL misses). */
export const TSX_LOADER = pathToFileURL(path.join(ROOT, "node_modules/tsx/dist/loader.mjs")).href;
export const CLI = path.join(ROOT, "generator/cli.ts");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function startCli(args: string[], cwd: string): ChildProcess {
  return spawn(process.execPath, ["--import", TSX_LOADER, CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
}

export function runCli(args: string[], cwd: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = startCli(args, cwd);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => (stdout += d));
    child.stderr!.on("data", (d: Buffer) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A scratch project: a copy of spec/ in a temporary folder, with no generated/ yet. */
export async function scratchProject(): Promise<{ dir: string; spec: string; out: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "opspec-cli-"));
  await cp(SPEC_DIR, path.join(dir, "spec"), { recursive: true });
  return { dir, spec: path.join(dir, "spec"), out: path.join(dir, "generated") };
}
