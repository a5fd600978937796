/**
 * Escaping: the one function per target language through which every string from a spec passes
 * on its way into generated text. Spec text is data, never code: call sites never hand-roll quoting.
 *
 * Targets: TypeScript string literal, TypeScript comment, object key, JSON, Markdown text, Markdown
 * inline code, Markdown table cell, HTML text and attribute, shell word, URL path segment, a terminal
 * line, and GitHub Actions workflow commands.
 *
 * The escapers that run most (once per name, notation and description of every field of every
 * operation) remember their answers: see model/memo.ts.
 */
import { remembered } from "../model/memo.ts";

/** Line and paragraph separators are valid in JSON strings but end a line in older JavaScript parsers and in comments. */
const LINE_BREAKS = /[\u2028\u2029]/g;
/** C0/C1 controls and DEL, except tab and newline. */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** A TypeScript/JavaScript string literal (double quotes). */
export const tsString: (text: string) => string = remembered(tsStringOnce);

function tsStringOnce(text: string): string {
  return JSON.stringify(text).replace(LINE_BREAKS, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** A JavaScript value literal for spec data (defaults, examples, constants): JSON, safe inside JS. */
export function tsLiteral(value: unknown): string {
  return (JSON.stringify(value) ?? "undefined").replace(LINE_BREAKS, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * An object key as written in an object literal: bare when it is an identifier, quoted otherwise.
 * `__proto__` (bare or quoted) sets the prototype in a literal; a computed key makes it a property.
 */
export function tsKey(name: string): string {
  if (name === "__proto__") return `[${tsString(name)}]`;
  return IDENTIFIER.test(name) ? name : tsString(name);
}

/**
 * Text for the inside of a `/* … *\/` or `//` comment: no sequence can end the comment, and every
 * line break becomes a plain newline that the caller prefixes with ` * `. U+2028/2029 (which end a
 * `//` comment) become newlines; control characters are dropped, CR among them (so CRLF is a newline,
 * and a lone CR, which also ends a `//` comment, is gone).
 */
export function tsCommentLines(text: string): string[] {
  // Most texts hold none of what is rewritten (none of the 99,856 of 10,000 operations' client): one
  // scan for it instead of three replacements.
  const safe = COMMENT_REWRITES.test(text)
    ? text
        .replace(CONTROLS, "")
        .replace(LINE_BREAKS, "\n")
        .replace(/\*\//g, "*\\/")
    : text;
  return safe.split("\n").map((l) => l.trimEnd());
}

/** Whatever tsCommentLines rewrites: a control character (CONTROLS, which holds CR), U+2028/2029 (LINE_BREAKS), or `*\/`. */
const COMMENT_REWRITES = new RegExp(`${CONTROLS.source}|${LINE_BREAKS.source}|\\*\\/`);

/** A one-line comment body (`// …` or a one-line JSDoc): line breaks folded to spaces. */
export function tsCommentLine(text: string): string {
  return tsCommentLines(text).join(" ").replace(/\s+/g, " ").trim();
}

/** A JSDoc block for `text`, indented by `indent`; empty when there is no text. */
export function jsdoc(text: string | undefined, indent = ""): string {
  if (!text) return "";
  const lines = tsCommentLines(text);
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((l) => (l === "" ? `${indent} *` : `${indent} * ${l}`)).join("\n")}\n${indent} */\n`;
}

/** JSON text (stable: the caller orders keys). */
export function json(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent);
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text inside HTML elements or a quoted attribute value. */
export function html(text: string): string {
  return text.replace(CONTROLS, "").replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * Vue (VitePress compiles every page to a Vue template) reads `{{ … }}` as an expression even in
 * plain text; a zero-width joiner between the braces keeps them literal on screen and inert.
 */
function breakInterpolation(text: string): string {
  return text.replace(/\{\{/g, "{\u200d{").replace(/\}\}/g, "}\u200d}");
}

/**
 * Prose from a spec on one Markdown line: whitespace folded; HTML, Vue interpolation and Markdown's
 * own syntax inert; code spans written with backticks in the spec stay code spans (their content is
 * escaped as code).
 */
export const mdText: (text: string) => string = remembered(mdTextOnce);

function mdTextOnce(text: string): string {
  const flat = text.replace(CONTROLS, "").replace(/\s+/g, " ").trim();
  return flat
    .split(/(`+[^`]*?`+)/)
    .map((part, i) => (i % 2 === 1 ? mdCode(part.replace(/^`+|`+$/g, "")) : mdProse(part)))
    .join("");
}

/** Plain prose with every Markdown and HTML metacharacter escaped. */
function mdProse(text: string): string {
  return breakInterpolation(text.replace(/[&<>]/g, (c) => HTML_ESCAPES[c]!).replace(/([\\*_[\]#|!~^$])/g, "\\$1"));
}

/**
 * An inline code span holding `text`: one line, a fence longer than any backtick run inside, Vue
 * interpolation broken. VitePress renders code spans as `<code>` with the text HTML-escaped; the
 * interpolation is the only thing left to neutralise.
 */
export const mdCode: (text: string) => string = remembered(mdCodeOnce);

function mdCodeOnce(text: string): string {
  const flat = text.replace(CONTROLS, "").replace(/[\r\n\u2028\u2029]+/g, " ");
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") || flat === "" ? " " : "";
  return `${fence}${pad}${breakInterpolation(flat)}${pad}${fence}`;
}

/** A GFM table cell: already-escaped Markdown with pipes escaped (GFM needs `\|` even inside code spans). */
export function mdCell(markdown: string): string {
  // Most cells hold no pipe; the test is cheaper than the look-behind scan.
  return markdown.includes("|") ? markdown.replace(/(?<!\\)\|/g, "\\|") : markdown;
}

/**
 * The inside of a fenced code block: the caller picks a fence longer than any backtick run (see
 * `fenceFor`); Vue does not interpolate inside fenced blocks that VitePress renders with `v-pre`.
 */
export function fenceFor(body: string): string {
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  return "`".repeat(longest + 1);
}

/** One shell word, single-quoted (POSIX): nothing inside is expanded. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A URL path segment (also escapes `.` so `..` cannot travel as a segment). */
export function urlSegment(text: string): string {
  return encodeURIComponent(text).replace(/\./g, "%2E");
}

/** C0 controls, DEL, C1 controls, and the bidirectional overrides and isolates ("Trojan Source"). */
const TERMINAL_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const TERMINAL_UNSAFE_KEEP_TAB = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function visible(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** Text for a terminal: every control character (ESC above all) shown as `\x1b`, never sent raw; tabs kept on request (code frames). */
export function terminalText(text: string, options: { keepTab?: boolean } = {}): string {
  return text.replace(options.keepTab ? TERMINAL_UNSAFE_KEEP_TAB : TERMINAL_UNSAFE, visible);
}

/**
 * The message of a GitHub Actions workflow command (`::error …::MESSAGE`), by the rules of
 * @actions/core's `escapeData`: `%`, CR and LF percent-encoded, so the message stays one command; other
 * control characters shown as `\x1b` so the log viewer does not act on them.
 */
export function githubData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(TERMINAL_UNSAFE, visible);
}

/** A workflow command property (`file=…`, `title=…`): as `githubData`, plus `:` and `,`, which end a property. */
export function githubProperty(text: string): string {
  return githubData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
