/**
 * Escaping for the diff's own targets (Markdown goes through generator/escape): a terminal line, and
 * GitHub Actions workflow commands. Strings from specs (names, enum values, URLs, summaries) and from
 * the command line (refs, folders) pass through here on their way out, never raw.
 */

/** C0 controls, DEL, C1 controls, and the bidirectional overrides and isolates ("Trojan Source"). */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function visible(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** One line of terminal text: every control character (ESC above all) shown as `\x1b`, never sent raw. */
export function terminalText(text: string): string {
  return text.replace(UNSAFE, visible);
}

/**
 * The message of a workflow command (`::error …::MESSAGE`), by the rules of @actions/core's
 * `escapeData`: `%`, CR and LF percent-encoded, so the message stays one command. Other control
 * characters are shown as `\x1b` so the log viewer does not act on them.
 */
export function githubData(text: string): string {
  return text
    .replace(/%/g, "%25")
    .replace(/\r/g, "%0D")
    .replace(/\n/g, "%0A")
    .replace(UNSAFE, visible);
}

/** A workflow command property (`file=…`, `title=…`): as `githubData`, plus `:` and `,`, which end a property. */
export function githubProperty(text: string): string {
  return githubData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
