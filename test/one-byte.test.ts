/**
 * oneByte (emit/one-byte.ts): the OpenAPI texts and Markdown pages of a large spec must be stored one
 * byte per character where their characters allow (half the memory), and a text already stored so
 * must not be copied again (a 62 MB copy at 10,000 operations). How V8 stores a string is read from
 * v8.serialize's tag for it.
 */
import { serialize } from "node:v8";
import { describe, expect, it } from "vitest";
import { oneByte } from "../generator/emit/one-byte.ts";

const storedTwoByte = (text: string) => serialize(text)[2] === 0x63; // 'c': a two-byte string; '"': one-byte

describe("oneByte", () => {
  const ascii = `{\n  "openapi": "3.1.0",\n${'  "x": "y",\n'.repeat(2000)}}\n`;

  it("returns a long text V8 already stores one byte per character as it is", () => {
    expect(storedTwoByte(ascii)).toBe(false);
    expect(oneByte(ascii)).toBe(ascii);
  });

  it("stores a two-byte ASCII text, long or short, one byte per character, with the same content", () => {
    for (const text of [ascii, "Success: the Admin."]) {
      // A slice of a two-byte string is stored two-byte, whatever its characters.
      const twoByte = `\u0100${text}`.slice(1);
      expect(storedTwoByte(twoByte)).toBe(true);
      const converted = oneByte(twoByte);
      expect(converted).toBe(text);
      expect(storedTwoByte(converted)).toBe(false);
    }
  });

  it("stores a two-byte Latin-1 text one byte per character, and leaves one with characters beyond Latin-1 as it is", () => {
    for (const text of [`${ascii}é`, "café · Markdown"]) {
      const twoByte = `\u0100${text}`.slice(1);
      expect(storedTwoByte(twoByte)).toBe(true);
      const converted = oneByte(twoByte);
      expect(converted).toBe(text);
      expect(storedTwoByte(converted)).toBe(false);
    }
    for (const text of [`${ascii}→`, "→ short", "⚠️ destructive"]) {
      expect(oneByte(text)).toBe(text);
      expect(storedTwoByte(oneByte(text))).toBe(true);
    }
  });
});
