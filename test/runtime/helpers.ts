/** Loopback HTTP server and fixtures for the runtime tests: real sockets, never a mocked fetch. */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";
import { z } from "zod";
import {
  Runtime,
  type ApiDef,
  type ClientOptions,
  type OperationDef,
  type RequestEvent,
  type ResponseEvent,
} from "../../generator/runtime/index.ts";

export interface RecordedRequest {
  method: string;
  /** The raw request target as it arrived on the wire (not normalised). */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Handler = (
  req: RecordedRequest,
  res: ServerResponse,
  index: number,
  raw: IncomingMessage,
) => unknown;

export interface TestServer {
  url: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((raw, res) => {
    const chunks: Buffer[] = [];
    raw.on("data", (c: Buffer) => chunks.push(c));
    raw.on("end", () => {
      const recorded: RecordedRequest = {
        method: raw.method ?? "",
        url: raw.url ?? "",
        headers: raw.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(recorded);
      Promise.resolve(handler(recorded, res, requests.length - 1, raw)).catch((error: unknown) => {
        res.statusCode = 599;
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * `serve(handler)` for a test file: each call starts a loopback server, and every server a test
 * started is closed when it ends. Call it at a file's top level: it registers a vitest afterEach.
 */
export function serversPerTest(): (handler: Handler) => Promise<TestServer> {
  let servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });
  return async (handler) => {
    const server = await startServer(handler);
    servers.push(server);
    return server;
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** The test API's error shape: `{ error: { code, message } }`, request id in a header. */
export function apiError(code: string, message: string): unknown {
  return { error: { code, message } };
}

/** The Intercom-shaped error list (see INTERCOM_LIKE). */
export function errorList(code: string, message: string, requestId = "123-abc"): unknown {
  return { type: "error.list", request_id: requestId, errors: [{ code, message }] };
}

/** A port nothing listens on: bind, read the port, close. */
export async function closedPortUrl(): Promise<string> {
  const server = await startServer(() => undefined);
  await server.close();
  return server.url;
}

/** A small API that is nobody in particular: bearer token, a version header, errors in `error`. */
export const PETS_API: ApiDef = {
  servers: {
    production: "https://api.pets.example",
    sandbox: "https://sandbox.pets.example/v2",
  },
  defaultServer: "production",
  serverOption: "environment",
  auth: { scheme: "bearer" },
  headers: [{ name: "Pets-Version", option: "version", default: "2024-06-01" }],
  errors: { message: "error.message", code: "error.code", requestIdHeader: "X-Request-Id" },
  rateLimit: {
    limitHeader: "RateLimit-Limit",
    remainingHeader: "RateLimit-Remaining",
    resetHeader: "RateLimit-Reset",
    resetUnit: "seconds",
  },
  userAgent: "opspec-test/1.0",
};

/** An Intercom-shaped API: regions, a required version header, `error.list` bodies, Unix-seconds reset. */
export const INTERCOM_LIKE: ApiDef = {
  servers: { us: "https://api.example.io", eu: "https://api.eu.example.io" },
  defaultServer: "us",
  serverOption: "region",
  auth: { scheme: "bearer" },
  headers: [{ name: "Example-Version", option: "version", default: "2.15", required: true }],
  errors: {
    message: "errors[].message",
    code: "errors[].code",
    requestId: "request_id",
    requestIdHeader: "X-Request-Id",
  },
  rateLimit: {
    limitHeader: "X-RateLimit-Limit",
    remainingHeader: "X-RateLimit-Remaining",
    resetHeader: "X-RateLimit-Reset",
    resetUnit: "unix-seconds",
  },
  userAgent: "opspec-test/1.0",
};

export const TOKEN = "tok_test_123";

/** A runtime against the test server with tiny backoff, so retries cost milliseconds. */
export function runtimeFor(
  server: TestServer | string,
  options: Partial<ClientOptions> = {},
  api: ApiDef = PETS_API,
): Runtime {
  return new Runtime(
    {
      token: TOKEN,
      baseUrl: typeof server === "string" ? server : server.url,
      retryDelay: { baseMs: 1, maxMs: 5 },
      ...options,
    },
    api,
  );
}

/** Collects hook events. */
export function recordHooks(): {
  requests: RequestEvent[];
  responses: ResponseEvent[];
  hooks: { onRequest: (e: RequestEvent) => void; onResponse: (e: ResponseEvent) => void };
} {
  const requests: RequestEvent[] = [];
  const responses: ResponseEvent[] = [];
  return {
    requests,
    responses,
    hooks: { onRequest: (e) => void requests.push(e), onResponse: (e) => void responses.push(e) },
  };
}

export function catchError(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

// ---- operations resembling the generated ones ----

export const Pet = z.looseObject({ type: z.literal("pet"), id: z.string(), name: z.string().optional() });

export const petsGet: OperationDef<{ id: string }, z.infer<typeof Pet>> = {
  name: "pets.get",
  resource: "pets",
  summary: "Retrieve a pet",
  risk: "read",
  method: "GET",
  path: "/pets/{id}",
  input: z.strictObject({ id: z.string() }),
  output: Pet,
  params: [{ name: "id", wire: "id", in: "path" }],
};

export const PetList = z.looseObject({ type: z.literal("pet.list"), pets: z.array(Pet) });

export const petsList: OperationDef<{ with_photos?: boolean }, z.infer<typeof PetList>> = {
  name: "pets.list",
  resource: "pets",
  summary: "List pets",
  risk: "read",
  method: "GET",
  path: "/pets",
  input: z.strictObject({ with_photos: z.boolean().optional() }),
  output: PetList,
  params: [{ name: "with_photos", wire: "with_photos", in: "query" }],
};

export const petsDelete: OperationDef<{ id: string }, unknown> = {
  name: "pets.delete",
  resource: "pets",
  summary: "Delete a pet",
  risk: "destructive",
  method: "DELETE",
  path: "/pets/{id}",
  input: z.strictObject({ id: z.string() }),
  output: z.looseObject({ id: z.string(), deleted: z.boolean() }),
  params: [{ name: "id", wire: "id", in: "path" }],
};

/** POST with a renamed body field (`tag_id` → body `id`) and an idempotency key header input. */
export const petsAddTag: OperationDef<{ pet_id: string; tag_id: string; idempotency_key?: string }, unknown> =
  {
    name: "pets.addTag",
    resource: "pets",
    summary: "Add a tag to a pet",
    risk: "write",
    method: "POST",
    path: "/pets/{pet_id}/tags",
    input: z.strictObject({ pet_id: z.string(), tag_id: z.string(), idempotency_key: z.string().optional() }),
    output: z.looseObject({ type: z.literal("tag"), id: z.string() }),
    params: [
      { name: "pet_id", wire: "pet_id", in: "path" },
      { name: "tag_id", wire: "id", in: "body" },
      { name: "idempotency_key", wire: "Idempotency-Key", in: "header" },
    ],
  };

/** A minimal operation for a given method, answering any JSON object. */
export function opFor(
  method: OperationDef["method"],
  risk: OperationDef["risk"] = "write",
): OperationDef<Record<string, never>, unknown> {
  return {
    name: `things.${method.toLowerCase()}`,
    resource: "things",
    summary: `${method} a thing`,
    risk,
    method,
    path: "/things",
    input: z.strictObject({}),
    output: z.looseObject({}),
    params: [],
  };
}
