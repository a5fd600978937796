/**
 * The yaml library, loaded on first use. A clean spec is read by the fast reader (fast-parse.ts) and
 * never needs yaml's positioned documents, so a regeneration should not pay for loading it (about
 * 50 ms of a ~0.9 s run, measured in a fresh process). It is required synchronously because the
 * positioned document is built inside synchronous getters (SpecSource.doc); yaml's Node entry is
 * CommonJS, so this and any `import … from "yaml"` elsewhere share one instance.
 */
import { createRequire } from "node:module";
import type * as Yaml from "yaml";

const require = createRequire(import.meta.url);
let loaded: typeof Yaml | undefined;

export function yamlLib(): typeof Yaml {
  return (loaded ??= require("yaml") as typeof Yaml);
}
