/**
 * tsCommentLines (escape/index.ts): the text of a JSDoc or `//` comment. Nothing from a spec may end
 * the comment or start a line outside it, whether or not the text takes the fast path (a text with
 * nothing to rewrite is only split into lines).
 */
import { describe, expect, it } from "vitest";
import { jsdoc, tsCommentLines } from "../generator/escape/index.ts";

describe("tsCommentLines", () => {
  it("splits a text with nothing to rewrite into its lines, trailing spaces trimmed", () => {
    expect(tsCommentLines("Fetches one admin.")).toEqual(["Fetches one admin."]);
    expect(tsCommentLines("First line.  \n\nThird, `code` and é → 😀\t")).toEqual(["First line.", "", "Third, `code` and é → 😀"]);
  });

  it("breaks every comment end, and turns every line break into a newline", () => {
    expect(tsCommentLines("a */ b")).toEqual(["a *\\/ b"]);
    expect(tsCommentLines("a\r\nb")).toEqual(["a", "b"]);
    expect(tsCommentLines("a\u2028b\u2029c")).toEqual(["a", "b", "c"]);
  });

  it("drops control characters, a lone CR among them", () => {
    expect(tsCommentLines("a\u0000b\u001bc\u007fd\u009fe")).toEqual(["abcde"]);
    expect(tsCommentLines("a\rb")).toEqual(["ab"]);
  });

  it("makes a JSDoc block that nothing in the text can end early", () => {
    const block = jsdoc("x */ globalThis.pwned = 1; /*\u2028y");
    expect(block.match(/\*\//g)).toHaveLength(1);
    expect(block.endsWith(" */\n")).toBe(true);
    expect(block.split("\n").slice(1, -2).every((line) => line.startsWith(" *"))).toBe(true);
  });
});
