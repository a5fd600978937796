/**
 * Markdown building blocks for the reference pages: escaping, tables, badges and anchors. Everything
 * here must read well both on GitHub (plain GFM) and in the VitePress site.
 */
import type { Risk } from "../../model/types.ts";

/** A code span holding `text`, with a fence long enough for any backticks inside. */
export function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * Prose from the spec, made safe for a Markdown line: whitespace collapsed, and outside code spans a
 * `<` escaped (VitePress compiles pages to Vue templates, where a stray tag breaks the build).
 */
export function inline(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat
    .split(/(`+[^`]*?`+)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/</g, "&lt;")))
    .join("");
}

/** A cell of a GFM table: pipes escaped everywhere (GFM needs `\|` even inside code spans). */
export function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(header), `| ${header.map(() => "---").join(" | ")} |`, ...rows.map(line)].join("\n");
}

/**
 * An explicit anchor. Heading slugs differ between GitHub (`admins.get` → `adminsget`) and VitePress
 * (`admins-get`), so every link target is an `<a id>` of our own, prefixed so that it never equals a
 * slug either renderer derives from a heading.
 */
export function anchor(id: string): string {
  return `<a id="${id}"></a>`;
}

/** The risk badge: a styled `<span>` in the site, plain text (`read`, `destructive`) on GitHub. */
export function riskBadge(risk: Risk): string {
  return `<span class="risk risk-${risk}">${risk}</span>`;
}

export function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .toLowerCase();
}

/** `created_at` → `Created at`. */
export function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_\-.]+/g, " ")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Ends a sentence with a full stop unless it already ends with punctuation. */
export function sentence(text: string): string {
  return /[.!?:]$/.test(text) ? text : `${text}.`;
}
