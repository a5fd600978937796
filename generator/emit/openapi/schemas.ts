/**
 * JSON Schemas (OpenAPI 3.1 dialect) for the model's types and fields. Named types are always
 * `$ref`erenced, never inlined. 3.0 is derived from these by `oas30.ts`.
 *
 * Decisions, in one place:
 * - `format: integer` and `format: unix-time` become `type: integer`; unix-time adds `format: unixtime`
 *   (the OpenAPI Format Registry's name for seconds since the epoch), not `int64`, which some
 *   generators map to BigInt.
 * - Unions (`a | B`, `oneOf:` types, `wireType`) are `anyOf`: the runtime accepts a value that fits any
 *   member, while `oneOf` would reject one that fits several (`{}` fits both SearchFilter and
 *   SearchFilterGroup).
 * - Nullability follows the runtime's tolerance: an optional field of a response or of a named type
 *   also accepts `null` (the API sends `null` for absent values); request parameters and body fields
 *   do not.
 * - Objects stay open (no `additionalProperties: false`): fields the spec does not know are kept.
 *   A free-form `object` says `additionalProperties: true` so generators type it as a record.
 */
import type { ReferenceObject, SchemaObject } from "openapi3-ts/oas31";
import type { FieldModel, Format, NamedTypeModel, TypeRef } from "../../model/types.ts";

export type Schema = SchemaObject | ReferenceObject;

export const SCHEMAS_PATH = "#/components/schemas/";

export function schemaRef(name: string): ReferenceObject {
  return { $ref: `${SCHEMAS_PATH}${name}` };
}

/** The schema of a type expression; `format` refines the primitives it fits (numbers or strings). */
export function typeSchema(type: TypeRef, format?: Format): Schema {
  switch (type.kind) {
    case "primitive":
      return primitiveSchema(type.name, format);
    case "enum":
      return { type: "string", enum: [...type.values] };
    case "array":
      return { type: "array", items: typeSchema(type.items, format) };
    case "named":
      return schemaRef(type.name);
    case "union":
      return { anyOf: type.members.flatMap((m) => anyOfMembers(typeSchema(m, format))) };
  }
}

function primitiveSchema(name: "string" | "number" | "boolean" | "object", format?: Format): SchemaObject {
  switch (name) {
    case "string":
      return format === "uri" || format === "email" || format === "uuid" ? { type: "string", format } : { type: "string" };
    case "number":
      if (format === "integer") return { type: "integer" };
      if (format === "unix-time") return { type: "integer", format: "unixtime" };
      return { type: "number" };
    case "boolean":
      return { type: "boolean" };
    case "object":
      return { type: "object", additionalProperties: true };
  }
}

/** A schema's alternatives when it is a bare `anyOf`, so that nested unions stay flat. */
function anyOfMembers(schema: Schema): Schema[] {
  return "anyOf" in schema && schema.anyOf && Object.keys(schema).length === 1 ? schema.anyOf : [schema];
}

/** `schema` or `null`. */
function withNull(schema: Schema): Schema {
  if ("$ref" in schema || !("type" in schema) || schema.type === undefined) {
    return { anyOf: [...anyOfMembers(schema), { type: "null" }] };
  }
  const { type, enum: values, ...rest } = schema;
  const types = Array.isArray(type) ? type : [type];
  return {
    type: types.includes("null") ? types : [...types, "null"],
    ...(values ? { enum: values.includes(null) ? values : [...values, null] } : {}),
    ...rest,
  };
}

export interface FieldSchemaOptions {
  /** The field also accepts `null` (optional output fields). */
  nullable: boolean;
  /** Put the description, default and example on the schema (body and object properties). */
  annotate: boolean;
  /** API version named in the note on unsupported inputs. */
  apiVersion: string;
}

/** The schema of one field: its type (or its wire type), nullability and annotations. */
export function fieldSchema(field: FieldModel, options: FieldSchemaOptions): Schema {
  let schema = typeSchema(field.type, field.format);
  if (field.wireType) schema = { anyOf: [...anyOfMembers(schema), ...anyOfMembers(typeSchema(field.wireType, field.format))] };
  if (options.nullable) schema = withNull(schema);
  if (!options.annotate) return schema;
  const description = fieldDescription(field, options.apiVersion);
  return {
    ...schema,
    ...(description !== undefined ? { description } : {}),
    ...(field.default !== undefined ? { default: field.default } : {}),
    ...(field.example !== undefined ? { examples: [field.example] } : {}),
    ...(field.unsupported ? { "x-opspec-unsupported": true } : {}),
  };
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
  for (const f of fields) properties[f.wireName] = fieldSchema(f, { ...options, nullable: options.nullable && !f.required, annotate: true });
  const required = fields.filter((f) => f.required).map((f) => f.wireName);
  return {
    type: "object",
    ...(options.description !== undefined ? { description: options.description } : {}),
    properties,
    ...(required.length > 0 ? { required } : {}),
  };
}

/** The `components/schemas` entry of a named type. Optional fields accept null (types are shared by requests and responses). */
export function namedTypeSchema(type: NamedTypeModel, apiVersion: string): SchemaObject {
  const description = type.description !== undefined ? { description: type.description } : {};
  switch (type.kind) {
    case "object":
      return objectSchema(type.fields, { nullable: true, apiVersion, ...description });
    case "map":
      return { type: "object", ...description, additionalProperties: typeSchema(type.values) };
    case "union":
      return { ...description, anyOf: type.members.flatMap((m) => anyOfMembers(typeSchema(m))) };
    case "enum":
      return { type: "string", ...description, enum: [...type.values] };
  }
}
