/**
 * Names that would collide once generated: two spec names that become one identifier, file or
 * anchor, and names the generated code or JavaScript objects reserve.
 */
import type { PathSegment, SpecSource } from "../load/load-spec.ts";
import { deriveNaming, kebabCase, pascalCase } from "../model/naming.ts";
import { CLIENT_MEMBERS, CODE_RESERVED, OBJECT_RESERVED, VALUE_RESERVED } from "../model/reserved-names.ts";
import { operationAt, type CheckContext, type CheckedFile } from "./context.ts";
import type { ApiFile, ResourceFile } from "../spec-format/schema.ts";

const RESERVED: unique symbol = Symbol("reserved");

export function checkNames(ctx: CheckContext, api: CheckedFile<ApiFile>, resources: CheckedFile<ResourceFile>[]): void {
  const naming = deriveNaming(api.value);
  for (const ident of [naming.clientType, naming.clientOptions, naming.errorBase])
    if (CODE_RESERVED.includes(ident))
      ctx.report("name-collision", { problem: "reserved", owner: `the API name '${naming.stem}'`, ident }, api.source, api.value.name !== undefined ? ["name"] : ["api"]);
  /**
   * Generated identifier → what produced it, for the first one seen; the reserved identifiers are in it
   * from the start as RESERVED, so each claim costs one lookup (tens of thousands at 10,000 operations).
   */
  const idents = new Map<string, string | typeof RESERVED>();
  for (const ident of [...CODE_RESERVED, ...VALUE_RESERVED, naming.clientType, naming.clientOptions, naming.errorBase, naming.clientFactory])
    idents.set(ident, RESERVED);
  const claim = (ident: string, owner: string, source: SpecSource, at: PathSegment[]) => {
    const prior = idents.get(ident);
    if (prior === undefined) idents.set(ident, owner);
    else if (prior === RESERVED) ctx.report("name-collision", { problem: "reserved", owner, ident }, source, at, { key: true });
    else if (prior !== owner) ctx.report("name-collision", { problem: "same-ident", owner, other: prior, ident }, source, at, { key: true });
  };

  const anchors = new Map<string, string>();
  for (const def of ctx.types.values()) {
    const owner = `type '${def.name}'`;
    for (const ident of [def.name, `${def.name}Schema`, `${def.name}Input`, `${def.name}InputSchema`]) claim(ident, owner, def.source, def.at);
    const anchor = def.name.toLowerCase();
    const prior = anchors.get(anchor);
    if (prior) ctx.report("name-collision", { problem: "case", name: def.name, other: prior }, def.source, def.at, { key: true });
    else anchors.set(anchor, def.name);
    if ("fields" in def.raw) checkFieldNames(ctx, Object.keys(def.raw.fields), def.source, [...def.at, "fields"]);
  }

  const slugs = new Map<string, string>();
  for (const file of resources) {
    const { value, source } = file;
    const slug = kebabCase(value.resource);
    const prior = slugs.get(slug);
    if (prior && prior !== value.resource)
      ctx.report("name-collision", { problem: "slug", name: value.resource, other: prior, slug }, source, ["resource"]);
    slugs.set(slug, value.resource);
    if (CLIENT_MEMBERS.includes(value.resource) || OBJECT_RESERVED.includes(value.resource))
      ctx.report("name-collision", { problem: "client-member", name: value.resource }, source, ["resource"]);
    const stem = pascalCase(value.resource);
    claim(`${stem}Resource`, `resource '${value.resource}'`, source, ["resource"]);
    value.operations.forEach((op, i) => {
      const position = operationAt(file, i);
      const at: PathSegment[] = ["operations", position, "name"];
      if (OBJECT_RESERVED.includes(op.name))
        ctx.report("name-collision", { problem: "object-member", kind: "operation", name: op.name }, source, at);
      const opPascal = pascalCase(op.name);
      const opStem = `${stem}${opPascal}`;
      const owner = `operation '${value.resource}.${op.name}'`;
      for (const ident of [`${opStem}Input`, `${opStem}Output`, `${opStem}InputSchema`, `${opStem}OutputSchema`, `${value.resource}${opPascal}`])
        claim(ident, owner, source, at);
      checkFieldNames(ctx, Object.keys(op.input ?? {}), source, ["operations", position, "input"]);
      if (op.output && typeof op.output === "object") checkFieldNames(ctx, Object.keys(op.output), source, ["operations", position, "output"]);
    });
  }
}

function checkFieldNames(ctx: CheckContext, names: string[], source: SpecSource, at: PathSegment[]): void {
  for (const name of names)
    if (OBJECT_RESERVED.includes(name))
      ctx.report("name-collision", { problem: "object-member", kind: "field", name }, source, [...at, name], { key: true });
}
