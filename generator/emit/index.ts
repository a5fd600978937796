/** Every artifact opspec emits. A new artifact is a new emitter added here; nothing else changes. */
import type { ApiModel, Emitter } from "../model/types.ts";
import { markdownEmitter } from "./markdown.ts";
import { mcpEmitter } from "./mcp.ts";
import { openApiEmitter } from "./openapi.ts";
import { packageEmitter } from "./package.ts";
import { specSchemaEmitter } from "./spec-schema.ts";
import { zodEmitter } from "./zod.ts";

/**
 * An emitter whose module is loaded on first use. The client emitter needs ts-morph, whose import
 * (the TypeScript compiler) costs about a second: a run the cache answers never pays it.
 */
function lazy(name: string, load: () => Promise<Emitter>): Emitter {
  return { name, emit: async (model: ApiModel) => (await load()).emit(model) };
}

const clientEmitter = lazy("client", async () => (await import("./client.ts")).clientEmitter);

export const EMITTERS: readonly Emitter[] = [specSchemaEmitter, zodEmitter, clientEmitter, openApiEmitter, markdownEmitter, mcpEmitter, packageEmitter];
