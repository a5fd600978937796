/**
 * Load: read every YAML file of the spec folder into documents that keep source positions.
 * Nothing here judges the content; syntax problems become diagnostics.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { LineCounter, parseDocument, isMap, isPair, isScalar, isSeq, type Document, type Node } from "yaml";
import { diagnostic, type Diagnostic } from "../diagnostics/catalog.ts";

export interface SpecSource {
  /** Relative to the project root, forward slashes: `spec/admins.yaml`. */
  file: string;
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

export interface LoadedSpec {
  sources: SpecSource[];
  diagnostics: Diagnostic[];
}

/** Reads `*.yaml` / `*.yml` in `specDir` (sorted by name). `displayDir` is how paths are shown (`spec`). */
export async function loadSpec(specDir: string, displayDir = path.basename(specDir)): Promise<LoadedSpec> {
  const names = (await readdir(specDir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  const files = await Promise.all(
    names.map(async (name) => ({ file: `${displayDir}/${name}`, text: await readFile(path.join(specDir, name), "utf8") })),
  );
  return parseSpecTexts(files);
}

/** Parses already-read texts; used by `loadSpec`, watch mode and tests. */
export function parseSpecTexts(files: readonly { file: string; text: string }[]): LoadedSpec {
  const sources: SpecSource[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const { file, text } of files) {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    // After the first syntax error the parser's further complaints are mostly echoes of it.
    const firstSyntax = doc.errors.find((e) => e.code !== "DUPLICATE_KEY");
    for (const err of doc.errors.filter((e) => e.code === "DUPLICATE_KEY" || e === firstSyntax)) {
      const pos = lineCounter.linePos(err.pos[0]);
      const code = err.code === "DUPLICATE_KEY" ? "duplicate-key" : "yaml-syntax";
      const message = err.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
      diagnostics.push(diagnostic(code, message, { file, line: pos.line, col: pos.col, length: Math.max(1, err.pos[1] - err.pos[0]) }));
    }
    sources.push({ file, text, doc, lineCounter });
  }
  return { sources, diagnostics };
}

export type PathSegment = string | number;

/**
 * The source position of the value at `at` (or of its key when `key` is set), falling back to the
 * nearest ancestor that exists. Used to point every diagnostic at the exact spot.
 */
export function locate(
  source: SpecSource,
  at: readonly PathSegment[],
  options: { key?: boolean } = {},
): { file: string; line: number; col: number; length?: number } {
  let node: unknown = source.doc.contents;
  let best: Node | null = (node as Node | null) ?? null;
  for (let i = 0; i < at.length; i++) {
    const seg = at[i]!;
    const last = i === at.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      if (last && options.key && isScalar(pair.key)) {
        best = pair.key;
        break;
      }
      node = pair.value;
      if (node && (node as Node).range) best = node as Node;
      else if (isScalar(pair.key)) best = pair.key;
    } else if (isSeq(node) && typeof seg === "number") {
      node = node.items[seg];
      if (!node) break;
      best = node as Node;
    } else break;
  }
  const offset = best?.range?.[0] ?? 0;
  const end = best?.range?.[1] ?? offset + 1;
  const pos = source.lineCounter.linePos(offset);
  const endPos = source.lineCounter.linePos(end);
  const length = endPos.line === pos.line ? Math.max(1, endPos.col - pos.col) : 1;
  return { file: source.file, line: pos.line, col: pos.col, length };
}
