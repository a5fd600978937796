/**
 * The names the generated client uses, in one place: the client files and the Zod emitter's modules
 * meet on these, so a rename happens here only.
 */
import { pascalCase } from "../../model/build-model.ts";
import type { ApiModel, FieldModel, OperationModel, ResourceModel } from "../../model/types.ts";

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

/** `intercom` for `intercom.api`. */
export function apiShortName(model: ApiModel): string {
  return model.name.split(".")[0] ?? model.name;
}

/** `createIntercomClient` */
export const clientFactoryName = (model: ApiModel): string => `create${pascalCase(apiShortName(model))}Client`;
/** `IntercomClient` */
export const clientTypeName = (model: ApiModel): string => `${pascalCase(apiShortName(model))}Client`;

/** The OperationDef constant: `adminsGet`. */
export const operationConstName = (op: OperationModel): string => op.id;
export const inputTypeName = (op: OperationModel): string => `${op.typeStem}Input`;
export const outputTypeName = (op: OperationModel): string => `${op.typeStem}Output`;
export const inputSchemaName = (op: OperationModel): string => `${op.typeStem}InputSchema`;
export const outputSchemaName = (op: OperationModel): string => `${op.typeStem}OutputSchema`;

/** The resource object's interface: `AdminsResource`. */
export const resourceTypeName = (resource: ResourceModel): string => `${resource.typeStem}Resource`;
/** Builds the resource object around a Runtime: `createAdminsResource`. */
export const resourceFactoryName = (resource: ResourceModel): string => `create${resource.typeStem}Resource`;

/** Whether a call may leave the input out: nothing in it is required (or every required field has a default). */
export function inputIsOptional(op: OperationModel): boolean {
  return op.input.every((f) => !f.required || f.default !== undefined);
}

/** The output field holding a page's items, for paginated operations. */
export function itemsField(op: OperationModel): FieldModel | undefined {
  const items = op.pagination?.items;
  return items === undefined ? undefined : op.output.fields.find((f) => f.name === items);
}

/**
 * The type of one item of a paginated operation: the named type when the items field is `Named[]`
 * and nothing else can arrive (imported from the schemas' types module), else the element type read
 * off the output type.
 */
export function itemType(op: OperationModel): { type: string; named?: string } {
  const field = itemsField(op);
  if (field && !field.wireType && !op.output.wireTypeName && field.type.kind === "array" && field.type.items.kind === "named") {
    return { type: field.type.items.name, named: field.type.items.name };
  }
  return { type: `NonNullable<${outputTypeName(op)}[${JSON.stringify(op.pagination?.items ?? "")}]>[number]` };
}
