import { describe, expect, it } from "vitest";
import { parseTypeNotation } from "../generator/check/type-notation.ts";

const parse = (text: string) => {
  const r = parseTypeNotation(text);
  return r.ok ? r.type : { error: r.code };
};

describe("type notation", () => {
  it("reads primitives, named types and lists", () => {
    expect(parse("string")).toEqual({ kind: "primitive", name: "string" });
    expect(parse("Admin")).toEqual({ kind: "named", name: "Admin" });
    expect(parse("number[]")).toEqual({ kind: "array", items: { kind: "primitive", name: "number" } });
    expect(parse("Admin[][]")).toEqual({ kind: "array", items: { kind: "array", items: { kind: "named", name: "Admin" } } });
  });

  it("reads enums of words, including upper-case literals; a lone word is not a type", () => {
    expect(parse("draft | published")).toEqual({ kind: "enum", values: ["draft", "published"] });
    expect(parse("close")).toEqual({ error: "lone-word" });
    expect(parse("strnig")).toEqual({ error: "lone-word" });
    expect(parse("AND | OR")).toEqual({ kind: "enum", values: ["AND", "OR"] });
    expect(parse("(a | b)[]")).toEqual({ kind: "array", items: { kind: "enum", values: ["a", "b"] } });
  });

  it("binds | looser than []: a union whose members may be lists", () => {
    expect(parse("string | number[]")).toEqual({
      kind: "union",
      members: [{ kind: "primitive", name: "string" }, { kind: "array", items: { kind: "primitive", name: "number" } }],
    });
  });

  it("reads `| null` as a nullable member, for types and enums", () => {
    expect(parse("string | null")).toEqual({ kind: "union", members: [{ kind: "primitive", name: "string" }, { kind: "primitive", name: "null" }] });
    expect(parse("a | b | null")).toEqual({ kind: "union", members: [{ kind: "enum", values: ["a", "b"] }, { kind: "primitive", name: "null" }] });
  });

  it("gives deep or unbalanced nesting a diagnostic, never a stack overflow", () => {
    expect(parse(`${"(".repeat(10_000)}string${")".repeat(10_000)}`)).toEqual({ error: "malformed-type" });
    expect(parse(`${"(".repeat(10_000)}string`)).toEqual({ error: "malformed-type" });
    expect(parse("string[")).toEqual({ error: "malformed-type" });
  });

  it("rejects malformed enums and types", () => {
    expect(parse("a | | b")).toEqual({ error: "malformed-enum" });
    expect(parse("a | a")).toEqual({ error: "malformed-enum" });
    expect(parse("string | draft")).toEqual({ error: "malformed-enum" });
    expect(parse("(a | b")).toEqual({ error: "malformed-type" });
    expect(parse("what?")).toEqual({ error: "malformed-type" });
  });
});
