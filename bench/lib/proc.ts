/**
 * Runs one command as a child process and measures it: wall time (from spawn to exit, measured
 * here), CPU time and peak RSS (from GNU time's `-f`, when /usr/bin/time is there), and the peak RSS
 * seen by polling /proc every 100 ms (so a run killed at its time cap still reports memory).
 *
 * Each run gets its own process group, so a run over its cap is killed whole (npm → sh → node).
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export const GNU_TIME = "/usr/bin/time";
export const HAS_GNU_TIME = existsSync(GNU_TIME);

export type RunStatus = "ok" | "failed" | "killed";

export interface RunResult {
  status: RunStatus;
  exitCode: number | null;
  wallMs: number;
  /** user + system CPU of the whole process tree, from GNU time. */
  cpuMs?: number;
  /** Peak resident set of the largest process in the tree, KiB. GNU time's when the run ended, else polled. */
  maxRssKb?: number;
  stdout: string;
  stderr: string;
  command: string;
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the run after this many ms. */
  capMs: number;
  /** Called with each chunk of stdout as it arrives, with ms since spawn. */
  onStdout?: (chunk: string, atMs: number) => void;
}

export interface Running {
  pid: number;
  startedAt: number;
  done: Promise<RunResult>;
  kill(signal?: NodeJS.Signals): void;
}

/** Descendants of `pid` (children, grandchildren, …), read from /proc. */
function descendants(pid: number): number[] {
  const out: number[] = [];
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop()!;
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const t of tasks) {
      let children = "";
      try {
        children = readFileSync(`/proc/${p}/task/${t}/children`, "utf8");
      } catch {
        continue;
      }
      for (const c of children.split(" ").filter(Boolean)) {
        out.push(Number(c));
        stack.push(Number(c));
      }
    }
  }
  return out;
}

function rssKb(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Process groups of the runs still going, so that an interrupted bench leaves none behind. */
const running = new Set<number>();
let handlersInstalled = false;
function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => {
      for (const pid of running) {
        try {
          process.kill(-pid, "SIGKILL");
        } catch {
          // Already gone.
        }
      }
      process.exit(130);
    });
}

export function quote(args: readonly string[]): string {
  return args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(" ");
}

/** Starts `args` (argv, no shell) and returns a handle; `done` settles when it exits or is killed. */
export async function start(args: readonly string[], options: RunOptions): Promise<Running> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), "opspec-bench-time-"));
  const timeFile = path.join(tmp, "time.txt");
  const argv = HAS_GNU_TIME ? [GNU_TIME, "-f", "%e %U %S %M", "-o", timeFile, ...args] : [...args];
  const startedAt = performance.now();
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  if (child.pid === undefined) {
    // Could not start (no such program): report it as a failed run.
    const error = await new Promise<Error>((resolve) => child.once("error", resolve));
    await rm(tmp, { recursive: true, force: true });
    const failed: RunResult = { status: "failed", exitCode: null, wallMs: 0, stdout: "", stderr: `failed to start: ${error.message}`, command: quote(args) };
    return { pid: -1, startedAt, done: Promise.resolve(failed), kill: () => {} };
  }
  const pid = child.pid;
  installHandlers();
  running.add(pid);
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    stdout += chunk;
    options.onStdout?.(chunk, performance.now() - startedAt);
  });
  child.stderr.on("data", (chunk: string) => {
    // Keep the tail only: a failing peer can print megabytes.
    stderr = (stderr + chunk).slice(-200_000);
  });
  let polledKb = 0;
  const poll = setInterval(() => {
    for (const p of descendants(pid)) polledKb = Math.max(polledKb, rssKb(p));
  }, 100);
  let killed = false;
  const kill = (signal: NodeJS.Signals = "SIGKILL") => {
    killed = true;
    try {
      process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
  };
  const timer = setTimeout(() => kill(), options.capMs);
  const done = new Promise<RunResult>((resolve) => {
    child.on("close", async (code) => {
      const wallMs = performance.now() - startedAt;
      running.delete(pid);
      clearTimeout(timer);
      clearInterval(poll);
      let cpuMs: number | undefined;
      let maxRssKb: number | undefined = polledKb || undefined;
      if (HAS_GNU_TIME && !killed) {
        const text = await readFile(timeFile, "utf8").catch(() => "");
        // GNU time prints "Command exited with non-zero status N" before the format line on failure.
        const last = text.trim().split("\n").pop() ?? "";
        const [, user, sys, rss] = last.split(" ").map(Number);
        if (user !== undefined && sys !== undefined && Number.isFinite(user + sys)) cpuMs = (user + sys) * 1000;
        if (rss !== undefined && Number.isFinite(rss)) maxRssKb = Math.max(rss, polledKb);
      }
      await rm(tmp, { recursive: true, force: true });
      const status: RunStatus = killed ? "killed" : code === 0 ? "ok" : "failed";
      resolve({ status, exitCode: code, wallMs, cpuMs, maxRssKb, stdout, stderr, command: quote(args) });
    });
  });
  return { pid, startedAt, done, kill };
}

export async function run(args: readonly string[], options: RunOptions): Promise<RunResult> {
  return (await start(args, options)).done;
}
