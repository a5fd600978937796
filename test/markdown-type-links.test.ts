/**
 * The Markdown emitter prints each named type's links once per type and remembers them for the
 * context it was given (emit/markdown/context.ts, typeLink). The same type name on another page in
 * another model must not reuse them: each model's pages must read as if printed on their own.
 */
import { describe, expect, it } from "vitest";
import { markdownEmitter } from "../generator/emit/markdown/index.ts";
import { forgetReusedTexts } from "../generator/emit/reuse.ts";
import type { ApiModel, EmittedFile } from "../generator/model/types.ts";
import { modelFromTexts } from "./helpers/spec.ts";

const api = (resources: string[]) => `
api: shelf.api
title: Shelf API
version: "1.0"
servers:
  - { name: production, url: "https://api.shelf.test" }
auth: bearer
resources: [${resources.join(", ")}]
`;

const resource = (name: string, types = "") => `resource: ${name}
title: ${name}
operations:
  - name: get
    summary: Get one
    risk: read
    http: { method: GET, path: "/${name}/{id}" }
    input:
      id: { type: string, required: true, in: path }
    output: Shelf
${types}`;

const SHELF = `types:
  Shelf:
    fields:
      id: { type: string, required: true }
      parent: { type: Shelf }
`;

/** `Shelf` on books.md (one resource uses it), or on types.md (two do). */
function model(shared: boolean): ApiModel {
  return modelFromTexts(
    shared
      ? { "api.yaml": api(["books", "shelves"]), "books.yaml": resource("books", SHELF), "shelves.yaml": resource("shelves") }
      : { "api.yaml": api(["books"]), "books.yaml": resource("books", SHELF) },
  );
}

function pages(m: ApiModel): Map<string, string> {
  forgetReusedTexts();
  return new Map((markdownEmitter.emit(m) as EmittedFile[]).map((f) => [f.path, f.contents]));
}

describe("type links", () => {
  it("link a type on its own page by fragment and from other pages by file", () => {
    const own = pages(model(false));
    expect(own.get("docs/books.md")).toContain("Returns [Shelf](#type-shelf):");
    const shared = pages(model(true));
    expect(shared.get("docs/books.md")).toContain("Returns [Shelf](./types.md#type-shelf):");
    expect(shared.get("docs/types.md")).toContain("| `parent` | `object` ([Shelf](#type-shelf)) | No       |");
  });

  it("are the same whichever model was printed before", () => {
    for (const order of [
      [false, true, false],
      [true, false, true],
    ])
      for (const shared of order)
        expect(pages(model(shared)).get("docs/books.md")).toContain(shared ? "Returns [Shelf](./types.md#type-shelf):" : "Returns [Shelf](#type-shelf):");
  });
});
