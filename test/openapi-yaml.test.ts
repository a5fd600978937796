/**
 * The OpenAPI YAML printer (emit/openapi/yaml.ts) must write exactly what js-yaml's dump writes with
 * the emitter's options for the value as its JSON text reads back (a number JSON cannot write, -0, NaN
 * or an infinity, as JSON writes it), and what it writes must read back as that value.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { dump, load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { oneByte } from "../generator/emit/one-byte.ts";
import { dumpJsonYaml } from "../generator/emit/openapi/yaml.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const jsYaml = (value: unknown) => dump(value, { noRefs: true, lineWidth: -1 });
/** The value as its JSON text reads back. */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

/** Strings that stress scalar styles: indicators, quotes, line breaks, leading spaces, unicode, look-alikes of other types. */
const awkwardString = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.constantFrom("", " ", "\n", "\n\n", " a\n", "a\n", "a\n\n", "a\n\n\n", "\na", "  x\n y", "null", "~", "True", "yes", "off", "1e3", "0x1F", "12:30", "2024-01-01", "<<", "- a", "? b", "a: b", "a #b", "#x", "'q'", '"q"', "\t", "é", "😀", "\u2028", "\u0085", "a\r\nb", "#/components/schemas/X"),
  fc.array(fc.constantFrom("a", " ", "\n", ":", "#", "-", "'", '"', "|", ">", "\t", "é", "{", "}", "[", "]", ",", "%", "@", "`", "0", "."), { maxLength: 12 }).map((parts) => parts.join("")),
);

const jsonShaped = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    awkwardString,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(awkwardString, fc.constant("x".repeat(1100)), fc.constant("y\n".repeat(600))), tie("value"), { maxKeys: 4 }),
  ),
})).value;

function hasOnlyBreaksString(value: unknown): boolean {
  if (typeof value === "string") return /^\n+$/.test(value);
  if (value === null || typeof value !== "object") return false;
  return Object.entries(value).some(([k, v]) => hasOnlyBreaksString(k) || hasOnlyBreaksString(v));
}

describe("the OpenAPI YAML printer", () => {
  it("writes js-yaml's bytes for the repository's own OpenAPI document", () => {
    const doc = JSON.parse(readFileSync(path.join(ROOT, "generated/openapi/openapi.json"), "utf8")) as unknown;
    expect(dumpJsonYaml(doc)).toBe(jsYaml(doc));
  });

  it("writes js-yaml's bytes for any JSON-shaped value as JSON reads it, and they read back as that value", () => {
    let readBack = 0;
    fc.assert(
      fc.property(jsonShaped, (value) => {
        const text = dumpJsonYaml(value);
        expect(text).toBe(jsYaml(asJson(value)));
        // js-yaml's own text does not read back for a string of nothing but line breaks (a `|+` block
        // scalar its reader refuses) nor for a top-level block scalar with an indentation indicator;
        // the bytes are js-yaml's (checked above), so those are js-yaml's limits, not the printer's.
        if (value === null || typeof value !== "object" || hasOnlyBreaksString(value)) return;
        // toEqual: fast-check may build objects without a prototype, which read back as plain objects.
        expect(load(text)).toEqual(asJson(value));
        readBack++;
      }),
      { numRuns: 3000 },
    );
    expect(readBack).toBeGreaterThan(500);
  });

  it("writes literal block scalars at every depth as js-yaml does", () => {
    const text = "first line\n\n  indented\nlast\n";
    let value: unknown = text;
    for (let depth = 0; depth < 6; depth++) {
      value = depth % 2 === 0 ? { key: value, other: [text, { k: text }] } : [value, text];
      expect(dumpJsonYaml(value)).toBe(jsYaml(value));
    }
  });

  it("skips undefined properties and writes undefined items as null, as js-yaml does", () => {
    const value = { a: undefined, b: [undefined, 1], c: { d: undefined }, e: [{ f: undefined, g: 1 }] };
    expect(dumpJsonYaml(value)).toBe(jsYaml(value));
  });

  it("hands anything that is not JSON-shaped to js-yaml", () => {
    const value = { when: new Date(Date.UTC(2024, 0, 2)), list: [new Date(0)] };
    expect(dumpJsonYaml(value)).toBe(jsYaml(value));
    expect(() => dumpJsonYaml({ f: () => 1 })).toThrow();
  });
});

describe("oneByte", () => {
  it("returns the same text, whatever it holds", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), awkwardString), (text) => {
        expect(oneByte(text)).toBe(text);
      }),
    );
    // A two-byte ASCII string (a slice of a text with an em dash) and a text beyond ASCII.
    expect(oneByte("—plain ASCII text".slice(1))).toBe("plain ASCII text");
    expect(oneByte("café — ☕")).toBe("café — ☕");
  });
});
