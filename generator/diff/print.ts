/**
 * Printers: each turns one diff report into text for one audience. None walks a model; all read the
 * same list of changes, and each escapes spec text for its own target.
 *   text      people at a terminal (grouped by severity; colour only when asked)
 *   json      tools (a stable, documented shape)
 *   markdown  a release's changelog section
 *   github    GitHub Actions annotations on the pull request's files
 */
import { mdCode, mdText } from "../escape/index.ts";
import { CHANGES, SEVERITIES, fillTemplate, type Change, type ChangeSeverity } from "./catalog.ts";
import { githubData, githubProperty, terminalText } from "../escape/index.ts";
import type { SemverVerdict } from "./semver.ts";

export const FORMATS = ["text", "json", "markdown", "github"] as const;
export type DiffFormat = (typeof FORMATS)[number];

export interface DiffReport {
  base: { label: string };
  head: { label: string };
  semver: SemverVerdict;
  changes: Change[];
}

export function printReport(report: DiffReport, format: DiffFormat, options: { color?: boolean } = {}): string {
  switch (format) {
    case "text":
      return printText(report, options.color ?? false);
    case "json":
      return printJson(report);
    case "markdown":
      return printMarkdown(report);
    case "github":
      return printGithub(report);
  }
}

const HEADINGS: Record<ChangeSeverity, string> = {
  breaking: "Breaking changes",
  "non-breaking": "Non-breaking changes",
  docs: "Documentation changes",
};

function bySeverity(changes: readonly Change[]): [ChangeSeverity, Change[]][] {
  return SEVERITIES.map((s) => [s, changes.filter((c) => c.severity === s)] as [ChangeSeverity, Change[]]).filter(([, list]) => list.length > 0);
}

/** `6 changes: 2 breaking, 1 non-breaking, 3 documentation` */
function counts(changes: readonly Change[]): string {
  const n = (s: ChangeSeverity) => changes.filter((c) => c.severity === s).length;
  const total = changes.length;
  return `${total} ${total === 1 ? "change" : "changes"}: ${n("breaking")} breaking, ${n("non-breaking")} non-breaking, ${n("docs")} documentation`;
}

/** One sentence on the version: what the changes call for and whether the head's version says so. */
export function versionSentence(v: SemverVerdict): string {
  if (v.next === null) return `Version: ${v.note}.`;
  const needs = v.bump === "none" || v.next === v.base ? `${v.base} needs no new version` : `${v.base} → ${v.next} (${v.bump})`;
  if (v.bumpedEnough === null) return `Version: ${needs}; ${v.note}.`;
  const verdict = v.bumpedEnough ? "is enough" : "is not enough";
  return `Version: ${needs}; the head's version ${v.headVersion} ${verdict}.`;
}

// ─── text ─────────────────────────────────────────────────────────────────────────────────────────

const COLORS: Record<ChangeSeverity, string> = { breaking: "31;1", "non-breaking": "33", docs: "36" };

export function printText(report: DiffReport, color: boolean): string {
  const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const lines = [`opspec diff: ${terminalText(report.base.label)} → ${terminalText(report.head.label)}`, ""];
  if (report.changes.length === 0) lines.push("No changes for the API's users.", "");
  for (const [severity, list] of bySeverity(report.changes)) {
    lines.push(paint(COLORS[severity], `${HEADINGS[severity]} (${list.length})`));
    for (const c of list) {
      const where = [c.operation ?? "API", c.path].filter(Boolean).join("  ");
      lines.push(`  ${paint("90", `${terminalText(c.file)}:${c.line}`)}  ${terminalText(where)}`);
      lines.push(`      ${terminalText(c.message)} ${paint("90", `[${c.code}]`)}`);
    }
    lines.push("");
  }
  if (report.changes.length > 0) lines.push(`${counts(report.changes)}.`);
  lines.push(terminalText(versionSentence(report.semver)));
  return `${lines.join("\n")}\n`;
}

// ─── json ─────────────────────────────────────────────────────────────────────────────────────────

/** The documented shape (README: "opspec diff"): keys in a fixed order, params left out. */
export function printJson(report: DiffReport): string {
  const { base, next, headVersion, bumpedEnough, bump, note } = report.semver;
  const shape = {
    semver: { base, next, headVersion, bumpedEnough, bump, ...(note !== undefined ? { note } : {}) },
    changes: report.changes.map(({ code, severity, operation, path, message, file, line }) => ({ code, severity, operation, path, message, file, line })),
  };
  return `${JSON.stringify(shape, null, 2)}\n`;
}

// ─── markdown ─────────────────────────────────────────────────────────────────────────────────────

const MD_HEADINGS: Record<ChangeSeverity, string> = { breaking: "Breaking changes", "non-breaking": "Other changes", docs: "Documentation" };

/**
 * A message as Markdown: the template's words as text, every spec value as a code span. Line breaks in
 * values fold to spaces; control and bidirectional-override characters are shown escaped (`\x1b`).
 */
function markdownMessage(c: Change): string {
  const visible = (value: string) => terminalText(value.replace(/\s+/g, " "));
  return fillTemplate(CHANGES[c.code].message, c.params, (value, quoted) => (quoted ? mdCode(visible(value)) : mdWords(visible(value))), mdWords);
}

/** `mdText` keeping the spaces around a piece of a sentence (it trims: it is meant for whole values). */
function mdWords(text: string): string {
  const [, lead, body, trail] = /^(\s*)([\s\S]*?)(\s*)$/.exec(text)!;
  return `${lead ? " " : ""}${mdText(body!)}${trail ? " " : ""}`;
}

export function printMarkdown(report: DiffReport): string {
  const v = report.semver;
  const version = v.next ?? v.headVersion;
  const out = [`## ${mdText(version)}`, ""];
  if (report.changes.length === 0) out.push("No changes to the API.", "");
  else out.push(`Compared with ${mdText(v.base)}: ${counts(report.changes)}.`, "");
  for (const [severity, list] of bySeverity(report.changes)) {
    out.push(`### ${MD_HEADINGS[severity]}`, "");
    for (const c of list) {
      const where = [c.operation ? mdCode(c.operation) : "API", c.path ? mdCode(c.path) : ""].filter(Boolean).join(" ");
      out.push(`- ${where}: ${markdownMessage(c)}`);
    }
    out.push("");
  }
  return `${out.join("\n").trimEnd()}\n`;
}

// ─── github ───────────────────────────────────────────────────────────────────────────────────────

const LEVELS: Record<ChangeSeverity, string> = { breaking: "error", "non-breaking": "notice", docs: "notice" };

/**
 * One annotation per spec line and message: a change inside a named type is one edit, however many
 * operations reach it, so its annotation names the first operation and counts the rest (GitHub shows
 * only the first few annotations of each level on a pull request).
 */
export function printGithub(report: DiffReport): string {
  const groups = new Map<string, Change[]>();
  for (const c of report.changes) {
    const key = JSON.stringify([c.severity, c.file, c.line, c.code, c.message]);
    const group = groups.get(key);
    if (group) group.push(c);
    else groups.set(key, [c]);
  }
  const lines = [...groups.values()].map((group) => {
    const c = group[0]!;
    const more = group.length > 1 ? ` and ${group.length - 1} more ${group.length === 2 ? "operation" : "operations"}` : "";
    const title = `${c.code}: ${[c.operation ?? "API", c.path].filter(Boolean).join(" ")}${more}`;
    return `::${LEVELS[c.severity]} file=${githubProperty(c.file)},line=${c.line},title=${githubProperty(title)}::${githubData(c.message)}`;
  });
  const summary = report.changes.length === 0 ? "no changes for the API's users" : counts(report.changes);
  // A plain log line, not a command: it starts with text, never `::`.
  lines.push(terminalText(`opspec diff: ${summary}. ${versionSentence(report.semver)}`));
  return `${lines.join("\n")}\n`;
}
