/** Auto-paging end to end against a loopback node:http server. */
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { PaginationError, pagedMethod, type OperationDef } from "../../generator/runtime/index.ts";
import {
  adminsGet,
  catchError,
  collect,
  runtimeFor,
  sendJson,
  startServer,
  type TestServer,
} from "./helpers.ts";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handler: Parameters<typeof startServer>[0]): Promise<TestServer> {
  server = await startServer(handler);
  return server;
}

function query(s: TestServer, index: number): URLSearchParams {
  return new URL(s.requests[index]!.url, s.url).searchParams;
}

const Company = z.looseObject({ id: z.string() });

const companiesList: OperationDef<{ page?: number; per_page?: number }, unknown> = {
  name: "companies.list",
  resource: "companies",
  summary: "",
  risk: "read",
  method: "POST",
  path: "/companies/list",
  input: z.strictObject({ page: z.number().optional(), per_page: z.number().optional() }),
  output: z.looseObject({
    data: z.array(Company),
    pages: z.looseObject({ page: z.number(), total_pages: z.number() }).optional(),
  }),
  params: [
    { name: "page", wire: "page", in: "query" },
    { name: "per_page", wire: "per_page", in: "query" },
  ],
  pagination: { style: "page", items: "data" },
};

const contactsList: OperationDef<{ per_page?: number; starting_after?: string }, unknown> = {
  name: "contacts.list",
  resource: "contacts",
  summary: "",
  risk: "read",
  method: "GET",
  path: "/contacts",
  input: z.strictObject({ per_page: z.number().optional(), starting_after: z.string().optional() }),
  output: z.looseObject({ data: z.array(z.looseObject({ id: z.string() })) }),
  params: [
    { name: "per_page", wire: "per_page", in: "query" },
    { name: "starting_after", wire: "starting_after", in: "query" },
  ],
  pagination: { style: "cursor", items: "data", cursor: ["starting_after"] },
};

const conversationsSearch: OperationDef<
  { query: Record<string, unknown>; pagination?: { per_page?: number; starting_after?: string } },
  unknown
> = {
  name: "conversations.search",
  resource: "conversations",
  summary: "",
  risk: "read",
  method: "POST",
  path: "/conversations/search",
  input: z.strictObject({
    query: z.record(z.string(), z.unknown()),
    pagination: z
      .strictObject({ per_page: z.number().optional(), starting_after: z.string().optional() })
      .optional(),
  }),
  output: z.looseObject({ conversations: z.array(z.looseObject({ id: z.string() })) }),
  params: [
    { name: "query", wire: "query", in: "body" },
    { name: "pagination", wire: "pagination", in: "body" },
  ],
  pagination: { style: "cursor", items: "conversations", cursor: ["pagination", "starting_after"] },
};

const companiesScroll: OperationDef<{ scroll_param?: string }, unknown> = {
  name: "companies.scroll",
  resource: "companies",
  summary: "",
  risk: "read",
  method: "GET",
  path: "/companies/scroll",
  input: z.strictObject({ scroll_param: z.string().optional() }),
  output: z.looseObject({ data: z.array(Company), scroll_param: z.string().optional() }),
  params: [{ name: "scroll_param", wire: "scroll_param", in: "query" }],
  pagination: { style: "scroll", items: "data", cursor: ["scroll_param"] },
};

/** Three pages of two companies; page numbers from the query. */
function pageServer(totalPages = 3): Promise<TestServer> {
  return serve((req, res) => {
    const page = Number(new URL(req.url, "http://x").searchParams.get("page") ?? "1");
    sendJson(res, 200, {
      type: "list",
      data: [{ id: `p${page}a` }, { id: `p${page}b` }],
      pages: { type: "pages", page, per_page: 2, total_pages: totalPages },
    });
  });
}

describe("page style", () => {
  it("starts at page 1 and yields every item until total_pages", async () => {
    const s = await pageServer();
    const items = await collect(runtimeFor(s).paginate(companiesList, { per_page: 2 }));
    expect(items).toEqual([
      { id: "p1a" },
      { id: "p1b" },
      { id: "p2a" },
      { id: "p2b" },
      { id: "p3a" },
      { id: "p3b" },
    ]);
    expect(s.requests.map((_, i) => query(s, i).get("page"))).toEqual([null, "2", "3"]);
    expect(s.requests.every((_, i) => query(s, i).get("per_page") === "2")).toBe(true);
  });

  it("starts from the input's page", async () => {
    const s = await pageServer();
    const items = await collect(runtimeFor(s).paginate(companiesList, { page: 2 }));
    expect(items.map((c) => (c as { id: string }).id)).toEqual(["p2a", "p2b", "p3a", "p3b"]);
    expect(s.requests).toHaveLength(2);
  });

  it("stops on an empty page and when there is no pages object", async () => {
    const s = await serve((_req, res, i) =>
      i === 0
        ? sendJson(res, 200, { data: [{ id: "a" }], pages: { page: 1, total_pages: 9 } })
        : sendJson(res, 200, { data: [], pages: { page: 2, total_pages: 9 } }),
    );
    expect(await collect(runtimeFor(s).paginate(companiesList, {}))).toEqual([{ id: "a" }]);
    expect(s.requests).toHaveLength(2);

    const t = await startServer((_req, res) => sendJson(res, 200, { data: [{ id: "only" }] }));
    try {
      expect(await collect(runtimeFor(t).paginate(companiesList, {}))).toEqual([{ id: "only" }]);
      expect(t.requests).toHaveLength(1);
    } finally {
      await t.close();
    }
  });

  it("throws a PaginationError when the server keeps answering the same page", async () => {
    const s = await serve((_req, res) =>
      sendJson(res, 200, { data: [{ id: "same" }], pages: { page: 1, total_pages: 5 } }),
    );
    const seen: unknown[] = [];
    const error = await catchError(
      (async () => {
        for await (const item of runtimeFor(s).paginate(companiesList, {})) seen.push(item);
      })(),
    );
    expect(error).toBeInstanceOf(PaginationError);
    expect(seen).toHaveLength(2);
    expect(s.requests).toHaveLength(2);
  });
});

describe("cursor style", () => {
  it("follows pages.next.starting_after in the query until it is absent", async () => {
    const s = await serve((req, res) => {
      const after = new URL(req.url, "http://x").searchParams.get("starting_after");
      const next = after === null ? "c1" : after === "c1" ? "c2" : undefined;
      sendJson(res, 200, {
        type: "list",
        data: [{ id: `after-${after ?? "start"}` }],
        pages: { type: "pages", ...(next ? { next: { per_page: 1, starting_after: next } } : {}) },
      });
    });
    const items = await collect(runtimeFor(s).paginate(contactsList, { per_page: 1 }));
    expect(items).toEqual([{ id: "after-start" }, { id: "after-c1" }, { id: "after-c2" }]);
    expect(s.requests.map((_, i) => query(s, i).get("starting_after"))).toEqual([null, "c1", "c2"]);
    expect(s.requests.every((_, i) => query(s, i).get("per_page") === "1")).toBe(true);
  });

  it("writes a nested body cursor (pagination.starting_after), merged with the caller's pagination", async () => {
    const s = await serve((req, res) => {
      const body = JSON.parse(req.body) as { pagination?: { starting_after?: string } };
      const after = body.pagination?.starting_after;
      sendJson(res, 200, {
        conversations: [{ id: after ?? "first" }],
        pages: { next: after ? null : { starting_after: "cur-2" } },
      });
    });
    const input = { query: { field: "state", operator: "=", value: "open" }, pagination: { per_page: 1 } };
    const items = await collect(runtimeFor(s).paginate(conversationsSearch, input));
    expect(items).toEqual([{ id: "first" }, { id: "cur-2" }]);
    expect(s.requests.map((r) => JSON.parse(r.body))).toEqual([
      { query: input.query, pagination: { per_page: 1 } },
      { query: input.query, pagination: { per_page: 1, starting_after: "cur-2" } },
    ]);
    expect(input.pagination).toEqual({ per_page: 1 });
  });

  it("throws a PaginationError when a cursor comes back a second time", async () => {
    const s = await serve((req, res) => {
      const after = new URL(req.url, "http://x").searchParams.get("starting_after");
      sendJson(res, 200, {
        data: [{ id: after ?? "start" }],
        pages: { next: { starting_after: after === "a" ? "b" : "a" } },
      });
    });
    const error = await catchError(collect(runtimeFor(s).paginate(contactsList, {})));
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toBe(
      'contacts.list: the server returned cursor "a" twice; stopping instead of looping',
    );
    expect(s.requests).toHaveLength(3);
  });
});

describe("scroll style", () => {
  it("sends scroll_param back until a page is empty", async () => {
    const s = await serve((_req, res, i) =>
      sendJson(res, 200, { type: "list", data: i < 2 ? [{ id: `c${i}` }] : [], scroll_param: "scroll-1" }),
    );
    const items = await collect(runtimeFor(s).paginate(companiesScroll, {}));
    expect(items).toEqual([{ id: "c0" }, { id: "c1" }]);
    expect(s.requests.map((_, i) => query(s, i).get("scroll_param"))).toEqual([null, "scroll-1", "scroll-1"]);
  });
});

describe("paging and the rest of the call", () => {
  it("validates each page's input and output like call", async () => {
    const s = await pageServer();
    await expect(collect(runtimeFor(s).paginate(companiesList, { page: "1" } as never))).rejects.toThrow(
      /companies\.list: invalid input: page/,
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
        for await (const item of runtimeFor(s).paginate(companiesList, {}, { signal: controller.signal })) {
          seen.push(item);
          if (seen.length === 3) controller.abort(reason);
        }
      })(),
    );
    expect(error).toBe(reason);
    expect(seen).toHaveLength(4);
    expect(s.requests).toHaveLength(2);
  });

  it("stops fetching when the consumer breaks out early", async () => {
    const s = await pageServer(100);
    for await (const item of runtimeFor(s).paginate(companiesList, {})) {
      expect(item).toEqual({ id: "p1a" });
      break;
    }
    expect(s.requests).toHaveLength(1);
  });
});

describe("pagedMethod", () => {
  it("is the call itself and offers .all", async () => {
    const s = await pageServer(2);
    const list = pagedMethod<{ page?: number; per_page?: number }, unknown, { id: string }>(
      runtimeFor(s),
      companiesList,
    );
    await expect(list({ page: 2 })).resolves.toMatchObject({ data: [{ id: "p2a" }, { id: "p2b" }] });
    const ids: string[] = [];
    for await (const company of list.all()) ids.push(company.id);
    expect(ids).toEqual(["p1a", "p1b", "p2a", "p2b"]);
  });

  it("refuses an operation without pagination", async () => {
    const s = await pageServer();
    expect(() => pagedMethod(runtimeFor(s), adminsGet)).toThrow(/admins\.get is not paginated/);
    expect(() => runtimeFor(s).paginate(adminsGet, { id: "1" })).toThrow(TypeError);
  });
});
