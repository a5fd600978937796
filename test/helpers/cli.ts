/** Runs the opspec CLI as a child process, the way a user does. */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cp, mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
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

// ---------------------------------------------------------------------------------------------------
// npm, as the package tests drive it

const execFileAsync = promisify(execFile);
export const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
export const TSC = path.join(ROOT, "node_modules/typescript/bin/tsc");
/** Quiet npm: no update notices, audit or funding messages. */
export const NPM_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  npm_config_update_notifier: "false",
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_loglevel: "error",
};

/** Runs a command to completion; a failure throws with its output. */
export async function runCommand(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = NPM_ENV): Promise<string> {
  try {
    const { stdout } = await execFileAsync(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${e.stdout ?? ""}\n${e.stderr ?? e.message}`);
  }
}

/**
 * `npm install <args>` from the npm cache. After `npm ci` the cache holds every tarball the lock file
 * names, but not always the registry's metadata that resolving a version range needs: then --offline
 * fails with ENOTCACHED, and the install is repeated with --prefer-offline, which fetches only that
 * metadata (and caches it, so the next run is offline). The tarballs come from the cache either way.
 * Returns the mode that worked.
 */
export async function npmInstall(args: string[], cwd: string): Promise<"offline" | "prefer-offline"> {
  const common = ["install", "--no-audit", "--no-fund", ...args];
  try {
    await runCommand(NPM, [...common, "--offline"], cwd);
    return "offline";
  } catch (error) {
    if (!/ENOTCACHED/.test(String(error))) throw error;
    console.warn(`npm install ${args.join(" ")}: registry metadata missing from the npm cache; using --prefer-offline`);
    await runCommand(NPM, [...common, "--prefer-offline"], cwd);
    return "prefer-offline";
  }
}

/** `npm pack` of a folder into `destination`: the tarball's path and the files it holds. */
export async function npmPack(dir: string, destination: string): Promise<{ tarball: string; files: string[] }> {
  // --ignore-scripts: the callers build first; prepack need not build again.
  const [packed] = JSON.parse(await runCommand(NPM, ["pack", "--json", "--ignore-scripts", "--pack-destination", destination], dir)) as [
    { filename: string; files: { path: string }[] },
  ];
  return { tarball: path.join(destination, packed.filename), files: packed.files.map((f) => f.path).sort() };
}

// ---------------------------------------------------------------------------------------------------
// A consumer project of a generated package, as the package tests build it

/**
 * A consumer's tsconfig: strict, NodeNext, no Node typings, and skipLibCheck as most projects have it.
 * The declarations still have to resolve and carry real types: the `@ts-expect-error` probes in the
 * consumer's program fail the check if anything came through as `any`.
 */
export const CONSUMER_TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    lib: ["ES2022", "DOM"],
    types: [],
    strict: true,
    resolveJsonModule: true,
    skipLibCheck: true,
    rootDir: ".",
    outDir: "out",
  },
  include: ["*.ts"],
};

/**
 * A new ESM project in `dir` that installs `tarball` (with `installArgs` before it) from the npm cache.
 * Returns what npm installed (`node_modules/<name>`, sorted), for the caller to assert.
 */
export async function installConsumer(dir: string, tarball: string, installArgs: string[] = []): Promise<string[]> {
  mkdirSync(dir);
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }, null, 2));
  await npmInstall([...installArgs, tarball], dir);
  const installed = JSON.parse(readFileSync(path.join(dir, "node_modules/.package-lock.json"), "utf8")) as { packages: Record<string, unknown> };
  return Object.keys(installed.packages).sort();
}

/** The consumer's program: `main.ts`, `config.ts` (which exports `baseUrl`) and CONSUMER_TSCONFIG. */
export function writeConsumerProgram(dir: string, main: string, baseUrl: string): void {
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(CONSUMER_TSCONFIG, null, 2));
  writeFileSync(path.join(dir, "main.ts"), main);
  writeFileSync(path.join(dir, "config.ts"), `export const baseUrl = ${JSON.stringify(baseUrl)};\n`);
}

/** Type-checks and compiles the consumer's `*.ts` (strict tsc: a type error fails the test). */
export async function compileConsumer(dir: string): Promise<void> {
  await runCommand(process.execPath, [TSC, "-p", "tsconfig.json"], dir);
}

/** Runs the compiled program and returns what it printed, parsed as JSON. */
export async function runConsumer(dir: string): Promise<unknown> {
  return JSON.parse(await runCommand(process.execPath, ["out/main.js"], dir));
}
