/**
 * Hostile and broken servers: a secret at every offset of every quoted body, `__proto__` keys, and
 * bodies that never end.
 */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  ApiError,
  BadRequestError,
  type OperationDef,
  ResponseParseError,
  ResponseTooLargeError,
  ResponseValidationError,
} from "../../generator/runtime/index.ts";
import {
  catchError,
  petsGet,
  recordHooks,
  runtimeFor,
  sendJson,
  serversPerTest,
  type TestServer,
} from "./helpers.ts";

const serve = serversPerTest();

/** 34 characters, none of them the padding character, no 4-character run found in ordinary text. */
const SECRET = "Zq7RkW3pXv9TmB2nLc8YdF4hJs6GaE1uQo";

/** Every 4-character substring of the secret (any longer piece contains one). */
const PIECES = Array.from({ length: SECRET.length - 3 }, (_, i) => SECRET.slice(i, i + 4));

function leakedPiece(text: string): string | undefined {
  return PIECES.find((piece) => text.includes(piece));
}

function everythingShown(value: unknown): string {
  let json = "";
  try {
    json = JSON.stringify(value) ?? "";
  } catch {
    // inspect covers it
  }
  const stack = value instanceof Error ? (value.stack ?? "") : "";
  return [inspect(value, { depth: 10, showHidden: true }), json, String(value), stack].join("\n");
}

describe("a secret at any offset of a body never leaks, not even in part", () => {
  // The body is the padding, the secret, then more padding: at some offsets the message's cut-off
  // falls inside the secret, which is where truncating before redacting used to leak most of it.
  const MAX_PAD = 250;

  it.each(
    [
      ["2xx, not JSON → ResponseParseError", 200, "text/plain", (k: number) =>
        `${".".repeat(k)}${SECRET}${".".repeat(40)}`, ResponseParseError],
      ["4xx, not JSON → ApiError", 400, "text/html", (k: number) =>
        `${".".repeat(k)}${SECRET}${".".repeat(40)}`, BadRequestError],
      [
        "4xx, JSON where the error paths find nothing → ApiError quoting the JSON",
        400,
        "application/json",
        (k: number) =>
          JSON.stringify({ note: `${".".repeat(k)}${SECRET}${".".repeat(40)}` }),
        BadRequestError,
      ],
      [
        "4xx, JSON with the secret in the API's message → ApiError",
        400,
        "application/json",
        (k: number) =>
          JSON.stringify({ error: { code: "bad", message: `${".".repeat(k)}${SECRET}${".".repeat(40)}` } }),
        BadRequestError,
      ],
    ] as const,
  )("%s", async (_label, status, contentType, body, cls) => {
    const s = await serve((req, res) => {
      const k = Number(new URL(req.url, "http://x").searchParams.get("k"));
      res.writeHead(status, { "Content-Type": contentType });
      res.end(body(k));
    });
    const h = recordHooks();
    const op: OperationDef<{ k: number }, unknown> = {
      ...petsGet,
      path: "/probe",
      input: z.strictObject({ k: z.number() }),
      params: [{ name: "k", wire: "k", in: "query" }],
    } as OperationDef<{ k: number }, unknown>;
    const rt = runtimeFor(s, { token: SECRET, hooks: h.hooks, maxRetries: 0 });
    for (let k = 0; k <= MAX_PAD; k++) {
      const error = await catchError(rt.call(op, { k }));
      expect(error).toBeInstanceOf(cls);
      const shown = everythingShown(error);
      const leak = leakedPiece(shown);
      if (leak !== undefined) {
        throw new Error(`offset ${k}: "${leak}" of the secret is shown: ${(error as Error).message}`);
      }
    }
    expect(h.responses).toHaveLength(MAX_PAD + 1);
    for (const event of [...h.requests, ...h.responses]) {
      expect(leakedPiece(everythingShown(event))).toBeUndefined();
    }
    // The snippet is still there to read: the start of what the server sent.
    const last = await catchError(rt.call(op, { k: 0 }));
    expect((last as Error).message).toContain("***");
  });
});

describe("__proto__ and constructor keys from outside stay data", () => {
  const hostileBody = '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},' +
    '"error":{"code":"bad","message":"no","__proto__":{"x":1}}}';

  it("in an ApiError's body, and no prototype changes", async () => {
    const s = await serve((_req, res) => {
      res.setHeader("__proto__", "header-value");
      res.writeHead(400, { "Content-Type": "application/json" });
      res.end(hostileBody);
    });
    const h = recordHooks();
    const error = await catchError(runtimeFor(s, { hooks: h.hooks }).call(petsGet, { id: "1" }));
    expect(error).toBeInstanceOf(ApiError);
    const body = (error as ApiError).body as Record<string, unknown>;
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(body, "__proto__")?.value).toEqual({ polluted: true });
    expect(Object.getOwnPropertyDescriptor(body, "constructor")?.value).toEqual({
      prototype: { polluted: true },
    });
    expect(body.polluted).toBeUndefined();
    const inner = body.error as Record<string, unknown>;
    expect(Object.getPrototypeOf(inner)).toBe(Object.prototype);
    expect(Object.hasOwn(inner, "__proto__")).toBe(true);
    expect((error as ApiError).detail).toBe("no");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();

    // A response header named __proto__ is a header too, in the error and in hook events.
    const headers = (error as ApiError).headers;
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(headers, "__proto__")?.value).toBe("header-value");
    const eventHeaders = h.responses[0]!.headers;
    expect(Object.getPrototypeOf(eventHeaders)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(eventHeaders, "__proto__")?.value).toBe("header-value");
  });

  it("in a ResponseValidationError's body", async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end('{"type":"pet","id":5,"__proto__":{"polluted":true},"constructor":"c"}');
    });
    const error = await catchError(runtimeFor(s).call(petsGet, { id: "1" }));
    expect(error).toBeInstanceOf(ResponseValidationError);
    const body = (error as ResponseValidationError).body as Record<string, unknown>;
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(body, "__proto__")?.value).toEqual({ polluted: true });
    expect(Object.getOwnPropertyDescriptor(body, "constructor")?.value).toBe("c");
    expect(body.polluted).toBeUndefined();
  });
});

describe("JSON nested deeper than the stack", () => {
  it("is a ResponseParseError on a 2xx and an ApiError quoting the text otherwise, never a RangeError", async () => {
    const deep = `${"[".repeat(200_000)}${"]".repeat(200_000)}`;
    const s = await serve((req, res) => {
      res.writeHead(req.url.endsWith("/ok") ? 200 : 400, { "Content-Type": "application/json" });
      res.end(deep);
    });
    const ok = await catchError(runtimeFor(s).call(petsGet, { id: "ok" }));
    expect(ok).toBeInstanceOf(ResponseParseError);
    expect((ok as Error).message).toMatch(
      /^pets\.get: the 200 response is nested too deeply to read \(content-type application\/json\): "\[{200}…"$/,
    );
    const failed = await catchError(runtimeFor(s).call(petsGet, { id: "bad" }));
    expect(failed).toBeInstanceOf(BadRequestError);
    expect((failed as ApiError).body).toBe(deep);
    expect((failed as Error).message).toMatch(/^pets\.get: 400 non-JSON body: "\[{200}…"$/);
  });
});

describe("maxResponseBytes", () => {
  /** Streams `total` bytes in 16 KiB chunks without a Content-Length; records whether the client hung up first. */
  function streamingServer(status: number, total: number): Promise<TestServer & { hungUp: () => boolean }> {
    let hungUp = false;
    return serve((_req, res) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      const chunk = "x".repeat(16 * 1024);
      let sent = 0;
      res.on("close", () => {
        if (sent < total) hungUp = true;
      });
      const pump = (): void => {
        while (sent < total && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once("drain", pump);
            return;
          }
        }
        if (!res.destroyed) res.end();
      };
      pump();
    }).then((s) => Object.assign(s, { hungUp: () => hungUp }));
  }

  it("stops reading past the cap with ResponseTooLargeError, not retried, and closes the connection", async () => {
    const s = await streamingServer(200, 20 * 1024 * 1024);
    const h = recordHooks();
    const started = Date.now();
    const error = await catchError(
      runtimeFor(s, { maxResponseBytes: 64 * 1024, hooks: h.hooks }).call(petsGet, { id: "1" }),
    );
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ status: 200, maxBytes: 65_536, operation: "pets.get" });
    expect((error as Error).message).toMatch(
      /^pets\.get: the 200 response body is larger than maxResponseBytes \(65536 bytes\); stopped reading \(GET http:\/\/127\.0\.0\.1:\d+\/pets\/1\)$/,
    );
    expect(s.requests).toHaveLength(1);
    expect(h.responses[0]?.error).toBe(error);
    expect(h.responses[0]?.retryInMs).toBeUndefined();
    await expect.poll(() => s.hungUp(), { timeout: 2000 }).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("is not retried even for a 5xx on a GET", async () => {
    const s = await streamingServer(503, 1024 * 1024);
    const error = await catchError(runtimeFor(s, { maxResponseBytes: 10_000 }).call(petsGet, { id: "1" }));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as ResponseTooLargeError).status).toBe(503);
    expect(s.requests).toHaveLength(1);
  });

  it("refuses a declared Content-Length over the cap without reading", async () => {
    const s = await serve((_req, res) => {
      const body = JSON.stringify({ type: "pet", id: "1", pad: "y".repeat(5000) });
      res.writeHead(200, {
        "Content-Type": "application/json",
        "Content-Length": String(Buffer.byteLength(body)),
      });
      res.end(body);
    });
    await expect(runtimeFor(s, { maxResponseBytes: 4096 }).call(petsGet, { id: "1" })).rejects.toBeInstanceOf(
      ResponseTooLargeError,
    );
    // Exactly at the cap is fine.
    const size = Buffer.byteLength(JSON.stringify({ type: "pet", id: "1", pad: "y".repeat(5000) }));
    await expect(runtimeFor(s, { maxResponseBytes: size }).call(petsGet, { id: "1" })).resolves.toMatchObject(
      {
        id: "1",
      },
    );
  });

  it("lets bodies under the cap through, multi-byte characters split across chunks included", async () => {
    const name = "ü€😀".repeat(20_000);
    const s = await serve((_req, res) => sendJson(res, 200, { type: "pet", id: "1", name }));
    await expect(runtimeFor(s, { maxResponseBytes: 1024 * 1024 }).call(petsGet, { id: "1" })).resolves
      .toEqual({
        type: "pet",
        id: "1",
        name,
      });
  });
});
