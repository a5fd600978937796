/**
 * Golden tests, one construct at a time: a tiny spec (modelFromTexts) and the exact OpenAPI fragment
 * it must produce, in 3.1 and, where the dialect differs, in 3.0. Then the same constructs together
 * in one document of a non-Intercom API, judged by Redocly's recommended lint.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { OpenAPIObject, OperationObject, ParameterObject, SchemaObject } from "openapi3-ts/oas31";
import { describe, expect, it } from "vitest";
import { emitOpenApi } from "../generator/emit/openapi/index.ts";
import { buildOpenApi, securityScheme } from "../generator/emit/openapi/document.ts";
import { downgradeToOas30 } from "../generator/emit/openapi/oas30.ts";
import { modelFromTexts, ROOT } from "./helpers/spec.ts";

/** Redocly offline: no telemetry, no update check (as in openapi-judges.test.ts). */
const OFFLINE_ENV = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", REDOCLY_SUPPRESS_NOTIFICATIONS: "true", NO_COLOR: "1" };

interface ApiOptions {
  auth?: string;
  errors?: string;
  extra?: string;
}

function api(o: ApiOptions = {}): string {
  return `
api: shelf.api
title: Shelf API
version: "1.0"
license: { name: MIT, url: "https://spdx.org/licenses/MIT" }
servers:
  - { name: production, url: "https://api.shelf.test", description: Production }
  - { name: sandbox, url: "https://sandbox.shelf.test" }
auth: ${o.auth ?? "bearer"}
${o.errors !== undefined ? `errors: ${o.errors}` : ""}
resources: [books]
${o.extra ?? ""}
`;
}

/** A document from one resource's operations (YAML list items) and types. */
function docOf(operations: string, types = "", options: ApiOptions = {}): OpenAPIObject {
  const books = `resource: books\ntitle: Books\noperations:\n${operations}\n${types ? `types:\n${types}` : ""}`;
  return buildOpenApi(modelFromTexts({ "api.yaml": api(options), "books.yaml": books }));
}

/** One operation whose body holds `fields` (YAML lines at input level) and answers with `Book`. */
const bodyOp = (fields: string) => `
  - name: add
    summary: Add a book
    risk: write
    http: { method: POST, path: /books }
    input:
${fields}
    output: { id: string }
`;

const bodySchema = (doc: OpenAPIObject): SchemaObject =>
  (doc.paths!["/books"]!.post!.requestBody as { content: Record<string, { schema: SchemaObject }> }).content["application/json"]!.schema;
const prop = (doc: OpenAPIObject, name: string) => bodySchema(doc).properties![name];

describe("nullable (X | null)", () => {
  const doc = docOf(
    bodyOp(`      note: { type: "string | null", required: true }\n      shelf: { type: "Shelf | null" }\n      tags: { type: "string[] | null" }`),
    `  Shelf:\n    fields:\n      id: { type: string, required: true }\n`,
  );

  it("is a type array, or an anyOf member beside a $ref, in 3.1", () => {
    expect(prop(doc, "note")).toEqual({ type: ["string", "null"] });
    expect(prop(doc, "shelf")).toEqual({ anyOf: [{ $ref: "#/components/schemas/Shelf" }, { type: "null" }] });
    expect(prop(doc, "tags")).toEqual({ type: ["array", "null"], items: { type: "string" } });
  });

  it("is nullable: true in 3.0", () => {
    const d30 = downgradeToOas30(doc);
    const props = (d30.paths["/books"]!.post!.requestBody as { content: Record<string, { schema: { properties: Record<string, unknown> } }> }).content["application/json"]!.schema
      .properties;
    expect(props.note).toEqual({ type: "string", nullable: true });
    expect(props.shelf).toEqual({ type: "object", nullable: true, allOf: [{ $ref: "#/components/schemas/Shelf" }] });
    expect(props.tags).toEqual({ type: "array", nullable: true, items: { type: "string" } });
  });
});

describe("enums of any spelling and const", () => {
  const doc = docOf(
    bodyOp(`      genre: { enum: [SciFi, non-fiction, "Two Words", "2.15"], required: true }\n      kind: { const: Book, default: Book }\n      mode: fast | slow`),
  );

  it("keeps every value as written; a one-value enum is const (enum in 3.0)", () => {
    expect(prop(doc, "genre")).toEqual({ type: "string", enum: ["SciFi", "non-fiction", "Two Words", "2.15"] });
    expect(prop(doc, "kind")).toEqual({ type: "string", const: "Book", default: "Book" });
    expect(prop(doc, "mode")).toEqual({ type: "string", enum: ["fast", "slow"] });
    const d30 = downgradeToOas30(doc);
    const kind = (d30.paths["/books"]!.post!.requestBody as { content: Record<string, { schema: { properties: Record<string, unknown> } }> }).content["application/json"]!.schema
      .properties.kind;
    expect(kind).toEqual({ type: "string", enum: ["Book"], default: "Book" });
  });

  it("a nullable const becomes an enum with null", () => {
    const withType = docOf(
      `
  - name: get
    summary: Get a tag
    risk: read
    http: { method: GET, path: "/tags/{id}" }
    input:
      id: { type: string, required: true, in: path }
    output: Tag
`,
      `  Tag:\n    fields:\n      kind: { const: tag }\n`,
    );
    // Optional fields of named types accept null (the runtime's tolerance).
    expect((withType.components!.schemas!.Tag as SchemaObject).properties!.kind).toEqual({ type: ["string", "null"], enum: ["tag", null] });
  });
});

describe("constraints and formats", () => {
  const doc = docOf(
    bodyOp(
      [
        `      title: { type: string, required: true, minLength: 1, maxLength: 200, pattern: "^[A-Z]" }`,
        `      copies: { type: number, format: integer, minimum: 1, maximum: 100 }`,
        `      price: { type: number, minimum: 0.5 }`,
        `      big: { type: number, format: int64 }`,
        `      at: { type: string, format: date-time }`,
        `      on: { type: string, format: date }`,
      ].join("\n"),
    ),
  );

  it("puts minimum…pattern on the value's schema and keeps the formats", () => {
    expect(prop(doc, "title")).toEqual({ type: "string", minLength: 1, maxLength: 200, pattern: "^[A-Z]" });
    expect(prop(doc, "copies")).toEqual({ type: "integer", minimum: 1, maximum: 100 });
    expect(prop(doc, "price")).toEqual({ type: "number", minimum: 0.5 });
    expect(prop(doc, "big")).toEqual({ type: "integer", format: "int64" });
    expect(prop(doc, "at")).toEqual({ type: "string", format: "date-time" });
    expect(prop(doc, "on")).toEqual({ type: "string", format: "date" });
  });

  it("gives examples that fit them", () => {
    const example = (doc.paths!["/books"]!.post!.requestBody as { content: Record<string, { examples: Record<string, { value: unknown }> }> }).content["application/json"]!
      .examples.booksAdd!.value;
    expect(example).toEqual({ title: "A" });
  });
});

describe("header inputs", () => {
  const doc = docOf(`
  - name: get
    summary: Get a book
    risk: read
    http: { method: GET, path: "/books/{id}" }
    input:
      id: { type: string, required: true, in: path, example: b1 }
      trace: { type: string, in: header, wire: X-Trace-Id, description: Traces the call., example: t-1 }
    output: { id: string }
`);

  it("are in: header parameters under their wire name", () => {
    const params = doc.paths!["/books/{id}"]!.get!.parameters as ParameterObject[];
    expect(params).toEqual([
      { name: "id", in: "path", required: true, schema: { type: "string" }, example: "b1" },
      { name: "X-Trace-Id", in: "header", description: "Traces the call.", required: false, schema: { type: "string" }, example: "t-1" },
    ]);
  });
});

describe("success status", () => {
  const doc = docOf(`
  - name: add
    summary: Add a book
    risk: write
    http: { method: POST, path: /books }
    status: 201
    input:
      title: { type: string, required: true, example: Dune }
    output: Book
  - name: remove
    summary: Remove a book
    risk: destructive
    http: { method: DELETE, path: "/books/{id}" }
    status: 204
    input:
      id: { type: string, required: true, in: path }
  - name: touch
    summary: Touch a book
    risk: write
    http: { method: POST, path: "/books/{id}/touch" }
    status: 202
    input:
      id: { type: string, required: true, in: path }
`, `  Book:\n    fields:\n      id: { type: string, required: true, example: b1 }\n`);

  it("201 answers with the output at 201", () => {
    const responses = doc.paths!["/books"]!.post!.responses!;
    expect(Object.keys(responses)).toEqual(["201", "400", "401", "403", "422", "429"]);
    expect(responses["201"]).toEqual({
      description: "Success: the Book.",
      content: { "application/json": { schema: { $ref: "#/components/schemas/Book" }, examples: { booksAdd: { summary: "Add a book", value: { id: "b1" } } } } },
    });
  });

  it("204 has no content", () => {
    const responses = doc.paths!["/books/{id}"]!.delete!.responses!;
    expect(Object.keys(responses)).toEqual(["204", "400", "401", "403", "404", "429"]);
    expect(responses["204"]).toEqual({ description: "Success; the answer has no content." });
  });

  it("202 without output has no body", () => {
    expect(doc.paths!["/books/{id}/touch"]!.post!.responses!["202"]).toEqual({ description: "Success; the answer has no body." });
  });
});

describe("security schemes, one per auth scheme", () => {
  const get = `
  - name: list
    summary: List books
    risk: read
    http: { method: GET, path: /books }
    output: { ids: "string[]" }
`;
  const cases: [auth: string, name: string | undefined, scheme: unknown][] = [
    ["{ scheme: bearer, description: A token. }", "bearerAuth", { type: "http", scheme: "bearer", description: "A token." }],
    ["basic", "basicAuth", { type: "http", scheme: "basic" }],
    ["{ scheme: apiKey, in: header, name: X-Api-Key }", "apiKeyAuth", { type: "apiKey", in: "header", name: "X-Api-Key" }],
    ["{ scheme: apiKey, in: query, name: api_key }", "apiKeyAuth", { type: "apiKey", in: "query", name: "api_key" }],
    ["none", undefined, undefined],
  ];

  it.each(cases)("auth %s", (auth, name, scheme) => {
    const doc = docOf(get, "", { auth });
    if (name === undefined) {
      expect(doc.security).toEqual([]);
      expect(doc.components!.securitySchemes).toBeUndefined();
      // No credentials: no 401/403 answers.
      expect(Object.keys(doc.paths!["/books"]!.get!.responses!)).toEqual(["200", "429"]);
    } else {
      expect(doc.security).toEqual([{ [name]: [] }]);
      expect(doc.components!.securitySchemes).toEqual({ [name]: scheme });
      expect(Object.keys(doc.paths!["/books"]!.get!.responses!)).toEqual(["200", "401", "403", "429"]);
    }
  });

  it("securityScheme() maps the model's auth", () => {
    expect(securityScheme({ scheme: "none" })).toBeUndefined();
    expect(securityScheme({ scheme: "basic", description: "Key as user." })).toEqual(["basicAuth", { type: "http", scheme: "basic", description: "Key as user." }]);
  });
});

describe("error responses", () => {
  const op = `
  - name: get
    summary: Get a book
    risk: read
    http: { method: GET, path: "/books/{id}" }
    input:
      id: { type: string, required: true, in: path }
    output: { id: string }
`;

  it("application/problem+json without a type: RFC 9457 problem details", () => {
    const doc = docOf(op, "", { errors: "{ contentType: application/problem+json }" });
    expect(doc.components!.responses!.NotFound).toEqual({
      description: "Nothing exists with the id given in the path.",
      content: {
        "application/problem+json": {
          schema: { $ref: "#/components/schemas/ProblemDetails" },
          examples: {
            NotFound: {
              summary: "Nothing exists with the id given in the path.",
              value: { type: "about:blank", title: "Not found", status: 404, detail: "Nothing exists with the id given in the path." },
            },
          },
        },
      },
    });
    expect((doc.components!.schemas!.ProblemDetails as SchemaObject).properties).toHaveProperty("detail");
  });

  it("application/problem+json with the spec's type: that type, its fields filled at the spec's paths", () => {
    const doc = docOf(
      op,
      [
        `  Problem:`,
        `    fields:`,
        `      type: { type: string, format: uri }`,
        `      title: string`,
        `      status: { type: number, format: integer }`,
        `      detail: string`,
      ].join("\n"),
      { errors: "{ type: Problem, contentType: application/problem+json, message: detail, code: type }" },
    );
    const notFound = doc.components!.responses!.NotFound as { content: Record<string, { schema: unknown; examples: Record<string, { value: unknown }> }> };
    expect(Object.keys(notFound.content)).toEqual(["application/problem+json"]);
    expect(notFound.content["application/problem+json"]!.schema).toEqual({ $ref: "#/components/schemas/Problem" });
    expect(notFound.content["application/problem+json"]!.examples.NotFound!.value).toEqual({
      type: "https://example.com/problems/not_found",
      title: "<title>",
      status: 1,
      detail: "Nothing exists with the id given in the path.",
    });
  });

  it("rate-limit headers: Retry-After always, then only those the spec names; the request-id header on every error", () => {
    const doc = docOf(op, `  Failure:\n    fields:\n      message: string\n`, {
      errors: "{ type: Failure, message: message, requestIdHeader: X-Req }",
      extra: "rateLimit: { remaining: X-Left, reset: X-Reset-In, resetUnit: seconds }",
    });
    const tooMany = doc.components!.responses!.TooManyRequests as { description: string; headers: Record<string, unknown> };
    expect(Object.keys(tooMany.headers)).toEqual(["Retry-After", "X-Left", "X-Reset-In", "X-Req"]);
    expect(tooMany.description).toBe("The rate limit is exhausted. Wait until `X-Reset-In` (or for `Retry-After` seconds, when sent) before retrying.");
    expect(doc.components!.headers!["X-Reset-In"]).toEqual({ description: "How many seconds until the current window resets.", schema: { type: "integer" }, example: 60 });
    expect((doc.components!.responses!.NotFound as { headers: unknown }).headers).toEqual({ "X-Req": { $ref: "#/components/headers/X-Req" } });
    const none = docOf(op, "", {});
    expect(Object.keys((none.components!.responses!.TooManyRequests as { headers: object }).headers)).toEqual(["Retry-After"]);
  });
});

describe("deprecated", () => {
  const doc = docOf(
    `
  - name: add
    summary: Add a book
    risk: write
    deprecated: true
    http: { method: POST, path: /books }
    input:
      title: { type: string, required: true, deprecated: true }
      shelf: { type: string, in: query, deprecated: true }
    output: { id: string }
`,
  );

  it("marks the operation, the property and the parameter", () => {
    const o = doc.paths!["/books"]!.post! as OperationObject;
    expect(o.deprecated).toBe(true);
    expect(prop(doc, "title")).toEqual({ type: "string", deprecated: true });
    expect((o.parameters as ParameterObject[]).find((p) => p.name === "shelf")).toMatchObject({ in: "query", deprecated: true });
    const d30 = downgradeToOas30(doc);
    expect(d30.paths["/books"]!.post!.deprecated).toBe(true);
  });
});

describe("shared headers", () => {
  it("become parameter components with the spec's required flag, referenced by every operation", () => {
    const doc = docOf(
      `
  - name: list
    summary: List books
    risk: read
    http: { method: GET, path: /books }
    output: { ids: "string[]" }
`,
      "",
      { extra: `headers:\n  Shelf-Version: { option: shelfVersion, default: "2" }\n  X-Tenant: { required: true, description: Whose shelf. }\n` },
    );
    expect(doc.components!.parameters).toEqual({
      "Shelf-Version": { name: "Shelf-Version", in: "header", required: false, schema: { type: "string", default: "2" }, example: "2" },
      "X-Tenant": { name: "X-Tenant", in: "header", description: "Whose shelf.", required: true, schema: { type: "string" }, example: "<xTenant>" },
    });
    expect(doc.paths!["/books"]!.get!.parameters).toEqual([
      { $ref: "#/components/parameters/Shelf-Version" },
      { $ref: "#/components/parameters/X-Tenant" },
    ]);
  });
});

describe("servers", () => {
  it("carry their name (as the description where the spec gives none)", () => {
    const doc = docOf(`
  - name: list
    summary: List books
    risk: read
    http: { method: GET, path: /books }
    output: { ids: "string[]" }
`);
    expect(doc.servers).toEqual([
      { url: "https://api.shelf.test", description: "Production", "x-opspec-server": "production" },
      { url: "https://sandbox.shelf.test", description: "sandbox", "x-opspec-server": "sandbox" },
    ]);
  });
});

describe("every construct together, in a non-Intercom API", () => {
  const model = modelFromTexts({
    "api.yaml": api({
      auth: "{ scheme: apiKey, in: header, name: X-Api-Key }",
      errors: "{ type: Problem, contentType: application/problem+json, message: detail, code: type, requestId: instance }",
      extra: [
        `headers:\n  Shelf-Version: { option: shelfVersion, default: "2", enum: ["1", "2"] }`,
        `rateLimit: { limit: RateLimit-Limit, remaining: RateLimit-Remaining, reset: RateLimit-Reset, resetUnit: seconds }`,
        `types:`,
        `  Problem:`,
        `    fields:`,
        `      type: { type: string, format: uri }`,
        `      title: string`,
        `      status: { type: number, format: integer }`,
        `      detail: string`,
        `      instance: string`,
      ].join("\n"),
    }),
    "books.yaml": `
resource: books
title: Books
operations:
  - name: add
    summary: Add a book
    risk: write
    http: { method: POST, path: "/shelves/{shelf}/books" }
    status: 201
    input:
      shelf: { type: string, required: true, in: path, pattern: "^s-[0-9]{3}$" }
      title: { type: string, required: true, minLength: 1, maxLength: 200 }
      genre: { enum: [SciFi, Non Fiction] }
      kind: { const: Book, default: Book }
      copies: { type: number, format: integer, minimum: 1, maximum: 100 }
      note: { type: "string | null" }
      trace: { type: string, in: header, wire: X-Trace-Id }
      old: { type: string, deprecated: true }
    output: Book
  - name: list
    summary: List books
    risk: read
    http: { method: GET, path: "/shelves/{shelf}/books" }
    input:
      shelf: { type: string, required: true, in: path, example: s-001 }
      offset: { type: number, format: integer, minimum: 0 }
      limit: { type: number, format: integer, minimum: 1, maximum: 50, example: 20 }
    output: { items: "Book[]", total: { type: number, format: int64 } }
    pagination: { style: offset, items: items, total: total }
  - name: remove
    summary: Remove a book
    risk: destructive
    deprecated: true
    http: { method: DELETE, path: "/books/{id}" }
    status: 204
    input:
      id: { type: string, required: true, in: path }
types:
  Book:
    fields:
      id: { type: number, format: int64, required: true }
      title: { type: string, required: true }
      added_at: { type: string, format: date-time }
      published_on: { type: "string | null", format: date }
      genre: { enum: [SciFi, Non Fiction] }
`,
  });

  it("has nothing of Intercom in it", () => {
    const text = emitOpenApi(model)
      .map((f) => f.contents)
      .join("\n");
    expect(text).not.toMatch(/intercom/i);
    expect(text).not.toContain("starting_after");
  });

  it("passes Redocly's recommended lint with 0 problems, in 3.1 and 3.0", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "opspec-openapi-constructs-"));
    try {
      const files = emitOpenApi(model).filter((f) => f.path.endsWith(".json"));
      const paths = await Promise.all(
        files.map(async (f) => {
          const file = path.join(dir, path.basename(f.path));
          await writeFile(file, f.contents);
          return file;
        }),
      );
      const args = ["lint", "--config", path.join(ROOT, "redocly.yaml"), "--format=json", ...paths];
      const { stdout } = await promisify(execFile)(path.join(ROOT, "node_modules/.bin/redocly"), args, { cwd: ROOT, env: OFFLINE_ENV }).catch(
        (e: { stdout?: string }) => ({ stdout: e.stdout ?? "" }),
      );
      const reports = JSON.parse(`[${stdout.trim().replace(/^\}\{/gm, "},{")}]`) as { problems: { ruleId: string; message: string }[] }[];
      expect(reports).toHaveLength(paths.length);
      expect(reports.flatMap((r) => r.problems.map((p) => `${p.ruleId}: ${p.message}`))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
