/**
 * Values YAML can express but a spec cannot carry: `!!binary` bytes, infinite and not-a-number floats,
 * mapping keys that are null, and aliases that expand without bound (the "billion laughs"). Each is
 * reported at its own position, before the checker turns the document into plain data.
 *
 * A null key (`null:`, `~:`, `: value`) has no one meaning as a name: yaml makes it "" and js-yaml
 * (the fast reader, fast-parse.ts) makes it "null", so the same file would mean two things depending
 * on which reader read it. It is refused instead, with the fix (quote it) in the message.
 */
import type { Alias, Document, LineCounter, Node } from "yaml";
import { yamlLib } from "./yaml-lib.ts";
import { diagnostic, type Diagnostic } from "../diagnostics/catalog.ts";
import { reason } from "../user-error.ts";

/** The same limit the shape check passes to `toJS()`: past it, yaml refuses to expand aliases. */
export const MAX_ALIAS_COUNT = 100;

export function checkValues(file: string, text: string, doc: Document.Parsed, lineCounter: LineCounter): Diagnostic[] {
  const { isScalar, visit } = yamlLib();
  const out: Diagnostic[] = [];
  const at = (node: Node) => position(file, lineCounter, node);
  const aliases: Alias[] = [];
  visit(doc, {
    Alias(_key, node) {
      aliases.push(node);
    },
    Pair(_key, pair) {
      const key = pair.key;
      if (isScalar(key) && key.value === null) {
        const source = key.range ? text.slice(key.range[0], key.range[1]) : "";
        out.push(diagnostic("null-key", { key: short(source) }, source === "" ? { ...at(key), length: 1 } : at(key)));
      }
    },
    Scalar(_key, node) {
      const raw = node.range ? text.slice(node.range[0], node.range[1]) : String(node.value);
      if (node.value instanceof Uint8Array || node.tag === "tag:yaml.org,2002:binary")
        out.push(
          diagnostic(
            "yaml-binary",
            { detail: "a !!binary value: spec values are text, numbers, booleans, lists and mappings (write the data as a base64 string instead)" },
            { ...at(node), ...tagStart(text, node, lineCounter) },
          ),
        );
      else if (typeof node.value === "number" && !Number.isFinite(node.value))
        out.push(
          diagnostic(
            "non-finite-number",
            { value: short(raw), nan: Number.isNaN(node.value) },
            at(node),
          ),
        );
    },
  });
  if (aliases.length > 0) {
    const problem = expandAliases(doc, aliases);
    if (problem) out.push(diagnostic("yaml-alias-limit", { detail: problem.message }, at(problem.alias)));
  }
  return out;
}

/**
 * Expands the document the way the checker will (same `maxAliasCount`) and, if yaml refuses, finds the alias
 * it refused at: each alias's `toJSON` is wrapped for the duration to record the first one that throws.
 */
function expandAliases(doc: Document.Parsed, aliases: Alias[]): { alias: Alias; message: string } | undefined {
  let culprit: Alias | undefined;
  const original = yamlLib().Alias.prototype.toJSON;
  for (const alias of aliases)
    Object.defineProperty(alias, "toJSON", {
      configurable: true,
      writable: true,
      value(this: Alias, ...args: Parameters<Alias["toJSON"]>) {
        try {
          return original.apply(this, args);
        } catch (err) {
          culprit ??= this;
          throw err;
        }
      },
    });
  try {
    doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return undefined;
  } catch (err) {
    const alias = culprit ?? aliases[0]!;
    const text = reason(err);
    const message = /^Unresolved alias/.test(text)
      ? `alias *${alias.source} has no anchor &${alias.source} before it`
      : /Excessive alias count/.test(text)
        ? `alias *${alias.source} expands the document past ${MAX_ALIAS_COUNT} alias expansions; nested aliases like this (an alias bomb) are refused`
        : `alias *${alias.source} cannot be expanded: ${text.split("\n")[0]}`;
    return { alias, message };
  } finally {
    for (const alias of aliases) delete (alias as { toJSON?: unknown }).toJSON;
  }
}

function position(file: string, lineCounter: LineCounter, node: Node): { file: string; line: number; col: number; length: number } {
  const [start, end] = node.range ?? [0, 1];
  const pos = lineCounter.linePos(start);
  const endPos = lineCounter.linePos(end);
  return { file, line: pos.line, col: pos.col, length: endPos.line === pos.line ? Math.max(1, endPos.col - pos.col) : 1 };
}

/**
 * Where the node's tag begins (yaml keeps only the value's range): the `!…` token just before the value on
 * its line, skipping an anchor. Falls back to the value itself.
 */
function tagStart(text: string, node: Node, lineCounter: LineCounter): { line: number; col: number; length: number } | {} {
  const start = node.range?.[0];
  if (start === undefined) return {};
  let end = start;
  for (let tokens = 0; tokens < 2; tokens++) {
    let i = end;
    while (i > 0 && (text[i - 1] === " " || text[i - 1] === "\t")) i--;
    let j = i;
    while (j > 0 && !/[\s[\]{},:]/.test(text[j - 1]!)) j--;
    if (j === i) break;
    if (text[j] === "!") {
      const pos = lineCounter.linePos(j);
      const valueEnd = lineCounter.linePos(node.range![1]);
      return { line: pos.line, col: pos.col, length: valueEnd.line === pos.line ? Math.max(1, valueEnd.col - pos.col) : 1 };
    }
    if (text[j] !== "&") break;
    end = j;
  }
  return {};
}

function short(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
