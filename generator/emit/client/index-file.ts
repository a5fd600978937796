/**
 * `generated/client/index.ts`: the client's public surface. `createIntercomClient`, the client type,
 * the `operations` registry with the types keyed by operation name, and the runtime's errors and
 * option types, re-exported so callers need one import.
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
import type { ApiModel, NamedTypeModel, OperationModel } from "../../model/types.ts";
import { callDocs, clientFactoryDocs, commentSafe, resourceDocs } from "./docs.ts";
import { docExampleInput, jsLiteral } from "./examples.ts";
import { spaced, type Statement } from "./layout.ts";
import {
  apiShortName,
  clientFactoryName,
  clientTypeName,
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

/** The runtime's public errors, re-exported from the client (its helper functions stay internal). */
const RUNTIME_ERRORS = [
  "ApiError",
  "AuthenticationError",
  "BadRequestError",
  "ConfigurationError",
  "ConflictError",
  "ConnectionError",
  "IntercomError",
  "InternalServerError",
  "NotFoundError",
  "PaginationError",
  "PermissionDeniedError",
  "RateLimitError",
  "ResponseParseError",
  "ResponseValidationError",
  "RiskError",
  "TimeoutError",
  "UnprocessableEntityError",
  "ValidationError",
];

const RUNTIME_TYPES = [
  "ApiErrorItem",
  "ClientHooks",
  "ClientOptions",
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

/** What the runtime is told about this API: servers by region, the default region, version and User-Agent. */
export function runtimeDefaults(model: ApiModel): { servers: Record<string, string>; defaultRegion: string; version: string; userAgent: string } {
  const version = model.headers.find((h) => h.name.toLowerCase() === "intercom-version")?.default ?? model.version;
  return {
    servers: Object.fromEntries(model.servers.map((s) => [s.region, s.url])),
    // The spec lists the default region first.
    defaultRegion: model.servers[0]?.region ?? "us",
    version,
    userAgent: `opspec-${apiShortName(model)}/${model.version}`,
  };
}

/** The schemas module's types are referred to through this namespace: `schemas.AdminsGetInput`. */
const SCHEMAS_NAMESPACE = "schemas";

export function indexFile(model: ApiModel, types: ReadonlyMap<string, NamedTypeModel>): SourceFileStructure {
  const allOps = model.resources.flatMap((r) => r.operations);
  const clientType = clientTypeName(model);

  const statements: Statement[] = [
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: RUNTIME_MODULE,
      namedImports: [
        { kind: StructureKind.ImportSpecifier, name: "IntercomError" },
        { kind: StructureKind.ImportSpecifier, name: "Runtime" },
        ...["ClientOptions", "OperationDef", "RequestOptions", "RuntimeDefaults"].map(
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
      namedExports: RUNTIME_ERRORS,
    },
    {
      kind: StructureKind.ExportDeclaration,
      moduleSpecifier: RUNTIME_MODULE,
      isTypeOnly: true,
      namedExports: RUNTIME_TYPES,
    },
    {
      kind: StructureKind.Interface,
      name: "OperationTypes",
      isExported: true,
      docs: ["The input and output type of every operation, by full name."],
      properties: allOps.map((op) => ({
        name: JSON.stringify(op.fullName),
        type: Writers.objectType({
          properties: [
            { name: "input", type: `${SCHEMAS_NAMESPACE}.${inputTypeName(op)}` },
            { name: "output", type: `${SCHEMAS_NAMESPACE}.${outputTypeName(op)}` },
          ],
        }),
      })),
    },
    {
      kind: StructureKind.TypeAlias,
      name: "OperationName",
      isExported: true,
      docs: ["Full operation names: `\"admins.get\" | \"admins.identify\" | …`."],
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
      docs: ["What the operation named `N` resolves to."],
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
          initializer: Writers.object(Object.fromEntries(allOps.map((op) => [JSON.stringify(op.fullName), operationConstName(op)]))),
        },
      ],
    },
    {
      kind: StructureKind.Interface,
      name: clientType,
      isExported: true,
      docs: [commentSafe(`A client for the ${model.title}: one property per resource, and \`call\` by operation name.`)],
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
          docs: [callDocs(callExample(allOps, types))],
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
      declarationKind: VariableDeclarationKind.Const,
      docs: ["What the runtime needs to know about this API, from the spec."],
      declarations: [
        {
          name: "DEFAULTS",
          type: "RuntimeDefaults",
          initializer: jsLiteral(runtimeDefaults(model)),
        },
      ],
    },
    {
      kind: StructureKind.Function,
      isExported: true,
      name: clientFactoryName(model),
      docs: [clientFactoryDocs(model)],
      parameters: [{ name: "options", type: "ClientOptions" }],
      returnType: clientType,
      statements: [
        "const rt = new Runtime(options, DEFAULTS);",
        Writers.returnStatement(
          Writers.object({
            ...Object.fromEntries(model.resources.map((r) => [r.name, `${resourceFactoryName(r)}(rt)`])),
            call: (writer) =>
              writer
                .write("async (name, ...[input, requestOptions]) =>")
                .block(() => {
                  writer.writeLine("// Guards callers without type checking; typed callers cannot get here.");
                  writer.writeLine(
                    "if (!Object.hasOwn(operations, name)) throw new IntercomError(`unknown operation ${JSON.stringify(name)}`);",
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

/** The first operation that needs an input, as the example for `client.call`. */
function callExample(ops: OperationModel[], types: ReadonlyMap<string, NamedTypeModel>): { name: string; args: string; result: string } | undefined {
  const op = ops.find((o) => !inputIsOptional(o)) ?? ops[0];
  if (!op) return undefined;
  const input = docExampleInput(op, types);
  const args = Object.keys(input).length === 0 && inputIsOptional(op) ? "" : `, ${jsLiteral(input)}`;
  return { name: op.fullName, args, result: op.output.typeName ? op.output.typeName.charAt(0).toLowerCase() + op.output.typeName.slice(1) : "result" };
}
