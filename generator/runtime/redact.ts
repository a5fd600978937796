/**
 * Keeping credentials out of everything a caller can see.
 *
 * The runtime never copies credentials into errors or events, but text from outside can still carry
 * them: a server or proxy echoing the request, or a custom `fetch` whose error message quotes the
 * headers. Everything that comes from outside passes through these functions, and always in full:
 * text is redacted first and only then shortened, so a cut can never leave part of a secret behind.
 */
import { setOwn } from "./data.js";

export const REDACTED = "***";

/** One secret, or the spellings it may take (see `secretVariants`). */
export type Secrets = string | readonly string[];

/** Standard base64 of the UTF-8 bytes (what `Authorization: Basic` carries). Web built-ins only. */
export function base64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * Every secret as it may appear: raw, base64 (with and without padding, and URL-safe), and each of
 * those percent- or form-encoded, as when a server echoes it into a cursor that then travels in a URL.
 * Longest first, so that no variant is left half-replaced.
 */
export function secretVariants(secrets: Secrets): string[] {
  const variants = new Set<string>();
  for (const secret of list(secrets)) {
    const b64 = base64(secret);
    const bases = [
      secret,
      b64,
      b64.replace(/=+$/, ""),
      b64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""),
    ];
    for (const base of bases) {
      variants.add(base);
      variants.add(encodeURIComponent(base));
      variants.add(new URLSearchParams({ t: base }).toString().slice(2));
    }
  }
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

/** Keeps error messages one readable line even when a proxy answers with a whole HTML page. */
export function snippet(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** The only safe order: redact the whole text, then shorten it. */
export function redactedSnippet(text: string, secrets: Secrets, max = 200): string {
  return snippet(redactString(text, secrets), max);
}

/**
 * A copy of JSON-like data (plain objects, arrays, primitives) with the secrets replaced in every
 * string and key. Keys are copied as own data properties: `__proto__` and `constructor` stay data.
 */
export function redactDeep<T>(value: T, secrets: Secrets): T {
  return redactValue(value, list(secrets), new WeakMap()) as T;
}

function redactValue(value: unknown, secrets: readonly string[], seen: WeakMap<object, unknown>): unknown {
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
  for (const [key, item] of Object.entries(value)) {
    setOwn(out, redactString(key, secrets), redactValue(item, secrets, seen));
  }
  return out;
}

/** Whether a secret occurs anywhere in `value`, non-enumerable error fields and causes included. */
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
