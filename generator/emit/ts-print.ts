/**
 * The few TypeScript shapes the code emitters (Zod, client) print more than once: import and export
 * declarations, object literals, type literals and a file of top-level statements. Plain strings in,
 * plain text out, with the line breaks that say "one entry per line"; `moduleText` indents the whole
 * file (ts-layout.ts), so the text an emitter returns is in its final layout.
 *
 * Nothing here quotes or escapes: keys, types and values arrive already written as TypeScript (spec
 * text through the escaping module, generator/escape/). Module specifiers are the emitters' own and
 * are quoted here with `tsString`.
 */
import { tsString } from "../escape/index.ts";
import { layoutTypeScript } from "./ts-layout.ts";

/** Import and export lists longer than this are written one name per line. */
const LINE_WIDTH = 110;

/** One name in an import or export list: `Foo`, `type Foo`, `Foo as Bar`. */
export type Specifier = string | { name: string; type?: boolean; alias?: string | undefined };

function specifier(s: Specifier): string {
  if (typeof s === "string") return s;
  return `${s.type ? "type " : ""}${s.name}${s.alias !== undefined && s.alias !== s.name ? ` as ${s.alias}` : ""}`;
}

/** `{ a, type B }`, or one name per line when the statement would be longer than LINE_WIDTH. */
function nameList(head: string, names: readonly Specifier[], tail: string): string {
  const written = names.map(specifier);
  const oneLine = `${head}{ ${written.join(", ")} }${tail}`;
  return oneLine.length <= LINE_WIDTH ? `${oneLine}\n` : `${head}{\n${written.map((n) => `${n},\n`).join("")}}${tail}\n`;
}

/** `import { a, type B } from "module";` (`import type { … }` when `typeOnly`). */
export function importFrom(module: string, names: readonly Specifier[], typeOnly = false): string {
  return nameList(`import ${typeOnly ? "type " : ""}`, names, ` from ${tsString(module)};`);
}

/** `import * as ns from "module";` (`import type * as ns` when `typeOnly`). */
export function importNamespace(namespace: string, module: string, typeOnly = false): string {
  return `import ${typeOnly ? "type " : ""}* as ${namespace} from ${tsString(module)};\n`;
}

/** `export { a, B as C } from "module";` (`export type { … }` when `typeOnly`). */
export function exportFrom(module: string, names: readonly Specifier[], typeOnly = false): string {
  return nameList(`export ${typeOnly ? "type " : ""}`, names, ` from ${tsString(module)};`);
}

/** `export * from "module";` */
export function exportAll(module: string): string {
  return `export * from ${tsString(module)};\n`;
}

/**
 * `text` one level deeper: every line after its first indented by two spaces. The literals below
 * print their entries in their final layout relative to where the literal starts (the first line
 * where it is, every further line indented by depth), so a statement made of them needs no layout pass.
 * Values never hold a template literal over several lines (whose text indenting would change).
 */
export function nested(text: string): string {
  return text.includes("\n") ? text.replaceAll("\n", "\n  ") : text;
}

/** An object literal with one entry per line (`{}` when empty); keys and values as written. */
export function objectLiteral(entries: readonly (readonly [key: string, value: string])[]): string {
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([key, value]) => `  ${key}: ${nested(value)},\n`).join("")}}`;
}

/** An array literal, one element per line once there are several. */
export function listLiteral(items: readonly string[]): string {
  return items.length > 1 ? `[\n${items.map((item) => `  ${nested(item)},\n`).join("")}]` : `[${items.join("")}]`;
}

/** A type literal with one member per line (`{}` when empty): `{ input: A; output: B }`. */
export function typeLiteral(members: readonly string[]): string {
  if (members.length === 0) return "{}";
  return `{\n${members.map((m) => `  ${nested(m)};\n`).join("")}}`;
}

/** The characters of laid-out statements remembered at most, inputs and outputs counted alike. */
const LAYOUT_MEMORY_CHARS = 1_000_000;
const laidOutStatements = new Map<string, string>();
let laidOutChars = 0;

/**
 * One top-level statement laid out. A statement opens and closes its own brackets, strings and
 * comments, so laying out a file statement by statement gives the same text as laying out the whole
 * file. Remembered: a watch session re-emits mostly the statements it printed last time, and looking
 * one up costs a hash, where laying it out reads every character. Bounded by size, not count (emptied
 * when full, as model/memo.ts's `remembered` is by count): a save of the repository's spec lays out
 * about a tenth of the bound, while at 10,000 operations a few statements of the client's index.ts
 * are megabytes each, and keeping them raised the run's peak RSS by about 20 MB.
 */
function layoutStatement(statement: string): string {
  let laidOut = laidOutStatements.get(statement);
  if (laidOut === undefined) {
    laidOut = layoutTypeScript(statement);
    const chars = statement.length + laidOut.length;
    if (chars <= LAYOUT_MEMORY_CHARS / 8) {
      if (laidOutChars + chars > LAYOUT_MEMORY_CHARS) {
        laidOutStatements.clear();
        laidOutChars = 0;
      }
      laidOutStatements.set(statement, laidOut);
      laidOutChars += chars;
    }
  }
  return laidOut;
}

/**
 * A module's text from its top-level statements (each ending with a newline): imports together, a
 * blank line between everything else, laid out (indented) for good. `laidOut`: the caller wrote the
 * statements in their final layout already (the Zod emitter does: see zod/index.ts), so the layout pass,
 * which would return each as it is, runs over the imports only (at 10,000 operations that skips 27 MB).
 */
export function moduleText(imports: readonly string[], statements: readonly string[], options: { laidOut?: boolean } = {}): string {
  const head = imports.join("");
  const parts = head === "" ? [] : [layoutStatement(head)];
  for (const statement of statements) if (statement !== "") parts.push(options.laidOut ? statement : layoutStatement(statement));
  return parts.join("\n");
}
