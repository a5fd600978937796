/**
 * Stoplight Prism mocks the API from our own generated/openapi/openapi.json (run `npm run generate`
 * first) with request AND response validation on, so a request or an example that does not fit the
 * document is an error. Every operation is called with the document's own examples: once with plain
 * `fetch` (the document on its own), once through the generated client (`client.call(name, input)`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import type { OpenAPIObject, OperationObject, ParameterObject } from "openapi3-ts/oas31";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIntercomClient } from "../generated/client/index.ts";
import type { ApiModel, OperationModel } from "../generator/model/types.ts";
import { GENERATED_DIR, loadModel, ROOT } from "./helpers/spec.ts";

const PRISM = path.join(ROOT, "node_modules/.bin/prism");
const DOC_31 = path.join(GENERATED_DIR, "openapi/openapi.json");
const METHODS = ["get", "put", "post", "delete", "patch"] as const;

let doc: OpenAPIObject;
let model: ApiModel;

beforeAll(async () => {
  doc = JSON.parse(await readFile(DOC_31, "utf8")) as OpenAPIObject;
  model = await loadModel();
});

function operationsOf(d: OpenAPIObject): { method: string; path: string; op: OperationObject }[] {
  return Object.entries(d.paths ?? {}).flatMap(([p, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ method: m.toUpperCase(), path: p, op: item[m]! })),
  );
}

/** One call of one spec operation, read off the document's examples. */
interface ExampleCall {
  operation: OperationModel;
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body?: Record<string, unknown>;
  /** The same call as the client's input: document names, no constants. */
  input: Record<string, unknown>;
}

/** Every operation's example request; a shared route yields one per spec operation (its own body example). */
function exampleCalls(d: OpenAPIObject, m: ApiModel): ExampleCall[] {
  const byName = new Map(m.resources.flatMap((r) => r.operations).map((o) => [o.fullName, o]));
  const versionHeader = d.components!.parameters!["Intercom-Version"] as ParameterObject;
  return operationsOf(d).flatMap(({ method, path: template, op }) => {
    const params = (op.parameters ?? []).filter((p): p is ParameterObject => "name" in p);
    const bodyContent = (op.requestBody as { content?: Record<string, { examples?: Record<string, { value: Record<string, unknown> }> }> } | undefined)?.content?.["application/json"];
    return [op["x-opspec-name"] as string | string[]].flat().map((name): ExampleCall => {
      const operation = byName.get(name)!;
      const input: Record<string, unknown> = {};
      const query = new URLSearchParams();
      let url = template;
      for (const p of params) {
        const field = operation.input.find((f) => f.location === p.in && (p.in === "path" ? f.name : f.wireName) === p.name);
        if (!field) continue; // a parameter another operation of a shared route takes
        if (p.in === "path") url = url.replace(`{${p.name}}`, encodeURIComponent(String(p.example)));
        else [p.example].flat().forEach((v) => query.append(p.name, String(v)));
        input[field.name] = p.example;
      }
      const body = bodyContent?.examples?.[operation.id]?.value;
      for (const [wire, value] of Object.entries(body ?? {})) {
        const field = operation.input.find((f) => f.location === "body" && f.wireName === wire);
        if (field) input[field.name] = value;
      }
      return {
        operation,
        method,
        path: url,
        query,
        headers: { Authorization: "Bearer test-token", "Intercom-Version": String(versionHeader.example) },
        ...(body ? { body } : {}),
        input,
      };
    });
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

describe("Stoplight Prism mocking generated/openapi/openapi.json", () => {
  let prism: ChildProcess | undefined;
  let baseUrl: string;
  let log = "";

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    // --errors: a request or a response that violates the document is answered with an error.
    prism = spawn(process.execPath, [PRISM, "mock", "--errors", "-h", "127.0.0.1", "-p", String(port), DOC_31], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    prism.stdout!.on("data", (chunk: Buffer) => (log += chunk.toString()));
    prism.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (log.includes("Prism is listening")) done(resolve);
        else if (prism!.exitCode !== null) done(() => reject(new Error(`prism exited:\n${log}`)));
      }, 100);
      const done = (fn: () => void) => {
        clearInterval(timer);
        fn();
      };
    });
  }, 60_000);

  afterAll(() => {
    prism?.kill();
  });

  /** The plain-fetch transport: the example request exactly as the document describes it. */
  async function send(call: ExampleCall, headers: Record<string, string> = call.headers): Promise<{ status: number; body: unknown }> {
    const qs = call.query.toString();
    const response = await fetch(`${baseUrl}${call.path}${qs ? `?${qs}` : ""}`, {
      method: call.method,
      headers: { ...headers, ...(call.body ? { "Content-Type": "application/json" } : {}) },
      ...(call.body ? { body: JSON.stringify(call.body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  it("answers every operation's example request with 2xx and its example body (plain fetch)", async () => {
    const calls = exampleCalls(doc, model);
    expect(calls.map((c) => c.operation.fullName).sort()).toEqual(model.resources.flatMap((r) => r.operations.map((o) => o.fullName)).sort());
    const failures: string[] = [];
    for (const call of calls) {
      const { status, body } = await send(call);
      if (status < 200 || status >= 300) failures.push(`${call.operation.fullName}: ${call.method} ${call.path} → ${status} ${JSON.stringify(body)}`);
      else expect(body, call.operation.fullName).toBeTypeOf("object");
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it("refuses requests the document does not allow (so the 2xx answers mean something)", async () => {
    const [setAway] = exampleCalls(doc, model).filter((c) => c.operation.fullName === "admins.setAway");
    expect((await send(setAway!, {})).status).toBe(401);
    expect((await send({ ...setAway!, body: {} })).status).toBe(422);
    expect((await send(setAway!, { ...setAway!.headers, "Intercom-Version": "9.9" })).status).toBe(422);
  }, 30_000);

  it("serves every operation to the generated client, whose output schemas accept the document's examples", async () => {
    const client = createIntercomClient({ token: "test-token", baseUrl, maxRisk: "destructive", maxRetries: 0 });
    const call = client.call as (name: string, input: unknown) => Promise<unknown>;
    const failures: string[] = [];
    for (const example of exampleCalls(doc, model)) {
      try {
        const output = await call(example.operation.fullName, example.input);
        expect(output, example.operation.fullName).toBeTypeOf("object");
      } catch (e) {
        failures.push(`${example.operation.fullName}(${JSON.stringify(example.input)}): ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);
});
