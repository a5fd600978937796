/** The one asset the client emitter copies: the hand-written HTTP runtime in generator/runtime/. */
import { fileURLToPath } from "node:url";
import { readSourceAssets, type SourceAsset } from "../source-assets.ts";

export type RuntimeSource = SourceAsset;

/** Where the runtime lives, relative to the repository: named in each copied file's header. */
export const RUNTIME_SOURCE_DIR = "generator/runtime";

const RUNTIME_DIR = fileURLToPath(new URL("../../runtime/", import.meta.url));

export function readRuntimeSources(dir: string = RUNTIME_DIR): RuntimeSource[] {
  return readSourceAssets(dir);
}
