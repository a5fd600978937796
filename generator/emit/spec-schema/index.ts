/** Editor support: the spec format's own JSON Schema (zod v4's JSON Schema export of generator/spec-format/schema.ts). */
import { specJsonSchema } from "../../spec-format/schema.ts";
import type { Emitter } from "../../model/types.ts";

/** The schema is the toolchain's, not the spec's: printed once per process (watch mode runs often). */
let printed: string | undefined;

export const specSchemaEmitter: Emitter = {
  name: "spec-schema",
  emit: () => [{ path: "spec.schema.json", contents: (printed ??= `${JSON.stringify(specJsonSchema(), null, 2)}\n`) }],
};
