/**
 * A checked spec: what the checker hands the model. Its files' values passed the spec format's schema
 * and every cross-file rule, and every type notation in them is parsed.
 */
import type { SpecSource } from "../load/load-spec.ts";
import type { TypeRef } from "../model/types.ts";
import type { ApiFile, ResourceFile } from "./schema.ts";

export interface CheckedFile<T> {
  value: T;
  source: SpecSource;
  /** Where each of `value.operations` stands in the file, when broken ones were left out. */
  operationPositions?: number[];
}

/** The YAML position of the `i`-th checked operation of a file. */
export function operationAt(file: { operationPositions?: number[] }, i: number): number {
  return file.operationPositions?.[i] ?? i;
}

export interface CheckedSpec {
  api: CheckedFile<ApiFile>;
  /** In the order api.yaml lists them. */
  resources: CheckedFile<ResourceFile>[];
  /** Every type notation of the spec (trimmed text), parsed once: the model reads types from here. */
  notations: ReadonlyMap<string, TypeRef>;
}
