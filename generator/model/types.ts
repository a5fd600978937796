/**
 * ApiModel: the one typed intermediate representation between the spec and every emitter.
 * Emitters read only this; they never see YAML, source positions or the disk.
 */

export type Risk = "read" | "write" | "destructive";
export const RISKS: readonly Risk[] = ["read", "write", "destructive"];

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export const HTTP_METHODS: readonly HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

export type InputLocation = "path" | "query" | "header" | "body";

/** `null` only appears as a union member: `string | null` is a nullable string. */
export type Primitive = "string" | "number" | "boolean" | "object" | "null";
export type Format = "integer" | "int64" | "unix-time" | "date-time" | "date" | "uri" | "email" | "uuid";

/** Validation limits a field declares; emitters turn them into Zod checks and OpenAPI keywords. */
export interface Constraints {
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  /** An ECMAScript regular expression source, checked to compile. */
  pattern?: string;
}

/** A resolved type expression (the spec's "type notation", parsed). */
export type TypeRef =
  | { kind: "primitive"; name: Primitive }
  | { kind: "enum"; values: string[] }
  | { kind: "array"; items: TypeRef }
  | { kind: "named"; name: string }
  /** `string | number`: every member a primitive or named type. */
  | { kind: "union"; members: TypeRef[] };

export interface FieldModel {
  /** The document's name: the property callers use. */
  name: string;
  /** The real API's name on the wire (equal to `name` unless the spec says `wire:`). */
  wireName: string;
  /** The document's type, parsed. A `| null` member makes the field nullable. */
  type: TypeRef;
  /** The type notation as written in the document (e.g. `object[]`, `draft | published`). */
  docType: string;
  /** What the real API sends where it contradicts the document; schemas accept `type` or `wireType`. */
  wireType?: TypeRef;
  required: boolean;
  description?: string;
  format?: Format;
  /** Sent by the client when the caller leaves the input out. */
  default?: unknown;
  example?: unknown;
  /** The document lists this input, but the real API version does not define it. */
  unsupported: boolean;
  /** Inputs only: where the value travels. */
  location?: InputLocation;
  constraints?: Constraints;
  deprecated: boolean;
}

export type NamedTypeModel =
  | { kind: "object"; name: string; description?: string; file: string; fields: FieldModel[] }
  | { kind: "map"; name: string; description?: string; file: string; values: TypeRef }
  | { kind: "union"; name: string; description?: string; file: string; members: TypeRef[] }
  | { kind: "enum"; name: string; description?: string; file: string; values: string[] };

/**
 * How a list operation pages. Input paths (`page`, `cursor`, …) name input properties (the caller's
 * names, dotted into nested inputs); output paths (`items`, `next`, …) name response keys as sent.
 */
export type PaginationModel = { items: string[] } & (
  /** Page numbers: the next page is `page + 1` until `totalPages` (when given) or an empty page. */
  | { style: "page"; page: string[]; totalPages?: string[]; currentPage?: string[] }
  /** offset/limit: the next offset is `offset + items.length` until `total` (when given) or a short page. */
  | { style: "offset"; offset: string[]; limit: string[]; total?: string[] }
  /** A cursor read from the response at `next`, sent back in the input at `cursor`; absent/empty ends. */
  | { style: "cursor"; cursor: string[]; next: string[] }
  /** The last item's `id` is sent as `cursor` while the response's `hasMore` flag is true. */
  | { style: "lastId"; cursor: string[]; hasMore: string[]; id: string }
  /** The `Link` response header's `rel="next"` URL is requested as-is (same origin only). */
  | { style: "link" }
  /** A scroll id read at `next`, sent back at `cursor`; may repeat; an empty page ends. */
  | { style: "scroll"; cursor: string[]; next: string[] }
);
export type PaginationStyle = PaginationModel["style"];

export interface ConstantModel {
  name: string;
  value: string | number | boolean;
  location: Exclude<InputLocation, "path">;
}

export interface OperationModel {
  /** Short name within the resource: `get`. */
  name: string;
  /** `admins.get` */
  fullName: string;
  /** `petstore.api.pets.get` */
  qualifiedName: string;
  /** Stable identifier for code and OpenAPI: `adminsGet`. */
  id: string;
  /** PascalCase stem for generated names: `AdminsGet`. */
  typeStem: string;
  resource: string;
  summary: string;
  description?: string;
  risk: Risk;
  method: HttpMethod;
  /** Path template with the spec's parameter names: `/admins/{id}`. */
  path: string;
  input: FieldModel[];
  constants: ConstantModel[];
  /** The success status the API answers with (200 unless the spec says otherwise). */
  status: number;
  /** What a success carries; absent when the answer has no body (204, or `output` left out). */
  output?: OutputModel;
  pagination?: PaginationModel;
  deprecated: boolean;
  file: string;
}

export interface OutputModel {
  /** Named type the output is, when the spec says `output: Admin`. */
  typeName?: string;
  fields: FieldModel[];
  /** What the real API answers with where it contradicts the document's output as a whole (a named object type). */
  wireTypeName?: string;
}

export interface ResourceModel {
  /** `helpCenters` */
  name: string;
  /** `Help Centers` */
  title: string;
  description?: string;
  /** kebab-case slug for files and URLs: `help-centers` */
  slug: string;
  /** PascalCase: `HelpCenters` */
  typeStem: string;
  operations: OperationModel[];
  file: string;
}

export interface ServerModel {
  /** The value of the client's server option (`us`, `production`). */
  name: string;
  url: string;
  description?: string;
}

/** A header sent on every request, set through a client option. */
export interface HeaderModel {
  /** As sent: `Api-Version`. */
  name: string;
  /** The client option that sets it: `version`. */
  option: string;
  description?: string;
  /** Sent when the caller does not set the option. */
  default?: string;
  enum?: string[];
  /** The client cannot be created without it (only when there is no default). */
  required: boolean;
}

export type AuthModel =
  | { scheme: "none" }
  | { scheme: "bearer"; description?: string }
  | { scheme: "basic"; description?: string }
  | { scheme: "apiKey"; in: "header" | "query"; name: string; description?: string };

/**
 * Where the API puts the details of a failure. Paths are written `errors[0].message`, `errors[].code`
 * (`[]`: every element), `detail`; they are read from the JSON error body.
 */
export interface ErrorsModel {
  /** The named type error bodies carry, when the spec gives one. */
  typeName?: string;
  /** `application/json`, or `application/problem+json` for RFC 9457 bodies. */
  contentType: string;
  message?: string;
  code?: string;
  requestId?: string;
  /** A response header carrying the request id (`X-Request-Id`). */
  requestIdHeader?: string;
}

export interface RateLimitModel {
  limitHeader?: string;
  remainingHeader?: string;
  resetHeader?: string;
  /** What the reset header counts: a Unix time in seconds, or seconds / milliseconds from now. */
  resetUnit: "unix-seconds" | "seconds" | "milliseconds";
}

/** Names every artifact derives from the API (one naming module computes them: model/naming.ts). */
export interface NamingModel {
  /** PascalCase stem: `Petstore`. */
  stem: string;
  /** `createPetstoreClient` */
  clientFactory: string;
  /** `PetstoreClient` */
  clientType: string;
  /** `PetstoreClientOptions` */
  clientOptions: string;
  /** `PetstoreError`: the base class every client error derives from. */
  errorBase: string;
  /** `PETSTORE`: prefix of the MCP server's environment variables. */
  envPrefix: string;
  /** npm package name of the generated package: `petstore-client`. */
  packageName: string;
  /** The MCP server's bin: `petstore-mcp`. */
  mcpBin: string;
  /** The client option choosing a server: `region`, `server`. */
  serverOption: string;
}

export interface ApiModel {
  /** `petstore.api` */
  name: string;
  title: string;
  version: string;
  description?: string;
  contact?: { name?: string; url?: string; email?: string };
  license?: { name: string; url?: string };
  naming: NamingModel;
  /** The first is the default. */
  servers: ServerModel[];
  auth: AuthModel;
  headers: HeaderModel[];
  errors: ErrorsModel;
  rateLimit: RateLimitModel;
  resources: ResourceModel[];
  /** Every named type, sorted by name. */
  types: NamedTypeModel[];
  /** Where each named type is used, computed from operations. */
  typeUsage: Record<string, { input: boolean; output: boolean }>;
  /** Spec files the model was built from (relative, forward slashes), sorted. */
  sources: string[];
}

/** An emitted file, relative to `generated/`. */
export interface EmittedFile {
  path: string;
  contents: string;
}

export interface Emitter {
  /** Short name used in timings and errors: `zod`, `client`, `openapi`, `markdown`. */
  name: string;
  emit(model: ApiModel): EmittedFile[] | Promise<EmittedFile[]>;
  /**
   * Started before the emitters without it: its work may be done on a thread (emit/emit-thread.ts),
   * answered later, while the main thread runs the others.
   */
  early?: boolean;
}
