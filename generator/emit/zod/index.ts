/**
 * Zod emitter: `generated/schemas/`.
 *
 * - `types.ts`: every named type T in model order, as `TSchema` / `T` (output flavour) and, for types
 *   that inputs use, `TInputSchema` / `TInput` (input flavour).
 * - `<resource slug>.ts`: per operation `${typeStem}InputSchema` / `${typeStem}Input` (z.input: what
 *   callers pass) and `${typeStem}OutputSchema` / `${typeStem}Output`. An operation whose output is a
 *   named type aliases that type's schema (`AdminsGetOutputSchema = AdminSchema`); one that answers
 *   without a body has no output schema and `${typeStem}Output = void`.
 * - `index.ts`: re-exports all of the above.
 *
 * Semantics (see zod/schema-expr.ts for the details):
 * - inputs are exact: strict objects (unknown keys are rejected by name; header inputs are fields like
 *   any other), closed enums (`const:` a `z.literal`), `z.int()` for `format: integer | int64 |
 *   unix-time`, `z.url()` / `z.email()` / `z.uuid()` / `z.iso.datetime()` / `z.iso.date()` for those
 *   formats, constraints checked, required path parameters non-empty. Inputs with a `default` are
 *   `z.optional`: the client fills defaults in, the schema neither does nor changes the input type;
 *   the default shows in JSON Schema.
 * - outputs are tolerant: loose objects (unknown keys kept), optional fields `z.nullish`, required
 *   ones present and non-null, `type | wireType`, any number, any string, enums open
 *   (`"a" | "b" | (string & {})`), map entries nullable.
 * - `X | null` is `z.nullable` in both.
 * - descriptions, defaults, examples and `deprecated` are Zod metadata, so `z.toJSONSchema` carries
 *   them; a deprecated field also carries a `@deprecated` JSDoc tag, which editors show through z.infer.
 *
 * Tree-shaking: every initialiser is `/* @__PURE__ *\/ built(() => …)` (see `pure`), so bundlers drop the
 * schemas a consumer does not reach, even though all named types share types.ts.
 * Order: object fields that mention a named type are getters (zod v4 recursive objects) and other forward
 * references are `z.lazy`, so nothing is read before it is declared. Where a type is recursive, the
 * getters that close the cycle, and the cyclic unions and maps, carry their Zod type as an annotation,
 * which TypeScript needs to infer recursive types.
 *
 * Layout: the schema files are printed in their final layout, with no layout pass after (`moduleText`'s
 * `laidOut`). Every statement starts in column 0; the one construct that spans lines is an object
 * schema (`objectCode`), whose fields it writes one level in and getter bodies two; JSDoc is indented by
 * `jsdoc` itself; everything else, spec text included, is on one line (`tsString`, `dataLiteral`).
 * test/printed-layout.test.ts checks that the layout pass would change nothing, on hostile spec text too.
 */
import { jsdoc, tsString } from "../../escape/index.ts";
import { namedRefs } from "../../model/type-ref.ts";
import { fieldRefs } from "../../model/type-graph.ts";
import type { ApiModel, Emitter, FieldModel, NamedTypeModel, OperationModel, ResourceModel } from "../../model/types.ts";
import type { SourcedFile } from "../../write/finish.ts";
import { reachability } from "./cycles.ts";
import { reusedText } from "../reuse.ts";
import { exportAll, importFrom, importNamespace, moduleText } from "../ts-print.ts";
import { literalKey } from "./literal.ts";
import { fieldExpr, schemaName, typeAlias, typeExpr, withMetadata, type Expr, type Flavour, type SupportHelper, type RefContext } from "./schema-expr.ts";

export const zodEmitter: Emitter = { name: "zod", emit: emitZod };

export const SCHEMAS_DIR = "schemas";
/**
 * Wraps a schema initialiser as `/* @__PURE__ *\/ built(() => …)`, where the support module's `built`
 * calls the function it is given.
 * - Bundlers (esbuild, rollup, terser) may drop a call marked pure whose result is unused. Marking only
 *   the outer call of `z.object({ a: z.string() })` is not enough: its arguments are calls too, and
 *   bundlers keep them. A function literal does nothing until it is called.
 * - Not an immediately invoked `(() => …)()`: TypeScript's control-flow analysis reads an IIFE's body as
 *   part of the module's top level, so each name in it is traced back through every declaration above
 *   it, which is quadratic in a file's declarations (at 1,000 operations, 1,224 named types in types.ts,
 *   3.8 s of tsc's 11.9 s check time). A function passed as an argument is a flow container of its own.
 */
function pure(init: string, helpers: Set<SupportHelper>): string {
  helpers.add("built");
  return `/* @__PURE__ */ built(() => ${init})`;
}
/** The module every schema file imports (see supportFile). */
export const SUPPORT_MODULE = "support.ts";

/**
 * A schema file's imports: zod/mini as a namespace (a bundler keeps only the functions used) and the
 * support module, for its effect and for the helpers the file calls.
 */
function zodImports(helpers: ReadonlySet<SupportHelper>): string {
  const support = `./${SUPPORT_MODULE.replace(/\.ts$/, ".js")}`;
  const names = [...helpers].sort();
  return importNamespace("z", "zod/mini") + (names.length > 0 ? importFrom(support, names) : `import ${tsString(support)};\n`);
}

/**
 * What every schema file shares. zod/mini reports every problem as "Invalid input"; the client's
 * validation errors quote Zod's messages (`id: Too small: expected string to have >=1 characters`),
 * so this module loads Zod's English messages, as classic `zod` does on import (about 1 kB gzipped;
 * Zod's configuration is global, and this is the call an application using classic `zod` already
 * makes). And the helpers every schema file calls (see SupportHelper in schema-expr.ts).
 */
function supportFile(): SourcedFile {
  const imports = `${jsdoc("What every schema file shares: Zod's English error messages, which zod/mini leaves out, the wrapper of every schema's initialiser, and metadata helpers.")}${importNamespace("z", "zod/mini")}${importFrom("zod/locales", ["en"])}`;
  return {
    path: `${SCHEMAS_DIR}/${SUPPORT_MODULE}`,
    source: "spec/",
    contents: moduleText(
      [imports],
      [
        "z.config(en());\n",
        `${jsdoc("What `make` returns. Every exported schema is initialised as `built(() => …)`, marked pure: a call that bundlers may drop when the schema is unused, of a function that TypeScript checks on its own rather than as part of the module's top level.")}export function built<T>(make: () => T): T {\nreturn make();\n}\n`,
        `${jsdoc("`schema` with a description: a copy registered in Zod's global registry, which is what classic `.describe()` does. (`.check(z.describe(…))` would read a recursive object's getters before their schemas exist, and is typed with the output type a recursive schema's initialiser cannot have yet.)")}export function described<T>(schema: T, description: string): T {\nreturn withMeta(schema, { description });\n}\n`,
        `${jsdoc("`schema` with metadata (description, examples, default, deprecated), as classic `.meta()` does; see `described`. `T` is left unconstrained on purpose: only generated code calls these, always with a schema, and a constraint would cost the type checker an instantiation per call (about 15 % of this package's).")}export function withMeta<T>(schema: T, meta: z.core.GlobalMeta): T {\nconst copy = (schema as z.ZodMiniType).clone();\nz.globalRegistry.add(copy, meta);\nreturn copy as T;\n}\n`,
      ],
    ),
  };
}

export function emitZod(model: ApiModel): SourcedFile[] {
  const exported = new Map<string, string>();
  const claim = (name: string, file: string) => {
    const other = exported.get(name);
    if (other !== undefined)
      throw new Error(
        `zod emitter: the name '${name}' would be exported by both ${other} and ${file}; rename a type or operation`,
      );
    exported.set(name, file);
  };
  const files: SourcedFile[] = [supportFile(), emitTypesFile(model, claim)];
  for (const resource of model.resources) files.push(emitResourceFile(resource, claim));
  files.push({
    path: `${SCHEMAS_DIR}/index.ts`,
    source: "spec/",
    contents: moduleText(
      [],
      [
        jsdoc(`Zod schemas and types for every named type and every operation of ${model.title}.`) +
          [`./types.js`, ...model.resources.map((r) => `./${r.slug}.js`)].map(exportAll).join(""),
      ],
      { laidOut: true },
    ),
  });
  return files;
}

type Claim = (name: string, file: string) => void;

/** The flavours a named type is emitted in: always output, plus input when some operation's input uses it. */
function flavoursOf(typeUsage: ApiModel["typeUsage"], type: NamedTypeModel): Flavour[] {
  return typeUsage[type.name]?.input ? ["output", "input"] : ["output"];
}

/**
 * `types.ts`. Its names are claimed on every run (the check against the resource files' names); the
 * text is printed from the types, their usage and the API's title only, so a save that changes none
 * of them reuses the last one.
 */
function emitTypesFile(model: ApiModel, claim: Claim): SourcedFile {
  const path = `${SCHEMAS_DIR}/types.ts`;
  for (const type of model.types)
    for (const flavour of flavoursOf(model.typeUsage, type)) {
      claim(schemaName(type.name, flavour), path);
      claim(typeAlias(type.name, flavour), path);
    }
  return { path, source: "spec/", contents: reusedText(path, [model.types, model.typeUsage, model.title], typesFileText) };
}

function typesFileText(types: readonly NamedTypeModel[], typeUsage: ApiModel["typeUsage"], title: string): string {
  const helpers = new Set<SupportHelper>();
  const reaches = { input: reachability(types, "input"), output: reachability(types, "output") };
  const declared = new Set<string>();
  const blocks: string[] = [];
  for (const type of types)
    for (const flavour of flavoursOf(typeUsage, type)) {
      const name = schemaName(type.name, flavour);
      const alias = typeAlias(type.name, flavour);
      const ctx: RefContext = { flavour, ready: (n) => declared.has(n), helpers };
      // The schema and its type share one JSDoc, escaped once.
      const doc = jsdoc(typeDoc(type, flavour));
      const init = namedTypeCode(type, ctx, (ref) => reaches[flavour](ref, type.name));
      // A union or map on a cycle is written with its Zod type: TypeScript cannot infer it through `z.lazy`
      // or through the getters of the objects that refer back to it.
      const annotation =
        init.type !== undefined && reaches[flavour](type.name, type.name) ? `: ${init.type}` : "";
      const infer = flavour === "input" ? "z.input" : "z.infer";
      blocks.push(
        `${doc}export const ${name}${annotation} = ${pure(init.code, helpers)};\n${doc}export type ${alias} = ${infer}<typeof ${name}>;\n`,
      );
      declared.add(name);
    }
  return moduleText([`${jsdoc(`Zod schemas for the named types of ${title}.`)}${zodImports(helpers)}`], blocks, { laidOut: true });
}

function typeDoc(type: NamedTypeModel, flavour: Flavour): string {
  const text = type.description ?? `The \`${type.name}\` type.`;
  if (flavour === "output") return text;
  return `${text}\n\nAs sent in a request: ${type.kind === "object" ? "unknown keys are rejected, " : ""}values are checked exactly.`;
}

/**
 * The initialiser of a named type's schema, and for maps, unions and enums also its Zod type.
 * `closesCycle(ref)` tells whether a referenced type leads back to this one, in which case a getter
 * needs its Zod type written out.
 */
function namedTypeCode(
  type: NamedTypeModel,
  ctx: RefContext,
  closesCycle: (ref: string) => boolean,
): Expr | { code: string; type?: undefined } {
  const describe = (code: string) => withMetadata(code, type.description ? [`description: ${tsString(type.description)}`] : [], type.description, ctx);
  switch (type.kind) {
    case "object":
      return { code: describe(objectCode(type.fields, ctx, closesCycle)) };
    case "map": {
      // In outputs a map's entries are optional fields, so like those they may be null.
      const v = typeExpr(type.values, ctx);
      const values =
        ctx.flavour === "output" ? { code: `z.nullable(${v.code})`, type: `z.ZodMiniNullable<${v.type}>` } : v;
      return {
        code: describe(`z.record(z.string(), ${values.code})`),
        type: `z.ZodMiniRecord<z.ZodMiniString<string>, ${values.type}>`,
      };
    }
    case "union":
    case "enum": {
      const ref =
        type.kind === "union"
          ? { kind: "union" as const, members: type.members }
          : { kind: "enum" as const, values: type.values };
      const e = typeExpr(ref, ctx);
      return { code: describe(e.code), type: e.type };
    }
  }
}

/**
 * `z.strictObject({...})` (input) or `z.looseObject({...})` (output). Fields that mention a named type
 * are getters, so the referenced schema is read only when zod first needs it.
 */
function objectCode(
  fields: readonly FieldModel[],
  ctx: RefContext,
  closesCycle: (ref: string) => boolean = () => false,
): string {
  const ctor = ctx.flavour === "input" ? "z.strictObject" : "z.looseObject";
  if (fields.length === 0) return `${ctor}({})`;
  const lines = fields.map((f) => {
    // Editors show a property's JSDoc through z.infer: a deprecated field is struck through where it is used.
    const doc = f.deprecated ? jsdoc(f.description ? `@deprecated ${f.description}` : "@deprecated", "  ") : "";
    const refs = (ctx.flavour === "output" ? fieldRefs(f) : [f.type]).flatMap(namedRefs);
    if (refs.length === 0 || !ctx.ready) return `${doc}  ${literalKey(f.name)}: ${fieldExpr(f, ctx).code},`;
    const e = fieldExpr(f, { ...ctx, ready: undefined });
    const annotation = refs.some(closesCycle) ? `: ${e.type}` : "";
    return `${doc}  get ${literalKey(f.name)}()${annotation} {\n    return ${e.code};\n  },`;
  });
  return `${ctor}({\n${lines.join("\n")}\n})`;
}

/** The names an operation's schemas and types are exported as. */
function operationExports(op: OperationModel): string[] {
  const stem = op.typeStem;
  return [`${stem}InputSchema`, `${stem}Input`, `${stem}OutputSchema`, `${stem}Output`];
}

/** `<resource>.ts`: names claimed on every run, the text printed from the resource alone (reused while it reads the same). */
function emitResourceFile(resource: ResourceModel, claim: Claim): SourcedFile {
  const path = `${SCHEMAS_DIR}/${resource.slug}.ts`;
  for (const op of resource.operations) for (const name of operationExports(op)) claim(name, path);
  return { path, source: resource.file, contents: reusedText(path, [resource], resourceFileText) };
}

function resourceFileText(resource: ResourceModel): string {
  const used = new Set<string>();
  const helpers = new Set<SupportHelper>();
  const blocks = resource.operations.map((op) => operationCode(op, used, helpers));
  const imports = used.size > 0 ? importFrom("./types.js", [...used].sort()) : "";
  const head = jsdoc(
    `Zod schemas for the ${resource.title} operations: the input each takes and the output it answers with.`,
  );
  return moduleText([`${head}${zodImports(helpers)}${imports}`], blocks, { laidOut: true });
}

function operationCode(op: OperationModel, used: Set<string>, helpers: Set<SupportHelper>): string {
  const stem = op.typeStem;
  const route = `${op.method} ${op.path}`;
  const about = op.description ? `\n\n${op.description}` : "";
  const deprecated = op.deprecated ? "\n\n@deprecated The API marks this operation as deprecated." : "";
  const inputDoc = `Input of \`${op.fullName}\` (${route}): ${op.summary}${about}${deprecated}`;
  const input = objectCode(op.input, { flavour: "input", used, helpers });
  const hasDefaults = op.input.some((f) => f.default !== undefined);
  const inputText =
    `${jsdoc(inputDoc)}export const ${stem}InputSchema = ${pure(input, helpers)};\n` +
    `${jsdoc(`What callers pass to \`${op.fullName}\`${hasDefaults ? "; inputs with a default may be left out (the client sends the default)" : ""}.`)}` +
    `export type ${stem}Input = z.input<typeof ${stem}InputSchema>;\n`;
  if (!op.output) {
    // No body to parse: there is no output schema, and the call resolves to undefined.
    const status = op.status === 200 ? "" : ` (${op.status})`;
    return inputText + `${jsdoc(`\`${op.fullName}\` answers without a body${status}: the call resolves to undefined.`)}export type ${stem}Output = void;\n`;
  }
  let output: string;
  if (op.output.typeName) {
    output = schemaName(op.output.typeName, "output");
    used.add(output);
  } else output = pure(objectCode(op.output.fields, { flavour: "output", used, helpers }), helpers);
  if (op.output.wireTypeName) {
    // The live API's answer contradicts the document's: accept either shape.
    const wire = schemaName(op.output.wireTypeName, "output");
    used.add(wire);
    output = pure(`z.union([${output}, ${wire}])`, helpers);
  }
  const outputDoc = `Output of \`${op.fullName}\` (${route}): ${op.summary}`;
  return (
    inputText +
    `${jsdoc(outputDoc)}export const ${stem}OutputSchema = ${output};\n` +
    `${jsdoc(`What \`${op.fullName}\` answers with.`)}export type ${stem}Output = z.output<typeof ${stem}OutputSchema>;\n`
  );
}
