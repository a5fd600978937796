/**
 * The diff rules: one small rule per kind of change. The engine (engine.ts) pairs up what both models
 * hold (the API, servers, headers, operations, fields, named types) and asks every rule of that entity
 * about each pair; a rule reports by catalog code and never decides where the finding is printed.
 */
import type {
  ApiModel,
  Constraints,
  FieldModel,
  HeaderModel,
  NamedTypeModel,
  OperationModel,
  PaginationModel,
  ServerModel,
  TypeRef,
} from "../model/types.ts";
import { RISKS } from "../model/types.ts";
import type { PathSegment } from "../load/load-spec.ts";
import type { ChangeCode } from "./catalog.ts";
import { combine, relateFormats, relateTypes, splitNull, typeText, type Relation, type TypeLookup } from "./type-relation.ts";

export type Side = "base" | "head";

export interface ReportOptions {
  /** Which side's line to show (default: head, or base when the entity is gone). */
  side?: Side;
  /** Appended to the entity's path: `http.method` under an operation, `auth` under the API. */
  path?: string;
  /** A YAML path below the entity's own, for a more precise line: `["http", "method"]`. */
  at?: PathSegment[];
}

/** How a rule reports: a catalog code, its template's parameters, and where. */
export type Report = (code: ChangeCode, params?: Record<string, string>, options?: ReportOptions) => void;

export interface Rule<P> {
  /** The codes this rule may raise (the catalog test checks every code has a rule). */
  codes: readonly ChangeCode[];
  check(pair: P, report: Report): void;
}

/** Both sides of one entity; at most one side is missing (added or removed). */
export interface Pair<T> {
  base?: T;
  head?: T;
}

export interface ApiPair {
  base: ApiModel;
  head: ApiModel;
}

export interface OperationPair extends Pair<OperationModel> {
  /** Set when the operation was matched by method and path under another name. */
  renamedFrom?: string;
}

/** What a field is to its readers: something callers send (input) or read (output). */
export type Direction = "input" | "output";

export interface FieldPair extends Pair<FieldModel> {
  direction: Direction;
  /** How messages name it: "Input", "Input field", "Output field". */
  role: string;
  /** How messages name it: `email`, or `Address.city` for a field of a named type. */
  field: string;
  /** An operation's own input: it has a wire name and a location. */
  operationInput: boolean;
  /** Set when an input was matched by wire name and location under another name. */
  renamedFrom?: string;
  types: { base: TypeLookup; head: TypeLookup };
}

/** A named type present on both sides, judged in one direction. */
export interface TypeBodyPair {
  direction: Direction;
  base: NamedTypeModel;
  head: NamedTypeModel;
  types: { base: TypeLookup; head: TypeLookup };
}

// ─── The API as a whole ─────────────────────────────────────────────────────────────────────────────

const NAMING_KEYS = [
  ["clientFactory", "client factory"],
  ["clientType", "client type"],
  ["errorBase", "error base class"],
  ["packageName", "package name"],
  ["serverOption", "server option"],
  ["envPrefix", "environment variable prefix"],
  ["mcpBin", "MCP server command"],
] as const;

const namingChanged: Rule<ApiPair> = {
  codes: ["naming-changed"],
  check({ base, head }, report) {
    for (const [key, what] of NAMING_KEYS)
      if (base.naming[key] !== head.naming[key])
        report("naming-changed", { what, from: base.naming[key], to: head.naming[key] }, { path: `naming.${key}`, at: [key === "packageName" ? "package" : key === "serverOption" ? "serverOption" : "name"] });
  },
};

function authText(a: ApiModel["auth"]): string {
  switch (a.scheme) {
    case "none":
      return "none";
    case "bearer":
      return "a bearer token";
    case "basic":
      return "HTTP basic";
    case "apiKey":
      return `an API key in the ${a.in} ${a.name}`;
  }
}

const authChanged: Rule<ApiPair> = {
  codes: ["auth-changed", "description-changed"],
  check({ base, head }, report) {
    const where = { path: "auth", at: ["auth"] };
    if (authText(base.auth) !== authText(head.auth)) report("auth-changed", { from: authText(base.auth), to: authText(head.auth) }, where);
    if ((base.auth.scheme === "none" ? undefined : base.auth.description) !== (head.auth.scheme === "none" ? undefined : head.auth.description))
      report("description-changed", { what: "authentication" }, where);
  },
};

const ERROR_KEYS = [
  ["contentType", "content type"],
  ["typeName", "body type"],
  ["message", "message path"],
  ["code", "code path"],
  ["requestId", "request id path"],
  ["requestIdHeader", "request id header"],
] as const;

const errorFormatChanged: Rule<ApiPair> = {
  codes: ["error-format-changed"],
  check({ base, head }, report) {
    for (const [key, what] of ERROR_KEYS)
      if (base.errors[key] !== head.errors[key])
        report(
          "error-format-changed",
          { what, from: base.errors[key] ?? "none", to: head.errors[key] ?? "none" },
          { path: `errors.${key}`, at: ["errors", key === "typeName" ? "type" : key] },
        );
  },
};

const RATE_KEYS = [
  ["limitHeader", "limit header"],
  ["remainingHeader", "remaining header"],
  ["resetHeader", "reset header"],
  ["resetUnit", "reset unit"],
] as const;

const rateLimitChanged: Rule<ApiPair> = {
  codes: ["rate-limit-changed"],
  check({ base, head }, report) {
    for (const [key, what] of RATE_KEYS)
      if (base.rateLimit[key] !== head.rateLimit[key])
        report(
          "rate-limit-changed",
          { what, from: base.rateLimit[key] ?? "none", to: head.rateLimit[key] ?? "none" },
          { path: `rateLimit.${key}`, at: ["rateLimit", key.replace(/Header$/, "")] },
        );
  },
};

const defaultServerChanged: Rule<ApiPair> = {
  codes: ["default-server-changed"],
  check({ base, head }, report) {
    const b = base.servers[0];
    const h = head.servers[0];
    if (b && h && b.name !== h.name) report("default-server-changed", { from: b.name, to: h.name, url: h.url }, { path: "servers", at: ["servers", 0] });
  },
};

const apiProse: Rule<ApiPair> = {
  codes: ["summary-changed", "description-changed"],
  check({ base, head }, report) {
    if (base.title !== head.title) report("summary-changed", { what: "API title", from: base.title, to: head.title }, { path: "title", at: ["title"] });
    if (base.description !== head.description) report("description-changed", { what: "the API" }, { path: "description", at: ["description"] });
  },
};

export const API_RULES: readonly Rule<ApiPair>[] = [namingChanged, authChanged, errorFormatChanged, rateLimitChanged, defaultServerChanged, apiProse];

// ─── Servers and headers ────────────────────────────────────────────────────────────────────────────

const serverPresence: Rule<Pair<ServerModel>> = {
  codes: ["server-added", "server-removed"],
  check({ base, head }, report) {
    if (!base && head) report("server-added", { name: head.name, url: head.url });
    if (base && !head) report("server-removed", { name: base.name, url: base.url });
  },
};

const serverChanged: Rule<Pair<ServerModel>> = {
  codes: ["server-url-changed", "description-changed"],
  check({ base, head }, report) {
    if (!base || !head) return;
    if (base.url !== head.url) report("server-url-changed", { name: head.name, from: base.url, to: head.url }, { at: ["url"] });
    if (base.description !== head.description) report("description-changed", { what: `server ${head.name}` }, { at: ["description"] });
  },
};

export const SERVER_RULES: readonly Rule<Pair<ServerModel>>[] = [serverPresence, serverChanged];

const headerPresence: Rule<Pair<HeaderModel>> = {
  codes: ["header-added", "header-added-required", "header-removed"],
  check({ base, head }, report) {
    if (!base && head) report(head.required ? "header-added-required" : "header-added", { name: head.name, option: head.option });
    if (base && !head) report("header-removed", { name: base.name, option: base.option });
  },
};

const headerChanged: Rule<Pair<HeaderModel>> = {
  codes: [
    "header-made-required",
    "header-made-optional",
    "header-option-renamed",
    "header-default-changed",
    "header-enum-value-added",
    "header-enum-value-removed",
    "description-changed",
  ],
  check({ base, head }, report) {
    if (!base || !head) return;
    const name = head.name;
    if (!base.required && head.required) report("header-made-required", { name, option: head.option }, { at: ["required"] });
    if (base.required && !head.required) report("header-made-optional", { name }, { at: ["required"] });
    if (base.option !== head.option) report("header-option-renamed", { name, from: base.option, to: head.option }, { at: ["option"] });
    if (base.default !== head.default)
      report("header-default-changed", { name, from: base.default ?? "none", to: head.default ?? "none" }, { at: ["default"] });
    if (base.enum && head.enum) {
      for (const value of head.enum) if (!base.enum.includes(value)) report("header-enum-value-added", { name, value }, { at: ["enum"] });
      for (const value of base.enum) if (!head.enum.includes(value)) report("header-enum-value-removed", { name, value }, { at: ["enum"] });
    }
    if (base.description !== head.description) report("description-changed", { what: `header ${name}` }, { at: ["description"] });
  },
};

export const HEADER_RULES: readonly Rule<Pair<HeaderModel>>[] = [headerPresence, headerChanged];

// ─── Operations ─────────────────────────────────────────────────────────────────────────────────────

/** `/admins/{id}` and `/admins/{admin_id}` are one route: parameter names do not travel. */
export function routeKey(method: string, path: string): string {
  return `${method} ${path.replace(/\{[^}]*\}/g, "{}")}`;
}

const operationPresence: Rule<OperationPair> = {
  codes: ["operation-added", "operation-removed", "operation-renamed"],
  check({ base, head, renamedFrom }, report) {
    if (!base && head) report("operation-added", { method: head.method, route: head.path });
    if (base && !head) report("operation-removed", { method: base.method, route: base.path });
    if (base && head && renamedFrom) report("operation-renamed", { from: renamedFrom, method: head.method, route: head.path });
  },
};

const httpChanged: Rule<OperationPair> = {
  codes: ["method-changed", "path-changed"],
  check({ base, head }, report) {
    if (!base || !head) return;
    if (base.method !== head.method) report("method-changed", { from: base.method, to: head.method }, { path: "http.method", at: ["http", "method"] });
    if (routeKey("", base.path) !== routeKey("", head.path))
      report("path-changed", { from: base.path, to: head.path }, { path: "http.path", at: ["http", "path"] });
  },
};

const riskChanged: Rule<OperationPair> = {
  codes: ["risk-escalated", "risk-lowered"],
  check({ base, head }, report) {
    if (!base || !head || base.risk === head.risk) return;
    const raised = RISKS.indexOf(head.risk) > RISKS.indexOf(base.risk);
    report(raised ? "risk-escalated" : "risk-lowered", { from: base.risk, to: head.risk }, { path: "risk", at: ["risk"] });
  },
};

const statusChanged: Rule<OperationPair> = {
  codes: ["status-changed"],
  check({ base, head }, report) {
    if (base && head && base.status !== head.status)
      report("status-changed", { from: String(base.status), to: String(head.status) }, { path: "status", at: ["status"] });
  },
};

const outputPresence: Rule<OperationPair> = {
  codes: ["output-added", "output-removed"],
  check({ base, head }, report) {
    if (!base || !head) return;
    if (!base.output && head.output) report("output-added", {}, { path: "output", at: ["output"] });
    if (base.output && !head.output) report("output-removed", {}, { path: "output", at: ["output"], side: "base" });
  },
};

const PAGINATION_KEYS = ["items", "page", "totalPages", "currentPage", "offset", "limit", "total", "cursor", "next", "hasMore", "id"] as const;

function paginationValue(p: PaginationModel, key: (typeof PAGINATION_KEYS)[number]): string | undefined {
  const v = (p as Record<string, unknown>)[key];
  return Array.isArray(v) ? v.join(".") : typeof v === "string" ? v : undefined;
}

const paginationChanged: Rule<OperationPair> = {
  codes: ["pagination-added", "pagination-removed", "pagination-style-changed", "pagination-changed"],
  check({ base, head }, report) {
    if (!base || !head) return;
    const b = base.pagination;
    const h = head.pagination;
    const where = { path: "pagination", at: ["pagination"] };
    if (!b && h) report("pagination-added", { to: h.style }, where);
    else if (b && !h) report("pagination-removed", { from: b.style }, { ...where, side: "base" });
    else if (b && h && b.style !== h.style) report("pagination-style-changed", { from: b.style, to: h.style }, where);
    else if (b && h)
      for (const key of PAGINATION_KEYS) {
        const from = paginationValue(b, key);
        const to = paginationValue(h, key);
        if (from !== to) report("pagination-changed", { what: key, from: from ?? "none", to: to ?? "none" }, { path: `pagination.${key}`, at: ["pagination", key] });
      }
  },
};

const operationDeprecation: Rule<OperationPair> = {
  codes: ["operation-deprecated", "operation-undeprecated"],
  check({ base, head }, report) {
    if (base && head && base.deprecated !== head.deprecated)
      report(head.deprecated ? "operation-deprecated" : "operation-undeprecated", {}, { path: "deprecated", at: ["deprecated"] });
  },
};

const constantsChanged: Rule<OperationPair> = {
  codes: ["constant-added", "constant-removed", "constant-changed"],
  check({ base, head }, report) {
    if (!base || !head) return;
    for (const h of head.constants) {
      const b = base.constants.find((c) => c.name === h.name);
      const where = { path: `constants.${h.name}`, at: ["constants", h.name] };
      if (!b) report("constant-added", { location: h.location, name: h.name, value: String(h.value) }, where);
      else if (b.value !== h.value || b.location !== h.location)
        report("constant-changed", { location: h.location, name: h.name, from: `${b.value}`, to: `${h.value}` }, where);
    }
    for (const b of base.constants)
      if (!head.constants.some((c) => c.name === b.name))
        report("constant-removed", { location: b.location, name: b.name }, { path: `constants.${b.name}`, at: ["constants", b.name], side: "base" });
  },
};

const operationProse: Rule<OperationPair> = {
  codes: ["summary-changed", "description-changed"],
  check({ base, head }, report) {
    if (!base || !head) return;
    if (base.summary !== head.summary) report("summary-changed", { what: "summary", from: base.summary, to: head.summary }, { path: "summary", at: ["summary"] });
    if (base.description !== head.description) report("description-changed", { what: "the operation" }, { path: "description", at: ["description"] });
  },
};

export const OPERATION_RULES: readonly Rule<OperationPair>[] = [
  operationPresence,
  httpChanged,
  riskChanged,
  statusChanged,
  outputPresence,
  paginationChanged,
  operationDeprecation,
  constantsChanged,
  operationProse,
];

// ─── Fields: what callers send and read ─────────────────────────────────────────────────────────────

/** The code for each kind of field change, by direction. */
const BY_DIRECTION = {
  input: {
    added: (required: boolean): ChangeCode => (required ? "input-added-required" : "input-added-optional"),
    removed: "input-removed",
    madeRequired: "input-made-required",
    madeOptional: "input-made-optional",
    widened: "input-type-widened",
    narrowed: "input-type-narrowed",
    changed: "input-type-changed",
    enumAdded: "input-enum-value-added",
    enumRemoved: "input-enum-value-removed",
    nullAdded: "input-nullable-added",
    nullRemoved: "input-nullable-removed",
    relaxed: "input-constraint-relaxed",
    tightened: "input-constraint-tightened",
  },
  output: {
    added: (): ChangeCode => "output-field-added",
    removed: "output-field-removed",
    madeRequired: "output-field-made-required",
    madeOptional: "output-field-made-optional",
    widened: "output-type-widened",
    narrowed: "output-type-narrowed",
    changed: "output-type-changed",
    enumAdded: "output-enum-value-added",
    enumRemoved: "output-enum-value-removed",
    nullAdded: "output-nullable-added",
    nullRemoved: "output-nullable-removed",
    relaxed: "output-constraint-relaxed",
    tightened: "output-constraint-tightened",
  },
} as const satisfies Record<Direction, Record<string, ChangeCode | ((required: boolean) => ChangeCode)>>;

const fieldPresence: Rule<FieldPair> = {
  codes: ["input-added-required", "input-added-optional", "input-removed", "output-field-added", "output-field-removed"],
  check({ base, head, direction, role, field }, report) {
    if (!base && head) report(BY_DIRECTION[direction].added(head.required), { role, field });
    if (base && !head) report(BY_DIRECTION[direction].removed, { role, field });
  },
};

const inputRenamed: Rule<FieldPair> = {
  codes: ["input-renamed"],
  check({ base, head, renamedFrom, role, field }, report) {
    if (base && head && renamedFrom) report("input-renamed", { role, field, from: renamedFrom });
  },
};

const requiredChanged: Rule<FieldPair> = {
  codes: ["input-made-required", "input-made-optional", "output-field-made-required", "output-field-made-optional"],
  check({ base, head, direction, role, field }, report) {
    if (!base || !head || base.required === head.required) return;
    report(head.required ? BY_DIRECTION[direction].madeRequired : BY_DIRECTION[direction].madeOptional, { role, field }, { at: ["required"] });
  },
};

const wireNameChanged: Rule<FieldPair> = {
  codes: ["input-wire-name-changed"],
  check({ base, head, operationInput, renamedFrom, role, field }, report) {
    if (base && head && operationInput && !renamedFrom && base.wireName !== head.wireName)
      report("input-wire-name-changed", { role, field, from: base.wireName, to: head.wireName }, { at: ["wire"] });
  },
};

const locationChanged: Rule<FieldPair> = {
  codes: ["input-location-changed"],
  check({ base, head, operationInput, role, field }, report) {
    if (base && head && operationInput && base.location !== head.location)
      report("input-location-changed", { role, field, from: base.location ?? "body", to: head.location ?? "body" }, { at: ["in"] });
  },
};

/** What a change of type can be: a field and a named type's body report the same codes. */
const TYPE_CHANGE_CODES: readonly ChangeCode[] = [
    "input-type-widened",
    "input-type-narrowed",
    "input-type-changed",
    "input-enum-value-added",
    "input-enum-value-removed",
    "input-nullable-added",
    "input-nullable-removed",
    "output-type-widened",
    "output-type-narrowed",
    "output-type-changed",
    "output-enum-value-added",
    "output-enum-value-removed",
    "output-nullable-added",
    "output-nullable-removed",
  ];

const fieldTypeChanged: Rule<FieldPair> = {
  codes: TYPE_CHANGE_CODES,
  check({ base, head, direction, role, field, types }, report) {
    if (!base || !head) return;
    compareTypes({ type: base.type, format: base.format }, { type: head.type, format: head.format }, direction, types, (code, params) =>
      report(code, { role, field, ...params }, { at: ["type"] }),
    );
  },
};

const constraintsChanged: Rule<FieldPair> = {
  codes: ["input-constraint-relaxed", "input-constraint-tightened", "output-constraint-relaxed", "output-constraint-tightened"],
  check({ base, head, direction, role, field }, report) {
    if (!base || !head) return;
    // A number that became a string (or back) is a type change, reported as one: its `maximum` was not
    // relaxed, it no longer applies.
    const kinds = [primitiveKind(base.type), primitiveKind(head.type)];
    if (kinds[0] !== undefined && kinds[1] !== undefined && kinds[0] !== kinds[1]) return;
    for (const c of constraintChanges(base.constraints, head.constraints))
      report(
        // A pattern swapped for another may admit new values and refuse old ones: breaking either way.
        c.change === "changed" ? (direction === "input" ? "input-constraint-tightened" : "output-constraint-relaxed") : BY_DIRECTION[direction][c.change],
        { role, field, constraint: c.name, from: c.from, to: c.to },
        { at: [c.name] },
      );
  },
};

const defaultChanged: Rule<FieldPair> = {
  codes: ["default-added", "default-removed", "default-changed"],
  check({ base, head, role, field }, report) {
    if (!base || !head) return;
    const from = valueText(base.default);
    const to = valueText(head.default);
    if (from === to) return;
    const where = { at: ["default"] };
    if (from === undefined) report("default-added", { role, field, to: to! }, where);
    else if (to === undefined) report("default-removed", { role, field, from }, where);
    else report("default-changed", { role, field, from, to }, where);
  },
};

const fieldDeprecation: Rule<FieldPair> = {
  codes: ["field-deprecated", "field-undeprecated"],
  check({ base, head, role, field }, report) {
    if (base && head && base.deprecated !== head.deprecated)
      report(head.deprecated ? "field-deprecated" : "field-undeprecated", { role, field }, { at: ["deprecated"] });
  },
};

const fieldProse: Rule<FieldPair> = {
  codes: ["description-changed", "example-changed"],
  check({ base, head, role, field }, report) {
    if (!base || !head) return;
    const what = `${role.toLowerCase()} ${field}`;
    if (base.description !== head.description) report("description-changed", { what }, { at: ["description"] });
    if (valueText(base.example) !== valueText(head.example)) report("example-changed", { what }, { at: ["example"] });
  },
};

export const FIELD_RULES: readonly Rule<FieldPair>[] = [
  fieldPresence,
  inputRenamed,
  requiredChanged,
  wireNameChanged,
  locationChanged,
  fieldTypeChanged,
  constraintsChanged,
  defaultChanged,
  fieldDeprecation,
  fieldProse,
];

// ─── Named types ────────────────────────────────────────────────────────────────────────────────────

const typeBodyChanged: Rule<TypeBodyPair> = {
  codes: TYPE_CHANGE_CODES,
  check({ base, head, direction, types }, report) {
    const params = (p: Record<string, string>) => ({ role: "Type", field: head.name, ...p });
    if (base.kind !== head.kind) {
      report(BY_DIRECTION[direction].changed, params({ from: kindText(base), to: kindText(head) }));
      return;
    }
    // Object types are judged field by field (FIELD_RULES); the others by what they admit as a whole.
    const body = (t: NamedTypeModel): { type: TypeRef; at: string } | undefined =>
      t.kind === "enum"
        ? { type: { kind: "enum", values: t.values }, at: "enum" }
        : t.kind === "union"
          ? { type: { kind: "union", members: t.members }, at: "oneOf" }
          : t.kind === "map"
            ? { type: t.values, at: "values" }
            : undefined;
    const b = body(base);
    const h = body(head);
    if (b && h) compareTypes({ type: b.type }, { type: h.type }, direction, types, (code, p) => report(code, params(p), { at: [h.at] }));
  },
};

function kindText(t: NamedTypeModel): string {
  switch (t.kind) {
    case "object":
      return "an object";
    case "map":
      return `a map of ${typeText(t.values)}`;
    case "union":
      return `one of ${t.members.map((m) => typeText(m)).join(", ")}`;
    case "enum":
      return t.values.join(" | ");
  }
}

export const TYPE_BODY_RULES: readonly Rule<TypeBodyPair>[] = [typeBodyChanged];

/** Named types added and removed, and their own descriptions: reported once, not per operation. */
const typePresence: Rule<Pair<NamedTypeModel>> = {
  codes: ["type-added", "type-removed", "description-changed"],
  check({ base, head }, report) {
    if (!base && head) report("type-added", { name: head.name });
    if (base && !head) report("type-removed", { name: base.name });
    if (base && head && base.description !== head.description) report("description-changed", { what: `type ${head.name}` });
  },
};

export const TYPE_RULES: readonly Rule<Pair<NamedTypeModel>>[] = [typePresence];

// ─── Shared judgements ──────────────────────────────────────────────────────────────────────────────

type TypeCode = (typeof BY_DIRECTION)[Direction][
  | "widened"
  | "narrowed"
  | "changed"
  | "enumAdded"
  | "enumRemoved"
  | "nullAdded"
  | "nullRemoved"];

/**
 * Nullability, then enum values, then the value sets as a whole: a field that only gained `| null`
 * reports that, an enum that gained a value reports the value, and anything else is widened, narrowed or
 * changed. Which of those breaks depends on the direction: callers may send more, but must not be handed more.
 */
function compareTypes(
  base: { type: TypeRef; format?: FieldModel["format"] },
  head: { type: TypeRef; format?: FieldModel["format"] },
  direction: Direction,
  types: { base: TypeLookup; head: TypeLookup },
  report: (code: TypeCode, params: Record<string, string>) => void,
): void {
  const codes = BY_DIRECTION[direction];
  const b = splitNull(base.type);
  const h = splitNull(head.type);
  if (!b.nullable && h.nullable) report(codes.nullAdded, {});
  if (b.nullable && !h.nullable) report(codes.nullRemoved, {});
  const be = inlineEnum(b.type);
  const he = inlineEnum(h.type);
  if (be && he && be.depth === he.depth && base.format === head.format) {
    for (const value of he.values) if (!be.values.includes(value)) report(codes.enumAdded, { value });
    for (const value of be.values) if (!he.values.includes(value)) report(codes.enumRemoved, { value });
    return;
  }
  // The same expression (the same named types in the same places): whatever changed is inside a named
  // type, and the named type's own rules report it there (TYPE_BODY_RULES, FIELD_RULES), once.
  if (base.format === head.format && sameExpression(b.type, h.type)) return;
  const relation: Relation = combine(relateTypes(b.type, h.type, types.base, types.head), relateFormats(base.format, head.format));
  if (relation === "same") return;
  const params = { from: typeText(base.type, base.format), to: typeText(head.type, head.format) };
  report(relation === "wider" ? codes.widened : relation === "narrower" ? codes.narrowed : codes.changed, params);
}

/** Two type expressions written alike: named types compared by name, not by what they hold. */
function sameExpression(a: TypeRef, b: TypeRef): boolean {
  return typeText(a) === typeText(b);
}

/** The primitive a field holds, through `| null` and lists: `number`, `string`, …; undefined for anything else. */
function primitiveKind(t: TypeRef): string | undefined {
  let inner = splitNull(t).type;
  while (inner.kind === "array") inner = splitNull(inner.items).type;
  return inner.kind === "primitive" ? inner.name : inner.kind === "enum" ? "string" : undefined;
}

/** `a | b`, `(a | b)[]`: the enum's values and how many list levels wrap it. */
function inlineEnum(t: TypeRef): { values: string[]; depth: number } | undefined {
  let depth = 0;
  while (t.kind === "array") {
    t = t.items;
    depth++;
  }
  return t.kind === "enum" ? { values: t.values, depth } : undefined;
}

const LOWER_BOUNDS = ["minimum", "minLength"] as const;
const UPPER_BOUNDS = ["maximum", "maxLength"] as const;

/** Each constraint that changed: tightened (admits fewer values), relaxed (more), or changed (neither: a new pattern). */
export function constraintChanges(
  base: Constraints | undefined,
  head: Constraints | undefined,
): { name: string; from: string; to: string; change: "tightened" | "relaxed" | "changed" }[] {
  const out: { name: string; from: string; to: string; change: "tightened" | "relaxed" | "changed" }[] = [];
  const b = base ?? {};
  const h = head ?? {};
  const text = (v: number | string | undefined) => (v === undefined ? "none" : String(v));
  for (const key of [...LOWER_BOUNDS, ...UPPER_BOUNDS]) {
    const from = b[key];
    const to = h[key];
    if (from === to) continue;
    const lower = (LOWER_BOUNDS as readonly string[]).includes(key);
    const tightened = from === undefined ? true : to === undefined ? false : lower ? to > from : to < from;
    out.push({ name: key, from: text(from), to: text(to), change: tightened ? "tightened" : "relaxed" });
  }
  if (b.pattern !== h.pattern) {
    const change = b.pattern === undefined ? "tightened" : h.pattern === undefined ? "relaxed" : "changed";
    out.push({ name: "pattern", from: text(b.pattern), to: text(h.pattern), change });
  }
  return out;
}

/** A default or example as text, for comparing and for messages. */
function valueText(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  return typeof v === "string" ? v : JSON.stringify(v);
}
