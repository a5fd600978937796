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

/** What the scan is reading: code, a block comment, or the text of a template literal. */
const enum Mode {
  Code,
  BlockComment,
  Template,
}

/** Indentation strings by level, made once. */
const INDENTS: string[] = [""];
function indent(level: number): string {
  while (INDENTS.length <= level) INDENTS.push(`${INDENTS[INDENTS.length - 1]}  `);
  return INDENTS[level]!;
}

/** The characters code mode acts on (quotes, backtick, slash, brackets); everything else is skipped at a glance. */
const CODE_CHARS = new Uint8Array(128);
for (const c of `"'\`/()[]{}`) CODE_CHARS[c.charCodeAt(0)] = 1;

const isCloser = (code: number) => code === Ch.CloseParen || code === Ch.CloseBracket || code === Ch.CloseBrace;

/**
 * Whether `String.prototype.trim` removes this code unit (WhiteSpace and LineTerminator): the layout
 * trims lines by index rather than with `trim()`, so it must agree with it exactly.
 */
function isTrimmed(code: number): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * One pass over the text: each line's bounds are found by index and its laid-out text appended to the
 * result as a slice of the input (no array of lines, no trimmed copies, no join), and comments and
 * strings are crossed with `indexOf` rather than a character at a time. On the TypeScript of a
 * 10,000-operation spec (53 MB) that is about 0.35 s where splitting into lines took 1.1 s.
 * test/layout-scan.test.ts holds it to the rules written a line at a time.
 */
export function layoutTypeScript(text: string): string {
  /** The brackets still open, innermost last: what opened them (`Ch.Dollar` for a template's `${`), and the level of the line that did. */
  const openChars: number[] = [];
  const openLevels: number[] = [];
  let mode = Mode.Code;
  /** The modes to return to: template literals open at the same time, innermost last (a `${…}` may hold another one). */
  const modes: Mode[] = [];
  let out = "";
  let lineStart = 0;
  /** The next `*\/` at or after the scan, once a block comment has looked for it (`text.length`: none). */
  let commentEnd = -1;
  /** The next backslash at or after the scan, once a string has looked for it (`text.length`: none). */
  let backslash = -1;
  for (;;) {
    const newline = text.indexOf("\n", lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    let level = 0;
    let scanFrom = lineStart;
    if (mode === Mode.Template) out += text.slice(lineStart, lineEnd);
    else {
      let first = lineStart;
      while (first < lineEnd && isTrimmed(text.charCodeAt(first))) first++;
      // A blank line stays, empty; it has nothing to scan either.
      if (first < lineEnd) {
        let end = lineEnd;
        while (isTrimmed(text.charCodeAt(end - 1))) end--;
        const open = openLevels.length;
        const firstCode = text.charCodeAt(first);
        if (open === 0) level = 0;
        else if (mode !== Mode.BlockComment && isCloser(firstCode)) level = openLevels[open - 1]!;
        else level = openLevels[open - 1]! + 1;
        if (mode !== Mode.BlockComment) out += indent(level) + text.slice(first, end);
        else if (firstCode === Ch.Star) out += `${indent(level)} ${text.slice(first, end)}`;
        else out += text.slice(lineStart, end);
        scanFrom = first;
      } else scanFrom = lineEnd;
    }
    // Scan the line: brackets, strings, comments, template literals.
    let quote = 0;
    for (let i = scanFrom; i < lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (mode === Mode.BlockComment) {
        // Where the comment ends, found once per comment (not once per line of it).
        if (commentEnd < i) {
          commentEnd = text.indexOf("*/", i);
          if (commentEnd === -1) commentEnd = text.length;
        }
        if (commentEnd >= lineEnd) break;
        mode = modes.pop() ?? Mode.Code;
        i = commentEnd + 1;
        continue;
      }
      if (mode === Mode.Template) {
        if (c === Ch.Backslash) i++;
        else if (c === Ch.Backtick) mode = modes.pop() ?? Mode.Code;
        else if (c === Ch.Dollar && text.charCodeAt(i + 1) === Ch.OpenBrace) {
          modes.push(Mode.Template);
          mode = Mode.Code;
          openChars.push(Ch.Dollar);
          openLevels.push(level);
          i++;
        }
        continue;
      }
      if (quote !== 0) {
        // Jump to the string's closing quote unless a backslash comes first (most strings have none).
        if (backslash < i) {
          backslash = text.indexOf("\\", i);
          if (backslash === -1) backslash = text.length;
        }
        const close = text.indexOf(quote === Ch.DoubleQuote ? '"' : "'", i);
        if (close !== -1 && close < backslash) {
          if (close >= lineEnd) break;
          quote = 0;
          i = close;
        } else if (backslash >= lineEnd) break;
        else i = backslash + 1;
        continue;
      }
      if (c >= CODE_CHARS.length || CODE_CHARS[c] === 0) continue;
      switch (c) {
        case Ch.DoubleQuote:
        case Ch.SingleQuote:
          quote = c;
          break;
        case Ch.Backtick:
          modes.push(mode);
          mode = Mode.Template;
          break;
        case Ch.Slash: {
          const next = text.charCodeAt(i + 1);
          if (next === Ch.Slash) i = lineEnd;
          else if (next === Ch.Star) {
            modes.push(mode);
            mode = Mode.BlockComment;
            i++;
          }
          break;
        }
        case Ch.OpenParen:
        case Ch.OpenBracket:
        case Ch.OpenBrace:
          openChars.push(c);
          openLevels.push(level);
          break;
        case Ch.CloseParen:
        case Ch.CloseBracket:
        case Ch.CloseBrace:
          openLevels.pop();
          if (openChars.pop() === Ch.Dollar) mode = modes.pop() ?? Mode.Code;
          break;
      }
    }
    if (newline === -1) return out;
    out += "\n";
    lineStart = newline + 1;
  }
}
