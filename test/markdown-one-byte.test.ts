/**
 * The Markdown pages are stored one byte per character whenever their characters allow it
 * (emit/one-byte.ts), even when the model hands the emitter strings V8 stores two-byte, and
 * the text stays the same. How V8 stores a string is read from v8.serialize's tag for it.
 */
import { serialize } from "node:v8";
import { beforeAll, describe, expect, it } from "vitest";
import { markdownEmitter } from "../generator/emit/markdown/index.ts";
import { oneByte } from "../generator/emit/one-byte.ts";
import { forgetReusedTexts } from "../generator/emit/reuse.ts";
import type { ApiModel, EmittedFile } from "../generator/model/types.ts";
import { loadModel } from "./helpers/spec.ts";

const storedTwoByte = (text: string) => serialize(text)[2] === 0x63; // 'c': a two-byte string; '"': one-byte
const latin1 = (text: string) => !/[^\x00-\xff]/.test(text);

/** The same characters, stored two-byte: a slice of a two-byte string is, whatever its characters. */
const twoByte = (text: string) => `\u0100${text}`.slice(1);

describe("oneByte", () => {
  const page = `# Admins\n\n**Risk:** read · **HTTP:** \`GET /admins\`\n\nCafé.\n${"| `id` | `string` | Yes | The id. |\n".repeat(500)}`;

  it("stores a two-byte Latin-1 text one byte per character, with the same content", () => {
    for (const text of [page, "· short"]) {
      expect(storedTwoByte(twoByte(text))).toBe(true);
      const converted = oneByte(twoByte(text));
      expect(converted).toBe(text);
      expect(storedTwoByte(converted)).toBe(false);
    }
  });

  it("leaves a text with characters beyond Latin-1 as it is", () => {
    for (const text of [`${page}> ⚠️ **Destructive.**`, `${page}{\u200d{`, "→"]) expect(oneByte(twoByte(text))).toBe(text);
  });
});

describe("the Markdown pages", () => {
  let model: ApiModel;
  let plain: EmittedFile[];
  let fromTwoByte: EmittedFile[];

  beforeAll(async () => {
    model = await loadModel();
    forgetReusedTexts();
    plain = await markdownEmitter.emit(model);
    // Every resource's title and every operation's summary stored two-byte, as strings V8 made "thin" are.
    const twoByteModel: ApiModel = {
      ...model,
      title: twoByte(model.title),
      resources: model.resources.map((r) => ({ ...r, title: twoByte(r.title), operations: r.operations.map((op) => ({ ...op, summary: twoByte(op.summary) })) })),
    };
    expect(storedTwoByte(twoByteModel.resources[0]!.title)).toBe(true);
    // The pages printed above are not to be reused: their parts read the same.
    forgetReusedTexts();
    fromTwoByte = await markdownEmitter.emit(twoByteModel);
  });

  it("read the same from two-byte strings", () => {
    expect(fromTwoByte.map((f) => [f.path, f.contents])).toEqual(plain.map((f) => [f.path, f.contents]));
  });

  it("are stored one byte per character unless they hold a character beyond Latin-1", () => {
    const pages = fromTwoByte.filter((f) => latin1(f.contents));
    // The index and the resource pages without a destructive operation (its warning holds `⚠️`).
    expect(pages.length).toBeGreaterThan(1);
    for (const f of pages) expect(storedTwoByte(f.contents), f.path).toBe(false);
  });
});
