/** Every artifact opspec emits. A new artifact is a new emitter added here; nothing else changes. */
import type { Emitter } from "../model/types.ts";
import { clientEmitter } from "./client/index.ts";
import { onThreadWhenLarge } from "./emit-thread.ts";
import { markdownEmitter } from "./markdown/index.ts";
import { mcpEmitter } from "./mcp/index.ts";
import { openApiEmitter } from "./openapi/index.ts";
import { packageEmitter } from "./package/index.ts";
import { specSchemaEmitter } from "./spec-schema/index.ts";
import { zodEmitter } from "./zod/index.ts";

/**
 * In the order of their files in a run's output. The docs and the MCP server run on a thread for a
 * large model (emit-thread.ts: they are about a third of the main thread's emitting at 10,000 operations).
 */
export const EMITTERS: readonly Emitter[] = [
  specSchemaEmitter,
  zodEmitter,
  clientEmitter,
  openApiEmitter,
  onThreadWhenLarge(markdownEmitter),
  onThreadWhenLarge(mcpEmitter),
  packageEmitter,
];
