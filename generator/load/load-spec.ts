/**
 * Load: read every YAML file of the spec folder into documents that keep source positions.
 * Nothing here judges the content; syntax problems become diagnostics. So do files that cannot be read,
 * bytes that are not UTF-8, and values no spec can carry (`!!binary`, `.inf`, alias bombs): the checker
 * skips a file with a load diagnostic, so it never meets them. A spec folder that cannot be used at all
 * (missing, empty, unreadable) is a `SpecFolderError`.
 */
import path from "node:path";
import type { Document, LineCounter, Node } from "yaml";
import { yamlLib } from "./yaml-lib.ts";
import { diagnostic, type Diagnostic } from "../diagnostics/catalog.ts";
import { NODE_IO, listSpecFolder, readSpecFile, type LoadIo } from "./read-folder.ts";
import { duplicateKeys } from "./duplicate-keys.ts";
import { decodeUtf8 } from "./utf8.ts";
import { fastValue } from "./fast-parse.ts";
import { checkValues, MAX_ALIAS_COUNT } from "./values.ts";

export { SpecFolderError, type LoadIo } from "./read-folder.ts";

export interface SpecSource {
  /** Relative to the project root, forward slashes: `spec/admins.yaml`. */
  readonly file: string;
  readonly text: string;
  /** The file's data, plain JavaScript: what the checker reads. */
  readonly value: unknown;
  /** Read by the fast path: its data holds no alias, no non-finite number and no `__proto__` key. */
  readonly plain: boolean;
  /** The document with source positions: built on first use (a diagnostic to place), see fast-parse.ts. */
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
}

/** A file read by the fast path: its positioned document is parsed only if something asks for it. */
class FastSource implements SpecSource {
  readonly plain = true;
  #positioned: { doc: Document.Parsed; lineCounter: LineCounter } | undefined;
  constructor(
    readonly file: string,
    readonly text: string,
    readonly value: unknown,
  ) {}
  get doc(): Document.Parsed {
    return this.#parsed().doc;
  }
  get lineCounter(): LineCounter {
    return this.#parsed().lineCounter;
  }
  #parsed(): { doc: Document.Parsed; lineCounter: LineCounter } {
    return (this.#positioned ??= positionedDocument(this.text));
  }
}

/** A file read by yaml with positions (the slow path, and every file with a load problem). */
class PositionedSource implements SpecSource {
  readonly plain = false;
  #value: { value: unknown } | undefined;
  constructor(
    readonly file: string,
    readonly text: string,
    readonly doc: Document.Parsed,
    readonly lineCounter: LineCounter,
  ) {}
  /** Aliases expand with the same limit the load check applied (MAX_ALIAS_COUNT). */
  get value(): unknown {
    this.#value ??= { value: this.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
    return this.#value.value;
  }
}

export interface LoadedSpec {
  sources: SpecSource[];
  diagnostics: Diagnostic[];
}

/**
 * Parsed files kept between loads by a long-lived process (watch mode), by displayed file name. A file
 * whose text is unchanged is not parsed again: parsing is a pure function of the text, and nothing
 * downstream changes a source (its value, its document) or a diagnostic. Every file is still read, so
 * an edit the file watcher missed is never missed here.
 */
export type ParseCache = Map<string, { text: string; source: SpecSource; diagnostics: readonly Diagnostic[] }>;

/**
 * Reads `*.yaml` / `*.yml` in `specDir` (sorted by name). `displayDir` is how paths are shown (`spec`).
 * `io` replaces file-system calls (tests). `cache` reuses the parse of unchanged texts and is updated to
 * hold exactly this load's files. Throws `SpecFolderError` when the folder is missing, unreadable or empty.
 */
export async function loadSpec(
  specDir: string,
  displayDir = path.basename(specDir),
  io: Partial<LoadIo> = {},
  cache?: ParseCache,
): Promise<LoadedSpec> {
  const fs: LoadIo = { ...NODE_IO, ...io };
  const names = await listSpecFolder(specDir, displayDir, fs);
  const read = await Promise.all(names.map((name) => readSpecFile(path.join(specDir, name), `${displayDir}/${name}`, fs)));
  const sources: SpecSource[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const r of read) {
    if ("problem" in r) {
      // An empty stand-in keeps the file in the set, so the checker does not also call it missing.
      diagnostics.push(diagnostic(r.problem.code, { detail: r.problem.message }, { file: r.file, line: 1, col: 1 }));
      sources.push(standIn(r.file, ""));
      continue;
    }
    const decoded = decodeUtf8(r.bytes);
    if (!decoded.ok) {
      const hex = decoded.byte.toString(16).toUpperCase().padStart(2, "0");
      diagnostics.push(
        diagnostic("invalid-utf8", { byte: hex }, {
          file: r.file,
          line: decoded.line,
          col: decoded.col,
        }),
      );
      sources.push(standIn(r.file, decoded.text));
      continue;
    }
    const cached = cache?.get(r.file);
    const parsed = cached?.text === decoded.text ? cached : parseSource(r.file, decoded.text);
    if (cache && parsed !== cached) cache.set(r.file, { text: decoded.text, ...parsed });
    sources.push(parsed.source);
    diagnostics.push(...parsed.diagnostics);
  }
  if (cache) for (const file of [...cache.keys()]) if (!read.some((r) => r.file === file && !("problem" in r))) cache.delete(file);
  return { sources, diagnostics };
}

/** Parses already-read texts; used by `loadSpec`, watch mode and tests. */
export function parseSpecTexts(files: readonly { file: string; text: string }[]): LoadedSpec {
  const sources: SpecSource[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const { file, text } of files) {
    const parsed = parseSource(file, text);
    sources.push(parsed.source);
    diagnostics.push(...parsed.diagnostics);
  }
  return { sources, diagnostics };
}

function parseSource(file: string, text: string): { source: SpecSource; diagnostics: readonly Diagnostic[] } {
  const fast = fastValue(text);
  if (fast) return { source: new FastSource(file, text, fast.value), diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  const { doc, lineCounter } = positionedDocument(text);
  // After the first syntax error the parser's further complaints are mostly echoes of it.
  const firstSyntax = doc.errors[0];
  if (firstSyntax) {
    const pos = lineCounter.linePos(firstSyntax.pos[0]);
    const message = firstSyntax.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
    diagnostics.push(
      diagnostic("yaml-syntax", { detail: message }, { file, line: pos.line, col: pos.col, length: Math.max(1, firstSyntax.pos[1] - firstSyntax.pos[0]) }),
    );
  }
  diagnostics.push(...duplicateKeys(file, doc, lineCounter));
  if (doc.errors.length === 0) diagnostics.push(...checkValues(file, text, doc, lineCounter));
  return { source: new PositionedSource(file, text, doc, lineCounter), diagnostics };
}

/** A source for a file that could not be read or decoded: its text (for code frames) and an empty document. */
function standIn(file: string, text: string): SpecSource {
  const { doc, lineCounter } = positionedDocument("");
  return new PositionedSource(file, text, doc, lineCounter);
}

/** yaml's document with source positions, the one way every path builds it. */
function positionedDocument(text: string): { doc: Document.Parsed; lineCounter: LineCounter } {
  const { LineCounter, parseDocument } = yamlLib();
  const lineCounter = new LineCounter();
  // Duplicate keys are found by `duplicateKeys` in linear time; yaml's own check is quadratic.
  return { doc: parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false }), lineCounter };
}

export type PathSegment = string | number;

/**
 * The source position of the value at `at` (or of its key when `key` is set), falling back to the
 * nearest ancestor that exists. Used to point every diagnostic at the exact spot.
 */
export function locate(
  source: SpecSource,
  at: readonly PathSegment[],
  options: { key?: boolean } = {},
): { file: string; line: number; col: number; length?: number } {
  const { isMap, isPair, isScalar, isSeq } = yamlLib();
  let node: unknown = source.doc.contents;
  let best: Node | null = (node as Node | null) ?? null;
  for (let i = 0; i < at.length; i++) {
    const seg = at[i]!;
    const last = i === at.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      if (last && options.key && isScalar(pair.key)) {
        best = pair.key;
        break;
      }
      node = pair.value;
      if (node && (node as Node).range) best = node as Node;
      else if (isScalar(pair.key)) best = pair.key;
    } else if (isSeq(node) && typeof seg === "number") {
      node = node.items[seg];
      if (!node) break;
      best = node as Node;
    } else break;
  }
  const offset = best?.range?.[0] ?? 0;
  const end = best?.range?.[1] ?? offset + 1;
  const pos = source.lineCounter.linePos(offset);
  const endPos = source.lineCounter.linePos(end);
  const length = endPos.line === pos.line ? Math.max(1, endPos.col - pos.col) : 1;
  return { file: source.file, line: pos.line, col: pos.col, length };
}
