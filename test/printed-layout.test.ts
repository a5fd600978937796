/**
 * Files printed in their final layout with no layout pass after them (the Zod schema files, the client's
 * resource files and the MCP tool catalog: see zod/index.ts, client/resource-file.ts and mcp/index.ts)
 * must be exactly what the layout pass would make of
 * them. Checked on the repository's spec and the examples, and on specs whose every prose slot, enum
 * value, example, default and pattern is hostile text (line breaks of every kind, comment ends,
 * brackets, quotes, Unicode spaces), in deprecated fields (JSDoc inside an object), recursive types
 * (getters with annotations), maps, unions and wire types.
 */
import fc from "fast-check";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { clientEmitter } from "../generator/emit/client/index.ts";
import { mcpEmitter } from "../generator/emit/mcp/index.ts";
import { layoutTypeScript } from "../generator/emit/ts-layout.ts";
import { zodEmitter } from "../generator/emit/zod/index.ts";
import type { ApiModel } from "../generator/model/types.ts";
import { checkSpec } from "../generator/check/check-spec.ts";
import { loadSpec } from "../generator/load/load-spec.ts";
import { buildModel } from "../generator/model/build-model.ts";
import { loadModel, modelFromTexts, ROOT } from "./helpers/spec.ts";

/** The printed files that skip the layout pass. */
async function printedAsFinal(model: ApiModel): Promise<{ path: string; contents: string }[]> {
  const files = [...(await zodEmitter.emit(model)), ...(await clientEmitter.emit(model)), ...(await mcpEmitter.emit(model))];
  const clientResource = (p: string) => /^client\/[^/]+\.ts$/.test(p) && p !== "client/index.ts";
  return files.filter((f) => f.path.startsWith("schemas/") || clientResource(f.path) || f.path === "mcp/tools.ts");
}

async function expectFinal(model: ApiModel): Promise<void> {
  for (const f of await printedAsFinal(model)) expect(layoutTypeScript(f.contents), f.path).toBe(f.contents);
}

const PAYLOADS = [
  "*/ x /*",
  "a\nb\n\n  indented { ( [\n\tlast ",
  "line\u2028break\u2029para\r\nend\rcr",
  "trailing spaces   \u00a0\u3000",
  "\u00a0leading unicode space",
  '"quoted" \'single\' `back` ${x}',
  "} ) ] closers first",
  "{ ( [ openers",
  "// not a comment",
  "/* not a comment */ {",
  "\\",
  "* starts with a star\n* and again",
  "\v\f",
];
const prose = fc.oneof(fc.constantFrom(...PAYLOADS), fc.string({ maxLength: 30 }), fc.string({ unit: "grapheme", maxLength: 20 }).map((s) => `${s}\n${PAYLOADS[s.length % PAYLOADS.length]}`));
const oneLine = prose.map((s) => s.replace(/[\r\n\u2028\u2029]/g, " ").trim()).filter((s) => s !== "" && s.length <= 200);

const sample = fc.record({
  description: prose.filter((s) => s.trim() !== ""),
  enumValues: fc.uniqueArray(oneLine, { minLength: 1, maxLength: 3 }),
  example: prose,
  pattern: fc.constantFrom("^[a-z]+$", "\\d{3}(\\)|\\()", "[{(]", "`*/`"),
});

type Sample = typeof sample extends fc.Arbitrary<infer T> ? T : never;

function specFiles(s: Sample): Record<string, string> {
  const api = {
    api: "layout.api",
    title: s.description.split("\n")[0]!.trim() || "Layout",
    version: "1",
    description: s.description,
    servers: [{ name: "main", url: "https://api.layout.example" }],
    auth: "bearer",
    resources: ["things"],
  };
  /** A string field's notes: the description and an example. */
  const field = (extra: object = {}) => ({ description: s.description, example: s.example, ...extra });
  const described = { description: s.description };
  const things = {
    resource: "things",
    title: "Things",
    description: s.description,
    operations: [
      {
        name: "update",
        summary: oneLineOf(s.description),
        description: s.description,
        risk: "write",
        deprecated: true,
        http: { method: "PUT", path: "/things/{id}" },
        input: {
          id: { type: "string", required: true, in: "path", description: s.description },
          kind: { enum: s.enumValues, in: "query", default: s.enumValues[0], description: s.description },
          code: { type: "string", in: "body", pattern: s.pattern, minLength: 1, deprecated: true, ...field() },
          node: { type: "Node", in: "body", description: s.description },
        },
        output: "Node",
      },
      {
        name: "list",
        summary: oneLineOf(s.description),
        risk: "read",
        http: { method: "GET", path: "/things" },
        input: { page: { type: "number", format: "integer", in: "query", default: 1, description: s.description }, code: { type: "string", in: "query", ...field() } },
        pagination: { style: "page", items: "items" },
        output: { items: { type: "Node[]", required: true, deprecated: true, ...described }, extra: { type: "Extra", wireType: "string", ...described } },
      },
    ],
    types: {
      Node: {
        description: s.description,
        fields: {
          name: { type: "string", required: true, deprecated: true, ...field() },
          children: { type: "Node[]", ...described },
          choice: { type: "Choice", ...described },
          extra: { type: "Extra", ...described },
        },
      },
      Choice: { description: s.description, oneOf: ["Node", "Extra"] },
      Extra: { description: s.description, values: "string | number" },
    },
  };
  return { "api.yaml": stringify(api), "things.yaml": stringify(things) };
}

function oneLineOf(text: string): string {
  return text.replace(/\s+/g, " ").trim() || "Summary";
}

describe("files printed in their final layout", () => {
  it("are what the layout pass makes of them: the repository's spec and the examples", async () => {
    await expectFinal(await loadModel());
    for (const example of ["bookshelf", "github-issues", "stripe-customers"]) {
      const checked = checkSpec(await loadSpec(`${ROOT}/examples/${example}`, example, {}));
      expect(checked.spec, example).toBeDefined();
      await expectFinal(buildModel(checked.spec!));
    }
  });

  it("are what the layout pass makes of them with hostile text in every slot", async () => {
    await fc.assert(
      fc.asyncProperty(sample, async (s) => {
        await expectFinal(modelFromTexts(specFiles(s)));
      }),
      { numRuns: 60, seed: 14 },
    );
  });
});
