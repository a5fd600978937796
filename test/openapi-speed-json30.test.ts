/**
 * The OpenAPI 3.0 JSON reuses the 3.1 JSON of every part the 3.0 conversion leaves as it is
 * (emit/openapi/index.ts): the conversion returns such a part itself, not a copy (oas30.ts), and the
 * JSON writer writes a member another writer wrote (json.ts). That the texts stay those of the whole
 * document is test/openapi-streamed.test.ts's; here, that the sharing happens where it should (a copy
 * would still print the same text, only slower) and never where the conversion changes something.
 */
import type { PathItemObject } from "openapi3-ts/oas31";
import { describe, expect, it } from "vitest";
import { JsonDocumentWriter } from "../generator/emit/openapi/json.ts";
import { Downgrade } from "../generator/emit/openapi/oas30.ts";

const downgrade = new Downgrade(() => undefined);

const parameters = [{ $ref: "#/components/parameters/Version" }, { name: "id", in: "path" as const, required: true, schema: { type: "string" as const }, example: "b1" }];
const responses = {
  "200": { description: "Success.", content: { "application/json": { schema: { $ref: "#/components/schemas/Book" }, examples: { get: { value: { id: "b1" } } } } } },
  "404": { $ref: "#/components/responses/NotFound" },
};

describe("the 3.0 conversion shares what it does not change", () => {
  it("returns a path item that reads the same in 3.0 as it is", () => {
    const item: PathItemObject = { get: { operationId: "booksGet", parameters, responses } };
    expect(downgrade.pathItem(item)).toBe(item);
  });

  it("converts what changes and shares its unchanged neighbours, at every level", () => {
    const body = { type: "object" as const, properties: { title: { type: ["string", "null"] as ("string" | "null")[], examples: ["Dune"] }, pages: { type: "integer" as const } } };
    const get = { operationId: "booksGet", parameters, responses };
    const put = { operationId: "booksPut", parameters, requestBody: { required: true, content: { "application/json": { schema: body, examples: { put: { value: {} } } } } }, responses };
    const item = downgrade.pathItem({ get, put }) as Record<string, Record<string, unknown>>;
    expect(item.get).toBe(get);
    expect(item.put).not.toBe(put);
    expect(item.put!.parameters).toBe(parameters);
    expect(item.put!.responses).toBe(responses);
    const media = (item.put!.requestBody as { content: Record<string, { schema: { properties: Record<string, unknown> }; examples: unknown }> }).content["application/json"]!;
    expect(media.examples).toBe(put.requestBody.content["application/json"].examples);
    expect(media.schema.properties.title).toEqual({ type: "string", nullable: true, example: "Dune" });
    expect(media.schema.properties.pages).toBe(body.properties.pages);
    // The 3.1 objects are left as they were.
    expect(body.properties.title).toEqual({ type: ["string", "null"], examples: ["Dune"] });
  });
});

describe("a JSON writer writing another's member", () => {
  it("writes the same text as printing the member again", () => {
    const [a, b, c] = [new JsonDocumentWriter(), new JsonDocumentWriter(), new JsonDocumentWriter()];
    for (const w of [a, b, c]) w.open("paths");
    const value = { get: { operationId: "x", tags: ["a", "b"], nested: { deep: [1, { two: null }] } } };
    const written = a.member("/books", value)!;
    b.memberAsWritten(written);
    c.member("/books", value);
    const [textA, textB, textC] = [a, b, c].map((w) => {
      w.close();
      return w.blocks().join("");
    });
    expect(textB).toBe(textC);
    expect(textA).toBe(textC);
  });

  it("refuses a member written at another depth", () => {
    const [a, b] = [new JsonDocumentWriter(), new JsonDocumentWriter()];
    a.open("paths");
    const written = a.member("/books", { get: {} })!;
    expect(() => b.memberAsWritten(written)).toThrow(/another depth/);
  });
});
