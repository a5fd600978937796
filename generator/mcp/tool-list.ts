/**
 * The `tools/list` entries: the tool catalog's definitions plus JSON Schemas converted from the
 * client's Zod schemas, once, with zod's `z.toJSONSchema` in the dialect MCP defaults to (2020-12).
 *
 * Apart from tool-server.ts because `--list-tools` prints these without starting a server: this file
 * needs zod (a dependency of the generated package) and nothing of the MCP SDK at run time (only its
 * `Tool` type), so the list works in a project that installed the client without the SDK.
 */
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { OperationSchemas, ToolDef } from "./types.js";

type ObjectJsonSchema = { type: "object"; [key: string]: unknown };

/** The `tools/list` entries for these tools: definitions plus JSON Schemas from the operations' Zod schemas. */
export function toolList<Op extends string>(
  tools: readonly ToolDef<Op>[],
  schemas: Readonly<Record<Op, OperationSchemas>>,
): Tool[] {
  return tools.map((tool) => {
    const op = schemas[tool.operation];
    if (op === undefined) throw new Error(`tool ${tool.name}: the client has no operation ${tool.operation}`);
    return {
      name: tool.name,
      title: tool.title,
      description: tool.description,
      inputSchema: objectSchema(tool, "input", op.input),
      ...(op.output === undefined ? {} : { outputSchema: objectSchema(tool, "output", op.output) }),
      annotations: { ...tool.annotations },
    };
  });
}

/**
 * MCP requires `type: "object"` at the root of both schemas. A union of objects (`companies.retrieve`
 * answers a company or a list of companies) converts to a root `anyOf`; `type: "object"` is added beside
 * it, which narrows nothing. Anything else is not an object and fails loudly: a generator bug.
 */
function objectSchema(tool: ToolDef, io: "input" | "output", schema: unknown): ObjectJsonSchema {
  // `$ZodType`, not classic `z.ZodType`: the generated schemas are zod/mini ones (both share Zod's core).
  if (!(schema instanceof z.core.$ZodType)) throw new Error(`tool ${tool.name}: the ${io} schema of ${tool.operation} is not a Zod schema`);
  const json = z.toJSONSchema(schema, { io, target: "draft-2020-12" }) as Record<string, unknown>;
  if (json.type === "object") return json as ObjectJsonSchema;
  const defs = isRecord(json.$defs) ? json.$defs : {};
  const isObject = (member: unknown): boolean => {
    if (!isRecord(member)) return false;
    const ref = typeof member.$ref === "string" ? /^#\/\$defs\/(.+)$/.exec(member.$ref)?.[1] : undefined;
    return ref !== undefined ? isObject(defs[decodeURIComponent(ref)]) : member.type === "object";
  };
  const members = json.anyOf ?? json.oneOf;
  if (json.type === undefined && Array.isArray(members) && members.length > 0 && members.every(isObject)) {
    const { $schema, ...rest } = json;
    return { ...($schema === undefined ? {} : { $schema }), type: "object", ...rest };
  }
  throw new Error(`tool ${tool.name}: the ${io} schema of ${tool.operation} is not an object schema, which MCP requires`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
