/** Editor support: the spec format's own JSON Schema (zod v4's JSON Schema export of generator/spec-format/schema.ts). */
import { specJsonSchema } from "../../spec-format/schema.ts";
import type { Emitter } from "../../model/types.ts";

export const specSchemaEmitter: Emitter = {
  name: "spec-schema",
  emit: () => [{ path: "spec.schema.json", contents: `${JSON.stringify(specJsonSchema(), null, 2)}\n` }],
};
