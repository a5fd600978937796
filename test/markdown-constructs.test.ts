/**
 * Golden tests for the Markdown reference, one construct at a time: a tiny spec (modelFromTexts) and
 * the exact lines it must produce. Then hostile text (Vue interpolation, HTML, newlines) in every
 * place a spec can put free text, which must reach the page as inert text.
 */
import { describe, expect, it } from "vitest";
import { displayedSummary, markdownEmitter } from "../generator/emit/markdown/index.ts";
import type { ApiModel } from "../generator/model/types.ts";
import { modelFromTexts } from "./helpers/spec.ts";

interface ApiOptions {
  auth?: string;
  extra?: string;
}

const api = (o: ApiOptions = {}) => `
api: shelf.api
title: Shelf API
version: "1.0"
servers:
  - { name: production, url: "https://api.shelf.test", description: Production }
auth: ${o.auth ?? "bearer"}
resources: [books]
${o.extra ?? ""}
`;

function modelOf(operations: string, types = "", options: ApiOptions = {}): ApiModel {
  return modelFromTexts({ "api.yaml": api(options), "books.yaml": `resource: books\ntitle: Books\noperations:\n${operations}\n${types ? `types:\n${types}` : ""}` });
}

function pages(model: ApiModel): Map<string, string> {
  return new Map((markdownEmitter.emit(model) as { path: string; contents: string }[]).map((f) => [f.path.replace(/^docs\//, ""), f.contents]));
}

/** The lines of the fenced block of `lang` in a page (the first one after `after`, when given). */
function fence(page: string, lang: string, after = ""): string[] {
  const from = page.indexOf(after);
  const m = new RegExp("(`{3,})" + lang + "\\n([\\s\\S]*?)\\n\\1").exec(page.slice(from));
  if (!m) throw new Error(`no ${lang} block`);
  return m[2]!.split("\n");
}

/** The table row of a field in a page. */
/** A table row by its first cell, with the padding that aligns the columns taken out of every cell. */
function row(page: string, name: string): string {
  const line = page.split("\n").find((l) => new RegExp(`^\\| \`${name}\` +\\|`).test(l));
  if (!line) throw new Error(`no row for ${name}`);
  return line.replace(/ +\|/g, " |");
}

const LIST = `
  - name: list
    summary: List books
    risk: read
    http: { method: GET, path: /books }
    input:
      size: { type: number, format: integer, example: 10 }
    output: { ids: "string[]" }
`;

describe("names and credentials from the model", () => {
  const cases: [auth: string, setup: string, curl: string[]][] = [
    ["bearer", "const client = createShelfClient({ token: process.env.SHELF_TOKEN! });", [`curl -X GET 'https://api.shelf.test/books?size=10' \\`, `  -H "Authorization: Bearer $SHELF_TOKEN"`]],
    [
      "basic",
      "const client = createShelfClient({ username: process.env.SHELF_USERNAME!, password: process.env.SHELF_PASSWORD! });",
      [`curl -X GET 'https://api.shelf.test/books?size=10' \\`, `  -u "$SHELF_USERNAME:$SHELF_PASSWORD"`],
    ],
    [
      "{ scheme: apiKey, in: header, name: X-Api-Key }",
      "const client = createShelfClient({ apiKey: process.env.SHELF_API_KEY! });",
      [`curl -X GET 'https://api.shelf.test/books?size=10' \\`, `  -H "X-Api-Key: $SHELF_API_KEY"`],
    ],
    ["{ scheme: apiKey, in: query, name: api_key }", "const client = createShelfClient({ apiKey: process.env.SHELF_API_KEY! });", [`curl -X GET "https://api.shelf.test/books?size=10&api_key=$SHELF_API_KEY"`]],
    ["none", "const client = createShelfClient();", [`curl -X GET 'https://api.shelf.test/books?size=10'`]],
  ];

  it.each(cases)("auth %s", (auth, setup, curl) => {
    const docs = pages(modelOf(LIST, "", { auth }));
    const books = docs.get("books.md")!;
    expect(fence(books, "ts")).toEqual(['import { createShelfClient } from "shelf-client";', "", setup, "const result = await client.books.list({ size: 10 });"]);
    expect(fence(books, "sh")).toEqual(curl);
    expect(docs.get("index.md")!.split("\n")[0]).toBe("# Shelf API reference");
  });

  it("sends the spec's headers and header inputs, every word shell-quoted", () => {
    const model = modelOf(
      `
  - name: get
    summary: Get a book
    risk: read
    http: { method: GET, path: "/books/{id}" }
    input:
      id: { type: string, required: true, in: path, example: "it's" }
      trace: { type: string, in: header, wire: X-Trace-Id, example: "a b" }
    output: { id: string }
`,
      "",
      { extra: `headers:\n  Shelf-Version: { option: shelfVersion, default: "2" }\n  X-Tenant: { required: true, enum: [acme] }\n` },
    );
    const books = pages(model).get("books.md")!;
    expect(fence(books, "sh")).toEqual([
      "curl -X GET 'https://api.shelf.test/books/it'\\''s' \\",
      '  -H "Authorization: Bearer $SHELF_TOKEN" \\',
      "  -H 'Shelf-Version: 2' \\",
      "  -H 'X-Tenant: acme' \\",
      "  -H 'X-Trace-Id: a b'",
    ]);
    // A required header is a required client option.
    expect(fence(books, "ts")[2]).toBe('const client = createShelfClient({ token: process.env.SHELF_TOKEN!, xTenant: "acme" });');
  });
});

describe("paging prose per style, from the model", () => {
  const paged = (pagination: string, input: string, output: string) =>
    pages(
      modelOf(`
  - name: list
    summary: List books
    risk: read
    http: { method: GET, path: /books }
    input:
${input}
    output:
${output}
    pagination: ${pagination}
`),
    )
      .get("books.md")!
      .split("\n")
      .find((l) => l.startsWith("**Paging.**"));

  it.each([
    [
      "{ style: page, items: data, totalPages: meta.pages }",
      "      page: { type: number, format: integer }",
      '      data: "string[]"\n      meta: object',
      "**Paging.** Results come a page at a time, by page number: `page` counts from 1, up to `meta.pages` pages. `client.books.list.all()` iterates over the `data` items of every page.",
    ],
    [
      "{ style: offset, items: data }",
      "      offset: { type: number, format: integer }\n      limit: { type: number, format: integer }",
      '      data: "string[]"',
      "**Paging.** Results come a page at a time, by offset: `offset` skips that many items and `limit` sets the page size, until a page comes back short. `client.books.list.all()` iterates over the `data` items of every page.",
    ],
    [
      "{ style: cursor, items: data, cursor: after, next: next_cursor }",
      "      after: string",
      '      data: "string[]"\n      next_cursor: string',
      "**Paging.** Results come a page at a time, with a cursor: pass the previous page's `next_cursor` as `after`; the last page has none. `client.books.list.all()` iterates over the `data` items of every page.",
    ],
    [
      "{ style: lastId, items: data, cursor: starting_after }",
      "      starting_after: string",
      '      data: "string[]"\n      has_more: boolean',
      "**Paging.** Results come a page at a time, after the last item: pass `starting_after` the `id` of the previous page's last item while `has_more` is true. `client.books.list.all()` iterates over the `data` items of every page.",
    ],
    [
      "{ style: link, items: data }",
      "      size: { type: number, format: integer }",
      '      data: "string[]"',
      '**Paging.** Results come a page at a time, through the `Link` response header: its `rel="next"` URL is the next page; the last page has none. `client.books.list.all()` iterates over the `data` items of every page.',
    ],
    [
      "{ style: scroll, items: data, cursor: scroll_id, next: scroll_id }",
      "      scroll_id: string",
      '      data: "string[]"\n      scroll_id: string',
      "**Paging.** Results come a page at a time, with a scroll cursor: send back the previous page's `scroll_id` until `data` is empty. `client.books.list.all()` iterates over the `data` items of every page.",
    ],
  ])("%s", (pagination, input, output, expected) => {
    expect(paged(pagination, input, output)).toBe(expected);
  });
});

describe("operations", () => {
  const model = modelOf(
    `
  - name: add
    summary: Add a book
    risk: write
    http: { method: POST, path: /books }
    status: 201
    input:
      title: { type: string, required: true, minLength: 1, maxLength: 200, pattern: "^[A-Z]" }
      genre: { enum: [SciFi, non-fiction, Two Words] }
      kind: { const: Book }
      copies: { type: number, format: integer, minimum: 1, maximum: 100 }
      note: { type: "string | null" }
      old: { type: string, deprecated: true }
    output: Book
  - name: remove
    summary: Remove a book [DESTRUCTIVE]
    risk: destructive
    deprecated: true
    http: { method: DELETE, path: "/books/{id}" }
    status: 204
    input:
      id: { type: string, required: true, in: path }
`,
    `  Book:\n    fields:\n      id: { type: number, format: int64, required: true }\n      added_at: { type: string, format: date-time }\n      published_on: { type: "string | null", format: date }\n`,
  );
  const books = pages(model).get("books.md")!;
  const lines = books.split("\n");

  it("show nullable, formats, constraints, enums, const and deprecation in the tables", () => {
    expect(row(books, "title")).toBe("| `title` | `string` | Yes | Title. 1 to 200 characters. Matches `^[A-Z]`. |");
    expect(row(books, "genre")).toBe("| `genre` | `SciFi \\| non-fiction \\| Two Words` | No | Genre. |");
    expect(row(books, "kind")).toBe("| `kind` | `Book` | No | Always `Book`. |");
    expect(row(books, "copies")).toBe("| `copies` | `number` (integer) | No | Copies. From `1` to `100`. |");
    expect(row(books, "note")).toBe("| `note` | `string \\| null` (nullable) | No | Note. |");
    expect(row(books, "old")).toBe('| `old` | `string` | No | <span class="deprecated">deprecated</span> Old. |');
    expect(row(books, "id")).toBe("| `id` | `number` (64-bit integer) | Yes | Id. |");
    expect(row(books, "added_at")).toBe("| `added_at` | `string` (date-time) | No | Added at. |");
    expect(row(books, "published_on")).toBe("| `published_on` | `string \\| null` (date, nullable) | No | Published on. |");
  });

  it("say the success status, and that a 204 has no body", () => {
    expect(lines).toContain("Returns [Book](#type-book) with status `201 Created`:");
    expect(lines).toContain("Answers with status `204 No Content` and no body; the client returns nothing (`void`).");
    expect(fence(books, "ts", "## books.remove").at(-1)).toBe('await client.books.remove({ id: "123" });');
  });

  it("badge deprecated operations and show a destructive summary without its [DESTRUCTIVE] marker", () => {
    expect(displayedSummary(model.resources[0]!.operations[1]!)).toBe("Remove a book");
    const start = lines.indexOf("## books.remove");
    expect(lines.slice(start, start + 5)).toEqual([
      "## books.remove",
      "",
      "Remove a book",
      "",
      '**Risk:** <span class="risk risk-destructive">destructive</span> · **HTTP:** `DELETE /books/{id}` · <span class="deprecated">deprecated</span>',
    ]);
    expect(books).not.toContain("[DESTRUCTIVE]");
    expect(lines).toContain("> **Deprecated.** This operation still works but is going away; avoid it in new code.");
  });
});

describe("errors prose from the errors model", () => {
  it("problem+json without a type", () => {
    const index = pages(modelOf(LIST, "", { extra: "errors: { contentType: application/problem+json, message: detail }" })).get("index.md")!;
    expect(index).toContain(
      "A failed request (any 4xx or 5xx status) answers with RFC 9457 problem details (`application/problem+json`). The client turns it into a typed error (a subclass of `ShelfError`) that carries the status and the message (`detail`); a 429 answer is a rate-limit error, retried after the time the server asks for (`Retry-After`).",
    );
    expect(index).not.toMatch(/intercom/i);
  });
});

describe("hostile text stays inert", () => {
  const INTERPOLATION = "{{ constructor.constructor('alert(1)')() }}";
  const IMG = '<img src=x onerror="alert(1)">';
  const NEWLINE = "two\nlines";
  const q = (s: string) => JSON.stringify(s);
  const model = modelFromTexts({
    "api.yaml": `
api: shelf.api
title: ${q(`Shelf ${INTERPOLATION} ${IMG}`)}
version: "1.0"
description: ${q(`About ${IMG} ${INTERPOLATION}`)}
servers:
  - { name: production, url: "https://api.shelf.test", description: ${q(`Prod ${IMG}\n${INTERPOLATION}`)} }
auth: { scheme: apiKey, in: header, name: "X-Key'$HOME\`", description: ${q(`Key ${INTERPOLATION}`)} }
headers:
  X-Odd: { default: ${q(`v'$(rm -rf /) ${INTERPOLATION}`)}, description: ${q(`Header ${IMG}`)} }
errors: { contentType: application/problem+json }
resources: [books]
`,
    "books.yaml": `
resource: books
title: ${q(`Books ${INTERPOLATION}`)}
description: ${q(`Books ${IMG}`)}
operations:
  - name: add
    summary: ${q(`Add ${INTERPOLATION} ${IMG}`)}
    description: ${q(`Adds ${IMG}\n\n# not a heading\n| not | a row |`)}
    risk: write
    http: { method: POST, path: "/books" }
    input:
      genre: { enum: [${q(INTERPOLATION)}, ${q(IMG)}, ${q(NEWLINE)}], required: true, description: ${q(`Genre ${INTERPOLATION}`)} }
      note: { type: string, default: ${q(`${NEWLINE} ${INTERPOLATION} \`x\``)}, example: ${q(`it's ${IMG}`)} }
      trace: { type: string, in: header, wire: "X-T$a", example: ${q(`$(id) ${INTERPOLATION}`)} }
    output: { id: string }
`,
  });
  const docs = pages(model);

  /** Lines outside fenced code blocks (VitePress renders fences with v-pre, as text). */
  function prose(page: string): string[] {
    const out: string[] = [];
    let fenceMark: string | undefined;
    for (const line of page.split("\n")) {
      const m = /^(`{3,})/.exec(line);
      if (m && (fenceMark === undefined || line === fenceMark)) fenceMark = fenceMark === undefined ? m[1] : undefined;
      else if (fenceMark === undefined) out.push(line);
    }
    return out;
  }

  it("has no Vue interpolation, no HTML tag from the spec and no line broken by spec text outside code blocks", () => {
    for (const [name, page] of docs)
      for (const line of prose(page)) {
        expect(line, name).not.toContain("{{");
        expect(line, name).not.toContain("}}");
        // Code spans are rendered as text (<code> with the content escaped); outside them no tag survives.
        expect(line.replace(/(`+)[^`]*?\1/g, ""), name).not.toMatch(/<img|<script/i);
        expect(line, name).not.toMatch(/^#+ not a heading/);
      }
    const books = docs.get("books.md")!;
    // Every table row keeps its four cells.
    for (const line of books.split("\n").filter((l) => l.startsWith("| `"))) expect(line.split(/(?<!\\)\|/).length - 2, line).toBe(4);
    expect(row(books, "genre")).toContain("two lines");
  });

  it("keeps the text readable: the words are there, escaped", () => {
    const books = docs.get("books.md")!;
    expect(books).toContain("&lt;img src=x onerror=\"alert(1)\"&gt;");
    expect(books).toContain("{\u200d{ constructor");
  });

  it("quotes every spec word in curl so that the shell expands nothing", () => {
    const curl = fence(docs.get("books.md")!, "sh");
    /** Text inside single quotes: an apostrophe ends the quote, is escaped, and reopens it. */
    const sq = (text: string) => text.replace(/'/g, "'\\''");
    expect(curl).toContain(`  -H 'X-Key'\\''$HOME\`: '"$SHELF_API_KEY" \\`);
    expect(curl).toContain(`  -H 'X-Odd: v'\\''$(rm -rf /) ${sq(INTERPOLATION)}' \\`);
    expect(curl).toContain(`  -H 'X-T$a: $(id) ${sq(INTERPOLATION)}' \\`);
    // The JSON body is one single-quoted word; its default's newline is JSON's \n.
    expect(curl.join("\n")).toContain(`"note": "two\\nlines ${sq(INTERPOLATION)} \`x\`"`);
    expect(curl.filter((l) => l.startsWith("  -d '"))).toHaveLength(1);
    expect(curl.at(-1)).toBe("  }'");
  });

  it("writes TypeScript string literals for spec values", () => {
    const ts = fence(docs.get("books.md")!, "ts");
    expect(ts.at(-1)).toBe(`const result = await client.books.add({ genre: ${JSON.stringify(INTERPOLATION)}, trace: ${JSON.stringify(`$(id) ${INTERPOLATION}`)} });`);
  });
});
