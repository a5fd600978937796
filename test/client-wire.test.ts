/**
 * The generated client end to end, against a real HTTP server on 127.0.0.1 (never a mocked fetch):
 * every operation's request on the wire, a few hand-checked requests, faults, and auto-paging.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { itemsField } from "../generator/emit/client/names.ts";
import { exampleContext, exampleFor, placeholderFor, type ExampleContext } from "../generator/model/examples.ts";
import { typeIndex } from "../generator/model/type-graph.ts";
import type { ApiModel, FieldModel, OperationModel, TypeRef } from "../generator/model/types.ts";
import {
  ConnectionError,
  createIntercomClient,
  InternalServerError,
  operations,
  RateLimitError,
  ResponseParseError,
  ResponseValidationError,
  RiskError,
  TimeoutError,
  ValidationError,
  type IntercomClient,
  type IntercomClientOptions,
  type OperationName,
  type ResponseEvent,
} from "../generated/client/index.ts";
import { loadModel, SHARED_DIR } from "./helpers/spec.ts";

// ---------------------------------------------------------------------------------------------
// A loopback server that records every request and answers from a per-test script.

interface Recorded {
  method: string;
  /** The raw request target, exactly as it arrived. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

type Responder = (req: Recorded, res: ServerResponse) => void;

const TOKEN = "tok_wire_test_7f3a";
let baseUrl = "";
const requests: Recorded[] = [];
let respond: Responder = (_req, res) => sendJson(res, 500, { type: "error.list", errors: [{ code: "no_responder" }] });
let closeServer: () => Promise<void> = async () => {};

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** Answers the n-th request of the test (0-based) with `script[n]`, the last entry for any later one. */
function script(...steps: Responder[]): void {
  const start = requests.length;
  respond = (req, res) => steps[Math.min(requests.length - 1 - start, steps.length - 1)]!(req, res);
}

beforeAll(async () => {
  const server = createServer((raw, res) => {
    const chunks: Buffer[] = [];
    raw.on("data", (c: Buffer) => chunks.push(c));
    raw.on("end", () => {
      const req = { method: raw.method ?? "", url: raw.url ?? "", headers: raw.headers, body: Buffer.concat(chunks).toString("utf8") };
      requests.push(req);
      respond(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closeServer = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
});

afterAll(() => closeServer());

beforeEach(() => {
  requests.length = 0;
});

function client(options: Partial<IntercomClientOptions> = {}): IntercomClient {
  return createIntercomClient({ token: TOKEN, baseUrl, retryDelay: { baseMs: 1, maxMs: 20 }, ...options });
}

// ---------------------------------------------------------------------------------------------
// What the real API answers: the 200 examples of Intercom's own OpenAPI description.

interface RouteExamples {
  method: string;
  /** Path with every `{param}` blanked to `{}`, to match the spec's template whatever its names. */
  shape: string;
  examples: Map<string, unknown>;
}

function loadReferenceExamples(): RouteExamples[] {
  const doc = parse(readFileSync(path.join(SHARED_DIR, "reference/intercom-openapi.yaml"), "utf8")) as {
    paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { examples?: Record<string, { value?: unknown }>; example?: unknown }> }> }>>;
  };
  const out: RouteExamples[] = [];
  for (const [route, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const media = operation.responses?.["200"]?.content?.["application/json"];
      const examples = new Map<string, unknown>();
      for (const [name, ex] of Object.entries(media?.examples ?? {})) if (ex.value !== undefined) examples.set(name, ex.value);
      if (media?.example !== undefined) examples.set("", media.example);
      out.push({ method: method.toUpperCase(), shape: routeShape(route), examples });
    }
  }
  return out;
}

const routeShape = (template: string): string => template.replace(/\{[^}]+\}/g, "{}");

/** The reference's 200 example for the operation's route (the one named like the operation when several share it). */
function referenceExample(routes: RouteExamples[], op: OperationModel): unknown {
  const route = routes.find((r) => r.method === op.method && r.shape === routeShape(op.path));
  if (!route || route.examples.size === 0) return undefined;
  return route.examples.has(op.summary) ? route.examples.get(op.summary) : route.examples.values().next().value;
}

/** A stand-in value of the field's type (its example and default ignored). */
function placeholder(field: Pick<FieldModel, "name" | "format" | "constraints">, type: TypeRef, ctx: ExampleContext): unknown {
  return placeholderFor(type, { name: field.name, format: field.format, constraints: field.constraints }, ctx);
}

/** A plausible answer built from the output's fields where the reference has no example. */
function synthesizedOutput(op: OperationModel, ctx: ExampleContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of op.output?.fields ?? []) {
    if (field.required || field.name === "type" || field.name === "id") out[field.name] = placeholder(field, field.type, ctx);
  }
  return out;
}

/**
 * The input a realistic call sends: every field the spec has an example for, plus every required field
 * and every plain scalar (a stand-in where there is no example). Fields with a `default` are left out,
 * so the client's defaults are exercised.
 */
function exampleInput(op: OperationModel, ctx: ExampleContext): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of op.input) {
    if (field.default !== undefined) continue;
    if (field.example !== undefined || field.required || isScalar(field.type)) input[field.name] = exampleFor(field, ctx);
  }
  return input;
}

function isScalar(type: TypeRef): boolean {
  return type.kind === "primitive" ? type.name !== "object" : type.kind === "enum";
}

// ---------------------------------------------------------------------------------------------
// What the request must look like, computed from the model (names, locations, defaults, constants).

const encodeSegment = (value: string): string => encodeURIComponent(value).replace(/\./g, "%2E");

function expectedTarget(op: OperationModel, input: Record<string, unknown>): string {
  const pathname = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeSegment(String(input[name])));
  const query = new URLSearchParams();
  for (const field of op.input.filter((f) => f.location === "query")) {
    const value = input[field.name] ?? field.default;
    for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined && v !== null) query.append(field.wireName, String(v));
  }
  for (const c of op.constants) if (c.location === "query") query.set(c.name, String(c.value));
  const qs = query.toString();
  return qs ? `${pathname}?${qs}` : pathname;
}

/** The JSON body: only operations with body inputs or body constants send one (`{}` when the caller gave none of the fields). */
function expectedBody(op: OperationModel, input: Record<string, unknown>): Record<string, unknown> | undefined {
  if (!op.input.some((f) => f.location === "body") && !op.constants.some((c) => c.location === "body")) return undefined;
  const body: Record<string, unknown> = {};
  for (const field of op.input.filter((f: FieldModel) => f.location === "body")) {
    const value = input[field.name] ?? field.default;
    if (value !== undefined) body[field.wireName] = value;
  }
  for (const c of op.constants) if (c.location === "body") body[c.name] = c.value;
  return body;
}

function expectHeaders(req: Recorded, model: ApiModel, hasBody: boolean): void {
  expect(model.auth.scheme).toBe("bearer");
  expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
  // Every header the spec declares, with its default (Intercom-Version here).
  expect(model.headers.length).toBeGreaterThan(0);
  for (const h of model.headers) expect(req.headers[h.name.toLowerCase()], h.name).toBe(h.default);
  expect(req.headers.accept).toBe("application/json");
  expect(req.headers["user-agent"]).toBe(`${model.naming.packageName}/${model.version}`);
  expect(req.headers["content-type"]).toBe(hasBody ? "application/json" : undefined);
}

type AnyMethod = ((input?: unknown) => Promise<unknown>) & { all?: unknown };

function resourceMethod(c: IntercomClient, op: OperationModel): AnyMethod {
  const resource = (c as unknown as Record<string, Record<string, AnyMethod>>)[op.resource];
  const method = resource?.[op.name];
  if (typeof method !== "function") throw new Error(`client.${op.resource}.${op.name} is missing`);
  return method;
}

// ---------------------------------------------------------------------------------------------

const model = await loadModel();
const types = typeIndex(model);
const ctx = exampleContext(model);
const allOps = model.resources.flatMap((r) => r.operations);
const routes = loadReferenceExamples();

describe("every operation on the wire", () => {
  it("covers every operation of the spec, each in the operations registry", () => {
    expect(allOps.length).toBeGreaterThan(0);
    expect(Object.keys(operations).sort()).toEqual(allOps.map((op) => op.fullName).sort());
    for (const op of allOps) {
      const def = operations[op.fullName as OperationName];
      expect({ name: def.name, resource: def.resource, summary: def.summary, risk: def.risk, method: def.method, path: def.path }).toEqual({
        name: op.fullName,
        resource: op.resource,
        summary: op.summary,
        risk: op.risk,
        method: op.method,
        path: op.path,
      });
      expect(typeof def.input.safeParse).toBe("function");
      if (op.output) expect(typeof def.output?.safeParse).toBe("function");
      else expect(def.output).toBeUndefined();
    }
  });

  it("answers all but contacts.delete with the reference's own 200 example", () => {
    // DELETE /contacts/{id} is the one route whose 200 response has no example; it gets a synthesized one.
    expect(allOps.filter((op) => referenceExample(routes, op) === undefined).map((op) => op.fullName)).toEqual(["contacts.delete"]);
  });

  it.each(allOps.map((op) => [op.fullName, op] as const))("%s", async (_name, op) => {
    const input = exampleInput(op, ctx);
    const answer = referenceExample(routes, op) ?? synthesizedOutput(op, ctx);
    script((_req, res) => sendJson(res, 200, answer, { "X-Request-Id": "req-1" }));
    const c = client({ maxRisk: "destructive", maxRetries: 0 });

    const viaResource = await resourceMethod(c, op)(input);
    const viaCall = await c.call(op.fullName as OperationName, input as never);

    expect(requests).toHaveLength(2);
    const body = expectedBody(op, input);
    for (const req of requests) {
      expect(req.method).toBe(op.method);
      expect(req.url).toBe(expectedTarget(op, input));
      if (body === undefined) expect(req.body).toBe("");
      else expect(JSON.parse(req.body)).toEqual(body);
      expectHeaders(req, model, body !== undefined);
    }
    // Parsed with the output schema; fields the spec does not know are kept.
    expect(viaResource).toEqual(op.output ? answer : undefined);
    expect(viaCall).toEqual(op.output ? answer : undefined);
  });
});

describe("hand-checked requests (what the real API expects, written out)", () => {
  const ok = (body: unknown = { type: "contact", id: "1" }): Responder => (_req, res) => sendJson(res, 200, body);

  it("contacts.merge sends lead_id as `from` and user_id as `into`", async () => {
    script(ok());
    await client().contacts.merge({ lead_id: "lead-1", user_id: "user-2" });
    expect(requests[0]).toMatchObject({ method: "POST", url: "/contacts/merge" });
    expect(JSON.parse(requests[0]!.body)).toEqual({ from: "lead-1", into: "user-2" });
  });

  it("contacts.addTag sends tag_id as `id` to /contacts/{contact_id}/tags", async () => {
    script(ok({ type: "tag", id: "81", name: "VIP" }));
    await client().contacts.addTag({ contact_id: "c-9", tag_id: "81" });
    expect(requests[0]).toMatchObject({ method: "POST", url: "/contacts/c-9/tags" });
    expect(JSON.parse(requests[0]!.body)).toEqual({ id: "81" });
  });

  it('conversations.close sends message_type "close" and type "admin"', async () => {
    script(ok({ type: "conversation", id: "123" }));
    await client().conversations.close({ id: "123", admin_id: "991267708" });
    expect(requests[0]).toMatchObject({ method: "POST", url: "/conversations/123/parts" });
    expect(JSON.parse(requests[0]!.body)).toEqual({ admin_id: "991267708", message_type: "close", type: "admin" });
  });

  it('conversations.reopen sends message_type "open"', async () => {
    script(ok({ type: "conversation", id: "123" }));
    await client().conversations.reopen({ id: "123", admin_id: "991267712" });
    expect(requests[0]).toMatchObject({ method: "POST", url: "/conversations/123/parts" });
    expect(JSON.parse(requests[0]!.body)).toEqual({ admin_id: "991267712", message_type: "open" });
  });

  it('conversations.assign sends message_type "assignment" and type "admin" by default', async () => {
    script(ok({ type: "conversation", id: "123" }));
    await client().conversations.assign({ id: "123", admin_id: "1", assignee_id: "2" });
    expect(JSON.parse(requests[0]!.body)).toEqual({ admin_id: "1", assignee_id: "2", type: "admin", message_type: "assignment" });
  });

  it("companies.list is POST /companies/list with page in the query", async () => {
    script(ok({ type: "list", data: [] }));
    await client().companies.list({ page: 2 });
    expect(requests[0]).toMatchObject({ method: "POST", url: "/companies/list?page=2" });
  });

  it("a `../x` path parameter stays one segment", async () => {
    script(ok());
    await client().contacts.get({ id: "../x" });
    expect(requests[0]!.url).toBe("/contacts/%2E%2E%2Fx");
  });

  it("GET requests carry no body and no Content-Type; admins.list needs no argument", async () => {
    script(ok({ type: "admin.list", admins: [] }));
    await client().admins.list();
    expect(requests[0]).toMatchObject({ method: "GET", url: "/admins", body: "" });
    expect(requests[0]!.headers["content-type"]).toBeUndefined();
  });

  it("region picks the server; version and userAgent can be overridden", async () => {
    script(ok({ type: "admin", id: "1" }));
    const c = createIntercomClient({ token: TOKEN, baseUrl, version: "2.14", userAgent: "acme/1.0" });
    await c.admins.identify();
    expect(requests[0]!.headers["intercom-version"]).toBe("2.14");
    expect(requests[0]!.headers["user-agent"]).toBe("acme/1.0");
  });
});

describe("faults, through the generated client", () => {
  const admin = { type: "admin", id: "991267468", name: "Ciaran Lee" };
  const okAdmin: Responder = (_req, res) => sendJson(res, 200, admin);

  it("429 with Retry-After is waited out, then succeeds", async () => {
    const events: ResponseEvent[] = [];
    script(
      (_req, res) => sendJson(res, 429, { type: "error.list", errors: [{ code: "rate_limit_exceeded" }] }, { "Retry-After": "0.05" }),
      okAdmin,
    );
    const started = performance.now();
    const result = await client({ retryDelay: { baseMs: 1, maxMs: 5_000 }, hooks: { onResponse: (e) => events.push(e) } }).admins.get({ id: "1" });
    expect(result).toEqual(admin);
    expect(requests).toHaveLength(2);
    expect(events.map((e) => [e.status, e.retryInMs])).toEqual([
      [429, 50],
      [200, undefined],
    ]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });

  it("429 on every attempt ends in a RateLimitError", async () => {
    script((_req, res) => sendJson(res, 429, { type: "error.list", errors: [{ code: "rate_limit_exceeded" }] }, { "X-RateLimit-Limit": "10" }));
    const error = await client({ maxRetries: 1 }).admins.get({ id: "1" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).rateLimit.limit).toBe(10);
    expect(requests).toHaveLength(2);
  });

  it("503 twice, then success, on a GET", async () => {
    const unavailable: Responder = (_req, res) => sendJson(res, 503, { type: "error.list", errors: [{ code: "service_unavailable" }] });
    script(unavailable, unavailable, okAdmin);
    await expect(client().admins.get({ id: "1" })).resolves.toEqual(admin);
    expect(requests).toHaveLength(3);
  });

  it("a POST answered with 500 is not retried", async () => {
    script((_req, res) =>
      sendJson(res, 500, { type: "error.list", request_id: "req-500", errors: [{ code: "server_error", message: "Boom" }] }),
    );
    const error = await client().contacts.createNote({ contact_id: "c-1", body: "Hello" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 500, operation: "contacts.createNote", requestId: "req-500", code: "server_error" });
    expect(requests).toHaveLength(1);
  });

  it("a connection reset is retried on a GET", async () => {
    script((_req, res) => res.socket?.destroy(), okAdmin);
    await expect(client().admins.get({ id: "1" })).resolves.toEqual(admin);
    expect(requests).toHaveLength(2);
  });

  it("a connection reset without retries left is a ConnectionError", async () => {
    script((_req, res) => res.socket?.destroy());
    const error = await client({ maxRetries: 0 }).admins.get({ id: "1" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).operation).toBe("admins.get");
    expect(String((error as Error).message)).not.toContain(TOKEN);
  });

  it("no answer within timeoutMs is a TimeoutError", async () => {
    script(() => undefined); // never answers; the server closes the socket at the end
    const error = await client({ timeoutMs: 100, maxRetries: 0 }).admins.get({ id: "1" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ operation: "admins.get", timeoutMs: 100 });
  });

  it("a 200 whose body is not JSON is a ResponseParseError", async () => {
    script((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end('{"type": "admin", "id": ');
    });
    const error = await client().admins.get({ id: "1" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseParseError);
    expect((error as ResponseParseError).operation).toBe("admins.get");
    expect(requests).toHaveLength(1);
  });

  it("a response that breaks the output schema names the operation and the bad field", async () => {
    script((_req, res) => sendJson(res, 200, { type: "admin", id: "1", team_ids: [1, "two"] }));
    const error = await client().admins.get({ id: "1" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    const e = error as ResponseValidationError;
    expect(e.operation).toBe("admins.get");
    expect(e.issues.map((i) => i.path)).toEqual(["team_ids[1]"]);
    expect(e.message).toContain("admins.get");
    expect(e.message).toContain("team_ids[1]");
  });

  it("a destructive operation is refused under the default maxRisk, before any request", async () => {
    script(okAdmin);
    const error = await client().contacts.delete({ id: "c-1" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RiskError);
    expect(error).toMatchObject({ operation: "contacts.delete", risk: "destructive", maxRisk: "write" });
    const viaCall = await client().call("companies.delete", { id: "x" }).catch((e: unknown) => e);
    expect(viaCall).toBeInstanceOf(RiskError);
    expect(requests).toHaveLength(0);
  });

  it("a misspelt input field is refused before any request, naming it", async () => {
    script(okAdmin);
    const error = await client()
      .admins.get({ id: "1", idd: "2" } as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain("admins.get");
    expect((error as ValidationError).message).toContain("idd");
    expect(requests).toHaveLength(0);
  });

  it("an unknown operation name is refused", async () => {
    await expect(client().call("admins.nope" as OperationName, {} as never)).rejects.toThrow(/unknown operation "admins.nope"/);
    expect(requests).toHaveLength(0);
  });
});

describe("auto-paging across 3 pages, for every pagination style", () => {
  /** A valid item of the operation's items type, with a recognisable id. */
  function item(op: OperationModel, id: string): Record<string, unknown> {
    const field = itemsField(op, types)!;
    const itemType = field.type.kind === "array" ? field.type.items : field.type;
    const value = placeholder({ name: "item" }, itemType, ctx) as Record<string, unknown>;
    return { ...value, id };
  }
  const op = (name: string): OperationModel => allOps.find((o) => o.fullName === name)!;

  it("page: companies.list (POST /companies/list?page=…)", async () => {
    const list = op("companies.list");
    script((req, res) => {
      const page = Number(new URL(req.url, baseUrl).searchParams.get("page") ?? "1");
      sendJson(res, 200, { type: "list", data: [item(list, `c${page}a`), item(list, `c${page}b`)], pages: { type: "pages", page, per_page: 2, total_pages: 3 }, total_count: 6 });
    });
    const ids: (string | null | undefined)[] = [];
    for await (const company of client().companies.list.all({ per_page: 2 })) ids.push(company.id);
    expect(ids).toEqual(["c1a", "c1b", "c2a", "c2b", "c3a", "c3b"]);
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST /companies/list?per_page=2",
      "POST /companies/list?page=2&per_page=2",
      "POST /companies/list?page=3&per_page=2",
    ]);
  });

  it("cursor: contacts.list (starting_after in the query)", async () => {
    const list = op("contacts.list");
    script((req, res) => {
      const after = new URL(req.url, baseUrl).searchParams.get("starting_after");
      const n = after === null ? 1 : Number(after.slice(3));
      const next = n < 3 ? { next: { per_page: 2, starting_after: `cur${n + 1}` } } : {};
      sendJson(res, 200, { type: "list", data: [item(list, `p${n}`)], total_count: 3, pages: { type: "pages", page: n, per_page: 1, total_pages: 3, ...next } });
    });
    const ids: (string | null | undefined)[] = [];
    for await (const contact of client().contacts.list.all({ per_page: 1 })) ids.push(contact.id);
    expect(ids).toEqual(["p1", "p2", "p3"]);
    expect(requests.map((r) => r.url)).toEqual(["/contacts?per_page=1", "/contacts?per_page=1&starting_after=cur2", "/contacts?per_page=1&starting_after=cur3"]);
  });

  it("cursor in the body: conversations.search (pagination.starting_after)", async () => {
    const search = op("conversations.search");
    script((req, res) => {
      const body = JSON.parse(req.body) as { pagination?: { starting_after?: string } };
      const after = body.pagination?.starting_after;
      const n = after === undefined ? 1 : Number(after.slice(3));
      const next = n < 3 ? { next: { per_page: 2, starting_after: `cur${n + 1}` } } : {};
      sendJson(res, 200, {
        type: "conversation.list",
        conversations: [item(search, `v${n}a`), item(search, `v${n}b`)],
        total_count: 6,
        pages: { type: "pages", page: n, per_page: 2, total_pages: 3, ...next },
      });
    });
    const query = { field: "state", operator: "=", value: "open" } as const;
    const ids: (string | null | undefined)[] = [];
    for await (const conversation of client().conversations.search.all({ query, pagination: { per_page: 2 } })) ids.push(conversation.id);
    expect(ids).toEqual(["v1a", "v1b", "v2a", "v2b", "v3a", "v3b"]);
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(Array(3).fill("POST /conversations/search"));
    expect(requests.map((r) => JSON.parse(r.body))).toEqual([
      { query, pagination: { per_page: 2 } },
      { query, pagination: { per_page: 2, starting_after: "cur2" } },
      { query, pagination: { per_page: 2, starting_after: "cur3" } },
    ]);
  });

  it("scroll: companies.scroll (scroll_param until an empty batch)", async () => {
    const scroll = op("companies.scroll");
    script((req, res) => {
      const param = new URL(req.url, baseUrl).searchParams.get("scroll_param");
      const n = param === null ? 1 : Number(param.slice(6)) + 1;
      const data = n <= 3 ? [item(scroll, `s${n}`)] : [];
      sendJson(res, 200, { type: "list", data, scroll_param: `scroll${n}` });
    });
    const ids: (string | null | undefined)[] = [];
    for await (const company of client().companies.scroll.all()) ids.push(company.id);
    expect(ids).toEqual(["s1", "s2", "s3"]);
    expect(requests.map((r) => r.url)).toEqual([
      "/companies/scroll",
      "/companies/scroll?scroll_param=scroll1",
      "/companies/scroll?scroll_param=scroll2",
      "/companies/scroll?scroll_param=scroll3",
    ]);
  });
});
