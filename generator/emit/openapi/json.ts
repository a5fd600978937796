/**
 * The JSON text of the OpenAPI document written a part at a time, byte for byte what
 * `JSON.stringify(document, null, 2)` plus a final line feed writes for the whole: top-level members,
 * and one member (`paths`) whose mapping is written an entry at a time. Each part is printed by
 * JSON.stringify itself, inside one-key wrapper objects that put it at its depth in the document, and
 * cut out of the wrappers: the indentation and escaping are JSON.stringify's own.
 *
 * Why in parts: built whole, the document of 10,000 operations is over a million objects that all live
 * until the texts are written, so the garbage collector copies them from the young generation to the
 * old one and the old generation grows by their size; a path item written and dropped dies young.
 */
import { oneByte } from "../one-byte.ts";
import { TextBlocks } from "./text-blocks.ts";

/** A member's text as a JsonDocumentWriter wrote it, `depth` levels deep: see `memberAsWritten`. */
export interface WrittenMember {
  readonly depth: number;
  readonly text: string;
}

/** What a writer wrote between `record` and `recorded`, to be written again by `replay` at the same position. */
export interface RecordedText {
  readonly text: string;
  /** Whether it added a member (a pair) to the mapping it was written in. */
  readonly added: boolean;
}

/** Writes a document whose members are given one at a time; see the top of this file. */
export class JsonDocumentWriter {
  readonly #text = new TextBlocks();
  /** For the document and each mapping opened in it: how many members it has so far. */
  readonly #open: number[] = [0];
  /** While recording: every piece written, and the innermost mapping's member count when it began. */
  #recording: { pieces: string[]; members: number } | undefined;

  constructor() {
    this.#text.push("{");
  }

  /** Where the next member goes, as far as its text depends on it: its depth, and whether it is its mapping's first. */
  position(): string {
    const depth = this.#open.length;
    return `${depth}${this.#open[depth - 1]! > 0 ? "+" : "."}`;
  }

  /** Starts keeping what is written, for `recorded`. */
  record(): void {
    this.#recording = { pieces: [], members: this.#open[this.#open.length - 1]! };
  }

  recorded(): RecordedText {
    const recording = this.#recording;
    if (!recording) throw new Error("internal: not recording");
    this.#recording = undefined;
    return { text: recording.pieces.join(""), added: this.#open[this.#open.length - 1]! > recording.members };
  }

  /** Writes again what `recorded` answered, at a position where `position()` is what it was then. */
  replay(recorded: RecordedText): void {
    if (recorded.added) this.#open[this.#open.length - 1]!++;
    this.#push(recorded.text);
  }

  #push(piece: string): void {
    this.#text.push(piece);
    this.#recording?.pieces.push(piece);
  }

  /**
   * A member of the innermost open mapping, and its text (for `memberAsWritten`). Like JSON.stringify,
   * a member whose value is `undefined` is left out.
   */
  member(key: string, value: unknown): WrittenMember | undefined {
    if (value === undefined) return undefined;
    this.#separator();
    const depth = this.#open.length;
    const text = memberText(key, value, depth);
    this.#push(text);
    return { depth, text };
  }

  /**
   * A member of the innermost open mapping that another writer wrote at the same depth (its `member`'s
   * answer): the OpenAPI 3.0 text reuses the 3.1 text of every part the conversion left as it is, rather
   * than printing it again (index.ts).
   */
  memberAsWritten(written: WrittenMember): void {
    if (written.depth !== this.#open.length) throw new Error("internal: a member written at another depth");
    this.#separator();
    this.#push(written.text);
  }

  /** Starts a member whose value is a mapping given member by member, up to `close`. */
  open(key: string): void {
    this.#separator();
    this.#push(`${JSON.stringify(key)}: {`);
    this.#open.push(0);
  }

  close(): void {
    if (this.#open.length < 2) throw new Error("internal: no mapping is open");
    const members = this.#open.pop()!;
    this.#push(members > 0 ? `\n${indent(this.#open.length)}}` : "}");
  }

  /** The document's text, with a final line feed, in blocks (text-blocks.ts), each one byte per character where it can be. */
  blocks(): string[] {
    if (this.#open.length !== 1) throw new Error("internal: a mapping is still open");
    this.#text.push(this.#open[0]! > 0 ? "\n}\n" : "}\n");
    // Half the memory for the largest files of a large spec: see emit/one-byte.ts.
    return this.#text.blocks().map(oneByte);
  }

  #separator(): void {
    const depth = this.#open.length;
    this.#push(this.#open[depth - 1]!++ > 0 ? `,\n${indent(depth)}` : `\n${indent(depth)}`);
  }
}

const INDENTS: string[] = [];

/** JSON.stringify's indentation `depth` levels deep. */
function indent(depth: number): string {
  return (INDENTS[depth] ??= "  ".repeat(depth));
}

/** What JSON.stringify writes before and after the member in the wrappers of each depth. */
const WRAPPERS: { prefix: string; suffix: string }[] = [];

function wrappers(depth: number): { prefix: string; suffix: string } {
  let found = WRAPPERS[depth];
  if (!found) {
    // `{"": {"": {key: value}}}`: every wrapper opens on its own line, indented by its depth.
    let prefix = "{";
    let suffix = "\n}";
    for (let level = 1; level < depth; level++) {
      prefix += `\n${"  ".repeat(level)}"": {`;
      suffix = `\n${"  ".repeat(level)}}${suffix}`;
    }
    prefix += `\n${"  ".repeat(depth)}`;
    found = WRAPPERS[depth] = { prefix, suffix };
  }
  return found;
}

/** `"key": value` as JSON.stringify(…, null, 2) writes it `depth` levels deep in a document. */
function memberText(key: string, value: unknown, depth: number): string {
  let wrapped: unknown = { [key]: value };
  for (let level = 1; level < depth; level++) wrapped = { "": wrapped };
  const text = JSON.stringify(wrapped, null, 2);
  const { prefix, suffix } = wrappers(depth);
  if (!text.startsWith(prefix) || !text.endsWith(suffix)) throw new Error("internal: JSON.stringify wrote an unexpected layout");
  return text.slice(prefix.length, text.length - suffix.length);
}
