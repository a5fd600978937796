/**
 * Type expressions → Zod code. Every expression is built twice in step: the runtime code
 * (`z.array(AdminSchema)`) and its Zod type written as TypeScript (`z.ZodArray<typeof AdminSchema>`),
 * which annotates the getters that close a recursive cycle (zod v4 "Recursive objects").
 *
 * Two flavours:
 * - input: what callers send. Exact: enums are closed, `format: integer | unix-time` is an integer,
 *   `uri` / `email` / `uuid` are checked, named types are their strict `…InputSchema`.
 * - output: what the API answers. Tolerant: enums also take unknown strings (typed `"a" | "b" | (string & {})`
 *   so editors still offer the known values), numbers are any number, strings are any string.
 */
import type { FieldModel, Format, TypeRef } from "../../model/types.ts";
import { literal, str } from "./text.ts";

export type Flavour = "input" | "output";

export interface Expr {
  /** The runtime expression. */
  code: string;
  /** Its Zod type as TypeScript. */
  type: string;
}

export interface RefContext {
  flavour: Flavour;
  /**
   * Whether a named schema is initialised where the expression runs. Named schemas that are not yet
   * (declared further down the same file) are wrapped in `z.lazy`. Absent: every name is ready.
   */
  ready?: (schemaName: string) => boolean;
  /** Collects every named schema the expression mentions (for imports). */
  used?: Set<string>;
}

/** The exported schema name of a named type in a flavour: `AdminSchema`, `SearchQueryInputSchema`. */
export function schemaName(typeName: string, flavour: Flavour): string {
  return flavour === "input" ? `${typeName}InputSchema` : `${typeName}Schema`;
}

/** The exported TypeScript type name of a named type in a flavour: `Admin`, `SearchQueryInput`. */
export function typeAlias(typeName: string, flavour: Flavour): string {
  return flavour === "input" ? `${typeName}Input` : typeName;
}

const expr = (code: string, type: string): Expr => ({ code, type });

function enumType(values: readonly string[]): string {
  return `z.ZodEnum<{ ${values.map((v) => `${str(v)}: ${str(v)}`).join("; ")} }>`;
}

/** The Zod expression for a type. `format` refines strings and numbers, also inside arrays (`string[]` of `uri`). */
export function typeExpr(ref: TypeRef, ctx: RefContext, format?: Format): Expr {
  const input = ctx.flavour === "input";
  switch (ref.kind) {
    case "primitive":
      switch (ref.name) {
        case "string":
          if (input && format === "uri") return expr("z.url()", "z.ZodURL");
          if (input && format === "email") return expr("z.email()", "z.ZodEmail");
          if (input && format === "uuid") return expr("z.uuid()", "z.ZodUUID");
          return expr("z.string()", "z.ZodString");
        case "number":
          if (input && (format === "integer" || format === "unix-time")) return expr("z.int()", "z.ZodInt");
          return expr("z.number()", "z.ZodNumber");
        case "boolean":
          return expr("z.boolean()", "z.ZodBoolean");
        case "object":
          return expr("z.record(z.string(), z.unknown())", "z.ZodRecord<z.ZodString, z.ZodUnknown>");
      }
    // falls through: unreachable, every primitive is handled above
    case "enum": {
      const closed = expr(`z.enum([${ref.values.map(str).join(", ")}])`, enumType(ref.values));
      if (input) return closed;
      return expr(
        `z.union([${closed.code}, z.string<string & {}>()])`,
        `z.ZodUnion<readonly [${closed.type}, z.core.$ZodType<string & {}, string & {}>]>`,
      );
    }
    case "array": {
      const items = typeExpr(ref.items, ctx, format);
      return expr(`z.array(${items.code})`, `z.ZodArray<${items.type}>`);
    }
    case "union": {
      const members = ref.members.map((m) => typeExpr(m, ctx, format));
      return unionOf(members);
    }
    case "named": {
      const name = schemaName(ref.name, ctx.flavour);
      ctx.used?.add(name);
      if (ctx.ready && !ctx.ready(name)) return expr(`z.lazy(() => ${name})`, `z.ZodLazy<typeof ${name}>`);
      return expr(name, `typeof ${name}`);
    }
  }
}

export function unionOf(members: Expr[]): Expr {
  return expr(
    `z.union([${members.map((m) => m.code).join(", ")}])`,
    `z.ZodUnion<readonly [${members.map((m) => m.type).join(", ")}]>`,
  );
}

export interface FieldOptions {
  /** Required path parameters must not be empty: `/admins/` is another route. */
  path?: boolean;
}

/**
 * A field's full schema: its type (or `type | wireType` in outputs), presence, and metadata.
 * - input: required fields as they are; optional ones (and those with a `default`) `.optional()`.
 *   Defaults stay out of the schema: the client fills them in, and `z.input` keeps them optional;
 *   JSON Schema still shows them (`default` in the metadata).
 * - output: required fields must be present and non-null; optional ones are `.nullish()`.
 * Descriptions, defaults and examples go into the metadata, so `z.toJSONSchema` carries them.
 */
export function fieldExpr(field: FieldModel, ctx: RefContext): Expr {
  let e = typeExpr(field.type, ctx, field.format);
  if (ctx.flavour === "output" && field.wireType)
    e = unionOf([e, typeExpr(field.wireType, ctx, field.format)]);
  if (ctx.flavour === "input" && field.location === "path" && field.required && e.code === "z.string()")
    e = expr("z.string().min(1)", e.type);
  if (!field.required) {
    e =
      ctx.flavour === "output"
        ? expr(`${e.code}.nullish()`, `z.ZodOptional<z.ZodNullable<${e.type}>>`)
        : expr(`${e.code}.optional()`, `z.ZodOptional<${e.type}>`);
  }
  const meta: string[] = [];
  if (field.description) meta.push(`description: ${str(field.description)}`);
  if (ctx.flavour === "input" && field.default !== undefined) meta.push(`default: ${literal(field.default)}`);
  if (field.example !== undefined) meta.push(`examples: [${literal(field.example)}]`);
  if (meta.length === 1 && field.description)
    return expr(`${e.code}.describe(${str(field.description)})`, e.type);
  if (meta.length > 0) return expr(`${e.code}.meta({ ${meta.join(", ")} })`, e.type);
  return e;
}
