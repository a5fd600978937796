/**
 * The YAML text of a JSON-shaped value (plain objects, arrays, strings, numbers, booleans, null), byte
 * for byte what js-yaml's `dump(value, { noRefs: true, lineWidth: -1 })` writes for the value as its JSON
 * text reads back (a number JSON cannot write, -0, NaN or an infinity, is written as JSON writes it:
 * asJsonReadsIt), 2–3× faster on a large
 * OpenAPI document (10,000 operations: 46 MB of YAML, 1.4 million nodes; 2.8–4.4 s in js-yaml, 1.0–1.8 s
 * here, on a noisy 2-core machine).
 *
 * Why it is the same: js-yaml spends its time choosing a style for every scalar (a character-by-character
 * scan plus every implicit type's resolver) and testing every node against its type list. In an OpenAPI
 * document the same few tens of thousands of strings recur over a million times, so each distinct scalar
 * is printed once BY js-yaml itself (a one-value `dump`) and reused, except the simplest, whose text is
 * certain without it (scalarTextWithoutJsYaml, held to js-yaml by a test); only the layout of block mappings
 * and sequences is done here, mirroring js-yaml's writeBlockMapping / writeBlockSequence for its
 * defaults (indent 2, no flow level, no sorting, no tags). Where a scalar's text depends on where it
 * sits (a literal block scalar `|` is indented by its depth), the depth-1 text from js-yaml is
 * re-indented the way js-yaml's indentString does it. Anything outside that shape (a Date, a class
 * instance, a function, a bigint) is handed to js-yaml whole, numbers and all (no spec produces one).
 */
import { dump } from "js-yaml";
import { rememberBounded } from "../../model/memo.ts";
import { oneByte } from "../one-byte.ts";
import type { RecordedText } from "./json.ts";
import { TextBlocks } from "./text-blocks.ts";

const OPTIONS = { noRefs: true, lineWidth: -1 } as const;

/** A value js-yaml writes in a way this printer does not (a Date, a class instance, a function, a bigint). */
export class NotJsonShaped extends Error {}

export function dumpJsonYaml(value: unknown): string {
  try {
    return new Printer().document(value);
  } catch (error) {
    if (error instanceof NotJsonShaped) return dump(value, OPTIONS);
    throw error;
  }
}

/**
 * The same text as `dumpJsonYaml(document)` for a document (a mapping) given a member at a time, where
 * a member's value may itself be a mapping given member by member (`open` … `close`): see json.ts for
 * why. Throws NotJsonShaped where dumpJsonYaml would hand the document to js-yaml whole.
 */
export class YamlDocumentWriter {
  readonly #printer = new Printer();
  /** The document and each mapping opened in it, as the printer writes their pairs; `wrote`: a pair was written. */
  readonly #open: { level: number; compact: boolean; top: boolean; wrote: boolean }[] = [{ level: 0, compact: true, top: true, wrote: false }];
  /** While recording: whether the innermost mapping had a pair when it began. */
  #recordingFrom: boolean | undefined;

  /** Where the next pair goes, as far as its text depends on it (see json.ts, JsonDocumentWriter.position). */
  position(): string {
    const { level, compact, top, wrote } = this.#open[this.#open.length - 1]!;
    return `${level}${compact ? "c" : ""}${top ? "t" : ""}${wrote ? "+" : "."}`;
  }

  /** Starts keeping what is written, for `recorded`. */
  record(): void {
    this.#recordingFrom = this.#open[this.#open.length - 1]!.wrote;
    this.#printer.record();
  }

  recorded(): RecordedText {
    if (this.#recordingFrom === undefined) throw new Error("internal: not recording");
    const added = this.#open[this.#open.length - 1]!.wrote && !this.#recordingFrom;
    this.#recordingFrom = undefined;
    // `added` is what replay must set: a pair written where the mapping had none. Where it had one, `wrote` stays true.
    return { text: this.#printer.recorded(), added };
  }

  /** Writes again what `recorded` answered, at a position where `position()` is what it was then. */
  replay(recorded: RecordedText): void {
    if (recorded.added) this.#open[this.#open.length - 1]!.wrote = true;
    this.#printer.appendRecorded(recorded.text);
  }

  /** A member of the innermost open mapping. */
  member(key: string, value: unknown): void {
    const mapping = this.#open[this.#open.length - 1]!;
    if (this.#printer.pair(key, value, mapping.level, mapping.compact, mapping.top, mapping.wrote)) mapping.wrote = true;
  }

  /** Starts a member whose value is a mapping given member by member, up to `close`. */
  open(key: string): void {
    const mapping = this.#open[this.#open.length - 1]!;
    const compact = this.#printer.pairKey(key, mapping.level, mapping.compact, mapping.top, mapping.wrote);
    mapping.wrote = true;
    this.#open.push({ level: mapping.level + 1, compact, top: false, wrote: false });
  }

  close(): void {
    if (this.#open.length < 2) throw new Error("internal: no mapping is open");
    if (!this.#open.pop()!.wrote) this.#printer.emptyMapping(false);
  }

  /** The document's text in blocks (text-blocks.ts). */
  blocks(): string[] {
    if (this.#open.length !== 1) throw new Error("internal: a mapping is still open");
    if (!this.#open[0]!.wrote) this.#printer.emptyMapping(true);
    return this.#printer.finishBlocks();
  }
}

function joined(blocks: readonly string[]): string {
  return blocks.length === 1 ? blocks[0]! : blocks.join("");
}

class Printer {
  // The text so far: chunks of about 16 KB, each a rope of the short strings appended, joined into
  // blocks as they come (text-blocks.ts), plus the chunk being built. Appending everything to one
  // string would build a rope of millions of parts that lives until the end: the garbage collector
  // copies it around and it costs more than the printing. A chunk's rope dies young, when its block is
  // joined (flattening each chunk first, as this did before blocks, copied the text once more: the
  // YAML of 10,000 operations took 1.16-1.23 s, 1.05-1.09 s without).
  readonly #chunks = new TextBlocks();
  #current = "";
  /** Each scalar's text after the space that separates it from its key or `-` (see #scalar). */
  readonly #values = new Map<string | number | boolean | null, string>();
  readonly #keys = new Map<string, KeyTexts>();
  readonly #newlines: string[] = [];

  document(value: unknown): string {
    this.#node(value, 0, true, true);
    return this.finish();
  }

  /** The text written so far, ended as js-yaml ends a document. */
  finish(): string {
    return joined(this.finishBlocks());
  }

  /** `finish`, in blocks. */
  finishBlocks(): string[] {
    // The process's first document: its texts start the process memo (see processTexts).
    processTexts ??= { values: adopted(this.#values), keys: adopted(this.#keys) };
    this.#chunks.push(this.#current);
    this.#chunks.push("\n");
    this.#current = "";
    return this.#chunks.blocks();
  }

  /** While recording (YamlDocumentWriter.record): every text appended. */
  #recording: string[] | undefined;

  record(): void {
    this.#recording = [];
  }

  recorded(): string {
    const text = (this.#recording ?? []).join("");
    this.#recording = undefined;
    return text;
  }

  appendRecorded(text: string): void {
    this.#append(text);
  }

  #append(text: string): void {
    this.#recording?.push(text);
    this.#current += text;
    if (this.#current.length > 16384) {
      this.#chunks.push(this.#current);
      this.#current = "";
    }
  }

  /** "\n" and the indentation of `level` (js-yaml's generateNextLine). */
  #newline(level: number): string {
    return (this.#newlines[level] ??= `\n${" ".repeat(2 * level)}`);
  }

  /**
   * Writes one node. The caller has written what comes before it (`key:` or `-`); a node that starts
   * on the same line writes the separating space itself, a block that starts on a new line does not
   * (js-yaml's `':'` versus `': '` on whether the dump starts with a line feed). `top`: nothing before it.
   */
  #node(value: unknown, level: number, compact: boolean, top = false): void {
    if (value === null || typeof value !== "object") {
      const spaced = this.#scalar(value, level);
      this.#append(top ? spaced.slice(1) : spaced);
      return;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) {
        this.#append(top ? "[]" : " []");
        return;
      }
      for (let i = 0; i < value.length; i++) {
        // An item is written compact, so it never starts with a line feed: js-yaml writes `- ` before it.
        if (i > 0 || !compact) this.#append(this.#newline(level) + "-");
        else this.#append(top ? "-" : " -");
        const item: unknown = value[i];
        this.#node(item === undefined ? null : item, level + 1, true);
      }
      return;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw new NotJsonShaped();
    let wrote = false;
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) if (this.pair(key, record[key], level, compact, top, wrote)) wrote = true;
    if (!wrote) this.emptyMapping(top);
  }

  /**
   * One pair of a mapping whose pairs are at `level`; `wrote`: an earlier pair of the mapping was
   * written. False when the pair is skipped: js-yaml skips a pair whose value it cannot write, which
   * for JSON-shaped input is `undefined`.
   */
  pair(key: string, item: unknown, level: number, compact: boolean, top: boolean, wrote: boolean): boolean {
    if (item === undefined) return false;
    this.#node(item, level + 1, this.pairKey(key, level, compact, top, wrote));
    return true;
  }

  /** Writes a pair's key and what separates it from its value; true when the value is then written compact. */
  pairKey(key: string, level: number, compact: boolean, top: boolean, wrote: boolean): boolean {
    const texts = this.#key(key);
    const keyText = texts.text;
    const onNewLine = !compact || wrote;
    if (keyText.length > 1024) {
      // An explicit pair; its value is written compact, so it starts on the `:` line.
      this.#append(`${onNewLine ? this.#newline(level) : top ? "" : " "}? ${keyText}${this.#newline(level)}:`);
      return true;
    }
    // Nearly every key starts a line: the line's start is kept whole (see KeyTexts).
    if (onNewLine) this.#append((texts.lines[level] ??= [this.#newline(level), keyText, ":"].join("")));
    else this.#append(top ? `${keyText}:` : ` ${keyText}:`);
    return false;
  }

  /** A mapping with no pairs to write. */
  emptyMapping(top: boolean): void {
    this.#append(top ? "{}" : " {}");
  }

  /**
   * A scalar's text with the space before it (which every scalar but a whole document's has: one
   * string appended instead of two, about 800,000 fewer at 10,000 operations).
   */
  #scalar(given: unknown, level: number): string {
    if (typeof given !== "string" && typeof given !== "number" && typeof given !== "boolean" && given !== null) throw new NotJsonShaped();
    const value = typeof given === "number" ? asJsonReadsIt(given) : given;
    let spaced = this.#values.get(value);
    if (spaced === undefined) {
      spaced = processTexts?.values.get(value);
      if (spaced === undefined) {
        // Joined, so that the text kept is one flat string rather than a rope of two.
        spaced = [" ", printScalar(value)].join("");
        if (processTexts) rememberBounded(processTexts.values, value, spaced, PROCESS_TEXTS);
      }
      this.#values.set(value, spaced);
    }
    // Only a literal block scalar (lineWidth -1 rules out folding) depends on its depth; no other
    // scalar text starts with `|` (plain style may not, quoted styles start with a quote).
    return level > 1 && spaced.charCodeAt(1) === 0x7c ? ` ${reindentBlock(spaced.slice(1), 2 * level)}` : spaced;
  }

  #key(key: string): KeyTexts {
    let texts = this.#keys.get(key);
    if (texts === undefined) {
      texts = processTexts?.keys.get(key);
      if (texts === undefined) {
        texts = { text: printKey(key), lines: [] };
        if (processTexts) rememberBounded(processTexts.keys, key, texts, PROCESS_TEXTS);
      }
      this.#keys.set(key, texts);
    }
    return texts;
  }
}

/**
 * What a mapping key is written as: its text, and by level the start of a line holding it (line feed,
 * indentation, key, `:`), appended as one string. Three appends per pair were about a third of the
 * strings appended (1.1 million pairs at 10,000 operations), each a rope node to allocate and flatten.
 */
interface KeyTexts {
  text: string;
  lines: string[];
}

/**
 * What js-yaml writes for scalars and mapping keys (pure functions of the value, as a Printer keeps
 * them: a scalar's text with its space, a key's KeyTexts), remembered for the life of the process, for
 * watch mode, where most of a document's texts recur on every save and printing them again was 45% of
 * the YAML's time (this repository's 51-operation spec: 1,119 distinct scalars and 396 keys). Each
 * Printer remembers every text of its own document (the same few tens of thousands recur over a
 * million times in a large one), so within a process's first document this memo could only miss: at
 * 10,000 operations it was asked 37,404 and 27,903 times, every time in vain, and emptied 7 and 5
 * times. So it is consulted and filled only from the second document a process prints on (a one-shot
 * run prints one per API; a watch process one per run that changes its API's model), and starts as the
 * first document's own texts, taken as they are, not copied, so that a watch process's second run finds
 * them. Bounded (PROCESS_TEXTS of each, emptied when full: model/memo.ts, rememberBounded), so a large
 * spec keeps no more than that alive afterwards: a first document with more starts it empty.
 */
const PROCESS_TEXTS = 5_000;

let processTexts: { values: Map<string | number | boolean | null, string>; keys: Map<string, KeyTexts> } | undefined;

/** A finished document's texts as the process memo's start: themselves, or none if too many to keep. */
function adopted<K, V>(texts: Map<K, V>): Map<K, V> {
  return texts.size <= PROCESS_TEXTS ? texts : new Map();
}

/**
 * A number as the JSON text of the document reads back: -0 as 0, and NaN and the infinities, which
 * JSON writes as null, as null. The YAML text says what the JSON text says (an OpenAPI document is JSON
 * data in either form), and the YAML thread, which prints from the JSON text, prints the same bytes
 * (yaml-thread.ts).
 */
function asJsonReadsIt(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  return value === 0 ? 0 : value;
}

function printScalar(value: string | number | boolean | null): string {
  // One-byte pieces make a one-byte document (46 MB rather than 92 MB at 10,000 operations): emit/one-byte.ts.
  const simple = typeof value === "string" ? scalarTextWithoutJsYaml(value) : undefined;
  if (simple !== undefined) return oneByte(simple);
  // Written at depth 0, where js-yaml indents a block scalar as at depth 1.
  return oneByte(dump(value, OPTIONS).slice(0, -1));
}

function printKey(key: string): string {
  const simple = scalarTextWithoutJsYaml(key);
  if (simple !== undefined) return oneByte(simple);
  // A key is single-line only (js-yaml quotes what a value would write as a block scalar), so it is
  // printed as the key of a one-pair mapping and cut out: `key: null\n`, or `? key\n: null\n` past 1,024 characters.
  const pair = dump({ [key]: null }, OPTIONS);
  return oneByte(pair.startsWith("? ") ? pair.slice(2, -"\n: null\n".length) : pair.slice(0, -": null\n".length));
}

/**
 * Words js-yaml quotes although every character is plain-safe: the spellings its implicit null and
 * bool types read (so a plain one would load as null or a boolean), and the YAML 1.1 booleans it quotes
 * for older readers (its DEPRECATED_BOOLEANS_SYNTAX).
 */
const QUOTED_WORDS = new Set(["null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"]);
for (const word of ["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "n", "N", "no", "No", "NO", "off", "Off", "OFF"]) QUOTED_WORDS.add(word);

/** Printable ASCII characters that may not start a plain scalar (YAML's c-indicator, and the space). */
const NOT_FIRST = new Set([..." -?:,[]{}#&*!|=>'\"%@`"].map((c) => c.charCodeAt(0)));

/**
 * What js-yaml writes for `text`, as a value and as a key, when that is clear without asking it; else
 * undefined. A one-value `dump` costs several microseconds (its state, every type's resolver, its style
 * scan), and the distinct texts of a large document are mostly the simplest cases: at 10,000 operations
 * 27,895 of 27,903 keys and 37,040 of 37,380 string values are answered here (YAML printing 1.41 ->
 * 0.9 s, in-process medians of 5).
 *
 * Only single-line printable ASCII, where js-yaml writes either the text itself (plain style) or the
 * text single-quoted, and only where one of these rules settles which:
 * - quoted, when a character rules plain style out: one that may not start it (NOT_FIRST), a space or
 *   `:` at the end, `: ` or ` #` inside;
 * - plain, when it starts with a letter, `_` or `/` (no indicator, and no number, timestamp or
 *   `.inf`/`.nan` js-yaml would quote), holds no `:` or `#` at all, does not end with a space and is
 *   none of QUOTED_WORDS.
 * At most 1,024 characters: a longer key is written explicitly (`? key`). test/openapi-speed-yaml.test.ts
 * holds this to js-yaml.
 */
export function scalarTextWithoutJsYaml(text: string): string | undefined {
  const length = text.length;
  if (length === 0 || length > 1024) return undefined;
  const first = text.charCodeAt(0);
  let quoted = NOT_FIRST.has(first);
  // Plain for sure, unless `quoted`: see above.
  let plain = ((first | 0x20) >= 0x61 && (first | 0x20) <= 0x7a) || first === 0x5f || first === 0x2f;
  let previous = 0;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return undefined;
    if (c === 0x3a || c === 0x23) {
      plain = false;
      if (c === 0x23 && previous === 0x20) quoted = true;
    } else if (c === 0x20 && previous === 0x3a) quoted = true;
    previous = c;
  }
  if (previous === 0x20 || previous === 0x3a) quoted = true;
  if (quoted) return `'${text.replace(/'/g, "''")}'`;
  return plain && !(length <= 5 && QUOTED_WORDS.has(text)) ? text : undefined;
}

/**
 * A literal block scalar printed at depth 0 or 1 (content lines indented by 2) re-indented to `indent`:
 * js-yaml's indentString indents every non-empty line and leaves empty ones empty, so every non-empty
 * content line starts with exactly those 2 spaces.
 */
function reindentBlock(text: string, indent: number): string {
  const extra = " ".repeat(indent - 2);
  const lines = text.split("\n");
  // lines[0] is the header (`|`, `|-`, `|+`, `|2-`, …).
  for (let i = 1; i < lines.length; i++) if (lines[i]!.length > 0) lines[i] = extra + lines[i];
  return lines.join("\n");
}
