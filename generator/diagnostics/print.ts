/**
 * Printing diagnostics for people: `file:line:col severity code message` and a code frame.
 */
import { codeFrameColumns } from "@babel/code-frame";
import type { Diagnostic } from "./catalog.ts";

/** `spec/admins.yaml:12:7 error unknown-key …` followed by a code frame of the source. */
export function formatDiagnostic(d: Diagnostic, sourceText?: string, color = false): string {
  const head = `${d.file}:${d.line}:${d.col} ${d.severity} ${d.code} ${d.message}`;
  if (sourceText === undefined) return head;
  const frame = codeFrameColumns(
    sourceText,
    { start: { line: d.line, column: d.col }, end: d.length ? { line: d.line, column: d.col + d.length } : undefined },
    { highlightCode: color, linesAbove: 1, linesBelow: 1 },
  );
  return `${head}\n${frame}`;
}
