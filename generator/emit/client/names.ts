/**
 * The names the generated client uses, in one place: the client files and the Zod emitter's modules
 * meet on these, so a rename happens here only. Names derived from the API (factory, client type,
 * options, error base) come from `model.naming`; none is built here from the API's name.
 */
import { tsString } from "../../escape/index.ts";
import { splitNullable } from "../../model/type-ref.ts";
import type { ApiModel, FieldModel, NamedTypeModel, OperationModel, ResourceModel, TypeRef } from "../../model/types.ts";

/** Client files, relative to `generated/`. */
export const CLIENT_DIR = "client";
export const RUNTIME_DIR = `${CLIENT_DIR}/runtime`;

/** Module specifiers as written in generated client files (relative, `.js` extension). */
export const RUNTIME_MODULE = "./runtime/index.js";
export const SCHEMAS_INDEX_MODULE = "../schemas/index.js";
export const SCHEMAS_TYPES_MODULE = "../schemas/types.js";
export const schemasModule = (resource: ResourceModel): string => `../schemas/${resource.slug}.js`;
export const resourceModule = (resource: ResourceModel): string => `./${resource.slug}.js`;
export const resourceFilePath = (resource: ResourceModel): string => `${CLIENT_DIR}/${resource.slug}.ts`;

/** `petstore` for `petstore.api` (kept for other emitters; prefer `model.naming`). */
export function apiShortName(model: ApiModel): string {
  return model.name.split(".")[0] ?? model.name;
}

/** `createPetstoreClient` (kept for other emitters; read `model.naming.clientFactory`). */
export const clientFactoryName = (model: ApiModel): string => model.naming.clientFactory;

/** The ApiDef constant in the generated index. */
export const API_DEF_NAME = "apiDef";

/** The OperationDef constant: `adminsGet`. */
export const operationConstName = (op: OperationModel): string => op.id;
export const inputTypeName = (op: OperationModel): string => `${op.typeStem}Input`;
export const outputTypeName = (op: OperationModel): string => `${op.typeStem}Output`;
export const inputSchemaName = (op: OperationModel): string => `${op.typeStem}InputSchema`;
export const outputSchemaName = (op: OperationModel): string => `${op.typeStem}OutputSchema`;

/** What a call resolves to, as written in the client's signatures: `AdminsGetOutput`, or `void` without a body. */
export const resultType = (op: OperationModel): string => (op.output ? outputTypeName(op) : "void");

/** The resource object's interface: `AdminsResource`. */
export const resourceTypeName = (resource: ResourceModel): string => `${resource.typeStem}Resource`;
/** Builds the resource object around a Runtime: `createAdminsResource`. */
export const resourceFactoryName = (resource: ResourceModel): string => `create${resource.typeStem}Resource`;

/** Whether a call may leave the input out: nothing in it is required (or every required field has a default). */
export function inputIsOptional(op: OperationModel): boolean {
  return op.input.every((f) => !f.required || f.default !== undefined);
}

/**
 * The output field at the end of the pagination's `items` path (`data`, `result.items`), walking
 * through named object types. Undefined when the path leaves what the model describes.
 */
export function itemsField(op: OperationModel, types: ReadonlyMap<string, NamedTypeModel>): FieldModel | undefined {
  const path = op.pagination?.items;
  if (!path || path.length === 0 || !op.output) return undefined;
  let fields: readonly FieldModel[] = op.output.fields;
  let field: FieldModel | undefined;
  for (const [i, key] of path.entries()) {
    field = fields.find((f) => f.wireName === key);
    if (!field) return undefined;
    if (i === path.length - 1) break;
    const next = objectOf(field.type, types);
    if (!next || field.wireType) return undefined;
    fields = next;
  }
  return field;
}

function objectOf(type: TypeRef, types: ReadonlyMap<string, NamedTypeModel>): readonly FieldModel[] | undefined {
  const base = splitNullable(type).type;
  if (base.kind !== "named") return undefined;
  const named = types.get(base.name);
  return named?.kind === "object" ? named.fields : undefined;
}

/**
 * The type of one item of a paginated operation: the named type when the items field is `Named[]`,
 * the path to it runs through named object types and nothing else can arrive (imported from the
 * schemas' types module), else the element type read off the output type along the `items` path
 * (`NonNullable<NonNullable<XOutput["result"]>["items"]>[number]`).
 */
export function itemType(op: OperationModel, types: ReadonlyMap<string, NamedTypeModel>): { type: string; named?: string } {
  const field = itemsField(op, types);
  if (field && !field.wireType && !op.output?.wireTypeName && field.type.kind === "array" && field.type.items.kind === "named") {
    return { type: field.type.items.name, named: field.type.items.name };
  }
  const path = op.pagination?.items ?? [];
  const owner = path.reduce((t, key, i) => `${i === 0 ? t : `NonNullable<${t}>`}[${tsString(key)}]`, resultType(op));
  return { type: `NonNullable<${owner}>[number]` };
}
