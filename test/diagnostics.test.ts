/**
 * One test per kind of spec problem: each asserts the diagnostic's code, file, line and column
 * (never its English text), plus "all problems in one run", and the README's list of the codes.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DIAGNOSTICS, type Diagnostic } from "../generator/diagnostics/catalog.ts";
import { checkTexts } from "./helpers/spec.ts";

const API = `api: test.api
title: Test API
version: "1"
servers:
  - { name: us, url: "https://api.example.com" }
auth: { scheme: bearer }
resources: [admins]
types:
  Admin:
    fields:
      id: { type: string, required: true }
`;

/** A valid resource file; tests replace one line to break it. Line numbers below refer to this text. */
const ADMINS = `resource: admins
title: Admins
operations:
  - name: get
    summary: Get one admin
    risk: read
    http: { method: GET, path: "/admins/{id}" }
    input:
      id: { type: string, required: true, in: path }
    output: Admin
  - name: list
    summary: List admins
    risk: read
    http: { method: GET, path: /admins }
    input:
      state: { type: "draft | published", in: query }
    output:
      admins: { type: "Admin[]", required: true }
`;

function check(admins: string, api = API) {
  const diagnostics = checkTexts({ "api.yaml": api, "admins.yaml": admins }).diagnostics;
  if (process.env.DUMP) console.log(diagnostics.map((d) => `${d.file}:${d.line}:${d.col} ${d.code} ${d.message}`));
  return diagnostics;
}

function only(diagnostics: Diagnostic[]): Diagnostic {
  expect(diagnostics.map((d) => `${d.file}:${d.line}:${d.col} ${d.code} ${d.message}`)).toHaveLength(1);
  return diagnostics[0]!;
}

function at(d: Diagnostic) {
  return { code: d.code, file: d.file, line: d.line, col: d.col };
}

describe("spec diagnostics", () => {
  it("accepts the valid fixture", () => {
    expect(check(ADMINS)).toEqual([]);
  });

  it("yaml-syntax", () => {
    const d = only(check(ADMINS.replace("    risk: read\n    http: { method: GET", "    risk: read\n    http: { method: GET, ]")));
    expect(at(d)).toEqual({ code: "yaml-syntax", file: "spec/admins.yaml", line: 7, col: 26 });
  });

  it("duplicate-key", () => {
    const d = only(check(ADMINS.replace("    summary: Get one admin\n", "    summary: Get one admin\n    summary: again\n")));
    expect(at(d)).toEqual({ code: "duplicate-key", file: "spec/admins.yaml", line: 6, col: 5 });
  });

  it("unknown-key, with did-you-mean", () => {
    const d = only(check(ADMINS.replace("    summary: Get one admin", "    sumary: Get one admin")));
    expect(at(d)).toEqual({ code: "unknown-key", file: "spec/admins.yaml", line: 5, col: 5 });
    expect(d.data).toEqual({ key: "sumary", where: "operations[0]", suggestion: "summary" });
  });

  it("invalid-type (a list where a mapping is expected)", () => {
    const d = only(check(ADMINS.replace('    http: { method: GET, path: "/admins/{id}" }', "    http: [GET]")));
    expect(at(d)).toEqual({ code: "invalid-type", file: "spec/admins.yaml", line: 7, col: 11 });
  });

  it("invalid-value for a type name that breaks the naming rule: at the name, with the rule", () => {
    const d = only(check(ADMINS, `${API}  note:\n    fields:\n      id: { type: string }\n`));
    expect(at(d)).toEqual({ code: "invalid-value", file: "spec/api.yaml", line: 12, col: 3 });
    expect(d.data).toEqual({ where: "types", detail: "type names are PascalCase", value: "note" });
  });

  it("unknown-risk", () => {
    const d = only(check(ADMINS.replace("    risk: read\n    http: { method: GET, path: \"/admins/{id}\"", "    risk: reed\n    http: { method: GET, path: \"/admins/{id}\"")));
    expect(at(d)).toEqual({ code: "unknown-risk", file: "spec/admins.yaml", line: 6, col: 11 });
    expect(d.data).toMatchObject({ value: "reed", suggestion: "read" });
  });

  it("unknown-http-method", () => {
    const d = only(check(ADMINS.replace('{ method: GET, path: "/admins/{id}" }', '{ method: FETCH, path: "/admins/{id}" }')));
    expect(at(d)).toEqual({ code: "unknown-http-method", file: "spec/admins.yaml", line: 7, col: 21 });
  });

  it("unknown-type, with did-you-mean", () => {
    const d = only(check(ADMINS.replace("    output: Admin\n", "    output: Admn\n")));
    expect(at(d)).toEqual({ code: "unknown-type", file: "spec/admins.yaml", line: 10, col: 13 });
    expect(d.data).toEqual({ name: "Admn", suggestion: "Admin" });
  });

  it("duplicate-operation", () => {
    const d = only(check(ADMINS.replace("  - name: list", "  - name: get")));
    expect(at(d)).toEqual({ code: "duplicate-operation", file: "spec/admins.yaml", line: 11, col: 11 });
  });

  it("path-param-without-input", () => {
    const d = only(check(ADMINS.replace('path: "/admins/{id}" }\n    input:\n      id:', 'path: "/admins/{id}/{team}" }\n    input:\n      id:')));
    expect(at(d)).toEqual({ code: "path-param-without-input", file: "spec/admins.yaml", line: 7, col: 32 });
  });

  it("path-input-not-in-template", () => {
    const d = only(check(ADMINS.replace("      state: { type: \"draft | published\", in: query }", "      team: { type: string, in: path }")));
    expect(at(d)).toEqual({ code: "path-input-not-in-template", file: "spec/admins.yaml", line: 16, col: 7 });
  });

  it("body-input-not-allowed on GET", () => {
    const d = only(check(ADMINS.replace('state: { type: "draft | published", in: query }', 'state: { type: "draft | published", in: body }')));
    expect(at(d)).toEqual({ code: "body-input-not-allowed", file: "spec/admins.yaml", line: 16, col: 47 });
  });

  it("malformed-enum", () => {
    const d = only(check(ADMINS.replace('"draft | published"', '"draft | | published"')));
    expect(at(d)).toEqual({ code: "malformed-enum", file: "spec/admins.yaml", line: 16, col: 22 });
  });

  it("type-cycle that no finite value satisfies", () => {
    const api = `${API}  Team:\n    fields:\n      lead: { type: Lead, required: true }\n  Lead:\n    fields:\n      team: { type: Team, required: true }\n`;
    const diagnostics = check(ADMINS, api);
    expect(diagnostics.map(at)).toEqual([
      { code: "type-cycle", file: "spec/api.yaml", line: 12, col: 3 },
      { code: "type-cycle", file: "spec/api.yaml", line: 15, col: 3 },
    ]);
  });

  it("a recursive type through a list or an optional field is fine", () => {
    const api = `${API}  Node:\n    fields:\n      children: { type: "Node[]", required: true }\n      parent: Node\n`;
    expect(check(ADMINS, api)).toEqual([]);
  });

  it("empty-operations", () => {
    const d = only(check("resource: admins\ntitle: Admins\noperations: []\n"));
    expect(at(d)).toEqual({ code: "empty-operations", file: "spec/admins.yaml", line: 3, col: 13 });
  });

  it("reports every problem of a run, across files, sorted by file and position", () => {
    const admins = ADMINS.replace("    output: Admin\n", "    output: Admn\n").replace("  - name: list", "  - nam: list\n    name: list");
    const teams = "resource: teams\ntitle: Teams\noperations:\n  - name: get\n    summary: Get a team\n    risk: wrote\n    http: { method: GET, path: /teams }\n    output: Admin\n";
    const api = API.replace("title: Test API", "title: Test API\ndescripton: typo").replace("resources: [admins]", "resources: [admins, teams]");
    const diagnostics = checkTexts({ "api.yaml": api, "admins.yaml": admins, "teams.yaml": teams }).diagnostics;
    expect(diagnostics.map((d) => `${d.file}:${d.line}:${d.col} ${d.code}`)).toEqual([
      "spec/admins.yaml:10:13 unknown-type",
      "spec/admins.yaml:11:5 unknown-key",
      "spec/api.yaml:3:1 unknown-key",
      "spec/teams.yaml:6:11 unknown-risk",
    ]);
  });
});

describe("the diagnostics catalog in the README", () => {
  it("lists every code with its severity and summary, in the catalog's order, and no other", async () => {
    const text = await readFile(path.join(import.meta.dirname, "..", "README.md"), "utf8");
    const rows = [...text.matchAll(/^\| `([a-z0-9-]+)` \| (error|warning) \| (.*) \|$/gm)].map((m) => [m[1], m[2], m[3]]);
    expect(rows).toEqual(Object.entries(DIAGNOSTICS).map(([code, entry]) => [code, entry.severity, entry.summary]));
  });
});
