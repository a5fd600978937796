/**
 * `generated/client/index.ts`: the client's public surface. The factory, the client type and its
 * options interface (names from `model.naming`), the `apiDef` the runtime reads the API's conventions
 * from, the `operations` registry with the types keyed by operation name, and the runtime's errors
 * (its `ClientError` under the API's own name) and option types, re-exported so callers need one import.
 */
import {
  StructureKind,
  VariableDeclarationKind,
  Writers,
  type ImportSpecifierStructure,
  type OptionalKind,
  type PropertySignatureStructure,
  type SourceFileStructure,
} from "ts-morph";
import { tsString } from "../../escape/index.ts";
import { jsLiteral, operationExample } from "../../model/examples.ts";
import type { ApiModel, OperationModel } from "../../model/types.ts";
import { apiDefLiteral, clientOptionsInterface, optionsAreOptional } from "./api-def.ts";
import { callDocs, clientFactoryDocs, docText, resourceDocs } from "./docs.ts";
import { spaced, type Statement } from "./layout.ts";
import {
  API_DEF_NAME,
  inputIsOptional,
  inputTypeName,
  operationConstName,
  outputTypeName,
  resourceFactoryName,
  resourceModule,
  resourceTypeName,
  RUNTIME_MODULE,
  SCHEMAS_INDEX_MODULE,
} from "./names.ts";

/** The runtime's base error class, re-exported under `model.naming.errorBase`. */
const BASE_ERROR = "ClientError";

/** The runtime's other public errors, re-exported from the client (its helper functions stay internal). */
export const RUNTIME_ERRORS = [
  "ApiError",
  "AuthenticationError",
  "BadRequestError",
  "ConfigurationError",
  "ConflictError",
  "ConnectionError",
  "InternalServerError",
  "NotFoundError",
  "PaginationError",
  "PermissionDeniedError",
  "RateLimitError",
  "ResponseParseError",
  "ResponseTooLargeError",
  "ResponseValidationError",
  "RiskError",
  "TimeoutError",
  "UnprocessableEntityError",
  "ValidationError",
];

export const RUNTIME_TYPES = [
  "ApiDef",
  "BaseClientOptions",
  "ClientHooks",
  "FieldIssue",
  "HttpMethod",
  "OperationDef",
  "Pagination",
  "ParamSpec",
  "RateLimitInfo",
  "RequestEvent",
  "RequestOptions",
  "ResponseEvent",
  "Risk",
];

/** The schemas module's types are referred to through this namespace: `schemas.AdminsGetInput`. */
const SCHEMAS_NAMESPACE = "schemas";

export function indexFile(model: ApiModel): SourceFileStructure {
  const { naming } = model;
  if (RUNTIME_ERRORS.includes(naming.errorBase) || RUNTIME_TYPES.includes(naming.errorBase))
    throw new Error(`client emitter: the API's error base class '${naming.errorBase}' would clash with the runtime's own ${naming.errorBase}; set the spec's name: to another stem`);
  const allOps = model.resources.flatMap((r) => r.operations);
  const clash = allOps.find((op) => operationConstName(op) === API_DEF_NAME);
  if (clash) throw new Error(`client emitter: operation '${clash.fullName}' would generate '${API_DEF_NAME}', which the client index already declares; rename it`);
  const optionsOptional = optionsAreOptional(model);

  const statements: Statement[] = [
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: RUNTIME_MODULE,
      namedImports: [
        { kind: StructureKind.ImportSpecifier, name: BASE_ERROR },
        { kind: StructureKind.ImportSpecifier, name: "Runtime" },
        ...["ApiDef", "BaseClientOptions", "OperationDef", "RequestOptions"].map(
          (name): ImportSpecifierStructure => ({ kind: StructureKind.ImportSpecifier, name, isTypeOnly: true }),
        ),
      ],
    },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: SCHEMAS_INDEX_MODULE,
      isTypeOnly: true,
      namespaceImport: SCHEMAS_NAMESPACE,
    },
    ...model.resources.map(
      (r): Statement => ({
        kind: StructureKind.ImportDeclaration,
        moduleSpecifier: resourceModule(r),
        namedImports: [
          ...r.operations.map((op) => operationConstName(op)),
          resourceFactoryName(r),
          { kind: StructureKind.ImportSpecifier, name: resourceTypeName(r), isTypeOnly: true },
        ],
      }),
    ),
    {
      kind: StructureKind.ExportDeclaration,
      moduleSpecifier: RUNTIME_MODULE,
      namedExports: [...RUNTIME_ERRORS, { name: BASE_ERROR, alias: naming.errorBase === BASE_ERROR ? undefined : naming.errorBase }].sort((a, b) =>
        exportedName(a) < exportedName(b) ? -1 : 1,
      ),
    },
    {
      kind: StructureKind.ExportDeclaration,
      moduleSpecifier: RUNTIME_MODULE,
      isTypeOnly: true,
      namedExports: RUNTIME_TYPES,
    },
    clientOptionsInterface(model),
    {
      kind: StructureKind.TypeAlias,
      name: "ClientOptions",
      isExported: true,
      docs: [docText(`The same as \`${naming.clientOptions}\`, under the name earlier versions of this client used.`)],
      type: naming.clientOptions,
    },
    {
      kind: StructureKind.Interface,
      name: "OperationTypes",
      isExported: true,
      docs: ["The input and output type of every operation, by full name."],
      properties: allOps.map((op) => ({
        name: tsString(op.fullName),
        docs: op.deprecated ? ["@deprecated The API marks this operation as deprecated."] : [],
        type: Writers.objectType({
          properties: [
            { name: "input", type: `${SCHEMAS_NAMESPACE}.${inputTypeName(op)}` },
            { name: "output", type: op.output ? `${SCHEMAS_NAMESPACE}.${outputTypeName(op)}` : "void" },
          ],
        }),
      })),
    },
    {
      kind: StructureKind.TypeAlias,
      name: "OperationName",
      isExported: true,
      docs: [docText(`Full operation names: \`${[...allOps.slice(0, 2).map((op) => tsString(op.fullName)), ...(allOps.length > 2 ? ["…"] : [])].join(" | ")}\`.`)],
      type: "keyof OperationTypes",
    },
    {
      kind: StructureKind.TypeAlias,
      name: "OperationInput",
      isExported: true,
      typeParameters: [{ name: "N", constraint: "OperationName" }],
      docs: ["The input of the operation named `N`."],
      type: 'OperationTypes[N]["input"]',
    },
    {
      kind: StructureKind.TypeAlias,
      name: "OperationOutput",
      isExported: true,
      typeParameters: [{ name: "N", constraint: "OperationName" }],
      docs: ["What the operation named `N` resolves to (`void` when it answers without a body)."],
      type: 'OperationTypes[N]["output"]',
    },
    {
      kind: StructureKind.TypeAlias,
      name: "OperationArgs",
      isExported: true,
      typeParameters: [{ name: "N", constraint: "OperationName" }],
      docs: ["The arguments of `client.call` after the name: the input may be left out when nothing in it is required."],
      type: "{} extends OperationInput<N> ? [input?: OperationInput<N>, options?: RequestOptions] : [input: OperationInput<N>, options?: RequestOptions]",
    },
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: ["Every operation by full name: route, risk, wire names and Zod schemas, as the client runs them."],
      declarations: [
        {
          name: "operations",
          type: "{ readonly [N in OperationName]: OperationDef<OperationInput<N>, OperationOutput<N>> }",
          initializer: Writers.object(Object.fromEntries(allOps.map((op) => [tsString(op.fullName), operationConstName(op)]))),
        },
      ],
    },
    {
      kind: StructureKind.Interface,
      name: naming.clientType,
      isExported: true,
      docs: [docText(`A client for the ${model.title}: one property per resource, and \`call\` by operation name.`)],
      properties: model.resources.map(
        (r): OptionalKind<PropertySignatureStructure> => ({
          name: r.name,
          isReadonly: true,
          docs: [resourceDocs(r)],
          type: resourceTypeName(r),
        }),
      ),
      methods: [
        {
          name: "call",
          docs: [callDocs(callExample(model, allOps))],
          typeParameters: [{ name: "N", constraint: "OperationName" }],
          parameters: [
            { name: "name", type: "N" },
            { name: "args", type: "OperationArgs<N>", isRestParameter: true },
          ],
          returnType: "Promise<OperationOutput<N>>",
        },
      ],
    },
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: ["What the runtime knows about this API, from the spec: servers, credentials, headers, where errors carry their details, rate-limit headers."],
      declarations: [{ name: API_DEF_NAME, type: "ApiDef", initializer: apiDefLiteral(model) }],
    },
    {
      kind: StructureKind.Function,
      isExported: true,
      name: naming.clientFactory,
      docs: [clientFactoryDocs(model)],
      parameters: [{ name: "options", type: naming.clientOptions, ...(optionsOptional ? { initializer: "{}" } : {}) }],
      returnType: naming.clientType,
      statements: [
        // A copy: the runtime reads the API's own options by name, and later changes to the caller's object do not reach it.
        `const rt = new Runtime({ ...options }, ${API_DEF_NAME});`,
        Writers.returnStatement(
          Writers.object({
            ...Object.fromEntries(model.resources.map((r) => [r.name, `${resourceFactoryName(r)}(rt)`])),
            call: (writer) =>
              writer
                .write("async (name, ...[input, requestOptions]) =>")
                .block(() => {
                  writer.writeLine("// Guards callers without type checking; typed callers cannot get here.");
                  writer.writeLine(
                    `if (!Object.hasOwn(operations, name)) throw new ${BASE_ERROR}(\`unknown operation \${JSON.stringify(name)}\`);`,
                  );
                  writer.writeLine("return rt.call(operations[name], input, requestOptions);");
                }),
          }),
        ),
      ],
    },
  ];
  return { kind: StructureKind.SourceFile, statements: spaced(statements) };
}

function exportedName(e: string | { name: string; alias?: string | undefined }): string {
  return typeof e === "string" ? e : (e.alias ?? e.name);
}

/** The first operation that needs an input, as the example for `client.call`. */
function callExample(model: ApiModel, ops: OperationModel[]): { name: string; args: string; result: string | undefined } | undefined {
  const op = ops.find((o) => !inputIsOptional(o)) ?? ops[0];
  if (!op) return undefined;
  const { input } = operationExample(op, model);
  const args = Object.keys(input).length === 0 && inputIsOptional(op) ? "" : `, ${jsLiteral(input)}`;
  const typeName = op.output?.typeName;
  return { name: op.fullName, args, result: op.output ? (typeName ? typeName.charAt(0).toLowerCase() + typeName.slice(1) : "result") : undefined };
}
