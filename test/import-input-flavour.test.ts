/**
 * opspec's OpenAPI writes a named type that requests send and responses carry twice: as responses carry
 * it (optional fields may be null) and, as `<Name>Input` marked `x-opspec-input-of`, as requests send it.
 * Importing the document must read both as the one type, not define a second one (whose name the
 * generator reserves for the type's input flavour anyway).
 */
import { describe, expect, it } from "vitest";
import { buildOpenApi } from "../generator/emit/openapi/document.ts";
import { importOpenApi } from "../generator/import/import-openapi.ts";
import { loadModel } from "./helpers/spec.ts";

describe("importing opspec's own input flavours", async () => {
  const doc = buildOpenApi(await loadModel());
  const imported = importOpenApi(JSON.parse(JSON.stringify(doc)) as never, "3.1");

  it("the document has one (Intercom's cursor paging object, sent by conversations.search)", () => {
    expect(doc.components?.schemas?.StartingAfterPagingInput).toMatchObject({ "x-opspec-input-of": "StartingAfterPaging" });
  });

  it("reads it as the type it is the input flavour of, with no type of its own and no unused-schema warning", () => {
    expect([...imported.draft.types.keys()]).toContain("StartingAfterPaging");
    expect([...imported.draft.types.keys()]).not.toContain("StartingAfterPagingInput");
    expect(imported.warnings.filter((w) => w.code === "unused-schema")).toEqual([]);
    const search = imported.draft.resources.flatMap((r) => r.operations).find((draft) => draft.op.name === "search" && draft.op.http.path === "/conversations/search");
    expect(search?.op.input?.pagination).toMatchObject({ type: "StartingAfterPaging" });
  });
});
