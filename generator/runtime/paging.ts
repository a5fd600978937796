/**
 * Auto-paging, for every style `Pagination` describes: deciding the next page from the current one
 * (pure), the `Link` header parser, and the loop that yields items.
 *
 * Paths are arrays of keys. Input paths (`page`, `offset`, `limit`, `cursor`) name input properties;
 * response paths (`items`, `next`, `totalPages`, `total`, `hasMore`, ...) name keys of the response.
 */
import { getAtPath, isRecord, setAtPath } from "./data.js";
import { PaginationError } from "./errors.js";
import { applyDefaults } from "./request.js";
import type { Runtime } from "./runtime.js";
import type { OperationDef, Pagination, RequestOptions } from "./types.js";

/** One fetched page. */
export interface Page {
  /** The response as the call returns it. */
  data: unknown;
  /** Response headers, lower-cased names, as sent (a next link may carry a query API key, so unredacted). */
  headers: Record<string, string>;
  /** The URL that was requested. */
  url: string;
}

/** What to request: the input, and for link paging the server's next URL (same origin only). */
export interface PageRequest {
  input: unknown;
  url?: string;
}

export interface PagingState {
  /** Cursors, ids or URLs seen so far in one paging run; a repeat means the server would loop forever. */
  seen: Set<string>;
  /** The previous page's items as JSON, to notice a server that ignores the page or offset input. */
  previousItems: string | undefined;
  /** Applied to server-sent values quoted in errors (a cursor could echo a credential). */
  redact: (text: string) => string;
  /** The client's base URL: next links must keep its origin, or credentials would travel elsewhere. */
  baseUrl: string | undefined;
}

export function newPagingState(
  op: OperationDef<unknown, unknown>,
  input: unknown,
  options: { redact?: (text: string) => string; baseUrl?: string } = {},
): PagingState {
  const seen = new Set<string>();
  const pagination = op.pagination;
  if (pagination?.style === "cursor" || pagination?.style === "lastId") {
    const start = getAtPath(input, pagination.cursor);
    if (typeof start === "string" || typeof start === "number") seen.add(String(start));
  }
  return {
    seen,
    previousItems: undefined,
    redact: options.redact ?? ((text) => text),
    baseUrl: options.baseUrl,
  };
}

/** The page's items; a missing or null list counts as an empty page. */
export function pageItems(
  op: OperationDef<unknown, unknown>,
  pagination: Pagination,
  response: unknown,
): unknown[] {
  const items = getAtPath(response, pagination.items);
  if (items === undefined || items === null) return [];
  if (!Array.isArray(items)) {
    throw new PaginationError(
      op.name,
      `the response's ${pathText(pagination.items)} is not an array, so it cannot be paged`,
    );
  }
  return items;
}

function pathText(path: readonly string[]): string {
  return `"${path.join(".")}"`;
}

function finiteNumber(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return undefined;
}

/** An input path can only be written when its first key is one of the operation's inputs. */
function requireInput(op: OperationDef<unknown, unknown>, path: readonly string[], why: string): void {
  const head = path[0];
  if (head === undefined || !op.params.some((p) => p.name === head)) {
    throw new PaginationError(op.name, `${why}, but the operation has no ${pathText(path)} input`);
  }
}

/** A page identical to the one before means the server ignores the page input: stop instead of looping. */
function checkAdvanced(op: OperationDef<unknown, unknown>, items: unknown[], state: PagingState): void {
  let json: string | undefined;
  try {
    json = JSON.stringify(items);
  } catch {
    json = undefined;
  }
  if (json !== undefined && json === state.previousItems) {
    throw new PaginationError(
      op.name,
      "the server returned the same page twice; stopping instead of looping",
    );
  }
  state.previousItems = json;
}

function remember(op: OperationDef<unknown, unknown>, state: PagingState, key: string, what: string): void {
  if (state.seen.has(key)) {
    throw new PaginationError(
      op.name,
      `the server returned ${what} ${JSON.stringify(state.redact(key))} twice; stopping instead of looping`,
    );
  }
  state.seen.add(key);
}

/**
 * What to request after `page`, or undefined when `page` was the last one.
 * Throws `PaginationError` when going on would loop, leave the API's origin, or cannot be expressed.
 */
export function nextPage(
  op: OperationDef<unknown, unknown>,
  current: PageRequest,
  page: Page,
  state: PagingState,
): PageRequest | undefined {
  const pagination = op.pagination;
  if (!pagination) throw new TypeError(`${op.name} is not paginated`);
  const response = page.data;
  const items = pageItems(op, pagination, response);
  const input = current.input;

  switch (pagination.style) {
    case "page": {
      if (items.length === 0) return undefined;
      const requested = finiteNumber(getAtPath(input, pagination.page));
      const reported = pagination.currentPage
        ? finiteNumber(getAtPath(response, pagination.currentPage))
        : undefined;
      // Without a page in the input or the response, the first page is taken to be 1.
      const currentPage = reported ?? requested ?? 1;
      if (pagination.totalPages) {
        const total = finiteNumber(getAtPath(response, pagination.totalPages));
        // A response that stops saying how many pages there are is taken to be the last.
        if (total === undefined || currentPage >= total) return undefined;
      }
      if (requested !== undefined && reported !== undefined && reported < requested) {
        throw new PaginationError(
          op.name,
          `asked for page ${requested} but the response is page ${reported}; stopping instead of looping`,
        );
      }
      checkAdvanced(op, items, state);
      const next = currentPage + 1;
      requireInput(op, pagination.page, `page ${next} may exist`);
      return { input: setAtPath(input, pagination.page, next) };
    }
    case "offset": {
      if (items.length === 0) return undefined;
      const offset = finiteNumber(getAtPath(input, pagination.offset)) ?? 0;
      const next = offset + items.length;
      const limit = finiteNumber(getAtPath(input, pagination.limit));
      if (limit !== undefined && items.length < limit) return undefined;
      if (pagination.total) {
        const total = finiteNumber(getAtPath(response, pagination.total));
        if (total !== undefined && next >= total) return undefined;
      }
      checkAdvanced(op, items, state);
      requireInput(op, pagination.offset, `more items may follow offset ${next}`);
      return { input: setAtPath(input, pagination.offset, next) };
    }
    case "cursor": {
      const cursor = getAtPath(response, pagination.next);
      if (cursor === undefined || cursor === null || cursor === "") return undefined;
      if (typeof cursor !== "string" && typeof cursor !== "number") {
        throw new PaginationError(op.name, `the response's ${pathText(pagination.next)} is not a string`);
      }
      remember(op, state, String(cursor), "cursor");
      requireInput(op, pagination.cursor, "the response has a next cursor");
      return { input: setAtPath(input, pagination.cursor, cursor) };
    }
    case "lastId": {
      if (items.length === 0 || getAtPath(response, pagination.hasMore) !== true) return undefined;
      const last = items[items.length - 1];
      const id = isRecord(last) && Object.hasOwn(last, pagination.id) ? last[pagination.id] : undefined;
      if (typeof id !== "string" && typeof id !== "number") {
        throw new PaginationError(
          op.name,
          `the server says more items follow, but the page's last item has no "${pagination.id}" ` +
            "to continue from",
        );
      }
      remember(op, state, String(id), "last id");
      requireInput(op, pagination.cursor, "the server says more items follow");
      return { input: setAtPath(input, pagination.cursor, id) };
    }
    case "link": {
      const header = page.headers.link;
      const link = header === undefined ? undefined : nextLink(header);
      if (link === undefined) return undefined;
      let url: URL;
      try {
        url = new URL(link, page.url);
      } catch {
        throw new PaginationError(
          op.name,
          `the next link ${JSON.stringify(state.redact(link))} is not a URL`,
        );
      }
      const origin = state.baseUrl === undefined ? new URL(page.url).origin : new URL(state.baseUrl).origin;
      if (url.origin !== origin) {
        // Credentials go with every page request: they must never travel to another host.
        throw new PaginationError(
          op.name,
          `the next link points to ${JSON.stringify(state.redact(url.origin))}, not the API's origin ` +
            `${JSON.stringify(origin)}; not following it`,
        );
      }
      remember(op, state, url.href, "next link");
      return { input, url: url.href };
    }
    case "scroll": {
      // No repeated-cursor guard here: a scroll id may legitimately stay the same for the whole scroll.
      if (items.length === 0) return undefined;
      const scrollId = getAtPath(response, pagination.next);
      if (scrollId === undefined || scrollId === null || scrollId === "") return undefined;
      if (typeof scrollId !== "string" && typeof scrollId !== "number") {
        throw new PaginationError(op.name, `the response's ${pathText(pagination.next)} is not a string`);
      }
      requireInput(op, pagination.cursor, "the response has a scroll id");
      return { input: setAtPath(input, pagination.cursor, scrollId) };
    }
  }
}

/** One `Link` header entry: the target as written and its parameters (names lower-cased). */
export interface LinkValue {
  url: string;
  params: Record<string, string>;
}

/**
 * Parses a `Link` header (RFC 8288): `<url>; rel="next"; title="a, b", <url2>; rel=prev`. Commas and
 * semicolons inside `<...>` or quoted strings do not split; several headers joined with ", " parse as
 * one. Malformed entries are skipped.
 */
export function parseLinkHeader(value: string): LinkValue[] {
  const links: LinkValue[] = [];
  let i = 0;
  const n = value.length;
  const skipSpace = (): void => {
    while (i < n && /[\s]/.test(value[i]!)) i++;
  };
  while (i < n) {
    skipSpace();
    if (value[i] === ",") {
      i++;
      continue;
    }
    if (value[i] !== "<") {
      // Not a link: skip to the next top-level comma.
      skipToComma();
      continue;
    }
    const end = value.indexOf(">", i);
    if (end < 0) break;
    const url = value.slice(i + 1, end).trim();
    i = end + 1;
    const params: Record<string, string> = Object.create(null) as Record<string, string>;
    for (;;) {
      skipSpace();
      if (value[i] !== ";") break;
      i++;
      skipSpace();
      const nameMatch = /^[^=;,\s]+/.exec(value.slice(i));
      if (!nameMatch) break;
      const name = nameMatch[0].toLowerCase();
      i += nameMatch[0].length;
      skipSpace();
      let paramValue = "";
      if (value[i] === "=") {
        i++;
        skipSpace();
        if (value[i] === '"') {
          i++;
          while (i < n && value[i] !== '"') {
            if (value[i] === "\\" && i + 1 < n) i++;
            paramValue += value[i];
            i++;
          }
          i++;
        } else {
          const tokenMatch = /^[^;,\s]*/.exec(value.slice(i));
          paramValue = tokenMatch?.[0] ?? "";
          i += paramValue.length;
        }
      }
      // The first occurrence of a parameter wins (RFC 8288 §3.3 for rel).
      if (!(name in params)) params[name] = paramValue;
    }
    links.push({ url, params: { ...params } });
    skipToComma();
  }
  return links;

  function skipToComma(): void {
    let quoted = false;
    while (i < n) {
      const ch = value[i];
      if (quoted) {
        if (ch === "\\") i++;
        else if (ch === '"') quoted = false;
      } else if (ch === '"') quoted = true;
      else if (ch === ",") return;
      i++;
    }
  }
}

/** The target of the link whose `rel` (a space-separated list, case-insensitive) includes `next`. */
export function nextLink(header: string): string | undefined {
  for (const link of parseLinkHeader(header)) {
    const rels = (link.params.rel ?? "").toLowerCase().split(/\s+/);
    if (rels.includes("next") && link.url !== "") return link.url;
  }
  return undefined;
}

/** Yields every item of every page; `fetchPage` is a full call (retries, validation, hooks) for one page. */
export async function* paginateItems<Item>(
  op: OperationDef<unknown, unknown>,
  input: unknown,
  fetchPage: (request: PageRequest) => Promise<Page>,
  options: { signal?: AbortSignal; redact?: (text: string) => string; baseUrl?: string } = {},
): AsyncGenerator<Item, void, undefined> {
  const pagination = op.pagination;
  if (!pagination) throw new TypeError(`${op.name} is not paginated`);
  const state = newPagingState(op, input, options);
  let current: PageRequest = { input: input ?? {} };
  for (;;) {
    options.signal?.throwIfAborted();
    const page = await fetchPage(current);
    for (const item of pageItems(op, pagination, page.data)) yield item as Item;
    const next = nextPage(op, current, page, state);
    if (next === undefined) return;
    current = next;
  }
}

/**
 * Every item of every page, fetched lazily as the caller iterates; each page is a full call through
 * `rt` (risk check, validation, retries, hooks). Stops at the last page; throws `PaginationError`
 * instead of looping or of following a next link to another host.
 */
export function paginate<I, O, Item = unknown>(rt: Runtime, op: OperationDef<I, O>, input?: I, options: RequestOptions = {}): AsyncIterable<Item> {
  if (!op.pagination) throw new TypeError(`${op.name} is not paginated`);
  const erased = op as OperationDef<unknown, unknown>;
  // Defaults are filled in up front so that paging decisions see them (a default page size, say).
  const start = applyDefaults(erased.params, input ?? {});
  return paginateItems<Item>(erased, start, (request) => rt.fetchPage(erased, request, options), {
    ...(options.signal ? { signal: options.signal } : {}),
    redact: (text) => rt.redact(text),
    baseUrl: rt.baseUrl,
  });
}

/**
 * A method for the generated client that also offers `.all` auto-paging.
 * Throws a TypeError at creation when the operation declares no pagination (a generator bug).
 */
export function pagedMethod<I, O, Item = unknown>(
  rt: Runtime,
  op: OperationDef<I, O>,
): ((input?: I, options?: RequestOptions) => Promise<O>) & {
  all(input?: I, options?: RequestOptions): AsyncIterable<Item>;
} {
  if (!op.pagination) throw new TypeError(`${op.name} is not paginated, so it has no .all`);
  const method = (input?: I, options?: RequestOptions): Promise<O> => rt.call(op, input, options);
  return Object.assign(method, {
    all: (input?: I, options?: RequestOptions): AsyncIterable<Item> => paginate<I, O, Item>(rt, op, input, options),
  });
}
