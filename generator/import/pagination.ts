/**
 * Recognising how a list operation pages, from its inputs and its output's fields:
 *   scroll  a `scroll_param`-like input echoed by an output field of the same name
 *   cursor  a `starting_after`/`cursor`/`page_token`-like input + an output path to the next cursor
 *           (`pages.next.starting_after`, `next_cursor`, `meta.next_page_token`)
 *   lastId  such an input + a `has_more` flag and no next cursor (the last item's id is sent back)
 *   offset  `offset` + a page-size input (`limit`, `per_page`), with `total`/`total_count` when there
 *   page    a `page` number input, with `total_pages`-like and current-page paths when there
 *   link    a `Link` response header
 * The items are the output's list field (`data`, `items`, `results`, … or the only list).
 */
import type { RawPagination } from "../spec-format/schema.ts";
import type { FieldDraft, NamedTypeDraft } from "./drafts.ts";

const ITEM_NAMES = ["data", "items", "results", "records", "entries", "values", "list", "elements", "nodes"];
const SCROLL_INPUTS = ["scroll_param", "scroll_id", "scrollId", "scroll"];
const CURSOR_INPUTS = ["starting_after", "startingAfter", "cursor", "after", "page_token", "pageToken", "next_token", "nextToken", "continuation_token", "continuationToken", "page_cursor", "next_cursor", "nextCursor"];
const NEXT_NAMES = ["next_cursor", "nextCursor", "next_page_token", "nextPageToken", "next_token", "nextToken", "continuation_token", "continuationToken", "next_page_cursor", "end_cursor", "endCursor"];
const HAS_MORE = ["has_more", "hasMore", "has_next", "hasNext", "has_next_page", "hasNextPage", "more"];
const PAGE_INPUTS = ["page", "page_number", "pageNumber"];
const SIZE_INPUTS = ["limit", "per_page", "perPage", "page_size", "pageSize", "size", "count"];
const OFFSET_INPUTS = ["offset", "skip"];
const TOTAL_PAGES = ["total_pages", "totalPages", "pages_count", "page_count", "pageCount", "last_page", "lastPage"];
const CURRENT_PAGE = ["page", "current_page", "currentPage", "page_number", "pageNumber"];
const TOTALS = ["total", "total_count", "totalCount", "total_results", "totalResults", "count"];
/** Inputs that suggest a list pages (for the warning when nothing is recognised). */
const PAGING_HINTS = new Set([...SCROLL_INPUTS, ...CURSOR_INPUTS, ...PAGE_INPUTS, ...OFFSET_INPUTS, "per_page", "page_size", "pageSize"]);

type Fields = Record<string, FieldDraft>;

export interface PagingFacts {
  input: Fields;
  /** The output's fields (resolved from the named type when the output names one). */
  output: Fields | undefined;
  types: ReadonlyMap<string, NamedTypeDraft>;
  linkHeader: boolean;
}

export type PagingResult = { pagination: RawPagination } | { hints: string[] } | undefined;

export function detectPagination(facts: PagingFacts): PagingResult {
  const { input, output, types } = facts;
  const inputs = inputPaths(input, types);
  const hints = inputs.filter((p) => PAGING_HINTS.has(last(p))).map((p) => p.join("."));
  if (!output) return hints.length > 0 ? { hints } : undefined;
  const lists = Object.entries(output).filter(([, f]) => isList(f));
  const items = lists.find(([n]) => ITEM_NAMES.includes(n))?.[0] ?? lists[0]?.[0];
  if (items === undefined) return hints.length > 0 ? { hints } : undefined;

  const outPaths = outputPaths(output, types, 3);
  const findInput = (names: string[]) => inputs.find((p) => names.includes(last(p)));
  const findOutput = (names: string[], kind: "string" | "number" | "boolean", where?: (p: string[]) => boolean) =>
    outPaths.find((o) => names.includes(last(o.path)) && o.kind === kind && (!where || where(o.path)));

  const scroll = findInput(SCROLL_INPUTS);
  if (scroll) {
    const next = outPaths.find((o) => o.path.length === 1 && o.path[0] === last(scroll) && o.kind === "string");
    if (next) return { pagination: { style: "scroll", items, cursor: scroll.join("."), next: next.path.join(".") } };
  }

  const cursor = findInput(CURSOR_INPUTS);
  if (cursor) {
    const name = last(cursor);
    const next =
      outPaths.find((o) => o.kind === "string" && last(o.path) === name && o.path.slice(0, -1).some((s) => /next/i.test(s))) ??
      findOutput(NEXT_NAMES, "string") ??
      outPaths.find((o) => o.kind === "string" && ["cursor", "after"].includes(last(o.path)) && o.path.slice(0, -1).some((s) => /next|paging|cursor/i.test(s)));
    if (next) return { pagination: { style: "cursor", items, cursor: cursor.join("."), next: next.path.join(".") } };
    const hasMore = findOutput(HAS_MORE, "boolean", (p) => p.length <= 2);
    if (hasMore) return { pagination: { style: "lastId", items, cursor: cursor.join("."), hasMore: hasMore.path.join(".") } };
  }

  const offset = findInput(OFFSET_INPUTS);
  const size = findInput(SIZE_INPUTS);
  if (offset && size && isNumber(fieldAt(input, offset, types))) {
    const total = findOutput(TOTALS, "number", (p) => p.length <= 2);
    return { pagination: { style: "offset", items, offset: offset.join("."), limit: size.join("."), ...(total ? { total: total.path.join(".") } : {}) } };
  }

  const page = findInput(PAGE_INPUTS);
  if (page && isNumber(fieldAt(input, page, types))) {
    const totalPages = findOutput(TOTAL_PAGES, "number");
    const parent = totalPages?.path.slice(0, -1).join(".");
    const current = totalPages ? findOutput(CURRENT_PAGE, "number", (p) => p.slice(0, -1).join(".") === parent) : undefined;
    return {
      pagination: {
        style: "page",
        items,
        page: page.join("."),
        ...(totalPages ? { totalPages: totalPages.path.join(".") } : {}),
        ...(current ? { currentPage: current.path.join(".") } : {}),
      },
    };
  }

  if (facts.linkHeader) return { pagination: { style: "link", items } };
  return hints.length > 0 ? { hints } : undefined;
}

function last(path: string[]): string {
  return path[path.length - 1]!;
}

function baseType(f: FieldDraft | undefined): string | undefined {
  if (!f) return undefined;
  if (f.enum || f.const !== undefined) return "string";
  return f.type?.replace(/\s*\|\s*null$/, "").trim();
}

function isList(f: FieldDraft): boolean {
  return baseType(f)?.endsWith("[]") ?? false;
}

function isNumber(f: FieldDraft | undefined): boolean {
  return baseType(f) === "number";
}

function objectFields(f: FieldDraft | undefined, types: ReadonlyMap<string, NamedTypeDraft>): Fields | undefined {
  const t = baseType(f);
  if (!t || !/^[A-Z][A-Za-z0-9]*$/.test(t)) return undefined;
  const def = types.get(t)?.draft;
  return def && "fields" in def ? def.fields : undefined;
}

/** Input names, and one level into object inputs (`pagination.starting_after` in a search body). */
function inputPaths(input: Fields, types: ReadonlyMap<string, NamedTypeDraft>): string[][] {
  const out: string[][] = [];
  for (const name of Object.keys(input)) out.push([name]);
  for (const [name, f] of Object.entries(input)) {
    const inner = objectFields(f, types);
    if (inner) for (const sub of Object.keys(inner)) out.push([name, sub]);
  }
  return out;
}

function fieldAt(input: Fields, path: string[], types: ReadonlyMap<string, NamedTypeDraft>): FieldDraft | undefined {
  let fields: Fields | undefined = input;
  let f: FieldDraft | undefined;
  for (const seg of path) {
    f = fields?.[seg];
    fields = objectFields(f, types);
  }
  return f;
}

interface OutPath {
  path: string[];
  kind: "string" | "number" | "boolean" | "other";
}

/** Output paths breadth-first (shallow ones first), through named object types. */
function outputPaths(output: Fields, types: ReadonlyMap<string, NamedTypeDraft>, depth: number): OutPath[] {
  const out: OutPath[] = [];
  let level: { prefix: string[]; fields: Fields }[] = [{ prefix: [], fields: output }];
  for (let d = 0; d < depth && level.length > 0; d++) {
    const next: typeof level = [];
    for (const { prefix, fields } of level)
      for (const [name, f] of Object.entries(fields)) {
        const t = baseType(f);
        const kind = t === "string" || f.enum || f.const !== undefined ? "string" : t === "number" ? "number" : t === "boolean" ? "boolean" : "other";
        out.push({ path: [...prefix, name], kind });
        const inner = objectFields(f, types);
        if (inner && prefix.length < depth) next.push({ prefix: [...prefix, name], fields: inner });
      }
    level = next;
  }
  return out;
}
