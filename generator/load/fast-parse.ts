/**
 * The fast path of loading: a spec file's data without source positions, read by js-yaml, about six
 * times faster than building yaml's positioned document (this repository's 8 spec files: 45 ms against 265 ms in a
 * fresh process; 10,000 operations: most of a 16 s load). Positions are needed only to point a
 * diagnostic at its spot, so the positioned document is built when one is asked for (load-spec.ts).
 *
 * The two readers must agree on every value. js-yaml reads with the scalars of yaml's core schema
 * (the same patterns, so `0b1`, `-.5` or `1_000` resolve exactly as yaml resolves them), and whenever
 * the file holds something the slow path reports or treats on its own, the fast path answers
 * `undefined` and the file is read by yaml as before: any js-yaml error (syntax, duplicate key,
 * several documents), what may be an explicit tag or a directive, a null key, an alias (a shared node: yaml
 * expands aliases with a limit and reports the bombs), a non-finite number, a `__proto__` key. `test/fast-parse.test.ts` compares
 * both readers on every spec of this repository and on the awkward cases.
 */
import { FAILSAFE_SCHEMA, load, Type } from "js-yaml";

/**
 * A scalar type of YAML 1.2's core schema, as yaml defines it (yaml/dist/schema/core, common/null.js).
 * js-yaml asks every implicit type about every plain scalar, keys included, and nearly all of them are
 * words: `mayMatch` is a condition every text the pattern matches meets (a length, a first character),
 * so most texts are turned away without running the pattern (10,000 operations: 912,000 plain scalars,
 * 3.6 million pattern tests before, about 53,000 now).
 */
function coreScalar(tag: string, mayMatch: (text: string) => boolean, pattern: RegExp, construct: (text: string) => unknown): Type {
  return new Type(`tag:yaml.org,2002:${tag}`, {
    kind: "scalar",
    resolve: (text: string | null) => {
      const scalar = text ?? "";
      return mayMatch(scalar) && pattern.test(scalar);
    },
    construct: (text: string | null) => construct(text ?? ""),
  });
}

/** Empty, or up to four characters from `~`, `n` or `N`: what every null of the core schema is. */
function mayBeNull(text: string): boolean {
  if (text.length === 0) return true;
  const c = text.charCodeAt(0);
  return text.length <= 4 && (c === 126 || c === 110 || c === 78);
}

/** Every boolean of the core schema is `true` or `false` in some case: 4 characters with `r` second, or 5 with `a`. */
function mayBeBool(text: string): boolean {
  const second = text[1];
  return text.length === 4 ? second === "r" || second === "R" : text.length === 5 && (second === "a" || second === "A");
}

/** `0`-`9`, `+`, `-` or `.`: how every number of the core schema begins. */
function startsLikeNumber(text: string): boolean {
  const c = text.charCodeAt(0);
  return (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;
}

const CORE_SCHEMA = FAILSAFE_SCHEMA.extend({
  implicit: [
    coreScalar("null", mayBeNull, /^(?:~|[Nn]ull|NULL)?$/, () => {
      builtNull = true;
      return null;
    }),
    coreScalar("bool", mayBeBool, /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (text) => text[0] === "t" || text[0] === "T"),
    coreScalar("int", startsLikeNumber, /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/, (text) =>
      noteNumber(text.startsWith("0o") ? parseInt(text.slice(2), 8) : text.startsWith("0x") ? parseInt(text.slice(2), 16) : Number(text)),
    ),
    coreScalar(
      "float",
      startsLikeNumber,
      /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      (text) => noteNumber(/nan$/i.test(text) ? NaN : /inf$/i.test(text) ? (text[0] === "-" ? -Infinity : Infinity) : parseFloat(text)),
    ),
  ],
});

/**
 * Whether the read under way has built a non-finite number (`.inf`, `.nan`, `1e400`, 400 digits).
 * Every number of a fast read is built by the two constructors above, so this sees each one; reads
 * are synchronous, so one flag serves them all (reset as each read begins).
 */
let builtNonFinite = false;

/**
 * Whether the read under way has built a written null (`null`, `~`): one used as a key is read as the
 * name "null" here and as "" by yaml, which reports it instead (values.ts). Set like builtNonFinite.
 */
let builtNull = false;

function noteNumber(n: number): number {
  if (!Number.isFinite(n)) builtNonFinite = true;
  return n;
}

/**
 * Where a tag (`!foo`, `!!str`) may start: explicit tags resolve differently in the two readers, so a
 * text that may hold one goes to yaml. Prose with a `!` after a space takes the slow path too: correct,
 * only slower.
 */
const MAY_HOLD_TAG = /(?:^|[\s[{,])!/;

const DIRECTIVE = /^%/m;

/**
 * Null keys that js-yaml reads without building a null, so that builtNull does not see them: an
 * explicit key `?` with nothing after it, and an empty key in a flow collection (`{: 1}`). (An empty
 * key in a block mapping is a js-yaml error, which already sends the text to yaml.) Loose on purpose:
 * any explicit key, or a comma and a colon in a plain scalar, also match, and are only slower. The
 * explicit key is searched from line starts (one regular expression from `^` with the m flag costs
 * several times more on a large spec).
 */
const EXPLICIT_KEY_FIRST_LINE = /^[ \t]*(?:-[ \t]+)*\?(?=[ \t\r\n]|$)/;
const EXPLICIT_KEY = /\n[ \t]*(?:-[ \t]+)*\?(?=[ \t\r\n]|$)/;
const EMPTY_FLOW_KEY = /[[{,][ \t]*:(?=[\s,\]}]|$)/;

function mayHoldUnbuiltNullKey(text: string): boolean {
  if (text.includes("?") && (EXPLICIT_KEY_FIRST_LINE.test(text) || EXPLICIT_KEY.test(text))) return true;
  return (text.includes("{") || text.includes("[")) && EMPTY_FLOW_KEY.test(text);
}

/** The file's data, or `undefined` when only the positioned reader may read it (see above). */
export function fastValue(text: string): { value: unknown } | undefined {
  // A directive (`%YAML 1.1`) changes how yaml resolves scalars (`yes` is a boolean in 1.1). The
  // character searches first: most specs hold neither character, and finding that is a quarter of
  // the regular expressions' time (10,000 operations: 7 ms against 29 ms).
  if ((text.includes("!") && MAY_HOLD_TAG.test(text)) || (text.includes("%") && DIRECTIVE.test(text)) || mayHoldUnbuiltNullKey(text)) return undefined;
  let value: unknown;
  builtNonFinite = false;
  builtNull = false;
  try {
    value = load(text, { schema: CORE_SCHEMA });
  } catch {
    return undefined;
  }
  if (builtNonFinite) return undefined;
  // yaml reads an empty document (or one of comments only) as null.
  if (value === undefined) value = null;
  // A node reached twice comes from an alias, which needs an anchor (`&name`; js-yaml refuses an alias
  // to no anchor): without a `&` in the text, no node needs remembering. A key reads `__proto__` only
  // where the text spells it, or escapes some of it in a double-quoted key (`"\x5F_proto__"`). A key
  // reads "null" here where it was a written null (or the quoted word, which yaml then reads alike),
  // and a written null is rare in a spec (none in this repository's). With none of these, there is
  // nothing to look for and the data is not walked at all.
  const mayShareNodes = text.includes("&");
  const refusedKeys: string[] = [];
  if (text.includes("__proto__") || text.includes("\\")) refusedKeys.push("__proto__");
  if (builtNull) refusedKeys.push("null");
  if (!mayShareNodes && refusedKeys.length === 0) return { value };
  return plainTree(value, mayShareNodes, refusedKeys) ? { value } : undefined;
}

/** True when every node is reached once (no alias, where `mayShareNodes`) and no mapping has one of `refusedKeys` as its own key. */
function plainTree(root: unknown, mayShareNodes: boolean, refusedKeys: readonly string[]): boolean {
  const seen = mayShareNodes ? new Set<object>() : undefined;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== "object") continue;
    if (seen) {
      if (seen.has(node)) return false;
      seen.add(node);
    }
    if (Array.isArray(node)) {
      for (const item of node) stack.push(item);
      continue;
    }
    for (const key of refusedKeys) if (Object.prototype.hasOwnProperty.call(node, key)) return false;
    for (const key in node) stack.push((node as Record<string, unknown>)[key]);
  }
  return true;
}
