/**
 * Check: the shape of every file (Zod), then the rules that span operations and files. Returns every
 * problem found in one run, each pointing at its file, line and column. A file whose shape is broken
 * still declares its type names, so one mistake is reported once, not again in every file using them.
 */
import path from "node:path";
import { yamlLib } from "../load/yaml-lib.ts";
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics/catalog.ts";
import type { LoadedSpec, SpecSource } from "../load/load-spec.ts";
import { locate } from "../load/load-spec.ts";
import { checkApiConventions } from "./api-rules.ts";
import { CheckContext, operationAt, suggest, type CheckedFile, type CheckedSpec } from "./context.ts";
import { checkCycles } from "./cycles.ts";

import { checkField } from "./field-rules.ts";
import { checkNames } from "./name-rules.ts";
import { checkOperation } from "./operation-rules.ts";
import { ApiFileSchema, ResourceFileSchema, type ApiFile, type ResourceFile } from "../spec-format/schema.ts";
import { checkShape } from "./shape.ts";
import { firstDuplicate } from "./type-notation.ts";

export type { CheckedSpec } from "./context.ts";

export interface CheckResult {
  diagnostics: Diagnostic[];
  /** Present only when there is no error. */
  spec?: CheckedSpec;
}

export const API_FILE = "api.yaml";

const isApiFile = (s: SpecSource) => path.basename(s.file) === API_FILE;

export function checkSpec(loaded: LoadedSpec): CheckResult {
  const ctx = new CheckContext();
  ctx.out.push(...loaded.diagnostics);
  const broken = new Set(loaded.diagnostics.map((d) => d.file));
  let api: CheckedFile<ApiFile> | undefined;
  const resources: CheckedFile<ResourceFile>[] = [];

  for (const source of loaded.sources) {
    if (broken.has(source.file)) continue;
    reportProtoKeys(ctx, source);
    const r = isApiFile(source) ? checkShape(source, ApiFileSchema) : checkShape(source, ResourceFileSchema);
    ctx.out.push(...r.diagnostics);
    for (const name of r.brokenTypes) ctx.brokenTypeNames.add(name);
    if (r.brokenOperations > 0) ctx.filesWithBrokenOperations.add(source.file);
    if (!r.value) declareBrokenNames(ctx, source);
    else if (isApiFile(source)) api = { value: r.value as ApiFile, source };
    else resources.push({ value: r.value as ResourceFile, source, ...(r.operationPositions ? { operationPositions: r.operationPositions } : {}) });
  }
  if (!loaded.sources.some(isApiFile)) {
    const first = loaded.sources[0]?.file ?? API_FILE;
    ctx.out.push(diagnostic("missing-api", { apiFile: API_FILE }, { file: first, line: 1, col: 1 }));
  }

  const ordered = api ? orderResources(ctx, api, resources, loaded) : resources;
  if (api) checkRules(ctx, api, ordered);
  const sorted = sortDiagnostics(ctx.out);
  if (hasErrors(sorted) || !api) return { diagnostics: sorted };
  return { diagnostics: sorted, spec: { api, resources: ordered, notations: ctx.notations } };
}

/**
 * `__proto__` as a mapping key would set an object's prototype wherever the spec's data becomes a
 * JavaScript object (the schema check included), silently dropping the key: it is refused where it is written.
 */
function reportProtoKeys(ctx: CheckContext, source: SpecSource): void {
  if (source.plain) return;
  const { isScalar, visit } = yamlLib();
  visit(source.doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === "__proto__" && pair.key.range) {
        const pos = source.lineCounter.linePos(pair.key.range[0]);
        ctx.out.push(diagnostic("name-collision", { problem: "proto-key" }, { file: source.file, line: pos.line, col: pos.col, length: 9 }));
      }
    },
  });
}

/** The type names a file declares even when its shape is broken (read from the raw YAML). */
function declareBrokenNames(ctx: CheckContext, source: SpecSource): void {
  const raw = source.value;
  const types = raw && typeof raw === "object" ? (raw as { types?: unknown }).types : undefined;
  if (types && typeof types === "object") for (const name of Object.keys(types)) ctx.brokenTypeNames.add(name);
}

function orderResources(ctx: CheckContext, api: CheckedFile<ApiFile>, resources: CheckedFile<ResourceFile>[], loaded: LoadedSpec): CheckedFile<ResourceFile>[] {
  const listed = api.value.resources;
  // Sets, not list searches: a large spec has thousands of resource files.
  const listedNames = new Set(listed);
  const byName = new Map<string, CheckedFile<ResourceFile>>();
  for (const r of resources) {
    const prior = byName.get(r.value.resource);
    if (prior) {
      ctx.report("duplicate-resource", { name: r.value.resource, priorFile: prior.source.file }, r.source, ["resource"]);
      continue;
    }
    byName.set(r.value.resource, r);
    if (!listedNames.has(r.value.resource))
      ctx.report("unlisted-resource", { resource: r.value.resource, apiFile: api.source.file, ...suggest(r.value.resource, listed) }, r.source, ["resource"]);
  }
  // A listed resource whose file failed to parse is not "missing": its own diagnostics say why.
  const checkedSources = new Set(resources.map((r) => r.source));
  const failedFiles = loaded.sources.filter((s) => !isApiFile(s) && !checkedSources.has(s)).length;
  listed.forEach((name, i) => {
    if (!byName.has(name) && failedFiles === 0)
      ctx.out.push(diagnostic("missing-resource", { resource: name, ...suggest(name, byName.keys()) }, locate(api.source, ["resources", i])));
  });
  return listed.flatMap((name) => (byName.has(name) ? [byName.get(name)!] : []));
}

function checkRules(ctx: CheckContext, api: CheckedFile<ApiFile>, resources: CheckedFile<ResourceFile>[]): void {
  collectTypes(ctx, [api, ...resources]);
  checkTypeDefinitions(ctx);
  checkApiConventions(ctx, api.value, api.source);
  const fullNames = new Map<string, SpecSource>();
  for (const file of resources) {
    const { value, source } = file;
    if (value.operations.length === 0 && !ctx.filesWithBrokenOperations.has(source.file)) ctx.report("empty-operations", { resource: value.resource }, source, ["operations"]);
    value.operations.forEach((op, i) => {
      const fullName = `${value.resource}.${op.name}`;
      const prior = fullNames.get(fullName);
      if (prior) ctx.report("duplicate-operation", { name: fullName, ...(prior === source ? {} : { priorFile: prior.file }) }, source, ["operations", operationAt(file, i), "name"]);
      else fullNames.set(fullName, source);
      checkOperation(ctx, api.value, op, source, ["operations", operationAt(file, i)]);
    });
  }
  checkNames(ctx, api, resources);
  checkCycles(ctx);
}

function collectTypes(ctx: CheckContext, files: CheckedFile<ApiFile | ResourceFile>[]): void {
  for (const { value, source } of files)
    for (const [name, raw] of Object.entries(value.types ?? {})) {
      const prior = ctx.types.get(name);
      if (prior) ctx.report("duplicate-type", { name, priorFile: prior.source.file }, source, ["types", name], { key: true });
      else ctx.types.set(name, { name, raw, source, at: ["types", name] });
    }
}

function checkTypeDefinitions(ctx: CheckContext): void {
  for (const t of ctx.types.values()) {
    const raw = t.raw;
    if ("fields" in raw) for (const f in raw.fields) checkField(ctx, raw.fields[f]!, t.source, [...t.at, "fields", f]);
    else if ("values" in raw) ctx.checkType(raw.values, t.source, [...t.at, "values"]);
    else if ("oneOf" in raw) raw.oneOf.forEach((m, i) => ctx.checkType(m, t.source, [...t.at, "oneOf", i]));
    else if ("enum" in raw) {
      const dup = firstDuplicate(raw.enum);
      if (dup !== undefined) ctx.report("malformed-enum", { detail: `enum value '${dup}' appears twice`, value: dup }, t.source, [...t.at, "enum"]);
    }
  }
}
