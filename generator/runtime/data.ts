/**
 * Reading and writing JSON-like data that came from outside (response bodies, headers) or from the
 * spec (paths into inputs and responses). Own properties only: a key named `__proto__` or
 * `constructor` is data like any other, never a way to reach or change a prototype.
 */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Sets an own, enumerable data property. Plain assignment (`out[key] = value`) would call the
 * `__proto__` setter for that key and change the object's prototype instead.
 */
export function setOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/** An own property of an object, or an array element for a key like `0`; undefined otherwise. */
export function getOwn(value: unknown, key: string): unknown {
  if (Array.isArray(value)) {
    return /^(0|[1-9]\d*)$/.test(key) ? value[Number(key)] : undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/** The value at `path` (keys, one per level), or undefined when a step is missing. */
export function getAtPath(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    current = getOwn(current, key);
    if (current === undefined) return undefined;
  }
  return current;
}

/**
 * A copy of `target` with `value` at `path`, creating or shallow-copying each object on the way, so
 * `pagination.starting_after` merges into the caller's `pagination: { per_page }` without mutating it.
 */
export function setAtPath(target: unknown, path: readonly string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined) throw new TypeError("setAtPath needs a non-empty path");
  // Spreading defines own properties (no setters run), so a `__proto__` key is copied as data.
  const copy: Record<string, unknown> = isRecord(target) ? { ...target } : {};
  setOwn(copy, head, rest.length === 0 ? value : setAtPath(getOwn(copy, head), rest, value));
  return copy;
}

/** One step of a dotted path: a key, an array index, or `[]` (every element). */
export type PathSegment = { key: string } | { index: number } | { each: true };

/**
 * Parses `a.b`, `a[0].b`, `a[].b` (and `[0]` or `[]` first). Keys are anything but `.`, `[`, `]` and
 * `|`. Throws a TypeError naming the path when it is malformed.
 */
export function parsePath(path: string): PathSegment[] {
  const text = path.trim();
  const segments: PathSegment[] = [];
  const bad = (why: string): TypeError => new TypeError(`malformed path ${JSON.stringify(path)}: ${why}`);
  if (text === "") throw bad("it is empty");
  let i = 0;
  let expectKey = true;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "[") {
      const end = text.indexOf("]", i);
      if (end < 0) throw bad("unclosed [");
      const inside = text.slice(i + 1, end).trim();
      if (inside === "") segments.push({ each: true });
      else if (/^\d+$/.test(inside)) segments.push({ index: Number(inside) });
      else throw bad(`[${inside}] is neither [] nor an index`);
      i = end + 1;
      expectKey = false;
    } else if (ch === ".") {
      if (expectKey) throw bad("empty key");
      i++;
      expectKey = true;
    } else {
      if (!expectKey) throw bad("a key must follow a dot");
      const match = /^[^.[\]|]+/.exec(text.slice(i));
      if (!match) throw bad(`unexpected ${JSON.stringify(ch)}`);
      segments.push({ key: match[0].trim() });
      i += match[0].length;
      expectKey = false;
    }
  }
  if (expectKey) throw bad("it ends with a dot");
  return segments;
}

/**
 * Every value found at `path` in `value`: none, one, or (through `[]`) one per array element.
 * `path` may list alternatives, `detail | title`: the first that finds anything wins.
 * Missing steps, wrong types and `null` simply find nothing; this never throws on the data.
 */
export function readPath(value: unknown, path: string): unknown[] {
  for (const alternative of path.split("|")) {
    let frontier: unknown[] = [value];
    for (const segment of parsePath(alternative)) {
      const next: unknown[] = [];
      for (const item of frontier) {
        if ("key" in segment) next.push(getOwn(item, segment.key));
        else if ("index" in segment) next.push(Array.isArray(item) ? item[segment.index] : undefined);
        else if (Array.isArray(item)) for (const element of item) next.push(element);
      }
      frontier = next.filter((v) => v !== undefined && v !== null);
    }
    if (frontier.length > 0) return frontier;
  }
  return [];
}

/** Checks every alternative of a path; throws the parse error of the first malformed one. */
export function checkPath(path: string): void {
  for (const alternative of path.split("|")) parsePath(alternative);
}
