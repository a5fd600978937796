/**
 * The OpenAPI YAML printer's process memo (emit/openapi/yaml.ts, processTexts): not consulted in a
 * process's first document, which starts it with its own texts when they are few enough (so a watch
 * process's second run finds them), filled from the second document on, and never changing a text.
 * What js-yaml is asked shows which texts were printed again: numbers and keys starting with a digit
 * are always printed by it (scalarTextWithoutJsYaml answers only for some strings).
 */
import { beforeEach, describe, expect, it, vi } from "vitest";

const asked = vi.hoisted(() => ({ count: 0 }));

vi.mock("js-yaml", async (importOriginal) => {
  const real = await importOriginal<typeof import("js-yaml")>();
  return {
    ...real,
    dump: (...args: Parameters<typeof real.dump>) => {
      asked.count++;
      return real.dump(...args);
    },
  };
});

const { dump } = await import("js-yaml");
const jsYaml = (value: unknown) => dump(value, { noRefs: true, lineWidth: -1 });

/** A document of `n` distinct keys and `n` distinct numbers, from `from` on, each one js-yaml prints. */
function documentOf(from: number, n: number): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  for (let i = from; i < from + n; i++) doc[`${i}k`] = { list: [i + 0.5, "text\nblock\n"] };
  return doc;
}

/** The document's YAML (held to js-yaml, for the document as JSON reads it) and how many times the printer asked js-yaml for a text. */
async function print(dumpJsonYaml: (value: unknown) => string, doc: unknown): Promise<number> {
  const expected = jsYaml(JSON.parse(JSON.stringify(doc)));
  asked.count = 0;
  const text = dumpJsonYaml(doc);
  const count = asked.count;
  expect(text).toBe(expected);
  return count;
}

async function freshPrinter(): Promise<(value: unknown) => string> {
  vi.resetModules();
  return (await import("../generator/emit/openapi/yaml.ts")).dumpJsonYaml;
}

describe("the YAML printer's process memo", () => {
  beforeEach(() => {
    asked.count = 0;
  });

  it("starts with a small first document's texts and fills from the second document on", async () => {
    const dumpJsonYaml = await freshPrinter();
    // 20 keys, 20 numbers and one block scalar: each printed once in the document.
    expect(await print(dumpJsonYaml, documentOf(0, 20))).toBe(41);
    // The same document again (a watch process's second run): every text is remembered.
    expect(await print(dumpJsonYaml, documentOf(0, 20))).toBe(0);
    // Half new: only those are printed, and then remembered.
    expect(await print(dumpJsonYaml, documentOf(10, 20))).toBe(20);
    expect(await print(dumpJsonYaml, documentOf(10, 20))).toBe(0);
    // A remembered block scalar written at other depths.
    expect(await print(dumpJsonYaml, { a: { b: [{ c: "text\nblock\n" }] }, d: "text\nblock\n" })).toBe(0);
  });

  it("keeps none of a first document with more texts than it holds, and stays bounded after", async () => {
    const dumpJsonYaml = await freshPrinter();
    expect(await print(dumpJsonYaml, documentOf(0, 6_000))).toBe(12_001);
    // Not kept: printed again (and remembered from now on, emptied when full).
    expect(await print(dumpJsonYaml, documentOf(0, 6_000))).toBeGreaterThan(0);
    // Whatever it holds now, a small document printed once is remembered whole.
    await print(dumpJsonYaml, documentOf(0, 10));
    expect(await print(dumpJsonYaml, documentOf(0, 10))).toBe(0);
  });

  it("writes 0 and -0 as JSON does (both 0) in a first document and in later ones", async () => {
    const dumpJsonYaml = await freshPrinter();
    for (const value of [{ a: -0, b: 0 }, { b: 0, a: -0 }, [0, -0], -0, 0]) await print(dumpJsonYaml, value);
  });
});
