/**
 * This repository's own config: Intercom's spec/ into generated/, everything emitted (the defaults, so
 * the run cache applies). A project that installs opspec writes
 * `import { defineConfig } from "opspec"` and `export default defineConfig({ … })`; here the import is
 * of types only, so loading this file loads nothing else (the toolchain's own source would otherwise
 * be transpiled a second time by the compiled `opspec` bin, which reads this file through jiti).
 */
import type { OpspecConfig } from "./generator/index.ts";

export default {
  apis: [{ spec: "spec", out: "generated" }],
} satisfies OpspecConfig;
