/**
 * Shape checking: each file against the spec-format Zod schema, with zod's issues turned into
 * positioned diagnostics (unknown keys with did-you-mean, wrong kinds of value, bad enum values).
 */
import type { z } from "zod";
import { locate, type PathSegment, type SpecSource } from "../load/load-spec.ts";
import { diagnostic, type Diagnostic, type DiagnosticCode } from "../diagnostics/catalog.ts";
import { suggest } from "./context.ts";

type Issue = z.core.$ZodIssue;

export interface ShapeResult<T> {
  /** The file's value: whole, or with its broken operations and types left out (`diagnostics` says why). */
  value?: T;
  diagnostics: Diagnostic[];
  /** Named types left out because their own shape is broken: still declared, so others may refer to them. */
  brokenTypes: string[];
  /** The positions in the file of the operations kept (all of them unless some were left out as broken). */
  operationPositions?: number[];
  /** How many operations were left out because their own shape is broken. */
  brokenOperations: number;
}

/**
 * Shape results by source, for watch mode: a file whose text is unchanged keeps its SpecSource between
 * saves (load-spec.ts, ParseCache), and its shape check is a pure function of the source and the
 * schema, so the answer is reused rather than parsed by Zod again (nothing downstream changes a
 * checked value or a diagnostic, as nothing changes a source). A one-off run checks each source once.
 */
const checkedShapes = new WeakMap<SpecSource, { schema: z.ZodType; result: ShapeResult<unknown> }>();

/**
 * Checks a file's shape. A mistake inside one operation or one type does not hide the rest of the
 * file from the cross-file rules: unknown keys are dropped, and broken operations and types are left
 * out, so the other mistakes of the same run are still found (the run fails either way).
 */
export function checkShape<T>(source: SpecSource, schema: z.ZodType<T>): ShapeResult<T> {
  const known = checkedShapes.get(source);
  if (known?.schema === schema) return known.result as ShapeResult<T>;
  const result = shapeOf(source, schema);
  checkedShapes.set(source, { schema, result });
  return result;
}

function shapeOf<T>(source: SpecSource, schema: z.ZodType<T>): ShapeResult<T> {
  const input = source.value;
  const result = schema.safeParse(input);
  if (result.success) return { value: result.data, diagnostics: [], brokenTypes: [], brokenOperations: 0 };
  const issues = pickIssues(result.error.issues, input);
  const diagnostics = dropEchoes(dedupe(issues.flatMap((issue) => toDiagnostics(source, schema, issue, input))));
  const pruned = structuredClone(input) as Record<string, unknown>;
  const brokenOps = new Set<number>();
  const brokenTypes = new Set<string>();
  for (const i of issues) {
    const [head, index] = i.path;
    if (i.code === "unrecognized_keys") {
      const parent = valueAt(pruned, i.path) as Record<string, unknown>;
      for (const key of (i as { keys: string[] }).keys) delete parent[key];
    } else if (head === "operations" && typeof index === "number") brokenOps.add(index);
    else if (head === "types" && typeof index === "string") brokenTypes.add(index);
    else return { diagnostics, brokenTypes: [], brokenOperations: 0 };
  }
  let positions: number[] | undefined;
  if (Array.isArray(pruned.operations)) {
    positions = pruned.operations.map((_, i) => i).filter((i) => !brokenOps.has(i));
    pruned.operations = positions.map((i) => (pruned.operations as unknown[])[i]);
  }
  const types = pruned.types;
  if (types && typeof types === "object") for (const name of brokenTypes) delete (types as Record<string, unknown>)[name];
  const retry = schema.safeParse(pruned);
  return retry.success
    ? { value: retry.data, diagnostics, brokenTypes: [...brokenTypes], brokenOperations: brokenOps.size, ...(positions ? { operationPositions: positions } : {}) }
    : { diagnostics, brokenTypes: [], brokenOperations: 0 };
}

/** Resolves union issues to the branch the author most likely meant. */
function pickIssues(issues: readonly Issue[], input: unknown): Issue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== "invalid_union" || issue.errors.length === 0) return [issue];
    // A branch whose only complaint is the kind of the value itself was not meant.
    const candidates = issue.errors.filter(
      (branch) => !(branch.length === 1 && branch[0]!.code === "invalid_type" && branch[0]!.path.length === 0),
    );
    if (candidates.length === 0) return [{ ...issue, errors: [] } as Issue];
    // Prefer the branch that recognises the most keys of the object (the fewest unknown keys), then fewest issues.
    const score = (branch: readonly Issue[]) =>
      branch.reduce((n, i) => n + (i.code === "unrecognized_keys" ? i.keys.length * 10 : 1), 0);
    const best = [...candidates].sort((a, b) => score(a) - score(b))[0]!;
    const nested = best.map((i) => ({ ...i, path: [...issue.path, ...i.path] }) as Issue);
    return pickIssues(nested, input);
  });
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const seg of path) v = v && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[seg] : undefined;
  return v;
}

function kindOf(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `${typeof value === "string" ? "text" : typeof value} '${String(value)}'`;
}

function toDiagnostics(source: SpecSource, schema: z.ZodType, issue: Issue, input: unknown): Diagnostic[] {
  const path = issue.path as PathSegment[];
  const where = describePath(path);
  switch (issue.code) {
    case "unrecognized_keys": {
      const known = keysAt(schema, path);
      return issue.keys.map((key) =>
        diagnostic("unknown-key", { key, ...(where ? { where } : {}), ...suggest(key, known) }, locate(source, [...path, key], { key: true })),
      );
    }
    case "invalid_type": {
      const value = valueAt(input, path);
      if (value === undefined) {
        const key = path[path.length - 1];
        return [diagnostic("missing-key", { key: String(key), ...(path.length > 1 ? { where: describePath(path.slice(0, -1)) } : {}) }, locate(source, path.slice(0, -1)))];
      }
      return [diagnostic("invalid-type", { where: where || "value", expected: expected(issue.expected), got: kindOf(value) }, locate(source, path))];
    }
    case "invalid_union": {
      const value = valueAt(input, path);
      return [diagnostic("invalid-type", { where: where || "value", got: kindOf(value) }, locate(source, path))];
    }
    case "invalid_key": {
      // A key of a mapping (a type's name) breaks its rule: say the rule, at the key. Zod's own
      // message ("Invalid key in record") keeps the rule in the nested issues.
      const key = path[path.length - 1];
      const detail = issue.issues.map((nested) => nested.message).join("; ") || issue.message;
      return [diagnostic("invalid-value", { where: describePath(path.slice(0, -1)) || "value", detail, value: String(key) }, locate(source, path, { key: true }))];
    }
    case "invalid_value": {
      const value = valueAt(input, path);
      const last = path[path.length - 1];
      const allowed = issue.values.map(String);
      const code: DiagnosticCode = last === "risk" ? "unknown-risk" : last === "method" ? "unknown-http-method" : "invalid-value";
      return [diagnostic(code, { where, value: String(value), allowed, ...suggest(String(value), allowed) }, locate(source, path))];
    }
    default: {
      const value = valueAt(input, path);
      return [
        diagnostic(
          "invalid-value",
          { where: where || "value", detail: issue.message, ...(value !== undefined && typeof value !== "object" ? { value: String(value) } : {}) },
          locate(source, path),
        ),
      ];
    }
  }
}

function expected(kind: string): string {
  return ({ string: "text", object: "a mapping", array: "a list", number: "a number", boolean: "true or false" } as Record<string, string>)[kind] ?? kind;
}

/** `operations[2].input.id` */
export function describePath(path: readonly PathSegment[]): string {
  return path.map((seg, i) => (typeof seg === "number" ? `[${seg}]` : i === 0 ? seg : `.${seg}`)).join("");
}

/** The keys an object at `path` may have, found by walking the Zod schema (for did-you-mean). */
function keysAt(schema: z.ZodType, path: readonly PathSegment[]): string[] {
  let nodes: unknown[] = [schema];
  for (const seg of path) {
    nodes = nodes.flatMap((n) => unwrap(n)).flatMap((n) => childOf(n, seg));
  }
  const keys = new Set<string>();
  for (const n of nodes.flatMap((n) => unwrap(n))) {
    const def = defOf(n);
    if (def?.type === "object") for (const k of Object.keys(def.shape as object)) keys.add(k);
  }
  return [...keys];
}

interface AnyDef {
  type: string;
  shape?: Record<string, unknown>;
  options?: unknown[];
  innerType?: unknown;
  element?: unknown;
  valueType?: unknown;
}

function defOf(node: unknown): AnyDef | undefined {
  return (node as { _zod?: { def?: AnyDef } })?._zod?.def;
}

function unwrap(node: unknown): unknown[] {
  const def = defOf(node);
  if (!def) return [];
  if (def.type === "optional" || def.type === "nullable" || def.type === "default") return unwrap(def.innerType);
  if (def.type === "union") return (def.options ?? []).flatMap(unwrap);
  return [node];
}

function childOf(node: unknown, seg: PathSegment): unknown[] {
  const def = defOf(node);
  if (!def) return [];
  if (def.type === "object" && typeof seg === "string") return def.shape?.[seg] ? [def.shape[seg]] : [];
  if (def.type === "array" && typeof seg === "number") return [def.element];
  if (def.type === "record") return [def.valueType];
  return [];
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}:${d.line}:${d.col}:${d.code}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** "missing key 'summary'" adds nothing when the same spot already says "unknown key 'sumary'; did you mean 'summary'?". */
function dropEchoes(diagnostics: Diagnostic[]): Diagnostic[] {
  const suggested = new Set(diagnostics.flatMap((d) => (d.code === "unknown-key" ? [(d as Diagnostic<"unknown-key">).data.suggestion] : [])));
  return diagnostics.filter((d) => !(d.code === "missing-key" && suggested.has((d as Diagnostic<"missing-key">).data.key)));
}
