/**
 * This repository's own config: Intercom's spec/ into generated/, everything emitted (the defaults, so
 * the run cache applies). A project that installs opspec writes `import { defineConfig } from "opspec"`;
 * here the package root is this repository's source, which needs no build.
 */
import { defineConfig } from "./generator/index.ts";

export default defineConfig({
  apis: [{ spec: "spec", out: "generated" }],
});
