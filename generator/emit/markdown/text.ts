/**
 * Markdown building blocks for the reference pages: tables, badges, anchors and sentences. Escaping
 * itself is the escape module's (`mdText`, `mdCode`, `mdCell`, `html`): every string from the spec
 * passes through one of those before it reaches a page. Everything here must read well both on GitHub
 * (plain GFM) and in the VitePress site.
 */
import { html, mdCell } from "../../escape/index.ts";
import { sentenceCase } from "../../model/naming.ts";
import { RISKS, type Risk } from "../../model/types.ts";

const ASCII = /^[\x00-\x7f]*$/;

/**
 * A GFM table; cells are already-escaped Markdown (pipes are escaped here). Columns are padded to one
 * width so the table reads as a table in the raw file too (the page is final as written: no formatter
 * runs after the emitter). Width is counted in code points.
 *
 * Written with few copies: the escaped cells and their widths in two flat arrays, then each row cell by
 * cell, then one join of the rows (at 10,000 operations the tables are most of the reference's 55 MB).
 */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const columns = header.length;
  const count = rows.length + 1;
  const cells: string[] = new Array(count * columns);
  const cellWidths: number[] = new Array(count * columns);
  const widths: number[] = new Array(columns).fill(3);
  for (let r = 0; r < count; r++) {
    const row = r === 0 ? header : rows[r - 1]!;
    for (let c = 0; c < columns; c++) {
      const cell = mdCell(row[c] ?? "");
      const w = width(cell);
      cells[r * columns + c] = cell;
      cellWidths[r * columns + c] = w;
      if (w > widths[c]!) widths[c] = w;
    }
  }
  const line = (r: number): string => {
    let text = "|";
    for (let c = 0; c < columns; c++) text += ` ${cells[r * columns + c]}${spaces(widths[c]! - cellWidths[r * columns + c]!)} |`;
    return text;
  };
  let rule = "|";
  for (let c = 0; c < columns; c++) rule += ` ${"-".repeat(widths[c]!)} |`;
  // The lines are joined, not appended one by one: the table comes out one flat string rather than a
  // rope of a dozen pieces per row, which the page's join would walk (once per use of the table, and
  // the field tables are used again: emit/markdown/index.ts, fieldTable).
  const lines: string[] = new Array(count + 1);
  lines[0] = line(0);
  lines[1] = rule;
  for (let r = 1; r < count; r++) lines[r + 1] = line(r);
  return lines.join("\n");
}

/** Runs of spaces by length, made once (padding repeats the same few widths). */
const SPACES: string[] = [""];
function spaces(n: number): string {
  while (SPACES.length <= n) SPACES.push(`${SPACES[SPACES.length - 1]} `);
  return SPACES[n]!;
}

/** Width in code points. */
function width(text: string): number {
  return ASCII.test(text) ? text.length : [...text].length;
}

/**
 * An explicit anchor. Heading slugs differ between GitHub (`admins.get` → `adminsget`) and VitePress
 * (`admins-get`), so every link target is an `<a id>` of our own, prefixed so that it never equals a
 * slug either renderer derives from a heading.
 */
export function anchor(id: string): string {
  return `<a id="${html(id)}"></a>`;
}

/**
 * The badges, printed from the literals in RISKS rather than from the operation's `risk`: other
 * emitters look risks up as object keys, which leaves V8 holding them as "thin" strings, and any text
 * built from one is stored two bytes per character. At 10,000 operations the risk line and the
 * operation table made every page two-byte (emit/one-byte.ts).
 */
const RISK_BADGES = Object.fromEntries(RISKS.map((risk) => [risk, `<span class="risk risk-${risk}">${risk}</span>`])) as Record<Risk, string>;

/** The risk badge: a styled `<span>` in the site, plain text (`read`, `destructive`) on GitHub. */
export function riskBadge(risk: Risk): string {
  return RISK_BADGES[risk];
}

/** The deprecation badge beside an operation's risk or in a field's description. */
export const DEPRECATED_BADGE = `<span class="deprecated">deprecated</span>`;

/** `created_at` → `Created at` (the words of a name, for a field without a description). */
export function humanize(name: string): string {
  const words = sentenceCase(name);
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Ends a sentence with a full stop unless it already ends with punctuation. */
export function sentence(text: string): string {
  return /[.!?:]$/.test(text) ? text : `${text}.`;
}

/** `a`, `a and b`, `a, b and c`. */
export function listOf(items: readonly string[], conjunction: "and" | "or" = "and"): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${conjunction} ${items[items.length - 1]}`;
}
