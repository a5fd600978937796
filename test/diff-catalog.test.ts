/**
 * The change catalog is the one list docs, rules and tests read: every code is raised by some rule,
 * documented in the README section with its severity, and its message is one plain sentence.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CHANGES, CHANGE_CODES, fillTemplate } from "../generator/diff/catalog.ts";
import { API_RULES, FIELD_RULES, HEADER_RULES, OPERATION_RULES, SERVER_RULES, TYPE_BODY_RULES, TYPE_RULES } from "../generator/diff/rules.ts";
import { ROOT } from "./helpers/spec.ts";

describe("the change catalog", () => {
  it("every code is raised by a rule, and every rule's codes are in the catalog", () => {
    const raised = new Set([API_RULES, SERVER_RULES, HEADER_RULES, OPERATION_RULES, FIELD_RULES, TYPE_BODY_RULES, TYPE_RULES].flat().flatMap((r) => r.codes));
    expect([...raised].filter((c) => !(c in CHANGES))).toEqual([]);
    expect(CHANGE_CODES.filter((c) => !raised.has(c))).toEqual([]);
  });

  it("the README documents every code with its severity, and no other", async () => {
    const text = await readFile(path.join(ROOT, "README.md"), "utf8");
    const rows = [...text.matchAll(/^\| `([a-z-]+)` \| (breaking|non-breaking|docs) \|/gm)].map((m) => [m[1], m[2]]);
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(CHANGE_CODES.map((c) => [c, CHANGES[c].severity])));
    expect(rows).toHaveLength(CHANGE_CODES.length);
  });

  it("every message is one sentence whose parameters are named", () => {
    for (const code of CHANGE_CODES) {
      const template = CHANGES[code].message;
      expect(template, code).toMatch(/^[A-Z{][^\n]*\.$/);
      const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const filled = fillTemplate(template, Object.fromEntries(names.map((n) => [n, `<${n}>`])));
      expect(filled, code).not.toMatch(/[{}]/);
    }
  });
});
