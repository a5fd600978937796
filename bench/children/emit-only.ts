/**
 * Runs `generate()` with only the named emitters (default: openapi) and prints a JSON line with the
 * diagnostics count and the stage timings. The bench uses it to check that a synthetic spec is valid
 * (zero diagnostics) and to obtain our OpenAPI document for it, for the peers, without paying for
 * every artifact: OpenAPI is written by its own emitter, so the file is the one a full run writes.
 *
 *   node --import tsx bench/children/emit-only.ts SPEC_DIR OUT_DIR [EMITTER,… | none]
 */
import path from "node:path";
import { formatDiagnostic } from "../../generator/diagnostics/print.ts";
import { EMITTERS } from "../../generator/emit/index.ts";
import { generate } from "../../generator/pipeline.ts";

const [specDir, outDir, names = "openapi"] = process.argv.slice(2);
if (!specDir || !outDir) {
  process.stderr.write("usage: emit-only.ts SPEC_DIR OUT_DIR [EMITTER,…]\n");
  process.exit(2);
}
// "none": load, check and model only (validates the spec).
const wanted = names === "none" ? [] : names.split(",");
const emitters = EMITTERS.filter((e) => wanted.includes(e.name));
if (emitters.length !== wanted.length) {
  process.stderr.write(`unknown emitter in '${names}'; known: ${EMITTERS.map((e) => e.name).join(", ")}\n`);
  process.exit(2);
}
const started = performance.now();
const result = await generate({ specDir: path.resolve(specDir), outDir: path.resolve(outDir), emitters });
for (const d of result.diagnostics.slice(0, 5)) process.stderr.write(`${formatDiagnostic(d, result.sources.get(d.file), false)}\n`);
process.stdout.write(
  `${JSON.stringify({ ok: result.ok, diagnostics: result.diagnostics.length, files: result.files?.length ?? 0, totalMs: performance.now() - started, timings: result.timings })}\n`,
);
process.exitCode = result.ok && result.diagnostics.length === 0 ? 0 : 1;
