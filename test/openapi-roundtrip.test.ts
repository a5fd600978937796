/**
 * Round trip: reading generated/openapi/openapi.json back gives the model of spec/. Every operation,
 * parameter, body field, output field and named type appears with the same (wire) name, type and
 * required flag, and nothing else does. Types are compared in a small canonical notation that is
 * derived independently from the model's TypeRefs and from the document's schemas.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { OpenAPIObject, OperationObject, ParameterObject, ReferenceObject, SchemaObject } from "openapi3-ts/oas31";
import { beforeAll, describe, expect, it } from "vitest";
import type { ApiModel, FieldModel, Format, OperationModel, TypeRef } from "../generator/model/types.ts";
import { splitNullable } from "../generator/model/type-ref.ts";
import { GENERATED_DIR, loadModel } from "./helpers/spec.ts";

type Schema = SchemaObject | ReferenceObject;
const REF = "#/components/schemas/";
const METHODS = ["get", "put", "post", "delete", "patch"] as const;

let model: ApiModel;
let doc: OpenAPIObject;

beforeAll(async () => {
  model = await loadModel();
  doc = JSON.parse(readFileSync(path.join(GENERATED_DIR, "openapi/openapi.json"), "utf8")) as OpenAPIObject;
});

// ---- canonical notation, from the model ----
function modelNotation(t: TypeRef, format?: Format): string {
  switch (t.kind) {
    case "primitive":
      if (t.name === "number") return format === "integer" ? "integer" : format === "unix-time" ? "unix-time" : "number";
      if (t.name === "string" && (format === "uri" || format === "email" || format === "uuid")) return `string:${format}`;
      return t.name;
    case "enum":
      return `enum(${t.values.join(",")})`;
    case "array": {
      const inner = modelNotation(t.items, format);
      return inner.includes(" | ") ? `(${inner})[]` : `${inner}[]`;
    }
    case "named":
      return t.name;
    case "union":
      return t.members.map((m) => modelNotation(m, format)).join(" | ");
  }
}

function fieldNotation(f: FieldModel): string {
  const own = modelNotation(f.type, f.format);
  return f.wireType ? `${own} | ${modelNotation(f.wireType, f.format)}` : own;
}

// ---- canonical notation, from the document ----
/** The schema without its `null` alternative, and whether it had one. */
function splitNull(s: Schema): { schema: Schema; nullable: boolean } {
  if ("$ref" in s && s.$ref) return { schema: s, nullable: false };
  const o = s as SchemaObject;
  if (Array.isArray(o.type) && o.type.includes("null")) {
    const rest = o.type.filter((t) => t !== "null");
    return { schema: { ...o, type: rest.length === 1 ? rest[0] : rest, ...(o.enum ? { enum: o.enum.filter((v) => v !== null) } : {}) }, nullable: true };
  }
  if (o.anyOf?.some((m) => (m as SchemaObject).type === "null")) {
    const rest = o.anyOf.filter((m) => (m as SchemaObject).type !== "null");
    return { schema: rest.length === 1 ? rest[0]! : { anyOf: rest }, nullable: true };
  }
  return { schema: s, nullable: false };
}

/** A component's type: itself, or for an input flavour (`<Name>Input`) the type it is the flavour of. */
function componentType(name: string): string {
  const of = (doc.components?.schemas?.[name] as SchemaObject | undefined)?.["x-opspec-input-of"];
  return typeof of === "string" ? of : name;
}

function docNotation(s: Schema): string {
  if ("$ref" in s && s.$ref) return componentType(s.$ref.slice(REF.length));
  const o = s as SchemaObject;
  if (o.anyOf) return o.anyOf.map(docNotation).join(" | ");
  if (o.const !== undefined) return `enum(${String(o.const)})`;
  if (o.enum) return `enum(${o.enum.join(",")})`;
  switch (o.type) {
    case "integer":
      return o.format === "unixtime" ? "unix-time" : "integer";
    case "string":
      return o.format ? `string:${o.format}` : "string";
    case "array": {
      const inner = docNotation(o.items!);
      return inner.includes(" | ") ? `(${inner})[]` : `${inner}[]`;
    }
    case "object":
      expect(o.additionalProperties, "a free-form object").toBe(true);
      return "object";
    default:
      return String(o.type);
  }
}

interface Described {
  notation: string;
  required: boolean;
  nullable: boolean;
}

function describeProperties(s: SchemaObject): Record<string, Described> {
  const out: Record<string, Described> = {};
  for (const [name, p] of Object.entries(s.properties ?? {})) {
    const { schema, nullable } = splitNull(p);
    out[name] = { notation: docNotation(schema), required: (s.required ?? []).includes(name), nullable };
  }
  return out;
}

/** What the document must say about fields; `nullable` where the spec says `| null`, and for optional fields of responses and of named types as responses carry them. */
function expectedFields(fields: readonly FieldModel[], nullableOptional: boolean): Record<string, Described> {
  return Object.fromEntries(
    fields.map((f) => {
      const { type, nullable } = splitNullable(f.type);
      return [f.wireName, { notation: fieldNotation({ ...f, type }), required: f.required, nullable: nullable || (nullableOptional && !f.required) }];
    }),
  );
}

function operationsOf(d: OpenAPIObject): { method: string; path: string; op: OperationObject }[] {
  return Object.entries(d.paths ?? {}).flatMap(([p, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ method: m.toUpperCase(), path: p, op: item[m]! })),
  );
}

function findOperation(op: OperationModel) {
  const found = operationsOf(doc).filter(({ op: o }) => [o["x-opspec-name"]].flat().includes(op.fullName));
  expect(found, op.fullName).toHaveLength(1);
  return found[0]!;
}

const allOperations = () => model.resources.flatMap((r) => r.operations);

describe("round trip: generated/openapi/openapi.json against spec/", () => {
  it("has exactly the spec's operations, each at its method and path", () => {
    const names = operationsOf(doc).flatMap(({ op }) => [op["x-opspec-name"]].flat());
    expect([...names].sort()).toEqual(allOperations().map((o) => o.fullName).sort());
    for (const op of allOperations()) {
      const { method, path: p, op: o } = findOperation(op);
      expect(`${method} ${p}`, op.fullName).toBe(`${op.method} ${op.path}`);
      expect(o["x-risk"] === op.risk || Array.isArray(o["x-opspec-name"]), op.fullName).toBe(true);
    }
  });

  it("has exactly each operation's path and query parameters, under wire names, with type and required flag", () => {
    for (const op of allOperations()) {
      const { op: o } = findOperation(op);
      const params = (o.parameters ?? []).filter((p): p is ParameterObject => "name" in p);
      const actual = Object.fromEntries(
        params.map((p) => [`${p.in} ${p.name}`, { notation: docNotation(p.schema!), required: p.required === true, nullable: splitNull(p.schema!).nullable }]),
      );
      const expected = Object.fromEntries([
        ...op.input
          .filter((f) => f.location !== "body")
          .map((f) => [`${f.location} ${f.location === "path" ? f.name : f.wireName}`, { notation: fieldNotation(f), required: f.required, nullable: false }]),
        ...op.constants.filter((c) => c.location === "query").map((c) => [`query ${c.name}`, { notation: `enum(${String(c.value)})`, required: true, nullable: false }]),
      ]);
      expect(actual, op.fullName).toEqual(expected);
      // The version header is the only other parameter, shared from components.
      expect(o.parameters!.filter((p) => !("name" in p))).toEqual(model.headers.map((h) => ({ $ref: `#/components/parameters/${h.name}` })));
    }
  });

  it("has exactly each operation's body fields and constants, under wire names, with type and required flag", () => {
    for (const op of allOperations()) {
      const { op: o } = findOperation(op);
      const body = op.input.filter((f) => f.location === "body");
      const constants = op.constants.filter((c) => c.location === "body");
      const schema = (o.requestBody as { content: Record<string, { schema: SchemaObject }> } | undefined)?.content["application/json"]?.schema;
      if (!schema) {
        // Only GET and DELETE go without a body (the client sends `{}` on the others).
        expect([body.length + constants.length, op.method], op.fullName).toEqual([0, expect.stringMatching(/^(GET|DELETE)$/)]);
        continue;
      }
      const own = Array.isArray(o["x-opspec-name"]) ? (schema.anyOf!.find((b) => (b as SchemaObject).title === op.fullName) as SchemaObject) : schema;
      expect(own, op.fullName).toBeDefined();
      expect(describeProperties(own), op.fullName).toEqual({
        ...expectedFields(body, false),
        ...Object.fromEntries(constants.map((c) => [c.name, { notation: `enum(${String(c.value)})`, required: true, nullable: false }])),
      });
    }
  });

  it("answers each operation with its output at its status: the named type by $ref or exactly its inline fields, or else its wire type; no content without output", () => {
    for (const op of allOperations()) {
      const { op: o } = findOperation(op);
      const answer = o.responses![String(op.status)] as { content?: Record<string, { schema: Schema }> };
      if (!op.output) {
        expect(answer.content, op.fullName).toBeUndefined();
        continue;
      }
      const schema = answer.content!["application/json"]!.schema;
      const wire = op.output.wireTypeName ? [{ $ref: `${REF}${op.output.wireTypeName}` }] : [];
      const alternatives = wire.length > 0 ? (schema as SchemaObject).anyOf! : [schema];
      expect(alternatives.slice(1), op.fullName).toEqual(wire);
      const own = alternatives[0]!;
      if (op.output.typeName) expect(own, op.fullName).toEqual({ $ref: `${REF}${op.output.typeName}` });
      else expect(describeProperties(own as SchemaObject), op.fullName).toEqual(expectedFields(op.output.fields, true));
    }
  });

  it("has exactly the spec's named types, each with the same fields, values or members", () => {
    const components = doc.components!.schemas!;
    const inputs = Object.keys(components).filter((name) => componentType(name) !== name);
    expect(Object.keys(components).filter((name) => !inputs.includes(name))).toEqual(model.types.map((t) => t.name));
    for (const t of model.types) {
      const s = components[t.name] as SchemaObject;
      // As responses carry it (optional fields also null), unless only requests send it.
      const usage = model.typeUsage[t.name] ?? { input: false, output: false };
      const asRequests = usage.input && !usage.output && t.name !== model.errors.typeName;
      switch (t.kind) {
        case "object":
          expect(describeProperties(s), t.name).toEqual(expectedFields(t.fields, !asRequests));
          break;
        case "map":
          expect(docNotation(s.additionalProperties as Schema), t.name).toBe(modelNotation(t.values));
          expect(s.properties, t.name).toBeUndefined();
          break;
        case "union":
          expect(docNotation(s), t.name).toBe(t.members.map((m) => modelNotation(m)).join(" | "));
          break;
        case "enum":
          expect(s.enum, t.name).toEqual(t.values);
          break;
      }
    }
  });

  it("gives a type that requests send and responses carry its input flavour as a component of its own, with no null beyond the spec's", () => {
    const components = doc.components!.schemas!;
    const inputs = Object.keys(components).filter((name) => componentType(name) !== name);
    // Intercom's: the cursor paging object, sent by conversations.search and read in its answer.
    expect(inputs).toEqual(["StartingAfterPagingInput"]);
    for (const name of inputs) {
      const t = model.types.find((type) => type.name === componentType(name))!;
      expect(name).toBe(`${t.name}Input`);
      expect(t.kind === "object" && describeProperties(components[name] as SchemaObject), name).toEqual(t.kind === "object" && expectedFields(t.fields, false));
    }
    const search = findOperation(allOperations().find((op) => op.fullName === "conversations.search")!).op;
    const body = (search.requestBody as { content: Record<string, { schema: SchemaObject }> }).content["application/json"]!.schema;
    expect((body.properties!.pagination as ReferenceObject).$ref).toBe(`${REF}StartingAfterPagingInput`);
  });
});
