/**
 * The reference pages are a superset of the document: reading the generated Markdown back (not the
 * model) and printing it in the document's own plain layout gives the seed document, byte for byte —
 * same resources, same operations in the same order, same fields, types and required flags.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { displayedSummary, markdownEmitter } from "../generator/emit/markdown/index.ts";
import { finishFiles } from "../generator/write/finish.ts";
import { loadModel, SHARED_DIR } from "./helpers/spec.ts";

const SEED = path.join(SHARED_DIR, "seed/intercom-operations.txt");
/** The document's opening sentence, after the API name; it is the document's preamble, not reference content. */
const SEED_PREAMBLE =
  ".* operation is listed below with parameter shapes and return types from the plugin Zod schemas.";

interface Row {
  name: string;
  /** The Type cell's document notation (`object[]`, `draft | published`). */
  type: string;
  required: string;
  description: string;
  /** The Type cell links a named type: the document elides it as "<name> full type". */
  linksType: boolean;
}

interface Operation {
  fullName: string;
  summary: string;
  risk: string;
  input?: Row[];
  output: Row[];
}

interface Page {
  title: string;
  operations: Operation[];
}

/** Markdown prose back to its text: backslash escapes, HTML entities and broken-up Vue interpolation undone. */
function unescapeMarkdown(text: string): string {
  return text
    .replace(/\\([\\*_[\]#|!~^$])/g, "$1")
    .replace(/\u200d/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** Cells of a GFM table row, split on unescaped pipes, with `\|` turned back into `|`. */
function cells(line: string): string[] {
  const inner = line
    .trim()
    .replace(/^\|/, "")
    .replace(/(?<!\\)\|$/, "");
  return inner.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, "|"));
}

/** The first GFM table in `lines`, as field rows; `undefined` when there is none. */
function parseFieldTable(lines: string[], where: string): Row[] | undefined {
  const start = lines.findIndex((l) => l.startsWith("|"));
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && !l.startsWith("|"));
  const [header, separator, ...body] = lines.slice(start, end < 0 ? undefined : end);
  expect(cells(header!), `${where}: table header`).toEqual(["Name", "Type", "Required", "Description"]);
  expect(
    cells(separator!).every((c) => /^:?-{3,}:?$/.test(c)),
    `${where}: separator row`,
  ).toBe(true);
  return body.map((line) => {
    const [name, type, required, description, ...rest] = cells(line);
    expect(rest, `${where}: ${line}`).toEqual([]);
    const typeCode = /^`([^`]+)`/.exec(type ?? "");
    expect(
      typeCode,
      `${where}: Type cell starts with the document's notation in a code span: ${line}`,
    ).not.toBeNull();
    return {
      name: (name ?? "").replace(/^`|`$/g, ""),
      type: typeCode![1]!,
      required: required ?? "",
      description: description ?? "",
      linksType: /\]\([^)]*#type-[^)]*\)/.test(type ?? ""),
    };
  });
}

/** Lines of the `### <title>` subsection inside an operation section. */
function subsection(lines: string[], title: string): string[] | undefined {
  const start = lines.indexOf(`### ${title}`);
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && /^#{1,3} /.test(l));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

function parseResourcePage(markdown: string, file: string): Page {
  const lines = markdown.split("\n");
  const title = lines.find((l) => l.startsWith("# "))?.slice(2);
  expect(title, `${file}: h1`).toBeTruthy();
  const operations: Operation[] = [];
  const h2 = lines.flatMap((l, i) => (l.startsWith("## ") ? [i] : []));
  for (const [k, start] of h2.entries()) {
    const heading = lines[start]!.slice(3);
    if (!heading.includes(".")) continue; // "## Types"
    const section = lines.slice(start + 1, h2[k + 1]);
    const where = `${file} ${heading}`;
    const paragraphs = section.filter((l) => l.trim() !== "");
    const riskLine = paragraphs.find((l) => l.startsWith("**Risk:**"));
    const risk = /<span class="risk risk-([a-z]+)">([a-z]+)<\/span>/.exec(riskLine ?? "");
    expect(risk, `${where}: risk badge`).not.toBeNull();
    expect(risk![1], `${where}: badge class and text agree`).toBe(risk![2]);
    const input = subsection(section, "Input");
    const output = subsection(section, "Output");
    expect(input, `${where}: Input subsection`).toBeDefined();
    expect(output, `${where}: Output subsection`).toBeDefined();
    const inputRows = parseFieldTable(input!, `${where} input`);
    if (!inputRows)
      expect(input!.join("\n"), `${where}: says when there is no input`).toContain("takes no input");
    const outputRows = parseFieldTable(output!, `${where} output`);
    if (!outputRows) expect(output!.join("\n"), `${where}: says when there is no output table`).toMatch(/no body|Returns \[/);
    operations.push({
      fullName: heading,
      summary: unescapeMarkdown(paragraphs[0]!),
      risk: risk![2]!,
      ...(inputRows ? { input: inputRows } : {}),
      output: outputRows ?? [],
    });
  }
  return { title: title!, operations };
}

/** The resource pages in the order the index lists them (its Resources table). */
function resourceOrder(index: string): string[] {
  const lines = index.split("\n");
  const start = lines.indexOf("## Resources");
  expect(start, "index.md has a Resources section").toBeGreaterThan(0);
  const table = lines
    .slice(start + 1)
    .filter((l, i, all) => l.startsWith("|") && all.slice(0, i).every((p) => !p.startsWith("## ")));
  return table.slice(2).map((row) => {
    const link = /\]\(\.\/([^)#]+\.md)\)/.exec(cells(row)[0] ?? "");
    expect(link, `Resources row links its page: ${row}`).not.toBeNull();
    return link![1]!;
  });
}

/**
 * Prints pages in the document's plain layout. The document marks a destructive operation's summary with
 * a trailing `[DESTRUCTIVE]`; the pages show that with the risk badge instead, so it is put back here.
 */
function renderDocument(apiName: string, pages: Page[]): string {
  const out = [`${apiName}${SEED_PREAMBLE}`];
  const table = (rows: Row[]) => {
    out.push("| Name | Type | Required | Description |", "|---|---|---|---|");
    for (const r of rows) out.push(`${r.name} | ${r.type} | ${r.required} | — |`);
    for (const r of rows) if (r.linksType) out.push(`${r.name} full type`, `${r.name} full type`);
  };
  for (const page of pages) {
    out.push(page.title);
    for (const op of page.operations) {
      const summary = op.risk === "destructive" ? `${op.summary} [DESTRUCTIVE]` : op.summary;
      out.push(op.fullName.slice(op.fullName.indexOf(".") + 1), op.fullName, summary, `Risk: ${op.risk}`);
      if (op.input) table(op.input);
      table(op.output);
    }
  }
  return out.join("\n");
}

describe("the Markdown reference read back in the document's layout", () => {
  let pages: Map<string, string>;
  let parsed: Page[];
  let apiName: string;

  beforeAll(async () => {
    const files = finishFiles(await markdownEmitter.emit(await loadModel()));
    pages = new Map(files.map((f) => [path.posix.relative("docs", f.path), f.contents]));
    const index = pages.get("index.md")!;
    apiName = /^- \*\*API name:\*\* `([^`]+)`/m.exec(index)?.[1] ?? "";
    parsed = resourceOrder(index).map((file) => {
      expect(pages.has(file), `index links ${file}, which is emitted`).toBe(true);
      return parseResourcePage(pages.get(file)!, file);
    });
  });

  it("gives exactly the seed document", () => {
    expect(apiName).toBe("intercom.api");
    const seed = fs.readFileSync(SEED, "utf8");
    const rendered = renderDocument(apiName, parsed);
    // Compare line by line first for a readable failure, then byte for byte (the seed has no final newline).
    expect(rendered.split("\n")).toEqual(seed.split("\n"));
    expect(rendered).toBe(seed);
  });

  it("covers every operation of the seed once, in the seed's order", async () => {
    const seedNames = fs
      .readFileSync(SEED, "utf8")
      .split("\n")
      .filter((l) => /^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/.test(l));
    expect(parsed.flatMap((p) => p.operations.map((o) => o.fullName))).toEqual(seedNames);
    const model = await loadModel();
    expect(seedNames).toHaveLength(model.resources.reduce((n, r) => n + r.operations.length, 0));
  });

  it("describes every field in its own words (never the document's '—')", () => {
    const rows = parsed.flatMap((p) => p.operations.flatMap((o) => [...(o.input ?? []), ...o.output]));
    expect(rows.length).toBeGreaterThan(400);
    for (const row of rows) {
      expect(row.description, row.name).not.toBe("");
      expect(row.description, row.name).not.toBe("—");
    }
  });

  it("keeps the document's summary (without a [DESTRUCTIVE] marker beside the badge) and risk on every operation heading", async () => {
    const model = await loadModel();
    const fromModel = model.resources.flatMap((r) =>
      r.operations.map((o) => [o.fullName, displayedSummary(o), o.risk]),
    );
    for (const page of parsed) for (const o of page.operations) expect(o.summary, o.fullName).not.toContain("[DESTRUCTIVE]");
    expect(parsed.flatMap((p) => p.operations.map((o) => [o.fullName, o.summary, o.risk]))).toEqual(
      fromModel,
    );
  });
});
