/**
 * Diff test helpers: edited copies of spec/ in a temporary folder, changed by YAML path (not by
 * matching text, so the tests survive edits to the spec), and the diff of each copy against an
 * untouched copy.
 *
 * Edits splice new text into the file where the node was, leaving every other line as it was: a value
 * is replaced by its JSON (which is YAML), a key is added to a flow map before its `}` or to a block map
 * on a new line, and a block entry is removed with its lines.
 */
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node, type Pair } from "yaml";
import type { Change } from "../../generator/diff/catalog.ts";
import { diffModels } from "../../generator/diff/engine.ts";
import { loadSide, type LoadedSide } from "../../generator/diff/sides.ts";
import { SPEC_DIR } from "./spec.ts";

/** A path into a spec file: keys, list indices, or `@name` for the list item whose `name` is name. */
export type EditPath = (string | number)[];

export interface DiffFixture {
  root: string;
  base: Extract<LoadedSide, { ok: true }>;
  copies: number;
}

/** A temporary folder holding `base/` (an untouched copy of spec/, loaded once) beside the edited copies. */
export async function diffFixture(): Promise<DiffFixture> {
  const root = await mkdtemp(path.join(os.tmpdir(), "opspec-diff-"));
  await cp(SPEC_DIR, path.join(root, "base"), { recursive: true });
  const base = await loadSide({ kind: "folder", dir: path.join(root, "base"), label: "base/" }, { cwd: root, specDir: "spec" });
  if (!base.ok) throw new Error(`spec/ has errors: ${base.diagnostics.map((d) => `${d.file}:${d.line} ${d.message}`).join("; ")}`);
  return { root, base, copies: 0 };
}

export class SpecCopy {
  private readonly texts = new Map<string, string>();

  constructor(
    readonly root: string,
    /** The copy's folder name below the fixture's root: `head-3`. */
    readonly name: string,
  ) {}

  get dir(): string {
    return path.join(this.root, this.name);
  }

  /** A spec file as findings name it: `head-3/admins.yaml`. */
  file(name: string): string {
    return `${this.name}/${name}`;
  }

  async text(name: string): Promise<string> {
    const cached = this.texts.get(name);
    if (cached !== undefined) return cached;
    const text = await readFile(path.join(this.dir, name), "utf8");
    this.texts.set(name, text);
    return text;
  }

  async write(name: string, text: string): Promise<void> {
    this.texts.set(name, text);
    await writeFile(path.join(this.dir, name), text);
  }

  /** Sets the value at `at` (adding the key when it is missing). */
  async set(name: string, at: EditPath, value: unknown): Promise<void> {
    const text = await this.text(name);
    const doc = parseDocument(text);
    const found = resolve(doc.contents as Node, at);
    if (found.value?.range) {
      const [start, rangeEnd] = found.value.range;
      // A block collection's range takes in its last line break; the replacement keeps it.
      let end = rangeEnd;
      while (end > start && /\s/.test(text[end - 1]!)) end--;
      await this.write(name, splice(text, start, end, JSON.stringify(value)));
      return;
    }
    const parent = resolve(doc.contents as Node, at.slice(0, -1)).value;
    if (!isMap(parent) || !parent.range) throw new Error(`cannot add ${at.join(".")}: the parent is not a mapping`);
    const key = String(at[at.length - 1]);
    const entry = `${JSON.stringify(key)}: ${JSON.stringify(value)}`;
    if (parent.flow) {
      const close = text.lastIndexOf("}", parent.range[1]);
      const inner = text.slice(0, close).trimEnd();
      const sep = inner.endsWith("{") ? " " : ", ";
      await this.write(name, `${inner}${sep}${entry} ${text.slice(close)}`);
      return;
    }
    const first = parent.items[0] as Pair<Node, Node> | undefined;
    const indent = first?.key?.range ? " ".repeat(column(text, first.key.range[0])) : "";
    const end = parent.range[1];
    const lineEnd = text.lastIndexOf("\n", end - 1) === end - 1 ? end - 1 : end;
    await this.write(name, splice(text, lineEnd, lineEnd, `\n${indent}${entry}`));
  }

  /** Removes the entry at `at` (a key of a mapping or an item of a list). */
  async remove(name: string, at: EditPath): Promise<void> {
    const text = await this.text(name);
    const doc = parseDocument(text);
    const parentPath = at.slice(0, -1);
    const parent = resolve(doc.contents as Node, parentPath).value;
    const found = resolve(doc.contents as Node, at);
    if (!parent?.range || !found.value) throw new Error(`nothing at ${at.join(".")}`);
    if ((isMap(parent) || isSeq(parent)) && parent.flow) {
      const json = parent.toJSON() as Record<string, unknown> | unknown[];
      const key = at[at.length - 1]!;
      const next = Array.isArray(json) ? json.filter((_, i) => i !== found.index) : Object.fromEntries(Object.entries(json).filter(([k]) => k !== String(key)));
      await this.write(name, splice(text, parent.range[0], parent.range[1], JSON.stringify(next)));
      return;
    }
    // Block entry: drop its lines, from its own line to the line before the next entry (or the collection's end).
    const items = (parent as { items: unknown[] }).items;
    const startOf = (item: unknown) => (isPair(item) ? (item.key as Node).range![0] : (item as Node).range![0]);
    const start = lineStart(text, startOf(items[found.index!]));
    const nextItem = items[found.index! + 1];
    const end = nextItem !== undefined ? lineStart(text, startOf(nextItem)) : lineEndAfter(text, parent.range[1]);
    await this.write(name, text.slice(0, start) + text.slice(end));
  }

  /** Appends `value` to the block list at `at` (an operation to `operations`, say). */
  async append(name: string, at: EditPath, value: unknown): Promise<void> {
    const text = await this.text(name);
    const doc = parseDocument(text);
    const seq = resolve(doc.contents as Node, at).value;
    if (!isSeq(seq) || !seq.range || seq.flow) throw new Error(`${at.join(".")} is not a block list`);
    const firstLine = text.slice(lineStart(text, (seq.items[0] as Node).range![0]));
    const indent = /^(\s*)-/.exec(firstLine)?.[1] ?? "";
    const end = lineEndAfter(text, seq.range[1]);
    await this.write(name, splice(text, end, end, `${indent}- ${JSON.stringify(value)}\n`));
  }

  /** The JSON value at `at`, to build edits from. */
  async get(name: string, at: EditPath): Promise<unknown> {
    const doc = parseDocument(await this.text(name));
    const v = resolve(doc.contents as Node, at).value;
    return isScalar(v) ? v.value : (v as { toJSON(): unknown } | undefined)?.toJSON();
  }

  /** The 1-based line of the node at `at`, or of its key with `{ key: true }`. */
  async line(name: string, at: EditPath, options: { key?: boolean } = {}): Promise<number> {
    const text = await this.text(name);
    const doc = parseDocument(text);
    const found = resolve(doc.contents as Node, at);
    const node = options.key && found.key ? found.key : found.value;
    if (!node?.range) throw new Error(`nothing at ${at.join(".")} in ${name}`);
    return text.slice(0, node.range[0]).split("\n").length;
  }
}

/** A fresh copy of the untouched spec in the fixture's folder. */
export async function specCopy(fx: DiffFixture): Promise<SpecCopy> {
  const name = `head-${++fx.copies}`;
  await cp(path.join(fx.root, "base"), path.join(fx.root, name), { recursive: true });
  return new SpecCopy(fx.root, name);
}

/** The diff of `base` (default: the fixture's untouched copy) against `head`; both must check. */
export async function diffCopy(fx: DiffFixture, head: SpecCopy, base?: SpecCopy): Promise<Change[]> {
  return diffModels(base ? await loadCopy(fx, base) : fx.base, await loadCopy(fx, head));
}

async function loadCopy(fx: DiffFixture, copy: SpecCopy): Promise<Extract<LoadedSide, { ok: true }>> {
  const side = await loadSide({ kind: "folder", dir: copy.dir, label: `${copy.name}/` }, { cwd: fx.root, specDir: "spec" });
  if (!side.ok) throw new Error(`${copy.name} has errors:\n${side.diagnostics.map((d) => `${d.file}:${d.line}:${d.col} ${d.code} ${d.message}`).join("\n")}`);
  return side;
}

// ─── YAML navigation ───────────────────────────────────────────────────────────────────────────────

function resolve(root: Node, at: EditPath): { value?: Node; key?: Node; index?: number } {
  let node: Node | undefined = root;
  let key: Node | undefined;
  let index: number | undefined;
  for (const seg of at) {
    if (isMap(node)) {
      index = node.items.findIndex((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      const pair = node.items[index];
      if (!pair) return {};
      key = pair.key as Node;
      node = (pair.value ?? undefined) as Node | undefined;
    } else if (isSeq(node)) {
      index =
        typeof seg === "number"
          ? seg
          : node.items.findIndex((item) => isMap(item) && item.items.some((p) => isScalar(p.key) && p.key.value === "name" && isScalar(p.value) && p.value.value === seg.slice(1)));
      key = undefined;
      node = node.items[index] as Node | undefined;
      if (!node) return {};
    } else return {};
  }
  return { value: node, key, index };
}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

function lineEndAfter(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === "\n") return offset;
  const nl = text.indexOf("\n", offset);
  return nl < 0 ? text.length : nl + 1;
}

function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}
