/**
 * Auto-paging: deciding the next page's input from the current response (pure), and the loop that
 * yields items.
 */
import { PaginationError } from "./errors.ts";
import type { OperationDef, Pagination } from "./types.ts";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function getAtPath(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

/**
 * A copy of `target` with `value` at `path`, creating or shallow-copying each object on the way, so
 * `pagination.starting_after` merges into the caller's `pagination: { per_page }` without mutating it.
 */
export function setAtPath(target: unknown, path: readonly string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined) throw new TypeError("setAtPath needs a non-empty path");
  const copy: Record<string, unknown> = isRecord(target) ? { ...target } : {};
  copy[head] = rest.length === 0 ? value : setAtPath(copy[head], rest, value);
  return copy;
}

/** The page's items; a missing or null list counts as an empty page. */
export function pageItems(
  op: OperationDef<unknown, unknown>,
  pagination: Pagination,
  response: unknown,
): unknown[] {
  const items = isRecord(response) ? response[pagination.items] : undefined;
  if (items === undefined || items === null) return [];
  if (!Array.isArray(items)) {
    throw new PaginationError(
      op.name,
      `the response's "${pagination.items}" is not an array, so it cannot be paged`,
    );
  }
  return items;
}

export interface PagingState {
  /** Cursors seen so far in one paging run; a repeat means the server would loop forever. */
  seenCursors: Set<string>;
  /** Applied to server-sent values quoted in errors (a cursor could echo the token). */
  redact: (text: string) => string;
}

export function newPagingState(
  op: OperationDef<unknown, unknown>,
  input: unknown,
  redact: (text: string) => string = (text) => text,
): PagingState {
  const seenCursors = new Set<string>();
  if (op.pagination?.style === "cursor") {
    const start = getAtPath(input, op.pagination.cursor);
    if (typeof start === "string" || typeof start === "number") seenCursors.add(String(start));
  }
  return { seenCursors, redact };
}

/**
 * The input for the page after `response`, or undefined when `response` was the last page.
 * Throws `PaginationError` when going on would loop or cannot be expressed in the input.
 */
export function nextPageInput(
  op: OperationDef<unknown, unknown>,
  input: unknown,
  response: unknown,
  state: PagingState,
): Record<string, unknown> | undefined {
  const pagination = op.pagination;
  if (!pagination) throw new TypeError(`${op.name} is not paginated`);
  const items = pageItems(op, pagination, response);

  switch (pagination.style) {
    case "page": {
      if (items.length === 0) return undefined;
      const pages = isRecord(response) ? response.pages : undefined;
      if (!isRecord(pages) || typeof pages.total_pages !== "number") return undefined;
      const requested = getAtPath(input, ["page"]);
      const requestedPage = typeof requested === "number" ? requested : 1;
      const current = typeof pages.page === "number" ? pages.page : requestedPage;
      if (current >= pages.total_pages) return undefined;
      const next = current + 1;
      if (next <= requestedPage) {
        throw new PaginationError(
          op.name,
          `asked for page ${requestedPage} but the response is page ${current}; stopping instead of looping`,
        );
      }
      if (!op.params.some((p) => p.name === "page")) {
        throw new PaginationError(
          op.name,
          `page ${next} of ${pages.total_pages} exists but the operation has no "page" input`,
        );
      }
      return setAtPath(input, ["page"], next);
    }
    case "cursor": {
      const cursor = getAtPath(response, ["pages", "next", "starting_after"]);
      if (cursor === undefined || cursor === null || cursor === "") return undefined;
      if (typeof cursor !== "string" && typeof cursor !== "number") {
        throw new PaginationError(op.name, "the response's pages.next.starting_after is not a string");
      }
      const key = String(cursor);
      if (state.seenCursors.has(key)) {
        throw new PaginationError(
          op.name,
          `the server returned cursor ${JSON.stringify(state.redact(key))} twice; stopping instead of looping`,
        );
      }
      state.seenCursors.add(key);
      return setAtPath(input, pagination.cursor, cursor);
    }
    case "scroll": {
      // No repeated-cursor guard here: a scroll id may legitimately stay the same for the whole scroll.
      if (items.length === 0) return undefined;
      const scrollParam = isRecord(response) ? response.scroll_param : undefined;
      if (typeof scrollParam !== "string" || scrollParam === "") return undefined;
      return setAtPath(input, pagination.cursor, scrollParam);
    }
  }
}

/** Yields every item of every page; `fetchPage` is `Runtime.call` bound to the operation and request options. */
export async function* paginateItems<Item>(
  op: OperationDef<unknown, unknown>,
  input: unknown,
  fetchPage: (input: unknown) => Promise<unknown>,
  signal?: AbortSignal,
  redact?: (text: string) => string,
): AsyncGenerator<Item, void, undefined> {
  const pagination = op.pagination;
  if (!pagination) throw new TypeError(`${op.name} is not paginated`);
  const state = newPagingState(op, input, redact);
  let current: unknown = input ?? {};
  for (;;) {
    signal?.throwIfAborted();
    const response = await fetchPage(current);
    for (const item of pageItems(op, pagination, response)) yield item as Item;
    const next = nextPageInput(op, current, response, state);
    if (next === undefined) return;
    current = next;
  }
}
