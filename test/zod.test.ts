/**
 * The Zod emitter on a small spec: the emitted modules are formatted like the pipeline does, written
 * under test-output/, imported, and exercised. Covers the naming contract, strict inputs, tolerant
 * outputs, enums, integers, arrays, wireType unions, maps, recursive types and forward references.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { emitZod } from "../generator/emit/zod/index.ts";
import type { ApiModel, EmittedFile } from "../generator/model/types.ts";
import { finishFiles } from "../generator/write/finish.ts";
import { modelFromTexts, ROOT } from "./helpers/spec.ts";

const API = `
api: test.api
title: Test API
version: "1"
servers: [{ name: us, url: "https://api.example.com" }]
auth: { scheme: bearer }
resources: [widgets, helpDesks]
`;

// Type names are chosen so that model order (alphabetical) puts users before what they use:
// Condition (a union) comes before its members Filter and Group, and Widget before WidgetIcon.
const WIDGETS = `
resource: widgets
title: Widgets
operations:
  - name: get
    summary: Get a widget
    description: Fetches one widget.
    risk: read
    http: { method: POST, path: "/widgets/{id}/find" }
    input:
      id: { type: string, required: true, in: path, description: The widget's id. }
      mode: { type: fast | slow, in: query, default: fast, description: How hard to look., example: slow }
      count: { type: number, format: integer, in: query }
      ratio: { type: number, in: query }
      tags: { type: "string[]", in: body }
      links: { type: "string[]", format: uri, in: body }
      attrs: { type: Attributes, in: body }
      where: { type: Condition, in: body }
      extra: { type: object, in: body }
      choice: { type: "string | number", in: body }
      level: { type: Level, in: body }
    output: Widget
  - name: list
    summary: List widgets
    risk: read
    http: { method: GET, path: /widgets }
    output:
      type: { const: list, description: Always list. }
      widgets: { type: "Widget[]", required: true, description: The widgets. }
      total: { type: number, format: integer }
types:
  Widget:
    description: A widget.
    fields:
      id: { type: string, required: true, description: The widget's id. }
      name: { type: string, description: The widget's name. }
      state: { type: on | off, description: Whether it runs. }
      size: { type: number, format: integer }
      icon: { type: string, wireType: WidgetIcon, description: "An icon URL, or an icon object." }
      parts: { type: "WidgetIcon[]" }
      attrs: { type: Attributes }
      level: { type: Level }
  WidgetIcon:
    description: An icon.
    fields:
      url: { type: string, required: true }
  Attributes:
    description: Free attributes.
    values: string | number | boolean
  Level:
    description: How important.
    enum: [low, high]
  Condition:
    description: A filter or a group of conditions.
    oneOf: [Filter, Group]
  Filter:
    description: One test.
    fields:
      field: { type: string, required: true }
      value: { type: string }
  Group:
    description: Conditions joined.
    fields:
      operator: { type: AND | OR, required: true }
      value: { type: "Condition[]", required: true, description: The conditions. }
`;

const HELP_DESKS = `
resource: helpDesks
title: Help Desks
operations:
  - name: ping
    summary: Ping [DESTRUCTIVE]
    risk: destructive
    http: { method: DELETE, path: /help_desks }
    output:
      ok: { type: boolean, required: true }
`;

const FIXTURE = { "api.yaml": API, "widgets.yaml": WIDGETS, "help-desks.yaml": HELP_DESKS };

const OUT = path.join(ROOT, "test-output", `zod-${process.pid}-${Date.now()}`);
let model: ApiModel;
let files: EmittedFile[];
/** The emitted index module, imported. */
let S: Record<string, z.ZodType>;
const text = (p: string) => files.find((f) => f.path === `schemas/${p}`)!.contents;

beforeAll(async () => {
  model = modelFromTexts(FIXTURE);
  files = finishFiles(emitZod(model));
  for (const f of files) {
    await mkdir(path.dirname(path.join(OUT, f.path)), { recursive: true });
    await writeFile(path.join(OUT, f.path), f.contents);
  }
  S = (await import(pathToFileURL(path.join(OUT, "schemas/index.ts")).href)) as Record<string, z.ZodType>;
});

afterAll(async () => {
  await rm(OUT, { recursive: true, force: true });
});

const issues = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  return r.success ? [] : r.error.issues;
};

describe("naming contract", () => {
  it("exports exactly the documented schema names, and nothing else at runtime", () => {
    expect(Object.keys(S).sort()).toEqual(
      [
        // types.ts: every named type (output flavour), plus the input flavour of those inputs use
        "AttributesSchema",
        "AttributesInputSchema",
        "ConditionSchema",
        "ConditionInputSchema",
        "FilterSchema",
        "FilterInputSchema",
        "GroupSchema",
        "GroupInputSchema",
        "LevelSchema",
        "LevelInputSchema",
        "WidgetSchema",
        "WidgetIconSchema",
        // widgets.ts and help-desks.ts: per operation
        "WidgetsGetInputSchema",
        "WidgetsGetOutputSchema",
        "WidgetsListInputSchema",
        "WidgetsListOutputSchema",
        "HelpDesksPingInputSchema",
        "HelpDesksPingOutputSchema",
      ].sort(),
    );
  });

  it("writes support.ts, types.ts, one file per resource slug, and index.ts, with do-not-edit headers naming the source", () => {
    expect(files.map((f) => f.path)).toEqual([
      "schemas/support.ts",
      "schemas/types.ts",
      "schemas/widgets.ts",
      "schemas/help-desks.ts",
      "schemas/index.ts",
    ]);
    expect(text("types.ts").split("\n")[0]).toBe("// Code generated by opspec from spec/. DO NOT EDIT.");
    expect(text("widgets.ts").split("\n")[0]).toBe(
      "// Code generated by opspec from spec/widgets.yaml. DO NOT EDIT.",
    );
    expect(text("help-desks.ts").split("\n")[0]).toBe(
      "// Code generated by opspec from spec/help-desks.yaml. DO NOT EDIT.",
    );
    expect(text("index.ts").split("\n")[0]).toBe("// Code generated by opspec from spec/. DO NOT EDIT.");
  });

  it("imports zod/mini as the namespace `z`, the support module, and its siblings with .js extensions", () => {
    for (const file of ["types.ts", "widgets.ts", "help-desks.ts", "support.ts"]) expect(text(file)).toContain('import * as z from "zod/mini";\n');
    expect(text("widgets.ts")).toMatch(/^import (?:\{ [\w, ]+ \} from )?"\.\/support\.js";$/m);
    // zod/mini has no messages of its own; the support module loads Zod's English ones.
    expect(text("support.ts")).toContain('import { en } from "zod/locales";');
    expect(text("support.ts")).toContain("z.config(en());");
    expect(text("widgets.ts")).toMatch(/import \{[^}]*WidgetSchema[^}]*\} from "\.\/types\.js";/);
    expect(text("index.ts")).toContain('export * from "./types.js";');
    expect(text("index.ts")).toContain('export * from "./help-desks.js";');
    for (const f of files) expect(f.contents).not.toMatch(/from "\.[^"]*\.ts"/);
  });

  it("declares types in model order, each with its z.infer / z.input type and JSDoc", () => {
    const t = text("types.ts");
    const order = [...t.matchAll(/export const (\w+)Schema\b/g)].map((m) => m[1]);
    expect(order).toEqual([
      "Attributes",
      "AttributesInput",
      "Condition",
      "ConditionInput",
      "Filter",
      "FilterInput",
      "Group",
      "GroupInput",
      "Level",
      "LevelInput",
      "Widget",
      "WidgetIcon",
    ]);
    expect(t).toContain("export type Widget = z.infer<typeof WidgetSchema>;");
    expect(t).toContain("export type ConditionInput = z.input<typeof ConditionInputSchema>;");
    expect(t).toMatch(/\/\*\* A widget\. \*\/\nexport const WidgetSchema/);
    expect(text("widgets.ts")).toContain(
      "export type WidgetsGetInput = z.input<typeof WidgetsGetInputSchema>;",
    );
    expect(text("widgets.ts")).toContain(
      "export type WidgetsGetOutput = z.output<typeof WidgetsGetOutputSchema>;",
    );
  });

  it("aliases a named output type instead of copying it", () => {
    expect(S.WidgetsGetOutputSchema).toBe(S.WidgetSchema);
    expect(text("widgets.ts")).toContain("export const WidgetsGetOutputSchema = WidgetSchema;");
  });

  it("is deterministic: the same model gives the same files", () => {
    expect(emitZod(modelFromTexts(FIXTURE))).toEqual(emitZod(model));
  });

  it("refuses to emit two exports with one name (the checker reports it first; the emitter is the second fence)", () => {
    const clash = WIDGETS.replace("types:\n", "types:\n  WidgetsGetInput:\n    fields:\n      a: string\n");
    expect(() => modelFromTexts({ ...FIXTURE, "widgets.yaml": clash })).toThrow("name-collision");
    const m = modelFromTexts(FIXTURE);
    m.types.push({ kind: "object", name: "WidgetsGetInput", file: "spec/widgets.yaml", fields: [] });
    expect(() => emitZod(m)).toThrow(
      "the name 'WidgetsGetInputSchema' would be exported by both schemas/types.ts and schemas/widgets.ts",
    );
  });
});

describe("input schemas are strict and exact", () => {
  const ok = { id: "w1" };

  it("rejects unknown keys, naming them", () => {
    const r = S.WidgetsGetInputSchema!.safeParse({ id: "w1", colour: "red", size: 2 });
    expect(r.success).toBe(false);
    expect(r.error!.issues).toHaveLength(1);
    expect(r.error!.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["colour", "size"] });
    expect(r.error!.message).toContain("colour");
    expect(r.error!.message).toContain("size");
    // nested named types are strict too
    expect(issues(S.WidgetsGetInputSchema!, { ...ok, where: { field: "a", bogus: 1 } })).toMatchObject([
      { code: "unrecognized_keys", keys: ["bogus"], path: ["where"] },
    ]);
  });

  it("requires exactly the required inputs; a path parameter may not be empty", () => {
    expect(S.WidgetsGetInputSchema!.safeParse(ok).success).toBe(true);
    expect(issues(S.WidgetsGetInputSchema!, {})[0]).toMatchObject({ path: ["id"], code: "invalid_type" });
    expect(issues(S.WidgetsGetInputSchema!, { id: "" })[0]).toMatchObject({
      path: ["id"],
      code: "too_small",
    });
    expect(S.WidgetsGetInputSchema!.safeParse({ ...ok, tags: undefined }).success).toBe(true);
    expect(issues(S.WidgetsGetInputSchema!, { ...ok, tags: null })[0]).toMatchObject({ path: ["tags"] });
  });

  it("leaves inputs with a default optional, and does not fill them in (the client does); JSON Schema shows the default", () => {
    const parsed = S.WidgetsGetInputSchema!.parse(ok) as Record<string, unknown>;
    expect(parsed).toEqual({ id: "w1" });
    expect("mode" in parsed).toBe(false);
    const json = z.toJSONSchema(S.WidgetsGetInputSchema!) as {
      properties: Record<string, Record<string, unknown>>;
      required: string[];
    };
    expect(json.required).toEqual(["id"]);
    expect(json.properties.mode).toMatchObject({
      default: "fast",
      examples: ["slow"],
      description: "How hard to look.",
      enum: ["fast", "slow"],
    });
  });

  it("checks enums, integers, numbers, arrays, uri items, maps, free objects and unions", () => {
    const bad = (input: Record<string, unknown>, at: string) =>
      expect(issues(S.WidgetsGetInputSchema!, { ...ok, ...input }).map((i) => i.path.join("."))).toEqual([
        at,
      ]);
    const good = (input: Record<string, unknown>) =>
      expect(issues(S.WidgetsGetInputSchema!, { ...ok, ...input })).toEqual([]);
    good({
      mode: "slow",
      count: 3,
      ratio: 0.5,
      tags: ["a", "b"],
      links: ["https://example.com/a.png"],
      level: "high",
    });
    bad({ mode: "medium" }, "mode");
    bad({ count: 1.5 }, "count");
    bad({ count: "3" }, "count");
    bad({ tags: "a" }, "tags");
    bad({ tags: ["a", 1] }, "tags.1");
    bad({ links: ["not a url"] }, "links.0");
    bad({ level: "medium" }, "level");
    good({ attrs: { plan: "gold", seats: 3, beta: true } });
    bad({ attrs: { plan: { nested: 1 } } }, "attrs.plan");
    good({ extra: { anything: [1, { deep: true }] } });
    bad({ extra: "text" }, "extra");
    good({ choice: "a" });
    good({ choice: 2 });
    bad({ choice: true }, "choice");
  });

  it("parses a recursive query, and rejects a bad leaf deep inside it", () => {
    const where = {
      operator: "AND",
      value: [
        { field: "state", value: "open" },
        { operator: "OR", value: [{ field: "a" }, { operator: "AND", value: [{ field: "b", value: "1" }] }] },
      ],
    };
    expect(S.WidgetsGetInputSchema!.parse({ ...ok, where })).toEqual({ ...ok, where });
    expect(S.ConditionInputSchema!.safeParse({ operator: "XOR", value: [] }).success).toBe(false);
    const deepBad = { operator: "AND", value: [{ operator: "OR", value: [{ field: 7 }] }] };
    expect(S.ConditionInputSchema!.safeParse(deepBad).success).toBe(false);
  });
});

describe("output schemas are tolerant", () => {
  const widget = { id: "w1" };

  it("keeps unknown keys, also in nested objects", () => {
    const parsed = S.WidgetSchema!.parse({ ...widget, colour: "red", icon: { url: "u", width: 3 } });
    expect(parsed).toEqual({ id: "w1", colour: "red", icon: { url: "u", width: 3 } });
  });

  it("accepts null or absence for optional fields, but not for required ones", () => {
    expect(
      S.WidgetSchema!.safeParse({ id: "w1", name: null, state: null, parts: null, attrs: null, icon: null })
        .success,
    ).toBe(true);
    expect(S.WidgetSchema!.safeParse({ name: "x" }).success).toBe(false);
    expect(issues(S.WidgetSchema!, { id: null })[0]).toMatchObject({ path: ["id"], code: "invalid_type" });
    expect(issues(S.WidgetsListOutputSchema!, { type: "list" })[0]).toMatchObject({ path: ["widgets"] });
  });

  it("accepts the document's type or the wireType", () => {
    expect(S.WidgetSchema!.safeParse({ ...widget, icon: "https://example.com/i.png" }).success).toBe(true);
    expect(S.WidgetSchema!.safeParse({ ...widget, icon: { url: "https://example.com/i.png" } }).success).toBe(
      true,
    );
    expect(S.WidgetSchema!.safeParse({ ...widget, icon: 5 }).success).toBe(false);
    expect(S.WidgetSchema!.safeParse({ ...widget, icon: {} }).success).toBe(false);
  });

  it("accepts known and unknown enum values, but only strings", () => {
    for (const state of ["on", "off", "paused"])
      expect(S.WidgetSchema!.safeParse({ ...widget, state }).success).toBe(true);
    expect(S.WidgetSchema!.safeParse({ ...widget, level: "urgent" }).success).toBe(true);
    expect(S.WidgetsListOutputSchema!.safeParse({ type: "page", widgets: [] }).success).toBe(true);
    expect(S.WidgetSchema!.safeParse({ ...widget, state: 1 }).success).toBe(false);
    // JSON Schema still lists the known values
    expect(JSON.stringify(z.toJSONSchema(S.WidgetSchema!))).toContain('"enum":["on","off"]');
  });

  it("does not force integers, but does check numbers, arrays and maps", () => {
    expect(S.WidgetSchema!.safeParse({ ...widget, size: 2.5 }).success).toBe(true);
    expect(S.WidgetSchema!.safeParse({ ...widget, size: "2" }).success).toBe(false);
    expect(S.WidgetSchema!.safeParse({ ...widget, parts: [{ url: "a" }, { url: "b" }] }).success).toBe(true);
    expect(issues(S.WidgetSchema!, { ...widget, parts: [{ url: "a" }, {}] })[0]!.path).toEqual([
      "parts",
      1,
      "url",
    ]);
    expect(S.WidgetSchema!.safeParse({ ...widget, attrs: { a: 1, b: "x", c: false } }).success).toBe(true);
    expect(S.WidgetSchema!.safeParse({ ...widget, attrs: { a: [1] } }).success).toBe(false);
    // a map's entries are optional fields: in outputs they may be null, in inputs not
    expect(S.AttributesSchema!.safeParse({ unset: null }).success).toBe(true);
    expect(S.AttributesInputSchema!.safeParse({ unset: null }).success).toBe(false);
  });

  it("gives an operation without input an empty strict object", () => {
    expect(S.HelpDesksPingInputSchema!.parse({})).toEqual({});
    expect(issues(S.HelpDesksPingInputSchema!, { x: 1 })[0]).toMatchObject({
      code: "unrecognized_keys",
      keys: ["x"],
    });
    expect(S.HelpDesksPingOutputSchema!.parse({ ok: true, more: 1 })).toEqual({ ok: true, more: 1 });
  });
});

describe("forward references, recursion and JSON Schema", () => {
  it("reads later declarations through getters and z.lazy, and annotates the getters that close a cycle", () => {
    const t = text("types.ts");
    expect(t).toMatch(/z\.lazy\(\(\) => FilterInputSchema\)/);
    expect(t).toMatch(/get icon\(\)\s*\{/);
    expect(t).toMatch(/get value\(\): z\.ZodMiniArray<typeof ConditionInputSchema> \{/);
    expect(t).toMatch(/get value\(\): z\.ZodMiniArray<typeof ConditionSchema> \{/);
    // a union on a cycle carries its Zod type, which TypeScript cannot infer through z.lazy
    expect(t.replace(/\s+/g, "").replace(/,([\]>)}])/g, "$1")).toContain(
      "exportconstConditionInputSchema:z.ZodMiniUnion<readonly[z.ZodMiniLazy<typeofFilterInputSchema>,z.ZodMiniLazy<typeofGroupInputSchema>]>=/*@__PURE__*/",
    );
    // non-recursive getters carry no annotation
    expect(t).not.toMatch(/get icon\(\):/);
  });

  it("type-checks under the project's strict settings, with recursive types inferred (not any)", () => {
    const probe = path.join(OUT, "schemas", "probe.ts");
    ts.sys.writeFile(
      probe,
      [
        'import type { ConditionInput, Widget } from "./index.js";',
        'export const ok: ConditionInput = { operator: "AND", value: [{ field: "a" }, { operator: "OR", value: [{ field: "b", value: "1" }] }] };',
        "// @ts-expect-error a nested filter's field is a string",
        'export const bad: ConditionInput = { operator: "AND", value: [{ operator: "OR", value: [{ field: 1 }] }] };',
        'export const state: NonNullable<Widget["state"]>[] = ["on", "off", "paused"];',
      ].join("\n"),
    );
    const config = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), (p) => ts.sys.readFile(p));
    const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
    const names = files.map((f) => path.join(OUT, f.path)).concat(probe);
    const program = ts.createProgram(names, { ...options, noEmit: true });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(diagnostics).toEqual([]);
  });

  it("initialises every schema as a pure-marked built(() => …), never an immediately invoked function", () => {
    for (const f of files.filter((f) => f.path !== "schemas/index.ts" && f.path !== "schemas/support.ts")) {
      const decls = [...f.contents.matchAll(/export const \w+(?:: [^=]+)?\s*=\s*([^;]*?)(?:\(|;)/g)].map((m) =>
        m[1]!.trim(),
      );
      expect(decls.length).toBe([...f.contents.matchAll(/export const /g)].length);
      expect(decls.length).toBeGreaterThan(0);
      for (const d of decls)
        expect(d === "/* @__PURE__ */ built" || /^[A-Z]\w*Schema$/.test(d), `${f.path}: ${d}`).toBe(true);
      // TypeScript reads an IIFE's body as part of the module's top level (see `pure` in emit/zod).
      expect(f.contents).not.toMatch(/\)\(\);$/m);
    }
  });

  it("lets a bundler drop every schema a consumer does not reach", async () => {
    const { build } = await import("esbuild");
    const consumer = path.join(OUT, "consumer.ts");
    await writeFile(consumer, 'import { WidgetsGetInputSchema } from "./schemas/index.js";\nconsole.log(WidgetsGetInputSchema.safeParse({}));\n');
    const result = await build({ entryPoints: [consumer], bundle: true, minify: true, format: "esm", platform: "neutral", mainFields: ["module", "main"], write: false, logLevel: "silent" });
    const code = result.outputFiles[0]!.text;
    // reached: the input schema, and the named types its fields use
    expect(code).toContain("The widget's id.");
    expect(code).toContain("Free attributes.");
    // not reached: the output flavour of the named types, and the other operations' schemas
    expect(code).not.toContain("A widget.");
    expect(code).not.toContain("The widgets.");
    expect(code).not.toContain("An icon.");
  });

  it("carries descriptions into JSON Schema, recursive types included", () => {
    const json = z.toJSONSchema(S.WidgetsGetInputSchema!) as {
      properties: Record<string, { description?: string }>;
    };
    expect(json.properties.id!.description).toBe("The widget's id.");
    const cond = JSON.stringify(z.toJSONSchema(S.ConditionSchema!));
    expect(cond).toContain('"description":"A filter or a group of conditions."');
    expect(cond).toContain('"description":"The conditions."');
    expect(cond).toContain('"$ref":"#"');
    expect((z.toJSONSchema(S.WidgetSchema!) as { description?: string }).description).toBe("A widget.");
  });
});
