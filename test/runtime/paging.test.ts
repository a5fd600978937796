/** paging.ts: next-page decisions for every style (pure), and the Link header parser. */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  nextLink,
  nextPage,
  type OperationDef,
  type Page,
  type Pagination,
  PaginationError,
  type ParamSpec,
  parseLinkHeader,
} from "../../generator/runtime/index.ts";
import { newPagingState } from "../../generator/runtime/paging.ts";

const BASE = "https://api.pets.example/v1";

function op(pagination: Pagination, names: string[] = []): OperationDef<unknown, unknown> {
  const params: ParamSpec[] = names.map((name) => ({ name, wire: name, in: "query" }));
  return {
    name: "things.list",
    resource: "things",
    summary: "",
    risk: "read",
    method: "GET",
    path: "/things",
    input: z.unknown(),
    output: z.unknown(),
    params,
    pagination,
  };
}

function page(data: unknown, headers: Record<string, string> = {}, url = `${BASE}/things`): Page {
  return { data, headers, url };
}

function next(
  o: OperationDef<unknown, unknown>,
  input: unknown,
  data: unknown,
  state = newPagingState(o, input, { baseUrl: BASE }),
) {
  return nextPage(o, { input }, page(data), state)?.input;
}

describe("page style", () => {
  const paged = op(
    {
      style: "page",
      items: ["data"],
      page: ["page"],
      totalPages: ["pages", "total_pages"],
      currentPage: ["pages", "page"],
    },
    ["page"],
  );

  it("asks for the following page until the last", () => {
    expect(next(paged, {}, { data: [1], pages: { page: 1, total_pages: 3 } })).toEqual({ page: 2 });
    expect(next(paged, { page: 2, per_page: 5 }, { data: [1], pages: { page: 2, total_pages: 3 } })).toEqual({
      page: 3,
      per_page: 5,
    });
    expect(next(paged, { page: 3 }, { data: [1], pages: { page: 3, total_pages: 3 } })).toBeUndefined();
  });

  it("stops on an empty page, or when the declared totals are missing", () => {
    expect(next(paged, {}, { data: [], pages: { page: 1, total_pages: 3 } })).toBeUndefined();
    expect(next(paged, {}, { data: [1] })).toBeUndefined();
    expect(next(paged, {}, { data: [1], pages: { page: 1 } })).toBeUndefined();
  });

  it("without totals goes on until an empty page, counting from the input (or 1)", () => {
    const open = op({ style: "page", items: ["data"], page: ["page"] }, ["page"]);
    expect(next(open, {}, { data: [1] })).toEqual({ page: 2 });
    expect(next(open, { page: 7 }, { data: [1] })).toEqual({ page: 8 });
    expect(next(open, { page: 7 }, { data: [] })).toBeUndefined();
  });

  it("reads string numbers", () => {
    expect(next(paged, {}, { data: [1], pages: { page: "1", total_pages: "2" } })).toEqual({ page: 2 });
  });

  it("throws instead of looping when the server does not advance, or repeats a page", () => {
    expect(() => next(paged, { page: 2 }, { data: [1], pages: { page: 1, total_pages: 3 } })).toThrow(
      PaginationError,
    );
    const open = op({ style: "page", items: ["data"], page: ["page"] }, ["page"]);
    const state = newPagingState(open, {});
    expect(next(open, {}, { data: [{ id: 1 }] }, state)).toEqual({ page: 2 });
    expect(() => next(open, { page: 2 }, { data: [{ id: 1 }] }, state)).toThrow(/same page twice/);
  });

  it("throws when more pages exist but the operation has no page input", () => {
    const noPageInput = op({
      style: "page",
      items: ["data"],
      page: ["page"],
      totalPages: ["pages", "total_pages"],
    });
    expect(() => next(noPageInput, {}, { data: [1], pages: { total_pages: 2 } })).toThrow(
      'things.list: page 2 may exist, but the operation has no "page" input',
    );
    expect(next(noPageInput, {}, { data: [1], pages: { total_pages: 1 } })).toBeUndefined();
  });

  it("reads items at a nested path and rejects items that are not an array", () => {
    const nested = op({ style: "page", items: ["result", "things"], page: ["page"] }, ["page"]);
    expect(next(nested, {}, { result: { things: [1] } })).toEqual({ page: 2 });
    expect(next(nested, {}, { result: {} })).toBeUndefined();
    expect(() => next(paged, {}, { data: "x" })).toThrow(/"data" is not an array/);
  });
});

describe("offset style", () => {
  const offset = op({
    style: "offset",
    items: ["items"],
    offset: ["offset"],
    limit: ["limit"],
    total: ["total"],
  }, [
    "offset",
    "limit",
  ]);

  it("advances by the items received", () => {
    expect(next(offset, { limit: 2 }, { items: [1, 2], total: 10 })).toEqual({ limit: 2, offset: 2 });
    expect(next(offset, { limit: 2, offset: 4 }, { items: [1, 2], total: 10 })).toEqual({
      limit: 2,
      offset: 6,
    });
    // A server may cap the page below the limit asked for; without a total, only a short page ends it.
    expect(
      next(op({ style: "offset", items: ["items"], offset: ["offset"], limit: ["limit"] }, ["offset"]), {}, {
        items: [1, 2],
      }),
    ).toEqual({ offset: 2 });
  });

  it("stops at the total, on a page shorter than the limit, and on an empty page", () => {
    expect(next(offset, { limit: 2, offset: 8 }, { items: [1, 2], total: 10 })).toBeUndefined();
    expect(next(offset, { limit: 5 }, { items: [1, 2], total: 10 })).toBeUndefined();
    expect(next(offset, { limit: 5 }, { items: [] })).toBeUndefined();
  });
});

describe("cursor style", () => {
  const cursor = op({
    style: "cursor",
    items: ["data"],
    cursor: ["starting_after"],
    next: ["pages", "next", "starting_after"],
  }, [
    "starting_after",
  ]);

  it("follows the next path until it is absent, null or empty", () => {
    const state = newPagingState(cursor, {});
    expect(next(cursor, { per_page: 2 }, { data: [1], pages: { next: { starting_after: "c1" } } }, state))
      .toEqual({
        per_page: 2,
        starting_after: "c1",
      });
    expect(next(cursor, {}, { data: [1], pages: { next: null } }, state)).toBeUndefined();
    expect(next(cursor, {}, { data: [1], pages: {} }, state)).toBeUndefined();
    expect(next(cursor, {}, { data: [1], pages: { next: { starting_after: "" } } }, state)).toBeUndefined();
    // An empty page with a cursor still follows it (some APIs filter pages to nothing).
    expect(next(cursor, {}, { data: [], pages: { next: { starting_after: "c2" } } }, state)).toEqual({
      starting_after: "c2",
    });
  });

  it("writes a nested cursor path", () => {
    const nested = op(
      {
        style: "cursor",
        items: ["conversations"],
        cursor: ["pagination", "starting_after"],
        next: ["pages", "next", "starting_after"],
      },
      ["query", "pagination"],
    );
    const input = { query: { field: "state" }, pagination: { per_page: 2 } };
    expect(next(nested, input, { conversations: [1], pages: { next: { starting_after: "c9" } } })).toEqual({
      query: { field: "state" },
      pagination: { per_page: 2, starting_after: "c9" },
    });
  });

  it("throws on a cursor seen before, including the caller's starting cursor", () => {
    const state = newPagingState(cursor, { starting_after: "c0" });
    expect(() => next(cursor, {}, { data: [1], pages: { next: { starting_after: "c0" } } }, state)).toThrow(
      /returned cursor "c0" twice/,
    );
    const fresh = newPagingState(cursor, {});
    next(cursor, {}, { data: [1], pages: { next: { starting_after: "a" } } }, fresh);
    next(cursor, {}, { data: [1], pages: { next: { starting_after: "b" } } }, fresh);
    expect(() => next(cursor, {}, { data: [1], pages: { next: { starting_after: "a" } } }, fresh)).toThrow(
      PaginationError,
    );
    expect(() => next(cursor, {}, { data: [1], pages: { next: { starting_after: {} } } })).toThrow(
      /is not a string/,
    );
  });
});

describe("lastId style", () => {
  const lastId = op({
    style: "lastId",
    items: ["data"],
    cursor: ["starting_after"],
    hasMore: ["has_more"],
    id: "id",
  }, [
    "starting_after",
  ]);

  it("sends the last item's id while hasMore is true", () => {
    expect(next(lastId, { limit: 2 }, { data: [{ id: "a" }, { id: "b" }], has_more: true })).toEqual({
      limit: 2,
      starting_after: "b",
    });
  });

  it("stops when hasMore is false, absent or not exactly true, or the page is empty", () => {
    expect(next(lastId, {}, { data: [{ id: "a" }], has_more: false })).toBeUndefined();
    expect(next(lastId, {}, { data: [{ id: "a" }] })).toBeUndefined();
    expect(next(lastId, {}, { data: [{ id: "a" }], has_more: "yes" })).toBeUndefined();
    expect(next(lastId, {}, { data: [], has_more: true })).toBeUndefined();
  });

  it("throws when the last item has no id, or an id repeats", () => {
    expect(() => next(lastId, {}, { data: [{ name: "x" }], has_more: true })).toThrow(/has no "id"/);
    const state = newPagingState(lastId, { starting_after: "a" });
    expect(() => next(lastId, {}, { data: [{ id: "a" }], has_more: true }, state)).toThrow(
      /last id "a" twice/,
    );
  });
});

describe("link style", () => {
  const link = op({ style: "link", items: ["items"] });

  it("requests the rel=next URL, resolved against the page's URL", () => {
    const state = newPagingState(link, {}, { baseUrl: BASE });
    const at = (header: string): string | undefined =>
      nextPage(
        link,
        { input: { a: 1 } },
        page({ items: [1] }, { link: header }, `${BASE}/things?page=1`),
        state,
      )?.url;
    expect(at(`<${BASE}/things?page=2>; rel="next"`)).toBe(`${BASE}/things?page=2`);
    expect(at(`</v1/things?page=3>; rel=next`)).toBe(`${BASE}/things?page=3`);
    expect(at(`<?page=4>; rel="next"`)).toBe(`${BASE}/things?page=4`);
    expect(
      nextPage(link, { input: { a: 1 } }, page({ items: [1] }, { link: `<?page=5>; rel="next"` }), state)
        ?.input,
    ).toEqual({ a: 1 });
  });

  it("stops without a Link header or without rel=next", () => {
    const state = newPagingState(link, {}, { baseUrl: BASE });
    expect(nextPage(link, { input: {} }, page({ items: [1] }), state)).toBeUndefined();
    expect(
      nextPage(link, { input: {} }, page({ items: [1] }, { link: `<${BASE}/x?page=1>; rel="prev"` }), state),
    ).toBeUndefined();
  });

  it("refuses another origin (scheme, host or port), and a repeated link", () => {
    const state = newPagingState(link, {}, { baseUrl: BASE });
    for (
      const other of [
        "https://evil.example/things",
        "http://api.pets.example/v1/things",
        "https://api.pets.example:8443/v1/things",
        "//evil.example/x",
      ]
    ) {
      expect(
        () => nextPage(link, { input: {} }, page({ items: [1] }, { link: `<${other}>; rel="next"` }), state),
        other,
      ).toThrow(
        /not the API's origin "https:\/\/api\.pets\.example"; not following it/,
      );
    }
    nextPage(link, { input: {} }, page({ items: [1] }, { link: `<${BASE}/t?p=2>; rel="next"` }), state);
    expect(() =>
      nextPage(link, { input: {} }, page({ items: [1] }, { link: `<${BASE}/t?p=2>; rel="next"` }), state)
    ).toThrow(
      /twice/,
    );
  });
});

describe("scroll style", () => {
  const scroll = op({ style: "scroll", items: ["data"], cursor: ["scroll_param"], next: ["scroll_param"] }, [
    "scroll_param",
  ]);

  it("sends the scroll id back, even an unchanged one, until a page is empty", () => {
    const state = newPagingState(scroll, {});
    expect(next(scroll, {}, { data: [1], scroll_param: "s1" }, state)).toEqual({ scroll_param: "s1" });
    expect(next(scroll, { scroll_param: "s1" }, { data: [2], scroll_param: "s1" }, state)).toEqual({
      scroll_param: "s1",
    });
    expect(next(scroll, { scroll_param: "s1" }, { data: [], scroll_param: "s1" }, state)).toBeUndefined();
    expect(next(scroll, {}, { data: [1] }, state)).toBeUndefined();
  });
});

describe("parseLinkHeader / nextLink", () => {
  it("parses several links with quoted and bare parameters", () => {
    expect(
      parseLinkHeader(
        '<https://a.example/x?page=2&q=a,b>; rel="next"; title="page, two; really", <https://a.example/x?page=9>; rel=last',
      ),
    ).toEqual([
      { url: "https://a.example/x?page=2&q=a,b", params: { rel: "next", title: "page, two; really" } },
      { url: "https://a.example/x?page=9", params: { rel: "last" } },
    ]);
  });

  it("handles escapes in quoted strings, case-insensitive names, the first of a repeated parameter, and junk", () => {
    expect(parseLinkHeader('<u1>; REL="next"; rel="prev"; title="a \\"quoted\\" word"')).toEqual([
      { url: "u1", params: { rel: "next", title: 'a "quoted" word' } },
    ]);
    expect(parseLinkHeader("junk, <u2>; rel=next, also junk; rel=next")).toEqual([{
      url: "u2",
      params: { rel: "next" },
    }]);
    expect(parseLinkHeader("")).toEqual([]);
    expect(parseLinkHeader("<unclosed; rel=next")).toEqual([]);
  });

  it("finds rel=next among several rels, in any case, in headers joined by fetch", () => {
    expect(nextLink('<https://a/1>; rel="first", <https://a/2>; rel="prev next"')).toBe("https://a/2");
    expect(nextLink('<https://a/1>; rel="first", <https://a/3>; rel="NEXT"')).toBe("https://a/3");
    expect(nextLink('<https://a/1>; rel="nextish"')).toBeUndefined();
    expect(nextLink('<https://a/1>; title="rel=next"')).toBeUndefined();
    expect(nextLink("<>; rel=next")).toBeUndefined();
  });
});
