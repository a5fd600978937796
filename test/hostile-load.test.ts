/**
 * Hostile and broken input: each case once ended in a stack trace, a silent U+FFFD, raw terminal escapes or
 * minutes of printing. Every test asserts the diagnostic's code, file, line and column (never its English
 * text) and that no stack trace reaches the user.
 */
import { mkdir, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { sortDiagnostics, type Diagnostic } from "../generator/diagnostics/catalog.ts";
import { formatDiagnostic, formatDiagnostics, splitLines } from "../generator/diagnostics/print.ts";
import { loadSpec, parseSpecTexts, SpecFolderError } from "../generator/load/load-spec.ts";
import { firstInvalidByte } from "../generator/load/utf8.ts";
import { reportFailure } from "../generator/cli.ts";
import { UserError } from "../generator/user-error.ts";
import { runCli, scratchProject } from "./helpers/cli.ts";

const STACK = /\n\s+at /;
const projects: string[] = [];

async function project() {
  const p = await scratchProject();
  projects.push(p.dir);
  return p;
}
afterAll(async () => {
  for (const dir of projects) await rm(dir, { recursive: true, force: true });
});

/** `file:line:col severity code` heads in the CLI's stderr. */
function heads(stderr: string): { file: string; line: number; col: number; code: string }[] {
  return [...stderr.matchAll(/^(\S+):(\d+):(\d+) (?:error|warning) (\S+) /gm)].map((m) => ({ file: m[1]!, line: Number(m[2]), col: Number(m[3]), code: m[4]! }));
}

function at(d: Diagnostic) {
  return { code: d.code, file: d.file, line: d.line, col: d.col };
}

/** The billion laughs, in five levels; line 4's first `*c` is the alias that crosses yaml's limit of 100. */
const ALIAS_BOMB = `a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
`;

describe.concurrent("the CLI on hostile input: diagnostics, not stack traces", () => {
  it("an alias bomb is yaml-alias-limit at the alias", async () => {
    const p = await project();
    await writeFile(path.join(p.spec, "bomb.yaml"), ALIAS_BOMB);
    const r = await runCli(["generate"], p.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(STACK);
    expect(heads(r.stderr)).toEqual([{ file: "spec/bomb.yaml", line: 4, col: 8, code: "yaml-alias-limit" }]);
  });

  it("a missing spec folder is one line naming it, exit 1", async () => {
    const p = await project();
    const r = await runCli(["generate", "--spec", "nowhere"], p.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stderr).toMatch(/^opspec: error missing-spec-folder: nowhere\/ /);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("a spec 'folder' that is a file is missing-spec-folder", async () => {
    const p = await project();
    const r = await runCli(["generate", "--spec", "spec/api.yaml"], p.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stderr).toMatch(/^opspec: error missing-spec-folder: spec\/api\.yaml/);
  });

  it("an empty spec folder says it has no spec files, not that spec/api.yaml is missing", async () => {
    const p = await project();
    await mkdir(path.join(p.dir, "empty"));
    await writeFile(path.join(p.dir, "empty", "README.md"), "not a spec\n");
    const r = await runCli(["generate", "--spec", "empty"], p.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stderr).toMatch(/^opspec: error empty-spec-folder: empty\/ /);
    expect(r.stderr).not.toMatch(/missing-api|empty\/api\.yaml|spec\/api\.yaml/);
  });

  it("a symlink loop, as a spec file or as the spec folder, is unreadable-file", async () => {
    const p = await project();
    await symlink("loop.yaml", path.join(p.spec, "loop.yaml"));
    const r = await runCli(["generate"], p.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(STACK);
    expect(heads(r.stderr)).toEqual([{ file: "spec/loop.yaml", line: 1, col: 1, code: "unreadable-file" }]);

    await symlink("b", path.join(p.dir, "a"));
    await symlink("a", path.join(p.dir, "b"));
    const folder = await runCli(["generate", "--spec", "a"], p.dir);
    expect(folder.code).toBe(1);
    expect(folder.stderr).not.toMatch(STACK);
    expect(folder.stderr).toMatch(/^opspec: error unreadable-file: a\/ /);
  });

  it("a folder named x.yaml is not-a-file", async () => {
    const p = await project();
    await mkdir(path.join(p.spec, "x.yaml"));
    const r = await runCli(["generate"], p.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(STACK);
    expect(heads(r.stderr)).toEqual([{ file: "spec/x.yaml", line: 1, col: 1, code: "not-a-file" }]);
  });

  it("invalid UTF-8 is invalid-utf8 at the first bad byte, not a silent U+FFFD", async () => {
    const p = await project();
    // Line 3, after `title: Caf` (10 characters): a Latin-1 é.
    const bytes = Buffer.concat([Buffer.from("resource: cafes\n# a comment ü\ntitle: Caf"), Buffer.from([0xe9]), Buffer.from("s\noperations: []\n")]);
    await writeFile(path.join(p.spec, "cafes.yaml"), bytes);
    const r = await runCli(["generate"], p.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(STACK);
    expect(heads(r.stderr)).toEqual([{ file: "spec/cafes.yaml", line: 3, col: 11, code: "invalid-utf8" }]);
  });

  it("!!binary, .inf and .nan are reported where they are", async () => {
    const p = await project();
    const text = "resource: blobs\ntitle: Blobs\nx-data: !!binary aGVsbG8=\nlimits: [1, .inf, -.Inf]\nratio: .nan\nlogo: &logo !!binary |\n  aGVsbG8=\n";
    await writeFile(path.join(p.spec, "blobs.yaml"), text);
    const r = await runCli(["generate"], p.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(STACK);
    expect(heads(r.stderr)).toEqual([
      { file: "spec/blobs.yaml", line: 3, col: 9, code: "yaml-binary" },
      { file: "spec/blobs.yaml", line: 4, col: 13, code: "non-finite-number" },
      { file: "spec/blobs.yaml", line: 4, col: 19, code: "non-finite-number" },
      { file: "spec/blobs.yaml", line: 5, col: 8, code: "non-finite-number" },
      { file: "spec/blobs.yaml", line: 6, col: 13, code: "yaml-binary" },
    ]);
  });

  it("terminal escapes in spec text are printed escaped, in messages and code frames", async () => {
    const p = await project();
    const file = path.join(p.spec, "admins.yaml");
    const { readFile } = await import("node:fs/promises");
    const original = await readFile(file, "utf8");
    // A key holding ESC [2J (clear screen), an OSC title change ended by BEL, and a C1 CSI.
    await writeFile(file, original.replace("title: Admins\n", 'title: Admins\n"\x1b[2J\x1b]0;pwned\x07\u009b": 1\n'));
    const r = await runCli(["generate"], p.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(STACK);
    expect(heads(r.stderr)).toEqual([{ file: "spec/admins.yaml", line: 4, col: 1, code: "unknown-key" }]);
    // NO_COLOR is set, so any control character at all came from the spec.
    expect(r.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(r.stderr).toContain("\\x1b[2J\\x1b]0;pwned\\x07\\x9b"); // in the message
    expect(r.stderr).toMatch(/^> +4 \| "\\x1b\[2J/m); // in the frame
  });

  it("10,000 diagnostics: 100 printed in full, then one line counting the rest; exit code unchanged", async () => {
    const p = await project();
    const file = path.join(p.spec, "admins.yaml");
    const { readFile } = await import("node:fs/promises");
    const original = await readFile(file, "utf8");
    const keys = Array.from({ length: 10_000 }, (_, i) => `    bogus${i}: 1\n`).join("");
    await writeFile(file, original.replace("  - name: get\n", `  - name: get\n${keys}`));
    const r = await runCli(["generate"], p.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(STACK);
    const shown = heads(r.stderr);
    expect(shown).toHaveLength(100);
    expect(shown.every((h) => h.code === "unknown-key" && h.file === "spec/admins.yaml")).toBe(true);
    expect(r.stderr.match(/^> /gm)).toHaveLength(100); // one frame each
    expect(r.stderr).toContain("… and 9,900 more diagnostics (9,900 errors)");
    expect(r.stderr).toContain("10000 errors in the spec");
  });
});

describe("loading, in process", () => {
  it("a file that cannot be read (EACCES, injected: root reads anything) is unreadable-file, and not also 'missing'", async () => {
    const p = await project();
    const denied = Object.assign(new Error("EACCES: permission denied, open 'api.yaml'"), { code: "EACCES" });
    const loaded = await loadSpec(p.spec, "spec", {
      readFile: async (file) => {
        if (path.basename(file) === "api.yaml") throw denied;
        const { readFile } = await import("node:fs/promises");
        return readFile(file);
      },
    });
    expect(loaded.diagnostics.map(at)).toEqual([{ code: "unreadable-file", file: "spec/api.yaml", line: 1, col: 1 }]);
    // The file stays in the set (as an empty stand-in), so the checker does not add missing-api.
    expect(loaded.sources.map((s) => s.file)).toContain("spec/api.yaml");
  });

  it("folder problems are SpecFolderErrors: UserErrors with a code, exit 1", async () => {
    const p = await project();
    await mkdir(path.join(p.dir, "empty"));
    const missing = loadSpec(path.join(p.dir, "nowhere"), "nowhere");
    await expect(missing).rejects.toBeInstanceOf(SpecFolderError);
    await expect(missing).rejects.toMatchObject({ code: "missing-spec-folder", folder: "nowhere/", exitCode: 1 });
    await expect(loadSpec(path.join(p.dir, "empty"), "empty")).rejects.toMatchObject({ code: "empty-spec-folder" });
    expect(new SpecFolderError("empty-spec-folder", "x/", "why")).toBeInstanceOf(UserError);
  });

  it("an alias with no anchor is reported, not thrown later by the checker", () => {
    const { diagnostics } = parseSpecTexts([{ file: "spec/x.yaml", text: "a: 1\nb: *nowhere\n" }]);
    expect(diagnostics.map(at)).toEqual([{ code: "yaml-alias-limit", file: "spec/x.yaml", line: 2, col: 4 }]);
  });

  it("ordinary aliases still load", () => {
    const loaded = parseSpecTexts([{ file: "spec/x.yaml", text: "a: &one [1, 2]\nb: *one\n" }]);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.sources[0]!.doc.toJS({ maxAliasCount: 100 })).toEqual({ a: [1, 2], b: [1, 2] });
  });

  it("duplicate keys are still found, in flow and block mappings alike", () => {
    const { diagnostics } = parseSpecTexts([{ file: "spec/x.yaml", text: "a: 1\nb: { c: 1, c: 2 }\na: 3\n'1': x\n1: y\n" }]);
    expect(sortDiagnostics(diagnostics).map(at)).toEqual([
      { code: "duplicate-key", file: "spec/x.yaml", line: 2, col: 12 },
      { code: "duplicate-key", file: "spec/x.yaml", line: 3, col: 1 },
    ]);
  });

  it("finds the first malformed UTF-8 sequence the way the strict decoder rejects it", () => {
    const enc = (...b: number[]) => new Uint8Array(b);
    expect(firstInvalidByte(new TextEncoder().encode("héllo 🎉 ok"))).toBeUndefined();
    expect(firstInvalidByte(enc(0x61, 0xc3, 0x41))).toBe(1); // a lead byte without its continuation
    expect(firstInvalidByte(enc(0x61, 0xc0, 0xaf))).toBe(1); // overlong
    expect(firstInvalidByte(enc(0x61, 0xed, 0xa0, 0x80))).toBe(1); // a UTF-16 surrogate
    expect(firstInvalidByte(enc(0x61, 0x62, 0xf0, 0x9f))).toBe(2); // truncated at the end
    expect(firstInvalidByte(enc(0x80))).toBe(0); // a stray continuation byte
  });
});

describe("printing", () => {
  const diag = (line: number, message = "m"): Diagnostic => ({ code: "unknown-key", severity: "error", message, data: { key: "k" }, file: "spec/a.yaml", line, col: 1, length: 1 });

  it("splits each file's text once however many diagnostics it has, and frames at most 100", () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `k${i}: 1`).join("\n");
    const all = Array.from({ length: 10_000 }, (_, i) => diag(i + 1));
    const split = vi.fn(splitLines);
    const out = formatDiagnostics(all, new Map([["spec/a.yaml", text]]), { splitLines: split });
    expect(split).toHaveBeenCalledTimes(1);
    expect(out.match(/^> /gm)).toHaveLength(100);
    expect(out.trimEnd().split("\n").at(-1)).toBe("… and 9,900 more diagnostics (9,900 errors)");
  });

  it("prints everything, with no count line, up to the limit", () => {
    const out = formatDiagnostics([diag(1), { ...diag(2), severity: "warning" }], new Map([["spec/a.yaml", "a: 1\nb: 2\n"]]));
    expect(out).not.toContain("more diagnostic");
    expect(formatDiagnostics([diag(1), { ...diag(2), severity: "warning" }, diag(1)], new Map(), { limit: 1 })).toContain(
      "… and 2 more diagnostics (1 error, 1 warning)",
    );
  });

  it("frames as @babel/code-frame did: gutter, marker, caret span", () => {
    const text = "a: 1\nb: 2\ncc: 3\n";
    expect(formatDiagnostic({ ...diag(2), col: 4, length: 1 }, text)).toBe(
      "spec/a.yaml:2:4 error unknown-key m\n  1 | a: 1\n> 2 | b: 2\n    |    ^\n  3 | cc: 3",
    );
  });

  it("escapes control characters in file names, messages and frames, keeping tabs in frames", () => {
    const text = "x: \x1b[31mred\x1b[0m\n\tk: \u202eevil\n";
    const d: Diagnostic = { ...diag(1, "bad '\x1b]0;title\x07'"), file: "spec/\x1b[2J.yaml", col: 4, length: 8 };
    const out = formatDiagnostic(d, text) + formatDiagnostic({ ...diag(2), col: 5, length: 1 }, text);
    expect(out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]/);
    expect(out).toContain("spec/\\x1b[2J.yaml:1:4");
    expect(out).toContain("bad '\\x1b]0;title\\x07'");
    expect(out).toContain("> 1 | x: \\x1b[31mred\\x1b[0m\n    |    ^^^^^^^^^^^");
    expect(out).toContain("> 2 | \tk: \\u202eevil\n    | \t   ^");
  });
});

describe("reportFailure: the CLI's last word on a failed run", () => {
  const capture = (fn: () => number): { code: number; stderr: string } => {
    let stderr = "";
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
    try {
      return { code: fn(), stderr };
    } finally {
      spy.mockRestore();
    }
  };

  it("prints a UserError's message as one line and exits with its code", () => {
    class Locked extends UserError {
      readonly code = "output-locked";
    }
    expect(capture(() => reportFailure(new Locked("generated/ is locked by another run"), { debug: false }))).toEqual({
      code: 1,
      stderr: "opspec: generated/ is locked by another run\n",
    });
    expect(capture(() => reportFailure(new UserError("bad usage", 2), { debug: false })).code).toBe(2);
  });

  it("prints an unexpected error as one line; the stack trace only with --debug", () => {
    const err = new Error("EISDIR: illegal operation on a directory\nmore detail");
    const quiet = capture(() => reportFailure(err, { debug: false, outDir: path.join(process.cwd(), "generated") }));
    expect(quiet.code).toBe(1);
    expect(quiet.stderr).not.toMatch(STACK);
    expect(quiet.stderr.trim().split("\n")).toHaveLength(1);
    expect(quiet.stderr).toMatch(/^opspec: generation failed, generated\/ left as it was: EISDIR: illegal operation on a directory/);
    const loud = capture(() => reportFailure(err, { debug: true }));
    expect(loud.stderr).toMatch(STACK);
  });
});

describe("printing long lines", () => {
  it("shows a window of a very long line around the column, with the caret still under it", () => {
    const long = `${"x".repeat(5000)}BAD${"y".repeat(5000)}`;
    const d: Diagnostic = { code: "unknown-key", severity: "error", message: "m", data: { key: "k" }, file: "spec/a.yaml", line: 1, col: 5001, length: 3 };
    const [, marked, caret] = formatDiagnostic(d, long).split("\n");
    expect(marked!.length).toBeLessThan(200);
    expect(marked!.indexOf("BAD")).toBe(caret!.indexOf("^^^"));
    expect(caret).toMatch(/ \^\^\^$/);
  });
});
