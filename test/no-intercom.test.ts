/**
 * The generator is a toolchain, not Intercom's client in disguise: no Intercom name, header, error
 * code, region, env var or prose in generator/. Comments may cite a source (a URL or "Intercom's"
 * documentation); code and strings may not mention it at all.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { expect, it } from "vitest";
import { ROOT } from "./helpers/spec.ts";

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|mts|cjs|js)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/** The file's text with comments blanked out, so what remains is code and string literals. */
function withoutComments(text: string): string {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  let out = "";
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    const token = scanner.getTokenText();
    out += kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia ? token.replace(/[^\n]/g, " ") : token;
  }
  return out;
}

it("generator/ mentions Intercom nowhere outside comments", () => {
  const hits: string[] = [];
  for (const file of sourceFiles(path.join(ROOT, "generator"))) {
    const code = withoutComments(fs.readFileSync(file, "utf8"));
    code.split("\n").forEach((line, i) => {
      if (/intercom/i.test(line)) hits.push(`${path.relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
    });
  }
  expect(hits).toEqual([]);
});

it("generator/ comments mention Intercom only to cite a source", () => {
  const hits: string[] = [];
  for (const file of sourceFiles(path.join(ROOT, "generator"))) {
    fs.readFileSync(file, "utf8")
      .split("\n")
      .forEach((line, i) => {
        if (/intercom/i.test(line) && !/(https?:\/\/\S*intercom|Intercom's (documentation|OpenAPI|reference))/i.test(line))
          hits.push(`${path.relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
      });
  }
  expect(hits).toEqual([]);
});
