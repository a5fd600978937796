/**
 * The last line of defence for the credentials: every message the server writes to stdout, and every
 * line it logs to stderr, passes through here.
 *
 * The client keeps its credentials out of its errors, but it returns successful responses as the API
 * sent them, and an agent's context is the last place a credential should end up. So the server scrubs
 * every secret from everything it sends, at the one point where it leaves the process, in every
 * spelling it may take: raw, base64 (as `Authorization: Basic` carries it; padded, unpadded and
 * URL-safe), percent- and form-encoded, and escaped as inside a JSON string.
 */

export const REDACTED = "***";

export type Redact = <T>(value: T) => T;

function base64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Every spelling of every secret, longest first (so that no spelling is left half-replaced). */
export function secretSpellings(secrets: readonly string[]): string[] {
  const out = new Set<string>();
  for (const secret of secrets) {
    if (secret === "") continue;
    const b64 = base64(secret);
    const bases = [secret, b64, b64.replace(/=+$/, ""), b64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")];
    for (const base of bases) {
      out.add(base);
      out.add(encodeURIComponent(base));
      out.add(new URLSearchParams({ t: base }).toString().slice(2));
      out.add(JSON.stringify(base).slice(1, -1));
    }
  }
  return [...out].filter((s) => s !== "").sort((a, b) => b.length - a.length);
}

/**
 * A function that copies plain data (objects, arrays, strings) with every spelling of every secret
 * replaced, in values and keys. The copy is built without recursion, so data nested deeper than the
 * stack is no problem, and keys are defined as own properties (`__proto__` stays data).
 */
export function redactor(secrets: readonly string[]): Redact {
  const spellings = secretSpellings(secrets);
  if (spellings.length === 0) return <T>(value: T): T => value;
  const text = (s: string): string => spellings.reduce((out, secret) => (out.includes(secret) ? out.split(secret).join(REDACTED) : out), s);
  const isPlain = (value: object): boolean => {
    const proto: unknown = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
  };
  const deep = (value: unknown): unknown => {
    if (typeof value === "string") return text(value);
    if (typeof value !== "object" || value === null || (!Array.isArray(value) && !isPlain(value))) return value;
    const copies = new Map<object, unknown>();
    const work: [source: object, copy: unknown[] | Record<string, unknown>][] = [];
    const copyOf = (item: unknown): unknown => {
      if (typeof item === "string") return text(item);
      if (typeof item !== "object" || item === null || (!Array.isArray(item) && !isPlain(item))) return item;
      const known = copies.get(item);
      if (known !== undefined) return known;
      const copy: unknown[] | Record<string, unknown> = Array.isArray(item) ? [] : {};
      copies.set(item, copy);
      work.push([item, copy]);
      return copy;
    };
    const root = copyOf(value);
    for (let next = work.pop(); next !== undefined; next = work.pop()) {
      const [source, copy] = next;
      if (Array.isArray(copy)) {
        for (const item of source as unknown[]) copy.push(copyOf(item));
      } else {
        for (const [key, item] of Object.entries(source)) {
          Object.defineProperty(copy, text(key), { value: copyOf(item), enumerable: true, writable: true, configurable: true });
        }
      }
    }
    return root;
  };
  return <T>(value: T): T => deep(value) as T;
}
