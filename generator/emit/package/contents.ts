/** What a generated package holds, decided by the config (every artifact by default), and the file paths it points at. */
import { CLIENT_DIR } from "../client/names.ts";
import { MCP_DIR } from "../mcp/index.ts";
import { OPENAPI_FILES } from "../openapi/index.ts";
import { SCHEMAS_DIR, SUPPORT_MODULE } from "../zod/index.ts";

export type OpenApiVersion = "3.1" | "3.0";

export interface PackageContents {
  client: boolean;
  schemas: boolean;
  mcp: boolean;
  /** The OpenAPI versions written; empty: none. */
  openapi: readonly OpenApiVersion[];
  docs: boolean;
}

export const EVERYTHING: PackageContents = { client: true, schemas: true, mcp: true, openapi: ["3.1", "3.0"], docs: true };

/** Version ranges for the generated package's dependencies: the toolchain's own (see ranges.ts). */
export interface DependencyRanges {
  zod: string;
  mcpSdk: string;
  typescript: string;
  typesNode: string;
}

export const DIST_DIR = "dist";
export const MCP_BIN = `${MCP_DIR}/bin.cjs`;
export { CLIENT_DIR, MCP_DIR, OPENAPI_FILES, SCHEMAS_DIR, SUPPORT_MODULE };

/** The folders of TypeScript the package's build compiles. */
export function typescriptFolders(contents: PackageContents): string[] {
  return [contents.client && CLIENT_DIR, contents.schemas && SCHEMAS_DIR, contents.mcp && MCP_DIR].filter((d): d is string => typeof d === "string");
}

/** The main OpenAPI document: 3.1 when written, else 3.0.3. */
export function mainOpenApiFile(contents: PackageContents): string | undefined {
  return contents.openapi.includes("3.1") ? OPENAPI_FILES.json : contents.openapi.includes("3.0") ? OPENAPI_FILES.json30 : undefined;
}
