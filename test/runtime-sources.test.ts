/**
 * The hand-written sources the emitters copy into every output as written (the client's runtime, the
 * MCP server) import each other with `.js` specifiers, as the rest of the generated code does: a
 * consumer compiling with `moduleResolution: NodeNext`, or loading the emitted JavaScript, resolves
 * nothing else, and a `.d.ts` keeps its specifiers as written. Nothing rewrites them on the way out.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { readRuntimeSources } from "../generator/emit/client/runtime-sources.ts";
import { emitClient } from "../generator/emit/client/index.ts";
import { loadModel } from "./helpers/spec.ts";

const ROOT = path.resolve(import.meta.dirname, "..");

/** Every module specifier a TypeScript text imports or re-exports (static and dynamic), as the compiler reads them. */
function specifiers(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

describe("copied sources", () => {
  for (const folder of ["generator/runtime", "generator/mcp"]) {
    it(`${folder}: every relative import names a .js module that exists beside it as .ts`, () => {
      const files = readdirSync(path.join(ROOT, folder)).filter((f) => f.endsWith(".ts"));
      expect(files.length).toBeGreaterThan(2);
      const relative: string[] = [];
      for (const file of files) {
        for (const specifier of specifiers(readFileSync(path.join(ROOT, folder, file), "utf8"))) {
          if (!specifier.startsWith(".")) continue;
          relative.push(`${file}: ${specifier}`);
          expect(specifier, `${folder}/${file}`).toMatch(/^\.\/[\w-]+\.js$/);
          const target = path.join(ROOT, folder, specifier.replace(/\.js$/, ".ts"));
          expect(files, `${folder}/${file} imports ${specifier}`).toContain(path.basename(target));
        }
      }
      expect(relative.length).toBeGreaterThan(files.length);
    });
  }

  it("the client emitter copies the runtime byte for byte", async () => {
    const runtime = readRuntimeSources();
    const model = await loadModel();
    const copies = emitClient(model, runtime).filter((f) => f.path.startsWith("client/runtime/"));
    expect(copies.map((f) => f.path)).toEqual(runtime.map((s) => `client/runtime/${s.file}`));
    for (const [i, copy] of copies.entries()) expect(copy.contents).toBe(runtime[i]!.contents);
  });
});
