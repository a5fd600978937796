/**
 * Texts encoded as UTF-8 into a few large buffers that are used again, for the writing thread
 * (streamed-output.ts): the buffers go to the thread and come back once their bytes are on disk.
 *
 * Why: what encoding cost was mostly the fresh memory it wrote into, not the encoding.
 * TextEncoder.encode allocates a new buffer per text, whose pages are new to the process. At 10,000
 * operations the output is 275 MB, and encoding it took 610 ms of the main thread (its files timed
 * one by one, one run; 242 ms this way). Encoding a 62 MB OpenAPI document in 256K-character blocks
 * took 63–85 ms into new buffers and 11–14 ms into buffers used before (3 runs each, in a process of
 * its own).
 *
 * A text is written into the current buffer from where the last one ended, and goes on in the next
 * buffer when it does not fit, so a text may come out in several pieces; a piece is a view of a
 * buffer, and the pieces in order are its bytes. A character is never cut between two buffers
 * (encodeInto stops before one that does not fit).
 */
const encoder = new TextEncoder();

/** The size of each buffer: four of the OpenAPI documents' 256K-character blocks (emit/openapi/text-blocks.ts) when they are ASCII. */
const CHUNK_BYTES = 1 << 20;

/** At most this many bytes of buffers are kept to be used again; more than that are left to the garbage collector. */
const KEPT_BYTES = 64 << 20;

export class ByteChunks {
  readonly #chunkBytes: number;
  readonly #keptBytes: number;
  /** Buffers given back, to be written again. */
  readonly #free: ArrayBuffer[] = [];
  /** The buffers written since the last `take`, the current one last. */
  #used: ArrayBuffer[] = [];
  #current: ArrayBuffer | undefined;
  #offset = 0;

  /** The sizes are for tests; a run uses the defaults. */
  constructor(chunkBytes = CHUNK_BYTES, keptBytes = KEPT_BYTES) {
    if (chunkBytes < 4) throw new Error("internal: a chunk must hold any one character (4 bytes)");
    this.#chunkBytes = chunkBytes;
    this.#keptBytes = keptBytes;
  }

  /** `text` as UTF-8, in pieces (none for an empty text): views of the buffers that `take` hands over. */
  encode(text: string): Uint8Array[] {
    const pieces: Uint8Array[] = [];
    let rest = text;
    while (rest.length > 0) {
      if (!this.#current || this.#offset === this.#chunkBytes) this.#next();
      const start = this.#offset;
      const { read, written } = encoder.encodeInto(rest, new Uint8Array(this.#current!, start));
      if (written > 0) pieces.push(new Uint8Array(this.#current!, start, written));
      this.#offset += written;
      if (read === rest.length) break;
      rest = rest.slice(read);
      // The next character did not fit in what is left of this buffer.
      this.#offset = this.#chunkBytes;
    }
    return pieces;
  }

  /** How many bytes of buffers have been written into since the last `take`. */
  get bytesUsed(): number {
    return this.#used.length === 0 ? 0 : (this.#used.length - 1) * this.#chunkBytes + this.#offset;
  }

  /**
   * The buffers written since the last call, for a postMessage transfer list; the pieces made until now
   * are views of them. The next text starts in another buffer.
   */
  take(): ArrayBuffer[] {
    const used = this.#used;
    this.#used = [];
    this.#current = undefined;
    this.#offset = 0;
    return used;
  }

  /** Buffers whose bytes are no longer needed (the thread has written them), to be written again. */
  give(buffers: readonly ArrayBuffer[]): void {
    for (const buffer of buffers) {
      if (buffer.byteLength !== this.#chunkBytes) continue;
      if ((this.#free.length + 1) * this.#chunkBytes > this.#keptBytes) return;
      this.#free.push(buffer);
    }
  }

  #next(): void {
    this.#current = this.#free.pop() ?? new ArrayBuffer(this.#chunkBytes);
    this.#offset = 0;
    this.#used.push(this.#current);
  }
}
