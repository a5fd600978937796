/**
 * Printing diagnostics for people: `file:line:col severity code message` and a code frame.
 *
 * Spec text reaches the terminal through here, so every control character in it (ESC above all, which
 * could recolour, retitle or clear the terminal) is shown escaped, as `\x1b`. Printing is linear: each
 * file's text is split into lines once per batch, and at most `limit` diagnostics are printed in full.
 */
import type { Diagnostic } from "./catalog.ts";
import { terminalText } from "../escape/index.ts";

/** How many diagnostics a run prints before summing up the rest in one line. */
export const PRINT_LIMIT = 100;

export interface PrintOptions {
  color?: boolean;
  /** Print at most this many diagnostics, then one line counting the rest (default 100). */
  limit?: number;
  /** How a source text is split into lines (tests count calls to it). */
  splitLines?: (text: string) => string[];
}

/**
 * Every diagnostic (up to `limit`) with its code frame, separated by blank lines, then a count of the rest:
 * `… and 9,900 more diagnostics (9,899 errors, 1 warning)`. Ends with a newline unless empty.
 */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>, options: PrintOptions = {}): string {
  const { color = false, limit = PRINT_LIMIT, splitLines: split = splitLines } = options;
  const linesOf = new Map<string, string[]>();
  const lines = (file: string): string[] | undefined => {
    let cached = linesOf.get(file);
    if (cached === undefined) {
      const text = sources.get(file);
      if (text === undefined) return undefined;
      cached = split(text);
      linesOf.set(file, cached);
    }
    return cached;
  };
  const shown = diagnostics.slice(0, Math.max(0, limit));
  let out = shown.map((d) => `${formatDiagnostic(d, lines(d.file), color)}\n\n`).join("");
  const rest = diagnostics.slice(shown.length);
  if (rest.length > 0) out += `${moreLine(rest)}\n`;
  return out;
}

/** `… and 9,900 more diagnostics (9,899 errors, 1 warning)`. */
export function moreLine(rest: readonly Diagnostic[]): string {
  const errors = rest.filter((d) => d.severity === "error").length;
  const warnings = rest.length - errors;
  const parts = [errors ? count(errors, "error") : "", warnings ? count(warnings, "warning") : ""].filter(Boolean);
  return `… and ${count(rest.length, "more diagnostic", "more diagnostics")} (${parts.join(", ")})`;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

/**
 * `spec/admins.yaml:12:7 error unknown-key …` followed by a code frame of the source. `source` is the file's
 * text, or its lines already split (what `formatDiagnostics` passes, so a file is split once).
 */
export function formatDiagnostic(d: Diagnostic, source?: string | readonly string[], color = false): string {
  const head = `${terminalText(d.file)}:${d.line}:${d.col} ${d.severity} ${d.code} ${terminalText(d.message)}`;
  if (source === undefined) return head;
  const lines = typeof source === "string" ? splitLines(source) : source;
  const frame = codeFrame(lines, d.line, d.col, d.length ?? 1, color);
  return frame ? `${head}\n${frame}` : head;
}

/** Lines as yaml counts them: split at `\n`, with a `\r` before it dropped. */
export function splitLines(text: string): string[] {
  return text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
}

/**
 * The frame @babel/code-frame used to print, built from the nearby lines only:
 *
 *     11 |   - name: get
 *   > 12 |     descripton: typo
 *        |     ^^^^^^^^^^
 *     13 |     summary: …
 */
export function codeFrame(lines: readonly string[], line: number, col: number, length: number, color = false): string {
  // A stand-in for an unreadable file has no text: nothing to show.
  if (lines.length === 0 || (lines.length === 1 && lines[0] === "")) return "";
  const last = Math.min(lines.length, line + 1);
  const first = Math.max(1, Math.min(line - 1, last));
  const width = String(last).length;
  // Long lines (minified or generated YAML) show a window around the column, so output stays bounded.
  const from = Math.max(0, col - 1 - FRAME_LEAD);
  const window = (raw: string) =>
    raw.length <= FRAME_WIDTH && from === 0 ? raw : `${from > 0 ? "…" : ""}${raw.slice(from, from + FRAME_WIDTH)}${raw.length > from + FRAME_WIDTH ? "…" : ""}`;
  const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const text = terminalText(window(lines[n - 1]!), { keepTab: true });
    const gutter = ` ${String(n).padStart(width)} |`;
    const body = text.length > 0 ? ` ${text}` : "";
    if (n !== line) {
      out.push(` ${paint("90", gutter)}${body}`);
      continue;
    }
    out.push(`${paint("31;1", ">")}${paint("90", gutter)}${body}`);
    const raw = lines[n - 1]!;
    const start = Math.max(from, col - 1);
    const end = Math.min(start + Math.max(1, length), from + FRAME_WIDTH);
    const before = `${from > 0 ? " " : ""}${terminalText(raw.slice(from, start), { keepTab: true }).replace(/[^\t]/g, " ")}`;
    const span = terminalText(raw.slice(start, end), { keepTab: true }).length;
    out.push(` ${paint("90", gutter.replace(/\d/g, " "))} ${before}${paint("31;1", "^".repeat(Math.max(1, span)))}`);
  }
  return out.join("\n");
}

/** Characters of a long line shown before the marked column, and in all. */
const FRAME_LEAD = 60;
const FRAME_WIDTH = 160;

