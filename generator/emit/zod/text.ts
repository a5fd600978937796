/** Small text helpers for the Zod emitter: string literals, object keys and JSDoc comments. */

/** A TypeScript string literal for `text` (double quotes, JSON escapes: always valid TS). */
export function str(text: string): string {
  return JSON.stringify(text);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** An object key as written in source: bare when it is an identifier, quoted otherwise. */
export function key(name: string): string {
  return IDENTIFIER.test(name) && name !== "__proto__" ? name : str(name);
}

/** A JSDoc block for `text` (indented by `indent`); `*\/` inside the text cannot end the comment early. */
export function jsdoc(text: string | undefined, indent = ""): string {
  if (!text) return "";
  const lines = text
    .replace(/\*\//g, "*\\/")
    .split(/\r?\n/)
    .map((l) => l.trimEnd());
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((l) => (l === "" ? `${indent} *` : `${indent} * ${l}`)).join("\n")}\n${indent} */\n`;
}

/** A JavaScript literal for a spec value (default, example): JSON is valid JS for every YAML scalar, list and map. */
export function literal(value: unknown): string {
  return JSON.stringify(value);
}
