/**
 * The do-not-edit header names where a file came from: relative, and only path-safe characters, so a
 * hostile spec file or folder name cannot end the comment, start a line of code, or leak an absolute path.
 */
import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { generate } from "../generator/pipeline.ts";
import { partedFile, textParts } from "../generator/model/text-parts.ts";
import { finishFiles, header, headerSource } from "../generator/write/finish.ts";
import { SPEC_DIR } from "./helpers/spec.ts";

it("keeps hostile file names inside one comment line", () => {
  for (const source of ["spec/a\nglobalThis.x = 1; //.yaml", "spec/*/ x.yaml", "spec/--> <script>.yaml", "spec/a\u2028b.yaml"])
    for (const file of ["x.ts", "x.md", "x.yaml"]) {
      const text = header({ path: file, contents: "", source })!;
      expect(text.split("\n")).toHaveLength(2);
      const named = /from (.*)\. DO NOT EDIT\./.exec(text)?.[1];
      expect(named).toMatch(/^[A-Za-z0-9._@+\-/]+$/);
    }
});

it("names spec files relative to their folder even when the spec lives elsewhere", async () => {
  expect(headerSource("/home/someone/work/spec/admins.yaml")).toBe("spec/admins.yaml");
  const dir = await mkdtemp(path.join(os.tmpdir(), "opspec-headers-"));
  try {
    await cp(SPEC_DIR, path.join(dir, "spec"), { recursive: true });
    const result = await generate({ specDir: path.join(dir, "spec"), outDir: path.join(dir, "out"), force: true });
    expect(result.ok).toBe(true);
    const leaks: string[] = [];
    for (const entry of await readdir(path.join(dir, "out"), { recursive: true, withFileTypes: true }))
      if (entry.isFile() && (await readFile(path.join(entry.parentPath, entry.name), "utf8")).includes(dir)) leaks.push(entry.name);
    expect(leaks).toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 60_000);

it("puts the header and the final newline on a file given in pieces without joining it, and never twice", () => {
  const head = header({ path: "openapi/openapi.yaml", contents: "" })!;
  const [yaml] = finishFiles([partedFile("openapi/openapi.yaml", ["a: 1\n", "b: 2"])]);
  expect(textParts(yaml!)).toEqual([head, "a: 1\n", "b: 2", "\n"]);
  expect(yaml!.contents).toBe(`${head}a: 1\nb: 2\n`);
  // Already headed, the header split over two pieces; already ended, with an empty last piece.
  const [again] = finishFiles([partedFile("openapi/openapi.yaml", [head.slice(0, 5), `${head.slice(5)}a: 1\n`, ""])]);
  expect(again!.contents).toBe(`${head}a: 1\n`);
  expect(textParts(again!)).toHaveLength(3);
  // JSON takes no header.
  const [json] = finishFiles([partedFile("openapi/openapi.json", ["{", "}"])]);
  expect(textParts(json!)).toEqual(["{", "}", "\n"]);
});
