/**
 * Hand-written TypeScript that an emitter copies into generated/ (the client's HTTP runtime, the MCP
 * server). Emitters are pure functions of the ApiModel and never touch the disk, so these texts are
 * read once, when the registered emitter is created, and handed to the pure emit function; tests pass
 * their own texts instead.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export interface SourceAsset {
  /** File name inside its folder: `runtime.ts`. */
  file: string;
  contents: string;
}

/** Every `.ts` module of a folder (tests and declaration files excluded), sorted by name so output is deterministic. */
export function readSourceAssets(dir: string): SourceAsset[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith(".ts") && !/\.(test|spec)\.ts$/.test(file) && !file.endsWith(".d.ts"))
    .sort()
    .map((file) => ({ file, contents: readFileSync(path.join(dir, file), "utf8") }));
}
