/**
 * The OpenAPI YAML printer remembers scalar and key texts across documents (emit/openapi/yaml.ts, for
 * watch mode). What it remembers must never leak a text into a document where js-yaml would write
 * another: texts printed by an earlier document at another depth; and 0 and -0, one key for a Map and
 * both written `0` (as JSON writes them) whichever comes first.
 */
import { dump } from "js-yaml";
import { describe, expect, it } from "vitest";
import { dumpJsonYaml } from "../generator/emit/openapi/yaml.ts";

const jsYaml = (value: unknown) => dump(value, { noRefs: true, lineWidth: -1 });

describe("dumpJsonYaml across documents", () => {
  it("writes 0 and -0 as JSON does (both 0), in either order and in later documents", () => {
    for (const value of [{ a: 0, b: -0, c: [-0, 0] }, { b: -0, a: 0 }, [0, -0], -0, 0]) expect(dumpJsonYaml(value)).toBe(jsYaml(JSON.parse(JSON.stringify(value))));
    expect(dumpJsonYaml({ b: -0, a: 0 })).toBe("b: 0\na: 0\n");
  });

  it("indents a remembered block scalar for the depth it is written at", () => {
    const text = "line one\nline two\n";
    for (const value of [text, { a: text }, { a: { b: [text] } }, [{ c: text }]]) expect(dumpJsonYaml(value)).toBe(jsYaml(value));
  });
});
