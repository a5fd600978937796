/** Test helpers: the real spec as a model, and small specs built from inline YAML texts. */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkSpec, type CheckResult } from "../../generator/check/check-spec.ts";
import { loadSpec, parseSpecTexts } from "../../generator/load/load-spec.ts";
import { buildModel } from "../../generator/model/build-model.ts";
import type { ApiModel } from "../../generator/model/types.ts";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SPEC_DIR = path.join(ROOT, "spec");
export const GENERATED_DIR = path.join(ROOT, "generated");
export const SHARED_DIR = path.resolve(ROOT, "../shared");

let cached: Promise<ApiModel> | undefined;

/** The ApiModel of the project's own spec/ (loaded once per test file). */
export function loadModel(): Promise<ApiModel> {
  cached ??= (async () => {
    const checked = checkSpec(await loadSpec(SPEC_DIR, "spec"));
    if (!checked.spec) throw new Error(`spec/ has errors:\n${checked.diagnostics.map((d) => `${d.file}:${d.line}:${d.col} ${d.code} ${d.message}`).join("\n")}`);
    return buildModel(checked.spec);
  })();
  return cached;
}

/** Checks a spec given as `{ "api.yaml": "...", "admins.yaml": "..." }` (shown as spec/<name>). */
export function checkTexts(files: Record<string, string>): CheckResult {
  return checkSpec(parseSpecTexts(Object.entries(files).map(([name, text]) => ({ file: `spec/${name}`, text }))));
}

export function modelFromTexts(files: Record<string, string>): ApiModel {
  const r = checkTexts(files);
  if (!r.spec) throw new Error(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.col} ${d.code} ${d.message}`).join("\n"));
  return buildModel(r.spec);
}
