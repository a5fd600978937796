/**
 * An operation that pages by the `Link` response header says so in the OpenAPI document: its success
 * response declares `Link`. Without it a reader (and `opspec import`, which recognises link paging by
 * that header) cannot tell that the list pages, and a round trip through the document loses `.all()`.
 */
import { describe, expect, it } from "vitest";
import { buildOpenApi } from "../generator/emit/openapi/document.ts";
import { importOpenApi } from "../generator/import/import-openapi.ts";
import { modelFromTexts } from "./helpers/spec.ts";

const API = `api: shelf.api
title: Shelf API
version: "1.0"
servers:
  - { name: production, url: "https://api.shelf.test" }
auth: bearer
resources: [books]
`;

const BOOKS = `resource: books
title: Books
operations:
  - name: list
    summary: List books
    risk: read
    http: { method: GET, path: /books }
    pagination: { style: link, items: data }
    input:
      per_page: { type: number, format: integer, in: query }
    output:
      data: { type: "string[]", required: true }
  - name: count
    summary: Count books
    risk: read
    http: { method: GET, path: /books/count }
    output:
      total: { type: number, required: true }
`;

describe("link paging in the OpenAPI document", () => {
  const doc = buildOpenApi(modelFromTexts({ "api.yaml": API, "books.yaml": BOOKS }));

  it("declares the Link header on the success response of a link-paged operation, and only there", () => {
    const ok = (path: string) => (doc.paths![path]!.get!.responses as Record<string, { headers?: Record<string, unknown> }>)["200"]!;
    expect(ok("/books").headers).toEqual({ Link: { description: expect.stringContaining('rel="next"'), schema: { type: "string" } } });
    expect(ok("/books/count").headers).toBeUndefined();
  });

  it("survives a round trip through opspec import", () => {
    const imported = importOpenApi(JSON.parse(JSON.stringify(doc)) as never, "3.1");
    const list = imported.draft.resources.flatMap((r) => r.operations).find((draft) => draft.op.name === "list");
    expect(list?.op.pagination).toEqual({ style: "link", items: "data" });
  });
});
