/**
 * Check: shape of every file (Zod), then the rules that span operations and files. Returns every
 * problem found in one run, each pointing at its file, line and column.
 */
import path from "node:path";
import type { LoadedSpec, PathSegment, SpecSource } from "../load/load-spec.ts";
import { locate } from "../load/load-spec.ts";
import type { TypeRef } from "../model/types.ts";
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics/catalog.ts";
import { didYouMean } from "./did-you-mean.ts";
import { checkShape } from "./shape.ts";
import { ApiFileSchema, ResourceFileSchema, type ApiFile, type RawType, type ResourceFile } from "./schema.ts";
import { namedRefs } from "../model/type-ref.ts";
import { parseTypeNotation } from "./type-notation.ts";

export interface CheckedSpec {
  api: { value: ApiFile; source: SpecSource };
  /** In the order api.yaml lists them. */
  resources: { value: ResourceFile; source: SpecSource }[];
}

export interface CheckResult {
  diagnostics: Diagnostic[];
  /** Present only when there is no error. */
  spec?: CheckedSpec;
}

export const API_FILE = "api.yaml";

export function checkSpec(loaded: LoadedSpec): CheckResult {
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  const broken = new Set(loaded.diagnostics.map((d) => d.file));
  let api: CheckedSpec["api"] | undefined;
  const resources: CheckedSpec["resources"] = [];

  for (const source of loaded.sources) {
    if (broken.has(source.file)) continue;
    if (path.basename(source.file) === API_FILE) {
      const r = checkShape(source, ApiFileSchema);
      diagnostics.push(...r.diagnostics);
      if (r.value) api = { value: r.value, source };
    } else {
      const r = checkShape(source, ResourceFileSchema);
      diagnostics.push(...r.diagnostics);
      if (r.value) resources.push({ value: r.value, source });
    }
  }
  const apiPresent = loaded.sources.some((s) => path.basename(s.file) === API_FILE);
  if (!apiPresent) {
    const first = loaded.sources[0]?.file ?? "spec/api.yaml";
    diagnostics.push(diagnostic("missing-api", `no ${API_FILE} found: it names the API, its servers and the order of resources`, { file: first, line: 1, col: 1 }));
  }

  const ordered = api ? orderResources(api, resources, loaded, diagnostics) : resources;
  const spec = api ? { api, resources: ordered } : undefined;
  if (spec) diagnostics.push(...checkRules(spec));
  const sorted = sortDiagnostics(diagnostics);
  return hasErrors(sorted) || !spec ? { diagnostics: sorted } : { diagnostics: sorted, spec };
}

function orderResources(
  api: CheckedSpec["api"],
  resources: CheckedSpec["resources"],
  loaded: LoadedSpec,
  out: Diagnostic[],
): CheckedSpec["resources"] {
  const listed = api.value.resources;
  const byName = new Map<string, CheckedSpec["resources"][number]>();
  for (const r of resources) {
    const prior = byName.get(r.value.resource);
    if (prior) {
      out.push(diagnostic("duplicate-resource", `resource '${r.value.resource}' is already declared in ${prior.source.file}`, locate(r.source, ["resource"])));
      continue;
    }
    byName.set(r.value.resource, r);
    if (!listed.includes(r.value.resource))
      out.push(
        diagnostic(
          "unlisted-resource",
          `resource '${r.value.resource}' is not listed under resources in ${api.source.file}${didYouMean(r.value.resource, listed)}`,
          locate(r.source, ["resource"]),
        ),
      );
  }
  // A listed resource whose file failed to parse is not "missing": its own diagnostics say why.
  const failedFiles = loaded.sources.filter((s) => path.basename(s.file) !== API_FILE && !resources.some((r) => r.source === s)).length;
  listed.forEach((name, i) => {
    if (!byName.has(name) && failedFiles === 0)
      out.push(
        diagnostic("missing-resource", `resource '${name}' is listed but no spec file declares it${didYouMean(name, byName.keys())}`, locate(api.source, ["resources", i])),
      );
  });
  return listed.flatMap((name) => (byName.has(name) ? [byName.get(name)!] : []));
}

interface TypeDef {
  name: string;
  raw: RawType;
  source: SpecSource;
  at: PathSegment[];
}

function checkRules(spec: CheckedSpec): Diagnostic[] {
  const out: Diagnostic[] = [];
  const types = new Map<string, TypeDef>();
  const files = [spec.api, ...spec.resources];
  for (const { value, source } of files) {
    for (const [name, raw] of Object.entries(value.types ?? {})) {
      const prior = types.get(name);
      if (prior) {
        out.push(diagnostic("duplicate-type", `type '${name}' is already defined in ${prior.source.file}`, locate(source, ["types", name], { key: true })));
        continue;
      }
      types.set(name, { name, raw, source, at: ["types", name] });
    }
  }

  /** Parses a type expression and checks its references; reports at the value's position. */
  const checkType = (text: string, source: SpecSource, at: PathSegment[]): TypeRef | undefined => {
    const r = parseTypeNotation(text);
    if (!r.ok) {
      out.push(diagnostic(r.code, r.message, locate(source, at)));
      return undefined;
    }
    for (const ref of namedRefs(r.type))
      if (!types.has(ref)) out.push(diagnostic("unknown-type", `unknown type '${ref}'${didYouMean(ref, types.keys())}`, locate(source, at)));
    return r.type;
  };
  const checkField = (field: string | { type: string; wireType?: string }, source: SpecSource, at: PathSegment[]) => {
    if (typeof field === "string") return checkType(field, source, at);
    if (field.wireType !== undefined) checkType(field.wireType, source, [...at, "wireType"]);
    return checkType(field.type, source, [...at, "type"]);
  };

  for (const t of types.values()) {
    const raw = t.raw;
    if ("fields" in raw) for (const [f, field] of Object.entries(raw.fields)) checkField(field, t.source, [...t.at, "fields", f]);
    else if ("values" in raw) checkType(raw.values, t.source, [...t.at, "values"]);
    else if ("oneOf" in raw) raw.oneOf.forEach((m, i) => checkType(m, t.source, [...t.at, "oneOf", i]));
    else if ("enum" in raw) {
      const dup = raw.enum.find((v, i) => raw.enum.indexOf(v) !== i);
      if (dup !== undefined) out.push(diagnostic("malformed-enum", `enum value '${dup}' appears twice`, locate(t.source, [...t.at, "enum"])));
    }
  }
  if (spec.api.value.errors !== undefined) checkType(spec.api.value.errors, spec.api.source, ["errors"]);

  const fullNames = new Map<string, SpecSource>();
  for (const { value, source } of spec.resources) {
    if (value.operations.length === 0)
      out.push(diagnostic("empty-operations", `resource '${value.resource}' has no operations`, locate(source, ["operations"])));
    value.operations.forEach((op, i) => {
      const at: PathSegment[] = ["operations", i];
      const fullName = `${value.resource}.${op.name}`;
      const prior = fullNames.get(fullName);
      if (prior) out.push(diagnostic("duplicate-operation", `operation '${fullName}' is already defined${prior === source ? "" : ` in ${prior.file}`}`, locate(source, [...at, "name"])));
      else fullNames.set(fullName, source);

      const inputs = Object.entries(op.input ?? {});
      const method = op.http.method;
      const templateParams = [...op.http.path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!);
      const locationOf = (f: (typeof inputs)[number][1]) =>
        typeof f === "object" && f.in ? f.in : method === "GET" || method === "DELETE" ? "query" : "body";
      for (const p of templateParams) {
        const input = op.input?.[p];
        if (!input || locationOf(input) !== "path")
          out.push(
            diagnostic(
              "path-param-without-input",
              `path parameter '{${p}}' has no input with in: path${input ? ` ('${p}' is in: ${locationOf(input)})` : didYouMean(p, inputs.map(([n]) => n))}`,
              locate(source, [...at, "http", "path"]),
            ),
          );
      }
      const wireSeen = new Map<string, string>();
      for (const [name, field] of inputs) {
        const fat: PathSegment[] = [...at, "input", name];
        checkField(field, source, fat);
        const loc = locationOf(field);
        if (loc === "path" && !templateParams.includes(name))
          out.push(diagnostic("path-input-not-in-template", `input '${name}' is in: path but '${op.http.path}' has no {${name}}`, locate(source, fat, { key: true })));
        if (loc === "body" && (method === "GET" || method === "DELETE"))
          out.push(diagnostic("body-input-not-allowed", `input '${name}' is in: body, but ${method} requests carry no body; use in: query`, locate(source, typeof field === "object" && field.in ? [...fat, "in"] : fat)));
        const wire = `${loc}:${(typeof field === "object" && field.wire) || name}`;
        const clash = wireSeen.get(wire);
        if (clash) out.push(diagnostic("duplicate-wire-name", `inputs '${clash}' and '${name}' are both sent as '${wire.split(":")[1]}' in the ${loc}`, locate(source, fat, { key: true })));
        else wireSeen.set(wire, name);
      }
      for (const [name] of Object.entries(op.constants ?? {})) {
        const wire = `${method === "GET" || method === "DELETE" ? "query" : "body"}:${name}`;
        if (wireSeen.has(wire))
          out.push(diagnostic("duplicate-wire-name", `constant '${name}' is also sent by input '${wireSeen.get(wire)}'`, locate(source, [...at, "constants", name], { key: true })));
      }

      let outputFields: Record<string, unknown> | undefined;
      if (typeof op.output === "string") {
        const t = checkType(op.output, source, [...at, "output"]);
        if (t) {
          const def = t.kind === "named" ? types.get(t.name) : undefined;
          if (t.kind !== "named" || (def && !("fields" in def.raw)))
            out.push(diagnostic("invalid-output", `output '${op.output}' must name an object type (one with fields) or list fields`, locate(source, [...at, "output"])));
          else if (def && "fields" in def.raw) outputFields = def.raw.fields;
        }
      } else {
        outputFields = op.output;
        for (const [name, field] of Object.entries(op.output)) checkField(field, source, [...at, "output", name]);
      }

      if (op.outputWireType !== undefined) {
        const t = checkType(op.outputWireType, source, [...at, "outputWireType"]);
        const def = t?.kind === "named" ? types.get(t.name) : undefined;
        if (t && (t.kind !== "named" || (def && !("fields" in def.raw))))
          out.push(diagnostic("invalid-output", `outputWireType '${op.outputWireType}' must name an object type`, locate(source, [...at, "outputWireType"])));
      }

      if (op.pagination && outputFields) {
        const items = outputFields[op.pagination.items];
        const itemsType = items === undefined ? undefined : typeof items === "string" ? items : (items as { type: string }).type;
        if (itemsType === undefined || !itemsType.trim().endsWith("[]"))
          out.push(
            diagnostic(
              "invalid-pagination",
              itemsType === undefined
                ? `pagination.items '${op.pagination.items}' is not an output field${didYouMean(op.pagination.items, Object.keys(outputFields))}`
                : `pagination.items '${op.pagination.items}' is not a list (it is ${itemsType})`,
              locate(source, [...at, "pagination", "items"]),
            ),
          );
        if (op.pagination.style !== "page") {
          const head = op.pagination.cursor.split(".")[0]!;
          if (!op.input?.[head])
            out.push(diagnostic("invalid-pagination", `pagination.cursor '${op.pagination.cursor}' names no input${didYouMean(head, inputs.map(([n]) => n))}`, locate(source, [...at, "pagination", "cursor"])));
        }
      }
    });
  }

  out.push(...checkCycles(types));
  return out;
}

/**
 * A named type is satisfiable when a finite value of it exists: objects need every required field
 * satisfiable, unions any member; lists, maps and optional fields can always be empty. What stays
 * unsatisfiable after a fixpoint is an unresolvable cycle.
 */
function checkCycles(types: Map<string, TypeDef>): Diagnostic[] {
  const ok = new Set<string>();
  const refOk = (text: string): boolean => {
    const r = parseTypeNotation(text);
    return !r.ok || satisfiable(r.type);
  };
  const satisfiable = (t: TypeRef): boolean => {
    switch (t.kind) {
      case "named":
        return ok.has(t.name) || !types.has(t.name);
      case "union":
        return t.members.some(satisfiable);
      default:
        return true; // primitives, enums and arrays (an empty list) always have a value
    }
  };
  let changed = true;
  while (changed) {
    changed = false;
    for (const t of types.values()) {
      if (ok.has(t.name)) continue;
      const raw = t.raw;
      let sat = true;
      if ("fields" in raw)
        sat = Object.values(raw.fields).every((f) => {
          if (typeof f === "string" || !f.required) return true;
          return refOk(f.type) || (f.wireType !== undefined && refOk(f.wireType));
        });
      else if ("oneOf" in raw) sat = raw.oneOf.some(refOk);
      if (sat) {
        ok.add(t.name);
        changed = true;
      }
    }
  }
  return [...types.values()]
    .filter((t) => !ok.has(t.name))
    .map((t) =>
      diagnostic(
        "type-cycle",
        `type '${t.name}' can never be built: it requires itself through ${cyclePath(t, types, ok)}; make a field optional or a list`,
        locate(t.source, t.at, { key: true }),
      ),
    );
}

function cyclePath(start: TypeDef, types: Map<string, TypeDef>, ok: Set<string>): string {
  const seen = [start.name];
  let current: TypeDef | undefined = start;
  while (current) {
    const raw: RawType = current.raw;
    let next: string | undefined;
    if ("fields" in raw) {
      for (const [fname, f] of Object.entries(raw.fields)) {
        if (typeof f === "string" || !f.required) continue;
        const r = parseTypeNotation(f.type);
        const bad = r.ok ? namedRefs(r.type).find((n) => types.has(n) && !ok.has(n)) : undefined;
        if (bad) {
          next = bad;
          seen[seen.length - 1] += `.${fname}`;
          break;
        }
      }
    } else if ("oneOf" in raw) {
      next = raw.oneOf.find((m) => types.has(m) && !ok.has(m));
    }
    if (!next) break;
    if (seen.some((s) => s.split(".")[0] === next)) {
      seen.push(next);
      break;
    }
    seen.push(next);
    current = types.get(next);
  }
  return seen.join(" → ");
}
