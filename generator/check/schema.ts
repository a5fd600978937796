/**
 * The spec format, as Zod schemas. They check the shape of each file; cross-file rules live in
 * check-spec.ts. The same schemas are exported as JSON Schema for editors (generated/spec.schema.json).
 */
import { z } from "zod";

const typeNotation = z
  .string()
  .min(1)
  .describe(
    "Type in the document's notation: string, number, boolean, object, X[], an enum `a | b`, a union of types `string | number`, or a named type (PascalCase).",
  );

const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const FORMATS = ["integer", "unix-time", "uri", "email", "uuid"] as const;

const fieldProps = {
  type: typeNotation,
  required: z.boolean().optional().describe("The document's Required column. Default false."),
  description: z.string().optional().describe("What the field means, in your own words."),
  format: z.enum(FORMATS).optional().describe("Refines `number` (integer, unix-time) or `string` (uri, email, uuid)."),
  wireType: typeNotation
    .optional()
    .describe("What the real API sends where it contradicts the document's type; schemas accept either."),
  example: z.unknown().optional().describe("A realistic value, used in docs and OpenAPI examples."),
  default: scalar.optional().describe("Sent by the client when the caller leaves the input out."),
};

const fieldObject = z.strictObject(fieldProps);
/** A field of a named type or an output: `name: string` or `name: { type, required, … }`. */
export const FieldSchema = z.union([typeNotation, fieldObject]);

const inputObject = z.strictObject({
  ...fieldProps,
  in: z.enum(["path", "query", "body"]).optional().describe("Where the value travels. Default: query for GET/DELETE, body otherwise."),
  wire: z.string().min(1).optional().describe("The real API's name where it differs from the document's."),
  unsupported: z.boolean().optional().describe("The document lists it, but the real API version does not define it."),
});
export const InputFieldSchema = z.union([typeNotation, inputObject]);

const fieldMap = z.record(z.string(), FieldSchema);

export const RISK_VALUES = ["read", "write", "destructive"] as const;
export const METHOD_VALUES = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

const PaginationSchema = z.discriminatedUnion("style", [
  z.strictObject({ style: z.literal("page"), items: z.string().describe("The output field holding the page's items.") }),
  z.strictObject({
    style: z.literal("cursor"),
    items: z.string(),
    cursor: z.string().describe("Input (dotted path) that takes the cursor from pages.next.starting_after."),
  }),
  z.strictObject({
    style: z.literal("scroll"),
    items: z.string(),
    cursor: z.string().describe("Input that takes the scroll_param of the previous page."),
  }),
]);

export const OperationSchema = z.strictObject({
  name: z.string().regex(/^[a-z][A-Za-z0-9]*$/, "operation names are camelCase"),
  summary: z.string().min(1),
  description: z.string().optional(),
  risk: z.enum(RISK_VALUES).describe("read | write | destructive"),
  http: z.strictObject({
    method: z.enum(METHOD_VALUES),
    path: z.string().regex(/^\//, "paths start with /"),
  }),
  input: z.record(z.string(), InputFieldSchema).optional(),
  constants: z.record(z.string(), scalar).optional().describe("Fixed fields the real API needs that are not inputs."),
  output: z.union([typeNotation, fieldMap]).describe("A named object type, or a map of fields."),
  outputWireType: z
    .string()
    .optional()
    .describe("A named type: what the real API sends where its whole answer contradicts the document's output; schemas accept either."),
  pagination: PaginationSchema.optional(),
});

export const TypeSchema = z.union([
  z.strictObject({ description: z.string().optional(), fields: fieldMap }),
  z.strictObject({ description: z.string().optional(), values: typeNotation }),
  z.strictObject({ description: z.string().optional(), oneOf: z.array(typeNotation).min(2) }),
  z.strictObject({ description: z.string().optional(), enum: z.array(z.string()).min(1) }),
]);

const typesMap = z.record(z.string().regex(/^[A-Z][A-Za-z0-9]*$/, "type names are PascalCase"), TypeSchema);

export const ResourceFileSchema = z
  .strictObject({
    resource: z.string().regex(/^[a-z][A-Za-z0-9]*$/, "resource names are camelCase"),
    title: z.string().min(1),
    description: z.string().optional(),
    operations: z.array(OperationSchema),
    types: typesMap.optional(),
  })
  .describe("One resource of the API: its operations, in order, and the types they use.");

export const ApiFileSchema = z
  .strictObject({
    api: z.string().min(1).describe("The API's dotted name, e.g. intercom.api"),
    title: z.string().min(1),
    version: z.string().min(1),
    description: z.string().optional(),
    contact: z.strictObject({ name: z.string().optional(), url: z.string().optional(), email: z.string().optional() }).optional(),
    license: z.strictObject({ name: z.string(), url: z.string().optional() }).optional(),
    servers: z
      .array(z.strictObject({ region: z.string().min(1), url: z.url(), description: z.string().optional() }))
      .min(1),
    auth: z.strictObject({ scheme: z.literal("bearer"), description: z.string().optional() }),
    headers: z
      .record(
        z.string(),
        z.strictObject({ description: z.string().optional(), default: z.string().optional(), enum: z.array(z.string()).optional() }),
      )
      .optional(),
    resources: z.array(z.string()).min(1).describe("Resource names in the order they are presented."),
    errors: z.string().optional().describe("The named type error responses carry."),
    types: typesMap.optional(),
  })
  .describe("The API as a whole: name, servers, auth, shared headers and shared types.");

export type ResourceFile = z.infer<typeof ResourceFileSchema>;
export type ApiFile = z.infer<typeof ApiFileSchema>;
export type RawField = z.infer<typeof FieldSchema>;
export type RawInputField = z.infer<typeof InputFieldSchema>;
export type RawType = z.infer<typeof TypeSchema>;
export type RawOperation = z.infer<typeof OperationSchema>;

/** The JSON Schema editors use to complete and check spec files (either kind of file). */
export function specJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(z.union([ApiFileSchema, ResourceFileSchema]), { target: "draft-2020-12", unrepresentable: "any" });
  const { $schema, ...rest } = schema as Record<string, unknown>;
  return { $schema, $comment: "Code generated by opspec from generator/check/schema.ts. DO NOT EDIT.", title: "opspec spec file", ...rest };
}
