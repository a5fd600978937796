/**
 * ApiModel: the one typed intermediate representation between the spec and every emitter.
 * Emitters read only this; they never see YAML, source positions or the disk.
 */

export type Risk = "read" | "write" | "destructive";
export const RISKS: readonly Risk[] = ["read", "write", "destructive"];

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export const HTTP_METHODS: readonly HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

export type InputLocation = "path" | "query" | "body";

export type Primitive = "string" | "number" | "boolean" | "object";
export type Format = "integer" | "unix-time" | "uri" | "email" | "uuid";

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
  /** The document's type, parsed. */
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
}

export type NamedTypeModel =
  | { kind: "object"; name: string; description?: string; file: string; fields: FieldModel[] }
  | { kind: "map"; name: string; description?: string; file: string; values: TypeRef }
  | { kind: "union"; name: string; description?: string; file: string; members: TypeRef[] }
  | { kind: "enum"; name: string; description?: string; file: string; values: string[] };

export type PaginationModel =
  | { style: "page"; items: string }
  /** `cursor` is a dotted path into the input (`starting_after`, `pagination.starting_after`). */
  | { style: "cursor"; items: string; cursor: string[] }
  | { style: "scroll"; items: string; cursor: string[] };

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
  /** `intercom.api.admins.get` */
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
  output: {
    /** Named type the output is, when the spec says `output: Admin`. */
    typeName?: string;
    fields: FieldModel[];
    /** What the real API answers with where it contradicts the document's output as a whole (a named object type). */
    wireTypeName?: string;
  };
  pagination?: PaginationModel;
  file: string;
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
  region: string;
  url: string;
  description?: string;
}

export interface HeaderModel {
  name: string;
  description?: string;
  default?: string;
  enum?: string[];
}

export interface ApiModel {
  /** `intercom.api` */
  name: string;
  title: string;
  version: string;
  description?: string;
  contact?: { name?: string; url?: string; email?: string };
  license?: { name: string; url?: string };
  servers: ServerModel[];
  auth: { scheme: "bearer"; description?: string };
  headers: HeaderModel[];
  /** Name of the named type that error responses carry. */
  errorType?: string;
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
}
