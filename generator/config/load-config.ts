/**
 * Finding and reading the config file. `opspec.config.ts` (the ecosystem's habit: typed with
 * `defineConfig`, loaded with jiti, so no build step and no tsx), `.mts`, `.js`, `.mjs`, or data in
 * `opspec.config.yaml` / `.yml` / `.json`. Looked for in the working folder only; `--config FILE`
 * names one anywhere. No config file: today's defaults (spec/ → generated/).
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ParseError } from "jsonc-parser";
import { splitLines } from "../diagnostics/print.ts";
import { yamlLib } from "../load/yaml-lib.ts";
import { reason } from "../user-error.ts";
import { ConfigError, defaultApis, parseConfig, type ResolvedApi } from "./schema.ts";

export const CONFIG_FILES = [
  "opspec.config.ts",
  "opspec.config.mts",
  "opspec.config.js",
  "opspec.config.mjs",
  "opspec.config.yaml",
  "opspec.config.yml",
  "opspec.config.json",
] as const;

export interface LoadedConfig {
  /** The config file, absolute; undefined when the defaults apply. */
  file?: string;
  apis: ResolvedApi[];
}

/** The config file in `cwd`, if any; two of them is an error (which one would win is not obvious). */
export async function findConfig(cwd: string): Promise<string | undefined> {
  const present = new Set(await readdir(cwd).catch(() => []));
  const found = CONFIG_FILES.filter((name) => present.has(name));
  if (found.length > 1) throw new ConfigError(`${found.join(" and ")} are both config files; keep one`);
  return found[0] === undefined ? undefined : path.join(cwd, found[0]);
}

/**
 * `reload`: the file was loaded before in this process (watch mode) and has changed since: a module
 * config is imported anew (Node keeps a module it imported once under its URL; a different query on
 * the URL is another module), which leaves the earlier one in memory, a few kB a save of the config.
 */
export async function loadConfig(options: { cwd: string; configFile?: string; reload?: number }): Promise<LoadedConfig> {
  const file = options.configFile !== undefined ? path.resolve(options.cwd, options.configFile) : await findConfig(options.cwd);
  if (file === undefined) return { apis: defaultApis(options.cwd) };
  const shown = shownPath(file, options.cwd);
  const value = await readConfigValue(file, shown, options.cwd, options.reload);
  return { file, apis: parseConfig(value, shown, path.dirname(file)) };
}

async function readConfigValue(file: string, shown: string, cwd: string, reload: number | undefined): Promise<unknown> {
  const ext = path.extname(file);
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new ConfigError(`cannot read ${shown}: ${info ? "not a file" : "no such file"}`);
  if (ext === ".yaml" || ext === ".yml" || ext === ".json") {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (err) {
      throw new ConfigError(`cannot read ${shown}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    return ext === ".json" ? parseJson(text, shown) : parseYaml(text, shown);
  }
  if (![".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"].includes(ext))
    throw new ConfigError(`${shown}: a config file is .ts, .mts, .js, .mjs, .yaml, .yml or .json`);
  const typeScript = ext === ".ts" || ext === ".mts" || ext === ".cts";
  let exported: unknown;
  try {
    exported = typeScript ? await importTypeScript(file, reload) : await importDefault(file, reload);
  } catch (err) {
    throw await loadFailure(err, { file, shown, cwd, typeScript });
  }
  if (exported === undefined) throw new ConfigError(`${shown}: no default export; write 'export default defineConfig({ apis: [...] })'`);
  return exported;
}

async function importDefault(file: string, reload: number | undefined): Promise<unknown> {
  const url = pathToFileURL(file);
  if (reload !== undefined) url.search = `?reload=${reload}`;
  const value = ((await import(url.href)) as { default?: unknown }).default;
  // A CommonJS module's exports arrive as the default: `exports.default = …` is one level further down.
  return value !== null && typeof value === "object" && "default" in value && !("apis" in value) ? value.default : value;
}

/**
 * A TypeScript config: imported as it is where the process already reads TypeScript (run under tsx,
 * as this repository's `npm run generate` is, or a Node that strips types), else through jiti, which
 * transpiles it. jiti keeps what it transpiled in its file cache (node_modules/.cache/jiti, keyed by
 * the source's hash): the first load of a config costs about 200 ms, later ones about 60 ms (measured
 * here, most of it loading jiti). `opspec`, the import every config makes, is this running toolchain
 * itself, so the generator is never loaded a second time for `defineConfig`.
 */
async function importTypeScript(file: string, reload: number | undefined): Promise<unknown> {
  try {
    return await importDefault(file, reload);
  } catch {
    return loadJiti(file).import(file, { default: true });
  }
}

/** `fsCache: false` for a look at a file's syntax only: no transpiled copy of it is kept. */
function loadJiti(file: string, options: { fsCache?: boolean } = {}): ReturnType<typeof import("jiti").createJiti> {
  // Required, not imported: jiti is CommonJS, and importing it from ESM first runs Node's CommonJS
  // export scanner over its 190 KB bundle (about 15-30 ms of every run with a TypeScript config).
  const { createJiti } = createRequire(import.meta.url)("jiti") as typeof import("jiti");
  return createJiti(pathToFileURL(file).href, { fsCache: options.fsCache ?? true, moduleCache: false, alias: { opspec: OWN_ENTRY } });
}

/**
 * Why a module config did not load. A syntax error says where, as a spec file's diagnostics do:
 * `opspec.config.ts:4:5: not valid TypeScript: Unexpected token, expected ","`, in Babel's words
 * whatever loaded the file. A TypeScript config failed in jiti, whose error reads `ParseError: <message>
 * \n <file>:<line>:<column>` and names the file that did not parse: the config, or a module it imports.
 * A JavaScript config failed in Node's import, whose SyntaxError has no position that code can read
 * (or, under tsx, in esbuild, whose errors have another shape): jiti's parser is asked whether, and
 * where, the config itself stops parsing.
 */
async function loadFailure(err: unknown, config: { file: string; shown: string; cwd: string; typeScript: boolean }): Promise<ConfigError> {
  const { file, shown, typeScript } = config;
  const language = typeScript ? "TypeScript" : "JavaScript";
  const located = jitiParseError(reason(err)) ?? (typeScript ? undefined : await parseErrorIn(file));
  if (located === undefined || located.line < 1) return new ConfigError(`${shown} failed to load: ${firstLine(reason(err))}`, err);
  const at = `${located.line}:${located.column + 1}`;
  if (path.resolve(located.file) === file) return new ConfigError(`${shown}:${at}: not valid ${language}: ${located.message}`, err);
  return new ConfigError(`${shown} failed to load: ${shownPath(path.resolve(located.file), config.cwd)}:${at}: ${located.message}`, err);
}

interface LocatedParseError {
  file: string;
  /** 1-based; 0 when the parser gave no position. */
  line: number;
  /** 0-based, as Babel counts. */
  column: number;
  message: string;
}

function jitiParseError(message: string): LocatedParseError | undefined {
  const match = /^\w+: ([^\n]*)\n\s*(.+):(\d+):(\d+)\s*$/.exec(message);
  return match ? { file: match[2]!, line: Number(match[3]), column: Number(match[4]), message: match[1]!.trim() } : undefined;
}

/**
 * The syntax error jiti's parser (Babel) finds in a JavaScript `file`, without running it: its transform
 * returns, for code that does not parse, a module whose only line records the error. Undefined when the
 * file parses (the import failed for another reason: a module it imports, or its code threw).
 */
async function parseErrorIn(file: string): Promise<LocatedParseError | undefined> {
  try {
    const source = await readFile(file, "utf8");
    const code = loadJiti(file, { fsCache: false }).transform({ source, filename: file, ts: false });
    const record = /^exports\.__JITI_ERROR__ = (\{.*\})\s*$/.exec(code)?.[1];
    if (record === undefined) return undefined;
    const { line, column, message } = JSON.parse(record) as { line?: unknown; column?: unknown; message?: unknown };
    if (typeof line !== "number" || typeof column !== "number" || typeof message !== "string") return undefined;
    return { file, line, column, message: firstLine(message) };
  } catch {
    return undefined; // unlocated, the message is what it was: it still names the file and the error
  }
}

/** A message's first line without the spaces some parsers leave at its end. */
function firstLine(message: string): string {
  return message.split("\n")[0]!.trimEnd();
}

/** This toolchain's entry module, next to this folder: `index.js` when compiled, `index.ts` from source. */
const OWN_ENTRY = fileURLToPath(new URL(`../index${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url));

/**
 * A JSON config; a syntax error says where, as a spec file's diagnostics do: `c.json:4:3: not valid
 * JSON: …`. JSON.parse gives a character offset for some errors and none for others (`[1,]`: only an
 * excerpt of the text), and its wording varies with Node's version, so the place is found by
 * jsonErrorOffset and JSON.parse's message is kept without its offset or excerpt.
 */
function parseJson(text: string, shown: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = jsonMessage(reason(err));
    const offset = jsonErrorOffset(text);
    if (offset === undefined) throw new ConfigError(`${shown}: not valid JSON: ${message}`, err);
    const before = splitLines(text.slice(0, offset));
    throw new ConfigError(`${shown}:${before.length}:${before.at(-1)!.length + 1}: not valid JSON: ${message}`, err);
  }
}

/** JSON.parse's message without the offset or the excerpt of the text it may end with. */
function jsonMessage(message: string): string {
  const unexpected = /^(Unexpected token '[^]'), [^]* is not valid JSON$/.exec(message);
  return firstLine(unexpected ? unexpected[1]! : message.replace(/ in JSON at position \d+(?: \(line \d+ column \d+\))?$/, ""));
}

/**
 * Where `text` first stops being strict JSON (no comments, no trailing commas), as an offset; undefined
 * if it is JSON. jsonc-parser (VS Code's) names the start of the token where parsing fails: the place
 * V8's JSON.parse names, or the start of the same token on the same line.
 */
export function jsonErrorOffset(text: string): number | undefined {
  // Required here, not imported: loading it takes about 6 ms, which only a broken JSON config needs.
  const { parse } = createRequire(import.meta.url)("jsonc-parser") as typeof import("jsonc-parser");
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  return errors[0]?.offset;
}

function parseYaml(text: string, shown: string): unknown {
  const doc = yamlLib().parseDocument(text);
  const first = doc.errors[0];
  if (first) {
    const at = first.linePos?.[0];
    const message = first.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
    throw new ConfigError(`${shown}${at ? `:${at.line}:${at.col}` : ""}: ${message}`);
  }
  return doc.toJS();
}

/** Relative to the working folder when inside it, forward slashes. */
function shownPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return (rel.startsWith("..") || path.isAbsolute(rel) ? file : rel).split(path.sep).join("/");
}
