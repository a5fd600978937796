import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { checkSpec } from "./generator/check/check-spec.ts";
import { EMITTERS } from "./generator/emit/index.ts";
import { loadSpec } from "./generator/load/load-spec.ts";
import { buildModel } from "./generator/model/build-model.ts";
const specDir = process.argv[2] ?? "spec";
const out = process.argv[3] ?? "/tmp/raw";
const loaded = await loadSpec(specDir, specDir);
const checked = checkSpec(loaded);
const model = buildModel(checked.spec!);
for (const e of EMITTERS) for (const f of await e.emit(model)) {
  const p = path.join(out, f.path); mkdirSync(path.dirname(p), { recursive: true }); writeFileSync(p, f.contents);
}
