/**
 * The run cache: when nothing that shapes the output has changed since the last run that left the
 * output folder complete, and the files on disk are still the ones that run wrote, the emit and format
 * stages are skipped. What shapes the output: every spec file, the generator's own
 * source (emitters, the copied runtime and MCP server) and the locked dependency versions (the
 * formatter's among them). A file edited by hand no longer matches its recorded hash, so `--check`
 * still reports it and `generate` rewrites it.
 *
 * The record lives in node_modules/.cache/opspec/, per output folder: it is local, never committed,
 * and a fresh clone simply runs everything once.
 */
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { EmittedFile } from "../model/types.ts";
import { textParts } from "../model/text-parts.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CACHE_DIR = path.join(ROOT, "node_modules/.cache/opspec");
const GENERATOR_DIR = path.join(ROOT, "generator");
const LOCK_FILE = path.join(ROOT, "package-lock.json");

export interface RunRecord {
  key: string;
  /** Output path → sha256 of its contents. */
  files: Record<string, string>;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** sha256 of the pieces' concatenation, without making it. */
function partsHash(parts: readonly string[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest("hex");
}

/**
 * Everything the output depends on, as one hash: the spec's texts (hashing them is cheaper than
 * serialising the model, and covers it), the generator's code and the lock file.
 */
export async function inputKey(specTexts: ReadonlyMap<string, string>): Promise<string> {
  const hash = createHash("sha256");
  for (const [file, text] of [...specTexts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) hash.update(`\0${file}\0${text}`);
  hash.update(await (toolchainKey ??= hashToolchain()));
  return hash.digest("hex");
}

/**
 * The generator's code and the lock file, hashed once per process: the code a process runs does not
 * change under it, and watch mode would otherwise read the whole generator folder on every save.
 */
let toolchainKey: Promise<string> | undefined;

async function hashToolchain(): Promise<string> {
  const hash = createHash("sha256");
  const entries = await readdir(GENERATOR_DIR, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  for (const file of files) hash.update(`\0${path.relative(GENERATOR_DIR, file)}\0`).update(await readFile(file));
  hash.update(await readFile(LOCK_FILE).catch(() => ""));
  return hash.digest("hex");
}

function recordPath(outDir: string): string {
  return path.join(CACHE_DIR, `${sha256(path.resolve(outDir)).slice(0, 16)}.json`);
}

export async function readRecord(outDir: string): Promise<RunRecord | undefined> {
  try {
    return JSON.parse(await readFile(recordPath(outDir), "utf8")) as RunRecord;
  } catch {
    return undefined;
  }
}

/** `hashes`: the sha256 of files already hashed (by the writing thread, which hashes every file it is handed: streamed-output.ts). */
export async function writeRecord(outDir: string, key: string, files: readonly EmittedFile[], hashes?: ReadonlyMap<string, string>): Promise<void> {
  const record: RunRecord = { key, files: Object.fromEntries(files.map((f) => [f.path, hashes?.get(f.path) ?? partsHash(textParts(f))])) };
  await mkdir(CACHE_DIR, { recursive: true });
  await writeFile(recordPath(outDir), JSON.stringify(record));
}

/** The files on disk, when they are exactly the ones the record lists; otherwise undefined. */
export function filesMatchingRecord(record: RunRecord, onDisk: Map<string, string>): EmittedFile[] | undefined {
  const paths = Object.keys(record.files);
  if (paths.length !== onDisk.size) return undefined;
  const files: EmittedFile[] = [];
  for (const p of paths) {
    const contents = onDisk.get(p);
    if (contents === undefined || sha256(contents) !== record.files[p]) return undefined;
    files.push({ path: p, contents });
  }
  return files;
}
