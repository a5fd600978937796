/** Loopback HTTP server and fixtures for the runtime tests: real sockets, never a mocked fetch. */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import {
  Runtime,
  type ClientOptions,
  type OperationDef,
  type RequestEvent,
  type ResponseEvent,
  type RuntimeDefaults,
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

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

export function errorList(code: string, message: string, requestId = "123-abc"): unknown {
  return { type: "error.list", request_id: requestId, errors: [{ code, message }] };
}

/** A port nothing listens on: bind, read the port, close. */
export async function closedPortUrl(): Promise<string> {
  const server = await startServer(() => undefined);
  await server.close();
  return server.url;
}

export const DEFAULTS: RuntimeDefaults = {
  servers: {
    us: "https://api.intercom.io",
    eu: "https://api.eu.intercom.io",
    au: "https://api.au.intercom.io",
  },
  defaultRegion: "us",
  version: "2.15",
  userAgent: "opspec-test/1.0",
};

export const TOKEN = "tok_test_123";

/** A runtime against the test server with tiny backoff, so retries cost milliseconds. */
export function runtimeFor(server: TestServer | string, options: Partial<ClientOptions> = {}): Runtime {
  return new Runtime(
    {
      token: TOKEN,
      baseUrl: typeof server === "string" ? server : server.url,
      retryDelay: { baseMs: 1, maxMs: 5 },
      ...options,
    },
    DEFAULTS,
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

export const Admin = z.looseObject({ type: z.literal("admin"), id: z.string(), name: z.string().optional() });

export const adminsGet: OperationDef<{ id: string }, z.infer<typeof Admin>> = {
  name: "admins.get",
  resource: "admins",
  summary: "Retrieve an admin",
  risk: "read",
  method: "GET",
  path: "/admins/{id}",
  input: z.strictObject({ id: z.string() }),
  output: Admin,
  params: [{ name: "id", wire: "id", in: "path" }],
};

export const AdminList = z.looseObject({ type: z.literal("admin.list"), admins: z.array(Admin) });

export const adminsList: OperationDef<{ display_avatar?: boolean }, z.infer<typeof AdminList>> = {
  name: "admins.list",
  resource: "admins",
  summary: "List admins",
  risk: "read",
  method: "GET",
  path: "/admins",
  input: z.strictObject({ display_avatar: z.boolean().optional() }),
  output: AdminList,
  params: [{ name: "display_avatar", wire: "display_avatar", in: "query" }],
};

export const contactsDelete: OperationDef<{ id: string }, unknown> = {
  name: "contacts.delete",
  resource: "contacts",
  summary: "Delete a contact",
  risk: "destructive",
  method: "DELETE",
  path: "/contacts/{id}",
  input: z.strictObject({ id: z.string() }),
  output: z.looseObject({ id: z.string(), deleted: z.boolean() }),
  params: [{ name: "id", wire: "id", in: "path" }],
};

/** POST with a renamed body field, like contacts.addTag (`tag_id` → body `id`). */
export const contactsAddTag: OperationDef<{ contact_id: string; tag_id: string }, unknown> = {
  name: "contacts.addTag",
  resource: "contacts",
  summary: "Add a tag to a contact",
  risk: "write",
  method: "POST",
  path: "/contacts/{contact_id}/tags",
  input: z.strictObject({ contact_id: z.string(), tag_id: z.string() }),
  output: z.looseObject({ type: z.literal("tag"), id: z.string() }),
  params: [
    { name: "contact_id", wire: "contact_id", in: "path" },
    { name: "tag_id", wire: "id", in: "body" },
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
