/**
 * opspec on APIs that are not Intercom: the example specs in examples/ are generated into
 * test-output/, and each output must be free of Intercom, compile under strict tsc together with a
 * consumer file and its own docs examples, pass Redocly's recommended lint, and its client must speak
 * the API's conventions on the wire (auth, headers, paging to the last page, errors, statuses) to a
 * loopback server that plays the API.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../generator/pipeline.ts";
import { OFFLINE_ENV } from "./openapi-judges.test.ts";
import { ROOT } from "./helpers/spec.ts";

const EXAMPLES = ["github-issues", "stripe-customers", "bookshelf"] as const;
type Example = (typeof EXAMPLES)[number];
const OUT = path.join(ROOT, "test-output/other-apis");
const outDir = (name: Example) => path.join(OUT, name);

/** Every file of a folder, relative path → text. */
function readAll(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) {
      const full = path.join(entry.parentPath, entry.name);
      files.set(path.relative(dir, full), fs.readFileSync(full, "utf8"));
    }
  return files;
}

function fences(markdown: string, lang: string): string[] {
  return [...markdown.matchAll(new RegExp("^(`{3,})" + lang + "\\n([\\s\\S]*?)^\\1$", "gm"))].map((m) => m[2]!);
}

const CONSUMERS: Record<Example, string> = {
  "github-issues": `import { createGitHubClient, GitHubError, NotFoundError } from "./client/index.js";
import type { Issue } from "./schemas/index.js";
const client = createGitHubClient({ token: "t", server: "public", apiVersion: "2022-11-28", maxRisk: "destructive" });
export async function run(): Promise<Issue[]> {
  const created: Issue = await client.issues.create({ owner: "o", repo: "r", title: "t", body: null });
  const nothing: void = await client.issues.lock({ owner: "o", repo: "r", issue_number: created.number });
  void nothing;
  const all: Issue[] = [];
  for await (const issue of client.issues.list.all({ owner: "o", repo: "r" })) all.push(issue);
  try { await client.call("issues.get", { owner: "o", repo: "r", issue_number: 1 }); } catch (e) { if (e instanceof NotFoundError || e instanceof GitHubError) return all; }
  // @ts-expect-error an unknown server name
  createGitHubClient({ token: "t", server: "nowhere" });
  return all;
}
`,
  "stripe-customers": `import { createStripeClient } from "./client/index.js";
import type { Customer } from "./schemas/index.js";
const client = createStripeClient({ username: "sk_test_1", password: "x", stripeVersion: "2024-06-20" });
export async function run(): Promise<Customer[]> {
  await client.customers.create({ idempotency_key: "k1", email: null, name: "Jenny" });
  const out: Customer[] = [];
  for await (const c of client.customers.list.all({ limit: 2 })) out.push(c);
  // @ts-expect-error basic auth takes username and password, not a token
  createStripeClient({ token: "t" });
  return out;
}
`,
  bookshelf: `import { createBookshelfClient } from "./client/index.js";
import type { Book } from "./schemas/index.js";
const client = createBookshelfClient({ apiKey: "k", server: "sandbox", maxRisk: "destructive" });
export async function run(): Promise<Book[]> {
  const book: Book = await client.books.add({ title: "t", genre: "SciFi", published_on: null });
  await client.books.markRead({ id: book.id });
  await client.books.remove({ id: book.id });
  const out: Book[] = [];
  for await (const b of client.books.list.all({ limit: 2 })) out.push(b);
  // @ts-expect-error genre values keep their spelling
  await client.books.add({ title: "t", genre: "scifi" });
  return out;
}
`,
};

beforeAll(async () => {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  // Generated TypeScript uses ESM specifiers (`./runtime/index.js`): a package.json above it says so.
  fs.writeFileSync(path.join(OUT, "package.json"), JSON.stringify({ type: "module", private: true }));
  for (const name of EXAMPLES) {
    const result = await generate({ specDir: path.join(ROOT, "examples", name), outDir: outDir(name), force: true });
    if (!result.ok) throw new Error(`${name}: ${result.diagnostics.map((d) => `${d.file}:${d.line}:${d.col} ${d.code} ${d.message}`).join("\n")}`);
    fs.writeFileSync(path.join(outDir(name), "consumer.ts"), CONSUMERS[name]);
  }
}, 120_000);

describe.each(EXAMPLES)("%s", (name) => {
  it("mentions Intercom nowhere", () => {
    const hits = [...readAll(outDir(name))].flatMap(([file, text]) =>
      text.split("\n").flatMap((line, i) => (/intercom/i.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(hits).toEqual([]);
  });

  it("compiles under strict tsc with a consumer and its own docs examples", () => {
    const dir = outDir(name);
    const files = readAll(dir);
    const virtual = new Map<string, string>();
    for (const [file, text] of files)
      if (file.startsWith("docs/") && file.endsWith(".md"))
        fences(text, "ts").forEach((code, i) => virtual.set(path.join(dir, `docs-example-${path.basename(file, ".md")}-${i}.ts`), code));
    expect(virtual.size).toBeGreaterThan(0);
    // Docs examples import the client by its package name: map that name to the generated client.
    const packageName = [...virtual.values()].map((c) => /from "([^"]+)"/.exec(c)?.[1]).find((s) => s && !s.startsWith("."));
    const { config } = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile);
    const options: ts.CompilerOptions = {
      ...ts.parseJsonConfigFileContent(config, ts.sys, ROOT).options,
      noEmit: true,
      noUnusedLocals: false,
      ...(packageName ? { paths: { [packageName]: [path.join(dir, "client/index.ts")] } } : {}),
    };
    const roots = [...[...files.keys()].filter((f) => /^(client|schemas)\/.*\.ts$/.test(f) || f === "consumer.ts").map((f) => path.join(dir, f)), ...virtual.keys()];
    const host = ts.createCompilerHost(options, true);
    const { fileExists, readFile } = host;
    host.fileExists = (f) => virtual.has(f) || fileExists.call(host, f);
    host.readFile = (f) => virtual.get(f) ?? readFile.call(host, f);
    const program = ts.createProgram(roots, options, host);
    const errors = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && d.file.fileName.startsWith(dir))
      .map((d) => `${path.relative(dir, d.file!.fileName)}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
    expect(errors).toEqual([]);
  }, 120_000);

  it("passes Redocly's recommended lint with 0 errors and 0 warnings", async () => {
    const redocly = path.join(ROOT, "node_modules/.bin/redocly");
    const args = ["lint", "--config", path.join(ROOT, "redocly.yaml"), "--format=json", path.join(outDir(name), "openapi/openapi.json")];
    const { stdout } = await promisify(execFile)(redocly, args, { cwd: ROOT, env: OFFLINE_ENV, maxBuffer: 16 << 20 }).catch((e: { stdout?: string; stderr?: string }) => {
      if (!e.stdout) throw new Error(`redocly lint did not report: ${e.stderr ?? String(e)}`);
      return { stdout: e.stdout };
    });
    const report = JSON.parse(stdout) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string }[] };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// On the wire: a loopback server plays each API.

interface Seen {
  method: string;
  url: URL;
  headers: IncomingMessage["headers"];
  body: string;
}

let server: ReturnType<typeof createServer>;
let base = "";
const seen: Seen[] = [];
let handler: (req: Seen, res: ServerResponse) => void = (_req, res) => res.writeHead(500).end();

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d));
    req.on("end", () => {
      const entry = { method: req.method!, url: new URL(req.url!, base), headers: req.headers, body };
      seen.push(entry);
      handler(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

async function load(name: Example): Promise<Record<string, any>> {
  return (await import(path.join(outDir(name), "client/index.ts"))) as Record<string, any>;
}

const issue = (n: number) => ({ id: n, number: n, state: "open", title: `#${n}`, locked: false, created_at: "2024-01-01T00:00:00Z", labels: [] });

describe("on the wire", () => {
  it("github-issues: bearer token, version header, Link paging to the last page, 201, 204, flat errors", async () => {
    const { createGitHubClient, NotFoundError } = await load("github-issues");
    const client = createGitHubClient({ token: "ghp_secret", baseUrl: base, maxRisk: "destructive" });
    seen.length = 0;
    // GitHub answers a bare list; the spec describes it as the `items` of the page.
    handler = (req, res) => {
      const page = Number(req.url.searchParams.get("page") ?? "1");
      const link: Record<string, string> =
        page < 3 ? { Link: `<${base}/repos/o/r/issues?page=${page + 1}&state=open>; rel="next", <${base}/repos/o/r/issues?page=3>; rel="last"` } : {};
      json(res, 200, { items: [issue(page * 2 - 1), issue(page * 2)] }, link);
    };
    const numbers: number[] = [];
    for await (const i of client.issues.list.all({ owner: "o", repo: "r" })) numbers.push(i.number);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seen).toHaveLength(3);
    for (const r of seen) {
      expect(r.headers.authorization).toBe("Bearer ghp_secret");
      expect(r.headers["x-github-api-version"]).toBe("2022-11-28");
      expect(r.headers["intercom-version"]).toBeUndefined();
    }

    seen.length = 0;
    handler = (_req, res) => json(res, 201, issue(7));
    const created = await client.issues.create({ owner: "o", repo: "r", title: "t", body: null });
    expect(created.number).toBe(7);
    expect(JSON.parse(seen[0]!.body)).toEqual({ title: "t", body: null });

    seen.length = 0;
    handler = (_req, res) => res.writeHead(204).end();
    await expect(client.issues.lock({ owner: "o", repo: "r", issue_number: 7 })).resolves.toBeUndefined();
    expect(seen[0]!.method).toBe("PUT");
    // lock_reason is an optional body input: the body is an object, empty when it is left out.
    expect(JSON.parse(seen[0]!.body)).toEqual({});

    seen.length = 0;
    await expect(client.issues.deleteLabel({ owner: "o", repo: "r", name: "bug" })).resolves.toBeUndefined();
    expect(seen[0]!.method).toBe("DELETE");
    expect(seen[0]!.body).toBe("");
    expect(seen[0]!.headers["content-type"]).toBeUndefined();

    handler = (_req, res) =>
      json(res, 404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" }, { "X-GitHub-Request-Id": "C0DE:1234" });
    const error = await client.issues.get({ owner: "o", repo: "r", issue_number: 9 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, detail: "Not Found", requestId: "C0DE:1234" });
    expect(String((error as Error).message)).toContain("Not Found");
  });

  it("stripe-customers: basic auth, has_more + last id paging, Idempotency-Key, nested errors", async () => {
    const { createStripeClient, ApiError } = await load("stripe-customers");
    const client = createStripeClient({ username: "sk_test_123", password: "x", baseUrl: base });
    const all = ["cus_1", "cus_2", "cus_3", "cus_4", "cus_5"];
    seen.length = 0;
    handler = (req, res) => {
      const after = req.url.searchParams.get("starting_after");
      const limit = Number(req.url.searchParams.get("limit") ?? "10");
      const start = after ? all.indexOf(after) + 1 : 0;
      const data = all.slice(start, start + limit).map((id) => ({ id, object: "customer", created: 1, balance: 0, email: null, name: null }));
      json(res, 200, { object: "list", data, has_more: start + limit < all.length, url: "/v1/customers" });
    };
    const ids: string[] = [];
    for await (const c of client.customers.list.all({ limit: 2 })) ids.push(c.id);
    expect(ids).toEqual(all);
    expect(seen.map((r) => r.url.searchParams.get("starting_after"))).toEqual([null, "cus_2", "cus_4"]);
    expect(seen[0]!.headers.authorization).toBe(`Basic ${Buffer.from("sk_test_123:x").toString("base64")}`);
    expect(seen[0]!.headers["stripe-version"]).toBe("2024-06-20");

    seen.length = 0;
    handler = (_req, res) => json(res, 200, { id: "cus_9", object: "customer", created: 1, balance: 0, email: null, name: "Jenny" });
    await client.customers.create({ idempotency_key: "key-1", name: "Jenny" });
    expect(seen[0]!.headers["idempotency-key"]).toBe("key-1");
    expect(JSON.parse(seen[0]!.body)).toEqual({ name: "Jenny" });

    handler = (_req, res) =>
      json(res, 402, { error: { type: "card_error", code: "card_declined", message: "Your card was declined." } }, { "Request-Id": "req_abc" });
    const error = await client.customers.retrieve({ customer: "cus_1" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 402, code: "card_declined", detail: "Your card was declined.", requestId: "req_abc" });
    expect(JSON.stringify(error)).not.toContain(Buffer.from("sk_test_123:x").toString("base64"));
  });

  it("bookshelf: API key header, offset/limit paging to the total, 201/202/204, problem+json errors", async () => {
    const { createBookshelfClient, UnprocessableEntityError } = await load("bookshelf");
    const client = createBookshelfClient({ apiKey: "key_live_1", baseUrl: base, maxRisk: "destructive" });
    const book = (i: number) => ({ id: `00000000-0000-4000-8000-00000000000${i}`, title: `B${i}`, genre: "SciFi", added_at: "2024-01-05T09:30:00Z" });
    seen.length = 0;
    handler = (req, res) => {
      const offset = Number(req.url.searchParams.get("offset"));
      const limit = Number(req.url.searchParams.get("limit"));
      const items = [1, 2, 3, 4, 5].slice(offset, offset + limit).map(book);
      json(res, 200, { items, total: 5 });
    };
    const titles: string[] = [];
    for await (const b of client.books.list.all({ limit: 2 })) titles.push(b.title);
    expect(titles).toEqual(["B1", "B2", "B3", "B4", "B5"]);
    expect(seen.map((r) => r.url.searchParams.get("offset"))).toEqual(["0", "2", "4"]);
    for (const r of seen) expect(r.headers["x-api-key"]).toBe("key_live_1");

    handler = (_req, res) => json(res, 201, book(6));
    expect((await client.books.add({ title: "B6", genre: "SciFi" })).title).toBe("B6");
    handler = (_req, res) => json(res, 202, { accepted_at: "2024-01-05T09:30:00Z" });
    expect(await client.books.markRead({ id: book(6).id })).toEqual({ accepted_at: "2024-01-05T09:30:00Z" });
    seen.length = 0;
    handler = (_req, res) => res.writeHead(204).end();
    await expect(client.books.remove({ id: book(6).id })).resolves.toBeUndefined();
    expect(seen[0]!.method).toBe("DELETE");

    handler = (_req, res) => {
      res.writeHead(422, { "Content-Type": "application/problem+json" });
      res.end(JSON.stringify({ type: "https://bookshelf.example/problems/invalid-isbn", title: "Invalid ISBN", status: 422, detail: "isbn has 12 digits", instance: "/requests/7f3a" }));
    };
    // The client checks the pattern first: a 12-digit ISBN never leaves the process.
    await expect(client.books.add({ title: "x", genre: "YA", isbn: "978006051275" })).rejects.toMatchObject({ name: "ValidationError" });
    const error = await client.books.add({ title: "x", genre: "YA", isbn: "9780060512750" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(error).toMatchObject({ status: 422, detail: "isbn has 12 digits", code: "https://bookshelf.example/problems/invalid-isbn", requestId: "/requests/7f3a" });
  });
});
