/**
 * Reading the spec folder from disk. A folder that cannot be used at all is a `SpecFolderError` (one line,
 * exit 1); a single spec file that cannot be read becomes a positioned diagnostic, like any other problem.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { DiagnosticCode } from "../diagnostics/catalog.ts";
import { UserError } from "../user-error.ts";

/** The file-system calls loading makes; tests inject failures root cannot produce (EACCES). */
export interface LoadIo {
  readdir(dir: string): Promise<string[]>;
  stat(file: string): Promise<{ isFile(): boolean; isDirectory(): boolean }>;
  readFile(file: string): Promise<Uint8Array>;
}

/**
 * Node's calls, made synchronously behind the promises. Loading is the first stage: nothing else waits
 * for the event loop while the folder is read, and a call through the thread pool costs more than the
 * read of a small file in the page cache. At 10,000 operations (1,374 files) reading took 145–160 ms
 * with fs/promises and 32–61 ms this way (3 runs each); a watch session's reload blocks its event loop
 * that long, about 1 ms for this repository's spec.
 */
export const NODE_IO: LoadIo = {
  readdir: async (dir) => readdirSync(dir),
  stat: async (file) => statSync(file),
  readFile: async (file) => readFileSync(file),
};

/** The spec folder is missing, not a folder, unreadable, or holds no spec file. */
export class SpecFolderError extends UserError {
  constructor(
    readonly code: DiagnosticCode,
    /** The folder as shown to the user, with a trailing slash: `spec/`. */
    readonly folder: string,
    reason: string,
  ) {
    super(`error ${code}: ${reason}`, 1);
  }
}

export type ReadResult =
  | { file: string; bytes: Uint8Array }
  | { file: string; problem: { code: "not-a-file" | "unreadable-file"; message: string } };

const SPEC_NAME = /\.ya?ml$/;

/** The spec file names in `specDir`, sorted; throws `SpecFolderError` when there is nothing to load. */
export async function listSpecFolder(specDir: string, displayDir: string, io: LoadIo): Promise<string[]> {
  const folder = `${displayDir.replace(/\/+$/, "")}/`;
  let names: string[];
  try {
    names = await io.readdir(specDir);
  } catch (err) {
    const code = errnoCode(err);
    if (code === "ENOENT")
      throw new SpecFolderError("missing-spec-folder", folder, `${folder} does not exist; run opspec in the project's root folder or pass --spec DIR`);
    if (code === "ENOTDIR") throw new SpecFolderError("missing-spec-folder", folder, `${folder.slice(0, -1)} is a file, not a folder of spec files`);
    if (code) throw new SpecFolderError("unreadable-file", folder, `${folder} cannot be read: ${describeErrno(err)}`);
    throw err;
  }
  const specs = names.filter((n) => SPEC_NAME.test(n)).sort();
  if (specs.length === 0)
    throw new SpecFolderError("empty-spec-folder", folder, `${folder} has no spec files (*.yaml or *.yml); it needs at least api.yaml`);
  return specs;
}

/** Reads one spec file's bytes, or says in one sentence why it cannot be read. Never throws for file-system reasons. */
export async function readSpecFile(full: string, file: string, io: LoadIo): Promise<ReadResult> {
  try {
    const info = await io.stat(full);
    if (!info.isFile())
      return {
        file,
        problem: {
          code: "not-a-file",
          message: info.isDirectory()
            ? "is a folder, not a spec file; rename it or move it out of the spec folder"
            : "is not a regular file (a pipe, socket or device); spec files are plain text files",
        },
      };
    return { file, bytes: await io.readFile(full) };
  } catch (err) {
    const code = errnoCode(err);
    if (!code) throw err;
    if (code === "EISDIR") return { file, problem: { code: "not-a-file", message: "is a folder, not a spec file" } };
    return { file, problem: { code: "unreadable-file", message: `cannot be read: ${describeErrno(err)}` } };
  }
}

export function joinSpecPath(specDir: string, name: string): string {
  return path.join(specDir, name);
}

function errnoCode(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return typeof code === "string" && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}

function describeErrno(err: unknown): string {
  const code = errnoCode(err)!;
  const plain: Record<string, string> = {
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    ELOOP: "a symlink loop (the link never reaches a file)",
    ENOENT: "a symlink that points at nothing, or the file vanished while reading",
    EMFILE: "too many open files",
    EIO: "an input/output error",
  };
  return `${plain[code] ?? (err as Error).message} (${code})`;
}
