/** Every artifact opspec emits. A new artifact is a new emitter added here; nothing else changes. */
import type { Emitter } from "../model/types.ts";
import { clientEmitter } from "./client.ts";
import { markdownEmitter } from "./markdown.ts";
import { mcpEmitter } from "./mcp.ts";
import { openApiEmitter } from "./openapi.ts";
import { packageEmitter } from "./package.ts";
import { specSchemaEmitter } from "./spec-schema.ts";
import { zodEmitter } from "./zod.ts";

export const EMITTERS: readonly Emitter[] = [specSchemaEmitter, zodEmitter, clientEmitter, openApiEmitter, markdownEmitter, mcpEmitter, packageEmitter];
