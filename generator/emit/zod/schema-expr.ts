/**
 * Type expressions → Zod code, written against `zod/mini` (functions, not methods: `z.optional(x)`,
 * `x.check(z.minLength(1))`), so a bundler keeps only the parts of Zod a consumer's schemas use (one
 * operation: ~5 kB gzipped of Zod, against ~97 kB for classic `zod`, which does not tree-shake). The
 * schemas are ordinary Zod 4 schemas: `z.infer`, `z.toJSONSchema` and classic `z` functions take them.
 * Every expression is built twice in step: the runtime code (`z.array(AdminSchema)`) and its Zod type
 * written as TypeScript (`z.ZodMiniArray<typeof AdminSchema>`), which annotates the getters that close a
 * recursive cycle (zod v4 "Recursive objects").
 *
 * Two flavours:
 * - input: what callers send. Exact: enums are closed (a one-value enum, `const:`, is a `z.literal`),
 *   `format: integer | int64 | unix-time` is an integer, `uri` / `email` / `uuid` / `date-time` /
 *   `date` are checked, constraints (minimum, maximum, minLength, maxLength, pattern) are checked,
 *   named types are their strict `…InputSchema`.
 * - output: what the API answers. Tolerant: enums also take unknown strings (typed `"a" | "b" | (string & {})`
 *   so editors still offer the known values), numbers are any number, strings are any string (whatever
 *   their format), constraints are not checked.
 *
 * `X | null` is `z.nullable(…)` in both flavours. Spec text (enum values, patterns, descriptions,
 * defaults, examples) reaches the code only through the escaping module: a pattern is compiled with
 * `new RegExp("<escaped source>", "u")`, never spliced into a regex literal.
 */
import { tsLiteral, tsString } from "../../escape/index.ts";
import { dataLiteral } from "./literal.ts";
import { splitNullable } from "../../model/type-ref.ts";
import type { Constraints, FieldModel, Format, TypeRef } from "../../model/types.ts";

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
  /** Collects the support module's helpers the expression calls (for imports). */
  helpers: Set<SupportHelper>;
}

/**
 * The support module's helpers (`schemas/support.ts`):
 * - `described(schema, text)` and `withMeta(schema, meta)`, a registered copy as classic `.describe()` /
 *   `.meta()` make. zod/mini's own `.check(z.describe(…))` reads an object's getters at once (before the
 *   schemas they return exist) and is typed with the schema's output type, which a recursive schema's
 *   initialiser cannot have yet.
 * - `built(() => schema)`, the wrapper of every exported initialiser (see `pure` in zod/index.ts).
 */
export type SupportHelper = "built" | "described" | "withMeta";

/** A schema with its description, or with several metadata keys, through the support module. */
export function withMetadata(code: string, meta: readonly string[], description: string | undefined, ctx: RefContext): string {
  if (meta.length === 0) return code;
  if (meta.length === 1 && description !== undefined) {
    ctx.helpers.add("described");
    return `described(${code}, ${tsString(description)})`;
  }
  ctx.helpers.add("withMeta");
  return `withMeta(${code}, { ${meta.join(", ")} })`;
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

/**
 * The open string member of output enums: any string, typed `string & {}` so that editors still offer
 * the known values (zod/mini's `z.string()` takes no type argument; `string` is assignable to `string & {}`).
 */
const OPEN_STRING = expr("(z.string() as z.core.$ZodType<string & {}, string & {}>)", "z.core.$ZodType<string & {}, string & {}>");

function closedEnum(values: readonly string[]): Expr {
  if (values.length === 1) return expr(`z.literal(${tsString(values[0]!)})`, `z.ZodMiniLiteral<${tsString(values[0]!)}>`);
  return expr(
    `z.enum([${values.map(tsString).join(", ")}])`,
    `z.ZodMiniEnum<{ ${values.map((v) => `${tsString(v)}: ${tsString(v)}`).join("; ")} }>`,
  );
}

function nullableOf(e: Expr): Expr {
  return expr(`z.nullable(${e.code})`, `z.ZodMiniNullable<${e.type}>`);
}

function stringExpr(input: boolean, format: Format | undefined): Expr {
  if (input)
    switch (format) {
      case "uri":
        return expr("z.url()", "z.ZodMiniURL");
      case "email":
        return expr("z.email()", "z.ZodMiniEmail");
      case "uuid":
        return expr("z.uuid()", "z.ZodMiniUUID");
      case "date-time":
        // RFC 3339: `Z` or a numeric offset; a time without a zone is refused.
        return expr("z.iso.datetime({ offset: true })", "z.ZodMiniISODateTime");
      case "date":
        return expr("z.iso.date()", "z.ZodMiniISODate");
    }
  return expr("z.string()", "z.ZodMiniString<string>");
}

function numberExpr(input: boolean, format: Format | undefined): Expr {
  if (input && (format === "integer" || format === "int64" || format === "unix-time")) return expr("z.int()", "z.ZodMiniInt");
  return expr("z.number()", "z.ZodMiniNumber<number>");
}

/** The Zod expression for a type. `format` refines strings and numbers, also inside arrays (`string[]` of `uri`). */
export function typeExpr(ref: TypeRef, ctx: RefContext, format?: Format): Expr {
  const { type, nullable } = splitNullable(ref);
  if (nullable) return nullableOf(typeExpr(type, ctx, format));
  const input = ctx.flavour === "input";
  switch (type.kind) {
    case "primitive":
      switch (type.name) {
        case "string":
          return stringExpr(input, format);
        case "number":
          return numberExpr(input, format);
        case "boolean":
          return expr("z.boolean()", "z.ZodMiniBoolean<boolean>");
        case "object":
          return expr("z.record(z.string(), z.unknown())", "z.ZodMiniRecord<z.ZodMiniString<string>, z.ZodMiniUnknown>");
        case "null":
          return expr("z.null()", "z.ZodMiniNull");
      }
    // falls through: unreachable, every primitive is handled above
    case "enum": {
      const closed = closedEnum(type.values);
      return input ? closed : unionOf([closed, OPEN_STRING]);
    }
    case "array": {
      const items = typeExpr(type.items, ctx, format);
      return expr(`z.array(${items.code})`, `z.ZodMiniArray<${items.type}>`);
    }
    case "union":
      return unionOf(type.members.map((m) => typeExpr(m, ctx, format)));
    case "named": {
      const name = schemaName(type.name, ctx.flavour);
      ctx.used?.add(name);
      if (ctx.ready && !ctx.ready(name)) return expr(`z.lazy(() => ${name})`, `z.ZodMiniLazy<typeof ${name}>`);
      return expr(name, `typeof ${name}`);
    }
  }
}

export function unionOf(members: Expr[]): Expr {
  return expr(
    `z.union([${members.map((m) => m.code).join(", ")}])`,
    `z.ZodMiniUnion<readonly [${members.map((m) => m.type).join(", ")}]>`,
  );
}

/**
 * The checks a field's constraints add to its (non-null) scalar schema: `z.gte`/`z.lte` on numbers,
 * `z.minLength`/`z.maxLength`/`z.regex` on strings, in one `.check(…)`. Checks keep the schema's type,
 * so only the code grows. `minLength` is raised to 1 for required path parameters (an empty one would
 * change the route).
 */
function constrained(e: Expr, type: TypeRef, c: Constraints | undefined, nonEmpty: boolean): Expr {
  const checks: string[] = [];
  if (type.kind === "primitive" && type.name === "number") {
    if (c?.minimum !== undefined) checks.push(`z.gte(${tsLiteral(c.minimum)})`);
    if (c?.maximum !== undefined) checks.push(`z.lte(${tsLiteral(c.maximum)})`);
  }
  if (type.kind === "primitive" && type.name === "string") {
    const minLength = Math.max(c?.minLength ?? 0, nonEmpty ? 1 : 0);
    if (minLength > 0) checks.push(`z.minLength(${minLength})`);
    if (c?.maxLength !== undefined) checks.push(`z.maxLength(${c.maxLength})`);
    if (c?.pattern !== undefined) checks.push(`z.regex(new RegExp(${tsString(c.pattern)}, "u"))`);
  }
  return checks.length === 0 ? e : expr(`${e.code}.check(${checks.join(", ")})`, e.type);
}

/**
 * A field's full schema: its type (or `type | wireType` in outputs), checks, presence, and metadata.
 * - input: constraints checked; `X | null` is `z.nullable`; optional fields (and those with a
 *   `default`) `z.optional`. Defaults stay out of the schema: the client fills them in, and `z.input`
 *   keeps them optional; JSON Schema still shows them (`default` in the metadata).
 * - output: required fields must be present (and non-null unless the type says `| null`); optional
 *   ones are `z.nullish`.
 * Descriptions, defaults, examples and `deprecated` go into the metadata, so `z.toJSONSchema` carries them.
 */
export function fieldExpr(field: FieldModel, ctx: RefContext): Expr {
  const input = ctx.flavour === "input";
  const { type, nullable } = splitNullable(field.type);
  let e = typeExpr(type, ctx, field.format);
  if (input) e = constrained(e, type, field.constraints, field.location === "path" && field.required && field.format === undefined);
  if (!input && field.wireType) e = unionOf([e, typeExpr(field.wireType, ctx, field.format)]);
  if (!input && !field.required) e = expr(`z.nullish(${e.code})`, `z.ZodMiniOptional<z.ZodMiniNullable<${e.type}>>`);
  else {
    if (nullable) e = nullableOf(e);
    if (!field.required) e = expr(`z.optional(${e.code})`, `z.ZodMiniOptional<${e.type}>`);
  }
  const meta: string[] = [];
  if (field.description) meta.push(`description: ${tsString(field.description)}`);
  if (input && field.default !== undefined) meta.push(`default: ${dataLiteral(field.default)}`);
  if (field.example !== undefined) meta.push(`examples: [${dataLiteral(field.example)}]`);
  if (field.deprecated) meta.push("deprecated: true");
  return expr(withMetadata(e.code, meta, field.description, ctx), e.type);
}
