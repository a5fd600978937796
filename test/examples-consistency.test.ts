/**
 * One example value per input, everywhere: the client's JSDoc `@example`, the Markdown reference's
 * TypeScript and curl examples, and the OpenAPI document's parameter and request-body examples show
 * the same values for the same operation. Each is parsed back out of the text its emitter writes
 * (emitters run in-process), then compared with the others and with model/examples.ts.
 */
import path from "node:path";
import vm from "node:vm";
import type { OpenAPIObject, OperationObject, ParameterObject } from "openapi3-ts/oas31";
import { beforeAll, describe, expect, it } from "vitest";
import { clientEmitter } from "../generator/emit/client/index.ts";
import { markdownEmitter } from "../generator/emit/markdown/index.ts";
import { buildOpenApi } from "../generator/emit/openapi/document.ts";
import { operationExample } from "../generator/model/examples.ts";
import type { ApiModel, OperationModel, ResourceModel } from "../generator/model/types.ts";
import { loadModel, modelFromTexts } from "./helpers/spec.ts";

/** A JavaScript literal read back (our own emitted text, evaluated in an empty context). */
function literal(text: string): unknown {
  return vm.runInNewContext(`(${text})`, Object.create(null) as object, { timeout: 1000 });
}

/** The argument text of the first call `callee(…)` in `text` (strings and nesting respected); undefined when there is no call. */
function callArgument(text: string, callee: string): string | undefined {
  const start = text.indexOf(`${callee}(`);
  if (start < 0) return undefined;
  let depth = 0;
  let quote: string | undefined;
  for (let i = start + callee.length; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "(" || c === "{" || c === "[") depth++;
    else if (c === ")" || c === "}" || c === "]") {
      depth--;
      if (depth === 0) return text.slice(start + callee.length + 1, i);
    }
  }
  throw new Error(`unbalanced call of ${callee}`);
}

function inputOf(argument: string | undefined): unknown {
  return argument === undefined || argument.trim() === "" ? {} : literal(argument);
}

/** The text of every comment of a file, with the ` * ` prefixes removed. */
function commentText(source: string): string {
  return [...source.matchAll(/\/\*\*([\s\S]*?)\*\//g)].map((m) => m[1]!.replace(/^[ \t]*\* ?/gm, "")).join("\n");
}

interface Emitted {
  model: ApiModel;
  /** Client source by resource name (comments only). */
  client: Map<string, string>;
  /** Markdown page by resource name. */
  docs: Map<string, string>;
  openapi: OpenAPIObject;
}

async function emitAll(model: ApiModel): Promise<Emitted> {
  const clientFiles = await clientEmitter.emit(model);
  const docFiles = await markdownEmitter.emit(model);
  const client = new Map<string, string>();
  const docs = new Map<string, string>();
  for (const r of model.resources) {
    const file = clientFiles.find((f) => f.path.startsWith("client/") && path.posix.basename(f.path, ".ts") === r.slug);
    if (!file) throw new Error(`no client file for ${r.name}`);
    client.set(r.name, commentText(file.contents));
    docs.set(r.name, docFiles.find((f) => f.path === `docs/${r.slug}.md`)!.contents);
  }
  return { model, client, docs, openapi: buildOpenApi(model) };
}

/** One operation's section of its resource page. */
function docSection(page: string, op: OperationModel): string {
  const start = page.indexOf(`\n## ${op.fullName}\n`);
  const next = page.indexOf("\n## ", start + 1);
  return page.slice(start, next < 0 ? undefined : next);
}

function openApiOperation(doc: OpenAPIObject, op: OperationModel): OperationObject {
  for (const item of Object.values(doc.paths ?? {}))
    for (const o of [item.get, item.put, item.post, item.patch, item.delete])
      if (o && [o["x-opspec-name"]].flat().includes(op.fullName)) return o;
  throw new Error(`${op.fullName} is not in the OpenAPI document`);
}

interface Shown {
  client: unknown;
  markdown: unknown;
  curl: { url: URL; headers: Map<string, string>; body: unknown };
}

function shown(e: Emitted, r: ResourceModel, op: OperationModel): Shown {
  const callee = `client.${r.name}.${op.name}`;
  const section = docSection(e.docs.get(r.name)!, op);
  const sh = /```+sh\n([\s\S]*?)\n```+/.exec(section)![1]!;
  // The curl line's words, read back the way a POSIX shell would (single and double quotes, continuations).
  const words: string[] = [];
  let word: string | undefined;
  const text = sh.replace(/\\\n/g, " ");
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      word = (word ?? "") + text.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      const end = text.indexOf('"', i + 1);
      word = (word ?? "") + text.slice(i + 1, end);
      i = end;
    } else if (c === "\\") word = (word ?? "") + text[++i];
    else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? "") + c;
  }
  if (word !== undefined) words.push(word);
  const headers = new Map<string, string>();
  let body: unknown;
  for (let i = 0; i < words.length; i++) {
    if (words[i] === "-H") {
      const [name, ...value] = words[++i]!.split(": ");
      headers.set(name!.toLowerCase(), value.join(": "));
    } else if (words[i] === "-d") body = JSON.parse(words[++i]!);
  }
  return {
    client: inputOf(callArgument(e.client.get(r.name)!, callee)),
    markdown: inputOf(callArgument(section, callee)),
    curl: { url: new URL(words[3]!), headers, body },
  };
}

function checkOperation(e: Emitted, r: ResourceModel, op: OperationModel): void {
  const where = op.fullName;
  const expected = operationExample(op, e.model);
  const s = shown(e, r, op);
  // The same input in the client's JSDoc and the Markdown's TypeScript, and it is model/examples.ts's.
  expect(s.client, `${where}: client JSDoc`).toEqual(expected.input);
  expect(s.markdown, `${where}: Markdown TypeScript`).toEqual(expected.input);

  const o = openApiOperation(e.openapi, op);
  const params = (o.parameters ?? []).filter((p): p is ParameterObject => "name" in p);
  const bodyExample = (o.requestBody as { content?: Record<string, { examples?: Record<string, { value: unknown }> }> } | undefined)?.content?.["application/json"]
    ?.examples?.[op.id]?.value;
  // What curl sends in the body is the OpenAPI request example.
  expect(s.curl.body ?? {}, `${where}: curl body vs OpenAPI request example`).toEqual(bodyExample ?? {});
  for (const f of op.input) {
    if (!Object.hasOwn(expected.input, f.name)) continue;
    const value = expected.input[f.name];
    const p = (loc: string, name: string) => params.find((q) => q.in === loc && q.name.toLowerCase() === name.toLowerCase());
    switch (f.location) {
      case "path": {
        expect(p("path", f.name)?.example, `${where} ${f.name}: OpenAPI path parameter example`).toEqual(value);
        const segments = new URL(`http://x${op.path}`).pathname.split("/");
        const index = segments.indexOf(`%7B${f.name}%7D`);
        expect(decodeURIComponent(s.curl.url.pathname.split("/")[index]!), `${where} ${f.name}: curl path`).toBe(String(value));
        break;
      }
      case "query":
        expect(p("query", f.wireName)?.example, `${where} ${f.name}: OpenAPI query parameter example`).toEqual(value);
        expect(s.curl.url.searchParams.getAll(f.wireName), `${where} ${f.name}: curl query`).toEqual(
          [value].flat().map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))),
        );
        break;
      case "header":
        expect(p("header", f.wireName)?.example, `${where} ${f.name}: OpenAPI header parameter example`).toEqual(value);
        expect(s.curl.headers.get(f.wireName.toLowerCase()), `${where} ${f.name}: curl header`).toBe(String(value));
        break;
      default:
        expect((bodyExample as Record<string, unknown> | undefined)?.[f.wireName], `${where} ${f.name}: OpenAPI body example`).toEqual(value);
    }
  }
}

describe("example values agree across the client, the Markdown reference and OpenAPI", () => {
  describe("spec/", () => {
    let e: Emitted;
    beforeAll(async () => {
      e = await emitAll(await loadModel());
    }, 60_000);

    it("for every operation", () => {
      let checked = 0;
      for (const r of e.model.resources)
        for (const op of r.operations) {
          checkOperation(e, r, op);
          checked++;
        }
      expect(checked).toBe(e.model.resources.reduce((n, r) => n + r.operations.length, 0));
    });

    it("with one placeholder per input that has no example (not three spellings of it)", () => {
      const texts = [...e.client.values(), ...e.docs.values(), JSON.stringify(e.openapi)].join("\n");
      let placeholders = 0;
      for (const r of e.model.resources)
        for (const op of r.operations)
          for (const f of op.input) {
            if (f.example !== undefined || f.default !== undefined || f.type.kind !== "primitive" || f.type.name !== "string") continue;
            // The older builders' spellings of the same placeholder are gone.
            expect(texts, `${op.fullName} ${f.name}`).not.toContain(`"${f.name}-example"`);
            if (Object.hasOwn(operationExample(op, e.model).input, f.name)) placeholders++;
          }
      expect(placeholders).toBeGreaterThan(0);
    });
  });

  it("on a spec with every input location, constraints, enums of any spelling and a paging cursor", async () => {
    const model = modelFromTexts({
      "api.yaml": `
api: shelf.api
title: Shelf API
version: "1.0"
servers: [{ name: production, url: "https://api.shelf.test" }]
auth: { scheme: apiKey, in: query, name: api_key }
resources: [books]
`,
      "books.yaml": `
resource: books
title: Books
operations:
  - name: add
    summary: Add a book
    risk: write
    http: { method: POST, path: "/shelves/{shelf}/books" }
    status: 201
    input:
      shelf: { type: string, required: true, in: path, pattern: "^s-[0-9]{3}$" }
      title: { type: string, required: true, minLength: 3 }
      genre: { enum: [SciFi, Non Fiction], required: true }
      kind: { const: Book, default: Book }
      copies: { type: number, format: integer, minimum: 5, required: true }
      trace: { type: string, in: header, wire: X-Trace-Id, required: true }
      dry_run: { type: boolean, in: query, example: true }
      added: { type: string, format: date-time, required: true }
    output: { id: string }
  - name: list
    summary: List books
    risk: read
    http: { method: GET, path: /books }
    input:
      cursor: { type: string, example: abc }
      size: { type: number, format: integer, example: 10 }
    output: { items: "string[]", next: string }
    pagination: { style: cursor, items: items, cursor: cursor, next: next }
`,
    });
    const e = await emitAll(model);
    for (const r of model.resources) for (const op of r.operations) checkOperation(e, r, op);
    const add = operationExample(model.resources[0]!.operations[0]!, model);
    expect(add.input).toEqual({ shelf: "s-000", title: "<title>", genre: "SciFi", copies: 5, trace: "<trace>", dry_run: true, added: "2024-06-01T12:00:00Z" });
    expect(add.request.body).toEqual({ title: "<title>", genre: "SciFi", kind: "Book", copies: 5, added: "2024-06-01T12:00:00Z" });
    // The paging cursor is left to .all(); the size the spec gives an example for is shown.
    expect(operationExample(model.resources[0]!.operations[1]!, model).input).toEqual({ size: 10 });
  }, 60_000);
});
