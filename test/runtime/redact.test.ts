/** redact.ts: keeping every spelling of every secret out of what callers see. */
import { describe, expect, it } from "vitest";
import { containsSecret, redactDeep, redactString, secretVariants } from "../../generator/runtime/index.ts";
import { base64, redactedSnippet, scrubError, snippet } from "../../generator/runtime/redact.ts";

const SECRET = "s3cr3t-token";

describe("secretVariants", () => {
  it("lists raw, percent-, form- and base64 spellings, longest first", () => {
    const odd = "a b+c/d=é";
    const variants = secretVariants([odd]);
    expect(variants).toContain(odd);
    expect(variants).toContain(encodeURIComponent(odd));
    expect(variants).toContain("a+b%2Bc%2Fd%3D%C3%A9");
    expect(variants).toContain(Buffer.from(odd, "utf8").toString("base64"));
    expect(variants).toContain(Buffer.from(odd, "utf8").toString("base64url"));
    expect(variants).toContain(encodeURIComponent(Buffer.from(odd, "utf8").toString("base64")));
    const lengths = variants.map((v) => v.length);
    expect(lengths).toEqual([...lengths].sort((a, b) => b - a));
  });

  it("covers several secrets at once and ignores empty ones", () => {
    const variants = secretVariants(["pw", "user:pw", ""]);
    expect(variants).toContain("pw");
    expect(variants).toContain("user:pw");
    expect(variants).toContain(base64("user:pw"));
    expect(variants).not.toContain("");
  });

  it("base64 is the Basic header's encoding of UTF-8", () => {
    expect(base64("Aladdin:open sesame")).toBe("QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    expect(base64("ü:€")).toBe(Buffer.from("ü:€", "utf8").toString("base64"));
  });
});

describe("redactString / redactedSnippet", () => {
  it("replaces every occurrence of every variant", () => {
    expect(redactString(`a ${SECRET} b ${SECRET}`, SECRET)).toBe("a *** b ***");
    expect(redactString("nothing", "")).toBe("nothing");
    const variants = secretVariants(["k+y/="]);
    expect(redactString("q=k%2By%2F%3D&b=k+y/=&c=" + base64("k+y/="), variants)).toBe("q=***&b=***&c=***");
  });

  it("redacts the whole text before shortening it, so no cut leaves part of a secret", () => {
    const secret = "Zq7RkW3pXv9TmB2nLc8YdF4hJs6GaE1uQo";
    for (let k = 0; k <= 250; k++) {
      const text = `${"-".repeat(k)}${secret}${"-".repeat(20)}`;
      const shown = redactedSnippet(text, [secret]);
      for (let i = 0; i + 4 <= secret.length; i++) expect(shown).not.toContain(secret.slice(i, i + 4));
    }
    // The order matters: shortening first leaves most of the secret at some offsets.
    const cutFirst = redactString(snippet(`${"-".repeat(170)}${secret}`), [secret]);
    expect(cutFirst).toContain(secret.slice(0, 30));
  });

  it("snippet flattens whitespace and marks a cut", () => {
    expect(snippet("a\n\n b\tc")).toBe("a b c");
    expect(snippet("x".repeat(10), 4)).toBe("xxxx…");
  });
});

describe("redactDeep", () => {
  it("copies JSON-like data with strings and keys redacted, leaving the original alone", () => {
    const original = { msg: `Bearer ${SECRET}`, list: [SECRET, 1, null], nested: { [SECRET]: true } };
    const copy = redactDeep(original, SECRET);
    expect(copy).toEqual({ msg: "Bearer ***", list: ["***", 1, null], nested: { "***": true } });
    expect(original.msg).toContain(SECRET);
    expect(copy).not.toBe(original);
  });

  it("survives cycles", () => {
    const cyclic: Record<string, unknown> = { a: SECRET };
    cyclic.self = cyclic;
    const copy = redactDeep(cyclic, SECRET) as Record<string, unknown>;
    expect(copy.a).toBe("***");
    expect(copy.self).toBe(copy);
  });

  it("keeps __proto__ and constructor keys as own data properties and changes no prototype", () => {
    const hostile = JSON.parse(
      `{"__proto__":{"polluted":"${SECRET}"},"constructor":{"prototype":{"polluted":true}},"list":[{"__proto__":{"x":1}}]}`,
    ) as Record<string, unknown>;
    const copy = redactDeep(hostile, SECRET) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(["__proto__", "constructor", "list"]);
    expect(Object.getOwnPropertyDescriptor(copy, "__proto__")?.value).toEqual({ polluted: "***" });
    expect(Object.getOwnPropertyDescriptor(copy, "constructor")?.value).toEqual({
      prototype: { polluted: true },
    });
    expect(copy.polluted).toBeUndefined();
    const item = (copy.list as Record<string, unknown>[])[0]!;
    expect(Object.getPrototypeOf(item)).toBe(Object.prototype);
    expect(Object.hasOwn(item, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // With no secrets at all it still copies safely.
    const plain = redactDeep(hostile, []) as Record<string, unknown>;
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(Object.hasOwn(plain, "__proto__")).toBe(true);
  });

  it("leaves class instances (errors, dates) as they are", () => {
    const error = new Error("x");
    const date = new Date(0);
    const copy = redactDeep({ error, date }, SECRET);
    expect(copy.error).toBe(error);
    expect(copy.date).toBe(date);
  });
});

describe("containsSecret / scrubError", () => {
  it("looks into non-enumerable error fields and causes", () => {
    const inner = new Error(`header Authorization: Bearer ${SECRET}`);
    const outer = new TypeError("fetch failed", { cause: inner });
    expect(containsSecret(outer, SECRET)).toBe(true);
    expect(containsSecret(new TypeError("fetch failed"), SECRET)).toBe(false);
  });

  it("returns a clean error unchanged", () => {
    const clean = new TypeError("fetch failed");
    expect(scrubError(clean, SECRET)).toBe(clean);
  });

  it("rebuilds a dirty error chain without the secret, keeping name and code", () => {
    const inner = Object.assign(new Error(`bad header Bearer ${SECRET}`), {
      code: "ERR_INVALID_CHAR",
      headers: { a: SECRET },
    });
    const outer = new TypeError("fetch failed", { cause: inner });
    const scrubbed = scrubError(outer, SECRET) as Error;
    expect(containsSecret(scrubbed, SECRET)).toBe(false);
    expect(scrubbed.name).toBe("TypeError");
    expect(scrubbed.message).toBe("fetch failed");
    const cause = scrubbed.cause as Error & { code?: string };
    expect(cause.message).toBe("bad header Bearer ***");
    expect(cause.code).toBe("ERR_INVALID_CHAR");
  });
});
