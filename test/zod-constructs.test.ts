/**
 * Golden tests for the Zod emitter, one spec construct at a time: a few lines of spec in, the exact
 * emitted schema text out (as the emitter writes it, before formatting), and the schema's behaviour
 * where it matters. Spec text is hostile by default here: quotes, backslashes, comment ends and
 * regex metacharacters must come out as data.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as zm from "zod/mini";
import { described, withMeta } from "../generated/schemas/support.ts";
import { emitZod } from "../generator/emit/zod/index.ts";
import { modelFromTexts } from "./helpers/spec.ts";

const API = `
api: probe.api
title: Probe API
version: "1"
servers: [{ name: main, url: "https://api.probe.test" }]
resources: [things]
`;

/** The emitted `schemas/things.ts` and `schemas/types.ts` for one resource file. */
function emit(operations: string, types = ""): { things: string; types: string } {
  const files = emitZod(modelFromTexts({ "api.yaml": API, "things.yaml": `resource: things\ntitle: Things\noperations:\n${operations}\n${types}` }));
  const text = (p: string) => files.find((f) => f.path === p)!.contents;
  return { things: text("schemas/things.ts"), types: text("schemas/types.ts") };
}

/** An operation `things.put` with the given input fields (PUT, so body inputs are allowed). */
function inputs(fields: string): string {
  return emit(`  - name: put
    summary: Put a thing
    risk: write
    http: { method: PUT, path: "/things/{id}" }
    input:
      id: { type: string, required: true, in: path }
${fields
  .trim()
  .split("\n")
  .map((l) => `      ${l.trim()}`)
  .join("\n")}
    output: { ok: boolean }`).things;
}

/** The emitted line of one property (`  name: …,`), trimmed. */
function property(text: string, name: string): string {
  const line = text.split("\n").find((l) => l.startsWith(`  ${name}: `) || l.startsWith(`  "${name}": `));
  if (!line) throw new Error(`no property ${name} in:\n${text}`);
  return line.trim();
}

/**
 * Evaluates an emitted Zod expression: the emitted code only ever refers to `z` (zod/mini) and the
 * support module's metadata helpers (here the generated ones).
 */
function schemaOf(line: string): zm.ZodMiniType {
  const code = line.slice(line.indexOf(": ") + 2).replace(/,$/, "");
  return new Function("z", "described", "withMeta", `return ${code};`)(zm, described, withMeta) as zm.ZodMiniType;
}

describe("nullable: `X | null`", () => {
  it("is .nullable() in inputs, also when optional", () => {
    const text = inputs(`
      note: { type: string | null, required: true, in: body }
      size: { type: "number | null", format: integer, in: body }
      tags: { type: "string[] | null", in: body }`);
    expect(property(text, "note")).toBe("note: z.nullable(z.string()),");
    expect(property(text, "size")).toBe("size: z.optional(z.nullable(z.int())),");
    expect(property(text, "tags")).toBe("tags: z.optional(z.nullable(z.array(z.string()))),");
    const note = schemaOf(property(text, "note"));
    expect(note.safeParse(null).success).toBe(true);
    expect(note.safeParse(undefined).success).toBe(false);
  });

  it("lets a required output field be null, and leaves optional ones .nullish()", () => {
    const { types } = emit(
      `  - name: get
    summary: Get
    risk: read
    http: { method: GET, path: /thing }
    output: Thing`,
      `types:
  Thing:
    fields:
      id: { type: string, required: true }
      parent: { type: Thing | null, required: true }
      label: { type: string | null }`,
    );
    expect(types).toContain("  get parent(): z.ZodMiniNullable<typeof ThingSchema> {\n    return z.nullable(ThingSchema);\n  },");
    expect(property(types, "label")).toBe("label: z.nullish(z.string()),");
    expect(property(types, "id")).toBe("id: z.string(),");
  });
});

describe("enums of any spelling", () => {
  it("are z.enum with each value a string literal, closed in inputs and open in outputs", () => {
    const text = emit(`  - name: put
    summary: Put
    risk: write
    http: { method: POST, path: /things }
    input:
      status: { enum: [Receiving, "Tracking CAA", "in-transit", "x\\"y", "a\\\\b", "*/ end", "\${x}"], in: body }
    output:
      status: { enum: [Receiving, "in-transit"] }`).things;
    expect(property(text, "status").split("\n")[0]).toBe(
      'status: z.optional(z.enum(["Receiving", "Tracking CAA", "in-transit", "x\\"y", "a\\\\b", "*/ end", "${x}"])),',
    );
    const input = schemaOf(property(text, "status"));
    for (const v of ["Receiving", "Tracking CAA", 'x"y', "a\\b", "*/ end", "${x}"]) expect(input.safeParse(v).success, v).toBe(true);
    expect(input.safeParse("receiving").success).toBe(false);
    const outputLine = text.split("\n").filter((l) => l.trim().startsWith("status: "))[1]!.trim();
    expect(outputLine).toBe('status: z.nullish(z.union([z.enum(["Receiving", "in-transit"]), (z.string() as z.core.$ZodType<string & {}, string & {}>)])),');
  });
});

describe("const", () => {
  it("is z.literal in inputs, and an open literal in outputs", () => {
    const text = emit(`  - name: close
    summary: Close
    risk: write
    http: { method: POST, path: /things/close }
    input:
      message_type: { const: close, required: true, in: body }
      kind: { const: "Odd Value", in: body }
    output:
      type: { const: thing.closed, required: true }`).things;
    expect(property(text, "message_type")).toBe('message_type: z.literal("close"),');
    expect(property(text, "kind")).toBe('kind: z.optional(z.literal("Odd Value")),');
    expect(property(text, "type")).toBe('type: z.union([z.literal("thing.closed"), (z.string() as z.core.$ZodType<string & {}, string & {}>)]),');
    expect(z.toJSONSchema(schemaOf(property(text, "message_type")))).toMatchObject({ const: "close" });
  });
});

describe("constraints", () => {
  it("become Zod checks on inputs; the pattern is compiled from an escaped string, never spliced into a regex literal", () => {
    const text = inputs(`
      count: { type: number, format: integer, minimum: 1, maximum: 100, in: body }
      ratio: { type: number, minimum: -0.5, in: body }
      code: { type: string, minLength: 2, maxLength: 8, pattern: "^[A-Z]{2}/\\\\d+$", in: body }
      evil: { type: string, pattern: "/, (globalThis.pwned = 1), /", in: body }`);
    expect(property(text, "count")).toBe("count: z.optional(z.int().check(z.gte(1), z.lte(100))),");
    expect(property(text, "ratio")).toBe("ratio: z.optional(z.number().check(z.gte(-0.5))),");
    expect(property(text, "code")).toBe('code: z.optional(z.string().check(z.minLength(2), z.maxLength(8), z.regex(new RegExp("^[A-Z]{2}/\\\\d+$", "u")))),');
    expect(property(text, "evil")).toBe('evil: z.optional(z.string().check(z.regex(new RegExp("/, (globalThis.pwned = 1), /", "u")))),');
    const code = schemaOf(property(text, "code"));
    expect(code.safeParse("AB/12").success).toBe(true);
    expect(code.safeParse("ab/12").success).toBe(false);
    expect(code.safeParse("AB/12345678").success).toBe(false);
    const count = schemaOf(property(text, "count"));
    expect([0, 1, 100, 101, 1.5].map((n) => count.safeParse(n).success)).toEqual([false, true, true, false, false]);
    const evil = schemaOf(property(text, "evil"));
    expect(evil.safeParse("/, globalThis.pwned = 1, /").success).toBe(true);
    expect(evil.safeParse("anything").success).toBe(false);
    expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
  });

  it("raise a required path parameter's minLength to 1, and are not checked in outputs", () => {
    const text = emit(`  - name: get
    summary: Get
    risk: read
    http: { method: GET, path: "/things/{id}/{code}" }
    input:
      id: { type: string, required: true, in: path }
      code: { type: string, required: true, in: path, minLength: 3 }
    output:
      code: { type: string, required: true, minLength: 3, pattern: "^x" }`).things;
    expect(property(text, "id")).toBe("id: z.string().check(z.minLength(1)),");
    const codes = text.split("\n").filter((l) => l.trim().startsWith("code: ")).map((l) => l.trim());
    expect(codes).toEqual(["code: z.string().check(z.minLength(3)),", "code: z.string(),"]);
  });
});

describe("formats", () => {
  it("check date-time, date, integer and int64 in inputs; outputs stay tolerant", () => {
    const text = emit(`  - name: put
    summary: Put
    risk: write
    http: { method: POST, path: /things }
    input:
      at: { type: string, format: date-time, required: true, in: body }
      on: { type: string, format: date, in: body }
      big: { type: number, format: int64, in: body }
      n: { type: number, format: integer, in: body }
    output:
      at: { type: string, format: date-time, required: true }
      big: { type: number, format: int64, required: true }`).things;
    const lines = (name: string) => text.split("\n").filter((l) => l.trim().startsWith(`${name}: `)).map((l) => l.trim());
    expect(lines("at")).toEqual(["at: z.iso.datetime({ offset: true }),", "at: z.string(),"]);
    expect(lines("on")).toEqual(["on: z.optional(z.iso.date()),"]);
    expect(lines("big")).toEqual(["big: z.optional(z.int()),", "big: z.number(),"]);
    expect(lines("n")).toEqual(["n: z.optional(z.int()),"]);
    const at = schemaOf(lines("at")[0]!);
    expect(["2024-06-01T12:00:00Z", "2024-06-01T12:00:00+02:00", "2024-06-01", "yesterday"].map((v) => at.safeParse(v).success)).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});

describe("header inputs", () => {
  it("are fields of the strict input object like any other", () => {
    const text = emit(`  - name: get
    summary: Get
    risk: read
    http: { method: GET, path: /things }
    input:
      request_id: { type: string, in: header, wire: X-Request-Id, description: Echoed back. }
      dry_run: { type: boolean, in: header, wire: X-Dry-Run, required: true }
    output: { ok: boolean }`).things;
    expect(text).toContain(
      'export const ThingsGetInputSchema = /* @__PURE__ */ built(() => z.strictObject({\n  request_id: described(z.optional(z.string()), "Echoed back."),\n  dry_run: z.boolean(),\n}));',
    );
  });
});

describe("operations without an output", () => {
  it("have no output schema; their output type is void", () => {
    const text = emit(`  - name: remove
    summary: Remove a thing
    risk: destructive
    http: { method: DELETE, path: "/things/{id}" }
    status: 204
    input:
      id: { type: string, required: true, in: path }`).things;
    expect(text).not.toContain("ThingsRemoveOutputSchema");
    expect(text).toContain(
      "/** `things.remove` answers without a body (204): the call resolves to undefined. */\nexport type ThingsRemoveOutput = void;\n",
    );
  });
});

describe("deprecated", () => {
  it("marks fields with JSDoc @deprecated and JSON Schema's deprecated, and operations in their docs", () => {
    const text = emit(`  - name: get
    summary: Get
    risk: read
    deprecated: true
    http: { method: GET, path: /things }
    input:
      old: { type: string, deprecated: true, description: "Use */ new instead." }
      bare: { type: string, deprecated: true }
    output: { ok: boolean }`).things;
    expect(text).toContain('  /** @deprecated Use *\\/ new instead. */\n  old: withMeta(z.optional(z.string()), { description: "Use */ new instead.", deprecated: true }),');
    expect(text).toContain("  /** @deprecated */\n  bare: withMeta(z.optional(z.string()), { deprecated: true }),");
    expect(text).toContain(" * @deprecated The API marks this operation as deprecated.\n */\nexport const ThingsGetInputSchema");
    const json = z.toJSONSchema(schemaOf(property(text, "bare")));
    expect(json).toMatchObject({ deprecated: true });
  });
});

describe("hostile text", () => {
  it("keeps descriptions, examples and defaults as data", () => {
    const text = inputs(`
      a: { type: string, in: body, description: "*/ alert(1) /* \\u2028 \\"q\\" \`b\`", example: "</script>", default: "x\\\\y" }`);
    expect(property(text, "a")).toBe(
      'a: withMeta(z.optional(z.string()), { description: "*/ alert(1) /* \\u2028 \\"q\\" `b`", default: "x\\\\y", examples: ["</script>"] }),',
    );
    const a = schemaOf(property(text, "a"));
    expect(zm.globalRegistry.get(a)).toMatchObject({ description: '*/ alert(1) /* \u2028 "q" `b`', default: "x\\y", examples: ["</script>"] });
  });
});
