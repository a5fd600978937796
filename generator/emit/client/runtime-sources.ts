/**
 * The one asset the client emitter copies: the hand-written HTTP runtime in generator/runtime/.
 *
 * Emitters are pure functions of the ApiModel and never touch the disk, so the runtime's source texts
 * are read here, once, when the emitter is registered (see ../client.ts), and handed to the pure
 * `emitClient(model, runtime)`. Tests pass their own texts to `emitClient` instead.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface RuntimeSource {
  /** File name inside the runtime folder: `runtime.ts`. */
  file: string;
  contents: string;
}

/** Where the runtime lives, relative to the repository: named in each copied file's header. */
export const RUNTIME_SOURCE_DIR = "generator/runtime";

const RUNTIME_DIR = fileURLToPath(new URL("../../runtime/", import.meta.url));

/** Every `.ts` module of the runtime (tests excluded), sorted by name so the output is deterministic. */
export function readRuntimeSources(dir: string = RUNTIME_DIR): RuntimeSource[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith(".ts") && !/\.(test|spec)\.ts$/.test(file) && !file.endsWith(".d.ts"))
    .sort()
    .map((file) => ({ file, contents: readFileSync(path.join(dir, file), "utf8") }));
}
