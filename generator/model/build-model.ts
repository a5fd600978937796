/**
 * Model: turn a checked spec into the ApiModel every emitter reads. Pure and total: the checker has
 * already rejected everything this could trip on.
 */
import type { CheckedSpec } from "../check/check-spec.ts";
import type { RawField, RawInputField, RawType } from "../check/schema.ts";
import { parseTypeNotation } from "../check/type-notation.ts";
import { namedRefs } from "./type-ref.ts";
import type {
  ApiModel,
  ConstantModel,
  FieldModel,
  HttpMethod,
  InputLocation,
  NamedTypeModel,
  OperationModel,
  PaginationModel,
  ResourceModel,
  TypeRef,
} from "./types.ts";

export function pascalCase(name: string): string {
  return name.replace(/(^|[_\-\s.])([a-zA-Z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

export function kebabCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").replace(/[_\s.]+/g, "-").toLowerCase();
}

function typeOf(text: string): TypeRef {
  const r = parseTypeNotation(text);
  if (!r.ok) throw new Error(`internal: unchecked type '${text}': ${r.message}`);
  return r.type;
}

export function buildModel(spec: CheckedSpec): ApiModel {
  const api = spec.api.value;
  const rawTypes = new Map<string, { raw: RawType; file: string }>();
  for (const { value, source } of [spec.api, ...spec.resources])
    for (const [name, raw] of Object.entries(value.types ?? {})) rawTypes.set(name, { raw, file: source.file });

  const docNotation = (t: TypeRef): string => {
    switch (t.kind) {
      case "primitive":
        return t.name;
      case "enum":
        return t.values.join(" | ");
      case "array": {
        const inner = docNotation(t.items);
        return inner.includes("|") ? `(${inner})[]` : `${inner}[]`;
      }
      case "union":
        return t.members.map(docNotation).join(" | ");
      case "named": {
        const def = rawTypes.get(t.name)?.raw;
        return def && "enum" in def ? def.enum.join(" | ") : "object";
      }
    }
  };

  const field = (name: string, raw: RawField | RawInputField, location?: InputLocation): FieldModel => {
    const f = (typeof raw === "string" ? { type: raw } : raw) as Exclude<RawInputField, string>;
    const type = typeOf(f.type);
    const model: FieldModel = {
      name,
      wireName: f.wire ?? name,
      type,
      docType: docNotation(type),
      required: f.required ?? false,
      unsupported: f.unsupported ?? false,
    };
    if (f.wireType !== undefined) model.wireType = typeOf(f.wireType);
    if (f.description !== undefined) model.description = f.description.trim();
    if (f.format !== undefined) model.format = f.format;
    if (f.default !== undefined) model.default = f.default;
    if (f.example !== undefined) model.example = f.example;
    if (location) model.location = location;
    return model;
  };

  const types: NamedTypeModel[] = [...rawTypes.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, { raw, file }]): NamedTypeModel => {
      const base = { name, file, ...(raw.description !== undefined ? { description: raw.description.trim() } : {}) };
      if ("fields" in raw) return { kind: "object", ...base, fields: Object.entries(raw.fields).map(([n, f]) => field(n, f)) };
      if ("values" in raw) return { kind: "map", ...base, values: typeOf(raw.values) };
      if ("oneOf" in raw) return { kind: "union", ...base, members: raw.oneOf.map(typeOf) };
      return { kind: "enum", ...base, values: raw.enum };
    });
  const typeByName = new Map(types.map((t) => [t.name, t]));

  const resources: ResourceModel[] = spec.resources.map(({ value, source }) => {
    const operations = value.operations.map((op): OperationModel => {
      const method = op.http.method as HttpMethod;
      const defaultLocation: InputLocation = method === "GET" || method === "DELETE" ? "query" : "body";
      const input = Object.entries(op.input ?? {}).map(([n, f]) =>
        field(n, f, typeof f === "object" && f.in ? f.in : defaultLocation),
      );
      const constants: ConstantModel[] = Object.entries(op.constants ?? {}).map(([n, v]) => ({
        name: n,
        value: v,
        location: defaultLocation === "query" ? "query" : "body",
      }));
      let output: OperationModel["output"];
      if (typeof op.output === "string") {
        const named = typeByName.get(op.output);
        output = { typeName: op.output, fields: named?.kind === "object" ? named.fields : [] };
      } else output = { fields: Object.entries(op.output).map(([n, f]) => field(n, f)) };
      if (op.outputWireType !== undefined) output.wireTypeName = op.outputWireType;
      const pagination: PaginationModel | undefined = op.pagination
        ? op.pagination.style === "page"
          ? { style: "page", items: op.pagination.items }
          : { style: op.pagination.style, items: op.pagination.items, cursor: op.pagination.cursor.split(".") }
        : undefined;
      const fullName = `${value.resource}.${op.name}`;
      return {
        name: op.name,
        fullName,
        qualifiedName: `${api.api}.${fullName}`,
        id: `${value.resource}${pascalCase(op.name)}`,
        typeStem: `${pascalCase(value.resource)}${pascalCase(op.name)}`,
        resource: value.resource,
        summary: op.summary.trim(),
        ...(op.description !== undefined ? { description: op.description.trim() } : {}),
        risk: op.risk,
        method,
        path: op.http.path,
        input,
        constants,
        output,
        ...(pagination ? { pagination } : {}),
        file: source.file,
      };
    });
    return {
      name: value.resource,
      title: value.title,
      ...(value.description !== undefined ? { description: value.description.trim() } : {}),
      slug: kebabCase(value.resource),
      typeStem: pascalCase(value.resource),
      operations,
      file: source.file,
    };
  });

  return {
    name: api.api,
    title: api.title,
    version: api.version,
    ...(api.description !== undefined ? { description: api.description.trim() } : {}),
    ...(api.contact ? { contact: api.contact } : {}),
    ...(api.license ? { license: api.license } : {}),
    servers: api.servers,
    auth: api.auth,
    headers: Object.entries(api.headers ?? {}).map(([name, h]) => ({ name, ...h })),
    ...(api.errors !== undefined ? { errorType: api.errors } : {}),
    resources,
    types,
    typeUsage: computeUsage(resources, typeByName),
    sources: [spec.api.source.file, ...spec.resources.map((r) => r.source.file)].sort(),
  };
}

/** Which named types are reached from inputs and from outputs (transitively). */
function computeUsage(resources: ResourceModel[], types: Map<string, NamedTypeModel>): ApiModel["typeUsage"] {
  const usage: ApiModel["typeUsage"] = {};
  for (const t of types.keys()) usage[t] = { input: false, output: false };
  const visit = (ref: TypeRef, side: "input" | "output") => {
    for (const name of namedRefs(ref)) {
      const u = usage[name];
      if (!u || u[side]) continue;
      u[side] = true;
      const t = types.get(name)!;
      if (t.kind === "object") for (const f of t.fields) fieldRefs(f).forEach((r) => visit(r, side));
      else if (t.kind === "map") visit(t.values, side);
      else if (t.kind === "union") t.members.forEach((m) => visit(m, side));
    }
  };
  for (const r of resources)
    for (const op of r.operations) {
      op.input.forEach((f) => fieldRefs(f).forEach((t) => visit(t, "input")));
      if (op.output.typeName) visit({ kind: "named", name: op.output.typeName }, "output");
      if (op.output.wireTypeName) visit({ kind: "named", name: op.output.wireTypeName }, "output");
      op.output.fields.forEach((f) => fieldRefs(f).forEach((t) => visit(t, "output")));
    }
  return usage;
}

export function fieldRefs(f: FieldModel): TypeRef[] {
  return f.wireType ? [f.type, f.wireType] : [f.type];
}
