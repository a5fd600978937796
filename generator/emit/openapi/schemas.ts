/**
 * JSON Schemas (OpenAPI 3.1 dialect) for the model's types and fields. Named types are always
 * `$ref`erenced, never inlined. 3.0 is derived from these by `oas30.ts`.
 *
 * Decisions, in one place:
 * - `format: integer` becomes `type: integer`; `int64` adds `format: int64`; `unix-time` adds
 *   `format: unixtime` (the OpenAPI Format Registry's name for seconds since the epoch), not `int64`,
 *   which some generators map to BigInt. Strings keep `uri`, `email`, `uuid`, `date-time`, `date`.
 * - A one-value enum (`const:`) is `const`; other enums are `enum`, whatever their spelling.
 * - Unions (`a | B`, `oneOf:` types, `wireType`) are `anyOf`: the runtime accepts a value that fits any
 *   member, while `oneOf` would reject one that fits several (`{}` fits both SearchFilter and
 *   SearchFilterGroup).
 * - Nullability: `X | null` in the spec is `type: [X, "null"]` (or an `anyOf` member `{type: "null"}`
 *   beside a `$ref` or a union). Beyond that it follows the client: an optional field of a response,
 *   or of a named type as responses carry it, also accepts `null` (APIs send `null` for absent values);
 *   request parameters and body fields do not, nor do named types as requests send them (their input
 *   flavour: document.ts says which types get a component of their own for it).
 * - Constraints (`minimum` … `pattern`) sit on the value's own schema, `deprecated: true` on the
 *   property.
 * - Objects stay open (no `additionalProperties: false`): fields the spec does not know are kept.
 *   A free-form `object` says `additionalProperties: true` so generators type it as a record.
 */
import type { ReferenceObject, SchemaObject } from "openapi3-ts/oas31";
import { remembered } from "../../model/memo.ts";
import { splitNullable } from "../../model/type-ref.ts";
import type { Constraints, FieldModel, Format, NamedTypeModel, Primitive, TypeRef } from "../../model/types.ts";

export type Schema = SchemaObject | ReferenceObject;

export const SCHEMAS_PATH = "#/components/schemas/";

export function schemaRef(name: string): ReferenceObject {
  return { $ref: schemaPath(name) };
}

/** One string per name, not a new one per reference: a large document refers to the same types tens of thousands of times. */
const schemaPath = remembered((name: string) => `${SCHEMAS_PATH}${name}`);

/**
 * The component a reference to a named type points at. Requests refer to a type's input flavour, which
 * for some types is a component of its own (`<Name>Input`, see document.ts); everything else to the
 * type's own name.
 */
export type RefName = (name: string) => string;
const ownName: RefName = (name) => name;

/** The schema of a type expression; `format` refines the primitives it fits (numbers or strings), `constraints` limit them. */
export function typeSchema(type: TypeRef, format?: Format, constraints?: Constraints, ref: RefName = ownName): Schema {
  const { type: base, nullable } = splitNullable(type);
  const schema = baseSchema(base, format, constraints, ref);
  return nullable ? withNull(schema) : schema;
}

function baseSchema(type: TypeRef, format: Format | undefined, constraints: Constraints | undefined, ref: RefName): Schema {
  switch (type.kind) {
    case "primitive":
      return withConstraints(primitiveSchema(type.name, format), constraints);
    case "enum":
      return withConstraints(type.values.length === 1 ? { type: "string", const: type.values[0] } : { type: "string", enum: [...type.values] }, constraints);
    case "array":
      return { type: "array", items: typeSchema(type.items, format, undefined, ref) };
    case "named":
      return schemaRef(ref(type.name));
    case "union":
      return { anyOf: type.members.flatMap((m) => anyOfMembers(typeSchema(m, format, constraints, ref))) };
  }
}

function primitiveSchema(name: Primitive, format?: Format): SchemaObject {
  switch (name) {
    case "string":
      return format === "uri" || format === "email" || format === "uuid" || format === "date-time" || format === "date" ? { type: "string", format } : { type: "string" };
    case "number":
      if (format === "integer") return { type: "integer" };
      if (format === "int64") return { type: "integer", format: "int64" };
      if (format === "unix-time") return { type: "integer", format: "unixtime" };
      return { type: "number" };
    case "boolean":
      return { type: "boolean" };
    case "object":
      return { type: "object", additionalProperties: true };
    case "null":
      return { type: "null" };
  }
}

/** Adds the constraints that apply to the schema's type (numbers: minimum/maximum; strings: lengths and pattern). */
function withConstraints(schema: SchemaObject, c: Constraints | undefined): SchemaObject {
  if (!c) return schema;
  const numeric = schema.type === "number" || schema.type === "integer";
  const text = schema.type === "string";
  // Assignments in the order the keys are written (as spreading one-key objects did, without them).
  const out: SchemaObject = { ...schema };
  if (numeric && c.minimum !== undefined) out.minimum = c.minimum;
  if (numeric && c.maximum !== undefined) out.maximum = c.maximum;
  if (text && c.minLength !== undefined) out.minLength = c.minLength;
  if (text && c.maxLength !== undefined) out.maxLength = c.maxLength;
  if (text && c.pattern !== undefined) out.pattern = c.pattern;
  return out;
}

/** A schema's alternatives when it is a bare `anyOf`, so that nested unions stay flat. */
function anyOfMembers(schema: Schema): Schema[] {
  return "anyOf" in schema && schema.anyOf && Object.keys(schema).length === 1 ? schema.anyOf : [schema];
}

function acceptsNull(schema: Schema): boolean {
  if ("$ref" in schema) return false;
  if (schema.type === "null" || (Array.isArray(schema.type) && schema.type.includes("null"))) return true;
  return (schema.anyOf ?? []).some((m) => !("$ref" in m) && m.type === "null");
}

/** `schema` or `null` (unchanged when it already accepts null). */
export function withNull(schema: Schema): Schema {
  if (acceptsNull(schema)) return schema;
  if ("$ref" in schema || !("type" in schema) || schema.type === undefined) {
    return { anyOf: [...anyOfMembers(schema), { type: "null" }] };
  }
  const { type, enum: values, const: constant, ...rest } = schema;
  const types = Array.isArray(type) ? type : [type];
  const allowed = constant !== undefined ? [constant] : values;
  return {
    type: [...types, "null"],
    ...(allowed ? { enum: [...allowed, null] } : {}),
    ...rest,
  };
}

export interface FieldSchemaOptions {
  /** The field also accepts `null` (optional output fields). */
  nullable: boolean;
  /** Put the description, default, example and deprecation on the schema (body and object properties). */
  annotate: boolean;
  /** API version named in the note on unsupported inputs. */
  apiVersion: string;
  /** Where references to named types point (requests: the input flavour); the type's own name by default. */
  ref?: RefName;
}

/** The schema of one field: its type (or its wire type), nullability, constraints and annotations. */
export function fieldSchema(field: FieldModel, options: FieldSchemaOptions): Schema {
  let schema = typeSchema(field.type, field.format, field.constraints, options.ref);
  if (field.wireType) {
    const members = [...anyOfMembers(schema), ...anyOfMembers(typeSchema(field.wireType, field.format, undefined, options.ref))];
    // Keep a null member last (3.0's conversion looks for it anywhere, readers expect it at the end).
    const isNull = (m: Schema) => !("$ref" in m) && m.type === "null";
    schema = { anyOf: [...members.filter((m) => !isNull(m)), ...members.filter(isNull)] };
  }
  if (options.nullable) schema = withNull(schema);
  if (!options.annotate) return schema;
  const description = fieldDescription(field, options.apiVersion);
  // Assignments in the order the keys are written: this runs for every field of every operation, and
  // spreading a one-key object per annotation cost more than the rest of the schema.
  const out: SchemaObject = { ...schema };
  if (description !== undefined) out.description = description;
  if (field.default !== undefined) out.default = field.default;
  if (field.example !== undefined) out.examples = [field.example];
  if (field.deprecated) out.deprecated = true;
  if (field.unsupported) out["x-opspec-unsupported"] = true;
  return out;
}

/** The field's description, plus a note when the spec marks the input `unsupported`. */
export function fieldDescription(field: FieldModel, apiVersion: string): string | undefined {
  if (!field.unsupported) return field.description;
  const note = `Not defined by API version ${apiVersion}; the server may ignore it.`;
  return field.description ? `${field.description}\n\n${note}` : note;
}

/** An object schema over fields, under their wire names. */
export function objectSchema(
  fields: readonly FieldModel[],
  options: Omit<FieldSchemaOptions, "annotate"> & { description?: string },
): SchemaObject {
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  const ref = options.ref ?? ownName;
  const optional: FieldSchemaOptions = { nullable: options.nullable, annotate: true, apiVersion: options.apiVersion, ref };
  const mandatory: FieldSchemaOptions = { nullable: false, annotate: true, apiVersion: options.apiVersion, ref };
  for (const f of fields) {
    properties[f.wireName] = fieldSchema(f, f.required ? mandatory : optional);
    if (f.required) required.push(f.wireName);
  }
  const out: SchemaObject = { type: "object" };
  if (options.description !== undefined) out.description = options.description;
  out.properties = properties;
  if (required.length > 0) out.required = required;
  return out;
}

/**
 * The `components/schemas` entry of a named type, in a flavour: as responses carry it (`output`: its
 * optional fields also accept null), or as requests send it (`input`: they do not, as the client's
 * input schemas do not, and its references point where `ref` says).
 */
export function namedTypeSchema(type: NamedTypeModel, apiVersion: string, flavour: "output" | "input" = "output", ref: RefName = ownName): SchemaObject {
  const description = type.description !== undefined ? { description: type.description } : {};
  switch (type.kind) {
    case "object":
      return objectSchema(type.fields, { nullable: flavour === "output", apiVersion, ref, ...description });
    case "map":
      return { type: "object", ...description, additionalProperties: typeSchema(type.values, undefined, undefined, ref) };
    case "union": {
      const { type: base, nullable } = splitNullable({ kind: "union", members: type.members });
      const members = base.kind === "union" ? base.members : [base];
      return { ...description, anyOf: [...members.flatMap((m) => anyOfMembers(typeSchema(m, undefined, undefined, ref))), ...(nullable ? [{ type: "null" as const }] : [])] };
    }
    case "enum":
      return { type: "string", ...description, enum: [...type.values] };
  }
}
