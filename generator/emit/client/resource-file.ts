/**
 * `generated/client/<resource>.ts`: the OperationDef of each of the resource's operations (where every
 * input travels, under which wire name, with which defaults and constants) and the resource object the
 * client exposes as `client.<resource>`.
 */
import { jsdoc, tsKey, tsString } from "../../escape/index.ts";
import { exampleContext } from "../../model/examples.ts";
import type { ApiModel, ConstantModel, FieldModel, NamedTypeModel, OperationModel, ResourceModel } from "../../model/types.ts";
import { dataLiteral, literalKey } from "../zod/literal.ts";
import { importFrom, listLiteral, moduleText, objectLiteral, typeLiteral, type Specifier } from "../ts-print.ts";
import { operationConstDocs, operationDocs, pagedAllDocs, resourceDocs } from "./docs.ts";
import { exportedConst, exportedFunction, exportedInterface, propertySignature, type Member } from "./layout.ts";
import {
  inputIsOptional,
  inputSchemaName,
  inputTypeName,
  itemType,
  operationConstName,
  outputSchemaName,
  outputTypeName,
  resourceFactoryName,
  resourceTypeName,
  resultType,
  RUNTIME_MODULE,
  schemasModule,
  SCHEMAS_TYPES_MODULE,
} from "./names.ts";

/**
 * The data of an OperationDef as an object literal, in the order a reader looks for things. Spec text
 * reaches it through the escaping module only. Left out when they say nothing: `output` for an
 * operation that answers without a body, `constants`, `pagination`, and `status` when it is 200.
 */
export function operationDefinition(op: OperationModel): string {
  const entries: [string, string | undefined][] = [
    ["name", tsString(op.fullName)],
    ["resource", tsString(op.resource)],
    ["summary", tsString(op.summary)],
    ["risk", tsString(op.risk)],
    ["method", tsString(op.method)],
    ["path", tsString(op.path)],
    ["input", inputSchemaName(op)],
    ["output", op.output ? outputSchemaName(op) : undefined],
    ["params", listLiteral(op.input.map(paramLiteral))],
    ["constants", op.constants.length > 0 ? listLiteral(op.constants.map(constantLiteral)) : undefined],
    ["pagination", op.pagination ? dataLiteral(op.pagination) : undefined],
    ["status", op.status !== 200 ? String(op.status) : undefined],
  ];
  return objectLiteral(entries.filter((e): e is [string, string] => e[1] !== undefined));
}

/**
 * A ParamSpec: `{ name: "id", wire: "id", in: "path" }`, and `default` when the field has one. Printed
 * field by field rather than built as an object for dataLiteral: the same text, without making an
 * object of two shapes per field for a printer that takes any value.
 */
function paramLiteral(field: FieldModel): string {
  const fallback = field.default === undefined ? "" : `, default: ${dataLiteral(field.default)}`;
  return `{ name: ${tsString(field.name)}, wire: ${tsString(field.wireName)}, in: ${tsString(field.location ?? "body")}${fallback} }`;
}

/** An OperationConstant: `{ name: "kind", value: "widget_tag", in: "body" }`. */
function constantLiteral(constant: ConstantModel): string {
  return `{ name: ${tsString(constant.name)}, value: ${dataLiteral(constant.value)}, in: ${tsString(constant.location)} }`;
}

/** `input: AdminsGetInput, options?: RequestOptions` */
function parameters(op: OperationModel): string {
  return `input${inputIsOptional(op) ? "?" : ""}: ${inputTypeName(op)}, options?: RequestOptions`;
}

/**
 * One operation as a member of the resource interface. Members are properties so that they print in
 * the document's order: a plain operation is a function, a paginated one is also callable for one page
 * and has `.all` for every item of every page.
 */
function operationMember(resource: ResourceModel, op: OperationModel, model: Pick<ApiModel, "types">, types: ReadonlyMap<string, NamedTypeModel>): Member {
  const returnType = `Promise<${resultType(op)}>`;
  const type = op.pagination
    ? typeLiteral([`(${parameters(op)}): ${returnType}`, `${jsdoc(pagedAllDocs(op))}all(${parameters(op)}): AsyncIterable<${itemType(op, types).type}>`])
    : `(${parameters(op)}) => ${returnType}`;
  return { doc: operationDocs(resource, op, model), text: propertySignature(tsKey(op.name), type, { readonly: true }) };
}

/** The imports of a resource file: the runtime, the resource's schemas and types, and the named item types of its paginated operations. */
function resourceImports(resource: ResourceModel, types: ReadonlyMap<string, NamedTypeModel>): string[] {
  const ops = resource.operations;
  const paged = ops.filter((op) => op.pagination);
  const namedItems = [...new Set(paged.map((op) => itemType(op, types).named).filter((n): n is string => n !== undefined))].sort();
  const typeOnly = (name: string): Specifier => ({ name, type: true });
  const runtime: Specifier[] = [...(paged.length > 0 ? ["pagedMethod"] : []), ...["OperationDef", "RequestOptions", "Runtime"].map(typeOnly)];
  const schemas: Specifier[] = [
    ...ops.flatMap((op) => [inputSchemaName(op), ...(op.output ? [outputSchemaName(op)] : [])]),
    ...ops.flatMap((op) => [inputTypeName(op), ...(op.output ? [outputTypeName(op)] : [])]).map(typeOnly),
  ];
  return [
    importFrom(RUNTIME_MODULE, runtime),
    importFrom(schemasModule(resource), schemas),
    ...(namedItems.length > 0 ? [importFrom(SCHEMAS_TYPES_MODULE, namedItems, true)] : []),
  ];
}

/** `export const adminsGet: OperationDef<AdminsGetInput, AdminsGetOutput> = { … };` */
function operationConst(op: OperationModel): string {
  return exportedConst(operationConstDocs(op), operationConstName(op), `OperationDef<${inputTypeName(op)}, ${resultType(op)}>`, operationDefinition(op));
}

/** `export function createAdminsResource(rt: Runtime): AdminsResource { return { … }; }` */
function resourceFactory(resource: ResourceModel): string {
  const methods = resource.operations.map((op): [string, string] => [
    literalKey(op.name),
    op.pagination ? `pagedMethod(rt, ${operationConstName(op)})` : `(input, options) => rt.call(${operationConstName(op)}, input, options)`,
  ]);
  const doc = `The \`client.${resource.name}\` object: each method runs its operation on \`rt\`.`;
  return exportedFunction(doc, resourceFactoryName(resource), "rt: Runtime", resourceTypeName(resource), [`return ${objectLiteral(methods)};`]);
}

/**
 * The file's text: a function of the resource and the named types (for the items of paged operations
 * and the examples in the JSDoc) and of nothing else, so a watch save reuses it while both read the same.
 */
export function resourceFile(resource: ResourceModel, namedTypes: ApiModel["types"]): string {
  const model = { types: namedTypes };
  const types = exampleContext(model).types;
  const members = resource.operations.map((op) => operationMember(resource, op, model, types));
  // Every statement is printed in its final layout (ts-print.ts's literals, layout.ts's declarations):
  // no layout pass reads them. test/printed-layout.test.ts checks the pass would change nothing.
  return moduleText(
    resourceImports(resource, types),
    [...resource.operations.map(operationConst), exportedInterface(resourceDocs(resource), resourceTypeName(resource), members), resourceFactory(resource)],
    { laidOut: true },
  );
}
