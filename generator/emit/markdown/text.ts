/**
 * Markdown building blocks for the reference pages: tables, badges, anchors and sentences. Escaping
 * itself is the escape module's (`mdText`, `mdCode`, `mdCell`, `html`): every string from the spec
 * passes through one of those before it reaches a page. Everything here must read well both on GitHub
 * (plain GFM) and in the VitePress site.
 */
import { html, mdCell } from "../../escape/index.ts";
import { sentenceCase } from "../../model/naming.ts";
import type { Risk } from "../../model/types.ts";

const ASCII = /^[\x00-\x7f]*$/;

/**
 * A GFM table; cells are already-escaped Markdown (pipes are escaped here). Columns are padded to one
 * width so the table reads as a table in the raw file too (the page is final as written: no formatter
 * runs after the emitter). Width is counted in code points.
 */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cells = [header, ...rows].map((row) => row.map(mdCell));
  // Each cell's width once (measuring is a scan of the text), for the column widths and the padding.
  const cellWidths = cells.map((row) => header.map((_, i) => width(row[i] ?? "")));
  const widths = header.map((_, i) => {
    let w = 3;
    for (const row of cellWidths) if (row[i]! > w) w = row[i]!;
    return w;
  });
  const line = (row: readonly string[], r: number) => `| ${widths.map((w, i) => (row[i] ?? "") + " ".repeat(w - cellWidths[r]![i]!)).join(" | ")} |`;
  const lines = [line(cells[0]!, 0), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`];
  for (let r = 1; r < cells.length; r++) lines.push(line(cells[r]!, r));
  return lines.join("\n");
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

/** The risk badge: a styled `<span>` in the site, plain text (`read`, `destructive`) on GitHub. */
export function riskBadge(risk: Risk): string {
  return `<span class="risk risk-${risk}">${risk}</span>`;
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
