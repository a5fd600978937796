/**
 * Keeping the access token out of everything a caller can see.
 *
 * The runtime never copies the Authorization header into errors or events, but text from outside can
 * still carry the token: a server or proxy echoing the request, or a custom `fetch` whose error
 * message quotes the headers. Everything that comes from outside passes through these functions.
 */

export const REDACTED = "***";

/** One secret, or the spellings it may take (see `secretVariants`). */
export type Secrets = string | readonly string[];

/**
 * The token as it may appear: raw, and percent- or form-encoded when a server echoes it into a cursor
 * that then travels in a URL. Longest first, so that no variant is left half-replaced.
 */
export function secretVariants(token: string): string[] {
  const variants = new Set([
    token,
    encodeURIComponent(token),
    new URLSearchParams({ t: token }).toString().slice(2),
  ]);
  return [...variants].filter(Boolean).sort((a, b) => b.length - a.length);
}

function list(secrets: Secrets): readonly string[] {
  return (typeof secrets === "string" ? [secrets] : secrets).filter(Boolean);
}

export function redactString(text: string, secrets: Secrets): string {
  let out = text;
  for (const secret of list(secrets)) out = out.split(secret).join(REDACTED);
  return out;
}

/** A copy of JSON-like data (plain objects, arrays, primitives) with the secret replaced in every string. */
export function redactDeep<T>(value: T, secrets: Secrets): T {
  if (list(secrets).length === 0) return value;
  return redactValue(value, secrets, new WeakMap()) as T;
}

function redactValue(value: unknown, secrets: Secrets, seen: WeakMap<object, unknown>): unknown {
  if (typeof value === "string") return redactString(value, secrets);
  if (typeof value !== "object" || value === null) return value;
  const done = seen.get(value);
  if (done !== undefined) return done;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) out.push(redactValue(item, secrets, seen));
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const [key, item] of Object.entries(value))
    out[redactString(key, secrets)] = redactValue(item, secrets, seen);
  return out;
}

/** Whether a secret occurs anywhere reachable from `value`, including non-enumerable error fields and causes. */
export function containsSecret(value: unknown, secrets: Secrets): boolean {
  const all = list(secrets);
  if (all.length === 0) return false;
  return search(value, all, new Set(), 0);
}

function search(value: unknown, secrets: readonly string[], seen: Set<object>, depth: number): boolean {
  if (typeof value === "string") return secrets.some((s) => value.includes(s));
  if (typeof value !== "object" || value === null || depth > 12 || seen.has(value)) return false;
  seen.add(value);
  // Own names, not just enumerable ones: `message`, `stack` and `cause` of errors are not enumerable.
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key === "string" && secrets.some((s) => key.includes(s))) return true;
    let item: unknown;
    try {
      item = (value as Record<PropertyKey, unknown>)[key];
    } catch {
      continue;
    }
    if (search(item, secrets, seen, depth + 1)) return true;
  }
  return false;
}

/**
 * The error itself when it is clean (so `instanceof` and identity still work for callers), else a plain
 * `Error` copy with the secrets removed from its name, message, code and, recursively, its cause.
 */
export function scrubError(error: unknown, secrets: Secrets, depth = 0): unknown {
  if (!containsSecret(error, secrets)) return error;
  if (!(error instanceof Error) || depth > 8) {
    return typeof error === "string"
      ? redactString(error, secrets)
      : new Error(`[value holding a secret, ${REDACTED}]`);
  }
  const cause = "cause" in error ? scrubError(error.cause, secrets, depth + 1) : undefined;
  const copy = new Error(redactString(error.message, secrets), cause === undefined ? undefined : { cause });
  copy.name = redactString(error.name, secrets);
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" || typeof code === "number") {
    Object.assign(copy, { code: typeof code === "string" ? redactString(code, secrets) : code });
  }
  return copy;
}
