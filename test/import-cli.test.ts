/**
 * `opspec import` as a command: arguments, exit codes, the output folder (refused when it holds files,
 * replaced with --force), warnings on stderr with file:line:col and pointer, the summary count, and the
 * optional schema comment.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runImport } from "../generator/import/cli.ts";

let dir: string;

const PETSTORE = `openapi: 3.0.3
info:
  title: Petstore
  version: "1.0"
servers:
  - url: https://petstore.example.com
paths:
  /pets:
    get:
      tags: [Pets]
      operationId: listPets
      parameters:
        - name: session
          in: cookie
          schema: { type: string }
      responses:
        "200":
          description: The pets
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: { type: array, items: { $ref: "#/components/schemas/Pet" } }
  /pets/{id}:
    delete:
      tags: [Pets]
      operationId: deletePet
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        "204": { description: Deleted }
components:
  schemas:
    Pet:
      type: object
      properties:
        id: { type: string }
        photo: { type: string, format: binary }
`;

async function importCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runImport(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd: dir });
  return { code, stdout, stderr };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "opspec-import-cli-"));
  writeFileSync(path.join(dir, "petstore.yaml"), PETSTORE);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("opspec import", () => {
  it("writes api.yaml and one file per resource, with warnings, a count and a summary", async () => {
    const r = await importCli(["petstore.yaml", "--out", "spec"]);
    expect(r.code).toBe(0);
    expect(readdirSync(path.join(dir, "spec")).sort()).toEqual(["api.yaml", "pets.yaml"]);
    expect(r.stdout).toBe("opspec: imported 2 operations in 1 resource (1 types) from petstore.yaml into spec/ (2 files)\n");
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toEqual([
      "petstore.yaml:13:11 warning cookie-parameter #/paths/~1pets/get/parameters/0 cookie 'session'",
      "petstore.yaml:39:40 warning format #/components/schemas/Pet/properties/photo/format string format 'binary'",
      "opspec: 2 warnings (1 cookie-parameter, 1 format); 2 risks inferred from the method, marked for review",
    ]);
    const pets = readFileSync(path.join(dir, "spec/pets.yaml"), "utf8");
    expect(pets.split("\n")[0]).toBe("# Imported from petstore.yaml by opspec import.");
    expect(pets).toContain("    risk: destructive # risk inferred from the method; review\n");
    expect(pets).not.toContain("pagination");
  });

  it("refuses a folder that already holds files (exit 2), and changes nothing", async () => {
    const before = readFileSync(path.join(dir, "spec/api.yaml"), "utf8");
    const r = await importCli(["petstore.yaml", "--out", "spec"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("opspec: spec/ is not empty (2 entries); pass --force to replace its spec files\n");
    expect(readFileSync(path.join(dir, "spec/api.yaml"), "utf8")).toBe(before);
  });

  it("with --force, replaces the folder's spec files and keeps everything else", async () => {
    writeFileSync(path.join(dir, "spec/stale.yaml"), "resource: stale\n");
    writeFileSync(path.join(dir, "spec/NOTES.md"), "mine\n");
    const r = await importCli(["petstore.yaml", "--out", "spec", "--force", "--schema", "../generated/spec.schema.json"]);
    expect(r.code).toBe(0);
    expect(readdirSync(path.join(dir, "spec")).sort()).toEqual(["NOTES.md", "api.yaml", "pets.yaml"]);
    for (const f of ["api.yaml", "pets.yaml"])
      expect(readFileSync(path.join(dir, "spec", f), "utf8").split("\n")[0]).toBe("# yaml-language-server: $schema=../generated/spec.schema.json");
  });

  it.each([
    [[], "name the OpenAPI document to import"],
    [["petstore.yaml"], "--out <spec dir> is required"],
    [["a.yaml", "b.yaml", "--out", "x"], "one document at a time"],
    [["petstore.yaml", "--out", "x", "--bogus"], "Unknown option '--bogus'"],
    [["petstore.yaml", "--out", "x", "--schema", "a\nb"], "--schema must be one line"],
  ])("usage error %j exits 2", async (args, message) => {
    const r = await importCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it("prints its usage with --help", async () => {
    const r = await importCli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: opspec import <openapi.json\|openapi.yaml> --out <spec dir>/);
  });

  it.each([
    ["missing.yaml", null, /^opspec: cannot read .*missing\.yaml/],
    ["swagger.json", JSON.stringify({ swagger: "2.0", info: { title: "x", version: "1" }, paths: {} }), /Swagger 2\.0; convert it to OpenAPI 3 first/],
    ["other.yaml", "name: not an api\n", /is not an OpenAPI 3\.x document/],
  ])("exits 1 for %s", async (file, content, message) => {
    if (content !== null) writeFileSync(path.join(dir, file), content);
    const r = await importCli([file, "--out", `out-${file}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(readdirSync(dir)).not.toContain(`out-${file}`);
  });

  it("refuses an --out that is a file", async () => {
    mkdirSync(path.join(dir, "files"), { recursive: true });
    writeFileSync(path.join(dir, "files/spec"), "");
    const r = await importCli(["petstore.yaml", "--out", "files/spec"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("exists and is not a folder");
  });
});
