/**
 * Example values for requests and responses, built deterministically from the model: a field's own
 * `example` where the spec gives one, otherwise a value synthesized from its type. Every value fits
 * the schema `schemas.ts` gives the same type (Redocly's `no-invalid-media-type-examples` checks it).
 */
import type { FieldModel, Format, NamedTypeModel, TypeRef } from "../../model/types.ts";

/** Returned where a value cannot be built without recursing into a type already being built. */
const SKIP = Symbol("skip");
type Built = unknown;

const UNIX_TIME_EXAMPLE = 1734537424;
const UUID_EXAMPLE = "8a3e5c1f-2b4d-4e6f-9a1b-3c5d7e9f1a2b";

export interface ExampleOptions {
  /** Values for fields of these wire names, at any depth (e.g. an error's `code`). */
  overrides?: Readonly<Record<string, unknown>>;
}

export class ExampleBuilder {
  readonly #types: ReadonlyMap<string, NamedTypeModel>;

  constructor(types: readonly NamedTypeModel[]) {
    this.#types = new Map(types.map((t) => [t.name, t]));
  }

  /** An object holding every field (under wire names) that `include` accepts. */
  object(fields: readonly FieldModel[], options: ExampleOptions = {}, include: (f: FieldModel) => boolean = () => true): Record<string, unknown> {
    const built = this.#object(fields, options, [], include);
    if (built === SKIP) throw new Error("internal: example object cannot be built");
    return built as Record<string, unknown>;
  }

  /** The value of one field. */
  field(field: FieldModel, options: ExampleOptions = {}): unknown {
    const built = this.#field(field, options, []);
    if (built === SKIP) throw new Error(`internal: no example for field ${field.name}`);
    return built;
  }

  /** A value of a named type. */
  named(name: string, options: ExampleOptions = {}): unknown {
    const built = this.#type({ kind: "named", name }, { name }, options, []);
    if (built === SKIP) throw new Error(`internal: no example for type ${name}`);
    return built;
  }

  #object(fields: readonly FieldModel[], options: ExampleOptions, stack: readonly string[], include: (f: FieldModel) => boolean = () => true): Built {
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      if (!include(f)) continue;
      const value = this.#field(f, options, stack);
      if (value === SKIP) {
        if (f.required) return SKIP;
        continue;
      }
      out[f.wireName] = value;
    }
    return out;
  }

  #field(field: FieldModel, options: ExampleOptions, stack: readonly string[]): Built {
    if (options.overrides && Object.hasOwn(options.overrides, field.wireName)) return options.overrides[field.wireName];
    if (field.example !== undefined) return field.example;
    if (field.default !== undefined) return field.default;
    return this.#type(field.type, { name: field.wireName, format: field.format, description: field.description }, options, stack);
  }

  #type(type: TypeRef, hint: { name: string; format?: Format; description?: string }, options: ExampleOptions, stack: readonly string[]): Built {
    switch (type.kind) {
      case "primitive":
        return primitiveExample(type.name, hint);
      case "enum":
        return type.values[0];
      case "array": {
        const item = this.#type(type.items, hint, options, stack);
        return item === SKIP ? [] : [item];
      }
      case "union": {
        for (const member of type.members) {
          const value = this.#type(member, hint, options, stack);
          if (value !== SKIP) return value;
        }
        return SKIP;
      }
      case "named": {
        if (stack.includes(type.name)) return SKIP;
        const named = this.#types.get(type.name);
        if (!named) throw new Error(`internal: unknown type ${type.name}`);
        const inner = [...stack, type.name];
        switch (named.kind) {
          case "object":
            return this.#object(named.fields, options, inner);
          case "map": {
            const value = this.#type(named.values, { name: "key" }, options, inner);
            return value === SKIP ? {} : { key: value };
          }
          case "union":
            return this.#type({ kind: "union", members: named.members }, hint, options, inner);
          case "enum":
            return named.values[0];
        }
      }
    }
  }
}

function primitiveExample(name: "string" | "number" | "boolean" | "object", hint: { name: string; format?: Format; description?: string }): unknown {
  switch (name) {
    case "string": {
      if (hint.format === "uri") return `https://example.com/${hint.name}`;
      if (hint.format === "email") return "jane.doe@example.com";
      if (hint.format === "uuid") return UUID_EXAMPLE;
      // "Always `admin`." is how the spec documents fixed discriminator values such as `type`.
      const always = /^Always `([^`]+)`/.exec(hint.description ?? "");
      return always ? always[1] : `${hint.name}-example`;
    }
    case "number":
      if (hint.format === "unix-time") return UNIX_TIME_EXAMPLE;
      return hint.format === "integer" ? 1 : 1.5;
    case "boolean":
      return true;
    case "object":
      return {};
  }
}
