/** Every artifact opspec emits. A new artifact is a new emitter added here; nothing else changes. */
import type { Emitter } from "../model/types.ts";
import { clientEmitter } from "./client/index.ts";
import { markdownEmitter } from "./markdown/index.ts";
import { mcpEmitter } from "./mcp/index.ts";
import { openApiEmitter } from "./openapi/index.ts";
import { packageEmitter } from "./package/index.ts";
import { specSchemaEmitter } from "./spec-schema/index.ts";
import { zodEmitter } from "./zod/index.ts";

export const EMITTERS: readonly Emitter[] = [specSchemaEmitter, zodEmitter, clientEmitter, openApiEmitter, markdownEmitter, mcpEmitter, packageEmitter];
