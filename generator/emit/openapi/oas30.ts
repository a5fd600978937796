/**
 * The OpenAPI 3.0.3 variant, derived from the 3.1 document of the same model (so both always say the
 * same thing). Only what 3.0's schema dialect spells differently changes:
 * - `type: [X, "null"]` → `type: X, nullable: true` (an enum keeps its `null` value);
 * - `anyOf: [..., {type: "null"}]` → the other members, one of them `nullable` (3.0 only honours
 *   `nullable` beside a `type`); a nullable lone `$ref` becomes `{type, nullable: true, allOf: [$ref]}`
 *   with the type of the referenced schema;
 * - `$ref` with siblings (a field's description) → `allOf: [{$ref}]` plus the siblings, since 3.0
 *   ignores everything beside a `$ref`;
 * - schema `examples: [v]` → `example: v`;
 * - `const: v` → `enum: [v]` (3.0 has no `const`).
 * Anything else that the 3.1 builder does not emit is refused, so a new construct cannot slip through
 * unconverted.
 */
import type * as oas30 from "openapi3-ts/oas30";
import type * as oas31 from "openapi3-ts/oas31";
import { SCHEMAS_PATH } from "./schemas.ts";

type Schema31 = oas31.SchemaObject | oas31.ReferenceObject;
type Schema30 = oas30.SchemaObject | oas30.ReferenceObject;
type Ref = { $ref: string };

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
/** Keywords that mean the same in both versions. */
const PLAIN_KEYWORDS = new Set([
  "title",
  "description",
  "format",
  "enum",
  "required",
  "default",
  "minimum",
  "maximum",
  "minLength",
  "maxLength",
  "pattern",
  "deprecated",
]);

export function downgradeToOas30(doc: oas31.OpenAPIObject): oas30.OpenAPIObject {
  const named = doc.components?.schemas ?? {};
  return new Downgrade((name) => named[name]).document(doc);
}

/**
 * The conversion of a whole document, or of its parts one at a time (a top-level member, a path item,
 * a member of `components`, a schema: what emitOpenApi writes as it goes). `named` finds a schema of
 * the 3.1 document's `components.schemas`, which a nullable `$ref` is looked up in.
 *
 * A part that reads the same in both versions is returned as it is, not copied, from a schema up to a
 * path item: emitOpenApi then writes its 3.0 text by reusing the 3.1 text (index.ts), and copying was
 * most of this conversion's time and garbage. Both documents are only read after they are built, so
 * sharing is safe.
 */
export class Downgrade {
  readonly #named: (name: string) => Schema31 | undefined;

  constructor(named: (name: string) => Schema31 | undefined) {
    this.#named = named;
  }

  document(doc: oas31.OpenAPIObject): oas30.OpenAPIObject {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(doc)) out[key] = this.member(key, value);
    return out as unknown as oas30.OpenAPIObject;
  }

  /** A top-level member of the document, in 3.0 (`openapi` is the version itself). */
  member(key: string, value: unknown): unknown {
    if (key === "openapi") return "3.0.3";
    if (key === "paths") return mapValues(value as oas31.PathsObject, (item) => this.pathItem(item));
    if (key === "components") return this.#components(value as oas31.ComponentsObject);
    if (["info", "servers", "security", "tags"].includes(key) || key.startsWith("x-")) return value;
    throw new Error(`internal: ${key} has no OpenAPI 3.0 conversion`);
  }

  #components(c: oas31.ComponentsObject): oas30.ComponentsObject {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(c)) out[key] = this.componentsMember(key, value);
    return out as oas30.ComponentsObject;
  }

  /** A member of `components` (`schemas`, `responses`, …), in 3.0. */
  componentsMember(key: string, value: unknown): unknown {
    if (key === "schemas") return mapValues(value as Record<string, Schema31>, (s) => this.schema(s) as oas30.SchemaObject);
    if (key === "responses") return mapValues(value as Record<string, oas31.ResponseObject | Ref>, (r) => this.#response(r));
    if (key === "parameters") return mapValues(value as Record<string, oas31.ParameterObject | Ref>, (p) => this.#parameter(p));
    if (key === "headers") return mapValues(value as Record<string, oas31.HeaderObject | Ref>, (h) => this.#header(h));
    if (key === "securitySchemes") return value;
    throw new Error(`internal: components.${key} has no OpenAPI 3.0 conversion`);
  }

  pathItem(item: oas31.PathItemObject): oas30.PathItemObject {
    const out: Record<string, unknown> = {};
    let changed = false;
    for (const key of Object.keys(item)) {
      const value: unknown = item[key as keyof oas31.PathItemObject];
      let converted: unknown;
      if ((METHODS as readonly string[]).includes(key)) converted = this.#operation(value as oas31.OperationObject);
      else if (key === "parameters") converted = mapItems(value as (oas31.ParameterObject | Ref)[], (p) => this.#parameter(p));
      else if (key === "summary" || key === "description" || key.startsWith("x-")) converted = value;
      else throw new Error(`internal: path item ${key} has no OpenAPI 3.0 conversion`);
      out[key] = converted;
      if (converted !== value) changed = true;
    }
    return changed ? (out as oas30.PathItemObject) : (item as oas30.PathItemObject);
  }

  #operation(op: oas31.OperationObject): oas30.OperationObject {
    const out: Record<string, unknown> = {};
    let changed = false;
    for (const key of Object.keys(op)) {
      const value: unknown = op[key as keyof oas31.OperationObject];
      let converted = value;
      if (key === "parameters") converted = mapItems(value as (oas31.ParameterObject | Ref)[], (p) => this.#parameter(p));
      else if (key === "requestBody") {
        const body = value as oas31.RequestBodyObject | Ref;
        const content = isRef(body) ? undefined : this.#content(body.content);
        if (content !== undefined && content !== (body as oas31.RequestBodyObject).content) converted = { ...body, content };
      } else if (key === "responses") converted = mapValues(value as Record<string, oas31.ResponseObject | Ref>, (r) => this.#response(r));
      else if (key === "callbacks") throw new Error("internal: callbacks have no OpenAPI 3.0 conversion");
      out[key] = converted;
      if (converted !== value) changed = true;
    }
    return (changed ? out : op) as unknown as oas30.OperationObject;
  }

  #parameter(p: oas31.ParameterObject | Ref): oas30.ParameterObject | Ref {
    return isRef(p) ? p : (this.#parameterLike(p) as unknown as oas30.ParameterObject);
  }

  #header(h: oas31.HeaderObject | Ref): oas30.HeaderObject | Ref {
    return isRef(h) ? h : (this.#parameterLike(h) as oas30.HeaderObject);
  }

  /** A Header Object is a Parameter Object without `name` and `in`. */
  #parameterLike(p: oas31.BaseParameterObject): oas31.BaseParameterObject | Record<string, unknown> {
    const schema = p.schema ? this.schema(p.schema) : undefined;
    const content = p.content ? this.#content(p.content) : undefined;
    if (schema === p.schema && content === p.content) return p;
    const out: Record<string, unknown> = { ...p };
    if (p.schema) out.schema = schema;
    if (p.content) out.content = content;
    return out;
  }

  #response(r: oas31.ResponseObject | Ref): oas30.ResponseObject | Ref {
    if (isRef(r)) return r;
    const headers = r.headers ? mapValues(r.headers, (h) => this.#header(h)) : undefined;
    const content = r.content ? this.#content(r.content) : undefined;
    if (headers === r.headers && content === r.content) return r as oas30.ResponseObject;
    const out: oas30.ResponseObject = { ...r } as oas30.ResponseObject;
    if (r.headers) out.headers = headers;
    if (r.content) out.content = content;
    return out;
  }

  #content(c: oas31.ContentObject): oas30.ContentObject {
    return mapValues(c, (media) => {
      const schema = media.schema ? this.schema(media.schema) : undefined;
      return (schema === media.schema ? media : { ...media, schema }) as oas30.MediaTypeObject;
    });
  }

  /**
   * A schema in 3.0's dialect. A schema that reads the same in both (no `null` type, no `const`, no
   * `examples`, no `$ref` with siblings, anywhere inside) is returned as it is: most of a large
   * document's schemas are (see the class comment).
   */
  schema(s: Schema31): Schema30 {
    if (isRef(s)) {
      const { $ref, ...siblings } = s as oas31.SchemaObject & Ref;
      if (Object.keys(siblings).length === 0) return s as Ref;
      return { allOf: [{ $ref }], ...(this.schema(siblings) as oas30.SchemaObject) };
    }
    const out: oas30.SchemaObject = {};
    let changed = false;
    for (const key of Object.keys(s)) {
      const value: unknown = s[key as keyof oas31.SchemaObject];
      switch (key) {
        case "type": {
          if (typeof value === "string" && value !== "null") {
            out.type = value as oas30.SchemaObjectType;
            break;
          }
          const types = (Array.isArray(value) ? value : [value]) as oas31.SchemaObjectType[];
          const nonNull = types.filter((t) => t !== "null");
          if (nonNull.length !== 1) throw new Error(`internal: type ${JSON.stringify(value)} has no OpenAPI 3.0 form`);
          out.type = nonNull[0]!;
          if (nonNull.length < types.length) out.nullable = true;
          changed = true;
          break;
        }
        case "anyOf":
        case "oneOf":
        case "allOf": {
          const members = value as Schema31[];
          if (!members.some(isNullSchema)) {
            out[key] = mapItems(members, (m) => this.schema(m));
            if (out[key] !== members) changed = true;
          } else if (key === "allOf") throw new Error("internal: allOf with null has no OpenAPI 3.0 form");
          else {
            Object.assign(out, this.#nullableUnion(members.filter((m) => !isNullSchema(m)).map((m) => this.schema(m))));
            changed = true;
          }
          break;
        }
        case "items":
          out.items = this.schema(value as Schema31);
          if (out.items !== value) changed = true;
          break;
        case "properties":
          out.properties = mapValues(value as Record<string, Schema31>, (p) => this.schema(p));
          if (out.properties !== value) changed = true;
          break;
        case "additionalProperties":
          out.additionalProperties = typeof value === "boolean" ? value : this.schema(value as Schema31);
          if (out.additionalProperties !== value) changed = true;
          break;
        case "const":
          out.enum = [value];
          changed = true;
          break;
        case "examples": {
          const values = value as unknown[];
          if (values.length > 0) out.example = values[0];
          changed = true;
          break;
        }
        default:
          if (PLAIN_KEYWORDS.has(key) || key.startsWith("x-")) out[key as "title"] = value as string;
          else throw new Error(`internal: schema keyword ${key} has no OpenAPI 3.0 conversion`);
      }
    }
    // Unchanged: `out` has the same keys in the same order with the same values as `s`.
    return changed ? out : (s as Schema30);
  }

  /** A union that also accepts null, in 3.0's terms (see the top of this file). */
  #nullableUnion(members: Schema30[]): oas30.SchemaObject {
    const typed = members.findIndex((m) => !isRef(m) && typeof m.type === "string");
    if (typed >= 0) {
      const marked = members.map((m, i) => (i === typed ? { ...(m as oas30.SchemaObject), nullable: true } : m));
      return marked.length === 1 ? (marked[0] as oas30.SchemaObject) : { anyOf: marked };
    }
    const types = new Set(members.map((m) => this.#baseType(m)));
    const [type] = types;
    if (types.size !== 1 || !type) throw new Error(`internal: a nullable union of ${JSON.stringify(members)} has no OpenAPI 3.0 form`);
    return { type, nullable: true, ...(members.length === 1 ? { allOf: members } : { anyOf: members }) };
  }

  /** The JSON type every value of a schema has (following `$ref`s and unions). */
  #baseType(s: Schema30 | Schema31, seen: ReadonlySet<string> = new Set()): oas30.SchemaObjectType | undefined {
    if (isRef(s)) {
      const name = s.$ref.startsWith(SCHEMAS_PATH) ? s.$ref.slice(SCHEMAS_PATH.length) : undefined;
      const target = name !== undefined ? this.#named(name) : undefined;
      if (!name || !target || seen.has(name)) return undefined;
      return this.#baseType(target, new Set([...seen, name]));
    }
    const types = (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []).filter((t) => t !== "null");
    if (types.length === 1) return types[0];
    const members = s.anyOf ?? s.oneOf ?? s.allOf;
    if (!members || types.length > 1) return undefined;
    const found = new Set(members.filter((m) => !isNullSchema(m as Schema31)).map((m) => this.#baseType(m, seen)));
    return found.size === 1 ? [...found][0] : undefined;
  }
}

function isNullSchema(s: Schema31): boolean {
  return !isRef(s) && s.type === "null" && Object.keys(s).length === 1;
}

function isRef(value: object): value is Ref {
  return "$ref" in value && typeof (value as { $ref: unknown }).$ref === "string";
}

/** `record` with `fn` applied to each value; `record` itself when `fn` changed none (see the class comment). */
function mapValues<T, U>(record: Readonly<Record<string, T>>, fn: (value: T) => U): Record<string, U> {
  const out: Record<string, U> = {};
  let changed = false;
  // Keys, not entries: this runs for every map of every operation, and entries allocate a pair per key.
  for (const key of Object.keys(record)) {
    const value = record[key]!;
    const converted = fn(value);
    out[key] = converted;
    if ((converted as unknown) !== value) changed = true;
  }
  return changed ? out : (record as unknown as Record<string, U>);
}

/** `items` with `fn` applied to each; `items` itself when `fn` changed none. */
function mapItems<T, U>(items: readonly T[], fn: (item: T) => U): U[] {
  const out = items.map(fn);
  return out.some((item, i) => (item as unknown) !== items[i]) ? out : (items as unknown as U[]);
}
