/**
 * The dependency ranges a generated package declares are the toolchain's own: the generated code was
 * written for (and is tested with) the zod, MCP SDK and TypeScript versions the toolchain's package.json
 * names. Read once, when the registered emitter is created, like the copied sources.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { PACKAGE_ROOT } from "../source-assets.ts";
import type { DependencyRanges } from "./contents.ts";

export function readDependencyRanges(packageJson = path.join(PACKAGE_ROOT, "package.json")): DependencyRanges {
  const pkg = JSON.parse(readFileSync(packageJson, "utf8")) as Record<string, Record<string, string> | undefined>;
  const range = (name: string): string => {
    const found = pkg.dependencies?.[name] ?? pkg.devDependencies?.[name] ?? pkg.peerDependencies?.[name];
    if (found === undefined) throw new Error(`package emitter: ${packageJson} names no version of ${name}`);
    return found;
  };
  return { zod: range("zod"), mcpSdk: range("@modelcontextprotocol/sdk"), typescript: range("typescript"), typesNode: range("@types/node") };
}
