/**
 * The fast reader skips work on most texts (load/fast-parse.ts): it turns plain words away before
 * the core schema's patterns run, notices non-finite numbers as they are built rather than by walking
 * the data, and walks the data for `__proto__` keys and aliases only when the text may hold them. These
 * tests fail if a skip lets through what the positioned reader must see.
 */
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { fastValue } from "../generator/load/fast-parse.ts";

function yamlValue(text: string): unknown {
  return parseDocument(text, { uniqueKeys: false }).toJS({ maxAliasCount: 100 });
}

describe("the fast reader's shortcuts", () => {
  it.each([
    ["a nested .inf", "a:\n  b: { c: [1, .inf] }\n"],
    ["a nested -.Inf", "a:\n  - x: -.Inf\n"],
    ["a .nan in a list", "a: [.nan]\n"],
    ["a float too large", "a: { b: 1e400 }\n"],
    ["an integer too large", `a: [${"9".repeat(400)}]\n`],
    ["a hexadecimal integer too large", `a: 0x${"f".repeat(300)}\n`],
    ["a __proto__ key deep inside", "a:\n  b:\n    __proto__: { polluted: true }\n"],
    ["a quoted __proto__ key", "a: { '__proto__': 1 }\n"],
    ["an explicit __proto__ key", "? __proto__\n: 1\n"],
    ["a __proto__ key spelled with escapes", 'a: { "\\x5f\\x5fproto\\x5f\\x5f": 1 }\n'],
    ["a __proto__ key with a unicode escape", '"\\u005F_proto__": 1\n'],
    ["an alias deep inside", "a: { b: &x [1] }\nc: [*x]\n"],
  ])("declines %s", (_what, text) => {
    expect(fastValue(text)).toBeUndefined();
  });

  it("resolves every case spelling of true, false and null, and their near misses, as yaml does", () => {
    const spellings = (word: string): string[] =>
      [...word].reduce<string[]>((all, c) => all.flatMap((start) => [start + c.toLowerCase(), start + c.toUpperCase()]), [""]);
    const words = ["true", "false", "null", "~", "", "tru", "truee", "fals", "falsee", "nul", "nulll", "xrue", "xalse", "~~", "n", "N"];
    for (const scalar of words.flatMap(spellings)) {
      const text = `key: ${scalar}\nlist: [${scalar}]\n`;
      const fast = fastValue(text);
      expect(fast, text).toBeDefined();
      expect(fast!.value, text).toStrictEqual(yamlValue(text));
    }
  });

  it("starts each read afresh: a declined non-finite number does not decline the next text", () => {
    expect(fastValue("a: .inf\n")).toBeUndefined();
    expect(fastValue("a: 1\n")).toEqual({ value: { a: 1 } });
  });

  it.each([
    "name: string\ntrue: True\nnothing: ~\nint: -12\nfloat: .5e1\nhex: 0x1F\noct: 0o17\nword: nulls\nfive: FALSE\nsix: falsey\n",
    "list: [+12, -0, 007, 1_000, 0b1, 5., ., +, 1e3, Null, NULL, nULL, tRUE, '', \"\"]\n",
    "escaped: \"a \\\\ b \\u00e9\"\nkey: { nested: [1, 2.5, ~] }\n",
    "a: { __proto_: 1, proto__: 2 }\n",
  ])("reads %j exactly as yaml does", (text) => {
    const fast = fastValue(text);
    expect(fast).toBeDefined();
    expect(fast!.value).toStrictEqual(yamlValue(text));
  });
});
