/**
 * Runs the type tests in test/types/*.test-d.ts through the TypeScript compiler (they are never
 * executed). One program checks each file twice:
 *   - as written: no diagnostics at all, so every `// @ts-expect-error` is needed (TypeScript reports
 *     an unused directive as error TS2578);
 *   - with the directives neutralised (an in-memory copy): exactly the line after each directive fails,
 *     so each one stands for the error it names and no other line fails.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers/spec.ts";

const TYPES_DIR = path.join(ROOT, "test/types");
const DIRECTIVE = "// @ts-expect-error";

interface TypeTestFile {
  file: string;
  /** Same folder, so relative imports resolve the same way. */
  neutralised: string;
  neutralisedText: string;
  /** 1-based lines that must fail without their directive. */
  expectedLines: number[];
}

function typeTestFiles(): TypeTestFile[] {
  return readdirSync(TYPES_DIR)
    .filter((f) => f.endsWith(".test-d.ts"))
    .sort()
    .map((f) => {
      const file = path.join(TYPES_DIR, f);
      const lines = readFileSync(file, "utf8").split("\n");
      const expectedLines = lines.flatMap((line, i) => (line.trim().startsWith(DIRECTIVE) ? [i + 2] : []));
      const neutralisedText = lines.map((line) => line.replace(DIRECTIVE, "// expected error:")).join("\n");
      return { file, neutralised: file.replace(/\.test-d\.ts$/, ".neutralised.test-d.ts"), neutralisedText, expectedLines };
    });
}

function compilerOptions(): ts.CompilerOptions {
  const configFile = path.join(ROOT, "tsconfig.json");
  const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, "\n"));
  return { ...ts.parseJsonConfigFileContent(config, ts.sys, ROOT).options, noEmit: true };
}

function describeDiagnostic(d: ts.Diagnostic): string {
  const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
  return `${d.file ? path.relative(ROOT, d.file.fileName) : ""}${where ? `:${where.line + 1}:${where.character + 1}` : ""} TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
}

// Type-checking the generated client and schemas takes seconds, more on a busy machine.
describe("type tests (test/types/*.test-d.ts)", { timeout: 300_000 }, () => {
  const files = typeTestFiles();
  const options = compilerOptions();
  const virtual = new Map(files.map((f) => [f.neutralised, f.neutralisedText]));
  const host = ts.createCompilerHost(options, true);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (name) => virtual.has(name) || fileExists.call(host, name);
  host.readFile = (name) => virtual.get(name) ?? readFile.call(host, name);
  host.getSourceFile = (name, languageVersion, ...rest) => {
    const text = virtual.get(name);
    return text !== undefined ? ts.createSourceFile(name, text, languageVersion, true) : getSourceFile.call(host, name, languageVersion, ...rest);
  };
  let program: ts.Program | undefined;
  const check = (): ts.Program => (program ??= ts.createProgram({ rootNames: files.flatMap((f) => [f.file, f.neutralised]), options, host }));

  it("finds type test files with expected errors", () => {
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(f.expectedLines.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [path.basename(f.file), f] as const))("%s compiles, and every @ts-expect-error is needed", (_name, f) => {
    const p = check();
    const diagnostics = [...p.getOptionsDiagnostics(), ...p.getGlobalDiagnostics(), ...ts.getPreEmitDiagnostics(p, p.getSourceFile(f.file))];
    expect(diagnostics.map(describeDiagnostic)).toEqual([]);
  });

  it.each(files.map((f) => [path.basename(f.file), f] as const))("%s: without the directives, exactly their lines fail", (_name, f) => {
    const p = check();
    const source = p.getSourceFile(f.neutralised)!;
    const failing = ts
      .getPreEmitDiagnostics(p, source)
      .map((d) => source.getLineAndCharacterOfPosition(d.start ?? 0).line + 1);
    expect([...new Set(failing)].sort((a, b) => a - b)).toEqual(f.expectedLines);
  });
});
