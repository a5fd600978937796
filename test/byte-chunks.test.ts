/**
 * ByteChunks (write/byte-chunks.ts): texts encoded as UTF-8 into buffers that the writing thread gives
 * back to be written again. The pieces of a text, in order, must be exactly its UTF-8 bytes, however
 * the buffers cut it; a buffer given back must be used again, and the pieces of a text encoded since
 * the last `take` must be views of what `take` hands over.
 */
import { Buffer } from "node:buffer";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteChunks } from "../generator/write/byte-chunks.ts";

const utf8 = (text: string) => Buffer.from(text, "utf8");
const joined = (pieces: Uint8Array[]) => Buffer.concat(pieces);

describe("ByteChunks", () => {
  it("encodes a text that fits in one buffer as one piece, and an empty one as none", () => {
    const chunks = new ByteChunks();
    const pieces = chunks.encode("openapi: 3.1.0\n");
    expect(pieces).toHaveLength(1);
    expect(joined(pieces)).toEqual(utf8("openapi: 3.1.0\n"));
    expect(chunks.encode("")).toEqual([]);
    expect(chunks.bytesUsed).toBe(15);
  });

  it("goes on in the next buffer when a text does not fit, and never cuts a character in two", () => {
    // 7-byte buffers: "é" is 2 bytes, "→" 3, "😀" 4 (a surrogate pair in the text).
    for (const text of ["abcdefghijklmnopq", "ééééééé", "a→b→c→d→", "x😀y😀z😀😀", "😀".repeat(5)]) {
      const chunks = new ByteChunks(7);
      const pieces = chunks.encode(text);
      expect(joined(pieces)).toEqual(utf8(text));
      // Each piece is whole characters: it decodes without a replacement character.
      for (const piece of pieces) expect(Buffer.from(piece).toString("utf8")).not.toContain("\ufffd");
      expect(pieces.length).toBeGreaterThan(1);
      for (const piece of pieces) expect(piece.byteLength).toBeLessThanOrEqual(7);
    }
  });

  it("writes each text after the last one in the same buffer, and `take` hands over every buffer written", () => {
    const chunks = new ByteChunks(16);
    const a = chunks.encode("0123456789");
    const b = chunks.encode("abcdefghij");
    expect(chunks.bytesUsed).toBe(20);
    const taken = chunks.take();
    expect(taken).toHaveLength(2);
    expect(a[0]!.buffer).toBe(taken[0]);
    expect(b[0]!.buffer).toBe(taken[0]);
    expect(b[1]!.buffer).toBe(taken[1]);
    expect(joined([...a, ...b]).toString()).toBe("0123456789abcdefghij");
    // After a take, the next text starts in another buffer, and nothing is in use.
    expect(chunks.bytesUsed).toBe(0);
    const c = chunks.encode("x");
    expect(c[0]!.buffer).not.toBe(taken[0]);
    expect(c[0]!.buffer).not.toBe(taken[1]);
  });

  it("uses a buffer given back again, up to the bytes it may keep", () => {
    const chunks = new ByteChunks(8, 16);
    chunks.encode("a".repeat(8 * 3));
    const taken = chunks.take();
    expect(taken).toHaveLength(3);
    chunks.give(taken);
    // Two of the three are kept (16 bytes); a buffer of another size is not.
    chunks.give([new ArrayBuffer(5)]);
    const again = chunks.encode("b".repeat(8 * 3));
    const reused = new Set(again.map((piece) => piece.buffer));
    expect(taken.filter((buffer) => reused.has(buffer))).toHaveLength(2);
    expect(joined(again).toString()).toBe("b".repeat(24));
  });

  it("gives the same bytes as TextEncoder for any texts, in any buffer size", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "binary" }), { maxLength: 6 }), fc.integer({ min: 4, max: 40 }), (texts, size) => {
        const chunks = new ByteChunks(size);
        const pieces = texts.map((text) => chunks.encode(text));
        const taken = new Set(chunks.take());
        texts.forEach((text, i) => expect(joined(pieces[i]!)).toEqual(Buffer.from(new TextEncoder().encode(text))));
        for (const piece of pieces.flat()) expect(taken.has(piece.buffer as ArrayBuffer)).toBe(true);
      }),
    );
  });
});
