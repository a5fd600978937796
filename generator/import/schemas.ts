/**
 * JSON Schemas (OpenAPI 3.0 and 3.1) into the spec's fields and named types.
 *
 * - A component schema that is an object, a choice (oneOf/anyOf), a string enum or a map becomes a
 *   named type of its own name (PascalCase); one that is a plain string, number, list or free-form
 *   object is written inline wherever it is used.
 * - Inline objects, maps and enums that cannot be written in place become named types named after where
 *   they sit (`Contact` + `location` → `ContactLocation`).
 * - allOf merges; oneOf/anyOf become unions of named types (`A | B`), or, where a plain object is needed
 *   (request bodies, outputs, objects with their own properties), one object with the shapes merged.
 * - `nullable: true`, `type: [x, "null"]` and a `null` member become `| null`.
 * Everything else that has no spec equivalent is warned about, once, at its JSON pointer.
 */
import { FieldSchema } from "../spec-format/schema.ts";
import { parseTypeNotation } from "../check/type-notation.ts";
import type { TypeRef } from "../model/types.ts";
import type { FieldDraft, NamedTypeDraft, Scalar, TypeDraft } from "./drafts.ts";
import { NameSet, OBJECT_RESERVED, isFieldName, sanitiseFieldName, typeName, TypeNames } from "./names.ts";
import { isObject, pointer, type Json, type JsonObject, type Located, type Segments, type SourceDocument } from "./source.ts";
import type { WarningCode } from "./warnings.ts";

/** Whether the spec format lets fields of named types carry `wire:` (it may learn to; inputs always can). */
const TYPE_FIELDS_TAKE_WIRE = FieldSchema.safeParse({ type: "string", wire: "a-b" }).success;

/** Keywords with no spec equivalent (reported, then dropped). */
const UNSUPPORTED_KEYWORDS = [
  "not",
  "if",
  "then",
  "else",
  "patternProperties",
  "propertyNames",
  "dependentRequired",
  "dependentSchemas",
  "dependencies",
  "prefixItems",
  "contains",
  "minContains",
  "maxContains",
  "minItems",
  "maxItems",
  "uniqueItems",
  "minProperties",
  "maxProperties",
  "multipleOf",
  "unevaluatedProperties",
  "unevaluatedItems",
  "discriminator",
  "contentEncoding",
  "contentMediaType",
  "contentSchema",
  "externalDocs",
  "$dynamicRef",
];

const STRING_FORMATS: Record<string, FieldDraft["format"]> = {
  "date-time": "date-time",
  date: "date",
  uri: "uri",
  url: "uri",
  email: "email",
  uuid: "uuid",
};
const INTEGER_FORMATS: Record<string, FieldDraft["format"]> = {
  int32: "integer",
  int64: "int64",
  "date-time": "unix-time",
  timestamp: "unix-time",
  "unix-time": "unix-time",
  unixtime: "unix-time",
  epoch: "unix-time",
};
/** Number formats that say nothing a `number` does not (binary precision). */
const QUIET_NUMBER_FORMATS = new Set(["float", "double"]);

/** Plain words that can be enum values in the notation (`draft | published`). */
const NOTATION_WORD = /^[a-z][a-z0-9_]*([.:-][a-z0-9_]+)*$/;
const NOTATION_KEYWORDS = new Set(["string", "number", "boolean", "object", "null"]);
const ANY = "string | number | boolean | object";

/** A schema read for one place: its notation (or enum values), nullability and field properties. */
interface Shape {
  notation: string;
  /** Enum values, when the schema is an enum (the notation is then `string`). */
  enumValues?: string[];
  nullable: boolean;
  props: Omit<FieldDraft, "type" | "enum" | "const" | "required" | "in" | "wire">;
  /** A list whose items have a format: `number[]` with `format: integer`. */
}

type ComponentState = { kind: "named"; name: string; nullable: boolean } | { kind: "inline" };
type Kind = "object" | "union" | "enum" | "map" | "inline";

export interface ObjectProperty {
  /** The spec's name (sanitised). */
  name: string;
  /** The document's name, when it differs. */
  wire?: string;
  field: FieldDraft;
  at: Segments;
  /** `readOnly: true` (sent by the server only) or `writeOnly: true` (sent by the client only). */
  only?: "read" | "write";
}

export class SchemaConverter {
  readonly #src: SourceDocument;
  readonly #names: TypeNames;
  readonly #warn: (code: WarningCode, at: Segments, message: string) => void;
  readonly #components = new Map<string, ComponentState>();
  readonly #componentNames = new Map<string, string>();
  /**
   * Components that are another's input flavour (`x-opspec-input-of`, as opspec's own OpenAPI writes
   * `<Name>Input` for a type requests send without the nulls responses may hold): read as that type.
   */
  readonly #inputOf = new Map<string, string>();
  readonly #hoisted = new Map<string, string>();
  readonly types = new Map<string, NamedTypeDraft>();
  /** Component schemas reached from anything written. */
  readonly used = new Set<string>();
  /**
   * readOnly/writeOnly fields of named types. The spec has no such marks; they matter only where a
   * type is sent (readOnly) or received (writeOnly), which is known once every operation is converted.
   */
  readonly accessMarks: { type: string; field: string; only: "read" | "write"; at: Segments }[] = [];

  constructor(src: SourceDocument, names: TypeNames) {
    this.#src = src;
    this.#names = names;
    this.#warn = src.warn;
    // Component names first, in document order, so they keep their own name and hoisted ones give way.
    const schemas = isObject(src.doc.components) && isObject(src.doc.components.schemas) ? src.doc.components.schemas : {};
    for (const [key, value] of Object.entries(schemas)) {
      const of = isObject(value) ? value["x-opspec-input-of"] : undefined;
      if (typeof of === "string" && of !== key && Object.hasOwn(schemas, of) && !(isObject(schemas[of]) && schemas[of]["x-opspec-input-of"] !== undefined)) this.#inputOf.set(key, of);
    }
    for (const key of Object.keys(schemas)) {
      if (this.#inputOf.has(key)) continue;
      const node: Located = { value: schemas[key]!, at: ["components", "schemas", key] };
      if (this.#classify(node) !== "inline") this.#componentNames.set(key, names.take(typeName(key)));
    }
  }

  // ---------------------------------------------------------------- public

  /** A field of any kind (without `required`, `in`, `wire`). */
  field(node: Located, hint: string): FieldDraft {
    return this.#fieldFromShape(this.#analyse(node, hint, new Set()), hint, node.at);
  }

  /** The type notation of a schema, for list items, map values and union members. */
  notation(node: Located, hint: string): string {
    return this.#notationOf(this.#analyse(node, hint, new Set()), hint, node.at, false);
  }

  /**
   * The named object type a schema is, when it is a reference to one (outputs: `output: Contact`).
   * Undefined for anything else.
   */
  namedObject(node: Located): string | undefined {
    if (!isObject(node.value) || typeof node.value.$ref !== "string") return undefined;
    const target = this.#src.deref(node);
    const key = target && componentKey(target.at);
    if (key === undefined || this.#classify(target!) !== "object") return undefined;
    const state = this.#component(key);
    return state.kind === "named" ? state.name : undefined;
  }

  /** Whether a schema (after references) describes a JSON object with properties or an allOf/oneOf of them. */
  isObjectSchema(node: Located): boolean {
    const target = this.#src.deref(node);
    return target !== undefined && this.#objectLike(target, new Set());
  }

  /**
   * The properties of an object schema, merged through allOf and (with a warning) oneOf/anyOf, for
   * request bodies and inline outputs. Nested objects become named types named `hint` + property.
   */
  properties(node: Located, hint: string, kind: "input" | "output"): ObjectProperty[] {
    return this.#objectProperties(this.#collect(node), hint, kind === "input" || TYPE_FIELDS_TAKE_WIRE);
  }

  /** Follows a schema's references, counting the components on the way as used (for schemas read elsewhere: header parameters). */
  read(node: Located): Json | undefined {
    return this.#deref(node)?.value;
  }

  /**
   * The value as the field's example or default: as it is when it fits the type, else a plain
   * conversion between a number or boolean and its text (`"123"` for a number field is 123); undefined
   * when neither fits (the spec's checker rejects mismatched examples).
   */
  coerce(value: unknown, field: FieldDraft): unknown {
    if (this.#fits(value, field, 0)) return value;
    const candidates: unknown[] = [];
    if (typeof value === "number" || typeof value === "boolean") candidates.push(String(value));
    if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) candidates.push(Number(value));
    if (value === "true" || value === "false") candidates.push(value === "true");
    return candidates.find((c) => this.#fits(c, field, 0));
  }

  /** The named types written so far that a notation mentions. */
  static typeNamesIn(notation: string): string[] {
    return notation.match(/\b[A-Z][A-Za-z0-9]*\b/g)?.filter((t) => /[a-z]/.test(t)) ?? [];
  }

  /** Component schemas no written type or field refers to. */
  unusedComponents(): string[] {
    const schemas = isObject(this.#src.doc.components) && isObject(this.#src.doc.components.schemas) ? this.#src.doc.components.schemas : {};
    return Object.keys(schemas).filter((k) => !this.used.has(k));
  }

  // ---------------------------------------------------------------- components

  #component(key: string): ComponentState {
    const of = this.#inputOf.get(key);
    if (of !== undefined) {
      this.used.add(key);
      return this.#component(of);
    }
    const known = this.#components.get(key);
    if (known) return known;
    this.used.add(key);
    const node: Located = { value: this.#schemas()[key]!, at: ["components", "schemas", key] };
    const kind = this.#classify(node);
    const name = this.#componentNames.get(key);
    if (kind === "inline" || name === undefined) {
      const state: ComponentState = { kind: "inline" };
      this.#components.set(key, state);
      return state;
    }
    const state: ComponentState = { kind: "named", name, nullable: isNullable(node.value) };
    this.#components.set(key, state);
    this.#define(name, node, kind);
    return state;
  }

  #schemas(): JsonObject {
    const c = this.#src.doc.components;
    return isObject(c) && isObject(c.schemas) ? c.schemas : {};
  }

  /** Builds the named type `name` from a schema of a known kind. */
  #define(name: string, node: Located, kind: Exclude<Kind, "inline">): void {
    const s = node.value as JsonObject;
    // Reserve the slot first: recursive references see the name and stop.
    const entry: NamedTypeDraft = { name, draft: { fields: {} }, at: node.at };
    this.types.set(name, entry);
    const common: { description?: string; deprecated?: boolean } = {};
    const description = text(s.description);
    if (description) common.description = description;
    if (s.deprecated === true) common.deprecated = true;
    this.#reportUnsupported(s, node.at);
    let draft: TypeDraft;
    switch (kind) {
      case "object": {
        const collected = this.#collect(node);
        if (!common.description && collected.descriptions[0]) common.description = collected.descriptions[0];
        draft = { ...common, fields: this.#fieldTable(collected, name) };
        break;
      }
      case "union": {
        const { members, nullable } = this.#alternatives(node);
        const notations = members.map((m, i) => this.#notationOf(this.#analyse(m, memberHint(name, m, i), new Set()), memberHint(name, m, i), m.at, true));
        if (nullable && !isNullable(s)) this.#warn("schema-keyword", node.at, `the choice includes null; only the places that use ${name} can be nullable`);
        const oneOf = dedupeNotations(notations).filter((n) => n !== "null");
        if (oneOf.length >= 2) draft = { ...common, oneOf };
        else draft = { ...common, fields: this.#fieldTable(this.#collect(node), name) };
        break;
      }
      case "enum": {
        draft = { ...common, enum: this.#stringEnum(node) ?? [] };
        break;
      }
      case "map": {
        const additional: Located = { value: s.additionalProperties as Json, at: [...node.at, "additionalProperties"] };
        draft = { ...common, values: this.notation(additional, `${name}Value`) };
        break;
      }
    }
    entry.draft = draft;
  }

  #classify(node: Located): Kind {
    const s = node.value;
    if (!isObject(s) || typeof s.$ref === "string") return "inline";
    if (Array.isArray(s.allOf)) return s.allOf.length > 1 || isObject(s.properties) ? (this.#objectLike(node, new Set()) ? "object" : "inline") : "inline";
    const alternatives = Array.isArray(s.oneOf) ? s.oneOf : Array.isArray(s.anyOf) ? s.anyOf : undefined;
    if (alternatives) {
      if (isObject(s.properties)) return "object";
      const { members } = this.#alternatives(node, false);
      if (members.length < 2) return "inline";
      if (this.#stringEnum(node, false)) return "enum";
      // A choice of plain values (`string | number`) reads best written where it is used.
      return members.some((m) => this.#objectLike(m, new Set()) || this.#refersToNamed(m)) ? "union" : "inline";
    }
    if (s.const !== undefined) return "inline";
    if (Array.isArray(s.enum)) return this.#stringEnum(node, false) ? "enum" : "inline";
    const types = typeList(s);
    if (types.some((t) => t !== "object" && t !== "null")) return "inline";
    if (isObject(s.properties)) return "object";
    if (isObject(s.additionalProperties) && Object.keys(s.additionalProperties).length > 0) return "map";
    return "inline";
  }

  /** Follows references to the schema whose content is written, marking every component passed through as used. */
  #deref(node: Located): Located | undefined {
    let current = node;
    for (let i = 0; i < 64 && isObject(current.value) && typeof current.value.$ref === "string"; i++) {
      const next = this.#src.deref({ value: { $ref: current.value.$ref }, at: current.at });
      if (!next) return undefined;
      const key = componentKey(next.at);
      if (key !== undefined) this.used.add(key);
      current = next;
      if (!(isObject(current.value) && typeof current.value.$ref === "string")) break;
    }
    return current;
  }

  /** Whether a schema is a reference to a component that becomes a named type. */
  #refersToNamed(node: Located): boolean {
    if (!isObject(node.value) || typeof node.value.$ref !== "string") return false;
    const key = componentKey(this.#src.deref(node)?.at ?? []);
    return key !== undefined && this.#componentNames.has(this.#inputOf.get(key) ?? key);
  }

  // ---------------------------------------------------------------- reading one schema

  #analyse(node: Located, hint: string, stack: Set<string>): Shape {
    const s = node.value;
    if (s === false) {
      this.#warn("not-expressible", node.at, "a schema that allows no value");
      return anyShape();
    }
    if (!isObject(s) || Object.keys(s).length === 0) return this.#any(node);
    if (typeof s.$ref === "string") return this.#reference(node, hint, stack);

    const props = this.#commonProps(s, node.at);
    const nullable = isNullable(s);

    if (Array.isArray(s.allOf)) {
      if (s.allOf.length === 1 && !isObject(s.properties)) {
        const inner = this.#analyse({ value: s.allOf[0]!, at: [...node.at, "allOf", 0] }, hint, stack);
        return overlay(inner, props, nullable);
      }
      if (this.#objectLike(node, new Set())) return { notation: this.#hoistObject(node, hint), nullable, props };
      return overlay(this.#analyse({ value: this.#mergeKeywords(node), at: node.at }, hint, stack), props, nullable);
    }

    const alternatives = Array.isArray(s.oneOf) ? "oneOf" : Array.isArray(s.anyOf) ? "anyOf" : undefined;
    if (alternatives) {
      if (isObject(s.properties)) return { notation: this.#hoistObject(node, hint), nullable, props };
      const { members, nullable: withNull } = this.#alternatives(node);
      if (members.length === 0) return { ...this.#any(node), nullable: true, props };
      if (members.length === 1) return overlay(this.#analyse(members[0]!, hint, stack), props, nullable || withNull);
      const values = this.#stringEnum(node);
      if (values) return { notation: "string", enumValues: values, nullable: nullable || withNull, props };
      const notations = members.map((m, i) => this.#notationOf(this.#analyse(m, memberHint(hint, m, i), stack), memberHint(hint, m, i), m.at, true));
      const flat = dedupeNotations(notations);
      const hasNull = flat.includes("null");
      const nonNull = flat.filter((n) => n !== "null");
      // A long choice reads better (and fits the notation's 500 characters) as a named union.
      const notation = nonNull.join(" | ").length > 200 ? this.#hoistUnion(nonNull, hint, node.at) : nonNull.join(" | ");
      return { notation, nullable: nullable || withNull || hasNull, props };
    }

    if (s.const !== undefined) {
      if (typeof s.const === "string" && s.const !== "") return { notation: "string", enumValues: [s.const], nullable, props };
      this.#warn("enum-value", node.at, `const ${JSON.stringify(s.const)} is not a string; only its type is kept`);
      return { notation: primitiveOf(s.const), nullable, props };
    }
    if (Array.isArray(s.enum)) {
      const values = this.#stringEnum(node);
      if (values) return { notation: "string", enumValues: values, nullable: nullable || s.enum.includes(null), props };
      const nonNull = s.enum.filter((v) => v !== null);
      const kinds = [...new Set(nonNull.map(primitiveOf))];
      this.#warn("enum-value", [...node.at, "enum"], `enum values ${preview(nonNull)} are not all strings; only their type is kept`);
      if (kinds.length === 1 && kinds[0] === "number" && typeList(s).includes("integer")) props.format = "integer";
      return { notation: kinds.length === 1 ? kinds[0]! : ANY, nullable: nullable || s.enum.includes(null), props };
    }

    const types = typeList(s).filter((t) => t !== "null");
    if (types.length > 1) {
      const notations = types.map((t) => this.#primitive({ value: { ...s, type: t }, at: node.at }, t, hint, stack, { ...props }).notation);
      return { notation: dedupeNotations(notations).join(" | "), nullable, props };
    }
    const type = types[0] ?? inferType(s);
    if (type === undefined) {
      if (typeList(s).includes("null")) return { notation: "null", nullable: false, props };
      return { ...this.#any(node), props };
    }
    return this.#primitive(node, type, hint, stack, props, nullable);
  }

  #reference(node: Located, hint: string, stack: Set<string>): Shape {
    const s = node.value as JsonObject;
    const target = this.#src.deref(node);
    if (!target) return anyShape();
    // OpenAPI 3.1 lets a reference carry a description (and, in practice, nullable, deprecated, example).
    const site = this.#commonProps(s, node.at, true);
    const siteNullable = isNullable(s);
    const key = componentKey(target.at);
    if (key !== undefined) {
      const state = this.#component(key);
      if (state.kind === "named") return { notation: state.name, nullable: state.nullable || siteNullable, props: site };
    }
    const id = pointer(target.at);
    if (stack.has(id)) {
      this.#warn("recursive-alias", target.at, "this schema contains itself with no object in between");
      return { notation: "object", nullable: siteNullable, props: site };
    }
    const inner = this.#analyse(target, key !== undefined ? typeName(key) : hint, new Set([...stack, id]));
    return overlay(inner, site, siteNullable);
  }

  #primitive(node: Located, type: string, hint: string, stack: Set<string>, props: Shape["props"], nullable = false): Shape {
    const s = node.value as JsonObject;
    const format = typeof s.format === "string" ? s.format : undefined;
    switch (type) {
      case "string": {
        if (format !== undefined) {
          const f = STRING_FORMATS[format];
          if (f) props.format = f;
          else this.#warn("format", [...node.at, "format"], `string format '${format}'`);
        }
        this.#lengths(s, node.at, props);
        return { notation: "string", nullable, props };
      }
      case "integer":
      case "number": {
        if (type === "integer") props.format = "integer";
        if (format !== undefined) {
          const f = INTEGER_FORMATS[format];
          if (f && (type === "integer" || format === "int32" || format === "int64")) props.format = f;
          else if (!(type === "number" && QUIET_NUMBER_FORMATS.has(format))) this.#warn("format", [...node.at, "format"], `${type} format '${format}'`);
        }
        this.#bounds(s, props);
        return { notation: "number", nullable, props };
      }
      case "boolean":
        return { notation: "boolean", nullable, props };
      case "array": {
        if (s.items === undefined || s.items === true || (isObject(s.items) && Object.keys(s.items).length === 0)) {
          if (s.items === undefined) this.#warn("any-value", node.at, "a list without items: its items are written as string | number | boolean | object");
          return { notation: `(${ANY})[]`, nullable, props };
        }
        const itemsNode: Located = { value: s.items, at: [...node.at, "items"] };
        const item = this.#analyse(itemsNode, `${hint}Item`, stack);
        if (item.props.format) props.format = item.props.format;
        const lost = (["minimum", "maximum", "minLength", "maxLength", "pattern"] as const).filter((k) => item.props[k] !== undefined);
        if (lost.length > 0) this.#warn("schema-keyword", itemsNode.at, `${lost.join(", ")} on list items`);
        const inner = this.#notationOf(item, `${hint}Item`, itemsNode.at, false);
        return { notation: `${/\|/.test(inner) ? `(${inner})` : inner}[]`, nullable, props };
      }
      case "object": {
        if (isObject(s.properties) && Object.keys(s.properties).length > 0) return { notation: this.#hoistObject(node, hint), nullable, props };
        if (isObject(s.additionalProperties) && Object.keys(s.additionalProperties).length > 0)
          return { notation: this.#hoistMap(node, hint), nullable, props };
        return { notation: "object", nullable, props };
      }
      default:
        this.#warn("not-expressible", [...node.at, "type"], `type '${type}'`);
        return { ...anyShape(), props };
    }
  }

  #any(node: Located): Shape {
    this.#warn("any-value", node.at, "any JSON value");
    return anyShape();
  }

  // ---------------------------------------------------------------- shapes into fields and notations

  #fieldFromShape(shape: Shape, hint: string, at: Segments): FieldDraft {
    const field: FieldDraft = {};
    const values = shape.enumValues;
    if (values && !notationEnum(values)) {
      if (shape.nullable) field.type = `${this.#hoistEnum(values, hint, at)} | null`;
      else if (values.length === 1) field.const = values[0]!;
      else field.enum = values;
    } else field.type = this.#notationOf(shape, hint, at, false);
    Object.assign(field, shape.props);
    this.#checkFieldProps(field, at);
    return field;
  }

  #notationOf(shape: Shape, hint: string, at: Segments, inUnion: boolean): string {
    let base = shape.notation;
    const values = shape.enumValues;
    if (values) base = notationEnum(values) && !inUnion ? values.join(" | ") : this.#hoistEnum(values, hint, at);
    return shape.nullable && base !== "null" ? `${base} | null` : base;
  }

  /** Keeps constraints, defaults and examples only where the spec's checker will accept them. */
  #checkFieldProps(field: FieldDraft, at: Segments): void {
    const ref = field.type !== undefined ? parseTypeNotation(field.type) : undefined;
    const base = ref?.ok ? stripNull(ref.type) : undefined;
    const isNumber = base?.kind === "primitive" && base.name === "number";
    const isString = field.enum !== undefined || field.const !== undefined || (base?.kind === "primitive" && base.name === "string") || base?.kind === "enum";
    const dropped: string[] = [];
    for (const k of ["minimum", "maximum"] as const)
      if (field[k] !== undefined && !isNumber) {
        dropped.push(k);
        delete field[k];
      }
    for (const k of ["minLength", "maxLength", "pattern"] as const)
      if (field[k] !== undefined && !isString) {
        dropped.push(k);
        delete field[k];
      }
    if (dropped.length > 0 && !(base?.kind === "named" && this.types.get(base.name)?.draft && "enum" in this.types.get(base.name)!.draft))
      this.#warn("schema-keyword", at, `${dropped.join(", ")} on ${field.type ?? "an enum"}`);
    if (field.format !== undefined) {
      const numberFormat = ["integer", "int64", "unix-time"].includes(field.format);
      const listBase = base?.kind === "array" ? stripNull(base.items) : base;
      const fits =
        listBase?.kind === "primitive" && (numberFormat ? listBase.name === "number" : listBase.name === "string");
      if (!fits) delete field.format;
    }
    for (const key of ["default", "example"] as const) {
      const value = field[key];
      if (value === undefined) continue;
      const coerced = this.coerce(value, field);
      if (coerced !== undefined) (field as Record<string, unknown>)[key] = coerced;
      else {
        this.#warn("schema-keyword", at, `${key} ${preview(value)} does not match the type ${field.type ?? `enum [${(field.enum ?? [field.const]).join(", ")}]`}; left out`);
        delete field[key];
      }
    }
  }

  #fits(value: unknown, field: FieldDraft, depth: number): boolean {
    if (field.enum) return typeof value === "string" && field.enum.includes(value);
    if (field.const !== undefined) return value === field.const;
    const r = field.type !== undefined ? parseTypeNotation(field.type) : undefined;
    return !r?.ok || this.#valueFits(value, r.type, depth);
  }

  #valueFits(value: unknown, type: TypeRef, depth: number): boolean {
    if (depth > 16) return true;
    switch (type.kind) {
      case "primitive":
        if (type.name === "string") return typeof value === "string";
        if (type.name === "number") return typeof value === "number" && Number.isFinite(value);
        if (type.name === "boolean") return typeof value === "boolean";
        if (type.name === "null") return value === null;
        return isObject(value);
      case "enum":
        return typeof value === "string" && type.values.includes(value);
      case "array":
        return Array.isArray(value) && value.every((v) => this.#valueFits(v, type.items, depth + 1));
      case "union":
        return type.members.some((m) => this.#valueFits(value, m, depth + 1));
      case "named": {
        const def = this.types.get(type.name)?.draft;
        if (!def) return true;
        if ("enum" in def) return typeof value === "string" && def.enum.includes(value);
        if ("oneOf" in def)
          return def.oneOf.some((m) => {
            const r = parseTypeNotation(m);
            return !r.ok || this.#valueFits(value, r.type, depth + 1);
          });
        return isObject(value);
      }
    }
  }

  // ---------------------------------------------------------------- hoisting

  #hoistObject(node: Located, hint: string): string {
    return this.#hoist(node, () => {
      const name = this.#names.take(typeName(hint));
      this.#define(name, node, "object");
      return name;
    });
  }

  #hoistMap(node: Located, hint: string): string {
    return this.#hoist(node, () => {
      const name = this.#names.take(typeName(`${hint}Map`));
      this.#define(name, node, "map");
      return name;
    });
  }

  #hoistEnum(values: string[], hint: string, at: Segments): string {
    return this.#hoist({ value: null, at }, () => {
      const name = this.#names.take(typeName(hint));
      this.types.set(name, { name, draft: { enum: values }, at });
      return name;
    });
  }

  #hoistUnion(members: string[], hint: string, at: Segments): string {
    return this.#hoist({ value: null, at }, () => {
      const name = this.#names.take(typeName(hint));
      this.types.set(name, { name, draft: { oneOf: members }, at });
      return name;
    });
  }

  /** One named type per place in the source: a schema reached twice (through an alias) is hoisted once. */
  #hoist(node: Located, make: () => string): string {
    const id = pointer(node.at);
    const known = this.#hoisted.get(id);
    if (known) return known;
    const name = make();
    this.#hoisted.set(id, name);
    return name;
  }

  // ---------------------------------------------------------------- objects

  #objectLike(node: Located, seen: Set<string>): boolean {
    const s = node.value;
    if (!isObject(s)) return false;
    if (typeof s.$ref === "string") {
      const target = this.#src.deref(node);
      if (!target) return false;
      const id = pointer(target.at);
      if (seen.has(id)) return true;
      return this.#objectLike(target, new Set([...seen, id]));
    }
    if (isObject(s.properties) && Object.keys(s.properties).length > 0) return true;
    if (Array.isArray(s.allOf)) return s.allOf.some((m, i) => this.#objectLike({ value: m, at: [...node.at, "allOf", i] }, seen));
    const alts = Array.isArray(s.oneOf) ? s.oneOf : Array.isArray(s.anyOf) ? s.anyOf : undefined;
    if (alts) {
      const members = alts.filter((m) => !isNullSchema(m));
      return members.length > 0 && members.every((m, i) => this.#objectLike({ value: m, at: [...node.at, "oneOf", i] }, seen));
    }
    return false;
  }

  /**
   * Gathers an object's properties through references, allOf (merged: the first definition of a
   * property wins, `required` adds up) and oneOf/anyOf (merged with a warning: required only where
   * every alternative requires it).
   */
  #collect(node: Located, seen = new Set<string>()): Collected {
    const out: Collected = { props: new Map(), required: new Set(), descriptions: [] };
    const target = this.#deref(node);
    if (!target || !isObject(target.value)) return out;
    const id = pointer(target.at);
    if (seen.has(id)) return out;
    const inner = new Set([...seen, id]);
    const s = target.value;
    const description = text(s.description);
    if (description) out.descriptions.push(description);
    if (Array.isArray(s.allOf))
      s.allOf.forEach((m, i) => merge(out, this.#collect({ value: m, at: [...target.at, "allOf", i] }, inner), (name, at) =>
        this.#warn("allof-conflict", at, `property '${name}' is defined by several allOf members`),
      ));
    if (isObject(s.properties))
      for (const [name, schema] of Object.entries(s.properties)) {
        const at = [...target.at, "properties", name];
        if (!out.props.has(name)) out.props.set(name, { value: schema, at });
      }
    if (Array.isArray(s.required)) for (const r of s.required) if (typeof r === "string") out.required.add(r);
    const key = Array.isArray(s.oneOf) ? "oneOf" : Array.isArray(s.anyOf) ? "anyOf" : undefined;
    if (key) {
      const alts = (s[key] as Json[]).map((m, i) => ({ value: m, at: [...target.at, key, i] })).filter((m) => !isNullSchema(m.value));
      const collected = alts.map((a) => this.#collect(a, inner));
      if (collected.length > 0) {
        if (alts.length > 1) this.#warn("alternatives-merged", [...target.at, key], `${alts.length} shapes merged into one object`);
        // A property the shapes define differently takes any of their definitions (`message_type`: close | open | …).
        const definitions = new Map<string, Located[]>();
        for (const c of collected)
          for (const [name, loc] of c.props) {
            if (out.props.has(name) && !definitions.has(name)) continue;
            definitions.set(name, [...(definitions.get(name) ?? []), loc]);
            if (!out.props.has(name)) out.props.set(name, loc);
          }
        for (const [name, defs] of definitions) {
          const distinct = [...new Map(defs.map((d) => [JSON.stringify(this.#src.deref(d)?.value ?? null), d])).values()];
          if (distinct.length < 2) continue;
          const description = distinct.map((d) => (isObject(d.value) ? text(d.value.description) : undefined)).find((t) => t !== undefined);
          // Each definition is referred to where it is, so its warnings and named types keep their real pointers.
          const anyOf = distinct.flatMap((d): Json[] => {
            if (isObject(d.value) && MERGED.has(d.value)) return d.value.anyOf as Json[];
            return [isObject(d.value) && typeof d.value.$ref === "string" ? d.value : { $ref: pointer(d.at) }];
          });
          const merged: JsonObject = { ...(description ? { description } : {}), anyOf };
          MERGED.add(merged);
          out.props.set(name, { value: merged, at: [...target.at, key, "properties", name] });
        }
        for (const name of collected[0]!.required) if (collected.every((c) => c.required.has(name))) out.required.add(name);
      }
    }
    if (isObject(s.additionalProperties) && Object.keys(s.additionalProperties).length > 0 && out.props.size > 0)
      this.#warn("schema-keyword", [...target.at, "additionalProperties"], "additionalProperties beside properties");
    this.#reportUnsupported(s, target.at);
    return out;
  }

  #fieldTable(collected: Collected, name: string): Record<string, FieldDraft> {
    const fields: Record<string, FieldDraft> = {};
    const properties = this.#objectProperties(collected, name, TYPE_FIELDS_TAKE_WIRE);
    for (const p of properties) fields[p.name] = p.wire ? { ...p.field, wire: p.wire } : p.field;
    for (const p of properties) if (p.only) this.accessMarks.push({ type: name, field: p.name, only: p.only, at: p.at });
    return fields;
  }

  #objectProperties(collected: Collected, hint: string, takesWire: boolean): ObjectProperty[] {
    const names = new NameSet();
    const out: ObjectProperty[] = [];
    for (const [original, loc] of collected.props) {
      let name = original;
      if (!isFieldName(original) || OBJECT_RESERVED.includes(original)) {
        name = isFieldName(original) ? `${original}_` : sanitiseFieldName(original);
        if (!takesWire) this.#warn("field-name", loc.at, `'${original}' is written as '${name}' (fields of named types cannot carry wire: names yet)`);
      }
      name = names.take(name);
      const field = this.field(loc, `${hint}${typeName(original, "Field")}`);
      if (collected.required.has(original)) field.required = true;
      const property: ObjectProperty = { name, field, at: loc.at };
      if (name !== original && takesWire) property.wire = original;
      const only = accessOf(loc.value) ?? accessOf(this.#src.deref(loc)?.value ?? null);
      if (only) property.only = only;
      out.push(property);
    }
    return out;
  }

  /** allOf of non-object schemas (`allOf: [{type: string}, {maxLength: 5}]`): one schema with every keyword. */
  #mergeKeywords(node: Located): JsonObject {
    const s = node.value as JsonObject;
    const merged: JsonObject = {};
    const members = (s.allOf as Json[]).map((m, i) => this.#deref({ value: m, at: [...node.at, "allOf", i] })).filter((m) => m !== undefined);
    for (const m of members)
      if (isObject(m.value))
        for (const [k, v] of Object.entries(m.value)) {
          if (k in merged && JSON.stringify(merged[k]) !== JSON.stringify(v)) this.#warn("allof-conflict", m.at, `'${k}' differs between allOf members`);
          else merged[k] = v;
        }
    for (const [k, v] of Object.entries(s)) if (k !== "allOf") merged[k] = v;
    return merged;
  }

  /** The alternatives of a oneOf/anyOf, without null members. */
  #alternatives(node: Located, written = true): { members: Located[]; nullable: boolean } {
    const s = node.value as JsonObject;
    const key = Array.isArray(s.oneOf) ? "oneOf" : "anyOf";
    const all = ((s[key] as Json[]) ?? []).map((m, i) => ({ value: m, at: [...node.at, key, i] }));
    const members = all.filter((m) => !isNullSchema(this.#src.deref(m)?.value ?? null));
    if (isObject(s.discriminator) && written) this.#warn("schema-keyword", [...node.at, "discriminator"], "discriminator (the union still accepts each member)");
    return { members, nullable: members.length < all.length };
  }

  /** The values of a string enum (`enum`, or oneOf/anyOf of `const`/`enum` strings); undefined when it is not one. */
  #stringEnum(node: Located, written = true): string[] | undefined {
    const s = node.value;
    if (!isObject(s)) return undefined;
    let values: Json[] | undefined;
    if (Array.isArray(s.enum)) values = s.enum;
    else if (s.const !== undefined) values = [s.const];
    else {
      const key = Array.isArray(s.oneOf) ? "oneOf" : Array.isArray(s.anyOf) ? "anyOf" : undefined;
      if (!key) return undefined;
      values = [];
      for (const [i, m] of (s[key] as Json[]).entries()) {
        const located = { value: m, at: [...node.at, key, i] };
        const member = written ? this.#deref(located) : this.#src.deref(located);
        if (!member || !isObject(member.value)) return undefined;
        if (isNullSchema(member.value)) continue;
        const inner = this.#stringEnum(member, written);
        if (!inner) return undefined;
        values.push(...inner);
      }
    }
    const nonNull = values.filter((v) => v !== null);
    if (nonNull.length === 0 || !nonNull.every((v) => typeof v === "string")) return undefined;
    const strings = [...new Set(nonNull as string[])];
    const kept = strings.filter((v) => v !== "" && v.length <= 200);
    if (kept.length < strings.length && written) this.#warn("enum-value", node.at, `enum values ${preview(strings.filter((v) => !kept.includes(v)))} (empty or longer than 200 characters)`);
    return kept.length > 0 ? kept : undefined;
  }

  // ---------------------------------------------------------------- keywords

  #commonProps(s: JsonObject, at: Segments, reference = false): Shape["props"] {
    const props: Shape["props"] = {};
    const description = text(s.description);
    if (description) props.description = description;
    if (s.deprecated === true) props.deprecated = true;
    const example = s.example !== undefined ? s.example : Array.isArray(s.examples) ? s.examples[0] : undefined;
    if (example !== undefined && example !== null) props.example = example;
    if (s.default !== undefined && s.default !== null) {
      if (typeof s.default === "string" || typeof s.default === "number" || typeof s.default === "boolean") props.default = s.default as Scalar;
      else this.#warn("default-value", [...at, "default"], `default ${preview(s.default)}`);
    }
    if (!reference) this.#reportUnsupported(s, at);
    return props;
  }

  #reportUnsupported(s: JsonObject, at: Segments): void {
    // A discriminator beside oneOf/anyOf is reported with the union; alone (subtypes by mapping) it is reported here.
    const alternatives = Array.isArray(s.oneOf) || Array.isArray(s.anyOf);
    const found = UNSUPPORTED_KEYWORDS.filter((k) => s[k] !== undefined && s[k] !== false && !(k === "discriminator" && alternatives));
    const exclusive = (["exclusiveMinimum", "exclusiveMaximum"] as const).filter((k) => s[k] !== undefined && s[k] !== false);
    const all = [...found, ...exclusive];
    if (all.length > 0) this.#warn("schema-keyword", at, all.join(", "));
  }

  #lengths(s: JsonObject, at: Segments, props: Shape["props"]): void {
    if (typeof s.minLength === "number" && Number.isInteger(s.minLength) && s.minLength >= 0) props.minLength = s.minLength;
    if (typeof s.maxLength === "number" && Number.isInteger(s.maxLength) && s.maxLength >= 0) props.maxLength = s.maxLength;
    if (typeof s.pattern === "string" && s.pattern !== "") {
      try {
        new RegExp(s.pattern, "u");
        props.pattern = s.pattern;
      } catch {
        this.#warn("schema-keyword", [...at, "pattern"], `pattern '${s.pattern}' is not an ECMAScript (unicode) regular expression`);
      }
    }
  }

  #bounds(s: JsonObject, props: Shape["props"]): void {
    // OpenAPI 3.0's boolean exclusiveMinimum turns minimum into a strict bound the spec cannot say: the bound is dropped (and reported).
    if (typeof s.minimum === "number" && s.exclusiveMinimum !== true) props.minimum = s.minimum;
    if (typeof s.maximum === "number" && s.exclusiveMaximum !== true) props.maximum = s.maximum;
  }
}

/** Properties made by merging alternatives: they exist only here, so they are never referred to by pointer. */
const MERGED = new WeakSet<object>();

interface Collected {
  props: Map<string, Located>;
  required: Set<string>;
  descriptions: string[];
}

function merge(into: Collected, from: Collected, conflict: (name: string, at: Segments) => void): void {
  for (const [name, loc] of from.props) {
    const prior = into.props.get(name);
    if (!prior) into.props.set(name, loc);
    else if (JSON.stringify(typeKeywords(prior.value)) !== JSON.stringify(typeKeywords(loc.value)) && Object.keys(typeKeywords(loc.value)).length > 0)
      conflict(name, loc.at);
  }
  for (const r of from.required) into.required.add(r);
  into.descriptions.push(...from.descriptions);
}

function typeKeywords(s: Json): Record<string, Json> {
  if (!isObject(s)) return {};
  const out: Record<string, Json> = {};
  for (const k of ["type", "$ref", "items", "enum", "oneOf", "anyOf", "allOf", "properties"]) if (s[k] !== undefined) out[k] = s[k];
  return out;
}

/** `#/components/schemas/<name>` → name. */
function componentKey(at: Segments): string | undefined {
  return at.length === 3 && at[0] === "components" && at[1] === "schemas" ? String(at[2]) : undefined;
}

function accessOf(s: Json): "read" | "write" | undefined {
  if (!isObject(s)) return undefined;
  return s.readOnly === true ? "read" : s.writeOnly === true ? "write" : undefined;
}

function typeList(s: JsonObject): string[] {
  if (typeof s.type === "string") return [s.type];
  if (Array.isArray(s.type)) return s.type.filter((t): t is string => typeof t === "string");
  return [];
}

function inferType(s: JsonObject): string | undefined {
  if (isObject(s.properties) || s.additionalProperties !== undefined) return "object";
  if (s.items !== undefined) return "array";
  if (typeof s.minLength === "number" || typeof s.maxLength === "number" || typeof s.pattern === "string") return "string";
  if (typeof s.minimum === "number" || typeof s.maximum === "number") return "number";
  return undefined;
}

function isNullable(s: Json): boolean {
  if (!isObject(s)) return false;
  if (s.nullable === true) return true;
  if (Array.isArray(s.type) && s.type.includes("null")) return true;
  if (Array.isArray(s.enum) && s.enum.includes(null)) return true;
  const alts = Array.isArray(s.oneOf) ? s.oneOf : Array.isArray(s.anyOf) ? s.anyOf : [];
  return alts.some(isNullSchema);
}

function isNullSchema(s: Json): boolean {
  return isObject(s) && (s.type === "null" || (Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null) || s.const === null);
}

function primitiveOf(v: Json): string {
  return typeof v === "string" ? "string" : typeof v === "number" ? "number" : typeof v === "boolean" ? "boolean" : Array.isArray(v) ? `(${ANY})[]` : "object";
}

function anyShape(): Shape {
  return { notation: ANY, nullable: false, props: {} };
}

function overlay(inner: Shape, props: Shape["props"], nullable: boolean): Shape {
  return { ...inner, nullable: inner.nullable || nullable, props: { ...inner.props, ...props } };
}

/** Whether enum values can be written in the notation: two or more plain lowercase words, short enough to read on one line. */
function notationEnum(values: string[]): boolean {
  return values.length >= 2 && values.join(" | ").length <= 80 && values.every((v) => NOTATION_WORD.test(v) && !NOTATION_KEYWORDS.has(v));
}

function dedupeNotations(notations: string[]): string[] {
  const out: string[] = [];
  for (const n of notations)
    for (const part of splitTopLevel(n)) if (!out.includes(part)) out.push(part);
  return out;
}

/** `A | (b | c)[] | null` → [A, (b | c)[], null]. */
function splitTopLevel(notation: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < notation.length; i++) {
    const c = notation[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "|" && depth === 0) {
      parts.push(notation.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(notation.slice(start).trim());
  return parts;
}

function stripNull(t: TypeRef): TypeRef {
  if (t.kind !== "union") return t;
  const rest = t.members.filter((m) => !(m.kind === "primitive" && m.name === "null"));
  return rest.length === 1 ? rest[0]! : { kind: "union", members: rest };
}

function memberHint(parent: string, member: Located, i: number): string {
  const title = isObject(member.value) ? text(member.value.title) : undefined;
  if (title && title.split(/\s+/).length <= 6) return typeName(title, `${parent}Option${i + 1}`);
  return `${parent}Option${i + 1}`;
}

export function text(v: Json | undefined): string | undefined {
  if (typeof v !== "string") return undefined;
  const t = v.trim();
  return t === "" ? undefined : t;
}

function preview(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
