/**
 * What the importer writes, before it becomes YAML: spec files as plain values in the spec format's
 * own shapes (generator/spec-format/schema.ts), plus the notes the writer turns into comments.
 */
import type { ApiFile, RawOperation, ResourceFile } from "../spec-format/schema.ts";
import type { Format } from "../model/types.ts";
import type { Segments } from "./source.ts";

export type Scalar = string | number | boolean;

/** A field of a type, an output or an input; written in this key order. */
export interface FieldDraft {
  type?: string;
  enum?: string[];
  const?: string;
  required?: boolean;
  in?: "path" | "query" | "header" | "body";
  wire?: string;
  format?: Format;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  default?: Scalar;
  deprecated?: boolean;
  example?: unknown;
  description?: string;
}

export const FIELD_KEY_ORDER: readonly (keyof FieldDraft)[] = [
  "type",
  "enum",
  "const",
  "required",
  "in",
  "wire",
  "format",
  "minimum",
  "maximum",
  "minLength",
  "maxLength",
  "pattern",
  "default",
  "deprecated",
  "example",
  "description",
];

interface TypeCommon {
  description?: string;
  deprecated?: boolean;
}
export type TypeDraft =
  | (TypeCommon & { fields: Record<string, FieldDraft> })
  | (TypeCommon & { values: string })
  | (TypeCommon & { oneOf: string[] })
  | (TypeCommon & { enum: string[] });

export interface NamedTypeDraft {
  name: string;
  draft: TypeDraft;
  /** Where it comes from in the source document. */
  at: Segments;
}

export interface OperationDraft {
  op: RawOperation;
  /** The risk was inferred from the method (the writer flags it for review). */
  riskInferred: boolean;
  /** The operation object in the source. */
  at: Segments;
}

export interface ResourceDraft {
  resource: string;
  title: string;
  description?: string;
  /** File name without folder: `help-center.yaml`. */
  file: string;
  operations: OperationDraft[];
  types: string[];
}

export interface SpecDraft {
  api: ApiFile;
  resources: ResourceDraft[];
  /** Every named type written, by name. */
  types: Map<string, NamedTypeDraft>;
  /** Types api.yaml holds (shared by several resources, or used by the api file itself). */
  apiTypes: string[];
}

export type { ApiFile, ResourceFile };
