/** data.ts: reading and writing paths in data from outside, own properties only. */
import { describe, expect, it } from "vitest";
import { applyDefaults, getAtPath, parsePath, readPath, setAtPath } from "../../generator/runtime/index.ts";

describe("getAtPath / setAtPath", () => {
  it("reads nested values and array elements, undefined when a step is missing", () => {
    expect(getAtPath({ pages: { next: { starting_after: "c1" } } }, ["pages", "next", "starting_after"]))
      .toBe("c1");
    expect(getAtPath({ data: [{ id: "a" }, { id: "b" }] }, ["data", "1", "id"])).toBe("b");
    expect(getAtPath({ pages: null }, ["pages", "next"])).toBeUndefined();
    expect(getAtPath("x", ["a"])).toBeUndefined();
  });

  it("never reads inherited properties", () => {
    expect(getAtPath({}, ["constructor"])).toBeUndefined();
    expect(getAtPath({}, ["__proto__"])).toBeUndefined();
    expect(getAtPath({ a: {} }, ["a", "toString"])).toBeUndefined();
    expect(getAtPath([1], ["length"])).toBeUndefined();
  });

  it("creates or merges objects along the path without mutating the input", () => {
    const input = { query: { field: "open" }, pagination: { per_page: 5 } };
    const next = setAtPath(input, ["pagination", "starting_after"], "c2");
    expect(next).toEqual({ query: { field: "open" }, pagination: { per_page: 5, starting_after: "c2" } });
    expect(input.pagination).toEqual({ per_page: 5 });
    expect(setAtPath({}, ["pagination", "starting_after"], "c")).toEqual({
      pagination: { starting_after: "c" },
    });
    expect(setAtPath({ pagination: null }, ["pagination", "starting_after"], "c")).toEqual({
      pagination: { starting_after: "c" },
    });
    expect(setAtPath(undefined, ["scroll_param"], "s")).toEqual({ scroll_param: "s" });
    expect(() => setAtPath({}, [], 1)).toThrow(TypeError);
  });

  it("writes a __proto__ key as data", () => {
    const out = setAtPath({}, ["__proto__", "polluted"], true);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, "__proto__")?.value).toEqual({ polluted: true });
    expect((out as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("parsePath", () => {
  it("reads keys, indexes and [] (every element)", () => {
    expect(parsePath("a.b")).toEqual([{ key: "a" }, { key: "b" }]);
    expect(parsePath("errors[0].message")).toEqual([{ key: "errors" }, { index: 0 }, { key: "message" }]);
    expect(parsePath("errors[].code")).toEqual([{ key: "errors" }, { each: true }, { key: "code" }]);
    expect(parsePath("[]")).toEqual([{ each: true }]);
    expect(parsePath("a[1][2]")).toEqual([{ key: "a" }, { index: 1 }, { index: 2 }]);
    expect(parsePath("request-id")).toEqual([{ key: "request-id" }]);
  });

  it("refuses malformed paths, naming them", () => {
    for (const bad of ["", "a.", ".a", "a..b", "a[", "a[x]", "a[0]b"]) {
      expect(() => parsePath(bad), bad).toThrow(TypeError);
    }
    expect(() => parsePath("a[x]")).toThrow('malformed path "a[x]": [x] is neither [] nor an index');
  });
});

describe("readPath", () => {
  const body = {
    type: "error.list",
    request_id: "r1",
    errors: [{ code: "a", message: "first" }, { code: "b" }, null, "junk", { code: 7 }],
    error: { code: "E", message: "m" },
  };

  it("finds one value, or one per element through []", () => {
    expect(readPath(body, "request_id")).toEqual(["r1"]);
    expect(readPath(body, "error.message")).toEqual(["m"]);
    expect(readPath(body, "errors[0].message")).toEqual(["first"]);
    expect(readPath(body, "errors[].code")).toEqual(["a", "b", 7]);
    expect(readPath(body, "errors[].message")).toEqual(["first"]);
    expect(readPath([[1, 2], [3]], "[][]")).toEqual([1, 2, 3]);
  });

  it("finds nothing, without throwing, for missing steps, wrong types and nulls", () => {
    expect(readPath(body, "errors[9].code")).toEqual([]);
    expect(readPath(body, "request_id.x")).toEqual([]);
    expect(readPath(body, "error[].code")).toEqual([]);
    expect(readPath("text", "a.b")).toEqual([]);
    expect(readPath(undefined, "a")).toEqual([]);
    expect(readPath({ a: null }, "a")).toEqual([]);
    expect(readPath({}, "constructor")).toEqual([]);
  });

  it("tries alternatives in order", () => {
    expect(readPath({ title: "T", detail: "D" }, "detail | title")).toEqual(["D"]);
    expect(readPath({ title: "T" }, "detail | title")).toEqual(["T"]);
    expect(readPath({}, "detail | title")).toEqual([]);
  });
});

describe("applyDefaults", () => {
  it("fills a __proto__ param as data", () => {
    const out = applyDefaults(
      [{ name: "__proto__", wire: "p", in: "query", default: { polluted: true } }],
      {},
    ) as object;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, "__proto__")?.value).toEqual({ polluted: true });
  });
});
