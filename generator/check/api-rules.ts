/**
 * Rules for the API file's conventions: the error description against its type, header options
 * against each other and the client's own options, and server names.
 */
import type { SpecSource } from "../load/load-spec.ts";
import { camelCase } from "../model/naming.ts";
import { RESERVED_OPTIONS } from "../model/reserved-names.ts";
import type { CheckContext } from "./context.ts";
import { suggest } from "./context.ts";
import { lookupPath } from "./paths.ts";
import type { ApiFile } from "../spec-format/schema.ts";


export function checkApiConventions(ctx: CheckContext, api: ApiFile, source: SpecSource): void {
  checkErrors(ctx, api, source);
  const serverOption = api.serverOption ?? "server";
  if (RESERVED_OPTIONS.includes(serverOption))
    ctx.report("invalid-header", { problem: "reserved-server-option", option: serverOption }, source, ["serverOption"]);
  const options = new Map<string, string>([[serverOption, "serverOption"]]);
  for (const [name, header] of Object.entries(api.headers ?? {})) {
    const option = header.option ?? camelCase(name);
    const at = ["headers", name];
    if (RESERVED_OPTIONS.includes(option))
      ctx.report("invalid-header", { problem: "reserved-option", header: name, option }, source, at, { key: true });
    const prior = options.get(option);
    if (prior) ctx.report("invalid-header", { problem: "shared-option", header: name, option, other: prior }, source, at, { key: true });
    options.set(option, `header '${name}'`);
    if (["authorization", "content-type", "accept", "user-agent", "content-length", "host"].includes(name.toLowerCase()))
      ctx.report("invalid-header", { problem: "auth-header", header: name }, source, at, { key: true });
    if (header.default !== undefined && header.enum && !header.enum.includes(header.default))
      ctx.report("invalid-default", { value: header.default, allowed: header.enum, ...suggest(header.default, header.enum) }, source, [...at, "default"]);
  }
  const servers = new Set<string>();
  api.servers.forEach((s, i) => {
    if (servers.has(s.name)) ctx.report("name-collision", { problem: "duplicate-server", name: s.name }, source, ["servers", i, "name"]);
    servers.add(s.name);
  });
}

function checkErrors(ctx: CheckContext, api: ApiFile, source: SpecSource): void {
  const errors = api.errors;
  if (!errors?.type) return;
  const t = ctx.checkType(errors.type, source, ["errors", "type"]);
  if (!t) return;
  const fields = t.kind === "named" ? ctx.objectFields(t.name) : undefined;
  if (!fields) {
    if (t.kind !== "named" || ctx.types.has(t.name))
      ctx.report("invalid-errors", { key: "type", typeName: errors.type }, source, ["errors", "type"]);
    return;
  }
  for (const key of ["message", "code", "requestId"] as const) {
    const path = errors[key];
    if (path === undefined) continue;
    const found = lookupPath(ctx, fields, path.split("."));
    if (!found.ok) ctx.report("invalid-errors", { key, typeName: errors.type, path, ...suggest(found.missing, found.known) }, source, ["errors", key]);
  }
}
