/** The hand-written part of the MCP server: generator/mcp/*.ts, copied into generated/mcp/. */
import { fileURLToPath } from "node:url";
import { readSourceAssets, type SourceAsset } from "../source-assets.ts";

export type McpSource = SourceAsset;

/** Where the hand-written server lives, relative to the repository: named in each copied file's header. */
export const MCP_SOURCE_DIR = "generator/mcp";

const DEFAULT_DIR = fileURLToPath(new URL("../../mcp/", import.meta.url));

export function readMcpSources(dir: string = DEFAULT_DIR): McpSource[] {
  return readSourceAssets(dir);
}
