/**
 * `opspec init [DIR] [--force]`: a small working spec and a config file, so `opspec generate` succeeds
 * right after. The target must be empty, apart from what a fresh npm project holds (package.json, a
 * lock file, node_modules/, dotfiles such as .git/): `npm install -D opspec` then `npx opspec init` is
 * the expected start. Anything else makes it refuse (exit 2) unless --force, which overwrites only the
 * files init writes and deletes nothing.
 */
import { mkdir, readdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { CONFIG_FILES } from "../config/load-config.ts";
import { terminalText } from "../escape/index.ts";
import { shellWord } from "../escape/index.ts";
import { CONFIG_FILE, OUT_DIR, SPEC_DIR, scaffoldFiles } from "./template.ts";

export interface InitIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
}

export const INIT_USAGE = `Usage: opspec init [DIR] [--force]

  DIR       the folder to set up (default: the working folder); created if missing
  --force   write even if the folder holds other files (overwrites ${CONFIG_FILE}, ${SPEC_DIR}/api.yaml
            and ${SPEC_DIR}/notes.yaml; deletes nothing)

Writes ${CONFIG_FILE} and an example spec in ${SPEC_DIR}/ (one resource with a read, a write and a
destructive operation, a named type and a paginated list); 'opspec generate' then writes ${OUT_DIR}/.
Exit codes: 0 written, 1 a file could not be written, 2 usage errors or a folder that is not empty.`;

/** What a folder may hold and still count as empty: a fresh npm project, and dotfiles. */
const PROJECT_FILES = new Set(["package.json", "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock", "bun.lockb", "node_modules"]);

export async function runInit(argv: string[], io: InitIo): Promise<number> {
  const usage = (message: string) => {
    io.stderr(`opspec: ${message}\n\n${INIT_USAGE}\n`);
    return 2;
  };
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: { force: { type: "boolean" }, help: { type: "boolean", short: "h" } } });
  } catch (err) {
    return usage((err as Error).message.split("\n")[0]!);
  }
  if (args.values.help) {
    io.stdout(`${INIT_USAGE}\n`);
    return 0;
  }
  if (args.positionals.length > 1) return usage(`one folder at a time (got ${args.positionals.join(", ")})`);
  const target = path.resolve(io.cwd, args.positionals[0] ?? ".");
  const shown = terminalText(shownFolder(target, io.cwd));

  const info = await stat(target).catch(() => undefined);
  if (info && !info.isDirectory()) return usage(`${shown} is a file, not a folder`);
  const entries = info ? await readdir(target) : [];
  if (!args.values.force) {
    const config = entries.find((name) => (CONFIG_FILES as readonly string[]).includes(name));
    const other = entries.filter((name) => !name.startsWith(".") && !PROJECT_FILES.has(name)).sort();
    if (config !== undefined || other.length > 0) {
      const listed = (config !== undefined ? [config, ...other.filter((n) => n !== config)] : other).slice(0, 5);
      return usage(
        `${shown} is not empty (${listed.join(", ")}${other.length > listed.length ? ", …" : ""}); ` +
          `run init in an empty folder, or add --force to write the example files anyway`,
      );
    }
  }

  const written: string[] = [];
  try {
    for (const file of scaffoldFiles()) {
      const full = path.join(target, ...file.path.split("/"));
      await mkdir(path.dirname(full), { recursive: true });
      await writeFile(full, file.contents);
      written.push(file.path);
    }
  } catch (err) {
    io.stderr(`opspec: cannot write into ${shown}: ${(err as Error).message.split("\n")[0]}${written.length > 0 ? ` (written: ${written.join(", ")})` : ""}\n`);
    return 1;
  }
  const folder = shownFolder(target, io.cwd);
  const next: [command: string, why: string][] = [
    [`${folder === "." ? "" : `cd ${shellPath(folder)} && `}npx opspec generate`, `${SPEC_DIR}/ → ${OUT_DIR}/: client, schemas, OpenAPI, docs, MCP server`],
    [`cd ${OUT_DIR} && npm install && npm run build`, `compile the generated package to ${OUT_DIR}/dist/`],
  ];
  const width = Math.max(...next.map(([command]) => command.length));
  io.stdout(
    `opspec: wrote ${written.join(", ")} in ${folder === "." ? "this folder" : shown}\n\nNext:\n` +
      next.map(([command, why]) => `  ${terminalText(command).padEnd(width)}   # ${why}\n`).join(""),
  );
  return 0;
}

function shownFolder(target: string, cwd: string): string {
  const rel = path.relative(cwd, target);
  return (rel === "" ? "." : rel.startsWith("..") || path.isAbsolute(rel) ? target : rel).split(path.sep).join("/");
}

/** A path as one shell word: bare when it is plain, single-quoted otherwise. */
function shellPath(p: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(p) ? p : shellWord(p);
}
