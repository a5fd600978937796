/**
 * opspec diff, one test per kind of change: each edits a copy of spec/ (by YAML path, written to a
 * temporary folder), diffs it against an untouched copy, and asserts the code, its severity, the
 * operation, the path and the file:line the finding points at (head; base for removals).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rm } from "node:fs/promises";
import { CHANGE_CODES, type Change, type ChangeCode, type ChangeSeverity } from "../generator/diff/catalog.ts";
import { diffCopy, diffFixture, specCopy, type DiffFixture, type SpecCopy } from "./helpers/diff-spec.ts";

let fx: DiffFixture;
beforeAll(async () => {
  fx = await diffFixture();
});
afterAll(async () => {
  await rm(fx.root, { recursive: true, force: true });
});

const covered = new Set<ChangeCode>();

interface Want {
  code: ChangeCode;
  severity: ChangeSeverity;
  operation: string | null;
  path?: string;
  file: string;
  line: number;
}

function list(changes: Change[]): string {
  return changes.map((c) => `  ${c.code} ${c.operation ?? "-"} ${c.path} ${c.file}:${c.line} ${c.message}`).join("\n");
}

/** Exactly one change with this code, operation (and path); its severity and location as wanted. */
function expectChange(changes: Change[], want: Want): Change {
  const matches = changes.filter((c) => c.code === want.code && c.operation === want.operation && (want.path === undefined || c.path === want.path));
  expect(matches.length, `one ${want.code} on ${want.operation} ${want.path ?? ""} among:\n${list(changes)}`).toBe(1);
  const c = matches[0]!;
  expect({ severity: c.severity, file: c.file, line: c.line }).toEqual({ severity: want.severity, file: want.file, line: want.line });
  covered.add(want.code);
  return c;
}

function codesOf(changes: Change[]): string[] {
  return [...new Set(changes.map((c) => c.code))].sort();
}

async function edited(edit: (copy: SpecCopy) => Promise<void>, editBase?: (copy: SpecCopy) => Promise<void>) {
  const head = await specCopy(fx);
  await edit(head);
  let base: SpecCopy | undefined;
  if (editBase) {
    base = await specCopy(fx);
    await editBase(base);
  }
  const changes = await diffCopy(fx, head, base);
  return { head, base, changes };
}

const BASE = (file: string) => `base/${file}`;

describe("operations", () => {
  it("operation-added", async () => {
    const { head, changes } = await edited((c) =>
      c.append("admins.yaml", ["operations"], {
        name: "remove",
        summary: "Remove an admin",
        risk: "destructive",
        http: { method: "DELETE", path: "/admins/{id}" },
        input: { id: { type: "string", required: true, in: "path" } },
      }),
    );
    expect(codesOf(changes)).toEqual(["operation-added"]);
    const c = expectChange(changes, {
      code: "operation-added",
      severity: "non-breaking",
      operation: "admins.remove",
      path: "",
      file: head.file("admins.yaml"),
      line: await head.line("admins.yaml", ["operations", "@remove"]),
    });
    expect(c.message).toContain("DELETE");
  });

  it("operation-removed points at the base", async () => {
    const { changes } = await edited((c) => c.remove("admins.yaml", ["operations", "@identify"]));
    expect(codesOf(changes)).toEqual(["operation-removed"]);
    const base = await specCopy(fx);
    expectChange(changes, {
      code: "operation-removed",
      severity: "breaking",
      operation: "admins.identify",
      file: BASE("admins.yaml"),
      line: await base.line("admins.yaml", ["operations", "@identify"]),
    });
  });

  it("operation-renamed: same method and path, another name", async () => {
    const { head, changes } = await edited((c) => c.set("admins.yaml", ["operations", "@identify", "name"], "me"));
    expect(codesOf(changes)).toEqual(["operation-renamed"]);
    const c = expectChange(changes, {
      code: "operation-renamed",
      severity: "breaking",
      operation: "admins.me",
      file: head.file("admins.yaml"),
      line: await head.line("admins.yaml", ["operations", "@me"]),
    });
    expect(c.params.from).toBe("admins.identify");
  });

  it("method-changed and path-changed", async () => {
    const { head, changes } = await edited(async (c) => {
      await c.set("admins.yaml", ["operations", "@setAway", "http", "method"], "POST");
      await c.set("admins.yaml", ["operations", "@setAway", "http", "path"], "/admins/{id}/away_mode");
    });
    expect(codesOf(changes)).toEqual(["method-changed", "path-changed"]);
    const line = await head.line("admins.yaml", ["operations", "@setAway", "http", "method"]);
    expectChange(changes, { code: "method-changed", severity: "breaking", operation: "admins.setAway", path: "http.method", file: head.file("admins.yaml"), line });
    expectChange(changes, { code: "path-changed", severity: "breaking", operation: "admins.setAway", path: "http.path", file: head.file("admins.yaml"), line });
  });

  it("renaming a path parameter changes no route", async () => {
    const { changes } = await edited(async (c) => {
      const op = ["operations", "@get"];
      await c.set("admins.yaml", [...op, "http", "path"], "/admins/{admin_id}");
      const input = (await c.get("admins.yaml", [...op, "input"])) as Record<string, unknown>;
      await c.set("admins.yaml", [...op, "input"], { admin_id: input.id });
    });
    expect(codesOf(changes)).toEqual(["input-renamed"]);
  });

  it("risk-escalated (read → write, write → destructive) is breaking", async () => {
    const { head, changes } = await edited(async (c) => {
      await c.set("admins.yaml", ["operations", "@get", "risk"], "write");
      await c.set("admins.yaml", ["operations", "@setAway", "risk"], "destructive");
    });
    expect(codesOf(changes)).toEqual(["risk-escalated"]);
    for (const op of ["get", "setAway"])
      expectChange(changes, {
        code: "risk-escalated",
        severity: "breaking",
        operation: `admins.${op}`,
        path: "risk",
        file: head.file("admins.yaml"),
        line: await head.line("admins.yaml", ["operations", `@${op}`, "risk"]),
      });
  });

  it("risk-lowered is non-breaking", async () => {
    const { head, changes } = await edited((c) => c.set("admins.yaml", ["operations", "@setAway", "risk"], "read"));
    const c = expectChange(changes, {
      code: "risk-lowered",
      severity: "non-breaking",
      operation: "admins.setAway",
      file: head.file("admins.yaml"),
      line: await head.line("admins.yaml", ["operations", "@setAway", "risk"]),
    });
    expect(c.params).toMatchObject({ from: "write", to: "read" });
  });

  it("status-changed", async () => {
    const { head, changes } = await edited((c) => c.set("admins.yaml", ["operations", "@setAway", "status"], 202));
    expect(codesOf(changes)).toEqual(["status-changed"]);
    expectChange(changes, {
      code: "status-changed",
      severity: "breaking",
      operation: "admins.setAway",
      path: "status",
      file: head.file("admins.yaml"),
      line: await head.line("admins.yaml", ["operations", "@setAway", "status"]),
    });
  });

  it("output-removed and output-added", async () => {
    const removeOutput = (c: SpecCopy) => c.remove("admins.yaml", ["operations", "@setAway", "output"]);
    const removed = await edited(removeOutput);
    const base = await specCopy(fx);
    expect(codesOf(removed.changes)).toEqual(["output-removed"]);
    expectChange(removed.changes, {
      code: "output-removed",
      severity: "breaking",
      operation: "admins.setAway",
      path: "output",
      file: BASE("admins.yaml"),
      line: await base.line("admins.yaml", ["operations", "@setAway", "output"]),
    });
    const added = await edited(async () => {}, removeOutput);
    expect(codesOf(added.changes)).toEqual(["output-added"]);
    expectChange(added.changes, {
      code: "output-added",
      severity: "non-breaking",
      operation: "admins.setAway",
      file: added.head.file("admins.yaml"),
      line: await added.head.line("admins.yaml", ["operations", "@setAway", "output"]),
    });
  });

  it("pagination-added and pagination-removed", async () => {
    const { head, changes } = await edited(async (c) => {
      await c.set("admins.yaml", ["operations", "@list", "pagination"], { style: "link", items: "admins" });
      await c.remove("admins.yaml", ["operations", "@listActivityLogs", "pagination"]);
    });
    expect(codesOf(changes)).toEqual(["pagination-added", "pagination-removed"]);
    expectChange(changes, {
      code: "pagination-added",
      severity: "non-breaking",
      operation: "admins.list",
      path: "pagination",
      file: head.file("admins.yaml"),
      line: await head.line("admins.yaml", ["operations", "@list", "pagination"]),
    });
    expectChange(changes, {
      code: "pagination-removed",
      severity: "breaking",
      operation: "admins.listActivityLogs",
      path: "pagination",
      file: BASE("admins.yaml"),
      line: await (await specCopy(fx)).line("admins.yaml", ["operations", "@listActivityLogs", "pagination"]),
    });
  });

  it("pagination-style-changed", async () => {
    const { head, changes } = await edited((c) => c.set("admins.yaml", ["operations", "@listActivityLogs", "pagination", "style"], "link"));
    expect(codesOf(changes)).toEqual(["pagination-style-changed"]);
    const c = expectChange(changes, {
      code: "pagination-style-changed",
      severity: "breaking",
      operation: "admins.listActivityLogs",
      file: head.file("admins.yaml"),
      line: await head.line("admins.yaml", ["operations", "@listActivityLogs", "pagination"]),
    });
    expect(c.params).toMatchObject({ from: "page", to: "link" });
  });

  it("pagination-changed: same style, another path", async () => {
    const { head, changes } = await edited((c) => c.set("admins.yaml", ["operations", "@listActivityLogs", "pagination", "totalPages"], "pages.per_page"));
    expect(codesOf(changes)).toEqual(["pagination-changed"]);
    expectChange(changes, {
      code: "pagination-changed",
      severity: "breaking",
      operation: "admins.listActivityLogs",
      path: "pagination.totalPages",
      file: head.file("admins.yaml"),
      line: await head.line("admins.yaml", ["operations", "@listActivityLogs", "pagination"]),
    });
  });

  it("operation-deprecated and operation-undeprecated", async () => {
    const deprecate = (c: SpecCopy) => c.set("admins.yaml", ["operations", "@get", "deprecated"], true);
    const on = await edited(deprecate);
    expect(codesOf(on.changes)).toEqual(["operation-deprecated"]);
    expectChange(on.changes, {
      code: "operation-deprecated",
      severity: "non-breaking",
      operation: "admins.get",
      path: "deprecated",
      file: on.head.file("admins.yaml"),
      line: await on.head.line("admins.yaml", ["operations", "@get", "deprecated"]),
    });
    const off = await edited(async () => {}, deprecate);
    expect(codesOf(off.changes)).toEqual(["operation-undeprecated"]);
    expectChange(off.changes, {
      code: "operation-undeprecated",
      severity: "non-breaking",
      operation: "admins.get",
      file: off.head.file("admins.yaml"),
      line: await off.head.line("admins.yaml", ["operations", "@get"]),
    });
  });

  it("constant-added, constant-changed, constant-removed", async () => {
    const { head, changes } = await edited(async (c) => {
      const at = ["operations", "@setAway", "constants"];
      await c.set("admins.yaml", at, { source: "api" });
    });
    expectChange(changes, {
      code: "constant-added",
      severity: "breaking",
      operation: "admins.setAway",
      path: "constants.source",
      file: head.file("admins.yaml"),
      line: await head.line("admins.yaml", ["operations", "@setAway", "constants"]),
    });
    const withConstant = (value: string) => (c: SpecCopy) => c.set("admins.yaml", ["operations", "@setAway", "constants"], { source: value });
    const changed = await edited(withConstant("web"), withConstant("api"));
    expect(codesOf(changed.changes)).toEqual(["constant-changed"]);
    expectChange(changed.changes, {
      code: "constant-changed",
      severity: "breaking",
      operation: "admins.setAway",
      file: changed.head.file("admins.yaml"),
      line: await changed.head.line("admins.yaml", ["operations", "@setAway", "constants"]),
    });
    const removed = await edited(async () => {}, withConstant("api"));
    expect(codesOf(removed.changes)).toEqual(["constant-removed"]);
    expectChange(removed.changes, {
      code: "constant-removed",
      severity: "non-breaking",
      operation: "admins.setAway",
      file: removed.base!.file("admins.yaml"),
      line: await removed.base!.line("admins.yaml", ["operations", "@setAway", "constants"]),
    });
  });

  it("summary-changed and description-changed are docs", async () => {
    const { head, changes } = await edited(async (c) => {
      await c.set("admins.yaml", ["operations", "@get", "summary"], "Fetch one admin");
      await c.set("admins.yaml", ["operations", "@get", "description"], "Fetches an admin by id.");
    });
    expect(codesOf(changes)).toEqual(["description-changed", "summary-changed"]);
    const at = (k: string) => head.line("admins.yaml", ["operations", "@get", k]);
    expectChange(changes, { code: "summary-changed", severity: "docs", operation: "admins.get", path: "summary", file: head.file("admins.yaml"), line: await at("summary") });
    expectChange(changes, {
      code: "description-changed",
      severity: "docs",
      operation: "admins.get",
      path: "description",
      file: head.file("admins.yaml"),
      line: await at("description"),
    });
  });
});

describe("inputs", () => {
  const setAway = ["operations", "@setAway"];
  const logs = ["operations", "@listActivityLogs"];
  const at = (op: (string | number)[], name: string, ...rest: string[]) => [...op, "input", name, ...rest];

  it("input-added-required (breaking) and input-added-optional (non-breaking)", async () => {
    const { head, changes } = await edited(async (c) => {
      await c.set("admins.yaml", at(setAway, "note"), { type: "string", required: true, in: "body" });
      await c.set("admins.yaml", at(setAway, "reason"), { type: "string", in: "body" });
    });
    expect(codesOf(changes)).toEqual(["input-added-optional", "input-added-required"]);
    const file = head.file("admins.yaml");
    expectChange(changes, {
      code: "input-added-required",
      severity: "breaking",
      operation: "admins.setAway",
      path: "input.note",
      file,
      line: await head.line("admins.yaml", at(setAway, "note"), { key: true }),
    });
    expectChange(changes, {
      code: "input-added-optional",
      severity: "non-breaking",
      operation: "admins.setAway",
      path: "input.reason",
      file,
      line: await head.line("admins.yaml", at(setAway, "reason"), { key: true }),
    });
  });

  it("input-removed points at the base", async () => {
    const { changes } = await edited((c) => c.remove("admins.yaml", at(setAway, "away_mode_reassign")));
    expect(codesOf(changes)).toEqual(["input-removed"]);
    expectChange(changes, {
      code: "input-removed",
      severity: "breaking",
      operation: "admins.setAway",
      path: "input.away_mode_reassign",
      file: BASE("admins.yaml"),
      line: await (await specCopy(fx)).line("admins.yaml", at(setAway, "away_mode_reassign"), { key: true }),
    });
  });

  it("input-renamed: a new name sent under the old wire name", async () => {
    const { head, changes } = await edited(async (c) => {
      const old = (await c.get("admins.yaml", at(logs, "created_at_before"))) as Record<string, unknown>;
      await c.remove("admins.yaml", at(logs, "created_at_before"));
      await c.set("admins.yaml", at(logs, "before"), { ...old, wire: "created_at_before" });
    });
    expect(codesOf(changes)).toEqual(["input-renamed"]);
    const c = expectChange(changes, {
      code: "input-renamed",
      severity: "breaking",
      operation: "admins.listActivityLogs",
      path: "input.before",
      file: head.file("admins.yaml"),
      line: await head.line("admins.yaml", at(logs, "before"), { key: true }),
    });
    expect(c.params).toMatchObject({ from: "created_at_before", field: "before" });
  });

  it("input-made-required and input-made-optional", async () => {
    const { head, changes } = await edited(async (c) => {
      await c.set("admins.yaml", at(logs, "created_at_before", "required"), true);
      await c.set("admins.yaml", at(logs, "created_at_after", "required"), false);
    });
    expect(codesOf(changes)).toEqual(["input-made-optional", "input-made-required"]);
    const file = head.file("admins.yaml");
    expectChange(changes, {
      code: "input-made-required",
      severity: "breaking",
      operation: "admins.listActivityLogs",
      path: "input.created_at_before",
      file,
      line: await head.line("admins.yaml", at(logs, "created_at_before", "required")),
    });
    expectChange(changes, {
      code: "input-made-optional",
      severity: "non-breaking",
      operation: "admins.listActivityLogs",
      path: "input.created_at_after",
      file,
      line: await head.line("admins.yaml", at(logs, "created_at_after", "required")),
    });
  });

  it("input-wire-name-changed", async () => {
    const { head, changes } = await edited((c) => c.set("admins.yaml", at(logs, "per_page", "wire"), "perPage"));
    expect(codesOf(changes)).toEqual(["input-wire-name-changed"]);
    const c = expectChange(changes, {
      code: "input-wire-name-changed",
      severity: "breaking",
      operation: "admins.listActivityLogs",
      path: "input.per_page",
      file: head.file("admins.yaml"),
      line: await head.line("admins.yaml", at(logs, "per_page", "wire")),
    });
    expect(c.params).toMatchObject({ from: "per_page", to: "perPage" });
  });

  it("input-location-changed: moved between path, query, header and body", async () => {
    const { head, changes } = await edited(async (c) => {
      await c.set("admins.yaml", at(setAway, "away_mode_reassign", "in"), "query");
      await c.set("admins.yaml", at(setAway, "away_mode_enabled", "in"), "header");
    });
    expect(codesOf(changes)).toEqual(["input-location-changed"]);
    for (const [name, from, to] of [
      ["away_mode_reassign", "body", "query"],
      ["away_mode_enabled", "body", "header"],
    ] as const) {
      const c = expectChange(changes, {
        code: "input-location-changed",
        severity: "breaking",
        operation: "admins.setAway",
        path: `input.${name}`,
        file: head.file("admins.yaml"),
        line: await head.line("admins.yaml", at(setAway, name, "in")),
      });
      expect(c.params).toMatchObject({ from, to });
    }
  });

  it("input-type-widened is compatible; input-type-narrowed and input-type-changed break", async () => {
    const { head, changes } = await edited(async (c) => {
      await c.remove("admins.yaml", at(logs, "per_page", "format"));
      await c.set("admins.yaml", at(logs, "created_at_before", "format"), "date-time");
      await c.set("admins.yaml", at(setAway, "away_mode_reassign", "type"), "string");
    });
    expect(codesOf(changes)).toEqual(["input-type-changed", "input-type-narrowed", "input-type-widened"]);
    const file = head.file("admins.yaml");
    const widened = expectChange(changes, {
      code: "input-type-widened",
      severity: "non-breaking",
      operation: "admins.listActivityLogs",
      path: "input.per_page",
      file,
      line: await head.line("admins.yaml", at(logs, "per_page", "type")),
    });
    expect(widened.params).toMatchObject({ from: "number (integer)", to: "number" });
    expectChange(changes, {
      code: "input-type-narrowed",
      severity: "breaking",
      operation: "admins.listActivityLogs",
      path: "input.created_at_before",
      file,
      line: await head.line("admins.yaml", at(logs, "created_at_before", "type")),
    });
    expectChange(changes, {
      code: "input-type-changed",
      severity: "breaking",
      operation: "admins.setAway",
      path: "input.away_mode_reassign",
      file,
      line: await head.line("admins.yaml", at(setAway, "away_mode_reassign", "type")),
    });
  });

  it("input-enum-value-added (compatible) and input-enum-value-removed (breaking)", async () => {
    const create = ["operations", "@create", "input", "state", "type"];
    const three = (c: SpecCopy) => c.set("articles.yaml", create, "draft | published | archived");
    const added = await edited(three);
    expect(codesOf(added.changes)).toEqual(["input-enum-value-added"]);
    const c = expectChange(added.changes, {
      code: "input-enum-value-added",
      severity: "non-breaking",
      operation: "articles.create",
      path: "input.state",
      file: added.head.file("articles.yaml"),
      line: await added.head.line("articles.yaml", create),
    });
    expect(c.params.value).toBe("archived");
    const removed = await edited(async () => {}, three);
    expect(codesOf(removed.changes)).toEqual(["input-enum-value-removed"]);
    expectChange(removed.changes, {
      code: "input-enum-value-removed",
      severity: "breaking",
      operation: "articles.create",
      path: "input.state",
      file: removed.head.file("articles.yaml"),
      line: await removed.head.line("articles.yaml", create),
    });
  });

  it("input-nullable-added (compatible) and input-nullable-removed (breaking)", async () => {
    const type = at(logs, "created_at_before", "type");
    const nullable = (c: SpecCopy) => c.set("admins.yaml", type, "string | null");
    const added = await edited(nullable);
    expect(codesOf(added.changes)).toEqual(["input-nullable-added"]);
    expectChange(added.changes, {
      code: "input-nullable-added",
      severity: "non-breaking",
      operation: "admins.listActivityLogs",
      path: "input.created_at_before",
      file: added.head.file("admins.yaml"),
      line: await added.head.line("admins.yaml", type),
    });
    const removed = await edited(async () => {}, nullable);
    expect(codesOf(removed.changes)).toEqual(["input-nullable-removed"]);
    expectChange(removed.changes, {
      code: "input-nullable-removed",
      severity: "breaking",
      operation: "admins.listActivityLogs",
      file: removed.head.file("admins.yaml"),
      line: await removed.head.line("admins.yaml", type),
    });
  });

  it("input-constraint-tightened (breaking) and input-constraint-relaxed (compatible)", async () => {
    const max = at(logs, "per_page", "maximum");
    const tightened = await edited((c) => c.set("admins.yaml", max, 150));
    expect(codesOf(tightened.changes)).toEqual(["input-constraint-tightened"]);
    const c = expectChange(tightened.changes, {
      code: "input-constraint-tightened",
      severity: "breaking",
      operation: "admins.listActivityLogs",
      path: "input.per_page",
      file: tightened.head.file("admins.yaml"),
      line: await tightened.head.line("admins.yaml", max),
    });
    expect(c.params).toMatchObject({ constraint: "maximum", from: "none", to: "150" });
    const relaxed = await edited(
      (c) => c.set("admins.yaml", max, 150),
      (c) => c.set("admins.yaml", max, 50),
    );
    expect(codesOf(relaxed.changes)).toEqual(["input-constraint-relaxed"]);
    expectChange(relaxed.changes, {
      code: "input-constraint-relaxed",
      severity: "non-breaking",
      operation: "admins.listActivityLogs",
      file: relaxed.head.file("admins.yaml"),
      line: await relaxed.head.line("admins.yaml", max),
    });
  });

  it("a number that becomes a string is one type change, not also a relaxed maximum", async () => {
    const field = at(logs, "per_page");
    const { changes, head } = await edited(
      async (c) => {
        await c.set("admins.yaml", [...field, "type"], "string");
        await c.remove("admins.yaml", [...field, "format"]);
      },
      (c) => c.set("admins.yaml", [...field, "maximum"], 50),
    );
    expect(codesOf(changes)).toEqual(["input-type-changed"]);
    expectChange(changes, {
      code: "input-type-changed",
      severity: "breaking",
      operation: "admins.listActivityLogs",
      path: "input.per_page",
      file: head.file("admins.yaml"),
      line: await head.line("admins.yaml", [...field, "type"]),
    });
  });

  it("default-added, default-changed, default-removed", async () => {
    const def = at(logs, "per_page", "default");
    const withDefault = (v: number) => (c: SpecCopy) => c.set("admins.yaml", def, v);
    const added = await edited(withDefault(50));
    expect(codesOf(added.changes)).toEqual(["default-added"]);
    expectChange(added.changes, {
      code: "default-added",
      severity: "non-breaking",
      operation: "admins.listActivityLogs",
      path: "input.per_page",
      file: added.head.file("admins.yaml"),
      line: await added.head.line("admins.yaml", def),
    });
    const changed = await edited(withDefault(20), withDefault(50));
    expect(codesOf(changed.changes)).toEqual(["default-changed"]);
    const c = expectChange(changed.changes, {
      code: "default-changed",
      severity: "breaking",
      operation: "admins.listActivityLogs",
      file: changed.head.file("admins.yaml"),
      line: await changed.head.line("admins.yaml", def),
    });
    expect(c.params).toMatchObject({ from: "50", to: "20" });
    const removed = await edited(async () => {}, withDefault(50));
    expect(codesOf(removed.changes)).toEqual(["default-removed"]);
    expectChange(removed.changes, {
      code: "default-removed",
      severity: "breaking",
      operation: "admins.listActivityLogs",
      file: removed.head.file("admins.yaml"),
      line: await removed.head.line("admins.yaml", at(logs, "per_page"), { key: true }),
    });
  });

  it("field-deprecated and field-undeprecated on an input", async () => {
    const dep = at(logs, "per_page", "deprecated");
    const deprecate = (c: SpecCopy) => c.set("admins.yaml", dep, true);
    const on = await edited(deprecate);
    expect(codesOf(on.changes)).toEqual(["field-deprecated"]);
    expectChange(on.changes, {
      code: "field-deprecated",
      severity: "non-breaking",
      operation: "admins.listActivityLogs",
      path: "input.per_page",
      file: on.head.file("admins.yaml"),
      line: await on.head.line("admins.yaml", dep),
    });
    const off = await edited(async () => {}, deprecate);
    expect(codesOf(off.changes)).toEqual(["field-undeprecated"]);
    expectChange(off.changes, {
      code: "field-undeprecated",
      severity: "non-breaking",
      operation: "admins.listActivityLogs",
      file: off.head.file("admins.yaml"),
      line: await off.head.line("admins.yaml", at(logs, "per_page"), { key: true }),
    });
  });

  it("example-changed and an input's description-changed are docs", async () => {
    const { head, changes } = await edited(async (c) => {
      await c.set("admins.yaml", at(setAway, "id", "example"), "991267460");
      await c.set("admins.yaml", at(setAway, "id", "description"), "The id of the admin to set away.");
    });
    expect(codesOf(changes)).toEqual(["description-changed", "example-changed"]);
    expect(changes.every((c) => c.severity === "docs" && c.operation === "admins.setAway" && c.path === "input.id")).toBe(true);
    expectChange(changes, {
      code: "example-changed",
      severity: "docs",
      operation: "admins.setAway",
      file: head.file("admins.yaml"),
      line: await head.line("admins.yaml", at(setAway, "id", "example")),
    });
  });
});

describe("outputs and named types", () => {
  const admin = (name: string, ...rest: string[]) => ["types", "Admin", "fields", name, ...rest];
  /** Operations whose output is or holds an Admin, with the path it is reached by. */
  const ADMIN_USERS = [
    ["admins.get", "output"],
    ["admins.identify", "output"],
    ["admins.setAway", "output"],
    ["admins.list", "output.admins[]"],
  ] as const;

  it("output-field-added is reported on every operation that reaches the type", async () => {
    const { head, changes } = await edited((c) => c.set("admins.yaml", admin("nickname"), { type: "string" }));
    expect(codesOf(changes)).toEqual(["output-field-added"]);
    const line = await head.line("admins.yaml", admin("nickname"), { key: true });
    for (const [operation, reached] of ADMIN_USERS)
      expectChange(changes, { code: "output-field-added", severity: "non-breaking", operation, path: `${reached}.nickname`, file: head.file("admins.yaml"), line });
    expect(changes.every((c) => c.operation !== null)).toBe(true);
  });

  it("output-field-added to an operation's own field table", async () => {
    const { head, changes } = await edited((c) => c.set("admins.yaml", ["operations", "@list", "output", "total_count"], { type: "number", format: "integer" }));
    expect(codesOf(changes)).toEqual(["output-field-added"]);
    expectChange(changes, {
      code: "output-field-added",
      severity: "non-breaking",
      operation: "admins.list",
      path: "output.total_count",
      file: head.file("admins.yaml"),
      line: await head.line("admins.yaml", ["operations", "@list", "output", "total_count"], { key: true }),
    });
  });

  it("output-field-removed points at the base type", async () => {
    const { changes } = await edited((c) => c.remove("admins.yaml", admin("email")));
    expect(codesOf(changes)).toEqual(["output-field-removed"]);
    const line = await (await specCopy(fx)).line("admins.yaml", admin("email"), { key: true });
    for (const [operation, reached] of ADMIN_USERS)
      expectChange(changes, { code: "output-field-removed", severity: "breaking", operation, path: `${reached}.email`, file: BASE("admins.yaml"), line });
  });

  it("output-field-made-optional (breaking for readers) and output-field-made-required", async () => {
    const { head, changes } = await edited(async (c) => {
      await c.set("admins.yaml", admin("id", "required"), false);
      await c.set("admins.yaml", admin("email", "required"), true);
    });
    expect(codesOf(changes)).toEqual(["output-field-made-optional", "output-field-made-required"]);
    expectChange(changes, {
      code: "output-field-made-optional",
      severity: "breaking",
      operation: "admins.get",
      path: "output.id",
      file: head.file("admins.yaml"),
      line: await head.line("admins.yaml", admin("id", "required")),
    });
    expectChange(changes, {
      code: "output-field-made-required",
      severity: "non-breaking",
      operation: "admins.list",
      path: "output.admins[].email",
      file: head.file("admins.yaml"),
      line: await head.line("admins.yaml", admin("email", "required")),
    });
  });

  it("output-type-widened breaks readers; output-type-narrowed does not; output-type-changed breaks", async () => {
    const { head, changes } = await edited(async (c) => {
      await c.remove("admins.yaml", admin("team_ids", "format"));
      await c.set("admins.yaml", admin("email", "format"), "email");
      await c.set("admins.yaml", admin("has_inbox_seat", "type"), "string");
    });
    expect(codesOf(changes)).toEqual(["output-type-changed", "output-type-narrowed", "output-type-widened"]);
    const file = head.file("admins.yaml");
    const op = "admins.get";
    expectChange(changes, { code: "output-type-widened", severity: "breaking", operation: op, path: "output.team_ids", file, line: await head.line("admins.yaml", admin("team_ids", "type")) });
    expectChange(changes, { code: "output-type-narrowed", severity: "non-breaking", operation: op, path: "output.email", file, line: await head.line("admins.yaml", admin("email", "type")) });
    expectChange(changes, {
      code: "output-type-changed",
      severity: "breaking",
      operation: op,
      path: "output.has_inbox_seat",
      file,
      line: await head.line("admins.yaml", admin("has_inbox_seat", "type")),
    });
  });

  it("a value added to a named enum type is reported once where it is used, not also as a widened type", async () => {
    const withMood = (values: string[]) => async (c: SpecCopy) => {
      await c.set("admins.yaml", ["types", "Mood"], { enum: values });
      await c.set("admins.yaml", ["types", "Admin", "fields", "mood"], { type: "Mood" });
    };
    const { changes } = await edited(withMood(["calm", "busy", "away"]), withMood(["calm", "busy"]));
    expect(codesOf(changes)).toEqual(["output-enum-value-added"]);
    const onGet = changes.filter((c) => c.operation === "admins.get");
    expect(onGet.map((c) => [c.code, c.params.value])).toEqual([["output-enum-value-added", "away"]]);
  });

  it("output-enum-value-added (breaking) and output-enum-value-removed", async () => {
    const state = ["types", "ArticleListItem", "fields", "state", "type"];
    const three = (c: SpecCopy) => c.set("articles.yaml", state, "published | draft | archived");
    const added = await edited(three);
    expect(codesOf(added.changes)).toEqual(["output-enum-value-added"]);
    const c = expectChange(added.changes, {
      code: "output-enum-value-added",
      severity: "breaking",
      operation: "articles.list",
      path: "output.data[].state",
      file: added.head.file("articles.yaml"),
      line: await added.head.line("articles.yaml", state),
    });
    expect(c.params).toMatchObject({ value: "archived", field: "ArticleListItem.state", role: "Output field" });
    const removed = await edited(async () => {}, three);
    expect(codesOf(removed.changes)).toEqual(["output-enum-value-removed"]);
    expectChange(removed.changes, {
      code: "output-enum-value-removed",
      severity: "non-breaking",
      operation: "articles.list",
      file: removed.head.file("articles.yaml"),
      line: await removed.head.line("articles.yaml", state),
    });
  });

  it("output-nullable-added (breaking) and output-nullable-removed", async () => {
    const type = admin("name", "type");
    const nullable = (c: SpecCopy) => c.set("admins.yaml", type, "string | null");
    const added = await edited(nullable);
    expect(codesOf(added.changes)).toEqual(["output-nullable-added"]);
    expectChange(added.changes, {
      code: "output-nullable-added",
      severity: "breaking",
      operation: "admins.identify",
      path: "output.name",
      file: added.head.file("admins.yaml"),
      line: await added.head.line("admins.yaml", type),
    });
    const removed = await edited(async () => {}, nullable);
    expect(codesOf(removed.changes)).toEqual(["output-nullable-removed"]);
    expectChange(removed.changes, {
      code: "output-nullable-removed",
      severity: "non-breaking",
      operation: "admins.identify",
      file: removed.head.file("admins.yaml"),
      line: await removed.head.line("admins.yaml", type),
    });
  });

  it("output-constraint-tightened and output-constraint-relaxed (breaking for readers)", async () => {
    const max = admin("name", "maxLength");
    const tightened = await edited((c) => c.set("admins.yaml", max, 100));
    expect(codesOf(tightened.changes)).toEqual(["output-constraint-tightened"]);
    expectChange(tightened.changes, {
      code: "output-constraint-tightened",
      severity: "non-breaking",
      operation: "admins.get",
      file: tightened.head.file("admins.yaml"),
      line: await tightened.head.line("admins.yaml", max),
    });
    const relaxed = await edited(
      (c) => c.set("admins.yaml", max, 200),
      (c) => c.set("admins.yaml", max, 100),
    );
    expect(codesOf(relaxed.changes)).toEqual(["output-constraint-relaxed"]);
    expectChange(relaxed.changes, {
      code: "output-constraint-relaxed",
      severity: "breaking",
      operation: "admins.get",
      file: relaxed.head.file("admins.yaml"),
      line: await relaxed.head.line("admins.yaml", max),
    });
  });

  it("a field deprecated inside a named type is reported where it is read", async () => {
    const { head, changes } = await edited((c) => c.set("admins.yaml", admin("email", "deprecated"), true));
    expect(codesOf(changes)).toEqual(["field-deprecated"]);
    expectChange(changes, {
      code: "field-deprecated",
      severity: "non-breaking",
      operation: "admins.list",
      path: "output.admins[].email",
      file: head.file("admins.yaml"),
      line: await head.line("admins.yaml", admin("email", "deprecated")),
    });
  });

  it("prose inside a named type is reported once, at the type", async () => {
    const { head, changes } = await edited((c) => c.set("admins.yaml", admin("email", "description"), "Where the admin gets email."));
    expect(changes).toHaveLength(1);
    expectChange(changes, {
      code: "description-changed",
      severity: "docs",
      operation: null,
      path: "types.Admin.email",
      file: head.file("admins.yaml"),
      line: await head.line("admins.yaml", admin("email", "description")),
    });
  });

  it("type-added and type-removed (with the field that used it)", async () => {
    const { head, changes } = await edited(async (c) => {
      await c.set("admins.yaml", ["types", "Team"], { description: "A team of admins.", fields: { id: { type: "string", required: true } } });
      await c.set("admins.yaml", ["types", "ActivityLog", "fields", "performed_by", "type"], "object");
      await c.remove("admins.yaml", ["types", "ActivityLogActor"]);
    });
    expect(codesOf(changes)).toEqual(["output-type-widened", "type-added", "type-removed"]);
    expectChange(changes, {
      code: "type-added",
      severity: "non-breaking",
      operation: null,
      path: "types.Team",
      file: head.file("admins.yaml"),
      line: await head.line("admins.yaml", ["types", "Team"], { key: true }),
    });
    expectChange(changes, {
      code: "type-removed",
      severity: "breaking",
      operation: null,
      path: "types.ActivityLogActor",
      file: BASE("admins.yaml"),
      line: await (await specCopy(fx)).line("admins.yaml", ["types", "ActivityLogActor"], { key: true }),
    });
    // `object` admits more than ActivityLogActor did: readers may be handed more.
    expectChange(changes, {
      code: "output-type-widened",
      severity: "breaking",
      operation: "admins.listActivityLogs",
      path: "output.activity_logs[].performed_by",
      file: head.file("admins.yaml"),
      line: await head.line("admins.yaml", ["types", "ActivityLog", "fields", "performed_by", "type"]),
    });
  });

  it("a named type used by inputs and outputs is judged per side: a map's narrower values break senders only", async () => {
    const values = ["types", "CustomAttributes", "values"];
    const { head, changes } = await edited((c) => c.set("companies.yaml", values, "string | number"));
    const line = await head.line("companies.yaml", values);
    const file = head.file("companies.yaml");
    expectChange(changes, { code: "input-type-narrowed", severity: "breaking", operation: "companies.createOrUpdate", path: "input.custom_attributes", file, line });
    expectChange(changes, { code: "output-type-narrowed", severity: "non-breaking", operation: "companies.list", path: "output.data[].custom_attributes", file, line });
    expect(codesOf(changes)).toEqual(["input-type-narrowed", "output-type-narrowed"]);
  });

  it("a union type that gains a member is wider: compatible for senders", async () => {
    const oneOf = ["types", "SearchQuery", "oneOf"];
    const { head, changes } = await edited((c) => c.set("conversations.yaml", oneOf, ["SearchFilter", "SearchFilterGroup", "string"]));
    expect(codesOf(changes)).toEqual(["input-type-widened"]);
    const c = expectChange(changes, {
      code: "input-type-widened",
      severity: "non-breaking",
      operation: "conversations.search",
      path: "input.query",
      file: head.file("conversations.yaml"),
      line: await head.line("conversations.yaml", oneOf),
    });
    expect(c.params).toMatchObject({ role: "Type", field: "SearchQuery" });
  });
});

describe("whole specs", () => {
  it("an untouched copy in another folder reports nothing", async () => {
    const { changes } = await edited(async () => {});
    expect(changes).toEqual([]);
  });

  it("a changed type that no operation reaches on both sides is reported once at the type, judged by how the head uses it", async () => {
    const order = ["types", "SearchSort", "fields", "order", "type"];
    const { head, changes } = await edited(async (c) => {
      const sort = await c.get("conversations.yaml", ["operations", "@search", "input", "sort"]);
      await c.remove("conversations.yaml", ["operations", "@search", "input", "sort"]);
      await c.append("conversations.yaml", ["operations"], {
        name: "sorted",
        summary: "List conversations in an order",
        risk: "read",
        http: { method: "POST", path: "/conversations/sorted" },
        input: { sort },
        output: "ConversationList",
      });
      await c.set("conversations.yaml", order, "ascending | descending | random");
    });
    expect(codesOf(changes)).toEqual(["input-enum-value-added", "input-removed", "operation-added"]);
    expectChange(changes, {
      code: "input-enum-value-added",
      severity: "non-breaking",
      operation: null,
      path: "types.SearchSort.order",
      file: head.file("conversations.yaml"),
      line: await head.line("conversations.yaml", order),
    });
  });
});

describe("the API as a whole", () => {
  it("server-added, server-removed, server-url-changed", async () => {
    const { head, changes } = await edited(async (c) => {
      await c.append("api.yaml", ["servers"], { name: "ca", url: "https://api.ca.intercom.io" });
      await c.set("api.yaml", ["servers", 2, "url"], "https://api.au2.intercom.io");
      await c.remove("api.yaml", ["servers", 1]);
    });
    expect(codesOf(changes)).toEqual(["server-added", "server-removed", "server-url-changed"]);
    const base = await specCopy(fx);
    expectChange(changes, {
      code: "server-added",
      severity: "non-breaking",
      operation: null,
      path: "servers.ca",
      file: head.file("api.yaml"),
      line: await head.line("api.yaml", ["servers", 2]),
    });
    expectChange(changes, { code: "server-removed", severity: "breaking", operation: null, path: "servers.eu", file: BASE("api.yaml"), line: await base.line("api.yaml", ["servers", 1]) });
    expectChange(changes, {
      code: "server-url-changed",
      severity: "breaking",
      operation: null,
      path: "servers.au",
      file: head.file("api.yaml"),
      line: await head.line("api.yaml", ["servers", 1, "url"]),
    });
  });

  it("default-server-changed", async () => {
    const { head, changes } = await edited(async (c) => {
      const us = await c.get("api.yaml", ["servers", 0]);
      await c.remove("api.yaml", ["servers", 0]);
      await c.append("api.yaml", ["servers"], us);
    });
    expect(codesOf(changes)).toEqual(["default-server-changed"]);
    const c = expectChange(changes, {
      code: "default-server-changed",
      severity: "breaking",
      operation: null,
      file: head.file("api.yaml"),
      line: await head.line("api.yaml", ["servers", 0]),
    });
    expect(c.params).toMatchObject({ from: "us", to: "eu" });
  });

  it("auth-changed", async () => {
    const { head, changes } = await edited((c) => c.set("api.yaml", ["auth"], { scheme: "apiKey", in: "header", name: "X-Api-Key" }));
    // The new scheme comes without the old one's description: that is a docs change of its own.
    expect(codesOf(changes)).toEqual(["auth-changed", "description-changed"]);
    expectChange(changes, { code: "auth-changed", severity: "breaking", operation: null, path: "auth", file: head.file("api.yaml"), line: await head.line("api.yaml", ["auth"], { key: true }) });
  });

  it("header-added, header-added-required, header-removed", async () => {
    const added = await edited(async (c) => {
      await c.set("api.yaml", ["headers", "X-Trace"], { option: "trace" });
      await c.set("api.yaml", ["headers", "X-Tenant"], { option: "tenant", required: true });
    });
    expect(codesOf(added.changes)).toEqual(["header-added", "header-added-required"]);
    expectChange(added.changes, {
      code: "header-added",
      severity: "non-breaking",
      operation: null,
      path: "headers.X-Trace",
      file: added.head.file("api.yaml"),
      line: await added.head.line("api.yaml", ["headers", "X-Trace"], { key: true }),
    });
    expectChange(added.changes, {
      code: "header-added-required",
      severity: "breaking",
      operation: null,
      path: "headers.X-Tenant",
      file: added.head.file("api.yaml"),
      line: await added.head.line("api.yaml", ["headers", "X-Tenant"], { key: true }),
    });
    const removed = await edited(async () => {}, (c) => c.set("api.yaml", ["headers", "X-Trace"], { option: "trace" }));
    expect(codesOf(removed.changes)).toEqual(["header-removed"]);
    expectChange(removed.changes, {
      code: "header-removed",
      severity: "breaking",
      operation: null,
      path: "headers.X-Trace",
      file: removed.base!.file("api.yaml"),
      line: await removed.base!.line("api.yaml", ["headers", "X-Trace"], { key: true }),
    });
  });

  it("header option, default and enum changes", async () => {
    const h = ["headers", "Intercom-Version"];
    const { head, changes } = await edited(async (c) => {
      await c.set("api.yaml", [...h, "option"], "apiVersion");
      await c.set("api.yaml", [...h, "default"], "2.14");
      const values = (await c.get("api.yaml", [...h, "enum"])) as string[];
      await c.set("api.yaml", [...h, "enum"], [...values.filter((v) => v !== "1.0"), "2.16"]);
    });
    expect(codesOf(changes)).toEqual(["header-default-changed", "header-enum-value-added", "header-enum-value-removed", "header-option-renamed"]);
    const line = (k: string) => head.line("api.yaml", [...h, k]);
    const file = head.file("api.yaml");
    const path = "headers.Intercom-Version";
    expectChange(changes, { code: "header-option-renamed", severity: "breaking", operation: null, path, file, line: await line("option") });
    expectChange(changes, { code: "header-default-changed", severity: "non-breaking", operation: null, path, file, line: await line("default") });
    expect(expectChange(changes, { code: "header-enum-value-added", severity: "non-breaking", operation: null, path, file, line: await line("enum") }).params.value).toBe("2.16");
    expect(expectChange(changes, { code: "header-enum-value-removed", severity: "breaking", operation: null, path, file, line: await line("enum") }).params.value).toBe("1.0");
  });

  it("header-made-required and header-made-optional", async () => {
    const h = ["headers", "Intercom-Version"];
    const required = async (c: SpecCopy) => {
      await c.remove("api.yaml", [...h, "default"]);
      await c.set("api.yaml", [...h, "required"], true);
    };
    const on = await edited(required);
    expect(codesOf(on.changes)).toEqual(["header-default-changed", "header-made-required"]);
    expectChange(on.changes, {
      code: "header-made-required",
      severity: "breaking",
      operation: null,
      file: on.head.file("api.yaml"),
      line: await on.head.line("api.yaml", [...h, "required"]),
    });
    const off = await edited(async () => {}, required);
    expect(codesOf(off.changes)).toEqual(["header-default-changed", "header-made-optional"]);
    expectChange(off.changes, {
      code: "header-made-optional",
      severity: "non-breaking",
      operation: null,
      file: off.head.file("api.yaml"),
      line: await off.head.line("api.yaml", h, { key: true }),
    });
  });

  it("naming-changed: the generated package name", async () => {
    const { head, changes } = await edited((c) => c.set("api.yaml", ["package"], "acme-intercom-client"));
    expect(codesOf(changes)).toEqual(["naming-changed"]);
    expectChange(changes, {
      code: "naming-changed",
      severity: "breaking",
      operation: null,
      path: "naming.packageName",
      file: head.file("api.yaml"),
      line: await head.line("api.yaml", ["package"]),
    });
  });

  it("error-format-changed and rate-limit-changed", async () => {
    const { head, changes } = await edited(async (c) => {
      await c.set("api.yaml", ["errors", "requestIdHeader"], "X-Req-Id");
      await c.set("api.yaml", ["rateLimit", "resetUnit"], "seconds");
    });
    expect(codesOf(changes)).toEqual(["error-format-changed", "rate-limit-changed"]);
    expectChange(changes, {
      code: "error-format-changed",
      severity: "breaking",
      operation: null,
      path: "errors.requestIdHeader",
      file: head.file("api.yaml"),
      line: await head.line("api.yaml", ["errors", "requestIdHeader"]),
    });
    expectChange(changes, {
      code: "rate-limit-changed",
      severity: "non-breaking",
      operation: null,
      path: "rateLimit.resetUnit",
      file: head.file("api.yaml"),
      line: await head.line("api.yaml", ["rateLimit", "resetUnit"]),
    });
  });

  it("changes inside the error body type are reported once, under errors", async () => {
    const { changes } = await edited((c) => c.remove("api.yaml", ["types", "ErrorItem", "fields", "field"]));
    expect(codesOf(changes)).toEqual(["output-field-removed"]);
    expect(changes).toHaveLength(1);
    expectChange(changes, {
      code: "output-field-removed",
      severity: "breaking",
      operation: null,
      path: "errors.errors[].field",
      file: BASE("api.yaml"),
      line: await (await specCopy(fx)).line("api.yaml", ["types", "ErrorItem", "fields", "field"], { key: true }),
    });
  });

  it("the API's title and description are docs", async () => {
    const { head, changes } = await edited(async (c) => {
      await c.set("api.yaml", ["title"], "Intercom REST API");
      await c.set("api.yaml", ["description"], "Intercom's REST API.");
    });
    expect(codesOf(changes)).toEqual(["description-changed", "summary-changed"]);
    expectChange(changes, { code: "summary-changed", severity: "docs", operation: null, path: "title", file: head.file("api.yaml"), line: await head.line("api.yaml", ["title"]) });
  });
});

it("every catalog code has a test", () => {
  expect(CHANGE_CODES.filter((c) => !covered.has(c))).toEqual([]);
});
