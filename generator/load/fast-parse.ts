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
 * several documents), what may be an explicit tag or a directive, an alias (a shared node: yaml
 * expands aliases with a limit and reports the bombs), a non-finite number, a `__proto__` key. `test/fast-parse.test.ts` compares
 * both readers on every spec of this repository and on the awkward cases.
 */
import { FAILSAFE_SCHEMA, load, Type } from "js-yaml";

/** A scalar type of YAML 1.2's core schema, as yaml defines it (yaml/dist/schema/core, common/null.js). */
function coreScalar(tag: string, pattern: RegExp, construct: (text: string) => unknown): Type {
  return new Type(`tag:yaml.org,2002:${tag}`, {
    kind: "scalar",
    resolve: (text: string | null) => pattern.test(text ?? ""),
    construct: (text: string | null) => construct(text ?? ""),
  });
}

const CORE_SCHEMA = FAILSAFE_SCHEMA.extend({
  implicit: [
    coreScalar("null", /^(?:~|[Nn]ull|NULL)?$/, () => null),
    coreScalar("bool", /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (text) => text[0] === "t" || text[0] === "T"),
    coreScalar("int", /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/, (text) =>
      text.startsWith("0o") ? parseInt(text.slice(2), 8) : text.startsWith("0x") ? parseInt(text.slice(2), 16) : Number(text),
    ),
    coreScalar(
      "float",
      /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      (text) => (/nan$/i.test(text) ? NaN : /inf$/i.test(text) ? (text[0] === "-" ? -Infinity : Infinity) : parseFloat(text)),
    ),
  ],
});

/**
 * Where a tag (`!foo`, `!!str`) may start: explicit tags resolve differently in the two readers, so a
 * text that may hold one goes to yaml. Prose with a `!` after a space takes the slow path too: correct,
 * only slower.
 */
const MAY_HOLD_TAG = /(?:^|[\s[{,])!/;

const DIRECTIVE = /^%/m;

/** The file's data, or `undefined` when only the positioned reader may read it (see above). */
export function fastValue(text: string): { value: unknown } | undefined {
  // A directive (`%YAML 1.1`) changes how yaml resolves scalars (`yes` is a boolean in 1.1). The
  // character searches first: most specs hold neither character, and finding that is a quarter of
  // the regular expressions' time (10,000 operations: 7 ms against 29 ms).
  if ((text.includes("!") && MAY_HOLD_TAG.test(text)) || (text.includes("%") && DIRECTIVE.test(text))) return undefined;
  let value: unknown;
  try {
    value = load(text, { schema: CORE_SCHEMA });
  } catch {
    return undefined;
  }
  // yaml reads an empty document (or one of comments only) as null.
  if (value === undefined) value = null;
  // A node reached twice comes from an alias, which needs an anchor (`&name`; js-yaml refuses an alias
  // to no anchor): without a `&` in the text, no node needs remembering.
  return plainTree(value, text.includes("&")) ? { value } : undefined;
}

/** True when every node is reached once (no alias), every number is finite and no key is `__proto__`. */
function plainTree(root: unknown, mayShareNodes: boolean): boolean {
  const seen = mayShareNodes ? new Set<object>() : undefined;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node === "number") {
      if (!Number.isFinite(node)) return false;
      continue;
    }
    if (node === null || typeof node !== "object") continue;
    if (seen) {
      if (seen.has(node)) return false;
      seen.add(node);
    }
    if (Array.isArray(node)) {
      for (const item of node) stack.push(item);
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(node, "__proto__")) return false;
    for (const key in node) stack.push((node as Record<string, unknown>)[key]);
  }
  return true;
}
