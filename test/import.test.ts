/**
 * opspec import, piece by piece: names, schemas into fields and types, inputs, outputs, risk,
 * pagination, the API file's conventions, warnings with pointers, and the YAML layout. Every imported
 * spec must also pass the spec checker with no error.
 */
import fc from "fast-check";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { importOpenApi, type ImportResult } from "../generator/import/import-openapi.ts";
import { camelCase, pascalCase, stripResourceWord, words } from "../generator/import/names.ts";
import { apiYaml, resourceYaml } from "../generator/import/write-yaml.ts";
import { checkTexts } from "./helpers/spec.ts";

type Doc = Record<string, unknown>;

/** A small OpenAPI 3.1 document around the given paths and schemas. */
function openapi(paths: Doc, schemas: Doc = {}, extra: Doc = {}): Doc {
  return {
    openapi: "3.1.0",
    info: { title: "Pet Store API", version: "1.2.0" },
    servers: [{ url: "https://api.example.com/v1", description: "Production server" }],
    paths,
    components: { schemas, ...((extra.components as Doc) ?? {}) },
    ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== "components")),
  };
}

interface Imported {
  result: ImportResult;
  files: Record<string, string>;
  /** File name → parsed YAML. */
  yaml: Record<string, Record<string, unknown>>;
  api: Record<string, unknown>;
  /** `resource.operation` → the operation as written. */
  ops: Record<string, Record<string, unknown>>;
  /** Every named type as written, from any file. */
  types: Record<string, Record<string, unknown>>;
  warnings: { code: string; pointer: string; message: string }[];
}

function run(doc: Doc, version = "3.1"): Imported {
  const result = importOpenApi(structuredClone(doc) as never, version);
  const files: Record<string, string> = { "api.yaml": apiYaml(result.draft, {}) };
  for (const r of result.draft.resources) files[r.file] = resourceYaml(r, result.draft.types, {});
  const yaml = Object.fromEntries(Object.entries(files).map(([f, t]) => [f, parse(t) as Record<string, unknown>]));
  const ops: Imported["ops"] = {};
  const types: Imported["types"] = {};
  for (const [file, value] of Object.entries(yaml)) {
    Object.assign(types, (value.types as Imported["types"]) ?? {});
    if (file === "api.yaml") continue;
    for (const op of value.operations as Record<string, unknown>[]) ops[`${value.resource}.${op.name}`] = op;
  }
  return { result, files, yaml, api: yaml["api.yaml"]!, ops, types, warnings: result.warnings };
}

/** The import passes the spec checker: no error diagnostics. */
function expectValid(imported: Imported): void {
  const checked = checkTexts(imported.files);
  expect(checked.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.file}:${d.line}:${d.col} ${d.code} ${d.message}`)).toEqual([]);
}

const ok = (schema: unknown, status = "200") => ({ [status]: { description: "OK", content: { "application/json": { schema } } } });
const body = (schema: unknown, media = "application/json") => ({ content: { [media]: { schema } } });

describe("names", () => {
  it("splits and cases words the way the document writes them", () => {
    expect(words("listAllContacts")).toEqual(["list", "All", "Contacts"]);
    expect(words("RetrieveACompanyById")).toEqual(["Retrieve", "A", "Company", "By", "Id"]);
    expect(words("admin_with_app")).toEqual(["admin", "with", "app"]);
    expect(pascalCase("admin_with_app")).toBe("AdminWithApp");
    expect(pascalCase("IP")).toBe("Ip");
    expect(pascalCase("URLInfo")).toBe("URLInfo");
    expect(camelCase("IP Allowlist")).toBe("ipAllowlist");
  });

  it.each([
    ["listAllContacts", "Contacts", [], "listAll"],
    ["ShowContactByExternalId", "Contacts", [], "showByExternalId"],
    ["RetrieveACompanyById", "Companies", [], "retrieveById"],
    ["attachContactToACompany", "Companies", [], "attachContact"],
    ["listSegmentsForAContact", "Contacts", [], "listSegments"],
    ["listCompanyNotes", "Notes", ["company", "companies"], "listCompanyNotes"],
    ["exportWorkflow", "Workflows", ["export"], "export"],
    ["listHelpCenters", "Help Center", [], "list"],
    ["dataEventSummaries", "Data Events", [], "summaries"],
    ["contacts", "Contacts", [], "contacts"],
    ["moveToContactList", "Contacts", [], "moveToContactList"],
  ])("%s in %s → %s", (operationId, tag, others, expected) => {
    expect(camelCase(stripResourceWord(words(operationId), words(tag), new Set(others)))).toBe(expected);
  });

  it("names operations from operationIds per resource, deduplicates in document order, and falls back to method and path", () => {
    const r = run(
      openapi({
        "/pets": {
          get: { tags: ["Pets"], operationId: "listPets", responses: ok({ type: "object" }) },
          post: { tags: ["Pets"], operationId: "list_pet", responses: ok({ type: "object" }) },
        },
        "/pets/{id}": {
          get: { tags: ["Pets"], operationId: "ListPets", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: ok({ type: "object" }) },
        },
        "/stores/{store_id}/inventory": {
          get: { parameters: [{ name: "store_id", in: "path", required: true, schema: { type: "string" } }], responses: ok({ type: "object" }) },
        },
      }),
    );
    expect(Object.keys(r.ops)).toEqual(["pets.list", "pets.listPet", "pets.listPets", "stores.getInventory"]);
    expect(r.api.resources).toEqual(["pets", "stores"]);
    expect(r.yaml["stores.yaml"]!.title).toBe("Stores");
    expectValid(r);
  });

  it("takes opspec's own x-opspec-name as it is", () => {
    const r = run(openapi({ "/admins": { get: { tags: ["Admins"], operationId: "adminsList", "x-opspec-name": "admins.list", responses: ok({ type: "object" }) } } }));
    expect(Object.keys(r.ops)).toEqual(["admins.list"]);
  });
});

describe("schemas", () => {
  const schemas = {
    pet: {
      type: "object",
      description: "A pet.",
      required: ["id", "name"],
      properties: {
        id: { type: "integer", format: "int64", example: 7 },
        name: { type: "string", minLength: 1, maxLength: 50, pattern: "^[A-Za-z ]+$" },
        status: { type: "string", enum: ["available", "pending", "sold"] },
        kind: { type: "string", enum: ["Dog", "Cat"] },
        legs: { type: "integer", enum: [2, 4] },
        origin: { const: "shelter" },
        nickname: { type: ["string", "null"] },
        born_at: { type: "integer", format: "date-time" },
        updated: { type: "string", format: "date-time" },
        photo: { type: "string", format: "binary" },
        tags: { type: "array", items: { type: "string", enum: ["Cute", "Old"] } },
        weights: { type: "array", items: { type: "integer" }, maxItems: 3 },
        owner: { type: "object", properties: { name: { type: "string" } } },
        labels: { type: "object", additionalProperties: { type: "string" } },
        extra: { type: "object" },
        anything: {},
        "pt-BR": { type: "string" },
        price: { type: "number", minimum: 0, exclusiveMaximum: 100 },
        age: { oneOf: [{ type: "string" }, { type: "integer" }] },
        home: { oneOf: [{ $ref: "#/components/schemas/house" }, { $ref: "#/components/schemas/flat" }, { type: "null" }] },
        legacy: { type: "boolean", deprecated: true },
      },
    },
    house: { type: "object", properties: { rooms: { type: "integer" } } },
    flat: { type: "object", properties: { floor: { type: "integer" } } },
    dog: { allOf: [{ $ref: "#/components/schemas/pet" }, { type: "object", required: ["breed"], properties: { breed: { type: "string" } } }] },
    unused_thing: { type: "object", properties: { a: { type: "string" } } },
  };
  const r = run(
    openapi(
      {
        "/pets/{id}": {
          get: { tags: ["Pets"], operationId: "getPet", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: ok({ $ref: "#/components/schemas/pet" }) },
        },
        "/dogs/{id}": {
          get: { tags: ["Pets"], operationId: "getDog", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: ok({ $ref: "#/components/schemas/dog" }) },
        },
      },
      schemas,
    ),
  );
  const pet = (r.types.Pet as { fields: Record<string, unknown> }).fields;
  const warned = (code: string, at: string) => r.warnings.some((w) => w.code === code && w.pointer === at);

  it("keeps types, required flags, formats, constraints and examples", () => {
    expect(r.types.Pet!.description).toBe("A pet.");
    expect(pet.id).toEqual({ type: "number", required: true, format: "int64", example: 7 });
    expect(pet.name).toEqual({ type: "string", required: true, minLength: 1, maxLength: 50, pattern: "^[A-Za-z ]+$" });
    expect(pet.born_at).toEqual({ type: "number", format: "unix-time" });
    expect(pet.updated).toEqual({ type: "string", format: "date-time" });
    expect(pet.legacy).toEqual({ type: "boolean", deprecated: true });
  });

  it("writes lowercase-word enums in the notation, others as enum: or const:", () => {
    expect(pet.status).toBe("available | pending | sold");
    expect(pet.kind).toEqual({ enum: ["Dog", "Cat"] });
    expect(pet.origin).toEqual({ const: "shelter" });
    expect(pet.tags).toBe("PetTagsItem[]");
    expect(r.types.PetTagsItem).toEqual({ enum: ["Cute", "Old"] });
    expect(pet.legs).toEqual({ type: "number", format: "integer" });
    expect(warned("enum-value", "#/components/schemas/pet/properties/legs/enum")).toBe(true);
  });

  it("writes nullable values as | null and choices as unions", () => {
    expect(pet.nickname).toBe("string | null");
    expect(pet.age).toBe("string | number");
    expect(pet.home).toBe("House | Flat | null");
  });

  it("names inline objects and maps after where they sit; free-form objects stay object", () => {
    expect(pet.owner).toBe("PetOwner");
    expect(r.types.PetOwner).toEqual({ fields: { name: "string" } });
    expect(pet.labels).toBe("PetLabelsMap");
    expect(r.types.PetLabelsMap).toEqual({ values: "string" });
    expect(pet.extra).toBe("object");
    expect(pet.anything).toBe("string | number | boolean | object");
    expect(warned("any-value", "#/components/schemas/pet/properties/anything")).toBe(true);
  });

  it("merges allOf into one object type", () => {
    const dog = (r.types.Dog as { fields: Record<string, unknown> }).fields;
    expect(Object.keys(dog)).toEqual([...Object.keys(pet), "breed"]);
    expect(dog.breed).toEqual({ type: "string", required: true });
    expect(r.ops["pets.getDog"]!.output).toBe("Dog");
  });

  it("warns with a pointer about what it cannot carry over", () => {
    expect(warned("format", "#/components/schemas/pet/properties/photo/format")).toBe(true);
    expect(warned("schema-keyword", "#/components/schemas/pet/properties/weights")).toBe(true);
    expect(warned("schema-keyword", "#/components/schemas/pet/properties/price")).toBe(true);
    expect(warned("field-name", "#/components/schemas/pet/properties/pt-BR")).toBe(true);
    expect(pet.pt_BR).toBe("string");
    expect(warned("unused-schema", "#/components/schemas/unused_thing")).toBe(true);
    expect(r.types.UnusedThing).toBeUndefined();
  });

  it("writes a spec the checker accepts", () => expectValid(r));
});

describe("operations", () => {
  const r = run(
    openapi(
      {
        "/pets/{pet-id}": {
          parameters: [{ name: "pet-id", in: "path", required: true, schema: { type: "string" }, example: "p1" }],
          put: {
            tags: ["Pets"],
            operationId: "updatePet",
            summary: "Update a pet",
            "x-risk": "write",
            parameters: [
              { name: "X-Request-Trace", in: "header", schema: { type: "string" } },
              { name: "Accept", in: "header", schema: { type: "string" } },
              { name: "session", in: "cookie", schema: { type: "string" } },
              { name: "id", in: "query", schema: { type: "integer" }, deprecated: true },
            ],
            requestBody: body({
              type: "object",
              required: ["name"],
              properties: { name: { type: "string", description: "The new name." }, id: { type: "string" }, "x-tag": { type: "string" } },
            }),
            responses: ok({ type: "object", properties: { updated: { type: "boolean" } } }),
          },
          delete: { tags: ["Pets"], operationId: "deletePet", deprecated: true, responses: { "204": { description: "Gone" } } },
          get: {
            tags: ["Pets"],
            operationId: "getPetPhoto",
            requestBody: body({ type: "object", properties: { size: { type: "string" } } }),
            responses: { "200": { description: "A photo", content: { "image/png": { schema: { type: "string", format: "binary" } } } } },
          },
          head: { tags: ["Pets"], operationId: "headPet", responses: { "200": { description: "OK" } } },
        },
        "/pets": {
          post: { tags: ["Pets"], operationId: "createPet", requestBody: body({ type: "object", properties: { name: { type: "string" } } }, "multipart/form-data"), responses: ok({ type: "array", items: { type: "string" } }, "201") },
          get: { tags: ["Pets"], operationId: "listPetsRedirect", responses: { "302": { description: "Elsewhere" } } },
        },
      },
      {},
    ),
  );
  const update = r.ops["pets.update"]!;
  const input = update.input as Record<string, Record<string, unknown>>;
  const warned = (code: string, at: string) => r.warnings.some((w) => w.code === code && w.pointer === at);

  it("carries over path, query and header parameters and body fields with in:", () => {
    expect(update.http).toEqual({ method: "PUT", path: "/pets/{pet_id}" });
    expect(input.pet_id).toEqual({ type: "string", required: true, in: "path", example: "p1" });
    expect(input.X_Request_Trace).toEqual({ type: "string", in: "header", wire: "X-Request-Trace" });
    expect(input.id).toEqual({ type: "number", in: "query", format: "integer", deprecated: true });
    expect(input.name).toEqual({ type: "string", required: true, in: "body", description: "The new name." });
    expect(input.id_body).toEqual({ type: "string", in: "body", wire: "id" });
    expect(input.x_tag).toEqual({ type: "string", in: "body", wire: "x-tag" });
    expect(update.output).toEqual({ updated: "boolean" });
    expect(update.risk).toBe("write");
  });

  it("warns about cookies, reserved headers, HEAD, bodies on GET, non-JSON bodies and responses, redirects", () => {
    expect(warned("cookie-parameter", "#/paths/~1pets~1{pet-id}/put/parameters/2")).toBe(true);
    expect(warned("reserved-header", "#/paths/~1pets~1{pet-id}/put/parameters/1")).toBe(true);
    expect(warned("unsupported-method", "#/paths/~1pets~1{pet-id}/head")).toBe(true);
    expect(warned("body-not-allowed", "#/paths/~1pets~1{pet-id}/get/requestBody")).toBe(true);
    expect(warned("response-media-type", "#/paths/~1pets~1{pet-id}/get/responses/200/content")).toBe(true);
    expect(warned("body-media-type", "#/paths/~1pets/post/requestBody/content/multipart~1form-data")).toBe(true);
    expect(warned("output-not-object", "#/paths/~1pets/post/responses/201/content/application~1json/schema")).toBe(true);
    expect(warned("no-success-response", "#/paths/~1pets/get/responses")).toBe(true);
    expect(Object.keys(r.ops)).not.toContain("pets.headPet");
  });

  it("keeps the success status, 204 without output, and deprecation; infers risk from the method", () => {
    expect(r.ops["pets.delete"]).toMatchObject({ status: 204, deprecated: true, risk: "destructive" });
    expect(r.ops["pets.delete"]!.output).toBeUndefined();
    expect(r.ops["pets.create"]).toMatchObject({ status: 201, risk: "write" });
    expect(r.ops["pets.getPhoto"]!.risk).toBe("read");
    const inferred = r.result.draft.resources[0]!.operations.filter((o) => o.riskInferred).map((o) => o.op.name);
    expect(inferred).toEqual(["delete", "getPhoto", "create", "listRedirect"]);
    expect(r.files["pets.yaml"]).toMatch(/^ {4}risk: destructive # risk inferred from the method; review$/m);
    expect(r.files["pets.yaml"]).toMatch(/^ {4}risk: write$/m);
  });

  it("writes a spec the checker accepts", () => expectValid(r));
});

describe("choices and access marks", () => {
  const r = run(
    openapi(
      {
        "/parts": {
          post: {
            tags: ["Parts"],
            operationId: "manageParts",
            requestBody: body({
              oneOf: [
                { type: "object", required: ["message_type", "admin_id"], properties: { message_type: { type: "string", enum: ["close"] }, admin_id: { type: "string" } } },
                { type: "object", required: ["message_type", "admin_id"], properties: { message_type: { type: "string", enum: ["snoozed"] }, admin_id: { type: "string" }, until: { type: "integer" } } },
              ],
            }),
            responses: ok({ $ref: "#/components/schemas/Part" }),
          },
          put: { tags: ["Parts"], operationId: "putPart", requestBody: body({ $ref: "#/components/schemas/Part" }), responses: ok({ type: "object", properties: { id: { type: "string" }, secret: { type: "string", writeOnly: true } } }) },
        },
      },
      {
        Part: {
          type: "object",
          discriminator: { propertyName: "kind", mapping: { a: "#/components/schemas/PartA" } },
          properties: { id: { type: "string", readOnly: true }, kind: { type: "string" }, secret: { type: "string", writeOnly: true } },
        },
      },
    ),
  );
  const warned = (code: string, at: string) => r.warnings.some((w) => w.code === code && w.pointer === at);

  it("merges a choice of bodies into one set of inputs whose differing fields take any of their definitions", () => {
    const input = r.ops["parts.manage"]!.input as Record<string, unknown>;
    expect(input).toEqual({
      message_type: { type: "close | snoozed", required: true, in: "body" },
      admin_id: { type: "string", required: true, in: "body" },
      until: { type: "number", in: "body", format: "integer" },
    });
    expect(warned("alternatives-merged", "#/paths/~1parts/post/requestBody/content/application~1json/schema/oneOf")).toBe(true);
  });

  it("leaves readOnly fields out of inputs and writeOnly ones out of outputs, and says so", () => {
    expect(Object.keys(r.ops["parts.put"]!.input as object)).toEqual(["kind", "secret"]);
    expect(r.ops["parts.put"]!.output).toEqual({ id: "string" });
    expect(r.warnings).toContainEqual({ code: "read-write-only", pointer: "#/components/schemas/Part/properties/id", message: "readOnly: left out of request inputs" });
    expect(r.warnings).toContainEqual({ code: "read-write-only", pointer: "#/paths/~1parts/put/responses/200/content/application~1json/schema/properties/secret", message: "writeOnly: left out of outputs" });
    expect(r.warnings).toContainEqual({ code: "read-write-only", pointer: "#/components/schemas/Part/properties/secret", message: "writeOnly, but Part is also read from responses: the field goes both ways" });
    expect(r.warnings.some((w) => w.message.startsWith("readOnly, but"))).toBe(false);
    expect(warned("schema-keyword", "#/components/schemas/Part")).toBe(true);
  });

  it("writes a spec the checker accepts", () => expectValid(r));
});

describe("pagination", () => {
  const list = (name: string, params: Doc[], output: Doc, headers?: Doc) => ({
    get: {
      tags: ["Things"],
      operationId: name,
      parameters: params,
      responses: { "200": { description: "OK", ...(headers ? { headers } : {}), content: { "application/json": { schema: output } } } },
    },
  });
  const q = (name: string, type = "string") => ({ name, in: "query", schema: { type } });
  const items = { type: "array", items: { type: "object", properties: { id: { type: "string" } } } };
  const r = run(
    openapi({
      "/a": list("listPaged", [q("page", "integer"), q("per_page", "integer")], { type: "object", properties: { data: items, pages: { type: "object", properties: { page: { type: "integer" }, total_pages: { type: "integer" } } } } }),
      "/b": list("listPagedToo", [q("page", "integer")], { type: "object", properties: { data: items, pages: { type: "object", properties: { page: { type: "integer" }, total_pages: { type: "integer" } } } } }),
      "/c": list("listCursor", [q("starting_after"), q("per_page", "integer")], { type: "object", properties: { data: items, pages: { type: "object", properties: { next: { type: "object", properties: { starting_after: { type: "string" } } } } } } }),
      "/d": list("listOffset", [q("offset", "integer"), q("limit", "integer")], { type: "object", properties: { results: items, total: { type: "integer" } } }),
      "/e": list("listLastId", [q("starting_after"), q("limit", "integer")], { type: "object", properties: { data: items, has_more: { type: "boolean" } } }),
      "/f": list("listLinked", [q("per_page", "integer")], { type: "object", properties: { items } }, { Link: { schema: { type: "string" } } }),
      "/g": list("listScroll", [q("scroll_param")], { type: "object", properties: { data: items, scroll_param: { type: "string" } } }),
      "/h": list("listMystery", [q("per_page", "integer")], { type: "object", properties: { data: items } }),
    }),
  );
  const p = (name: string) => r.ops[`things.${name}`]!.pagination;

  it("recognises page, cursor, offset, lastId, link and scroll paging", () => {
    expect(p("listPaged")).toEqual({ style: "page" });
    expect(r.api.pagination).toEqual({ page: { items: "data", totalPages: "pages.total_pages", currentPage: "pages.page" } });
    expect(p("listCursor")).toEqual({ style: "cursor", items: "data", cursor: "starting_after", next: "pages.next.starting_after" });
    expect(p("listOffset")).toEqual({ style: "offset", items: "results", total: "total" });
    expect(p("listLastId")).toEqual({ style: "lastId", items: "data", cursor: "starting_after" });
    expect(p("listLinked")).toEqual({ style: "link", items: "items" });
    expect(p("listScroll")).toEqual({ style: "scroll", items: "data", cursor: "scroll_param", next: "scroll_param" });
  });

  it("warns where a list's paging is not recognised", () => {
    expect(p("listMystery")).toBeUndefined();
    expect(r.warnings).toContainEqual({ code: "pagination", pointer: "#/paths/~1h/get", message: "inputs per_page" });
  });

  it("writes a spec the checker accepts", () => expectValid(r));
});

describe("the API file", () => {
  const errorResponse = (schema: unknown, media = "application/json") => ({ "404": { description: "Not found", content: { [media]: { schema } } } });
  const one = (responses: Doc, extra: Doc = {}, components: Doc = {}) =>
    run(openapi({ "/x": { get: { tags: ["Things"], operationId: "getThing", parameters: [{ name: "Api-Version", in: "header", schema: { type: "string", default: "3", enum: ["2", "3"] }, description: "The version." }], responses: { ...ok({ type: "object" }), ...responses } }, post: { tags: ["Things"], operationId: "makeThing", parameters: [{ name: "Api-Version", in: "header", schema: { type: "string" } }], responses: ok({ type: "object" }) } } }, components, extra));

  it("names the API and its servers, and finds shared headers", () => {
    const r = one({}, { servers: [{ url: "https://api.example.com/", description: "The production API server" }, { url: "https://sandbox.example.com", description: "Sandbox" }, { url: "/relative" }] });
    expect(r.api).toMatchObject({ api: "pet-store.api", title: "Pet Store API", version: "1.2.0" });
    expect(r.api.servers).toEqual([
      { name: "production", url: "https://api.example.com", description: "The production API server" },
      { name: "sandbox", url: "https://sandbox.example.com", description: "Sandbox" },
    ]);
    expect(r.warnings.map((w) => w.pointer)).toContain("#/servers/2/url");
    expect(r.api.headers).toEqual({ "Api-Version": { description: "The version.", enum: ["2", "3"], default: "3" } });
    expect(r.ops["things.get"]!.input).toBeUndefined();
    expectValid(r);
  });

  it.each([
    ["bearer", { type: "http", scheme: "bearer" }, "bearer", undefined],
    ["basic", { type: "http", scheme: "basic" }, "basic", undefined],
    ["apiKey", { type: "apiKey", in: "header", name: "X-Api-Key" }, { scheme: "apiKey", in: "header", name: "X-Api-Key" }, undefined],
    ["oauth2", { type: "oauth2", flows: {} }, "bearer", "security"],
    ["cookie", { type: "apiKey", in: "cookie", name: "sid" }, undefined, "security"],
  ])("auth from a %s security scheme", (_name, scheme, expected, warning) => {
    const r = one({}, { security: [{ main: [] }], components: { securitySchemes: { main: scheme } } });
    expect(r.api.auth).toEqual(expected);
    expect(r.warnings.some((w) => w.code === warning)).toBe(warning !== undefined);
    expectValid(r);
  });

  it.each([
    ["a list of errors", { type: "object", properties: { request_id: { type: "string" }, errors: { type: "array", items: { type: "object", properties: { code: { type: "string" }, message: { type: "string" } } } } } }, { message: "errors[0].message", code: "errors[].code", requestId: "request_id" }],
    ["RFC 9457 problem details", { type: "object", properties: { type: { type: "string" }, title: { type: "string" }, detail: { type: "string" } } }, { contentType: "application/problem+json", message: "detail" }],
    ["an error object", { type: "object", properties: { error: { type: "object", properties: { code: { type: "string" }, message: { type: "string" } } } } }, { message: "error.message", code: "error.code" }],
    ["a flat message", { type: "object", properties: { message: { type: "string" } } }, { message: "message" }],
  ])("error shape: %s", (name, schema, expected) => {
    const r = one(errorResponse({ $ref: "#/components/schemas/Problem" }, name.startsWith("RFC") ? "application/problem+json" : "application/json"), {}, { Problem: schema });
    expect(r.api.errors).toEqual({ type: "Problem", ...expected });
    expectValid(r);
  });

  it("reads the error shape from default responses beside a success, and reports response links", () => {
    const r = one({ default: { description: "Unexpected", links: { next: { operationId: "makeThing" } }, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } } }, {}, { Error: { type: "object", properties: { code: { type: "integer" }, message: { type: "string" } } } });
    expect(r.api.errors).toEqual({ type: "ErrorObject", message: "message", code: "code" });
    expect(r.warnings).toContainEqual({ code: "not-expressible", pointer: "#/paths/~1x/get/responses/default/links", message: "response links" });
    expectValid(r);
  });

  it("finds rate-limit and request-id response headers", () => {
    const h = { schema: { type: "integer" } };
    const r = one({ "429": { description: "Slow down", headers: { "X-RateLimit-Limit": h, "X-RateLimit-Remaining": h, "X-RateLimit-Reset": h, "X-Request-Id": { schema: { type: "string" } } }, content: { "application/json": { schema: { $ref: "#/components/schemas/Problem" } } } } }, {}, { Problem: { type: "object", properties: { message: { type: "string" } } } });
    expect(r.api.rateLimit).toEqual({ limit: "X-RateLimit-Limit", remaining: "X-RateLimit-Remaining", reset: "X-RateLimit-Reset" });
    expect(r.api.errors).toMatchObject({ requestIdHeader: "X-Request-Id" });
    expectValid(r);
  });
});

describe("YAML layout", () => {
  const long = "A description long enough that it cannot sit on the key's line in a flow map without going past the width.";
  const r = run(
    openapi({
      "/pets/{id}": {
        get: {
          tags: ["Pets"],
          operationId: "getPet",
          description: "First paragraph.\n\nSecond paragraph with `code`.",
          parameters: [
            { name: "id", in: "path", required: true, schema: { type: "string" } },
            { name: "verbose", in: "query", description: long, schema: { type: "boolean" } },
          ],
          responses: ok({ type: "object", properties: { name: { type: "string" }, "#tag": { type: "string", example: "yes: no # not a comment" } } }),
        },
      },
    }),
  );
  const text = r.files["pets.yaml"]!;

  it("writes short fields as flow maps, long text as block scalars, and a blank line between operations", () => {
    expect(text).toContain('      id: { type: string, required: true, in: path }\n');
    expect(text).toContain("      verbose:\n        type: boolean\n        in: query\n        description: >-\n");
    expect(text).toContain("    description: |-\n      First paragraph.\n\n      Second paragraph with `code`.\n");
    expect(text).toContain('    http: { method: GET, path: "/pets/{id}" }\n');
  });

  it("starts with the schema comment only when asked", () => {
    expect(text.startsWith("# yaml-language-server")).toBe(false);
    const withSchema = resourceYaml(r.result.draft.resources[0]!, r.result.draft.types, { schema: "../generated/spec.schema.json", header: ["Imported."] });
    expect(withSchema.split("\n").slice(0, 2)).toEqual(["# yaml-language-server: $schema=../generated/spec.schema.json", "# Imported."]);
  });

  it("lets the yaml library quote every string: what is written parses back to what was meant", () => {
    const op = r.ops["pets.get"]!;
    expect((op.output as Record<string, unknown>)._tag).toEqual({ type: "string", example: "yes: no # not a comment" });
    expect(parse(r.files["api.yaml"]!)).toEqual(JSON.parse(JSON.stringify(r.result.draft.api)));
  });

  it("round-trips arbitrary text in descriptions, summaries, examples and enum values", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), fc.string({ maxLength: 80 }), fc.array(fc.string({ minLength: 1, maxLength: 30 }), { minLength: 2, maxLength: 5 }), (description, example, values) => {
        const enumValues = [...new Set(values)];
        fc.pre(enumValues.length >= 2 && description.trim() !== "");
        const doc = openapi({
          "/x": {
            post: {
              tags: ["X"],
              operationId: "make",
              summary: "Make one",
              description,
              requestBody: body({ type: "object", properties: { a: { type: "string", description, example }, b: { type: "string", enum: enumValues } } }),
              responses: ok({ type: "object" }),
            },
          },
        });
        const imported = run(doc);
        const input = imported.ops["x.make"]!.input as Record<string, Record<string, unknown>>;
        expect(imported.ops["x.make"]!.description).toBe(description.trim());
        expect(input.a!.description).toBe(description.trim());
        expect(input.a!.example).toBe(example);
        const b = input.b!;
        expect((b.enum as string[] | undefined) ?? (b.type as string).split(" | ")).toEqual(enumValues.filter((v) => v !== "" && v.length <= 200));
      }),
      { numRuns: 150 },
    );
  });
});
