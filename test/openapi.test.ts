/**
 * The OpenAPI emitter: its contract on a small spec that exercises every construct (each decision is
 * pinned by name here), the shape of the real document, the 3.0 variant's dialect, determinism, and
 * that generated/openapi/ is what the emitter produces now.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import SwaggerParser from "@apidevtools/swagger-parser";
import type { OpenAPIObject as OpenApi30, SchemaObject as Schema30 } from "openapi3-ts/oas30";
import type { OpenAPIObject, OperationObject, ParameterObject, ReferenceObject, ResponseObject, SchemaObject } from "openapi3-ts/oas31";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { emitOpenApi, OPENAPI_FILES } from "../generator/emit/openapi/index.ts";
import { buildOpenApi, GENERATED_NOTE, routesOf } from "../generator/emit/openapi/document.ts";
import { downgradeToOas30 } from "../generator/emit/openapi/oas30.ts";
import { finishFiles } from "../generator/write/finish.ts";
import { GENERATED_DIR, loadModel, modelFromTexts, ROOT } from "./helpers/spec.ts";

const API = `
api: test.api
title: Test API
version: "3.1"
description: A test API.
contact: { name: Tester, url: "https://example.org/contact" }
license: { name: MIT, url: "https://spdx.org/licenses/MIT" }
servers:
  - { name: us, url: "https://api.example.org", description: The US region. }
  - { name: eu, url: "https://api.eu.example.org" }
auth: { scheme: bearer, description: A bearer token. }
headers:
  Test-Version: { description: The version., default: "3.1", enum: ["3.0", "3.1"] }
resources: [widgets, gadgets]
errors: { type: Failure, message: message, code: code }
rateLimit: { limit: X-Limit, remaining: X-Remaining, reset: X-Reset, resetUnit: seconds }
types:
  Failure:
    description: An error.
    fields:
      type: { type: string, required: true, description: Always \`error.list\`. }
      code: { type: string, required: true, description: What went wrong. }
      message: { type: string, description: In words. }
`;

const WIDGETS = `
resource: widgets
title: Widgets
description: Widgets are things.
operations:
  - name: get
    summary: Get a widget
    description: Fetches one widget.
    risk: read
    http: { method: GET, path: "/widgets/{id}" }
    input:
      id: { type: string, required: true, in: path, description: The widget's id., example: "w1" }
      mode: { type: fast | slow, in: query, default: fast, description: How hard to look. }
      page: { type: number, format: integer, in: query, unsupported: true, description: A page. }
    output: Widget
  - name: listAll
    summary: List widgets
    risk: read
    http: { method: GET, path: /widgets }
    output:
      type: { type: string, description: Always \`list\`. }
      widgets: { type: "Widget[]", required: true, description: The widgets. }
      total: { type: number, format: integer }
  - name: close
    summary: Close a widget
    risk: write
    http: { method: POST, path: "/widgets/{id}/parts" }
    input:
      id: { type: string, required: true, in: path }
      admin_id: { type: string, required: true, in: body, wire: adminId, example: "a1" }
      message_type: { const: close, in: body, default: close }
    constants: { kind: admin }
    output: Widget
  - name: open
    summary: Open a widget
    risk: destructive
    http: { method: POST, path: "/widgets/{id}/parts" }
    input:
      id: { type: string, required: true, in: path }
      message_type: { const: open, in: body, default: open }
      note: { type: string, in: body, unsupported: true }
    output: Widget
types:
  Widget:
    description: A widget.
    fields:
      id: { type: string, required: true, description: The id. }
      created_at: { type: number, format: unix-time, description: When. }
      size: { type: number, format: integer }
      ratio: number
      url: { type: string, format: uri }
      avatar: { type: string, wireType: Avatar }
      attrs: Attributes
      parent: Widget
      children: "Widget[]"
      where: Condition
      state: { type: on | off, required: true }
      blob: object
  Avatar:
    fields:
      image_url: string
  Attributes:
    description: Custom values.
    values: string | number
  Condition:
    oneOf: [Avatar, Widget]
`;

const GADGETS = `
resource: gadgets
title: Gadgets
operations:
  - name: ping
    summary: Ping
    risk: read
    http: { method: GET, path: /ping }
    output:
      ok: boolean
    outputWireType: Avatar
  - name: reset
    summary: Reset
    risk: destructive
    http: { method: POST, path: /reset }
    output:
      ok: boolean
`;

const model = modelFromTexts({ "api.yaml": API, "widgets.yaml": WIDGETS, "gadgets.yaml": GADGETS });
const doc = buildOpenApi(model);
const schemas = doc.components!.schemas!;
const op = (p: string, method: "get" | "post"): OperationObject => doc.paths![p]![method]!;
const param = (o: OperationObject, name: string) => (o.parameters ?? []).find((p) => "name" in p && p.name === name) as ParameterObject;
const prop = (s: SchemaObject | ReferenceObject | undefined, name: string) => (s as SchemaObject).properties![name] as SchemaObject;
const jsonBody = (o: OperationObject) => (o.requestBody as { content: Record<string, { schema: SchemaObject; examples: Record<string, { value: unknown }> }> }).content["application/json"]!;
const jsonOk = (o: OperationObject) => (o.responses!["200"] as { content: Record<string, { schema: SchemaObject; examples: Record<string, { value: unknown }> }> }).content["application/json"]!;

describe("OpenAPI 3.1 document of a small spec", () => {
  it("has info, the do-not-edit note, every server (named), bearer security and a tag per resource in order", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc["x-generated-by"]).toBe(GENERATED_NOTE);
    expect(doc.info).toEqual({
      title: "Test API",
      version: "3.1",
      description: "A test API.",
      contact: { name: "Tester", url: "https://example.org/contact" },
      license: { name: "MIT", url: "https://spdx.org/licenses/MIT" },
      "x-opspec-api": "test.api",
    });
    expect(doc.servers).toEqual([
      { url: "https://api.example.org", description: "The US region.", "x-opspec-server": "us" },
      { url: "https://api.eu.example.org", description: "eu", "x-opspec-server": "eu" },
    ]);
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.components!.securitySchemes).toEqual({ bearerAuth: { type: "http", scheme: "bearer", description: "A bearer token." } });
    expect(doc.tags!.map((t) => [t.name, t["x-opspec-resource"]])).toEqual([["Widgets", "widgets"], ["Gadgets", "gadgets"]]);
    expect(doc.tags!.every((t) => typeof t.description === "string" && t.description.length > 0)).toBe(true);
  });

  it("names operations by the model's id, with x-opspec-name (full name) and x-risk", () => {
    const get = op("/widgets/{id}", "get");
    expect(get).toMatchObject({ operationId: "widgetsGet", "x-opspec-name": "widgets.get", "x-risk": "read", tags: ["Widgets"] });
    expect(get.summary).toBe("Get a widget");
    expect(get.description).toBe("Fetches one widget.");
    expect(op("/widgets", "get").operationId).toBe("widgetsListAll");
    expect(op("/ping", "get")).toMatchObject({ operationId: "gadgetsPing", "x-opspec-name": "gadgets.ping", tags: ["Gadgets"] });
  });

  it("serves operations that share a method and path with one operation whose body has a branch each", () => {
    expect(routesOf(model).map((r) => r.operations.map((o) => o.fullName))).toContainEqual(["widgets.close", "widgets.open"]);
    const shared = op("/widgets/{id}/parts", "post");
    expect(shared.operationId).toBe("widgetsCloseOrOpen");
    expect(shared["x-opspec-name"]).toEqual(["widgets.close", "widgets.open"]);
    expect(shared["x-risk"]).toBe("destructive");
    expect(shared["x-opspec-operations"]).toEqual([
      { name: "widgets.close", operationId: "widgetsClose", summary: "Close a widget", risk: "write" },
      { name: "widgets.open", operationId: "widgetsOpen", summary: "Open a widget", risk: "destructive" },
    ]);
    const body = jsonBody(shared);
    expect(body.schema.anyOf!.map((b) => (b as SchemaObject).title)).toEqual(["widgets.close", "widgets.open"]);
    expect(Object.keys(body.examples)).toEqual(["widgetsClose", "widgetsOpen"]);
    expect((shared.requestBody as { required: boolean }).required).toBe(true);
  });

  it("puts path and query parameters under wire names with schemas, required flags, examples and the version header", () => {
    const get = op("/widgets/{id}", "get");
    expect(get.parameters![0]).toEqual({ $ref: "#/components/parameters/Test-Version" });
    expect(param(get, "id")).toEqual({ name: "id", in: "path", description: "The widget's id.", required: true, schema: { type: "string" }, example: "w1" });
    expect(param(get, "mode")).toMatchObject({ in: "query", required: false, schema: { type: "string", enum: ["fast", "slow"], default: "fast" }, example: "fast" });
    expect(doc.components!.parameters!["Test-Version"]).toEqual({
      name: "Test-Version",
      in: "header",
      description: "The version.",
      required: false,
      schema: { type: "string", enum: ["3.0", "3.1"], default: "3.1" },
      example: "3.1",
    });
  });

  it("keeps unsupported inputs, saying so in the description", () => {
    const page = param(op("/widgets/{id}", "get"), "page");
    expect(page.description).toBe("A page.\n\nNot defined by API version 3.1; the server may ignore it.");
    expect(page["x-opspec-unsupported"]).toBe(true);
    expect(page.schema).toEqual({ type: "integer" });
    const note = prop(jsonBody(op("/widgets/{id}/parts", "post")).schema.anyOf![1], "note");
    expect(note.description).toBe("Not defined by API version 3.1; the server may ignore it.");
  });

  it("builds JSON bodies under wire names, with constants as required consts and defaults", () => {
    const close = jsonBody(op("/widgets/{id}/parts", "post")).schema.anyOf![0] as SchemaObject;
    expect(Object.keys(close.properties!)).toEqual(["adminId", "message_type", "kind"]);
    expect(close.required).toEqual(["adminId", "kind"]);
    expect(close.properties!.kind).toEqual({ type: "string", const: "admin", description: "Always `admin`; the client sends it." });
    expect(close.properties!.message_type).toEqual({ type: "string", const: "close", default: "close" });
    expect(close.properties!.adminId).toEqual({ type: "string", examples: ["a1"] });
    expect(jsonBody(op("/widgets/{id}/parts", "post")).examples.widgetsClose!.value).toEqual({ adminId: "a1", message_type: "close", kind: "admin" });
  });

  it("lets a POST without body fields take the empty JSON object the client sends, and nothing else", () => {
    const reset = op("/reset", "post");
    expect(reset.requestBody).toEqual({
      required: false,
      content: {
        "application/json": {
          schema: { type: "object", description: "No fields: the client sends an empty JSON object.", additionalProperties: false },
          examples: { gadgetsReset: { summary: "Reset", value: {} } },
        },
      },
    });
    expect(Object.keys(reset.responses!)).toEqual(["200", "401", "403", "429"]);
    expect(op("/ping", "get").requestBody).toBeUndefined();
  });

  it("references named types from components and never copies them inline", () => {
    expect(Object.keys(schemas)).toEqual(model.types.map((t) => t.name));
    expect(jsonOk(op("/widgets/{id}", "get")).schema).toEqual({ $ref: "#/components/schemas/Widget" });
    const inline = jsonOk(op("/widgets", "get")).schema;
    expect(inline.properties!.widgets).toEqual({ type: "array", items: { $ref: "#/components/schemas/Widget" }, description: "The widgets." });
    // No component's body appears anywhere else in the document.
    const text = JSON.stringify(doc.paths);
    for (const [name, s] of Object.entries(schemas)) expect(text.includes(JSON.stringify(s)), name).toBe(false);
  });

  it("maps integers, unix times, formats, wire types, maps, unions, enums and free objects", () => {
    const w = schemas.Widget as SchemaObject;
    expect(w.required).toEqual(["id", "state"]);
    expect(prop(w, "id")).toEqual({ type: "string", description: "The id." });
    expect(prop(w, "created_at")).toEqual({ type: ["integer", "null"], format: "unixtime", description: "When." });
    expect(prop(w, "size")).toEqual({ type: ["integer", "null"] });
    expect(prop(w, "ratio")).toEqual({ type: ["number", "null"] });
    expect(prop(w, "url")).toEqual({ type: ["string", "null"], format: "uri" });
    expect(prop(w, "avatar")).toEqual({ anyOf: [{ type: "string" }, { $ref: "#/components/schemas/Avatar" }, { type: "null" }] });
    expect(prop(w, "parent")).toEqual({ anyOf: [{ $ref: "#/components/schemas/Widget" }, { type: "null" }] });
    expect(prop(w, "children")).toEqual({ type: ["array", "null"], items: { $ref: "#/components/schemas/Widget" } });
    expect(prop(w, "state")).toEqual({ type: "string", enum: ["on", "off"] });
    expect(prop(w, "blob")).toEqual({ type: ["object", "null"], additionalProperties: true });
    expect(schemas.Attributes).toEqual({ type: "object", description: "Custom values.", additionalProperties: { anyOf: [{ type: "string" }, { type: "number" }] } });
    expect(schemas.Condition).toEqual({ anyOf: [{ $ref: "#/components/schemas/Avatar" }, { $ref: "#/components/schemas/Widget" }] });
  });

  it("answers with the output or, where the spec says the API contradicts it, the output's wire type", () => {
    expect(jsonOk(op("/ping", "get")).schema).toEqual({
      anyOf: [{ type: "object", properties: { ok: { type: ["boolean", "null"] } } }, { $ref: "#/components/schemas/Avatar" }],
    });
    expect(jsonOk(op("/ping", "get")).examples.gadgetsPing!.value).toEqual({ ok: true });
  });

  it("lets optional output fields be null, but not request inputs", () => {
    const list = jsonOk(op("/widgets", "get")).schema;
    expect(list.properties!.total).toEqual({ type: ["integer", "null"] });
    expect(list.properties!.widgets!).not.toHaveProperty("anyOf");
    expect(param(op("/widgets/{id}", "get"), "mode").schema).not.toHaveProperty("type", expect.arrayContaining(["null"]));
    const open = jsonBody(op("/widgets/{id}/parts", "post")).schema.anyOf![1] as SchemaObject;
    expect(prop(open, "note").type).toBe("string");
  });

  it("answers errors on the error type: 401/403/429 always, 400 with input, 404 with a path parameter, 422 with a body", () => {
    const statuses = (o: OperationObject) => Object.keys(o.responses!);
    expect(statuses(op("/ping", "get"))).toEqual(["200", "401", "403", "429"]);
    expect(statuses(op("/widgets/{id}", "get"))).toEqual(["200", "400", "401", "403", "404", "429"]);
    expect(statuses(op("/widgets/{id}/parts", "post"))).toEqual(["200", "400", "401", "403", "404", "422", "429"]);
    expect(op("/ping", "get").responses!["429"]).toEqual({ $ref: "#/components/responses/TooManyRequests" });
    const tooMany = doc.components!.responses!.TooManyRequests as ResponseObject;
    expect(Object.keys(tooMany.headers!)).toEqual(["Retry-After", "X-Limit", "X-Remaining", "X-Reset"]);
    expect(tooMany.headers!["Retry-After"]).toEqual({ $ref: "#/components/headers/Retry-After" });
    expect(Object.keys(doc.components!.headers!)).toEqual(Object.keys(tooMany.headers!));
    const content = tooMany.content!["application/json"]!;
    expect(content.schema).toEqual({ $ref: "#/components/schemas/Failure" });
    expect(Object.values(content.examples!)[0]).toMatchObject({ value: { type: "<type>", code: "too_many_requests", message: tooMany.description } });
  });

  it("gives every operation a response example, and a request example where it takes input", () => {
    for (const [, item] of Object.entries(doc.paths!))
      for (const o of [item.get, item.post].filter((x): x is OperationObject => x !== undefined)) {
        expect(Object.keys(jsonOk(o).examples).length, o.operationId).toBeGreaterThan(0);
        for (const p of o.parameters ?? []) if ("name" in p) expect(p.example, `${o.operationId} ${p.name}`).toBeDefined();
        if (o.requestBody) expect(Object.keys(jsonBody(o).examples).length).toBeGreaterThan(0);
      }
    // A synthesized Widget follows the cycle Widget → parent no further than one level.
    const widget = jsonOk(op("/widgets/{id}", "get")).examples.widgetsGet!.value as Record<string, unknown>;
    expect(widget).toMatchObject({ id: "123", created_at: 1717243200, size: 1, ratio: 1, url: "https://example.com", state: "on", blob: {}, children: [] });
    expect(widget).not.toHaveProperty("parent");
    expect(jsonOk(op("/widgets", "get")).examples.widgetsListAll!.value).toMatchObject({ type: "<type>" });
  });
});

describe("OpenAPI 3.0.3 variant", () => {
  const doc30 = downgradeToOas30(doc);
  const s30 = doc30.components!.schemas! as Record<string, Schema30>;
  const p30 = (name: string) => s30.Widget!.properties![name] as Schema30;

  it("spells nullability with nullable, never with type arrays or null members", () => {
    expect(doc30.openapi).toBe("3.0.3");
    expect(p30("size")).toEqual({ type: "integer", nullable: true });
    expect(p30("parent")).toEqual({ type: "object", nullable: true, allOf: [{ $ref: "#/components/schemas/Widget" }] });
    expect(p30("avatar")).toEqual({ anyOf: [{ type: "string", nullable: true }, { $ref: "#/components/schemas/Avatar" }] });
    const text = JSON.stringify(doc30);
    expect(text).not.toContain('"null"');
    expect(text).not.toMatch(/"type":\[/);
  });

  it("uses example (not examples) in schemas and puts nothing beside a $ref", () => {
    const close = (doc30.paths["/widgets/{id}/parts"]!.post!.requestBody as { content: Record<string, { schema: Schema30 }> }).content["application/json"]!.schema.anyOf![0] as Schema30;
    expect(close.properties!.adminId).toEqual({ type: "string", example: "a1" });
    const list = (doc30.paths["/widgets"]!.get!.responses["200"] as { content: Record<string, { schema: Schema30 }> }).content["application/json"]!.schema;
    expect(list.properties!.widgets).toEqual({ type: "array", items: { $ref: "#/components/schemas/Widget" }, description: "The widgets." });
    for (const s of allSchemas(doc30)) {
      if ("$ref" in s) expect(Object.keys(s)).toEqual(["$ref"]);
      expect(s).not.toHaveProperty("examples");
    }
  });

  it("keeps paths, operations, parameters and components as in 3.1", () => {
    expect(Object.keys(doc30.paths)).toEqual(Object.keys(doc.paths!));
    expect(doc30.paths["/widgets/{id}"]!.get!.parameters).toEqual(doc.paths!["/widgets/{id}"]!.get!.parameters);
    expect(Object.keys(doc30.components!)).toEqual(Object.keys(doc.components!));
    expect(doc30.info).toEqual(doc.info);
  });
});

describe("outside judges on the small spec's documents (every construct, beyond what spec/ uses today)", () => {
  it("pass Redocly's recommended lint with 0 problems and swagger-parser validation, in 3.1 and 3.0", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "opspec-openapi-"));
    try {
      const files = emitOpenApi(model).filter((f) => f.path.endsWith(".json"));
      const paths = await Promise.all(
        files.map(async (f) => {
          const file = path.join(dir, path.basename(f.path));
          await writeFile(file, f.contents);
          return file;
        }),
      );
      for (const file of paths) await expect(SwaggerParser.validate(file)).resolves.toHaveProperty("paths");
      // Offline as in openapi-judges.test.ts: telemetry off (redocly.yaml and env), no update check.
      const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", REDOCLY_SUPPRESS_NOTIFICATIONS: "true" };
      const args = ["lint", "--config", path.join(ROOT, "redocly.yaml"), "--format=json", ...paths];
      const { stdout } = await promisify(execFile)(path.join(ROOT, "node_modules/.bin/redocly"), args, { cwd: ROOT, env }).catch(
        (e: { stdout?: string }) => ({ stdout: e.stdout ?? "" }),
      );
      // One JSON report per document, printed back to back.
      const reports = JSON.parse(`[${stdout.trim().replace(/^\}\{/gm, "},{")}]`) as { problems: { ruleId: string; message: string }[] }[];
      expect(reports).toHaveLength(paths.length);
      expect(reports.flatMap((r) => r.problems.map((p) => `${p.ruleId}: ${p.message}`))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("OpenAPI documents of spec/", () => {
  it("emit 3.1 JSON, the same content as YAML, and 3.0 JSON, byte-identical on every run", async () => {
    const model = await loadModel();
    const first = emitOpenApi(model);
    expect(first.map((f) => f.path)).toEqual([OPENAPI_FILES.json, OPENAPI_FILES.yaml, OPENAPI_FILES.json30]);
    expect(emitOpenApi(model)).toEqual(first);
    const [json, yaml] = first;
    expect(parseYaml(yaml!.contents)).toEqual(JSON.parse(json!.contents));
    expect(yaml!.contents).not.toMatch(/^\s*[&*]a\d/m);
  });

  it("are what generated/openapi/ holds (run `npm run generate` after changing spec/ or the emitter)", async () => {
    const files = finishFiles(emitOpenApi(await loadModel()));
    for (const f of files) expect(readFileSync(path.join(GENERATED_DIR, f.path), "utf8"), f.path).toBe(f.contents);
    expect(files[1]!.contents.startsWith("# Code generated by opspec from spec/. DO NOT EDIT.\n")).toBe(true);
  });

  it("have one operation per route, unique operationIds following the rule, and x-opspec-name and x-risk everywhere", async () => {
    const model = await loadModel();
    const real = buildOpenApi(model);
    const ops = operationsOf(real);
    const ids = ops.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const byName = new Map(model.resources.flatMap((r) => r.operations).map((o) => [o.fullName, o]));
    const named = ops.flatMap((o) => [o["x-opspec-name"]].flat() as string[]);
    expect(named.sort()).toEqual([...byName.keys()].sort());
    for (const o of ops) {
      expect(["read", "write", "destructive"], o.operationId).toContain(o["x-risk"]);
      if (typeof o["x-opspec-name"] === "string") {
        const m = byName.get(o["x-opspec-name"])!;
        expect(o.operationId).toBe(m.id);
        expect(o["x-risk"]).toBe(m.risk);
      }
    }
    // Operations sharing a method and path (conversations.assign, .close and .reopen in spec/) share one OpenAPI operation.
    const byRoute = new Map<string, string[]>();
    for (const o of model.resources.flatMap((r) => r.operations)) {
      const key = `${o.method} ${o.path.replace(/\{[^}]*\}/g, "{}")}`;
      byRoute.set(key, [...(byRoute.get(key) ?? []), o.fullName]);
    }
    const sharedRoutes = [...byRoute.values()].filter((names) => names.length > 1);
    expect(ops.filter((o) => Array.isArray(o["x-opspec-name"])).map((o) => o["x-opspec-name"])).toEqual(sharedRoutes);
    expect(ops).toHaveLength(byRoute.size);
  });

  it("have the spec's servers, tags in resource order, its shared headers on every operation and its error type", async () => {
    const model = await loadModel();
    const real = buildOpenApi(model);
    expect(real.servers!.map((s) => [s.url, s["x-opspec-server"]])).toEqual(model.servers.map((s) => [s.url, s.name]));
    expect(real.tags!.map((t) => t["x-opspec-resource"])).toEqual(model.resources.map((r) => r.name));
    for (const o of operationsOf(real)) expect(o.parameters!.slice(0, model.headers.length)).toEqual(model.headers.map((h) => ({ $ref: `#/components/parameters/${h.name}` })));
    expect(model.errors.typeName).toBeDefined();
    expect((real.components!.responses!.TooManyRequests as ResponseObject).content![model.errors.contentType]!.schema).toEqual({ $ref: `#/components/schemas/${model.errors.typeName}` });
  });

  it("hold nothing of another API when built from another spec", () => {
    const text = JSON.stringify(doc);
    expect(text).not.toMatch(/intercom/i);
    expect(text).not.toContain("starting_after");
  });
});

function operationsOf(d: OpenAPIObject): OperationObject[] {
  return Object.values(d.paths ?? {}).flatMap((item) =>
    (["get", "put", "post", "delete", "patch"] as const).map((m) => item[m]).filter((o): o is OperationObject => o !== undefined),
  );
}

/** Every schema object in a document, at any depth (examples excluded). */
function allSchemas(d: OpenApi30): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const visitSchema = (s: unknown) => {
    if (typeof s !== "object" || s === null) return;
    const o = s as Record<string, unknown>;
    out.push(o);
    for (const k of ["items", "additionalProperties"]) visitSchema(o[k]);
    for (const k of ["anyOf", "oneOf", "allOf"]) if (Array.isArray(o[k])) (o[k] as unknown[]).forEach(visitSchema);
    if (o.properties) Object.values(o.properties as object).forEach(visitSchema);
  };
  const visit = (node: unknown, key?: string) => {
    if (typeof node !== "object" || node === null) return;
    if (key === "schema") return visitSchema(node);
    if (key === "example" || key === "examples" || key === "value") return;
    for (const [k, v] of Object.entries(node)) visit(v, k);
  };
  Object.values(d.components?.schemas ?? {}).forEach(visitSchema);
  visit(d.paths);
  visit({ ...d.components, schemas: undefined });
  return out;
}
