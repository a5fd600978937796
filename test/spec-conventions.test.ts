/**
 * The checker's rules for the API-convention keys (auth, headers, errors, pagination, status,
 * constraints) and for names that would collide in generated code. Each asserts codes and positions.
 */
import { describe, expect, it } from "vitest";
import { checkTexts, modelFromTexts } from "./helpers/spec.ts";

const API = `api: shop.api
title: Shop API
version: "1"
servers:
  - { name: prod, url: "https://api.shop.example" }
auth: { scheme: apiKey, in: header, name: X-Api-Key }
resources: [orders]
types:
  Order:
    fields:
      id: { type: string, required: true }
      note: { type: "string | null" }
`;

const ORDERS = `resource: orders
title: Orders
operations:
  - name: list
    summary: List orders
    risk: read
    http: { method: GET, path: /orders }
    input:
      offset: { type: number, format: integer }
      limit: { type: number, format: integer }
    output:
      items: { type: "Order[]", required: true }
      total: { type: number }
    pagination: { style: offset, items: items, total: total }
  - name: remove
    summary: Remove an order
    risk: destructive
    status: 204
    http: { method: DELETE, path: "/orders/{id}" }
    input:
      id: { type: string, required: true, in: path }
`;

function codes(files: Record<string, string>) {
  return checkTexts(files).diagnostics.map((d) => ({ code: d.code, file: d.file, line: d.line, col: d.col }));
}

describe("convention keys", () => {
  it("accepts the fixture and models its conventions", () => {
    expect(codes({ "api.yaml": API, "orders.yaml": ORDERS })).toEqual([]);
    const model = modelFromTexts({ "api.yaml": API, "orders.yaml": ORDERS });
    expect(model.auth).toEqual({ scheme: "apiKey", in: "header", name: "X-Api-Key" });
    const [list, remove] = model.resources[0]!.operations;
    expect(list!.pagination).toEqual({ style: "offset", items: ["items"], offset: ["offset"], limit: ["limit"], total: ["total"] });
    expect(remove!.status).toBe(204);
    expect(remove!.output).toBeUndefined();
    expect(model.naming.clientFactory).toBe("createShopClient");
  });

  it("reports a misspelt primitive as an unknown type with a suggestion", () => {
    const d = checkTexts({ "api.yaml": API.replace('note: { type: "string | null" }', "note: { type: strnig }"), "orders.yaml": ORDERS }).diagnostics;
    expect(d.map((x) => [x.code, x.line, x.data])).toEqual([["unknown-type", 12, { name: "strnig", loneWord: true, suggestion: "string" }]]);
  });

  it("checks pagination paths against inputs and outputs", () => {
    const d = codes({ "api.yaml": API, "orders.yaml": ORDERS.replace("total: total }", "total: totl }") });
    expect(d).toEqual([{ code: "invalid-pagination", file: "spec/orders.yaml", line: 14, col: 55 }]);
    const missing = codes({ "api.yaml": API, "orders.yaml": ORDERS.replace("      offset: { type: number, format: integer }\n", "") });
    expect(missing.map((x) => x.code)).toEqual(["invalid-pagination"]);
  });

  it("rejects pagination keys the style does not use", () => {
    const d = codes({ "api.yaml": API, "orders.yaml": ORDERS.replace("{ style: offset, items: items, total: total }", "{ style: offset, items: items, total: total, totalPages: total }") });
    expect(d.map((x) => x.code)).toEqual(["invalid-pagination"]);
  });

  it("rejects a 204 with an output, and constraints that do not fit", () => {
    const d = codes({ "api.yaml": API, "orders.yaml": ORDERS.replace("      id: { type: string, required: true, in: path }", "      id: { type: string, required: true, in: path }\n    output: Order") });
    expect(d.map((x) => x.code)).toEqual(["invalid-status"]);
    const c = codes({ "api.yaml": API.replace("id: { type: string, required: true }", 'id: { type: string, required: true, minimum: 3, pattern: "(" }'), "orders.yaml": ORDERS });
    expect(c.map((x) => x.code)).toEqual(["invalid-constraint", "invalid-constraint"]);
  });

  it("rejects header inputs the client already sends and header options that shadow client options", () => {
    const op = ORDERS.replace("      offset: { type: number, format: integer }", "      offset: { type: number, format: integer }\n      key: { type: string, in: header, wire: X-Api-Key }");
    expect(codes({ "api.yaml": API, "orders.yaml": op }).map((x) => x.code)).toEqual(["invalid-header"]);
    const api = API.replace("resources: [orders]", "headers:\n  Max-Risk: { option: maxRisk }\nresources: [orders]");
    expect(codes({ "api.yaml": api, "orders.yaml": ORDERS }).map((x) => x.code)).toEqual(["invalid-header"]);
  });

  it("checks the error description against its type", () => {
    const api = API.replace("resources: [orders]", "errors: { type: Order, message: detial }\nresources: [orders]");
    expect(codes({ "api.yaml": api, "orders.yaml": ORDERS }).map((x) => x.code)).toEqual(["invalid-errors"]);
  });
});

describe("names that would collide in generated code", () => {
  it("rejects type names the generated code uses, and types that differ only in case", () => {
    const api = API.replace("types:\n", "types:\n  Promise:\n    fields: { a: string }\n  ORDER:\n    fields: { a: string }\n");
    expect(codes({ "api.yaml": api, "orders.yaml": ORDERS }).map((x) => x.code)).toEqual(["name-collision", "name-collision"]);
  });

  it("rejects a resource named like a client member, and __proto__/constructor fields", () => {
    const api = API.replace("resources: [orders]", "resources: [call]");
    expect(codes({ "api.yaml": api, "orders.yaml": ORDERS.replace("resource: orders", "resource: call") }).map((x) => x.code)).toEqual(["name-collision"]);
    const fields = API.replace("note: { type: \"string | null\" }", "__proto__: string\n      constructor: string");
    expect(codes({ "api.yaml": fields, "orders.yaml": ORDERS }).map((x) => x.code)).toEqual(["name-collision", "name-collision"]);
  });

  it("rejects an API name whose error class or an operation whose constant the generated code already defines", () => {
    expect(codes({ "api.yaml": API.replace("api: shop.api", "api: api.example"), "orders.yaml": ORDERS }).map((x) => x.code)).toEqual(["name-collision"]);
    const api = API.replace("resources: [orders]", "resources: [api]");
    const res = ORDERS.replace("resource: orders", "resource: api").replace("name: list", "name: def");
    expect(codes({ "api.yaml": api, "orders.yaml": res }).map((x) => x.code)).toEqual(["name-collision"]);
  });

  it("rejects resources whose file names collide", () => {
    // `abcDEF` and `abcDef` both become abc-def.ts
    const api = API.replace("resources: [orders]", "resources: [abcDEF, abcDef]");
    const res = (name: string) => ORDERS.replace("resource: orders", `resource: ${name}`);
    const d = checkTexts({ "api.yaml": api, "a.yaml": res("abcDEF"), "b.yaml": res("abcDef") }).diagnostics;
    expect(d.map((x) => x.code)).toContain("name-collision");
  });
});

describe("one mistake is reported once", () => {
  it("a broken file still declares its types to the others", () => {
    const api = API.replace("types:\n  Order:", "types:\n  Other:\n    fields: { a: string }\n  Unused:\n    fields: { a: string }\n  Order:");
    const broken = ORDERS.replace("risk: read", "risk: reed").replace("types:", "types:") + "types:\n  Item:\n    fields: { a: string }\n";
    const user = `resource: users
title: Users
operations:
  - name: get
    summary: Get
    risk: read
    http: { method: GET, path: /users }
    output:
      item: Item
`;
    const d = checkTexts({ "api.yaml": api.replace("resources: [orders]", "resources: [orders, users]"), "orders.yaml": broken, "users.yaml": user }).diagnostics;
    expect(d.map((x) => x.code)).toEqual(["unknown-risk"]);
  });

  it("three mistakes in different operations are all reported, each once and where it is", () => {
    const orders = ORDERS.replace("risk: read", "risk: reed").replace("    status: 204\n", "    status: 204\n    deprecated: yes\n");
    const broken = orders + `  - name: get
    summary: Get
    risk: read
    http: { method: GET, path: "/orders/{id}" }
    input:
      id: { type: string, required: true, in: path }
    output: Ordr
`;
    const d = codes({ "api.yaml": API, "orders.yaml": broken });
    expect(d.map((x) => `${x.code}@${x.line}`)).toEqual(["unknown-risk@6", "invalid-type@19", "unknown-type@29"]);
  });
});

describe("paths, servers and headers accept only what is safe", () => {
  const withPath = (p: string) => ORDERS.replace('path: "/orders/{id}"', `path: ${JSON.stringify(p)}`);
  it.each(["/orders/../{id}", "/orders/./{id}", "/orders/{id}?x=1", "/orders/{id}#x", "/orders/{id}}", "/orders/{id}\r\nX: 1", "/orders/<script>/{id}", "orders/{id}"])(
    "refuses the path %j",
    (p) => {
      expect(codes({ "api.yaml": API, "orders.yaml": withPath(p) }).map((x) => x.code)).toContain("invalid-value");
    },
  );
  it.each(["javascript:alert(1)", "https://user:pw@api.example", "https://api.example/?q=1", 'https://api.example/"onmouseover'])("refuses the server URL %j", (url) => {
    const d = codes({ "api.yaml": API.replace('url: "https://api.shop.example"', `url: ${JSON.stringify(url)}`), "orders.yaml": ORDERS });
    expect(d.map((x) => x.code)).toContain("invalid-value");
  });
  it("refuses header names and defaults with line breaks", () => {
    const api = API.replace("resources: [orders]", 'headers:\n  "X-A\\r\\nX-B": { default: v }\n  X-C: { default: "a\\r\\nb" }\nresources: [orders]');
    expect(codes({ "api.yaml": api, "orders.yaml": ORDERS }).map((x) => x.code)).toEqual(["invalid-value", "invalid-value"]);
  });
  it("checks an enum of 30,000 values in linear time (a duplicate is found once)", () => {
    const values = Array.from({ length: 30_000 }, (_, i) => `v${i}`);
    const api = API.replace("types:\n", `types:\n  Big:\n    enum: [${[...values, "v7"].join(", ")}]\n`);
    expect(codes({ "api.yaml": api, "orders.yaml": ORDERS }).map((x) => x.code)).toEqual(["malformed-enum"]);
  });
});
