/**
 * Hand-written TypeScript that an emitter copies into generated/ (the client's HTTP runtime, the MCP
 * server). Emitters are pure functions of the ApiModel and never touch the disk, so these texts are
 * read once, when the registered emitter is created, and handed to the pure emit function; tests pass
 * their own texts instead.
 *
 * The assets are TypeScript sources and stay so in the published toolchain: the package ships
 * generator/runtime/*.ts and generator/mcp/*.ts beside the compiled dist/. Code that runs from dist/
 * still names an asset folder relative to itself (`new URL("../../runtime/", import.meta.url)` is
 * dist/runtime/, which holds no sources); `readSourceAssets` reads such a folder from generator/ under
 * the package root instead. Run from the sources (tsx), both are the same folder.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface SourceAsset {
  /** File name inside its folder: `runtime.ts`. */
  file: string;
  contents: string;
}

/** The toolchain's package root: this module is generator/emit/ in the sources and dist/emit/ compiled. */
export const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** The root of the running modules: generator/ (sources) or dist/ (compiled). */
const MODULE_ROOT = fileURLToPath(new URL("../", import.meta.url));
/** Where the TypeScript sources, assets included, are. */
const SOURCE_ROOT = path.join(PACKAGE_ROOT, "generator");

/** `dir` if it lies outside the running modules; otherwise the same folder among the TypeScript sources. */
export function sourceFolder(dir: string): string {
  const rel = path.relative(MODULE_ROOT, path.resolve(dir));
  if (rel.startsWith("..") || path.isAbsolute(rel)) return dir;
  return path.join(SOURCE_ROOT, rel);
}

/** Every `.ts` module of a folder (tests and declaration files excluded), sorted by name so output is deterministic. */
export function readSourceAssets(dir: string): SourceAsset[] {
  const folder = sourceFolder(dir);
  return readdirSync(folder)
    .filter((file) => file.endsWith(".ts") && !/\.(test|spec)\.ts$/.test(file) && !file.endsWith(".d.ts"))
    .sort()
    .map((file) => ({ file, contents: readFileSync(path.join(folder, file), "utf8") }));
}
