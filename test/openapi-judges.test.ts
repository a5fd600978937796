/**
 * Outside judges of generated/openapi/ (run `npm run generate` first), all offline:
 * - Redocly CLI `lint` with the recommended ruleset (redocly.yaml): 0 errors and 0 warnings on both
 *   documents. Redocly sends telemetry and checks npm for updates unless told not to: redocly.yaml
 *   says `telemetry: off`, and the environment below turns both off (and the update check never runs
 *   without a TTY anyway). Verified to make no connection at all (strace, and `unshare -n`).
 * - @apidevtools/swagger-parser `validate` (schema and spec checks) accepts both documents.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import SwaggerParser from "@apidevtools/swagger-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { GENERATED_DIR, ROOT } from "./helpers/spec.ts";

const DOCUMENTS = ["openapi/openapi.json", "openapi/openapi.yaml", "openapi/openapi-3.0.json"].map((f) => path.join(GENERATED_DIR, f));

export const OFFLINE_ENV = {
  ...process.env,
  REDOCLY_TELEMETRY: "off",
  REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
  REDOCLY_SUPPRESS_NOTIFICATIONS: "true",
  NO_COLOR: "1",
};

interface LintProblem {
  ruleId: string;
  severity: "error" | "warn";
  message: string;
  location: { source: { ref: string }; pointer: string }[];
}

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: LintProblem[];
}

/** One report per document, in the order given. */
let reports: LintReport[];

beforeAll(async () => {
  const redocly = path.join(ROOT, "node_modules/.bin/redocly");
  const args = ["lint", "--config", path.join(ROOT, "redocly.yaml"), "--format=json", "--max-problems=1000", ...DOCUMENTS];
  // Exit code 1 on errors: the JSON reports on stdout are what is judged.
  const { stdout } = await promisify(execFile)(redocly, args, { cwd: ROOT, env: OFFLINE_ENV, maxBuffer: 64 << 20 }).catch(
    (e: { stdout?: string; stderr?: string }) => {
      if (!e.stdout) throw new Error(`redocly lint did not report: ${e.stderr ?? String(e)}`);
      return { stdout: e.stdout };
    },
  );
  // With several documents, the JSON format prints one report after the other: `{...}{...}`.
  reports = JSON.parse(`[${stdout.trim().replace(/^\}\{/gm, "},{")}]`) as LintReport[];
}, 60_000);

const summary = (list: LintProblem[]) => list.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ""}: ${p.message}`);

describe("Redocly CLI lint (recommended ruleset)", () => {
  it("reports on every document", () => {
    expect(reports).toHaveLength(DOCUMENTS.length);
  });

  it.each(DOCUMENTS.map((d, i) => [path.relative(ROOT, d), i]))("finds 0 errors and 0 warnings in %s", (_, i) => {
    const report = reports[i]!;
    expect(summary(report.problems)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });
});

describe("swagger-parser validate", () => {
  it.each(DOCUMENTS.map((d) => [path.relative(ROOT, d), d]))("accepts %s", async (_, file) => {
    const api = await SwaggerParser.validate(file);
    expect(api.info.title).toBe("Intercom API");
  });
});
