/**
 * The hand-written part of the MCP server: generator/mcp/*.ts, copied verbatim into generated/mcp/.
 *
 * Emitters never touch the disk, so the texts are read here, once, when the registered emitter is
 * created (see ../mcp.ts), and handed to the pure `emitMcp(model, sources)`; tests pass their own.
 * Same arrangement as the client emitter's runtime (client/runtime-sources.ts).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface McpSource {
  /** File name inside generator/mcp/: `main.ts`. */
  file: string;
  contents: string;
}

/** Where the hand-written server lives, relative to the repository: named in each copied file's header. */
export const MCP_SOURCE_DIR = "generator/mcp";

const DEFAULT_DIR = fileURLToPath(new URL("../../mcp/", import.meta.url));

/** Every `.ts` module (tests and declaration files excluded), sorted by name so the output is deterministic. */
export function readMcpSources(dir: string = DEFAULT_DIR): McpSource[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith(".ts") && !/\.(test|spec)\.ts$/.test(file) && !file.endsWith(".d.ts"))
    .sort()
    .map((file) => ({ file, contents: readFileSync(path.join(dir, file), "utf8") }));
}
