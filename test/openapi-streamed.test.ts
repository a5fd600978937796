/**
 * emitOpenApi writes its three texts a path item (and a schema) at a time instead of building the
 * whole document first (emit/openapi/index.ts). The texts must be byte for byte those of the whole
 * document: JSON.stringify of buildOpenApi's document, dumpJsonYaml of it, and JSON.stringify of its
 * 3.0 conversion. emitOpenApiWithYamlThread, which prints the YAML text on a thread from the JSON
 * texts of the members (yaml-thread.ts), must write the same files. Checked on this repository's spec,
 * the examples, and the layouts' edge cases: no paths at all, shared routes, a path item with several
 * methods, problem-details errors, and keys long enough for YAML's explicit `? key` form.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildOpenApi } from "../generator/emit/openapi/document.ts";
import { emitOpenApi, emitOpenApiWithYamlThread, OPENAPI_FILES } from "../generator/emit/openapi/index.ts";
import { downgradeToOas30 } from "../generator/emit/openapi/oas30.ts";
import { dumpJsonYaml } from "../generator/emit/openapi/yaml.ts";
import { textParts } from "../generator/model/text-parts.ts";
import type { ApiModel } from "../generator/model/types.ts";
import { loadModel, modelFromTexts, ROOT } from "./helpers/spec.ts";

async function expectWholeDocumentTexts(model: ApiModel): Promise<void> {
  const doc = buildOpenApi(model);
  const files = emitOpenApi(model);
  const texts = new Map(files.map((f) => [f.path, f.contents]));
  expect(texts.get(OPENAPI_FILES.json)).toBe(`${JSON.stringify(doc, null, 2)}\n`);
  expect(texts.get(OPENAPI_FILES.yaml)).toBe(dumpJsonYaml(doc));
  expect(texts.get(OPENAPI_FILES.json30)).toBe(`${JSON.stringify(downgradeToOas30(doc), null, 2)}\n`);
  const threaded = await emitOpenApiWithYamlThread(model, {
    threadFailed: (error) => {
      throw error;
    },
  });
  expect(threaded.map((f) => [f.path, f.contents])).toEqual(files.map((f) => [f.path, f.contents]));
}

function exampleModel(name: string): ApiModel {
  const dir = path.join(ROOT, "examples", name);
  return modelFromTexts(Object.fromEntries(readdirSync(dir).map((file) => [file, readFileSync(path.join(dir, file), "utf8")])));
}

const API = (extra = "") => `
api: shelf.api
title: Shelf API
version: "1.0"
servers:
  - { name: production, url: "https://api.shelf.test" }
auth: bearer
resources: [books]
${extra}
`;

describe("emitOpenApi writes the whole document's texts a part at a time", () => {
  it("for this repository's spec", async () => await expectWholeDocumentTexts(await loadModel()));

  it("hands each text on in the blocks it was written in, not joined (model/text-parts.ts)", async () => {
    const files = emitOpenApi(await loadModel());
    // This repository's JSON documents are over 300,000 characters: two blocks of TextBlocks each.
    const json = files.find((f) => f.path === OPENAPI_FILES.json)!;
    expect(textParts(json).length).toBeGreaterThan(1);
    expect(textParts(json).join("")).toBe(json.contents);
  });

  for (const name of ["bookshelf", "github-issues", "stripe-customers"]) it(`for examples/${name}`, async () => await expectWholeDocumentTexts(exampleModel(name)));

  it("with no operations (empty paths and schemas mappings), a state the checker refuses but the layout allows", async () => {
    const model = exampleModel("github-issues");
    await expectWholeDocumentTexts({ ...model, resources: model.resources.map((r) => ({ ...r, operations: [] })) });
  });

  it("with shared routes, several methods on one path, problem-details errors and very long paths", async () => {
    const long = `/books/${"a".repeat(1100)}/{id}`;
    const books = `
resource: books
title: Books
operations:
  - name: get
    summary: Get a book
    risk: read
    http: { method: GET, path: "/books/{id}" }
    input: { id: { type: string, required: true, in: path } }
    output: Book
  - name: remove
    summary: Remove a book
    risk: destructive
    http: { method: DELETE, path: "/books/{id}" }
    input: { id: { type: string, required: true, in: path } }
  - name: open
    summary: Open a book
    risk: write
    http: { method: POST, path: "/books/{id}/state" }
    input: { id: { type: string, required: true, in: path }, state: { const: open, required: true } }
    output: Book
  - name: close
    summary: Close a book
    risk: write
    http: { method: POST, path: "/books/{book}/state" }
    input: { book: { type: string, required: true, in: path }, state: { const: closed, required: true }, reason: "string | null" }
    output: { closed: { type: boolean, required: true }, note: "string | null" }
  - name: far
    summary: A long way
    risk: read
    http: { method: GET, path: "${long}" }
    input: { id: { type: string, required: true, in: path } }
    output: { items: "Book[]" }
types:
  Book:
    fields:
      id: { type: string, required: true, example: b1 }
      shelf: "Shelf | null"
  Shelf:
    values: string | number
`;
    await expectWholeDocumentTexts(modelFromTexts({ "api.yaml": API("errors: { contentType: application/problem+json }"), "books.yaml": books }));
  });
});
