/**
 * The two sides of a diff: each a git ref (the spec folder as committed there, read with `git ls-tree`
 * and `git cat-file`, never checked out) or a folder on disk. Both go through the same load → check →
 * model steps as `opspec generate`, so a side is judged exactly as the generator would judge it.
 */
import { spawn } from "node:child_process";
import { stat } from "node:fs/promises";
import path from "node:path";
import { checkSpec } from "../check/check-spec.ts";
import type { Diagnostic } from "../diagnostics/catalog.ts";
import { loadSpec, type LoadIo } from "../load/load-spec.ts";
import { buildModel } from "../model/build-model.ts";
import type { ApiModel } from "../model/types.ts";
import { UserError } from "../user-error.ts";
import { SpecIndex } from "./locations.ts";

export type SideSource =
  | { kind: "folder"; dir: string; label: string }
  | { kind: "git"; ref: string; commit: string; repo: string; label: string };

export type LoadedSide =
  | { ok: true; label: string; model: ApiModel; index: SpecIndex }
  | { ok: false; label: string; diagnostics: Diagnostic[]; sources: Map<string, string> };

export interface SideOptions {
  cwd: string;
  /** The spec folder as given (`--spec`, default `spec`), relative to `cwd`. */
  specDir: string;
}

/** `undefined` is the working tree's spec folder; an existing folder is read from disk; anything else must be a git ref. */
export async function resolveSide(arg: string | undefined, options: SideOptions): Promise<SideSource> {
  const specDir = path.resolve(options.cwd, options.specDir);
  if (arg === undefined) return { kind: "folder", dir: specDir, label: `working tree (${display(options.cwd, specDir)}/)` };
  const asFolder = path.resolve(options.cwd, arg);
  if (await isDirectory(asFolder)) return { kind: "folder", dir: asFolder, label: `${display(options.cwd, asFolder)}/` };
  let repo: string;
  try {
    repo = (await git(["rev-parse", "--show-toplevel"], options.cwd)).toString("utf8").trim();
  } catch {
    throw new UserError(`'${arg}' is not a folder, and ${options.cwd} is not inside a git repository to read it as a ref from`, 2);
  }
  let commit: string;
  try {
    commit = (await git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${arg}^{commit}`], options.cwd)).toString("utf8").trim();
  } catch {
    throw new UserError(`'${arg}' is neither a spec folder nor a git ref (a branch, tag or commit)`, 2);
  }
  return { kind: "git", ref: arg, commit, repo, label: `${arg} (${commit.slice(0, 7)})` };
}

/** Loads, checks and models one side. Throws `SpecFolderError` (a `UserError`) when there is no usable spec folder. */
export async function loadSide(side: SideSource, options: SideOptions): Promise<LoadedSide> {
  const specDir = path.resolve(options.cwd, options.specDir);
  const loaded =
    side.kind === "folder"
      ? await loadSpec(side.dir, display(options.cwd, side.dir))
      : await loadSpec(specDir, display(options.cwd, specDir), await gitTreeIo(side, specDir));
  const checked = checkSpec(loaded);
  if (!checked.spec) {
    const sources = new Map(loaded.sources.map((s) => [s.file, s.text]));
    return { ok: false, label: side.label, diagnostics: checked.diagnostics, sources };
  }
  return { ok: true, label: side.label, model: buildModel(checked.spec), index: new SpecIndex(checked.spec) };
}

/** How a path is shown: relative to the working folder, forward slashes. */
function display(cwd: string, p: string): string {
  return path.relative(cwd, p).split(path.sep).join("/") || ".";
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

// ─── Reading a folder as committed ──────────────────────────────────────────────────────────────────

interface TreeEntry {
  mode: string;
  type: string;
  oid: string;
}

/**
 * File-system calls answered from one commit's tree: the spec folder's entries from `git ls-tree`, and
 * every spec file's bytes from one `git cat-file --batch` (one process, however many files).
 */
async function gitTreeIo(side: Extract<SideSource, { kind: "git" }>, specDir: string): Promise<LoadIo> {
  const inRepo = path.relative(side.repo, specDir).split(path.sep).join("/");
  if (inRepo.startsWith("..") || path.isAbsolute(inRepo))
    throw new UserError(`the spec folder ${specDir} is outside the git repository ${side.repo}, so it cannot be read at ${side.ref}`, 2);
  const listing = await git(["ls-tree", "-z", side.commit, "--", ...(inRepo ? [`${inRepo}/`] : [])], side.repo);
  const entries = new Map<string, TreeEntry>();
  for (const record of listing.toString("utf8").split("\0")) {
    const m = /^(\d+) (\w+) ([0-9a-f]+)\t(.*)$/s.exec(record);
    if (m) entries.set(path.posix.basename(m[4]!), { mode: m[1]!, type: m[2]!, oid: m[3]! });
  }
  const wanted = [...entries.values()].filter((e) => e.type === "blob" && e.mode !== "120000");
  const blobs = await catFiles(wanted.map((e) => e.oid), side.repo);
  const entryAt = (full: string) => (path.dirname(full) === specDir ? entries.get(path.basename(full)) : undefined);
  const missing = (what: string) => Object.assign(new Error(`${what} does not exist at ${side.ref}`), { code: "ENOENT" });
  return {
    async readdir(dir) {
      if (dir !== specDir || entries.size === 0) throw missing(dir);
      return [...entries.keys()];
    },
    async stat(full) {
      const e = entryAt(full);
      if (!e) throw missing(full);
      return { isFile: () => e.type === "blob" && e.mode !== "120000", isDirectory: () => e.type === "tree" };
    },
    async readFile(full) {
      const e = entryAt(full);
      const bytes = e && blobs.get(e.oid);
      if (!bytes) throw missing(full);
      return bytes;
    },
  };
}

async function catFiles(oids: string[], repo: string): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  if (oids.length === 0) return out;
  const buf = await git(["cat-file", "--batch"], repo, `${oids.join("\n")}\n`);
  let pos = 0;
  while (pos < buf.length) {
    const eol = buf.indexOf(0x0a, pos);
    if (eol < 0) break;
    const [oid, type, size] = buf.subarray(pos, eol).toString("utf8").split(" ");
    pos = eol + 1;
    if (type === "missing" || size === undefined) continue;
    const n = Number(size);
    out.set(oid!, buf.subarray(pos, pos + n));
    pos += n + 1;
  }
  return out;
}

/** Runs git and resolves with its stdout; rejects with its stderr when it fails. */
function git(args: string[], cwd: string, input?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, { cwd, stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"], env: { ...process.env, GIT_OPTIONAL_LOCKS: "0" } });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout!.on("data", (d: Buffer) => stdout.push(d));
    child.stderr!.on("data", (d: Buffer) => stderr.push(d));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(stdout));
      else reject(new Error(`git ${args[0]} failed (${code}): ${Buffer.concat(stderr).toString("utf8").trim()}`));
    });
    if (child.stdin) {
      // git may exit before reading everything (a bad object id): its exit code tells, not the pipe.
      child.stdin.on("error", () => {});
      child.stdin.end(input);
    }
  });
}
