/**
 * The last line of defence for the credentials: whatever came from outside the server (the API's
 * answers, error messages and bodies, headers, URLs with server-sent cursors, fetch errors) passes
 * through here before it leaves the process, and so does every line logged to stderr.
 *
 * The client keeps its credentials out of its errors, but it returns successful responses as the API
 * sent them, and an agent's context is the last place a credential should end up. So the server scrubs
 * every secret from that data, in every spelling it may take: raw, base64 (as `Authorization: Basic`
 * carries it; padded, unpadded and URL-safe), percent- and form-encoded, and escaped as inside a JSON
 * string.
 *
 * Only that data: never the JSON-RPC frame, nor what the server writes from the spec (server info,
 * tool names, descriptions, JSON Schemas). A secret may be any string, as short as `x` or as common as
 * `rpc`, `name` or the server's own name; replaced everywhere, it would turn `"jsonrpc"` into
 * `"json***"`, `"maximum"` into `"ma***imum"`, and the protocol into something no client reads. Where
 * the outside data sits in a message is known (tool-server.ts redacts tool results as it builds them,
 * `errorReplyRedactor` the error of an error reply), so only those parts are scrubbed.
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

export interface RedactOptions {
  /**
   * Whether object keys are scrubbed too (the default): yes for data from outside, where an API may
   * echo a credential as a key; no for a structure whose keys are the protocol's own.
   */
  keys?: boolean;
}

/**
 * A function that copies plain data (objects, arrays, strings) with every spelling of every secret
 * replaced, in values and (unless `keys: false`) keys. The copy is built without recursion, so data
 * nested deeper than the stack is no problem, and keys are defined as own properties (`__proto__`
 * stays data).
 */
export function redactor(secrets: readonly string[], options: RedactOptions = {}): Redact {
  const keys = options.keys ?? true;
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
          Object.defineProperty(copy, keys ? text(key) : key, { value: copyOf(item), enumerable: true, writable: true, configurable: true });
        }
      }
    }
    return root;
  };
  return <T>(value: T): T => deep(value) as T;
}

/**
 * For everything the transport sends: scrubs the error of an error reply, and leaves any other message
 * as it is (the same object). An error's message is the one part of the protocol the server does not
 * compose from its own data: the SDK takes it from whatever a handler threw (an unknown tool's name as
 * the agent sent it, a library's error), so its `message`, and the values of its `data`, are redacted;
 * `jsonrpc`, `id`, `code` and every key stay as they are. Results are not this function's business:
 * tool results carry their outside data already redacted (tool-server.ts), the rest is the server's own.
 */
export function errorReplyRedactor(secrets: readonly string[]): <M>(message: M) => M {
  const values = redactor(secrets, { keys: false });
  return <M>(message: M): M => {
    if (typeof message !== "object" || message === null || !Object.hasOwn(message, "error")) return message;
    const error = (message as unknown as { error: unknown }).error;
    if (typeof error !== "object" || error === null) return message;
    const scrubbed: Record<string, unknown> = { ...error };
    if (typeof scrubbed.message === "string") scrubbed.message = values(scrubbed.message);
    if (Object.hasOwn(scrubbed, "data")) scrubbed.data = values(scrubbed.data);
    return { ...message, error: scrubbed };
  };
}
