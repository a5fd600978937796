/**
 * The stdio transport: newline-delimited JSON-RPC on stdin and stdout, in place of the SDK's
 * StdioServerTransport, which drops malformed lines without a reply and closes the whole connection
 * when its buffer passes 10 MB.
 *
 * - Every line is read by `readLine` (jsonrpc.ts): broken messages get their JSON-RPC error reply.
 * - One line may hold at most `maxLineBytes` (default 10 MiB). The buffer never holds more: past the
 *   cap the line's bytes are dropped as they arrive, only its first and last KiB are kept (to read the
 *   request id from), and when its newline comes the sender gets -32600 Invalid Request. The next
 *   line is read as usual.
 * - stdin ending closes the transport once every request read so far has been answered (or cancelled),
 *   so `printf '…' | server` gets its replies.
 * - `send` passes every outgoing message through `prepare` first (the server's redaction of error
 *   replies, main.ts), and waits for stdout to drain when it is full. A reply JSON cannot hold (nested
 *   deeper than the stack) becomes a -32603 error reply for the same id.
 *
 * Notifications sent after stdin ended still go out; nothing is sent once the transport is closed.
 *
 * Web built-ins only (Uint8Array, TextDecoder): the published build compiles this without Node typings.
 */
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { ErrorCode, type JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { errorReply, isRequestId, oversizedRequestId, readLine, type RequestId } from "./jsonrpc.js";

export const MAX_LINE_BYTES = 10 * 1024 * 1024;
/** Bytes kept from each end of an oversized line. */
const KEEP_BYTES = 1024;
const NEWLINE = 0x0a;

/** The parts of a readable stream the transport uses (Node's process.stdin fits). */
export interface LineInput {
  on(event: string, listener: (arg: never) => void): unknown;
  off(event: string, listener: (arg: never) => void): unknown;
  pause?(): unknown;
}

/** The parts of a writable stream the transport uses (Node's process.stdout fits). */
export interface LineOutput {
  write(text: string): boolean;
  once(event: "drain", listener: () => void): unknown;
}

export interface LineTransportOptions {
  maxLineBytes?: number;
  /** Applied to every outgoing message before it is serialised (the redaction of error replies). */
  prepare?: (message: JSONRPCMessage) => JSONRPCMessage;
  /** One line about each message that was answered with an error or dropped (never its content). */
  log?: (line: string) => void;
}

function concat(pieces: readonly Uint8Array[], size: number): Uint8Array {
  if (pieces.length === 1) return pieces[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}

/** The last `n` bytes of `a` followed by `b`. */
function lastBytes(a: Uint8Array, b: Uint8Array, n: number): Uint8Array {
  if (b.length >= n) return b.slice(b.length - n);
  const keep = Math.min(a.length, n - b.length);
  const out = new Uint8Array(keep + b.length);
  out.set(a.subarray(a.length - keep), 0);
  out.set(b, keep);
  return out;
}

interface Oversized {
  head: Uint8Array;
  tail: Uint8Array;
  bytes: number;
}

export class LineTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  readonly #input: LineInput;
  readonly #output: LineOutput;
  readonly #max: number;
  readonly #prepare: (message: JSONRPCMessage) => JSONRPCMessage;
  readonly #log: (line: string) => void;
  readonly #decoder = new TextDecoder();
  #pieces: Uint8Array[] = [];
  #size = 0;
  #oversized: Oversized | undefined;
  #started = false;
  #closed = false;
  #ended = false;
  /** Requests read and not yet answered: stdin ending waits for them. */
  readonly #pending = new Set<RequestId>();

  constructor(input: LineInput, output: LineOutput, options: LineTransportOptions = {}) {
    this.#input = input;
    this.#output = output;
    this.#max = options.maxLineBytes ?? MAX_LINE_BYTES;
    this.#prepare = options.prepare ?? ((m) => m);
    this.#log = options.log ?? (() => {});
  }

  /** Bytes of input held right now; never more than `maxLineBytes` plus the two kept ends. */
  get bufferedBytes(): number {
    return this.#size + (this.#oversized ? this.#oversized.head.length + this.#oversized.tail.length : 0);
  }

  async start(): Promise<void> {
    if (this.#started) throw new Error("LineTransport already started");
    this.#started = true;
    this.#input.on("data", this.#onData);
    this.#input.on("end", this.#onEnd);
    this.#input.on("error", this.#onInputError);
  }

  readonly #onInputError = (error: Error): void => {
    this.onerror?.(error);
  };

  readonly #onData = (chunk: Uint8Array | string): void => {
    const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
    let start = 0;
    while (start <= bytes.length && !this.#closed) {
      const newline = bytes.indexOf(NEWLINE, start);
      const end = newline < 0 ? bytes.length : newline;
      this.#take(bytes.subarray(start, end));
      if (newline < 0) break;
      this.#endLine();
      start = newline + 1;
    }
  };

  /** Adds part of the current line, or drops it once the line is over the cap. */
  #take(piece: Uint8Array): void {
    if (piece.length === 0) return;
    const over = this.#oversized;
    if (over) {
      over.tail = lastBytes(over.tail, piece, KEEP_BYTES);
      over.bytes += piece.length;
      return;
    }
    if (this.#size + piece.length <= this.#max) {
      // A copy: a view would keep the whole chunk it came from alive.
      this.#pieces.push(piece.slice());
      this.#size += piece.length;
      return;
    }
    const held = concat(this.#pieces, this.#size);
    const head = new Uint8Array(Math.min(KEEP_BYTES, held.length + piece.length));
    head.set(held.subarray(0, head.length), 0);
    if (held.length < head.length) head.set(piece.subarray(0, head.length - held.length), held.length);
    this.#oversized = { head, tail: lastBytes(held, piece, KEEP_BYTES), bytes: this.#size + piece.length };
    this.#pieces = [];
    this.#size = 0;
  }

  #endLine(): void {
    const over = this.#oversized;
    if (over) {
      this.#oversized = undefined;
      const id = oversizedRequestId(this.#decoder.decode(over.head), this.#decoder.decode(over.tail));
      this.#log(`refused a message of ${over.bytes} bytes (over the ${this.#max}-byte limit)${id === null ? "" : ` with id ${JSON.stringify(id)}`}`);
      this.#reply(errorReply(id, ErrorCode.InvalidRequest, `Invalid Request: the message has ${over.bytes} bytes, over the limit of ${this.#max}; it was not read`));
      return;
    }
    const bytes = concat(this.#pieces, this.#size);
    this.#pieces = [];
    this.#size = 0;
    this.#handle(this.#decoder.decode(bytes).replace(/\r$/, ""));
  }

  #handle(line: string): void {
    const incoming = readLine(line);
    if (incoming.kind === "ignore") {
      if (incoming.note) this.#log(incoming.note);
      return;
    }
    if (incoming.kind === "reply") {
      this.#log(incoming.note);
      this.#reply(incoming.reply);
      return;
    }
    const message = incoming.message;
    if ("method" in message) {
      if ("id" in message) this.#pending.add(message.id);
      else if (message.method === "notifications/cancelled") {
        // A cancelled request gets no answer: stop waiting for one.
        const id = (message.params as { requestId?: unknown } | undefined)?.requestId;
        if (isRequestId(id)) this.#forget(id);
      }
    }
    try {
      this.onmessage?.(message);
    } catch (error) {
      this.onerror?.(error instanceof Error ? error : new Error(String(error)));
    }
  }

  #reply(reply: ReturnType<typeof errorReply>): void {
    this.send(reply as JSONRPCMessage).catch((error: unknown) => this.onerror?.(error instanceof Error ? error : new Error(String(error))));
  }

  readonly #onEnd = (): void => {
    if (this.#size > 0 || this.#oversized) this.#endLine();
    this.#ended = true;
    if (this.#pending.size === 0) void this.close();
  };

  #forget(id: RequestId): void {
    this.#pending.delete(id);
    if (this.#ended && this.#pending.size === 0) void this.close();
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.#closed) return;
    const answers = "id" in message && !("method" in message) ? message.id : undefined;
    let text: string;
    try {
      text = JSON.stringify(this.#prepare(message));
    } catch (error) {
      if (answers === undefined || answers === null) throw error;
      this.#log(`could not serialise the reply to ${JSON.stringify(answers)}: ${error instanceof Error ? error.name : "error"}`);
      text = JSON.stringify(errorReply(answers, ErrorCode.InternalError, "Internal error: the result could not be serialised as JSON"));
    }
    const flushed = this.#output.write(`${text}\n`);
    if (!flushed) await new Promise<void>((resolve) => this.#output.once("drain", resolve));
    if (isRequestId(answers)) this.#forget(answers);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#input.off("data", this.#onData);
    this.#input.off("end", this.#onEnd);
    this.#input.off("error", this.#onInputError);
    this.#input.pause?.();
    this.#pieces = [];
    this.#size = 0;
    this.#oversized = undefined;
    this.onclose?.();
  }
}
