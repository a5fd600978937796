/**
 * Rules for one field: exactly one of type / enum / const, its notations, constraints that fit its
 * type, and defaults and examples that match it.
 */
import type { PathSegment, SpecSource } from "../load/load-spec.ts";
import { splitNullable } from "../model/type-ref.ts";
import type { TypeRef } from "../model/types.ts";
import type { CheckContext } from "./context.ts";
import type { RawField, RawInputField } from "../spec-format/schema.ts";
import { firstDuplicate } from "./type-notation.ts";

type FieldObject = Exclude<RawInputField, string>;

/** Checks a field and returns its parsed type (undefined when it could not be read). */
export function checkField(ctx: CheckContext, field: RawField | RawInputField, source: SpecSource, at: PathSegment[]): TypeRef | undefined {
  if (typeof field === "string") return ctx.checkType(field, source, at);
  const f = field as FieldObject;
  const given = (["type", "enum", "const"] as const).filter((k) => f[k] !== undefined);
  if (given.length !== 1) {
    ctx.report("invalid-field", { given: [...given] }, source, at, { key: true });
    return undefined;
  }
  let type: TypeRef | undefined;
  if (f.type !== undefined) type = ctx.checkType(f.type, source, at, "type");
  else if (f.enum !== undefined) {
    const dup = firstDuplicate(f.enum);
    if (dup !== undefined) ctx.report("malformed-enum", { detail: `enum value '${dup}' appears twice`, value: dup }, source, [...at, "enum"]);
    type = { kind: "enum", values: f.enum };
  } else type = { kind: "enum", values: [f.const!] };
  const wire = f.wireType !== undefined ? ctx.checkType(f.wireType, source, at, "wireType") : undefined;
  if (type) checkConstraints(ctx, f, type, source, at);
  if (type) {
    for (const key of ["default", "example"] as const) {
      const value = f[key];
      if (value === undefined) continue;
      if (!valueFits(ctx, value, type) && !(wire && valueFits(ctx, value, wire)))
        ctx.report("invalid-example", { key, value: preview(value), type: describe(type) }, source, [...at, key]);
    }
  }
  return type;
}

function checkConstraints(ctx: CheckContext, f: FieldObject, type: TypeRef, source: SpecSource, at: PathSegment[]): void {
  const base = splitNullable(type).type;
  const isNumber = base.kind === "primitive" && base.name === "number";
  const isString = (base.kind === "primitive" && base.name === "string") || base.kind === "enum";
  for (const key of ["minimum", "maximum"] as const)
    if (f[key] !== undefined && !isNumber) ctx.report("invalid-constraint", { problem: "wrong-type", constraint: key, wants: "numbers", type: describe(type) }, source, [...at, key]);
  for (const key of ["minLength", "maxLength", "pattern"] as const)
    if (f[key] !== undefined && !isString) ctx.report("invalid-constraint", { problem: "wrong-type", constraint: key, wants: "strings", type: describe(type) }, source, [...at, key]);
  if (f.minimum !== undefined && f.maximum !== undefined && f.minimum > f.maximum)
    ctx.report("invalid-constraint", { problem: "order", low: "minimum", high: "maximum", lowValue: f.minimum, highValue: f.maximum }, source, [...at, "minimum"]);
  if (f.minLength !== undefined && f.maxLength !== undefined && f.minLength > f.maxLength)
    ctx.report("invalid-constraint", { problem: "order", low: "minLength", high: "maxLength", lowValue: f.minLength, highValue: f.maxLength }, source, [...at, "minLength"]);
  if (f.pattern !== undefined) {
    try {
      new RegExp(f.pattern, "u");
    } catch (err) {
      ctx.report("invalid-constraint", { problem: "pattern", detail: (err as Error).message }, source, [...at, "pattern"]);
    }
  }
}

/** Whether a literal from the spec can be a value of `type` (named object types accept any mapping). */
export function valueFits(ctx: CheckContext, value: unknown, type: TypeRef, depth = 0): boolean {
  if (depth > 32) return true;
  switch (type.kind) {
    case "primitive":
      switch (type.name) {
        case "string":
          return typeof value === "string";
        case "number":
          return typeof value === "number" && Number.isFinite(value);
        case "boolean":
          return typeof value === "boolean";
        case "object":
          return typeof value === "object" && value !== null && !Array.isArray(value);
        case "null":
          return value === null;
      }
      return false;
    case "enum":
      return typeof value === "string" && type.values.includes(value);
    case "array":
      return Array.isArray(value) && value.every((v) => valueFits(ctx, v, type.items, depth + 1));
    case "union":
      return type.members.some((m) => valueFits(ctx, value, m, depth + 1));
    case "named": {
      const def = ctx.types.get(type.name);
      if (!def) return true;
      const raw = def.raw;
      if ("enum" in raw) return typeof value === "string" && raw.enum.includes(value);
      if ("oneOf" in raw) return true; // members are checked where they are defined
      return typeof value === "object" && value !== null && !Array.isArray(value);
    }
  }
}

export function describe(t: TypeRef): string {
  switch (t.kind) {
    case "primitive":
      return t.name;
    case "named":
      return t.name;
    case "enum":
      return t.values.length === 1 ? `const ${t.values[0]}` : `one of ${t.values.join(", ")}`;
    case "array":
      return `${describe(t.items)}[]`;
    case "union":
      return t.members.map(describe).join(" | ");
  }
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}
