/** Editor support: every spec file names the JSON Schema, and that schema really judges spec files. */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { GENERATED_DIR, SPEC_DIR } from "./helpers/spec.ts";

const schema = JSON.parse(readFileSync(path.join(GENERATED_DIR, "spec.schema.json"), "utf8")) as object;
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
const specFiles = readdirSync(SPEC_DIR).filter((f) => f.endsWith(".yaml")).sort();

describe("generated/spec.schema.json", () => {
  it.each(specFiles)("%s starts with the yaml-language-server schema line and validates", (file) => {
    const text = readFileSync(path.join(SPEC_DIR, file), "utf8");
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=../generated/spec.schema.json");
    const ok = validate(parse(text));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("flags what an editor should flag: an unknown key, a bad risk, a missing summary", () => {
    const text = readFileSync(path.join(SPEC_DIR, "admins.yaml"), "utf8");
    const doc = parse(text) as { operations: Record<string, unknown>[] };
    doc.operations[0]!.sumary = doc.operations[0]!.summary;
    delete doc.operations[0]!.summary;
    doc.operations[1]!.risk = "reed";
    expect(validate(doc)).toBe(false);
    const errors = validate.errors ?? [];
    expect(errors.some((e) => e.keyword === "additionalProperties" && e.params.additionalProperty === "sumary")).toBe(true);
    expect(errors.some((e) => e.instancePath === "/operations/1/risk" && e.keyword === "enum")).toBe(true);
    expect(errors.some((e) => e.keyword === "required" && e.params.missingProperty === "summary")).toBe(true);
  });
});
