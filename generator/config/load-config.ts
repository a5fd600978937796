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
  const value = await readConfigValue(file, shown, options.reload);
  return { file, apis: parseConfig(value, shown, path.dirname(file)) };
}

async function readConfigValue(file: string, shown: string, reload: number | undefined): Promise<unknown> {
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
  let exported: unknown;
  try {
    exported = ext === ".ts" || ext === ".mts" || ext === ".cts" ? await importTypeScript(file, reload) : await importDefault(file, reload);
  } catch (err) {
    throw new ConfigError(`${shown} failed to load: ${reason(err).split("\n")[0]}`);
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
    // Required, not imported: jiti is CommonJS, and importing it from ESM first runs Node's CommonJS
    // export scanner over its 190 KB bundle (about 15-30 ms of every run with a TypeScript config).
    const { createJiti } = createRequire(import.meta.url)("jiti") as typeof import("jiti");
    const jiti = createJiti(pathToFileURL(file).href, { fsCache: true, moduleCache: false, alias: { opspec: OWN_ENTRY } });
    return jiti.import(file, { default: true });
  }
}

/** This toolchain's entry module, next to this folder: `index.js` when compiled, `index.ts` from source. */
const OWN_ENTRY = fileURLToPath(new URL(`../index${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url));

function parseJson(text: string, shown: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${shown}: not valid JSON: ${(err as Error).message}`);
  }
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
