/** Auto-paging end to end against a loopback node:http server, one section per pagination style. */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  pagedMethod,
  paginate,
  PaginationError,
  type OperationDef,
  type Pagination,
  type ParamSpec,
} from "../../generator/runtime/index.ts";
import {
  catchError,
  collect,
  PETS_API,
  petsGet,
  runtimeFor,
  sendJson,
  serversPerTest,
  TOKEN,
  type TestServer,
} from "./helpers.ts";

const serve = serversPerTest();

function query(s: TestServer, index: number): URLSearchParams {
  return new URL(s.requests[index]!.url, s.url).searchParams;
}

function params(url: string): URLSearchParams {
  return new URL(url, "http://x").searchParams;
}

/** Nine items, i1 … i9. */
const ITEMS = Array.from({ length: 9 }, (_, i) => ({ id: `i${i + 1}` }));
const ids = (items: unknown[]): string[] => items.map((item) => (item as { id: string }).id);
const ALL_IDS = ids(ITEMS);

/** A GET list operation with query inputs of the given names (numbers for page/offset/limit, strings otherwise). */
function listOp(
  pagination: Pagination,
  inputs: Record<string, "number" | "string">,
): OperationDef<Record<string, unknown>, unknown> {
  const shape: Record<string, z.ZodType> = {};
  const specs: ParamSpec[] = [];
  for (const [name, type] of Object.entries(inputs)) {
    shape[name] = (type === "number" ? z.number() : z.string()).optional();
    specs.push({ name, wire: name, in: "query" });
  }
  return {
    name: "things.list",
    resource: "things",
    summary: "",
    risk: "read",
    method: "GET",
    path: "/things",
    input: z.strictObject(shape),
    output: z.looseObject({}),
    params: specs,
    pagination,
  };
}

const pageOp = listOp(
  {
    style: "page",
    items: ["data"],
    page: ["page"],
    totalPages: ["meta", "total_pages"],
    currentPage: ["meta", "page"],
  },
  { page: "number", per_page: "number" },
);
const pageOpNoTotals = listOp({ style: "page", items: ["data"], page: ["page"] }, { page: "number" });
const offsetOp = listOp(
  { style: "offset", items: ["results"], offset: ["offset"], limit: ["limit"], total: ["count"] },
  { offset: "number", limit: "number" },
);
const offsetOpNoTotal = listOp(
  { style: "offset", items: ["results"], offset: ["offset"], limit: ["limit"] },
  { offset: "number", limit: "number" },
);
const cursorOp = listOp(
  { style: "cursor", items: ["data"], cursor: ["cursor"], next: ["pages", "next", "starting_after"] },
  { cursor: "string", per_page: "number" },
);
const lastIdOp = listOp(
  { style: "lastId", items: ["data"], cursor: ["starting_after"], hasMore: ["has_more"], id: "id" },
  { starting_after: "string", limit: "number" },
);
const linkOp = listOp({ style: "link", items: ["items"] }, { per_page: "number" });
const scrollOp = listOp(
  { style: "scroll", items: ["data"], cursor: ["scroll_param"], next: ["scroll_param"] },
  { scroll_param: "string" },
);

/** Three pages of three (page numbers from the query), `meta` saying where we are. */
function pageServer(totalPages = 3): Promise<TestServer> {
  return serve((req, res) => {
    const page = Number(params(req.url).get("page") ?? "1");
    const data = Array.from({ length: 3 }, (_, i) => ({ id: `p${page}-${i}` }));
    sendJson(res, 200, {
      data: page <= totalPages ? data : [],
      meta: { page, per_page: 3, total_pages: totalPages },
    });
  });
}

function offsetServer(options: { total?: boolean } = {}): Promise<TestServer> {
  return serve((req, res) => {
    const q = params(req.url);
    const offset = Number(q.get("offset") ?? "0");
    const limit = Number(q.get("limit") ?? "3");
    sendJson(res, 200, {
      results: ITEMS.slice(offset, offset + limit),
      ...(options.total === false ? {} : { count: ITEMS.length }),
    });
  });
}

function cursorServer(): Promise<TestServer> {
  return serve((req, res) => {
    const cursor = params(req.url).get("cursor");
    const start = cursor === null ? 0 : Number(cursor.slice(4));
    const next = start + 3 < ITEMS.length ? `cur-${start + 3}` : undefined;
    sendJson(res, 200, {
      data: ITEMS.slice(start, start + 3),
      pages: { type: "pages", next: next ? { starting_after: next } : null },
    });
  });
}

function lastIdServer(): Promise<TestServer> {
  return serve((req, res) => {
    const after = params(req.url).get("starting_after");
    const start = after === null ? 0 : ITEMS.findIndex((item) => item.id === after) + 1;
    sendJson(res, 200, {
      object: "list",
      data: ITEMS.slice(start, start + 3),
      has_more: start + 3 < ITEMS.length,
    });
  });
}

/** GitHub-style: `Link: <…?page=2>; rel="next", <…?page=3>; rel="last"`, with a comma inside a quoted title. */
function linkServer(origin: (s: TestServer) => string = (s) => s.url): Promise<TestServer> {
  let self: TestServer | undefined;
  const started = serve((req, res) => {
    const q = params(req.url);
    const page = Number(q.get("page") ?? "1");
    const links = [`<${origin(self!)}/things?per_page=3&page=1>; rel="first"; title="first, really"`];
    if (page < 3) {
      links.push(`<${origin(self!)}/things?per_page=3&page=${page + 1}>; title="next; page"; rel="next"`);
    }
    if (page > 1) links.push(`</things?per_page=3&page=${page - 1}>; rel=prev`);
    links.push(`<${origin(self!)}/things?per_page=3&page=3>; rel="last"`);
    res.writeHead(200, { "Content-Type": "application/json", Link: links.join(", ") });
    res.end(JSON.stringify({ items: ITEMS.slice((page - 1) * 3, page * 3) }));
  });
  return started.then((s) => (self = s));
}

function scrollServer(): Promise<TestServer> {
  return serve((_req, res, i) =>
    sendJson(res, 200, { data: ITEMS.slice(i * 3, i * 3 + 3), scroll_param: "scroll-1" })
  );
}

describe("every style pages to the last page and never stops after the first while more exist", () => {
  it.each(
    [
      ["page (totals in the response)", pageOp, () => pageServer(), {}, 3],
      ["page (no totals: until an empty page)", pageOpNoTotals, () => pageServer(), {}, 4],
      ["offset (until the total)", offsetOp, () => offsetServer(), { limit: 3 }, 3],
      ["offset (no total: until a short page)", offsetOpNoTotal, () => offsetServer({ total: false }), {
        limit: 4,
      }, 3],
      [
        "offset (no total, no limit: until an empty page)",
        offsetOpNoTotal,
        () => offsetServer({ total: false }),
        {},
        4,
      ],
      ["cursor", cursorOp, () => cursorServer(), {}, 3],
      ["lastId", lastIdOp, () => lastIdServer(), {}, 3],
      ["link", linkOp, () => linkServer(), {}, 3],
      ["scroll (until an empty page)", scrollOp, () => scrollServer(), {}, 4],
    ] as const,
  )("%s", async (_label, op, start, input, requests) => {
    const s = await start();
    const items = await collect(paginate(runtimeFor(s), op, input));
    expect(items.length).toBeGreaterThan(3);
    if (op !== pageOp && op !== pageOpNoTotals) expect(ids(items)).toEqual(ALL_IDS);
    else expect(items).toHaveLength(9);
    expect(s.requests).toHaveLength(requests);
    // Every page request carries the credentials.
    for (const req of s.requests) expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });
});

describe("page style", () => {
  it("counts from the input's page, keeps the other inputs, and stops at total_pages", async () => {
    const s = await pageServer();
    const items = await collect(paginate(runtimeFor(s), pageOp, { page: 2, per_page: 3 }));
    expect(ids(items)).toEqual(["p2-0", "p2-1", "p2-2", "p3-0", "p3-1", "p3-2"]);
    expect(s.requests.map((_, i) => query(s, i).get("page"))).toEqual(["2", "3"]);
    expect(s.requests.every((_, i) => query(s, i).get("per_page") === "3")).toBe(true);
  });

  it("without page input starts wherever the server does and asks for page 2 next", async () => {
    const s = await pageServer();
    await collect(paginate(runtimeFor(s), pageOp, {}));
    expect(s.requests.map((_, i) => query(s, i).get("page"))).toEqual([null, "2", "3"]);
  });

  it("stops on an empty page, and when the response stops giving its totals", async () => {
    const s = await serve((_req, res, i) =>
      i === 0
        ? sendJson(res, 200, { data: [{ id: "a" }], meta: { page: 1, total_pages: 9 } })
        : sendJson(res, 200, { data: [], meta: { page: 2, total_pages: 9 } })
    );
    expect(await collect(paginate(runtimeFor(s), pageOp, {}))).toEqual([{ id: "a" }]);
    expect(s.requests).toHaveLength(2);

    const t = await serve((_req, res) => sendJson(res, 200, { data: [{ id: "only" }] }));
    expect(await collect(paginate(runtimeFor(t), pageOp, {}))).toEqual([{ id: "only" }]);
    expect(t.requests).toHaveLength(1);
  });

  it("throws a PaginationError when the server keeps answering page 1", async () => {
    const s = await serve((_req, res) =>
      sendJson(res, 200, { data: [{ id: "same" }], meta: { page: 1, total_pages: 5 } })
    );
    const seen: unknown[] = [];
    const error = await catchError(
      (async () => {
        for await (const item of paginate(runtimeFor(s), pageOp, {})) seen.push(item);
      })(),
    );
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toBe(
      "things.list: asked for page 2 but the response is page 1; stopping instead of looping",
    );
    expect(seen).toHaveLength(2);
    expect(s.requests).toHaveLength(2);
  });

  it("throws a PaginationError when a server without totals ignores the page input", async () => {
    const s = await serve((_req, res) => sendJson(res, 200, { data: [{ id: "x" }, { id: "y" }] }));
    const error = await catchError(collect(paginate(runtimeFor(s), pageOpNoTotals, {})));
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toMatch(/same page twice/);
    expect(s.requests).toHaveLength(2);
  });
});

describe("offset style", () => {
  it("advances by the number of items received and keeps the limit", async () => {
    const s = await offsetServer();
    await collect(paginate(runtimeFor(s), offsetOp, { limit: 3 }));
    expect(s.requests.map((_, i) => [query(s, i).get("offset"), query(s, i).get("limit")])).toEqual([
      [null, "3"],
      ["3", "3"],
      ["6", "3"],
    ]);
  });

  it("uses a default page size from the params to notice the short last page", async () => {
    const withDefault: OperationDef<Record<string, unknown>, unknown> = {
      ...offsetOpNoTotal,
      params: [
        { name: "offset", wire: "offset", in: "query" },
        { name: "limit", wire: "limit", in: "query", default: 4 },
      ],
    };
    const s = await offsetServer({ total: false });
    expect(ids(await collect(paginate(runtimeFor(s), withDefault, {})))).toEqual(ALL_IDS);
    // 4 + 4 + 1: the short third page ends it without asking for a fourth.
    expect(s.requests).toHaveLength(3);
  });
});

describe("cursor style", () => {
  it("writes a nested body cursor (pagination.starting_after), merged with the caller's pagination", async () => {
    const search: OperationDef<
      { query: Record<string, unknown>; pagination?: { per_page?: number; starting_after?: string } },
      unknown
    > = {
      name: "things.search",
      resource: "things",
      summary: "",
      risk: "read",
      method: "POST",
      path: "/things/search",
      input: z.strictObject({
        query: z.record(z.string(), z.unknown()),
        pagination: z.strictObject({ per_page: z.number().optional(), starting_after: z.string().optional() })
          .optional(),
      }),
      output: z.looseObject({ things: z.array(z.looseObject({ id: z.string() })) }),
      params: [
        { name: "query", wire: "query", in: "body" },
        { name: "pagination", wire: "pagination", in: "body" },
      ],
      pagination: {
        style: "cursor",
        items: ["things"],
        cursor: ["pagination", "starting_after"],
        next: ["pages", "next", "starting_after"],
      },
    };
    const s = await serve((req, res) => {
      const body = JSON.parse(req.body) as { pagination?: { starting_after?: string } };
      const after = body.pagination?.starting_after;
      const next = after === undefined ? "cur-2" : after === "cur-2" ? "cur-3" : null;
      sendJson(res, 200, {
        things: [{ id: after ?? "first" }],
        pages: { next: next ? { starting_after: next } : null },
      });
    });
    const input = { query: { field: "state", operator: "=", value: "open" }, pagination: { per_page: 1 } };
    const items = await collect(paginate(runtimeFor(s), search, input));
    expect(items).toEqual([{ id: "first" }, { id: "cur-2" }, { id: "cur-3" }]);
    expect(s.requests.map((r) => JSON.parse(r.body))).toEqual([
      { query: input.query, pagination: { per_page: 1 } },
      { query: input.query, pagination: { per_page: 1, starting_after: "cur-2" } },
      { query: input.query, pagination: { per_page: 1, starting_after: "cur-3" } },
    ]);
    expect(input.pagination).toEqual({ per_page: 1 });
  });

  it("throws a PaginationError when a cursor comes back a second time", async () => {
    const s = await serve((req, res) => {
      const after = params(req.url).get("cursor");
      sendJson(res, 200, {
        data: [{ id: after ?? "start" }],
        pages: { next: { starting_after: after === "a" ? "b" : "a" } },
      });
    });
    const error = await catchError(collect(paginate(runtimeFor(s), cursorOp, {})));
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toBe(
      'things.list: the server returned cursor "a" twice; stopping instead of looping',
    );
    expect(s.requests).toHaveLength(3);
  });
});

describe("lastId style", () => {
  it("sends the last item's id while has_more is true", async () => {
    const s = await lastIdServer();
    await collect(paginate(runtimeFor(s), lastIdOp, { limit: 3 }));
    expect(s.requests.map((_, i) => query(s, i).get("starting_after"))).toEqual([null, "i3", "i6"]);
    expect(s.requests.every((_, i) => query(s, i).get("limit") === "3")).toBe(true);
  });

  it("stops when has_more is absent, and refuses to loop on a repeated last id", async () => {
    const s = await serve((_req, res) => sendJson(res, 200, { data: [{ id: "a" }] }));
    expect(await collect(paginate(runtimeFor(s), lastIdOp, {}))).toEqual([{ id: "a" }]);
    expect(s.requests).toHaveLength(1);

    const t = await serve((_req, res) => sendJson(res, 200, { data: [{ id: "a" }], has_more: true }));
    const error = await catchError(collect(paginate(runtimeFor(t), lastIdOp, {})));
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toMatch(/last id "a" twice/);
    expect(t.requests).toHaveLength(2);
  });
});

describe("link style", () => {
  it("requests the rel=next URL as sent, with the same headers", async () => {
    const s = await linkServer();
    await collect(paginate(runtimeFor(s, { version: "v9" }), linkOp, { per_page: 3 }));
    expect(s.requests.map((r) => r.url)).toEqual([
      "/things?per_page=3",
      "/things?per_page=3&page=2",
      "/things?per_page=3&page=3",
    ]);
    expect(s.requests.every((r) => r.headers["pets-version"] === "v9")).toBe(true);
  });

  it("resolves a relative next link against the page's URL", async () => {
    const s = await serve((req, res) => {
      const page = Number(params(req.url).get("page") ?? "1");
      res.writeHead(200, {
        "Content-Type": "application/json",
        ...(page < 3 ? { Link: `<?page=${page + 1}>; rel="next"` } : {}),
      });
      res.end(JSON.stringify({ items: [{ id: `p${page}` }] }));
    });
    expect(await collect(paginate(runtimeFor(s), linkOp, {}))).toEqual([{ id: "p1" }, { id: "p2" }, {
      id: "p3",
    }]);
    expect(s.requests.map((r) => r.url)).toEqual(["/things", "/things?page=2", "/things?page=3"]);
  });

  it("refuses a next link to another origin: the credentials must not travel there", async () => {
    const elsewhere = await serve((_req, res) => sendJson(res, 200, { items: [{ id: "stolen" }] }));
    const s = await linkServer(() => elsewhere.url);
    const seen: unknown[] = [];
    const error = await catchError(
      (async () => {
        for await (const item of paginate(runtimeFor(s), linkOp, {})) seen.push(item);
      })(),
    );
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toBe(
      `things.list: the next link points to "${elsewhere.url}", not the API's origin "${s.url}"; not following it`,
    );
    expect(ids(seen)).toEqual(["i1", "i2", "i3"]);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it("with a query API key: the key the server echoes into the link is replaced, never sent twice, never shown", async () => {
    const api = { ...PETS_API, auth: { scheme: "apiKey", in: "query", name: "api_key" } } as const;
    const KEY = "key_Z9mQ+2/x=";
    const s = await serve((req, res) => {
      const q = params(req.url);
      const page = Number(q.get("page") ?? "1");
      // The server echoes the whole query, key included, as many APIs do.
      q.set("page", String(page + 1));
      res.writeHead(200, {
        "Content-Type": "application/json",
        ...(page < 3 ? { Link: `<${s.url}/things?${q.toString()}>; rel="next"` } : {}),
      });
      res.end(JSON.stringify({ items: [{ id: `p${page}` }] }));
    });
    const events: unknown[] = [];
    const rt = runtimeFor(s, {
      token: undefined,
      apiKey: KEY,
      hooks: { onRequest: (e) => void events.push(e), onResponse: (e) => void events.push(e) },
    }, api);
    expect(await collect(paginate(rt, linkOp, { per_page: 1 }))).toHaveLength(3);
    for (const req of s.requests) expect(params(req.url).getAll("api_key")).toEqual([KEY]);
    expect(s.requests.map((r) => params(r.url).get("page"))).toEqual([null, "2", "3"]);
    const shown = JSON.stringify(events);
    expect(shown).not.toContain(KEY);
    expect(shown).not.toContain(encodeURIComponent(KEY));
    expect(shown).not.toContain(new URLSearchParams({ k: KEY }).toString().slice(2));
    expect(shown).toContain("api_key=***");
  });

  it("throws a PaginationError when the next link repeats", async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json", Link: `</things?page=2>; rel="next"` });
      res.end(JSON.stringify({ items: [{ id: "x" }] }));
    });
    const error = await catchError(collect(paginate(runtimeFor(s), linkOp, {})));
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toMatch(/returned next link ".*\/things\?page=2" twice/);
    expect(s.requests).toHaveLength(2);
  });
});

describe("scroll style", () => {
  it("sends the scroll id back, even an unchanged one, until a page is empty", async () => {
    const s = await scrollServer();
    await collect(paginate(runtimeFor(s), scrollOp, {}));
    expect(s.requests.map((_, i) => query(s, i).get("scroll_param"))).toEqual([
      null,
      "scroll-1",
      "scroll-1",
      "scroll-1",
    ]);
  });
});

describe("paging and the rest of the call", () => {
  it("validates each page's input like call", async () => {
    const s = await pageServer();
    await expect(collect(paginate(runtimeFor(s), pageOp, { page: "1" }))).rejects.toThrow(
      /things\.list: invalid input: page/,
    );
    expect(s.requests).toHaveLength(0);
  });

  it("honours the signal between pages", async () => {
    const s = await pageServer(100);
    const controller = new AbortController();
    const reason = new Error("enough");
    const seen: unknown[] = [];
    const error = await catchError(
      (async () => {
        for await (const item of paginate(runtimeFor(s), pageOp, {}, { signal: controller.signal })) {
          seen.push(item);
          if (seen.length === 4) controller.abort(reason);
        }
      })(),
    );
    expect(error).toBe(reason);
    expect(seen).toHaveLength(6);
    expect(s.requests).toHaveLength(2);
  });

  it("stops fetching when the consumer breaks out early", async () => {
    const s = await pageServer(100);
    for await (const item of paginate(runtimeFor(s), pageOp, {})) {
      expect(item).toEqual({ id: "p1-0" });
      break;
    }
    expect(s.requests).toHaveLength(1);
  });
});

describe("pagedMethod", () => {
  it("is the call itself and offers .all", async () => {
    const s = await pageServer(2);
    const list = pagedMethod<Record<string, unknown>, unknown, { id: string }>(runtimeFor(s), pageOp);
    await expect(list({ page: 2 })).resolves.toMatchObject({
      data: [{ id: "p2-0" }, { id: "p2-1" }, { id: "p2-2" }],
    });
    const seen: string[] = [];
    for await (const thing of list.all()) seen.push(thing.id);
    expect(seen).toEqual(["p1-0", "p1-1", "p1-2", "p2-0", "p2-1", "p2-2"]);
  });

  it("refuses an operation without pagination", async () => {
    const s = await pageServer();
    expect(() => pagedMethod(runtimeFor(s), petsGet)).toThrow(/pets\.get is not paginated/);
    expect(() => paginate(runtimeFor(s), petsGet, { id: "1" })).toThrow(TypeError);
  });
});
