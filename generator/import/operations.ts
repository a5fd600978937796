/**
 * One OpenAPI operation into one spec operation: route, inputs (path, query and header parameters and
 * the JSON body's fields), success status, output, risk and deprecation. Pagination is added later,
 * once every type is known.
 */
import type { RawOperation } from "../spec-format/schema.ts";
import { isConventionHeader } from "./api.ts";
import type { FieldDraft, Scalar } from "./drafts.ts";
import { NameSet, OBJECT_RESERVED, WIRE_NAME, isFieldName, sanitiseFieldName, words } from "./names.ts";
import type { PlannedOperation } from "./plan.ts";
import type { SharedRouteMember } from "./shared-route.ts";
import { text, type SchemaConverter } from "./schemas.ts";
import { isObject, type Json, type JsonObject, type Located, type Segments, type SourceDocument } from "./source.ts";
import { pascalCase as modelPascalCase } from "../model/naming.ts";
import { constantDescription } from "../emit/openapi/document.ts";

const URL_PATH = /^(\/([A-Za-z0-9._~!$&'()*+,;=:@-]|\{[A-Za-z_][A-Za-z0-9_]*\})+)+\/?$|^\/$/;
/** Headers the client sets itself; an operation cannot take them as inputs. */
const RUNTIME_HEADERS = ["accept", "authorization", "content-type", "content-length", "host", "user-agent"];
const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json(?:\s*;.*)?$/i;
const FORM_MEDIA = /^(application\/x-www-form-urlencoded|multipart\/form-data)(\s*;.*)?$/i;

export interface OperationContext {
  src: SourceDocument;
  types: SchemaConverter;
  /** Lower-case names of the headers api.yaml sends on every request. */
  apiHeaders: ReadonlySet<string>;
  /** The apiKey parameter auth sends, if any. */
  authParameter?: { in: string; name: string };
  /** Pointers of the schema error responses carry (`default` responses of that schema are errors, not successes). */
  errorSchema?: string;
}

export interface ConvertedOperation {
  op: RawOperation;
  riskInferred: boolean;
  /** Whether the success response sends a Link header (link pagination). */
  linkHeader: boolean;
  /** Names of response headers seen on this operation. */
  responseHeaders: string[];
}

export type Parameter = { name: string; in: string; node: JsonObject; at: Segments };

export function convertOperation(ctx: OperationContext, planned: PlannedOperation): ConvertedOperation | undefined {
  const { src } = ctx;
  const node = planned.node;
  const at = planned.at;
  const hint = `${modelPascalCase(planned.resource.name)}${modelPascalCase(planned.name)}`;
  reportLeftovers(src, node, at);

  // Inputs: parameters (path-level ones first, overridden by the operation's own), then body fields.
  const params = parameters(src, planned);
  const input: Record<string, FieldDraft> = {};
  const constants: Record<string, Scalar> = {};
  const inputNames = new NameSet(OBJECT_RESERVED);
  const renamedPath = new Map<string, string>();
  const routeParameters: string[] = [];
  for (const p of params) {
    // The spec sends a GET or DELETE operation's constants in the query; opspec's emitter writes them as parameters.
    const fixed = p.in === "query" && (planned.method === "GET" || planned.method === "DELETE") ? constantOf(p.node.schema, p.node.required === true) : undefined;
    if (fixed !== undefined && WIRE_NAME.test(p.name) && constants[p.name] === undefined) {
      constants[p.name] = fixed;
      continue;
    }
    const field = parameter(ctx, p, hint);
    if (!field) continue;
    if (p.in !== "path") routeParameters.push(`${p.in} '${p.name}'`);
    let name = p.name;
    if (!isFieldName(name) || inputNames.has(name)) {
      const sane = inputNames.take(isFieldName(name) ? `${name}_${p.in}` : sanitiseFieldName(name));
      if (p.in === "path") renamedPath.set(p.name, sane);
      else if (WIRE_NAME.test(p.name)) field.wire = p.name;
      else {
        src.warn("parameter-name", p.at, `'${p.name}' in the ${p.in}`);
        continue;
      }
      name = sane;
    } else inputNames.take(name);
    input[name] = field;
  }

  // The route, with renamed path parameters; a placeholder the document does not declare becomes a string input.
  const path = planned.path.replace(/\{([^}]*)\}/g, (_, p: string) => {
    const name = renamedPath.get(p) ?? p;
    if (input[name]?.in === "path") return `{${name}}`;
    const added = inputNames.take(isFieldName(p) && !inputNames.has(p) ? p : `${sanitiseFieldName(p)}_path`);
    src.warn("not-expressible", [...at, "parameters"], `path parameter {${p}} is not declared; it is written as the required string input '${added}'`);
    input[added] = { type: "string", required: true, in: "path" };
    return `{${added}}`;
  });
  for (const [name, f] of Object.entries(input))
    if (f.in === "path" && !path.includes(`{${name}}`)) {
      src.warn("not-expressible", [...at, "parameters"], `path parameter '${name}' does not appear in ${planned.path}; left out`);
      delete input[name];
    }
  if (!URL_PATH.test(path)) {
    src.warn("not-expressible", at, `the path ${planned.path} has characters the spec format does not allow in a route; the operation is left out`);
    return undefined;
  }

  body(ctx, planned, hint, input, inputNames, constants);
  const member = planned.member;
  if (member && routeParameters.length > 0)
    src.warn("shared-route", [...at, "parameters"], `the route's ${routeParameters.join(", ")} ${routeParameters.length === 1 ? "goes" : "go"} to each of ${member.names.join(", ")}: the document does not say which operation takes which, nor where each is required`);

  // Responses.
  const responses = isObject(node.responses) ? node.responses : {};
  const result = success(ctx, responses, [...at, "responses"], hint, member);
  const op: RawOperation = {
    name: planned.name,
    summary: member?.summary?.replace(/\s+/g, " ").trim() ?? summaryOf(node, planned),
    risk: "read",
    http: { method: planned.method, path },
  };
  // A member's description is its own line of the route's list; the list itself describes the route, not it.
  const description = member ? (member.description ?? undefined) : text(node.description);
  if (description && description !== op.summary) op.description = description;
  if (member) {
    const lost = [
      ...(member.summary === undefined ? ["its summary"] : []),
      ...(member.description === null ? ["its description"] : []),
      ...(member.risk === undefined ? ["its risk (the route's is kept)"] : []),
    ];
    if (lost.length > 0) src.warn("shared-route", at, `${member.fullName}: the document does not record ${lost.join(", ")} apart from the other operations of the route`);
  }
  const risk = member?.risk ?? node["x-risk"];
  let riskInferred = false;
  if (risk === "read" || risk === "write" || risk === "destructive") op.risk = risk;
  else {
    if (risk !== undefined) src.warn("invalid-risk", [...at, "x-risk"], `x-risk: ${JSON.stringify(risk)}`);
    op.risk = planned.method === "GET" ? "read" : planned.method === "DELETE" ? "destructive" : "write";
    riskInferred = true;
  }
  if (member?.deprecated ?? node.deprecated === true) op.deprecated = true;
  if (Object.keys(input).length > 0) op.input = input;
  if (Object.keys(constants).length > 0) op.constants = constants;
  if (result.status !== undefined && result.status !== 200) op.status = result.status;
  if (result.output !== undefined) op.output = result.output;
  return { op: ordered(op), riskInferred, linkHeader: result.linkHeader, responseHeaders: result.headers };
}

/** Key order as hand-written specs have it. */
function ordered(op: RawOperation): RawOperation {
  const keys: (keyof RawOperation)[] = ["name", "summary", "description", "risk", "deprecated", "http", "input", "constants", "status", "output", "outputWireType", "pagination"];
  const out: Record<string, unknown> = {};
  for (const k of keys) if (op[k] !== undefined) out[k] = op[k];
  return out as RawOperation;
}

function summaryOf(node: JsonObject, planned: PlannedOperation): string {
  const summary = text(node.summary);
  if (summary) return summary.replace(/\s+/g, " ");
  const description = text(node.description);
  if (description) {
    const first = description.split(/\n\s*\n|(?<=\.)\s/)[0]!.replace(/\s+/g, " ").trim();
    if (first !== "" && first.length <= 120) return first;
  }
  const ws = typeof node.operationId === "string" ? words(node.operationId) : [];
  if (ws.length > 0) {
    const sentence = ws.map((w) => w.toLowerCase()).join(" ");
    return sentence.charAt(0).toUpperCase() + sentence.slice(1);
  }
  return `${planned.method} ${planned.path}`;
}

function reportLeftovers(src: SourceDocument, node: JsonObject, at: Segments): void {
  if (node.callbacks !== undefined) src.warn("not-expressible", [...at, "callbacks"], "callbacks");
  if (node.servers !== undefined) src.warn("not-expressible", [...at, "servers"], "servers for one operation");
  if (node.externalDocs !== undefined) src.warn("not-expressible", [...at, "externalDocs"], "externalDocs");
  if (Array.isArray(node.security)) {
    const global = JSON.stringify(src.doc.security ?? null);
    if (JSON.stringify(node.security) !== global)
      src.warn("security", [...at, "security"], node.security.length === 0 || node.security.every((r) => isObject(r) && Object.keys(r).length === 0) ? "this operation needs no credentials, but the client sends them on every call" : "security that differs from the document's");
  }
}

export function parameters(src: SourceDocument, planned: PlannedOperation): Parameter[] {
  const list: Parameter[] = [];
  const collect = (raw: Json | undefined, at: Segments) => {
    if (!Array.isArray(raw)) return;
    raw.forEach((p, i) => {
      const target = src.deref({ value: p, at: [...at, i] });
      if (!target || !isObject(target.value) || typeof target.value.name !== "string" || typeof target.value.in !== "string") return;
      const param: Parameter = { name: target.value.name, in: target.value.in, node: target.value, at: target.at };
      const prior = list.findIndex((q) => q.name === param.name && q.in === param.in);
      if (prior >= 0) list[prior] = param;
      else list.push(param);
    });
  };
  collect(planned.pathItem.parameters, [...planned.at.slice(0, -1), "parameters"]);
  collect(planned.node.parameters, [...planned.at, "parameters"]);
  return list;
}

function parameter(ctx: OperationContext, p: Parameter, hint: string): FieldDraft | undefined {
  const { src, types } = ctx;
  const lower = p.name.toLowerCase();
  if (p.in === "cookie") {
    src.warn("cookie-parameter", p.at, `cookie '${p.name}'`);
    return undefined;
  }
  if (p.in !== "path" && p.in !== "query" && p.in !== "header") {
    src.warn("not-expressible", p.at, `a parameter in '${p.in}'`);
    return undefined;
  }
  if (p.in === "header" && ctx.apiHeaders.has(lower)) return undefined;
  if (ctx.authParameter && ctx.authParameter.in === p.in && ctx.authParameter.name === lower) return undefined;
  if (p.in === "header" && RUNTIME_HEADERS.includes(lower)) {
    src.warn("reserved-header", p.at, `header '${p.name}'`);
    return undefined;
  }
  let schemaNode: Located | undefined = p.node.schema !== undefined ? { value: p.node.schema, at: [...p.at, "schema"] } : undefined;
  if (!schemaNode && isObject(p.node.content)) {
    const [media, m] = Object.entries(p.node.content)[0] ?? [];
    if (media && isObject(m) && m.schema !== undefined) schemaNode = { value: m.schema, at: [...p.at, "content", media, "schema"] };
    src.warn("parameter-serialization", [...p.at, "content"], `'${p.name}' is sent as ${media ?? "content"}; the spec sends it as a plain value`);
  }
  const field = schemaNode ? types.field(schemaNode, `${hint}${modelPascalCase(sanitiseFieldName(p.name))}`) : { type: "string" };
  const style = typeof p.node.style === "string" ? p.node.style : undefined;
  const defaultStyle = p.in === "query" ? "form" : "simple";
  if ((style !== undefined && style !== defaultStyle) || (p.in === "query" && p.node.explode === false) || p.node.allowReserved === true)
    src.warn("parameter-serialization", p.at, `'${p.name}': style ${style ?? defaultStyle}${p.node.explode === false ? ", explode: false" : ""}${p.node.allowReserved === true ? ", allowReserved" : ""}`);
  const base = (field.type ?? "string").replace(/\s*\|\s*null$/, "");
  const scalar = field.enum !== undefined || field.const !== undefined || ["string", "number", "boolean"].includes(base) || /^[a-z0-9_.:-]+( \| [a-z0-9_.:-]+)+$/.test(base);
  if (p.in === "header" && !scalar) {
    src.warn("parameter-serialization", p.at, `header '${p.name}' is ${base}; headers carry strings, numbers, booleans or enums`);
    return undefined;
  }
  if (p.in === "query" && !scalar && !base.endsWith("[]"))
    src.warn("parameter-serialization", p.at, `query parameter '${p.name}' is an object (${base}); how it is sent is not kept`);
  const out: FieldDraft = { ...field };
  if (p.in === "path" || p.node.required === true) out.required = true;
  out.in = p.in;
  const description = text(p.node.description);
  if (description) out.description = description;
  if (p.node.deprecated === true) out.deprecated = true;
  const example = p.node.example !== undefined ? p.node.example : firstExample(src, p.node.examples);
  if (example !== undefined && example !== null) {
    const value = types.coerce(example, out);
    if (value !== undefined) out.example = value;
    else src.warn("schema-keyword", [...p.at, "example"], `example ${JSON.stringify(example)} does not match the type; left out`);
  }
  return out;
}

function firstExample(src: SourceDocument, examples: Json | undefined): Json | undefined {
  if (!isObject(examples)) return undefined;
  for (const [key, e] of Object.entries(examples)) {
    const target = src.deref({ value: e, at: ["examples", key] });
    if (target && isObject(target.value) && target.value.value !== undefined) return target.value.value;
  }
  return undefined;
}

/**
 * The request body's top-level properties, as `in: body` inputs (a member of a shared route reads its
 * own branch of the body); properties opspec's emitter wrote for constants go to `constants`.
 */
function body(ctx: OperationContext, planned: PlannedOperation, hint: string, input: Record<string, FieldDraft>, names: NameSet, constants: Record<string, Scalar>): void {
  const { src, types } = ctx;
  if (planned.node.requestBody === undefined) return;
  const rb = src.deref({ value: planned.node.requestBody, at: [...planned.at, "requestBody"] });
  if (!rb || !isObject(rb.value)) return;
  if (planned.method === "GET" || planned.method === "DELETE") {
    src.warn("body-not-allowed", rb.at, `${planned.method} ${planned.path} has a request body`);
    return;
  }
  const content = isObject(rb.value.content) ? rb.value.content : {};
  const mediaTypes = Object.keys(content);
  const media = mediaTypes.find((m) => JSON_MEDIA.test(m)) ?? mediaTypes.find((m) => FORM_MEDIA.test(m));
  if (!media) {
    if (mediaTypes.length > 0) src.warn("body-media-type", [...rb.at, "content"], `${mediaTypes.join(", ")} bodies; the body is left out`);
    return;
  }
  if (!JSON_MEDIA.test(media)) src.warn("body-media-type", [...rb.at, "content", media], `${media}: its fields are written as JSON body fields`);
  const mt = content[media];
  if (!isObject(mt) || mt.schema === undefined) return;
  const member = planned.member;
  let schema: Located = member?.body ?? { value: mt.schema, at: [...rb.at, "content", media, "schema"] };
  if (!types.isObjectSchema(schema)) {
    const s = src.deref(schema)?.value;
    // An object with no properties (`{}` bodies) has no fields to write; nothing is lost.
    const empty = isObject(s) && (s.type === "object" || s.type === undefined) && !s.items && !s.oneOf && !s.anyOf && !s.allOf && !s.enum && !isObject(s.additionalProperties) && s.additionalProperties !== true;
    if (empty && s.additionalProperties === false) return;
    src.warn("body-not-object", schema.at, `${planned.method} ${planned.path} sends a body that is not an object with properties`);
    return;
  }
  // A shared route's examples are keyed by operationId; the first one belongs to another operation.
  const ownExample = member?.operationId !== undefined && isObject(mt.examples) && Object.hasOwn(mt.examples, member.operationId) ? src.deref({ value: mt.examples[member.operationId]!, at: [...rb.at, "content", media, "examples", member.operationId] })?.value : undefined;
  const exampleValue = isObject(ownExample) ? ownExample.value : mt.example !== undefined ? mt.example : firstExample(src, mt.examples);
  schema = withoutConstants(src, schema, constants);
  const properties = types.properties(schema, hint, "input");
  for (const p of properties) if (p.only === "read") src.warn("read-write-only", p.at, "readOnly: left out of request inputs");
  for (const p of properties) {
    if (p.only === "read") continue;
    const field: FieldDraft = { ...p.field, in: "body" };
    let name = p.name;
    let wire = p.wire;
    if (names.has(name)) {
      wire = wire ?? name;
      name = names.take(`${name}_body`);
    } else names.take(name);
    if (wire) field.wire = wire;
    if (field.example === undefined && isObject(exampleValue) && exampleValue[wire ?? name] !== undefined && exampleValue[wire ?? name] !== null) {
      const value = types.coerce(exampleValue[wire ?? name], field);
      if (value !== undefined) field.example = value;
    }
    input[name] = field;
  }
}

interface Success {
  status?: number;
  output?: RawOperation["output"];
  linkHeader: boolean;
  headers: string[];
}

function success(ctx: OperationContext, responses: JsonObject, at: Segments, hint: string, member?: SharedRouteMember): Success {
  const { src, types } = ctx;
  const codes = Object.keys(responses);
  for (const c of codes) {
    const r = src.deref({ value: responses[c]!, at: [...at, c] });
    if (r && isObject(r.value) && r.value.links !== undefined) src.warn("not-expressible", [...r.at, "links"], "response links");
  }
  const ok = codes.filter((c) => /^2(\d\d|XX)$/i.test(c)).sort((a, b) => statusOf(a) - statusOf(b));
  const headers: string[] = [];
  for (const c of codes) {
    const r = src.deref({ value: responses[c]!, at: [...at, c] });
    if (r && isObject(r.value) && isObject(r.value.headers)) headers.push(...Object.keys(r.value.headers));
  }
  let code = ok[0];
  // A shared route answers with every member's status; a member's is the one whose examples name it.
  const ownStatus = member && ok.length > 1 ? memberStatus(src, responses, at, ok, member) : undefined;
  if (ownStatus !== undefined) code = ownStatus;
  if (code === undefined) {
    const fallback = responses.default !== undefined ? src.deref({ value: responses.default, at: [...at, "default"] }) : undefined;
    const schemaOf = fallback && isObject(fallback.value) && isObject(fallback.value.content) ? Object.values(fallback.value.content).find(isObject)?.schema : undefined;
    const isError = isObject(schemaOf) && typeof schemaOf.$ref === "string" && ctx.errorSchema !== undefined && schemaOf.$ref === ctx.errorSchema;
    const redirect = codes.find((c) => /^3\d\d$/.test(c));
    if (fallback && !isError) {
      src.warn("no-success-response", at, "the default response is taken as the success (status 200)");
      code = "default";
    } else {
      src.warn("no-success-response", at, redirect ? `the success is a ${redirect} redirect, which the spec cannot describe; written as a 200 with no output` : "written as a 200 with no output");
      return { linkHeader: false, headers };
    }
  }
  // On a shared route the other statuses are the other operations' answers, not extra ones of this one.
  if (member && ok.length > 1) {
    if (ownStatus === undefined) src.warn("shared-route", at, `${member.fullName}: the route answers ${ok.join(", ")}, and the document does not say which is this operation's; ${code} is kept`);
  } else for (const extra of ok.slice(1)) src.warn("extra-success-response", [...at, extra], `${extra} besides ${code}`);
  const status = code === "default" ? 200 : statusOf(code);
  if (/XX/i.test(code)) src.warn("not-expressible", [...at, code], `the status range ${code} is written as ${status}`);
  const response = src.deref({ value: responses[code]!, at: [...at, code] });
  const out: Success = { status, linkHeader: false, headers };
  if (!response || !isObject(response.value)) return out;
  const r = response.value;
  if (isObject(r.headers)) {
    out.linkHeader = Object.keys(r.headers).some((h) => /^link$/i.test(h));
    const others = Object.keys(r.headers).filter((h) => !/^link$/i.test(h) && !isConventionHeader(h));
    if (others.length > 0) src.warn("response-header", [...response.at, "headers"], others.join(", "));
  }
  if (status === 204) return out;
  const content = isObject(r.content) ? r.content : {};
  const mediaTypes = Object.keys(content);
  if (mediaTypes.length === 0) return out;
  const media = mediaTypes.find((m) => JSON_MEDIA.test(m));
  if (!media) {
    src.warn("response-media-type", [...response.at, "content"], `${mediaTypes.join(", ")} responses`);
    return out;
  }
  const mt = content[media];
  if (!isObject(mt) || mt.schema === undefined) return out;
  const schema: Located = { value: mt.schema, at: [...response.at, "content", media, "schema"] };
  if (member && isObject(mt.schema) && (Array.isArray(mt.schema.anyOf) || Array.isArray(mt.schema.oneOf)))
    src.warn("shared-route", schema.at, `${member.fullName}: the route answers ${status} with a choice of outputs, and the document does not say which is this operation's; they are merged`);
  const named = types.namedObject(schema);
  if (named) {
    out.output = named;
    return out;
  }
  if (types.isObjectSchema(schema)) {
    const fields: Record<string, FieldDraft> = {};
    const properties = types.properties(schema, `${hint}Result`, "output");
    for (const p of properties) if (p.only === "write") src.warn("read-write-only", p.at, "writeOnly: left out of outputs");
    for (const p of properties) if (p.only !== "write") fields[p.name] = p.wire ? { ...p.field, wire: p.wire } : p.field;
    out.output = fields as RawOperation["output"];
    return out;
  }
  const target = src.deref(schema);
  const s = target?.value;
  const freeForm = isObject(s) && (s.type === "object" || s.type === undefined) && !s.items && !s.oneOf && !s.anyOf && !s.allOf && !s.enum;
  if (freeForm) {
    out.output = {};
    if (isObject(s.additionalProperties)) src.warn("output-not-object", schema.at, "a map: written as an object whose fields are not known");
    return out;
  }
  src.warn("output-not-object", schema.at, `the response body is ${describeSchema(s)}`);
  return out;
}

/** The one success status whose response examples are keyed by the member's operationId; undefined when not exactly one is. */
function memberStatus(src: SourceDocument, responses: JsonObject, at: Segments, ok: string[], member: SharedRouteMember): string | undefined {
  if (member.operationId === undefined) return undefined;
  const named = ok.filter((c) => {
    const r = src.deref({ value: responses[c]!, at: [...at, c] });
    const content = r && isObject(r.value) && isObject(r.value.content) ? r.value.content : {};
    return Object.values(content).some((mt) => isObject(mt) && isObject(mt.examples) && Object.hasOwn(mt.examples, member.operationId!));
  });
  return named.length === 1 ? named[0] : undefined;
}

/**
 * A constant as opspec's emitter writes one (constantSchema in generator/emit/openapi/document.ts): a
 * required `const` whose description is exactly constantDescription's. Anything else, even a lone
 * `const`, is an input the caller may see.
 */
function constantOf(schema: Json | undefined, required: boolean): Scalar | undefined {
  if (!required || !isObject(schema)) return undefined;
  const value = schema.const;
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") return undefined;
  return schema.description === constantDescription(value) ? value : undefined;
}

/** The body schema without the properties that are constants (moved into `constants`); the schema itself when it has none. */
function withoutConstants(src: SourceDocument, schema: Located, constants: Record<string, Scalar>): Located {
  const target = src.deref(schema);
  if (!target || !isObject(target.value) || !isObject(target.value.properties)) return schema;
  const required = Array.isArray(target.value.required) ? target.value.required.filter((r): r is string => typeof r === "string") : [];
  const found: string[] = [];
  for (const [name, property] of Object.entries(target.value.properties)) {
    const value = WIRE_NAME.test(name) && constants[name] === undefined ? constantOf(property, required.includes(name)) : undefined;
    if (value === undefined) continue;
    constants[name] = value;
    found.push(name);
  }
  if (found.length === 0) return schema;
  // A copy: the document stays as read. Pointers of the properties left are unchanged.
  const properties = Object.fromEntries(Object.entries(target.value.properties).filter(([n]) => !found.includes(n)));
  return { value: { ...target.value, properties, required: required.filter((r) => !found.includes(r)) }, at: target.at };
}

function statusOf(code: string): number {
  return /XX/i.test(code) ? Number(code[0]) * 100 : Number(code);
}

function describeSchema(s: Json | undefined): string {
  if (!isObject(s)) return "not a schema";
  if (s.type === "array" || s.items !== undefined) return "a list";
  if (Array.isArray(s.oneOf) || Array.isArray(s.anyOf)) return "a choice of non-object shapes";
  if (typeof s.type === "string") return `a ${s.type}`;
  return "not an object";
}
