/**
 * emit/ts-layout.ts lays out by index, in one pass, with jumps over comments and strings. This holds
 * it to the rules written the plain way (a line at a time: split, trim, scan every character, join),
 * on random texts made of the characters the rules care about, and on every UTF-16 code unit as the
 * whitespace around a line (the scan trims by index, so it must trim what `String.prototype.trim` does).
 */
import { describe, expect, it } from "vitest";
import { layoutTypeScript } from "../generator/emit/ts-layout.ts";

type Mode = "code" | "blockComment" | "template";

/** The layout rules, a line at a time (the implementation before the one-pass scan). */
function referenceLayout(text: string): string {
  const lines = text.split("\n");
  const stack: { char: string; level: number }[] = [];
  let mode: Mode = "code";
  const modes: Mode[] = [];
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n]!;
    const startMode = mode;
    let level = 0;
    if (startMode !== "template") {
      const trimmed = raw.trim();
      if (trimmed === "") lines[n] = "";
      else {
        const top = stack[stack.length - 1];
        if (startMode === "blockComment") level = top ? top.level + 1 : 0;
        else if (top && ")]}".includes(trimmed[0]!)) level = top.level;
        else level = top ? top.level + 1 : 0;
        const continuation = startMode === "blockComment" && trimmed[0] === "*";
        if (startMode === "blockComment" && !continuation) lines[n] = raw.trimEnd();
        else lines[n] = "  ".repeat(level) + (continuation ? " " : "") + trimmed;
      }
    }
    let quote = "";
    for (let i = 0; i < raw.length; i++) {
      const c = raw[i]!;
      if (mode === "blockComment") {
        if (c === "*" && raw[i + 1] === "/") {
          mode = modes.pop() ?? "code";
          i++;
        }
      } else if (mode === "template") {
        if (c === "\\") i++;
        else if (c === "`") mode = modes.pop() ?? "code";
        else if (c === "$" && raw[i + 1] === "{") {
          modes.push("template");
          mode = "code";
          stack.push({ char: "${", level });
          i++;
        }
      } else if (quote !== "") {
        if (c === "\\") i++;
        else if (c === quote) quote = "";
      } else if (c === '"' || c === "'") quote = c;
      else if (c === "`") {
        modes.push(mode);
        mode = "template";
      } else if (c === "/" && raw[i + 1] === "/") i = raw.length;
      else if (c === "/" && raw[i + 1] === "*") {
        modes.push(mode);
        mode = "blockComment";
        i++;
      } else if ("([{".includes(c)) stack.push({ char: c, level });
      else if (")]}".includes(c) && stack.pop()?.char === "${") mode = modes.pop() ?? "code";
    }
  }
  return lines.join("\n");
}

/** A small deterministic generator (the test must fail the same way twice). */
function random(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

const PIECES = ["{", "}", "(", ")", "[", "]", "`", "${", "'", '"', "\\", "/", "*", "/*", "*/", "//", "\n", "\n", "\n", " ", "  ", "\t", "\r", "\u2028", "\u00a0", "\ufeff", "\u200b", "a", "b;", "x,"];

describe("layoutTypeScript, the one-pass scan", () => {
  it("agrees with the line-at-a-time rules on random texts", () => {
    const next = random(14);
    for (let k = 0; k < 20_000; k++) {
      let text = "";
      const length = Math.floor(next() * 48);
      for (let j = 0; j < length; j++) text += PIECES[Math.floor(next() * PIECES.length)];
      expect(layoutTypeScript(text), JSON.stringify(text)).toBe(referenceLayout(text));
    }
  });

  it("trims exactly what String.prototype.trim trims", () => {
    for (let code = 0; code < 0x10000; code++) {
      const c = String.fromCharCode(code);
      const text = `{\n${c}a${c}\n/*\n${c}* b${c}\n${c}c${c}\n*/\n}`;
      expect(layoutTypeScript(text), code.toString(16)).toBe(referenceLayout(text));
    }
  });

  it("finds a string's end past escaped quotes and backslashes, and stops at the line's end", () => {
    const text = ['f("a \\" (", \'b \\\\\', (', '"open (', "g(", "x,", ")", ")"].join("\n");
    expect(layoutTypeScript(text)).toBe(referenceLayout(text));
  });
});
