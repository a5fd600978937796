/** request.ts: turning a validated input into URL, headers and body. */
import { describe, expect, it } from "vitest";
import {
  applyDefaults,
  buildBody,
  buildHeaders,
  buildPath,
  buildQuery,
  buildUrl,
  encodePathSegment,
  hasBody,
  headerParamIssues,
  type ParamSpec,
  pathParamIssues,
  redactHeaders,
  riskAllowed,
} from "../../generator/runtime/index.ts";
import { headerParams, isValidHeaderValue } from "../../generator/runtime/request.ts";

describe("riskAllowed", () => {
  it("orders read < write < destructive", () => {
    expect(riskAllowed("read", "read")).toBe(true);
    expect(riskAllowed("write", "read")).toBe(false);
    expect(riskAllowed("write", "write")).toBe(true);
    expect(riskAllowed("destructive", "write")).toBe(false);
    expect(riskAllowed("destructive", "destructive")).toBe(true);
    expect(riskAllowed("read", "destructive")).toBe(true);
  });
});

describe("encodePathSegment", () => {
  it("escapes everything that could leave the segment, dots included", () => {
    expect(encodePathSegment("../x")).toBe("%2E%2E%2Fx");
    expect(encodePathSegment("a/b?c#d%e f")).toBe("a%2Fb%3Fc%23d%25e%20f");
    expect(encodePathSegment("john.doe@example.com")).toBe("john%2Edoe%40example%2Ecom");
    expect(encodePathSegment("123")).toBe("123");
  });

  it("is needed together with refusing dot-only values: WHATWG URL treats %2E%2E as ..", () => {
    // Why pathParamIssues refuses "." and "..": no encoding of them survives fetch's URL parsing.
    expect(new URL(`http://h/pets/${encodePathSegment("..")}`).pathname).toBe("/");
    expect(new URL(`http://h/pets/${encodePathSegment("../x")}`).pathname).toBe("/pets/%2E%2E%2Fx");
  });
});

describe("pathParamIssues", () => {
  const params: ParamSpec[] = [
    { name: "id", wire: "id", in: "path" },
    { name: "q", wire: "q", in: "query" },
  ];

  it("accepts ordinary values and ignores non-path params", () => {
    expect(pathParamIssues(params, { id: "abc" })).toEqual([]);
    expect(pathParamIssues(params, { id: 42 })).toEqual([]);
    expect(pathParamIssues(params, { id: "...", q: undefined })).toEqual([]);
  });

  it("refuses values that would change the route", () => {
    expect(pathParamIssues(params, { id: "" })).toEqual([
      { path: "id", message: "a path parameter must not be empty" },
    ]);
    expect(pathParamIssues(params, { id: ".." })[0]?.message).toMatch(/cannot be sent as a path segment/);
    expect(pathParamIssues(params, { id: "." })[0]?.message).toMatch(/cannot be sent as a path segment/);
    expect(pathParamIssues(params, {})).toEqual([{ path: "id", message: "a path parameter is required" }]);
    expect(pathParamIssues(params, { id: { a: 1 } })[0]?.message).toMatch(/string, number or boolean/);
  });
});

describe("buildPath", () => {
  it("substitutes every placeholder, encoded", () => {
    expect(buildPath("/owners/{owner_id}/tags/{tag_id}", { owner_id: "c/1", tag_id: 7 })).toBe(
      "/owners/c%2F1/tags/7",
    );
  });

  it("throws when a placeholder has no value", () => {
    expect(() => buildPath("/pets/{id}", {})).toThrow(TypeError);
  });
});

describe("buildQuery", () => {
  const params: ParamSpec[] = [
    { name: "displayAvatar", wire: "display_avatar", in: "query" },
    { name: "perPage", wire: "per_page", in: "query" },
    { name: "tags", wire: "tag_id", in: "query" },
    { name: "missing", wire: "missing", in: "query" },
    { name: "nothing", wire: "nothing", in: "query" },
    { name: "name", wire: "name", in: "body" },
  ];

  it("uses wire names, stringifies scalars, repeats arrays, skips undefined and null", () => {
    const query = buildQuery(params, {
      displayAvatar: true,
      perPage: 50,
      tags: ["a", null, "b"],
      missing: undefined,
      nothing: null,
      name: "body only",
    });
    expect(query.toString()).toBe("display_avatar=true&per_page=50&tag_id=a&tag_id=b");
  });

  it("adds query constants and ignores body constants", () => {
    const query = buildQuery([], {}, [
      { name: "order", value: "desc", in: "query" },
      { name: "message_type", value: "close", in: "body" },
    ]);
    expect(query.toString()).toBe("order=desc");
  });
});

describe("buildBody / hasBody", () => {
  const params: ParamSpec[] = [
    { name: "pet_id", wire: "pet_id", in: "path" },
    { name: "tag_id", wire: "id", in: "body" },
    { name: "note", wire: "note", in: "body" },
    { name: "owner", wire: "owner_id", in: "body" },
    { name: "q", wire: "q", in: "query" },
  ];

  it("puts body inputs under wire names, keeps explicit null, drops undefined and non-body inputs", () => {
    expect(
      buildBody("POST", params, {
        pet_id: "c1",
        tag_id: "t1",
        note: undefined,
        owner: null,
        q: "x",
        extra: 1,
      }),
    ).toEqual({ id: "t1", owner_id: null });
  });

  it("adds body constants", () => {
    expect(
      buildBody("POST", [], {}, [
        { name: "message_type", value: "close", in: "body" },
        { name: "order", value: "desc", in: "query" },
      ]),
    ).toEqual({ message_type: "close" });
  });

  it("sends a body only when the operation has body inputs or body constants, whatever the method", () => {
    const queryOnly: ParamSpec[] = [{ name: "q", wire: "q", in: "query" }];
    for (const method of ["POST", "PUT", "PATCH", "DELETE"] as const) {
      expect(buildBody(method, queryOnly, { q: "x" })).toBeUndefined();
      expect(buildBody(method, [], {}, [{ name: "order", value: "desc", in: "query" }])).toBeUndefined();
      expect(buildBody(method, params, {})).toEqual({});
    }
    expect(buildBody("PATCH", params, { tag_id: "t" })).toEqual({ id: "t" });
    expect(buildBody("DELETE", params, { tag_id: "t" })).toEqual({ id: "t" });
    // fetch cannot send a GET body at all.
    expect(buildBody("GET", params, { tag_id: "t" })).toBeUndefined();
    expect(hasBody(queryOnly)).toBe(false);
    expect(hasBody(params)).toBe(true);
    expect(hasBody([], [{ name: "a", value: 1, in: "body" }])).toBe(true);
  });

  it("keeps a __proto__ wire name as a body field, not a prototype", () => {
    const body = buildBody("POST", [{ name: "p", wire: "__proto__", in: "body" }], { p: { x: 1 } })!;
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(body))).toEqual(JSON.parse('{"__proto__":{"x":1}}'));
    expect(JSON.stringify(body)).toBe('{"__proto__":{"x":1}}');
  });
});

describe("buildUrl", () => {
  it("keeps a base path prefix and joins slashes once", () => {
    expect(buildUrl("https://proxy.example/pets-api/", "/pets/1")).toBe(
      "https://proxy.example/pets-api/pets/1",
    );
    expect(buildUrl("https://api.pets.example", "pets")).toBe("https://api.pets.example/pets");
  });

  it("appends a query only when there is one", () => {
    expect(buildUrl("https://api.pets.example", "/pets", new URLSearchParams())).toBe(
      "https://api.pets.example/pets",
    );
    expect(buildUrl("https://api.pets.example", "/pets", new URLSearchParams({ a: "1 2" }))).toBe(
      "https://api.pets.example/pets?a=1+2",
    );
  });
});

describe("buildHeaders / redactHeaders", () => {
  it("sets accept and user agent, the API's headers, header inputs, content type only with a body, and auth last", () => {
    const headers = buildHeaders({
      userAgent: "ua/1",
      apiHeaders: [["Api-Version", "2"]],
      paramHeaders: [
        ["Idempotency-Key", "k1"],
        ["authorization", "Bearer not-mine"],
        ["accept", "text/plain"],
      ],
      authHeaders: { Authorization: "Bearer t0k" },
      hasBody: false,
    });
    expect(headers).toEqual({
      "User-Agent": "ua/1",
      "Api-Version": "2",
      "Idempotency-Key": "k1",
      accept: "text/plain",
      Authorization: "Bearer t0k",
    });
    expect(buildHeaders({ userAgent: "ua/1", hasBody: true })).toEqual({
      Accept: "application/json",
      "User-Agent": "ua/1",
      "Content-Type": "application/json",
    });
  });

  it("hides credentials whatever the header's case, keeping the scheme word", () => {
    expect(redactHeaders({ Authorization: "Bearer t0k", authorization: "Basic YTpi", Accept: "x" })).toEqual({
      Authorization: "Bearer ***",
      authorization: "Basic ***",
      Accept: "x",
    });
    expect(redactHeaders({ "X-Api-Key": "k3y", Accept: "x" }, ["x-api-key"])).toEqual({
      "X-Api-Key": "***",
      Accept: "x",
    });
    expect(redactHeaders({ Authorization: "k3y" }, [])).toEqual({ Authorization: "***" });
  });
});

describe("headerParamIssues / headerParams", () => {
  const params: ParamSpec[] = [
    { name: "key", wire: "Idempotency-Key", in: "header" },
    { name: "n", wire: "X-Count", in: "header" },
    { name: "q", wire: "q", in: "query" },
  ];

  it("sends scalars under the wire name and skips absent ones", () => {
    expect(headerParams(params, { key: "abc", q: "x" })).toEqual([["Idempotency-Key", "abc"]]);
    expect(headerParams(params, { key: "abc", n: 3 })).toEqual([
      ["Idempotency-Key", "abc"],
      ["X-Count", "3"],
    ]);
    expect(headerParamIssues(params, { key: "abc", n: 3, q: "a\nb" })).toEqual([]);
  });

  it("refuses CR, LF, other control characters, non-Latin-1 text and objects", () => {
    for (const bad of ["a\r\nInjected: 1", "a\n", "\0", "\x7f", "tab\t", "€"]) {
      expect(headerParamIssues(params, { key: bad })).toEqual([
        {
          path: "key",
          message:
            "a header value must not contain line breaks, control characters or characters above U+00FF",
        },
      ]);
    }
    expect(headerParamIssues(params, { key: { a: 1 } })[0]?.message).toMatch(/string, number or boolean/);
    expect(isValidHeaderValue("café 1.0 (x; y)")).toBe(true);
  });
});

describe("applyDefaults", () => {
  const params: ParamSpec[] = [
    { name: "per_page", wire: "per_page", in: "query", default: 50 },
    { name: "filters", wire: "filters", in: "body", default: { state: "open" } },
    { name: "q", wire: "q", in: "query" },
  ];

  it("fills only omitted fields and leaves the input untouched", () => {
    const input = { per_page: 10, q: "x" };
    expect(applyDefaults(params, input)).toEqual({ per_page: 10, q: "x", filters: { state: "open" } });
    expect(input).toEqual({ per_page: 10, q: "x" });
    expect(applyDefaults(params, { per_page: null })).toMatchObject({ per_page: null });
  });

  it("hands out a fresh copy of object defaults each time", () => {
    const first = applyDefaults(params, {}) as { filters: { state: string } };
    first.filters.state = "mutated";
    expect(applyDefaults(params, {})).toMatchObject({ filters: { state: "open" } });
  });

  it("leaves non-objects for the schema to reject", () => {
    expect(applyDefaults(params, "nope")).toBe("nope");
  });
});
