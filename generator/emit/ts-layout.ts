/**
 * The generated TypeScript's final layout, done by the printer: two-space indentation by bracket depth.
 * Emitters write their statements with the line breaks they mean ("one entry per line") and no
 * indentation; this lays them out. It replaces a formatter pass (dprint's WebAssembly, 1.3 s of a
 * 2.4 s run of the repository's own spec and 35 s of a 10,000-operation one; BENCHMARKS.md): the layout is a
 * property of the printer, and `test/layout.test.ts` checks it, rather than a stage of every run.
 *
 * Rules, the common ones of TypeScript formatters: a line is indented one level deeper than the line
 * that opened the innermost bracket still open at its start; a line that starts by closing a bracket
 * is indented like the line that opened it; a JSDoc continuation line (`* …`) gets one more space.
 * Strings, template literals and comments are read as such, so a bracket inside them counts for
 * nothing, and a line that starts inside a template literal is kept exactly as written (its text is
 * the literal's value). Trailing whitespace is removed; blank lines are kept.
 */

/** Character codes the scan looks at. */
const enum Ch {
  DoubleQuote = 34,
  Dollar = 36,
  SingleQuote = 39,
  OpenParen = 40,
  CloseParen = 41,
  Star = 42,
  Slash = 47,
  OpenBracket = 91,
  Backslash = 92,
  CloseBracket = 93,
  Backtick = 96,
  OpenBrace = 123,
  CloseBrace = 125,
}

interface OpenBracket {
  /** `(`, `[`, `{`, or `${` inside a template literal (Ch.Dollar). */
  char: number;
  /** Indentation level of the line that opened it. */
  level: number;
}

type Mode = "code" | "blockComment" | "template";

/** Indentation strings by level, made once. */
const INDENTS: string[] = [""];
function indent(level: number): string {
  while (INDENTS.length <= level) INDENTS.push(`${INDENTS[INDENTS.length - 1]}  `);
  return INDENTS[level]!;
}

const isCloser = (code: number) => code === Ch.CloseParen || code === Ch.CloseBracket || code === Ch.CloseBrace;

export function layoutTypeScript(text: string): string {
  const lines = text.split("\n");
  const stack: OpenBracket[] = [];
  let mode: Mode = "code";
  /** The modes to return to: template literals open at the same time, innermost last (a `${…}` may hold another one). */
  const modes: Mode[] = [];
  for (let n = 0; n < lines.length; n++) {
    const rawLine = lines[n]!;
    const startMode = mode;
    let level = 0;
    if (startMode !== "template") {
      const trimmed = rawLine.trim();
      if (trimmed === "") lines[n] = "";
      else {
        const top = stack[stack.length - 1];
        if (startMode === "blockComment") level = top ? top.level + 1 : 0;
        else if (top && isCloser(trimmed.charCodeAt(0))) level = top.level;
        else level = top ? top.level + 1 : 0;
        const continuation = startMode === "blockComment" && trimmed.charCodeAt(0) === Ch.Star;
        if (startMode === "blockComment" && !continuation) lines[n] = rawLine.trimEnd();
        else lines[n] = continuation ? `${indent(level)} ${trimmed}` : indent(level) + trimmed;
      }
    }
    // Scan the line: brackets, strings, comments, template literals.
    let quote = 0;
    const length = rawLine.length;
    for (let i = 0; i < length; i++) {
      const c = rawLine.charCodeAt(i);
      if (mode === "blockComment") {
        if (c === Ch.Star && rawLine.charCodeAt(i + 1) === Ch.Slash) {
          mode = modes.pop() ?? "code";
          i++;
        }
        continue;
      }
      if (mode === "template") {
        if (c === Ch.Backslash) i++;
        else if (c === Ch.Backtick) mode = modes.pop() ?? "code";
        else if (c === Ch.Dollar && rawLine.charCodeAt(i + 1) === Ch.OpenBrace) {
          modes.push("template");
          mode = "code";
          stack.push({ char: Ch.Dollar, level });
          i++;
        }
        continue;
      }
      if (quote !== 0) {
        if (c === Ch.Backslash) i++;
        else if (c === quote) quote = 0;
        continue;
      }
      switch (c) {
        case Ch.DoubleQuote:
        case Ch.SingleQuote:
          quote = c;
          break;
        case Ch.Backtick:
          modes.push(mode);
          mode = "template";
          break;
        case Ch.Slash: {
          const next = rawLine.charCodeAt(i + 1);
          if (next === Ch.Slash) i = length;
          else if (next === Ch.Star) {
            modes.push(mode);
            mode = "blockComment";
            i++;
          }
          break;
        }
        case Ch.OpenParen:
        case Ch.OpenBracket:
        case Ch.OpenBrace:
          stack.push({ char: c, level });
          break;
        case Ch.CloseParen:
        case Ch.CloseBracket:
        case Ch.CloseBrace:
          if (stack.pop()?.char === Ch.Dollar) mode = modes.pop() ?? "code";
          break;
      }
    }
  }
  return lines.join("\n");
}
