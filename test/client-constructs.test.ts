/**
 * Golden tests for the client emitter, one spec construct at a time: a few lines of spec in, the exact
 * OperationDef, options interface or signature out (formatted, compared with whitespace folded).
 * Names come from the spec, never from a built-in API: these specs are not Intercom.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emitClient } from "../generator/emit/client/index.ts";
import { readRuntimeSources } from "../generator/emit/client/runtime-sources.ts";
import { emitZod } from "../generator/emit/zod/index.ts";
import { finishFiles } from "../generator/write/finish.ts";
import { modelFromTexts, ROOT } from "./helpers/spec.ts";

const RUNTIME = [{ file: "index.ts", contents: "export {};\n" }];

const API = (extra = "") => `
api: petstore.api
title: Petstore API
version: "3.1"
servers:
  - { name: production, url: "https://api.petstore.test/v3" }
  - { name: sandbox, url: "https://sandbox.petstore.test/v3", description: "Test data; resets nightly." }
${extra}
resources: [pets]
`;

/** Formatted client files for an api.yaml addition and the operations (and types) of `pets`. */
async function emit(operations: string, apiExtra = "", types = ""): Promise<{ index: string; pets: string }> {
  const model = modelFromTexts({ "api.yaml": API(apiExtra), "pets.yaml": `resource: pets\ntitle: Pets\noperations:\n${operations}\n${types}` });
  const files = finishFiles(emitClient(model, RUNTIME));
  const text = (p: string) => files.find((f) => f.path === p)!.contents;
  return { index: text("client/index.ts"), pets: text("client/pets.ts") };
}

/** Whitespace folded, trailing commas dropped: layout is the formatter's business. */
const flat = (text: string): string =>
  text
    .replace(/\s+/g, " ")
    .replace(/,\s*([}\])])/g, " $1")
    .replace(/([{[(]) /g, "$1")
    .replace(/ ([}\])])/g, "$1");

/** The `export const <name>…;` statement, flattened. */
function statement(text: string, name: string): string {
  const start = text.indexOf(`export const ${name}:`);
  if (start < 0) throw new Error(`no ${name} in:\n${text}`);
  return flat(text.slice(start, text.indexOf("\n};", start) + 3));
}

/** The `export interface <name> …}` declaration, flattened, without its JSDoc. */
function declaration(text: string, name: string): string {
  const start = text.indexOf(`export interface ${name} `);
  if (start < 0) throw new Error(`no interface ${name} in:\n${text}`);
  return flat(text.slice(start, text.indexOf("\n}", start) + 2).replace(/^\s*(\/\*\*[\s\S]*?\*\/|\*.*)$/gm, ""));
}

const PET = `types:
  Pet:
    fields:
      id: { type: string, required: true }
      name: string
  PetPage:
    fields:
      items: { type: "Pet[]", required: true }
      total: { type: number, format: integer }`;

describe("pagination: one OperationDef per style", () => {
  const op = (name: string, input: string, output: string, pagination: string) => `  - name: ${name}
    summary: List pets
    risk: read
    http: { method: GET, path: /pets/${name} }
    input:
${input}
    output:
${output}
    pagination: ${pagination}`;

  it.each([
    [
      "page",
      op("byPage", "      page: { type: number, format: integer }", "      data: { type: \"Pet[]\", required: true }\n      pages: { type: number, format: integer }", "{ style: page, items: data, totalPages: pages }"),
      'export const petsByPage: OperationDef<PetsByPageInput, PetsByPageOutput> = { name: "pets.byPage", resource: "pets", summary: "List pets", risk: "read", method: "GET", path: "/pets/byPage", input: PetsByPageInputSchema, output: PetsByPageOutputSchema, params: [{ name: "page", wire: "page", in: "query" }], pagination: { style: "page", items: ["data"], page: ["page"], totalPages: ["pages"] } };',
    ],
    [
      "offset",
      op("byOffset", "      offset: { type: number, format: integer }\n      limit: { type: number, format: integer }", "      result: { type: PetPage, required: true }", "{ style: offset, items: result.items, total: result.total }"),
      'export const petsByOffset: OperationDef<PetsByOffsetInput, PetsByOffsetOutput> = { name: "pets.byOffset", resource: "pets", summary: "List pets", risk: "read", method: "GET", path: "/pets/byOffset", input: PetsByOffsetInputSchema, output: PetsByOffsetOutputSchema, params: [ { name: "offset", wire: "offset", in: "query" }, { name: "limit", wire: "limit", in: "query" } ], pagination: { style: "offset", items: ["result", "items"], offset: ["offset"], limit: ["limit"], total: ["result", "total"] } };',
    ],
    [
      "cursor",
      op("byCursor", "      after: { type: string, in: query }", "      data: { type: \"Pet[]\", required: true }\n      next: string", "{ style: cursor, items: data, cursor: after, next: next }"),
      'export const petsByCursor: OperationDef<PetsByCursorInput, PetsByCursorOutput> = { name: "pets.byCursor", resource: "pets", summary: "List pets", risk: "read", method: "GET", path: "/pets/byCursor", input: PetsByCursorInputSchema, output: PetsByCursorOutputSchema, params: [{ name: "after", wire: "after", in: "query" }], pagination: { style: "cursor", items: ["data"], cursor: ["after"], next: ["next"] } };',
    ],
    [
      "lastId",
      op("byLastId", "      starting_after: { type: string, in: query }", "      data: { type: \"Pet[]\", required: true }\n      has_more: boolean", "{ style: lastId, items: data, cursor: starting_after }"),
      'export const petsByLastId: OperationDef<PetsByLastIdInput, PetsByLastIdOutput> = { name: "pets.byLastId", resource: "pets", summary: "List pets", risk: "read", method: "GET", path: "/pets/byLastId", input: PetsByLastIdInputSchema, output: PetsByLastIdOutputSchema, params: [{ name: "starting_after", wire: "starting_after", in: "query" }], pagination: { style: "lastId", items: ["data"], cursor: ["starting_after"], hasMore: ["has_more"], id: "id" } };',
    ],
    [
      "link",
      op("byLink", "      per_page: { type: number, format: integer }", "      data: { type: \"Pet[]\", required: true }", "{ style: link, items: data }"),
      'export const petsByLink: OperationDef<PetsByLinkInput, PetsByLinkOutput> = { name: "pets.byLink", resource: "pets", summary: "List pets", risk: "read", method: "GET", path: "/pets/byLink", input: PetsByLinkInputSchema, output: PetsByLinkOutputSchema, params: [{ name: "per_page", wire: "per_page", in: "query" }], pagination: { style: "link", items: ["data"] } };',
    ],
    [
      "scroll",
      op("byScroll", "      scroll_id: { type: string, in: query }", "      hits: { type: \"Pet[]\", required: true }\n      scroll_id: string", "{ style: scroll, items: hits, cursor: scroll_id, next: scroll_id }"),
      'export const petsByScroll: OperationDef<PetsByScrollInput, PetsByScrollOutput> = { name: "pets.byScroll", resource: "pets", summary: "List pets", risk: "read", method: "GET", path: "/pets/byScroll", input: PetsByScrollInputSchema, output: PetsByScrollOutputSchema, params: [{ name: "scroll_id", wire: "scroll_id", in: "query" }], pagination: { style: "scroll", items: ["hits"], cursor: ["scroll_id"], next: ["scroll_id"] } };',
    ],
  ])("%s", async (_style, spec, expected) => {
    const { pets } = await emit(spec, "", PET);
    const name = /export const (\w+):/.exec(pets)![1]!;
    expect(statement(pets, name)).toBe(flat(expected));
  });

  it("types .all by the items path: the named item type where the path runs through named objects", async () => {
    const { pets } = await emit(
      op("byOffset", "      offset: { type: number, format: integer }\n      limit: { type: number, format: integer }", "      result: { type: PetPage, required: true }", "{ style: offset, items: result.items }"),
      "",
      PET,
    );
    expect(flat(pets)).toContain(flat("all(input?: PetsByOffsetInput, options?: RequestOptions): AsyncIterable<Pet>;"));
    expect(pets).toContain('import type { Pet } from "../schemas/types.js";');
    expect(pets).toContain(
      "Every item (`result.items`) of every page, advancing `offset` by each page's item count until a page comes back short;",
    );
  });

  it("types .all off the output type where the items are not a named type", async () => {
    const { pets } = await emit(
      op("tags", "      page: { type: number, format: integer }", "      result: { type: PetTags, required: true }", "{ style: page, items: result.tags }"),
      "",
      "types:\n  PetTags:\n    fields:\n      tags: { type: \"string[] | null\" }",
    );
    expect(flat(pets)).toContain(
      flat('all(input?: PetsTagsInput, options?: RequestOptions): AsyncIterable<NonNullable<NonNullable<PetsTagsOutput["result"]>["tags"]>[number]>;'),
    );
  });
});

describe("operations without an output, and success statuses", () => {
  it("a 204 operation has no output in its OperationDef, says its status, and resolves to void", async () => {
    const { pets, index } = await emit(`  - name: remove
    summary: Remove a pet
    risk: destructive
    http: { method: DELETE, path: "/pets/{id}" }
    status: 204
    input:
      id: { type: string, required: true, in: path }`);
    expect(statement(pets, "petsRemove")).toBe(
      flat(
        'export const petsRemove: OperationDef<PetsRemoveInput, void> = { name: "pets.remove", resource: "pets", summary: "Remove a pet", risk: "destructive", method: "DELETE", path: "/pets/{id}", input: PetsRemoveInputSchema, params: [{ name: "id", wire: "id", in: "path" }], status: 204 };',
      ),
    );
    expect(pets).toContain("readonly remove: (input: PetsRemoveInput, options?: RequestOptions) => Promise<void>;");
    expect(pets).toContain('import { PetsRemoveInputSchema, type PetsRemoveInput } from "../schemas/pets.js";');
    expect(pets).toContain("   * await client.pets.remove({ id: \"123\" });");
    expect(flat(index)).toContain(flat('"pets.remove": { input: schemas.PetsRemoveInput; output: void; };'));
  });

  it("a 201 operation with an output keeps it and says its status", async () => {
    const { pets } = await emit(`  - name: create
    summary: Create a pet
    risk: write
    http: { method: POST, path: /pets }
    status: 201
    input:
      name: { type: string, required: true }
    output: { id: { type: string, required: true } }`);
    expect(statement(pets, "petsCreate")).toContain(flat("output: PetsCreateOutputSchema,"));
    expect(statement(pets, "petsCreate")).toContain(flat('params: [{ name: "name", wire: "name", in: "body" }], status: 201 };'));
  });
});

describe("header inputs and deprecated operations", () => {
  it("a header input is a param `in: \"header\"` under its wire name", async () => {
    const { pets } = await emit(`  - name: get
    summary: Get a pet
    risk: read
    deprecated: true
    http: { method: GET, path: "/pets/{id}" }
    input:
      id: { type: string, required: true, in: path }
      idempotency_key: { type: string, in: header, wire: Idempotency-Key }
    output: { id: string }`);
    expect(statement(pets, "petsGet")).toContain(
      flat('params: [ { name: "id", wire: "id", in: "path" }, { name: "idempotency_key", wire: "Idempotency-Key", in: "header" } ]'),
    );
    // Deprecated: on the OperationDef and on the method.
    expect(pets.match(/@deprecated The API marks this operation as deprecated; it may be removed\./g)).toHaveLength(2);
  });
});

describe("options interface: credentials by auth scheme, server option, headers", () => {
  const LIST = `  - name: list
    summary: List pets
    risk: read
    http: { method: GET, path: /pets }
    output: { ok: boolean }`;

  it("bearer: token", async () => {
    const { index } = await emit(LIST, "auth: bearer\nserverOption: environment");
    expect(declaration(index, "PetstoreClientOptions")).toBe(
      flat('export interface PetstoreClientOptions extends BaseClientOptions { token: string; environment?: "production" | "sandbox"; }'),
    );
  });

  it("basic: username and password", async () => {
    const { index } = await emit(LIST, "auth: { scheme: basic, description: Your account's credentials. }");
    expect(declaration(index, "PetstoreClientOptions")).toBe(
      flat('export interface PetstoreClientOptions extends BaseClientOptions { username: string; password: string; server?: "production" | "sandbox"; }'),
    );
    expect(index).toContain('auth: { scheme: "basic" },');
    expect(index).toContain("createPetstoreClient({ username: process.env.PETSTORE_USERNAME!, password: process.env.PETSTORE_PASSWORD! });");
  });

  it("apiKey: apiKey, travelling where the spec says", async () => {
    const { index } = await emit(LIST, "auth: { scheme: apiKey, in: header, name: X-Api-Key }");
    expect(declaration(index, "PetstoreClientOptions")).toBe(
      flat('export interface PetstoreClientOptions extends BaseClientOptions { apiKey: string; server?: "production" | "sandbox"; }'),
    );
    expect(index).toContain('auth: { scheme: "apiKey", in: "header", name: "X-Api-Key" },');
    expect(index).toContain("  /** Sent in the `X-Api-Key` header. Never appears in errors, logs or hook events. */");
  });

  it("none: no credentials, and the options may be left out", async () => {
    const { index } = await emit(LIST);
    expect(declaration(index, "PetstoreClientOptions")).toBe(
      flat('export interface PetstoreClientOptions extends BaseClientOptions { server?: "production" | "sandbox"; }'),
    );
    expect(index).toContain("export function createPetstoreClient(options: PetstoreClientOptions = {}): PetstoreClient {");
    expect(index).toContain(" * const client = createPetstoreClient();");
  });

  it("headers: one option each, typed by the enum, required when the spec says so", async () => {
    const { index } = await emit(
      LIST,
      `auth: bearer
headers:
  Api-Version: { option: apiVersion, enum: ["2024-01-01", "2025-06-01"], default: "2025-06-01", description: "Which version." }
  X-Tenant: { option: tenant, required: true, description: "Your tenant id." }
  X-Trace: {}`,
    );
    expect(declaration(index, "PetstoreClientOptions")).toBe(
      flat(
        'export interface PetstoreClientOptions extends BaseClientOptions { token: string; server?: "production" | "sandbox"; apiVersion?: "2024-01-01" | "2025-06-01"; tenant: string; xTrace?: string; }',
      ),
    );
    expect(flat(index)).toContain(
      flat('headers: [ { name: "Api-Version", option: "apiVersion", default: "2025-06-01" }, { name: "X-Tenant", option: "tenant", required: true }, { name: "X-Trace", option: "xTrace" } ],'),
    );
    expect(index).toContain("   * Sent as the `X-Tenant` header; required.");
    expect(index).toContain(' * const client = createPetstoreClient({ token: process.env.PETSTORE_TOKEN!, tenant: "<tenant>" });');
  });
});

describe("names from the spec", () => {
  it("factory, client type, options and error base follow `name:`; the user agent follows `package:`", async () => {
    const model = modelFromTexts({
      "api.yaml": API("name: Shop\npackage: \"@acme/shop-sdk\"\nauth: bearer"),
      "pets.yaml": "resource: pets\ntitle: Pets\noperations:\n  - name: list\n    summary: List\n    risk: read\n    http: { method: GET, path: /pets }\n    output: { ok: boolean }",
    });
    const index = finishFiles(emitClient(model, RUNTIME)).find((f) => f.path === "client/index.ts")!.contents;
    expect(index).toContain("export function createShopClient(options: ShopClientOptions): ShopClient {");
    expect(index).toContain("export interface ShopClient {");
    expect(index).toContain("  ClientError as ShopError,");
    expect(index).toContain('  userAgent: "@acme/shop-sdk/3.1",');
    expect(index).not.toMatch(/createPetstore|PetstoreClient|PetstoreError|Intercom/);
  });
});

describe("hostile text from the spec", () => {
  it("stays data in string literals and inert in comments", async () => {
    const { pets, index } = await emit(
      `  - name: get
    summary: "Get */ a \\"pet\\" \\u2028 \${x} \`y\`"
    description: "Line one.\\n@example evil()\\n*/ export const pwned = 1; /*"
    risk: read
    http: { method: GET, path: /pets }
    input:
      q: { type: string, default: "*/ \\" \\\\ '", description: "*/ globalThis.pwned = 1; /*" }
    output: { ok: boolean }`,
      `auth: { scheme: bearer, description: "*/ globalThis.pwned = 2; /*" }
headers:
  X-Mode: { option: mode, enum: ["a\\"b", "*/", "\${c}"], default: "*/", description: "Mode */ globalThis.pwned = 3; /*" }`,
    );
    expect(statement(pets, "petsGet")).toContain(flat('summary: "Get */ a \\"pet\\" \\u2028 ${x} `y`",'));
    expect(statement(pets, "petsGet")).toContain(flat(`params: [{ name: "q", wire: "q", in: "query", default: "*/ \\" \\\\ '" }]`));
    expect(index).toContain('  mode?: "a\\"b" | "*/" | "${c}";');
    expect(index).toContain('headers: [{ name: "X-Mode", option: "mode", default: "*/" }],');
    for (const [name, text] of [
      ["pets.ts", pets],
      ["index.ts", index],
    ] as const) {
      // Valid TypeScript, and the only statements are the ones the emitter writes.
      const out = ts.transpileModule(text, {
        reportDiagnostics: true,
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, removeComments: true },
      });
      expect(out.diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")), name).toEqual([]);
      // The injected statements only ever appear inside comments (no string literal here carries them).
      expect(out.outputText, name).not.toContain("pwned");
    }
    expect(pets).toContain("*\\/ export const pwned = 1; /*");
  });
});

describe("a client for another API, end to end", () => {
  const OUT = path.join(ROOT, "test-output", `client-constructs-${process.pid}-${Date.now()}`);
  const API_TEXT = `
api: petstore.api
title: Petstore API
version: "3.1"
servers:
  - { name: production, url: "https://api.petstore.test/v3" }
serverOption: environment
auth: basic
headers:
  X-Tenant: { option: tenant, required: true }
errors: { message: detail, code: code }
resources: [pets]
`;
  const PETS = `resource: pets
title: Pets
operations:
  - name: list
    summary: List pets
    risk: read
    http: { method: GET, path: /pets }
    input:
      starting_after: { type: string }
      trace: { type: string, in: header, wire: X-Trace }
    output:
      result: { type: PetPage, required: true }
      has_more: { type: boolean, required: true }
    pagination: { style: lastId, items: result.items, cursor: starting_after }
  - name: remove
    summary: Remove a pet
    risk: destructive
    http: { method: DELETE, path: "/pets/{id}" }
    status: 204
    input:
      id: { type: string, required: true, in: path }
      born: { type: string, format: date-time }
${PET}
`;
  let server: Server;
  let baseUrl = "";
  const seen: { method?: string; url?: string; headers: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    const model = modelFromTexts({ "api.yaml": API_TEXT, "pets.yaml": PETS });
    const files = finishFiles([...emitZod(model), ...emitClient(model, readRuntimeSources())]);
    for (const f of files) {
      await mkdir(path.dirname(path.join(OUT, f.path)), { recursive: true });
      await writeFile(path.join(OUT, f.path), f.contents);
    }
    server = createServer((req, res) => {
      seen.push({ method: req.method, url: req.url, headers: req.headers });
      if (req.method === "DELETE") {
        res.writeHead(204).end();
        return;
      }
      const after = new URL(req.url ?? "/", "http://x").searchParams.get("starting_after");
      const page = after === null ? { result: { items: [{ id: "p1" }, { id: "p2" }] }, has_more: true } : { result: { items: [{ id: "p3" }] }, has_more: false };
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(page));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await rm(OUT, { recursive: true, force: true });
  });

  it("type-checks with the runtime under the project's strict settings", { timeout: 120_000 }, () => {
    const probe = path.join(OUT, "probe.ts");
    ts.sys.writeFile(
      probe,
      [
        'import { createPetstoreClient, type PetstoreClientOptions } from "./client/index.js";',
        'import type { Pet } from "./schemas/index.js";',
        'const options: PetstoreClientOptions = { username: "u", password: "p", tenant: "t", environment: "production" };',
        "const client = createPetstoreClient(options);",
        'export const removed: Promise<void> = client.pets.remove({ id: "1" });',
        "export const all: AsyncIterable<Pet> = client.pets.list.all();",
        '// @ts-expect-error the tenant header is required',
        'createPetstoreClient({ username: "u", password: "p" });',
      ].join("\n"),
    );
    const config = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), (p) => ts.sys.readFile(p));
    const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
    const program = ts.createProgram([path.join(OUT, "client/index.ts"), probe], { ...options, noEmit: true });
    expect(ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"))).toEqual([]);
  });

  it("runs: basic credentials, the required header, a header input, lastId paging through a nested items path, a 204", async () => {
    const mod = (await import(pathToFileURL(path.join(OUT, "client/index.ts")).href)) as {
      createPetstoreClient: (o: Record<string, unknown>) => {
        pets: {
          list: { all: (input?: Record<string, unknown>) => AsyncIterable<{ id: string }> };
          remove: (input: Record<string, unknown>) => Promise<unknown>;
        };
      };
    };
    const client = mod.createPetstoreClient({ username: "u", password: "p", tenant: "acme", baseUrl, maxRisk: "destructive" });
    const ids: string[] = [];
    for await (const pet of client.pets.list.all({ trace: "t-1" })) ids.push(pet.id);
    expect(ids).toEqual(["p1", "p2", "p3"]);
    expect(seen.map((r) => r.url)).toEqual(["/pets", "/pets?starting_after=p2"]);
    expect(seen[0]!.headers).toMatchObject({ authorization: `Basic ${btoa("u:p")}`, "x-tenant": "acme", "x-trace": "t-1" });
    await expect(client.pets.remove({ id: "p1" })).resolves.toBeUndefined();
    expect(seen.at(-1)).toMatchObject({ method: "DELETE", url: "/pets/p1" });
  });
});
