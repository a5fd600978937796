/**
 * Duplicate mapping keys, found in one pass. yaml's own `uniqueKeys` check compares each key with every
 * earlier key of its mapping, which is quadratic: 10,000 keys in one mapping cost seconds.
 * Same rule as yaml's: two scalar keys are the same when their values are (`1` and `"1"` differ).
 */
import type { Document, LineCounter } from "yaml";
import { yamlLib } from "./yaml-lib.ts";
import { diagnostic, type Diagnostic } from "../diagnostics/catalog.ts";

export function duplicateKeys(file: string, doc: Document.Parsed, lineCounter: LineCounter): Diagnostic[] {
  const { isScalar, visit } = yamlLib();
  const out: Diagnostic[] = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key)) continue;
        if (!seen.has(key.value)) {
          seen.add(key.value);
          continue;
        }
        const [start, end] = key.range ?? [0, 1];
        const pos = lineCounter.linePos(start);
        const endPos = lineCounter.linePos(end);
        const length = endPos.line === pos.line ? Math.max(1, endPos.col - pos.col) : 1;
        out.push(diagnostic("duplicate-key", { key: String(isScalar(key) ? key.value : "") }, { file, line: pos.line, col: pos.col, length }));
      }
    },
  });
  return out;
}
