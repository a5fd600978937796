/**
 * The diff's printers and version verdict: the JSON shape, the Markdown changelog, GitHub annotations,
 * terminal text; every spec string escaped for its target (property tests feed arbitrary strings
 * through every slot); and the next version for two- and three-part versions.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CHANGES, fillTemplate, type Change, type ChangeCode } from "../generator/diff/catalog.ts";
import { githubData, githubProperty, terminalText } from "../generator/escape/index.ts";
import { printGithub, printJson, printMarkdown, printText, type DiffReport } from "../generator/diff/print.ts";
import { judgeVersions, nextVersion } from "../generator/diff/semver.ts";

function change(code: ChangeCode, params: Record<string, string>, where: Partial<Pick<Change, "operation" | "path" | "file" | "line">> = {}): Change {
  return {
    code,
    severity: CHANGES[code].severity,
    operation: where.operation === undefined ? "admins.get" : where.operation,
    path: where.path ?? "",
    message: fillTemplate(CHANGES[code].message, params),
    params,
    file: where.file ?? "spec/admins.yaml",
    line: where.line ?? 12,
  };
}

function report(changes: Change[], base = "2.15", head = "2.15"): DiffReport {
  return { base: { label: "main (abc1234)" }, head: { label: "working tree (spec/)" }, semver: judgeVersions(base, head, changes), changes };
}

const SAMPLE = [
  change("risk-escalated", { from: "read", to: "write" }, { path: "risk", line: 11 }),
  change("input-added-optional", { role: "Input", field: "locale" }, { path: "input.locale", line: 14 }),
  change("summary-changed", { what: "summary", from: "Retrieve a single admin", to: "Fetch one admin" }, { path: "summary", line: 9 }),
];

describe("json", () => {
  it("has the documented shape, keys in a fixed order", () => {
    const out = JSON.parse(printJson(report(SAMPLE)));
    expect(Object.keys(out)).toEqual(["semver", "changes"]);
    expect(out.semver).toEqual({ base: "2.15", next: "3.0", headVersion: "2.15", bumpedEnough: false, bump: "major" });
    expect(Object.keys(out.changes[0])).toEqual(["code", "severity", "operation", "path", "message", "file", "line"]);
    expect(out.changes[0]).toEqual({
      code: "risk-escalated",
      severity: "breaking",
      operation: "admins.get",
      path: "risk",
      message: "Risk raised from read to write: clients whose maxRisk is read now refuse the call, and agents need a wider permission to make it.",
      file: "spec/admins.yaml",
      line: 11,
    });
  });

  it("says why it cannot judge a version", () => {
    const out = JSON.parse(printJson(report(SAMPLE, "2024-06-01", "2024-07-01")));
    expect(out.semver).toMatchObject({ next: null, bumpedEnough: null, note: expect.stringContaining("'2024-06-01'") });
  });
});

describe("markdown", () => {
  it("is a changelog section grouped by severity, spec values as code spans", () => {
    expect(printMarkdown(report(SAMPLE))).toBe(
      [
        "## 3.0",
        "",
        "Compared with 2.15: 3 changes: 1 breaking, 1 non-breaking, 1 documentation.",
        "",
        "### Breaking changes",
        "",
        "- `admins.get` `risk`: Risk raised from read to write: clients whose maxRisk is read now refuse the call, and agents need a wider permission to make it.",
        "",
        "### Other changes",
        "",
        "- `admins.get` `input.locale`: Input `locale` was added (optional).",
        "",
        "### Documentation",
        "",
        "- `admins.get` `summary`: The summary changed from `Retrieve a single admin` to `Fetch one admin`.",
        "",
      ].join("\n"),
    );
  });

  it("keeps hostile spec text inert: no HTML, no mentions, no links, one line per change", () => {
    const evil = "<img src=x onerror=alert(1)> @octocat [x](javascript:alert(1)) `tick` *bold*\nsecond line";
    const md = printMarkdown(report([change("summary-changed", { what: "summary", from: "a", to: evil })]));
    const line = md.split("\n").find((l) => l.startsWith("- "))!;
    expect(md.split("\n").filter((l) => l.startsWith("- "))).toHaveLength(1);
    expect(line).toContain("to ``<img src=x onerror=alert(1)> @octocat [x](javascript:alert(1)) `tick` *bold* second line``.");
  });

  it("says so when nothing changed", () => {
    expect(printMarkdown(report([]))).toBe("## 2.15\n\nNo changes to the API.\n");
  });
});

describe("github", () => {
  it("prints one workflow command per change and a summary line", () => {
    const lines = printGithub(report(SAMPLE)).trimEnd().split("\n");
    expect(lines).toEqual([
      "::error file=spec/admins.yaml,line=11,title=risk-escalated%3A admins.get risk::Risk raised from read to write: clients whose maxRisk is read now refuse the call, and agents need a wider permission to make it.",
      "::notice file=spec/admins.yaml,line=14,title=input-added-optional%3A admins.get input.locale::Input 'locale' was added (optional).",
      "::notice file=spec/admins.yaml,line=9,title=summary-changed%3A admins.get summary::The summary changed from 'Retrieve a single admin' to 'Fetch one admin'.",
      "opspec diff: 3 changes: 1 breaking, 1 non-breaking, 1 documentation. Version: 2.15 → 3.0 (major); the head's version 2.15 is not enough.",
    ]);
  });

  it("gives a change inside a named type one annotation, however many operations reach it", () => {
    const added = (operation: string, path: string) =>
      change("output-field-added", { role: "Output field", field: "Admin.job_title" }, { operation, path, line: 69 });
    const out = printGithub(report([added("admins.get", "output.job_title"), added("admins.list", "output.admins[].job_title"), added("admins.identify", "output.job_title")]));
    expect(out.split("\n")[0]).toBe(
      "::notice file=spec/admins.yaml,line=69,title=output-field-added%3A admins.get output.job_title and 2 more operations::Output field 'Admin.job_title' was added.",
    );
    expect(out.split("\n")[1]).toMatch(/^opspec diff: 3 changes/);
  });

  it("escapes %, CR and LF in messages, and : and , in properties", () => {
    const c = change("summary-changed", { what: "summary", from: "100%", to: "a\r\nb" }, { file: "spec/a,b:c.yaml" });
    const [line] = printGithub(report([c])).split("\n");
    expect(line).toBe("::notice file=spec/a%2Cb%3Ac.yaml,line=12,title=summary-changed%3A admins.get::The summary changed from '100%25' to 'a%0D%0Ab'.");
  });
});

describe("text", () => {
  it("groups by severity, with file:line, the operation and path, the message and its code", () => {
    expect(printText(report(SAMPLE), false)).toBe(
      [
        "opspec diff: main (abc1234) → working tree (spec/)",
        "",
        "Breaking changes (1)",
        "  spec/admins.yaml:11  admins.get  risk",
        "      Risk raised from read to write: clients whose maxRisk is read now refuse the call, and agents need a wider permission to make it. [risk-escalated]",
        "",
        "Non-breaking changes (1)",
        "  spec/admins.yaml:14  admins.get  input.locale",
        "      Input 'locale' was added (optional). [input-added-optional]",
        "",
        "Documentation changes (1)",
        "  spec/admins.yaml:9  admins.get  summary",
        "      The summary changed from 'Retrieve a single admin' to 'Fetch one admin'. [summary-changed]",
        "",
        "3 changes: 1 breaking, 1 non-breaking, 1 documentation.",
        "Version: 2.15 → 3.0 (major); the head's version 2.15 is not enough.",
        "",
      ].join("\n"),
    );
  });

  it("never sends a control character from a spec to the terminal", () => {
    const out = printText(report([change("summary-changed", { what: "summary", from: "\x1b]0;pwned\x07", to: "a\nb\u202e" })]), false);
    expect(out).toContain("'\\x1b]0;pwned\\x07' to 'a\\x0ab\\u202e'");
    expect(out.replace(/\n/g, "")).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202e]/);
  });
});

describe("escaping, for any string (property tests)", () => {
  const CONTROL = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
  const anyText = fc.string({ unit: fc.constantFrom("a", " ", "%", ":", ",", "\r", "\n", "\x1b", "`", "<", "*", "_", "[", "]", "@", "|", "\\", "é", "\u202e", "{{"), maxLength: 30 });

  it("terminalText leaves no control character", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme-composite" }), (s) => !CONTROL.test(terminalText(s))));
  });

  it("githubData is one line and decodes back", () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const out = githubData(s);
        if (/[\r\n]/.test(out)) return false;
        const decoded = out.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
        return s.includes("\x1b") || s.includes("\u202e") ? true : decoded === s;
      }),
    );
  });

  it("githubProperty never holds a character that ends a property or a command", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme-composite" }), (s) => !/[:,\r\n]/.test(githubProperty(s))));
  });

  it("every printer keeps one line per change whatever the spec strings hold", () => {
    fc.assert(
      fc.property(anyText, anyText, anyText, (from, to, file) => {
        const changes = [
          change("summary-changed", { what: "summary", from, to }, { file }),
          change("input-enum-value-added", { role: "Input", field: "state", value: to }, { file }),
        ];
        const r = report(changes);
        const github = printGithub(r).trimEnd().split("\n");
        const markdownItems = printMarkdown(r).split("\n").filter((l) => l.startsWith("- "));
        const text = printText(r, false);
        return (
          github.length === 3 &&
          github.slice(0, 2).every((l) => l.startsWith("::notice file=")) &&
          !github[2]!.startsWith("::") &&
          markdownItems.length === 2 &&
          !CONTROL.test(text.replace(/\n/g, "")) &&
          text.split("\n").length === 13
        );
      }),
    );
  });
});

describe("semver", () => {
  const breaking = [{ severity: "breaking" as const }];
  const compatible = [{ severity: "non-breaking" as const }];
  const docs = [{ severity: "docs" as const }];

  it.each([
    ["2.15", breaking, "3.0"],
    ["2.15", compatible, "2.16"],
    ["2.15", docs, "2.15"], // two-part versions have no patch level
    ["2.15", [], "2.15"],
    ["1.2.3", breaking, "2.0.0"],
    ["1.2.3", compatible, "1.3.0"],
    ["1.2.3", docs, "1.2.4"],
    ["1.2.3", [], "1.2.3"],
    ["v1.9.0", compatible, "v1.10.0"],
    ["0.4", breaking, "1.0"],
  ] as const)("%s with %j → %s", (base, changes, next) => {
    expect(judgeVersions(base, next, changes)).toMatchObject({ next, bumpedEnough: true });
  });

  it("judges whether the head's version was bumped enough", () => {
    expect(judgeVersions("2.15", "2.15", breaking).bumpedEnough).toBe(false);
    expect(judgeVersions("2.15", "2.16", breaking).bumpedEnough).toBe(false);
    expect(judgeVersions("2.15", "3.1", breaking).bumpedEnough).toBe(true);
    expect(judgeVersions("2.15", "3.0.0", breaking).bumpedEnough).toBe(true);
    expect(judgeVersions("1.2.3", "1.2.3", docs).bumpedEnough).toBe(false);
    expect(judgeVersions("1.2.3", "1.3.0", docs).bumpedEnough).toBe(true);
    expect(judgeVersions("2.15", "2.14", []).bumpedEnough).toBe(false);
  });

  it("cannot judge versions that are not MAJOR.MINOR[.PATCH]", () => {
    expect(judgeVersions("2024-06-01", "2024-07-01", breaking)).toMatchObject({ next: null, bumpedEnough: null, bump: "major" });
    expect(judgeVersions("2.15", "Unstable", compatible)).toMatchObject({ next: "2.16", bumpedEnough: null, note: expect.stringContaining("'Unstable'") });
    expect(nextVersion("1.0.0-beta.1", "minor")).toBeUndefined();
  });
});
