/**
 * opspec import of routes several spec operations share. opspec's OpenAPI emitter writes operations
 * with the same method and path as ONE OpenAPI operation: `x-opspec-name` lists their full names, the
 * request body is an anyOf with one branch per operation (titled with its full name) and
 * `x-opspec-operations` carries each one's summary and risk. The import must split such a route back
 * into its operations, or, where the document cannot tell them apart, keep it as one operation in the
 * resource the names share; either way no other resource or operation may be renamed.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOpenApi } from "../generator/emit/openapi/document.ts";
import { runImport } from "../generator/import/cli.ts";
import { importOpenApi, type ImportResult } from "../generator/import/import-openapi.ts";
import { apiYaml, resourceYaml } from "../generator/import/write-yaml.ts";
import type { ApiModel } from "../generator/model/types.ts";
import { checkTexts, GENERATED_DIR, loadModel, ROOT, SPEC_DIR } from "./helpers/spec.ts";

type Doc = Record<string, unknown>;
type Op = Record<string, unknown>;

interface Imported {
  result: ImportResult;
  files: Record<string, string>;
  /** Resource names in api.yaml's order. */
  resources: string[];
  /** `resource.operation` → the operation as written. */
  ops: Record<string, Op>;
  warnings: { code: string; pointer: string; message: string }[];
}

function run(doc: Doc): Imported {
  const result = importOpenApi(JSON.parse(JSON.stringify(doc)) as never, "3.1");
  const files: Record<string, string> = { "api.yaml": apiYaml(result.draft, {}) };
  for (const r of result.draft.resources) files[r.file] = resourceYaml(r, result.draft.types, {});
  const ops: Imported["ops"] = {};
  for (const [file, text] of Object.entries(files)) {
    if (file === "api.yaml") continue;
    const value = parse(text) as { resource: string; operations: Op[] };
    for (const op of value.operations) ops[`${value.resource}.${op.name}`] = op;
  }
  const api = parse(files["api.yaml"]!) as { resources: string[] };
  return { result, files, resources: api.resources, ops, warnings: result.warnings };
}

function expectValid(imported: Imported): void {
  const checked = checkTexts(imported.files);
  expect(checked.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.file}:${d.line}:${d.col} ${d.code} ${d.message}`)).toEqual([]);
}

/** The spec's own operations as written in spec/ (the source of the emitted document). */
function specOperations(): Record<string, Op> {
  const out: Record<string, Op> = {};
  for (const file of readdirSync(SPEC_DIR).filter((f) => f.endsWith(".yaml") && f !== "api.yaml")) {
    const value = parse(readFileSync(path.join(SPEC_DIR, file), "utf8")) as { resource: string; operations: Op[] };
    for (const op of value.operations) out[`${value.resource}.${op.name}`] = op;
  }
  return out;
}

/** What decides how an input is called and sent: its location, requiredness, type or constant, and default. */
function inputShape(input: unknown): Record<string, unknown> {
  const fields = (input ?? {}) as Record<string, Record<string, unknown> | string>;
  return Object.fromEntries(
    Object.entries(fields).map(([name, f]) => {
      const field = typeof f === "string" ? { type: f } : f;
      const shape: Record<string, unknown> = { in: field.in, required: field.required === true };
      for (const k of ["type", "const", "default", "format"]) if (field[k] !== undefined) shape[k] = field[k];
      return [name, shape];
    }),
  );
}

describe("importing opspec's own OpenAPI document (the repository's spec/)", () => {
  let model: ApiModel;
  let r: Imported;
  beforeAll(async () => {
    model = await loadModel();
    r = run(buildOpenApi(model) as unknown as Doc);
  });

  it("gives back the spec's resources, in its order, with the same operation names", () => {
    expect(r.resources).toEqual(model.resources.map((res) => res.name));
    const expected = model.resources.flatMap((res) => res.operations.map((op) => op.fullName)).sort();
    expect(Object.keys(r.ops).sort()).toEqual(expected);
    expect(r.result.stats).toMatchObject({ operations: expected.length, resources: model.resources.length });
  });

  it("keeps each resource's title and description", () => {
    for (const res of model.resources) {
      const written = r.result.draft.resources.find((d) => d.resource === res.name);
      expect(written?.title, res.name).toBe(res.title);
      expect(written?.description, res.name).toBe(res.description?.replace(/\s+/g, " ").trim());
    }
  });

  it("splits every shared route into its operations, each with its own summary, description, risk, body, constants and output", () => {
    const spec = specOperations();
    const shared = model.resources.flatMap((res) => res.operations).filter((op, _, all) => all.some((o) => o !== op && o.method === op.method && o.path === op.path));
    expect(shared.length).toBeGreaterThan(1);
    for (const { fullName } of shared) {
      const want = spec[fullName]!;
      const got = r.ops[fullName];
      expect(got, fullName).toBeDefined();
      for (const key of ["summary", "risk", "http", "constants", "status", "output", "deprecated"]) expect(got![key], `${fullName} ${key}`).toEqual(want[key]);
      expect(got!.description, fullName).toBe(String(want.description).replace(/\s+/g, " ").trim());
      expect(inputShape(got!.input), fullName).toEqual(inputShape(want.input));
    }
  });

  it("reports the split, and no longer merges the shared body into one", () => {
    const route = "#/paths/~1conversations~1{id}~1parts/post";
    const note = r.warnings.find((w) => w.code === "shared-route" && w.pointer === route);
    expect(note?.message).toContain("conversations.assign, conversations.close, conversations.reopen");
    expect(note?.message).toContain("split");
    expect(r.warnings.filter((w) => w.code === "alternatives-merged" && w.pointer.startsWith(`${route}/requestBody`))).toEqual([]);
  });

  it("writes a spec the checker accepts", () => expectValid(r));
});

describe("opspec import generated/openapi/openapi.json (the command the defect was reported with)", () => {
  let dir: string;
  let stdout = "";
  let stderr = "";
  let code: number;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "opspec-import-shared-"));
    code = await runImport([path.join(GENERATED_DIR, "openapi/openapi.json"), "--out", path.join(dir, "spec")], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd: ROOT });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("imports one operation per name the document lists, into one resource per x-opspec-resource tag", () => {
    const doc = JSON.parse(readFileSync(path.join(GENERATED_DIR, "openapi/openapi.json"), "utf8")) as { paths: Record<string, Record<string, Op>>; tags: Op[] };
    const names = Object.values(doc.paths).flatMap((item) => Object.values(item).flatMap((op) => [op["x-opspec-name"]].flat() as string[]));
    const resources = doc.tags.map((t) => t["x-opspec-resource"] as string);
    expect(code).toBe(0);
    expect(stdout).toContain(`imported ${names.length} operations in ${resources.length} resources`);
    const api = parse(readFileSync(path.join(dir, "spec/api.yaml"), "utf8")) as { resources: string[] };
    expect(api.resources).toEqual(resources);
    const conversations = parse(readFileSync(path.join(dir, "spec/conversations.yaml"), "utf8")) as { operations: Op[] };
    expect(conversations.operations.map((o) => `conversations.${o.name}`).sort()).toEqual(names.filter((n) => n.startsWith("conversations.")).sort());
    expect(stderr).toMatch(/warning shared-route #\/paths\/~1conversations~1\{id\}~1parts\/post /);
  });
});

describe("a hand-written document with an array x-opspec-name", () => {
  const ok = (schema: unknown) => ({ "200": { description: "OK", content: { "application/json": { schema } } } });
  const idParam = { name: "id", in: "path", required: true, schema: { type: "string" } };
  const list = { tags: ["Things"], operationId: "thingsList", "x-opspec-name": "things.list", responses: ok({ $ref: "#/components/schemas/Thing" }) };
  const doc = (post: Doc, more: Doc = {}): Doc => ({
    openapi: "3.1.0",
    info: { title: "Thing API", version: "1.0" },
    tags: [{ name: "Things", description: "The things.", "x-opspec-resource": "things" }],
    paths: { "/things": { get: list }, "/things/{id}/actions": { post }, ...more },
    components: { schemas: { Thing: { type: "object", properties: { id: { type: "string" } } } } },
  });
  const constant = (value: string) => ({ type: "string", const: value, description: `Always \`${value}\`; the client sends it.` });

  describe("whose body branches are titled with the names", () => {
    const r = run(
      doc({
        operationId: "thingsStartOrStop",
        summary: "Start a thing / Stop a thing",
        description:
          "Several operations share this route; the request body tells them apart.\n\n" +
          // Spec text in the list is Markdown-escaped (mdText); the import undoes it.
          "- **things.start** (`thingsStart`, write): Start a thing. Starts it \\*now\\* &amp; \\[then\\]; see `mode`.\n" +
          "- **things.stop** (`thingsStop`, destructive, deprecated): Stop a thing.",
        tags: ["Things"],
        "x-opspec-name": ["things.start", "things.stop"],
        "x-risk": "destructive",
        "x-opspec-operations": [
          { name: "things.start", operationId: "thingsStart", summary: "Start a thing", risk: "write" },
          { name: "things.stop", operationId: "thingsStop", summary: "Stop a thing", risk: "destructive", deprecated: true },
        ],
        parameters: [idParam],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                anyOf: [
                  {
                    title: "things.start",
                    type: "object",
                    properties: { action: { type: "string", const: "start", default: "start" }, mode: { type: "string", enum: ["fast", "slow"] }, kind: constant("machine") },
                    required: ["kind"],
                  },
                  { title: "things.stop", type: "object", properties: { action: { type: "string", const: "stop", default: "stop" }, force: { type: "boolean" } }, required: ["force"] },
                ],
              },
            },
          },
        },
        responses: ok({ $ref: "#/components/schemas/Thing" }),
      }),
    );

    it("writes one operation per name, in the resource the names give, renaming nothing", () => {
      expect(r.resources).toEqual(["things"]);
      expect(Object.keys(r.ops)).toEqual(["things.list", "things.start", "things.stop"]);
      expect(r.result.stats.operations).toBe(3);
    });

    it("gives each its own body branch, constants, summary, description, risk and deprecation", () => {
      const start = r.ops["things.start"]!;
      const stop = r.ops["things.stop"]!;
      expect(start).toMatchObject({ summary: "Start a thing", description: "Starts it *now* & [then]; see `mode`.", risk: "write", http: { method: "POST", path: "/things/{id}/actions" }, constants: { kind: "machine" }, output: "Thing" });
      expect(inputShape(start.input)).toEqual({
        id: { in: "path", required: true, type: "string" },
        action: { in: "body", required: false, const: "start", default: "start" },
        mode: { in: "body", required: false, type: "fast | slow" },
      });
      expect(stop).toMatchObject({ summary: "Stop a thing", risk: "destructive", deprecated: true, output: "Thing" });
      expect(stop.description).toBeUndefined();
      expect(stop.constants).toBeUndefined();
      expect(inputShape(stop.input)).toEqual({
        id: { in: "path", required: true, type: "string" },
        action: { in: "body", required: false, const: "stop", default: "stop" },
        force: { in: "body", required: true, type: "boolean" },
      });
    });

    it("says what it did", () => {
      expect(r.warnings.filter((w) => w.code === "shared-route").map((w) => w.pointer)).toEqual(["#/paths/~1things~1{id}~1actions/post"]);
      expect(r.warnings.filter((w) => w.code === "alternatives-merged")).toEqual([]);
    });

    it("writes a spec the checker accepts", () => expectValid(r));
  });

  describe("whose body does not tell the operations apart", () => {
    const r = run(
      doc({
        operationId: "thingsStartOrStop",
        summary: "Start a thing / Stop a thing",
        tags: ["Things"],
        "x-opspec-name": ["things.start", "things.stop"],
        "x-risk": "write",
        parameters: [idParam],
        requestBody: { content: { "application/json": { schema: { type: "object", properties: { action: { type: "string", enum: ["start", "stop"] } } } } } },
        responses: ok({ $ref: "#/components/schemas/Thing" }),
      }),
    );

    it("keeps one operation, named from the names, in the resource they share", () => {
      expect(r.resources).toEqual(["things"]);
      expect(Object.keys(r.ops)).toEqual(["things.list", "things.startOrStop"]);
      expect(r.ops["things.startOrStop"]).toMatchObject({ risk: "write", http: { method: "POST", path: "/things/{id}/actions" }, output: "Thing" });
    });

    it("warns that the operations were merged and what was lost", () => {
      const w = r.warnings.filter((x) => x.code === "shared-route");
      expect(w).toHaveLength(1);
      expect(w[0]!.pointer).toBe("#/paths/~1things~1{id}~1actions/post");
      expect(w[0]!.message).toContain("things.start, things.stop");
      expect(w[0]!.message).toContain("things.startOrStop");
    });

    it("writes a spec the checker accepts", () => expectValid(r));
  });

  describe("whose names span resources", () => {
    const r = run({
      ...doc({
        tags: ["Things", "Widgets"],
        "x-opspec-name": ["things.start", "widgets.spin"],
        "x-opspec-operations": [
          { name: "things.start", operationId: "thingsStart", summary: "Start a thing", risk: "write" },
          { name: "widgets.spin", operationId: "widgetsSpin", summary: "Spin a widget", risk: "write" },
        ],
        parameters: [idParam, { name: "dry_run", in: "query", schema: { type: "boolean" } }],
        requestBody: {
          content: {
            "application/json": {
              schema: {
                anyOf: [
                  { title: "things.start", type: "object", properties: { action: constant("start") }, required: ["action"] },
                  { title: "widgets.spin", type: "object", properties: { action: constant("spin") }, required: ["action"] },
                ],
              },
            },
          },
        },
        responses: ok({ $ref: "#/components/schemas/Thing" }),
      }),
      tags: [
        { name: "Things", "x-opspec-resource": "things" },
        { name: "Widgets", description: "The widgets.", "x-opspec-resource": "widgets" },
      ],
    });

    it("puts each operation in its own resource, and says the route's query parameters go to each", () => {
      expect(r.resources).toEqual(["things", "widgets"]);
      expect(Object.keys(r.ops).sort()).toEqual(["things.list", "things.start", "widgets.spin"]);
      expect(r.ops["widgets.spin"]).toMatchObject({ summary: "Spin a widget", constants: { action: "spin" } });
      expect(r.result.draft.resources.find((d) => d.resource === "widgets")).toMatchObject({ title: "Widgets", description: "The widgets." });
      expect(Object.keys(r.ops["widgets.spin"]!.input as object)).toEqual(["id", "dry_run"]);
      expect(r.warnings.some((w) => w.code === "shared-route" && w.message.includes("dry_run"))).toBe(true);
    });

    it("writes a spec the checker accepts", () => expectValid(r));
  });

  it("gives each operation the success status whose examples name it, and says where none does", () => {
    const answer = (id: string) => ({ description: "OK", content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" }, examples: { [id]: { value: { id: "t1" } } } } } });
    const route = (responses: Doc) =>
      doc({
        tags: ["Things"],
        "x-opspec-name": ["things.start", "things.stop"],
        "x-opspec-operations": [
          { name: "things.start", operationId: "thingsStart", summary: "Start a thing", risk: "write" },
          { name: "things.stop", operationId: "thingsStop", summary: "Stop a thing", risk: "write" },
        ],
        parameters: [idParam],
        requestBody: {
          content: {
            "application/json": {
              schema: {
                anyOf: [
                  { title: "things.start", type: "object", properties: { action: constant("start") }, required: ["action"] },
                  { title: "things.stop", type: "object", properties: { action: constant("stop") }, required: ["action"] },
                ],
              },
            },
          },
        },
        responses,
      });
    const told = run(route({ "200": answer("thingsStop"), "201": answer("thingsStart") }));
    expect(told.ops["things.start"]).toMatchObject({ status: 201, output: "Thing" });
    expect(told.ops["things.stop"]!.status).toBeUndefined();
    expect(told.ops["things.stop"]!.output).toBe("Thing");
    expect(told.warnings.filter((w) => w.code === "extra-success-response" || (w.code === "shared-route" && w.message.includes("answers")))).toEqual([]);
    expectValid(told);

    const untold = run(route({ "200": answer("thingsStart"), "204": { description: "No content" } }));
    expect(untold.ops["things.start"]).toMatchObject({ output: "Thing" });
    expect(untold.warnings.filter((w) => w.code === "shared-route" && w.message.startsWith("things.stop: the route answers 200, 204"))).toHaveLength(1);
  });

  it("names an operation from its tag and operationId when x-opspec-name is not a list of full names, and says so", () => {
    const r = run(doc({ tags: ["Things"], operationId: "thingsPoke", "x-opspec-name": ["things.poke", "not a name"], parameters: [idParam], responses: ok({ $ref: "#/components/schemas/Thing" }) }));
    expect(Object.keys(r.ops)).toEqual(["things.list", "things.poke"]);
    expect(r.warnings.some((w) => w.pointer === "#/paths/~1things~1{id}~1actions/post/x-opspec-name")).toBe(true);
  });
});
