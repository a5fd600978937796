/**
 * The last line of defence for the access token: every message the server writes to stdout, and every
 * line it logs to stderr, passes through here.
 *
 * The client already keeps the token out of its errors, but it returns successful responses as the API
 * sent them, and an agent's context is the last place a token should end up. So the server scrubs the
 * token (raw and URL-encoded) from everything it sends, at the one point where it leaves the process.
 */

export const REDACTED = "***";

export type Redact = <T>(value: T) => T;

/** A function that copies plain data (objects, arrays, strings) with every spelling of `token` replaced. */
export function redactor(token: string): Redact {
  const variants = [...new Set([token, encodeURIComponent(token), new URLSearchParams({ t: token }).toString().slice(2)])]
    .filter((v) => v.length > 0)
    .sort((a, b) => b.length - a.length);
  const text = (s: string): string => variants.reduce((out, secret) => out.split(secret).join(REDACTED), s);
  const deep = (value: unknown): unknown => {
    if (typeof value === "string") return text(value);
    if (Array.isArray(value)) return value.map(deep);
    if (typeof value === "object" && value !== null) {
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return value;
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [text(k), deep(v)]));
    }
    return value;
  };
  return <T>(value: T): T => (variants.length === 0 ? value : (deep(value) as T));
}
