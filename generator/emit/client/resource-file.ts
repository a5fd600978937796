/**
 * `generated/client/<resource>.ts`: the OperationDef of each of the resource's operations (where every
 * input travels, under which wire name, with which defaults and constants) and the resource object the
 * client exposes as `client.<resource>`.
 */
import {
  StructureKind,
  VariableDeclarationKind,
  Writers,
  type ImportSpecifierStructure,
  type OptionalKind,
  type ParameterDeclarationStructure,
  type PropertySignatureStructure,
  type SourceFileStructure,
  type WriterFunction,
} from "ts-morph";
import { tsString } from "../../escape/index.ts";
import type { ApiModel, NamedTypeModel, OperationModel, ResourceModel } from "../../model/types.ts";
import { dataLiteral } from "../zod/literal.ts";
import { operationConstDocs, operationDocs, pagedAllDocs, resourceDocs } from "./docs.ts";
import { spaced, type Statement } from "./layout.ts";
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
export function operationDefinition(op: OperationModel): WriterFunction {
  const params = op.input.map((f) => ({
    name: f.name,
    wire: f.wireName,
    in: f.location ?? "body",
    ...(f.default !== undefined ? { default: f.default } : {}),
  }));
  const constants = op.constants.map((c) => ({ name: c.name, value: c.value, in: c.location }));
  const entries: Record<string, string | undefined> = {
    name: tsString(op.fullName),
    resource: tsString(op.resource),
    summary: tsString(op.summary),
    risk: tsString(op.risk),
    method: tsString(op.method),
    path: tsString(op.path),
    input: inputSchemaName(op),
    output: op.output ? outputSchemaName(op) : undefined,
    params: listLiteral(params.map(dataLiteral)),
    constants: constants.length > 0 ? listLiteral(constants.map(dataLiteral)) : undefined,
    pagination: op.pagination ? dataLiteral(op.pagination) : undefined,
    status: op.status !== 200 ? String(op.status) : undefined,
  };
  return Writers.object(Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined)));
}

/** One element per line once there are several: the formatter keeps the layout it is given. */
function listLiteral(items: string[]): string {
  return items.length > 1 ? `[\n${items.join(",\n")},\n]` : `[${items.join("")}]`;
}

function parameters(op: OperationModel): OptionalKind<ParameterDeclarationStructure>[] {
  return [
    { name: "input", type: inputTypeName(op), hasQuestionToken: inputIsOptional(op) },
    { name: "options", type: "RequestOptions", hasQuestionToken: true },
  ];
}

/** `(input: AdminsGetInput, options?: RequestOptions) => Promise<AdminsGetOutput>` */
function functionType(params: OptionalKind<ParameterDeclarationStructure>[], returnType: string): string {
  return `(${params.map((p) => `${p.name}${p.hasQuestionToken ? "?" : ""}: ${String(p.type)}`).join(", ")}) => ${returnType}`;
}

/**
 * One operation as a member of the resource interface. Members are properties so that they print in
 * the document's order: a plain operation is a function, a paginated one is also callable for one page
 * and has `.all` for every item of every page.
 */
function operationMember(
  resource: ResourceModel,
  op: OperationModel,
  model: ApiModel,
  types: ReadonlyMap<string, NamedTypeModel>,
): OptionalKind<PropertySignatureStructure> {
  const returnType = `Promise<${resultType(op)}>`;
  const type = op.pagination
    ? Writers.objectType({
        callSignatures: [{ parameters: parameters(op), returnType }],
        methods: [
          {
            name: "all",
            docs: [pagedAllDocs(op)],
            parameters: parameters(op),
            returnType: `AsyncIterable<${itemType(op, types).type}>`,
          },
        ],
      })
    : functionType(parameters(op), returnType);
  return { name: op.name, isReadonly: true, docs: [operationDocs(resource, op, model)], type };
}

export function resourceFile(resource: ResourceModel, model: ApiModel, types: ReadonlyMap<string, NamedTypeModel>): SourceFileStructure {
  const ops = resource.operations;
  const paged = ops.filter((op) => op.pagination);
  const namedItems = [...new Set(paged.map((op) => itemType(op, types).named).filter((n): n is string => n !== undefined))].sort();

  const runtimeImports: ImportSpecifierStructure[] = [
    ...(paged.length > 0 ? [{ kind: StructureKind.ImportSpecifier, name: "pagedMethod" } as const] : []),
    { kind: StructureKind.ImportSpecifier, name: "OperationDef", isTypeOnly: true },
    { kind: StructureKind.ImportSpecifier, name: "RequestOptions", isTypeOnly: true },
    { kind: StructureKind.ImportSpecifier, name: "Runtime", isTypeOnly: true },
  ];
  const schemaImports: ImportSpecifierStructure[] = [
    ...ops.flatMap((op) =>
      [inputSchemaName(op), ...(op.output ? [outputSchemaName(op)] : [])].map((name) => ({ kind: StructureKind.ImportSpecifier, name }) as const),
    ),
    ...ops.flatMap((op) =>
      [inputTypeName(op), ...(op.output ? [outputTypeName(op)] : [])].map(
        (name) => ({ kind: StructureKind.ImportSpecifier, name, isTypeOnly: true }) as const,
      ),
    ),
  ];

  const statements: Statement[] = [
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: RUNTIME_MODULE, namedImports: runtimeImports },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: schemasModule(resource), namedImports: schemaImports },
  ];
  if (namedItems.length > 0) {
    statements.push({
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: SCHEMAS_TYPES_MODULE,
      isTypeOnly: true,
      namedImports: namedItems,
    });
  }

  for (const op of ops) {
    statements.push({
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: [operationConstDocs(op)],
      declarations: [
        {
          name: operationConstName(op),
          type: `OperationDef<${inputTypeName(op)}, ${resultType(op)}>`,
          initializer: operationDefinition(op),
        },
      ],
    });
  }

  statements.push({
    kind: StructureKind.Interface,
    name: resourceTypeName(resource),
    isExported: true,
    docs: [resourceDocs(resource)],
    properties: ops.map((op) => operationMember(resource, op, model, types)),
  });

  statements.push({
    kind: StructureKind.Function,
    isExported: true,
    name: resourceFactoryName(resource),
    docs: [`The \`client.${resource.name}\` object: each method runs its operation on \`rt\`.`],
    parameters: [{ name: "rt", type: "Runtime" }],
    returnType: resourceTypeName(resource),
    statements: [
      Writers.returnStatement(
        Writers.object(
          Object.fromEntries(
            ops.map((op) => [
              op.name,
              op.pagination
                ? `pagedMethod(rt, ${operationConstName(op)})`
                : `(input, options) => rt.call(${operationConstName(op)}, input, options)`,
            ]),
          ),
        ),
      ),
    ],
  });

  return { kind: StructureKind.SourceFile, statements: spaced(statements) };
}
