/** auth.ts: credentials from the options, as ApiDef.auth describes them. */
import { describe, expect, it } from "vitest";
import { ConfigurationError, resolveAuth, withQueryKey } from "../../generator/runtime/index.ts";

describe("resolveAuth", () => {
  it("bearer: Authorization: Bearer <token>", () => {
    expect(resolveAuth({ scheme: "bearer" }, { token: "t0k" })).toEqual({
      scheme: "bearer",
      headers: { Authorization: "Bearer t0k" },
      sensitiveHeaders: ["authorization"],
      secrets: ["t0k"],
    });
  });

  it("basic: base64 of user:password (UTF-8); password and the pair are secrets", () => {
    const auth = resolveAuth({ scheme: "basic" }, { username: "Aladdin", password: "open sesame" });
    expect(auth.headers).toEqual({ Authorization: "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==" });
    expect(auth.secrets).toEqual(["Aladdin:open sesame", "open sesame"]);
    expect(
      resolveAuth({ scheme: "basic" }, { username: "jürgen", password: "pässwörd" }).headers.Authorization,
    ).toBe(
      `Basic ${Buffer.from("jürgen:pässwörd").toString("base64")}`,
    );
    // An API key sent as the user name with an empty password: the user name is the secret then.
    expect(resolveAuth({ scheme: "basic" }, { username: "sk_live_1", password: "" }).secrets).toEqual([
      "sk_live_1:",
      "sk_live_1",
    ]);
  });

  it("apiKey in a header or in the query", () => {
    expect(resolveAuth({ scheme: "apiKey", in: "header", name: "X-Api-Key" }, { apiKey: "k3y" })).toEqual({
      scheme: "apiKey",
      headers: { "X-Api-Key": "k3y" },
      sensitiveHeaders: ["x-api-key"],
      secrets: ["k3y"],
    });
    expect(resolveAuth({ scheme: "apiKey", in: "query", name: "api_key" }, { apiKey: "k3y" })).toEqual({
      scheme: "apiKey",
      headers: {},
      query: { name: "api_key", value: "k3y" },
      sensitiveHeaders: [],
      secrets: ["k3y"],
    });
  });

  it("none: nothing sent, nothing required, other credential options ignored", () => {
    expect(resolveAuth({ scheme: "none" }, { token: "ignored" })).toEqual({
      scheme: "none",
      headers: {},
      sensitiveHeaders: [],
      secrets: [],
    });
  });

  it("refuses missing or unsendable credentials, naming the option and never quoting the value", () => {
    const secret = "SeCrEt-VaLuE";
    const cases: [Parameters<typeof resolveAuth>[0], Record<string, unknown>, string][] = [
      [{ scheme: "bearer" }, {}, "token is required: a bearer token"],
      [{ scheme: "bearer" }, { token: "  " }, "token is required: a bearer token"],
      [{ scheme: "bearer" }, { token: 42 }, "token is required: a bearer token"],
      [
        { scheme: "bearer" },
        { token: `${secret}\r\nX: 1` },
        "token contains whitespace at its ends, control characters or characters above U+00FF",
      ],
      [
        { scheme: "bearer" },
        { token: ` ${secret}` },
        "token contains whitespace at its ends, control characters or characters above U+00FF",
      ],
      [
        { scheme: "bearer" },
        { token: `${secret}€` },
        "token contains whitespace at its ends, control characters or characters above U+00FF",
      ],
      [
        { scheme: "basic" },
        { password: secret },
        "username is required: the user name for basic authentication",
      ],
      [{ scheme: "basic" }, { username: "a:b", password: secret }, 'username must not contain ":"'],
      [
        { scheme: "basic" },
        { username: "ada" },
        "password is required: the password for basic authentication",
      ],
      [
        { scheme: "basic" },
        { username: "ada", password: `${secret}\n` },
        "password must not contain control characters",
      ],
      [{ scheme: "apiKey", in: "header", name: "X-Api-Key" }, {}, "apiKey is required: an API key"],
      [
        { scheme: "apiKey", in: "query", name: "key" },
        { apiKey: `${secret}\u0000` },
        "apiKey contains whitespace at its ends, control characters or characters above U+00FF",
      ],
    ];
    for (const [def, options, message] of cases) {
      let thrown: unknown;
      try {
        resolveAuth(def, options);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, message).toBeInstanceOf(ConfigurationError);
      expect((thrown as Error).message).toBe(message);
      expect((thrown as Error).message).not.toContain("SeCrEt");
    }
  });

  it("refuses a broken auth definition", () => {
    expect(() => resolveAuth({ scheme: "apiKey", in: "header", name: "Bad Name" }, { apiKey: "k" })).toThrow(
      ConfigurationError,
    );
    expect(() => resolveAuth({ scheme: "apiKey", in: "cookie" as "header", name: "k" }, { apiKey: "k" }))
      .toThrow(/"in"/);
    expect(() => resolveAuth({ scheme: "digest" } as never, {})).toThrow('unknown auth scheme "digest"');
  });
});

describe("withQueryKey", () => {
  const key = { name: "api_key", value: "k+y/=" };

  it("adds the key once, replacing every copy already there, keeping the rest byte for byte", () => {
    expect(withQueryKey("https://a.example/x", key)).toBe("https://a.example/x?api_key=k%2By%2F%3D");
    expect(withQueryKey("https://a.example/x?b=%20c&api_key=old&d=1&api%5Fkey=older", key)).toBe(
      "https://a.example/x?b=%20c&d=1&api_key=k%2By%2F%3D",
    );
    expect(withQueryKey("https://a.example/x?page=2#frag", key)).toBe(
      "https://a.example/x?page=2&api_key=k%2By%2F%3D",
    );
    expect(withQueryKey("https://a.example/x?api_key", key)).toBe("https://a.example/x?api_key=k%2By%2F%3D");
  });

  it("leaves the URL alone without a query key", () => {
    expect(withQueryKey("https://a.example/x?api_key=1", undefined)).toBe("https://a.example/x?api_key=1");
  });
});
