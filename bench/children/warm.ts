/**
 * In-process timing: runs `generate()` 1 + REPEAT times in this one process, each into a fresh output
 * folder (so every run writes), and prints one JSON line per run with `generate()`'s own per-stage
 * timings. The first run pays for module loading and JIT warm-up; the bench reports the later ones.
 *
 *   node --import tsx bench/children/warm.ts SPEC_DIR OUT_ROOT REPEAT
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { generate } from "../../generator/pipeline.ts";

const [specDir, outRoot, repeatArg] = process.argv.slice(2);
if (!specDir || !outRoot) {
  process.stderr.write("usage: warm.ts SPEC_DIR OUT_ROOT REPEAT\n");
  process.exit(2);
}
const repeat = Number(repeatArg ?? "3");
for (let i = 0; i <= repeat; i++) {
  const outDir = path.join(outRoot, `warm-${i}`);
  const started = performance.now();
  const result = await generate({ specDir: path.resolve(specDir), outDir });
  const totalMs = performance.now() - started;
  process.stdout.write(
    `${JSON.stringify({ run: i, ok: result.ok, diagnostics: result.diagnostics.length, files: result.files?.length ?? 0, totalMs, timings: result.timings })}\n`,
  );
  await rm(outDir, { recursive: true, force: true });
}
