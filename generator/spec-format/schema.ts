/**
 * The spec format, as Zod schemas. They check the shape of each file; cross-file rules live in
 * check-spec.ts. The same schemas are exported as JSON Schema for editors (generated/spec.schema.json).
 */
import { z } from "zod";

const typeNotation = z
  .string()
  .min(1)
  .max(500)
  .describe(
    "Type in the document's notation: string, number, boolean, object, X[], an enum of lowercase words `a | b`, a union of types `string | number`, `X | null` for a nullable value, or a named type (PascalCase). For enum values of any spelling use `enum:`; for a single fixed value use `const:`.",
  );

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** Names that reach code as identifiers or object keys: a conservative, safe alphabet. */
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const IDENTIFIER = /^[a-z][A-Za-z0-9]*$/;
const TYPE_NAME = /^[A-Z][A-Za-z0-9]*$/;
/** Wire names travel in a query, body or header: any visible ASCII but the characters that break those. */
const WIRE_NAME = /^[A-Za-z0-9_.\-$@]+$/;
/** RFC 9110 header field names (token characters). */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
/** Paths: `/`-separated segments of unreserved characters or `{param}` placeholders; nothing that ends the path. */
const URL_PATH = /^(\/([A-Za-z0-9._~!$&'()*+,;=:@-]|\{[A-Za-z_][A-Za-z0-9_]*\})+)+\/?$|^\/$/;
/** A dotted path into an input or response: `pages.next.starting_after`, `data`. */
const DOTTED_PATH = /^[A-Za-z_$][A-Za-z0-9_$-]*(\.[A-Za-z_$][A-Za-z0-9_$-]*)*$/;
/** An error-body path: `errors[0].message`, `errors[].code`, `detail`. */
const BODY_PATH = /^[A-Za-z_$][A-Za-z0-9_$-]*(\[\d*\])?(\.[A-Za-z_$][A-Za-z0-9_$-]*(\[\d*\])?)*$/;

export const FORMATS = ["integer", "int64", "unix-time", "date-time", "date", "uri", "email", "uuid"] as const;

const fieldProps = {
  type: typeNotation.optional().describe("The field's type notation; leave it out when `enum` or `const` says it."),
  enum: z.array(z.string().min(1).max(200)).min(1).optional().describe("The allowed values, any spelling: [Receiving, TrackingCAA]."),
  const: z.string().min(1).max(200).optional().describe("The one value this field always has (a one-value enum)."),
  required: z.boolean().optional().describe("The document's Required column. Default false."),
  description: z.string().optional().describe("What the field means, in your own words."),
  format: z
    .enum(FORMATS)
    .optional()
    .describe("Refines `number` (integer, int64, unix-time) or `string` (date-time, date, uri, email, uuid)."),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  minLength: z.number().int().min(0).optional(),
  maxLength: z.number().int().min(0).optional(),
  pattern: z.string().min(1).optional().describe("An ECMAScript regular expression the value must match."),
  deprecated: z.boolean().optional().describe("Still accepted or sent, but going away."),
  wireType: typeNotation
    .optional()
    .describe("What the real API sends where it contradicts the document's type; schemas accept either."),
  example: z.unknown().optional().describe("A realistic value, used in docs and OpenAPI examples."),
  default: scalar.optional().describe("Sent by the client when the caller leaves the input out."),
};

const fieldObject = z.strictObject(fieldProps);
/** A field of a named type or an output: `name: string` or `name: { type, required, … }`. */
export const FieldSchema = z.union([typeNotation, fieldObject]);

export const INPUT_LOCATIONS = ["path", "query", "header", "body"] as const;

const inputObject = z.strictObject({
  ...fieldProps,
  in: z
    .enum(INPUT_LOCATIONS)
    .optional()
    .describe("Where the value travels. Default: query for GET/DELETE, body otherwise."),
  wire: z.string().regex(WIRE_NAME, "wire names are letters, digits and _ . - $ @").optional().describe("The real API's name where it differs from the document's."),
  unsupported: z.boolean().optional().describe("The document lists it, but the real API version does not define it."),
});
export const InputFieldSchema = z.union([typeNotation, inputObject]);

const fieldName = z.string().regex(FIELD_NAME, "field names are letters, digits and _, not starting with a digit");
const fieldMap = z.record(fieldName, FieldSchema);

export const RISK_VALUES = ["read", "write", "destructive"] as const;
export const METHOD_VALUES = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export const PAGINATION_STYLES = ["page", "offset", "cursor", "lastId", "link", "scroll"] as const;

const dotted = z.string().regex(DOTTED_PATH, "a dotted path such as pages.next.starting_after");

/**
 * Pagination is one object whose keys depend on the style; api.yaml may give defaults per style
 * (`pagination: { page: { totalPages: pages.total_pages } }`) that every operation of that style inherits.
 */
const paginationKeys = {
  items: dotted.optional().describe("The output field (dotted path) holding the page's items."),
  page: dotted.optional().describe("page style: the input taking the page number (default page)."),
  totalPages: dotted.optional().describe("page style: the output path of the number of pages."),
  currentPage: dotted.optional().describe("page style: the output path of the current page number."),
  offset: dotted.optional().describe("offset style: the input taking the offset (default offset)."),
  limit: dotted.optional().describe("offset style: the input taking the page size (default limit)."),
  total: dotted.optional().describe("offset style: the output path of the total item count."),
  cursor: dotted.optional().describe("cursor, lastId, scroll: the input (dotted path) taking the cursor."),
  next: dotted.optional().describe("cursor, scroll: the output path of the next cursor."),
  hasMore: dotted.optional().describe("lastId style: the output path of the more-results flag (default has_more)."),
  id: z.string().regex(FIELD_NAME).optional().describe("lastId style: the item field whose value is the cursor (default id)."),
};
const PaginationSchema = z.strictObject({
  style: z.enum(PAGINATION_STYLES).describe("page | offset | cursor | lastId | link | scroll"),
  ...paginationKeys,
});
const PaginationDefaultsSchema = z
  .strictObject(Object.fromEntries(PAGINATION_STYLES.map((s) => [s, z.strictObject(paginationKeys).optional()])) as Record<
    (typeof PAGINATION_STYLES)[number],
    z.ZodOptional<z.ZodObject<typeof paginationKeys>>
  >)
  .describe("Defaults per pagination style, inherited by every operation of that style.");

export const OperationSchema = z.strictObject({
  name: z.string().regex(IDENTIFIER, "operation names are camelCase").max(64),
  summary: z.string().min(1),
  description: z.string().optional(),
  risk: z.enum(RISK_VALUES).describe("read | write | destructive"),
  deprecated: z.boolean().optional(),
  http: z.strictObject({
    method: z.enum(METHOD_VALUES),
    path: z
      .string()
      .regex(URL_PATH, "paths are /-separated segments of URL-safe characters and {param} placeholders")
      .refine((p) => !p.split("/").some((segment) => segment === "." || segment === ".."), "a path segment may not be . or .."),
  }),
  input: z.record(fieldName, InputFieldSchema).optional(),
  constants: z.record(z.string().regex(WIRE_NAME), scalar).optional().describe("Fixed fields the real API needs that are not inputs."),
  status: z.number().int().min(200).max(299).optional().describe("The success status (default 200; 204 means no body)."),
  output: z
    .union([typeNotation, fieldMap])
    .optional()
    .describe("A named object type, or a map of fields. Leave it out when a success has no body."),
  outputWireType: z
    .string()
    .optional()
    .describe("A named type: what the real API sends where its whole answer contradicts the document's output; schemas accept either."),
  pagination: PaginationSchema.optional(),
});

const typeDescription = { description: z.string().optional(), deprecated: z.boolean().optional() };
export const TypeSchema = z.union([
  z.strictObject({ ...typeDescription, fields: fieldMap }),
  z.strictObject({ ...typeDescription, values: typeNotation }),
  z.strictObject({ ...typeDescription, oneOf: z.array(typeNotation).min(2) }),
  z.strictObject({ ...typeDescription, enum: z.array(z.string().min(1).max(200)).min(1) }),
]);

const typesMap = z.record(z.string().regex(TYPE_NAME, "type names are PascalCase").max(100), TypeSchema);

export const ResourceFileSchema = z
  .strictObject({
    resource: z.string().regex(IDENTIFIER, "resource names are camelCase").max(64),
    title: z.string().min(1),
    description: z.string().optional(),
    operations: z.array(OperationSchema),
    types: typesMap.optional(),
  })
  .describe("One resource of the API: its operations, in order, and the types they use.");

/** http(s) only (no `javascript:`), no credentials, query or fragment. */
const httpUrl = z
  .url({ protocol: /^https?$/ })
  .refine((u) => !/[?#\s"'<>\\`{}|^]/.test(u) && !/^[a-z]+:\/\/[^/]*@/i.test(u), "an http(s) URL without credentials, query, fragment or quotes");

const AuthSchema = z.union([
  z.enum(["none", "bearer", "basic"]),
  z.strictObject({ scheme: z.enum(["none", "bearer", "basic"]), description: z.string().optional() }),
  z.strictObject({
    scheme: z.literal("apiKey"),
    in: z.enum(["header", "query"]).describe("Where the key travels."),
    name: z.string().regex(HEADER_NAME, "a header or query parameter name").describe("The header or query parameter name."),
    description: z.string().optional(),
  }),
]);

const ErrorsSchema = z.strictObject({
  type: z.string().optional().describe("The named type error bodies carry."),
  contentType: z.enum(["application/json", "application/problem+json"]).optional().describe("Default application/json."),
  message: z.string().regex(BODY_PATH).optional().describe("Where the human-readable message is: `errors[0].message`, `detail`."),
  code: z.string().regex(BODY_PATH).optional().describe("Where the machine-readable code(s) are: `errors[].code`, `error.code`."),
  requestId: z.string().regex(BODY_PATH).optional().describe("Where the request id is in the body."),
  requestIdHeader: z.string().regex(HEADER_NAME).optional().describe("A response header carrying the request id."),
});

const RateLimitSchema = z.strictObject({
  limit: z.string().regex(HEADER_NAME).optional().describe("Header: requests allowed in the window."),
  remaining: z.string().regex(HEADER_NAME).optional().describe("Header: requests left in the window."),
  reset: z.string().regex(HEADER_NAME).optional().describe("Header: when the window resets (Retry-After is always honoured)."),
  resetUnit: z.enum(["unix-seconds", "seconds", "milliseconds"]).optional().describe("What the reset header counts (default unix-seconds)."),
});

export const ApiFileSchema = z
  .strictObject({
    api: z
      .string()
      .regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/, "a dotted lowercase name such as petstore.api")
      .max(100)
      .describe("The API's dotted name, e.g. petstore.api"),
    name: z
      .string()
      .regex(/^[A-Z][A-Za-z0-9]*$/)
      .max(50)
      .optional()
      .describe("PascalCase stem of generated names (createXClient, XError, X_ env vars). Default: from api."),
    package: z
      .string()
      .regex(/^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/)
      .max(214)
      .optional()
      .describe("npm package name of the generated package. Default: <api name>-client."),
    title: z.string().min(1),
    version: z.string().min(1).max(100),
    description: z.string().optional(),
    contact: z.strictObject({ name: z.string().optional(), url: httpUrl.optional(), email: z.email().optional() }).optional(),
    license: z.strictObject({ name: z.string(), url: httpUrl.optional() }).optional(),
    servers: z
      .array(z.strictObject({ name: z.string().regex(FIELD_NAME).max(50), url: httpUrl, description: z.string().optional() }))
      .min(1),
    serverOption: z.string().regex(IDENTIFIER).optional().describe("The client option that chooses a server (default server)."),
    auth: AuthSchema.optional().describe("bearer | basic | none | { scheme: apiKey, in, name }. Default none."),
    headers: z
      .record(
        z.string().regex(HEADER_NAME, "header names are RFC 9110 tokens"),
        z.strictObject({
          option: z.string().regex(IDENTIFIER).optional().describe("The client option that sets it (default: camelCase of the name)."),
          description: z.string().optional(),
          default: z.string().regex(/^[^\r\n\0]*$/, "header values have no line breaks").optional(),
          enum: z.array(z.string().regex(/^[^\r\n\0]*$/)).optional(),
          required: z.boolean().optional(),
        }),
      )
      .optional()
      .describe("Headers sent on every request, each set through a client option."),
    resources: z.array(z.string()).min(1).describe("Resource names in the order they are presented."),
    errors: ErrorsSchema.optional().describe("Where error responses carry their message, code(s) and request id."),
    rateLimit: RateLimitSchema.optional(),
    pagination: PaginationDefaultsSchema.optional(),
    types: typesMap.optional(),
  })
  .describe("The API as a whole: name, servers, auth, shared headers, error shape and shared types.");

export type ResourceFile = z.infer<typeof ResourceFileSchema>;
export type ApiFile = z.infer<typeof ApiFileSchema>;
export type RawField = z.infer<typeof FieldSchema>;
export type RawInputField = z.infer<typeof InputFieldSchema>;
export type RawType = z.infer<typeof TypeSchema>;
export type RawOperation = z.infer<typeof OperationSchema>;
export type RawPagination = z.infer<typeof PaginationSchema>;
export type RawAuth = z.infer<typeof AuthSchema>;

/** The JSON Schema editors use to complete and check spec files (either kind of file). */
export function specJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(z.union([ApiFileSchema, ResourceFileSchema]), { target: "draft-2020-12", unrepresentable: "any" });
  const { $schema, ...rest } = schema as Record<string, unknown>;
  return { $schema, $comment: "Code generated by opspec from generator/spec-format/schema.ts. DO NOT EDIT.", title: "opspec spec file", ...rest };
}
