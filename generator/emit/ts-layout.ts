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

const OPENERS = "([{";
const CLOSERS = ")]}";

interface OpenBracket {
  /** `(`, `[`, `{`, or `${` inside a template literal. */
  char: string;
  /** Indentation level of the line that opened it. */
  level: number;
}

type Mode = "code" | "blockComment" | "template";

export function layoutTypeScript(text: string): string {
  const out: string[] = [];
  const stack: OpenBracket[] = [];
  /** Template literals open at the same time, innermost last (a `${…}` may hold another one). */
  let mode: Mode = "code";
  const modes: Mode[] = [];
  for (const rawLine of text.split("\n")) {
    const startMode = mode;
    const trimmed = rawLine.trim();
    let level = 0;
    if (startMode === "template") {
      out.push(rawLine);
    } else if (trimmed === "") {
      out.push("");
    } else {
      const top = stack[stack.length - 1];
      if (startMode === "blockComment") level = top ? top.level + 1 : 0;
      else if (CLOSERS.includes(trimmed[0]!) && top) level = top.level;
      else level = top ? top.level + 1 : 0;
      const continuation = startMode === "blockComment" && trimmed.startsWith("*");
      if (startMode === "blockComment" && !continuation) out.push(rawLine.trimEnd());
      else out.push(`${"  ".repeat(level)}${continuation ? " " : ""}${trimmed}`);
    }
    // Scan the line: brackets, strings, comments, template literals.
    let quote: string | undefined;
    for (let i = 0; i < rawLine.length; i++) {
      const c = rawLine[i]!;
      if (mode === "blockComment") {
        if (c === "*" && rawLine[i + 1] === "/") {
          mode = modes.pop() ?? "code";
          i++;
        }
        continue;
      }
      if (mode === "template") {
        if (c === "\\") i++;
        else if (c === "`") mode = modes.pop() ?? "code";
        else if (c === "$" && rawLine[i + 1] === "{") {
          modes.push("template");
          mode = "code";
          stack.push({ char: "${", level });
          i++;
        }
        continue;
      }
      if (quote) {
        if (c === "\\") i++;
        else if (c === quote) quote = undefined;
        continue;
      }
      if (c === '"' || c === "'") quote = c;
      else if (c === "`") {
        modes.push(mode);
        mode = "template";
      } else if (c === "/" && rawLine[i + 1] === "/") break;
      else if (c === "/" && rawLine[i + 1] === "*") {
        modes.push(mode);
        mode = "blockComment";
        i++;
      } else if (OPENERS.includes(c)) stack.push({ char: c, level });
      else if (CLOSERS.includes(c)) {
        const open = stack.pop();
        if (open?.char === "${") mode = modes.pop() ?? "code";
      }
    }
  }
  return out.join("\n");
}
