/**
 * The declarations the client files are made of, as text: an exported interface, its members, an
 * exported const and function, each with its JSDoc. Names, types and initialisers arrive written as
 * TypeScript (spec text already through the escaping module); JSDoc text goes through `jsdoc` here.
 */
import { jsdoc } from "../../escape/index.ts";
import { nested } from "../ts-print.ts";

/** An interface member: `/** doc *\/ readonly name?: Type;` or a method signature given whole. */
export interface Member {
  doc?: string | undefined;
  /** The member as written, without its `;`: `readonly add: (input: AddInput) => Promise<void>`. */
  text: string;
}

/** `name?: Type` with `readonly` when asked. */
export function propertySignature(name: string, type: string, options: { readonly?: boolean; optional?: boolean } = {}): string {
  return `${options.readonly ? "readonly " : ""}${name}${options.optional ? "?" : ""}: ${type}`;
}

/** `export interface Name extends Base { … }` with its JSDoc, one member per line. */
export function exportedInterface(doc: string | undefined, name: string, members: readonly Member[], base?: string): string {
  const body = members.map((m) => `${jsdoc(m.doc, "  ")}  ${nested(m.text)};\n`).join("");
  return `${jsdoc(doc)}export interface ${name}${base ? ` extends ${base}` : ""} {\n${body}}\n`;
}

/** `export const name: Type = initialiser;` with its JSDoc. */
export function exportedConst(doc: string | undefined, name: string, type: string, initializer: string): string {
  return `${jsdoc(doc)}export const ${name}: ${type} = ${initializer};\n`;
}

/** `export type Name<Params> = Type;` with its JSDoc. */
export function exportedType(doc: string | undefined, name: string, type: string, params = ""): string {
  return `${jsdoc(doc)}export type ${name}${params} = ${type};\n`;
}

/**
 * `export function name(params): ReturnType { body }` with its JSDoc; `body` is its statements, one per
 * line. The body is indented: the formatter would do it anyway, but a large file is cut into pieces
 * before lines that start in column 0 (write/finish.ts), and a statement inside a body must not look
 * like the start of a top-level one.
 */
export function exportedFunction(doc: string | undefined, name: string, params: string, returnType: string, body: readonly string[]): string {
  const indented = body.map((statement) => `${statement.replace(/^/gm, "  ")}\n`).join("");
  return `${jsdoc(doc)}export function ${name}(${params}): ${returnType} {\n${indented}}\n`;
}
