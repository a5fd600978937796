/**
 * `generated/client/index.ts`: the client's public surface. The factory, the client type and its
 * options interface (names from `model.naming`), the `apiDef` the runtime reads the API's conventions
 * from, the `operations` registry with the types keyed by operation name, and the runtime's errors
 * (its `ClientError` under the API's own name) and option types, re-exported so callers need one import.
 */
import { tsKey, tsString } from "../../escape/index.ts";
import { jsLiteral, operationExample } from "../../model/examples.ts";
import type { ApiModel, OperationModel } from "../../model/types.ts";
import { exportFrom, importFrom, importNamespace, moduleText, objectLiteral, typeLiteral, type Specifier } from "../ts-print.ts";
import { literalKey } from "../zod/literal.ts";
import { apiDefLiteral, clientOptionsInterface, optionsAreOptional } from "./api-def.ts";
import { callDocs, clientFactoryDocs, docText, resourceDocs } from "./docs.ts";
import { exportedConst, exportedFunction, exportedInterface, exportedType, propertySignature, type Member } from "./layout.ts";
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

export function indexFile(model: ApiModel): string {
  const { naming } = model;
  if (RUNTIME_ERRORS.includes(naming.errorBase) || RUNTIME_TYPES.includes(naming.errorBase))
    throw new Error(`client emitter: the API's error base class '${naming.errorBase}' would clash with the runtime's own ${naming.errorBase}; set the spec's name: to another stem`);
  const allOps = model.resources.flatMap((r) => r.operations);
  const clash = allOps.find((op) => operationConstName(op) === API_DEF_NAME);
  if (clash) throw new Error(`client emitter: operation '${clash.fullName}' would generate '${API_DEF_NAME}', which the client index already declares; rename it`);
  return moduleText(imports(model), [
    runtimeErrorExports(model),
    runtimeTypeExports(),
    clientOptionsInterface(model),
    clientOptionsAlias(model),
    operationTypesInterface(allOps),
    operationNameType(allOps),
    ...operationTypeHelpers(),
    operationsRegistry(allOps),
    clientInterface(model, allOps),
    apiDefConst(model),
    clientFactory(model),
  ]);
}

/** The runtime (its error base, `Runtime` and the types the file names), the schemas' types as a namespace, and each resource's file. */
function imports(model: ApiModel): string[] {
  const typeOnly = (name: string): Specifier => ({ name, type: true });
  return [
    importFrom(RUNTIME_MODULE, [BASE_ERROR, "Runtime", ...["ApiDef", "BaseClientOptions", "OperationDef", "RequestOptions"].map(typeOnly)]),
    importNamespace(SCHEMAS_NAMESPACE, SCHEMAS_INDEX_MODULE, true),
    ...model.resources.map((r) =>
      importFrom(resourceModule(r), [...r.operations.map(operationConstName), resourceFactoryName(r), typeOnly(resourceTypeName(r))]),
    ),
  ];
}

/** `export { ApiError, …, ClientError as PetstoreError, … } from "./runtime/index.js";`, sorted by exported name. */
function runtimeErrorExports(model: ApiModel): string {
  const errorBase = model.naming.errorBase;
  const names: { name: string; alias: string }[] = [...RUNTIME_ERRORS.map((name) => ({ name, alias: name })), { name: BASE_ERROR, alias: errorBase }];
  return exportFrom(RUNTIME_MODULE, names.sort((a, b) => (a.alias < b.alias ? -1 : 1)));
}

/** `export type { ApiDef, … } from "./runtime/index.js";` */
function runtimeTypeExports(): string {
  return exportFrom(RUNTIME_MODULE, RUNTIME_TYPES, true);
}

/** `export type ClientOptions = PetstoreClientOptions;`, the name earlier versions used. */
function clientOptionsAlias(model: ApiModel): string {
  const doc = docText(`The same as \`${model.naming.clientOptions}\`, under the name earlier versions of this client used.`);
  return exportedType(doc, "ClientOptions", model.naming.clientOptions);
}

/** `export interface OperationTypes { "admins.get": { input: …; output: … }; … }` */
function operationTypesInterface(ops: readonly OperationModel[]): string {
  const members = ops.map(
    (op): Member => ({
      doc: op.deprecated ? "@deprecated The API marks this operation as deprecated." : undefined,
      text: propertySignature(
        tsString(op.fullName),
        typeLiteral([
          `input: ${SCHEMAS_NAMESPACE}.${inputTypeName(op)}`,
          `output: ${op.output ? `${SCHEMAS_NAMESPACE}.${outputTypeName(op)}` : "void"}`,
        ]),
      ),
    }),
  );
  return exportedInterface("The input and output type of every operation, by full name.", "OperationTypes", members);
}

/** `export type OperationName = keyof OperationTypes;`, documented with the first two names. */
function operationNameType(ops: readonly OperationModel[]): string {
  const examples = [...ops.slice(0, 2).map((op) => tsString(op.fullName)), ...(ops.length > 2 ? ["…"] : [])].join(" | ");
  return exportedType(docText(`Full operation names: \`${examples}\`.`), "OperationName", "keyof OperationTypes");
}

/** `OperationInput<N>`, `OperationOutput<N>` and `OperationArgs<N>`: the same for every API. */
function operationTypeHelpers(): string[] {
  const N = "<N extends OperationName>";
  return [
    exportedType("The input of the operation named `N`.", "OperationInput", 'OperationTypes[N]["input"]', N),
    exportedType("What the operation named `N` resolves to (`void` when it answers without a body).", "OperationOutput", 'OperationTypes[N]["output"]', N),
    exportedType(
      "The arguments of `client.call` after the name: the input may be left out when nothing in it is required.",
      "OperationArgs",
      "{} extends OperationInput<N> ? [input?: OperationInput<N>, options?: RequestOptions] : [input: OperationInput<N>, options?: RequestOptions]",
      N,
    ),
  ];
}

/** `export const operations = { "admins.get": adminsGet, … };` */
function operationsRegistry(ops: readonly OperationModel[]): string {
  return exportedConst(
    "Every operation by full name: route, risk, wire names and Zod schemas, as the client runs them.",
    "operations",
    "{ readonly [N in OperationName]: OperationDef<OperationInput<N>, OperationOutput<N>> }",
    objectLiteral(ops.map((op) => [tsString(op.fullName), operationConstName(op)])),
  );
}

/** `export interface PetstoreClient { readonly admins: AdminsResource; …; call(…) }` */
function clientInterface(model: ApiModel, ops: OperationModel[]): string {
  const members: Member[] = model.resources.map((r) => ({
    doc: resourceDocs(r),
    text: propertySignature(tsKey(r.name), resourceTypeName(r), { readonly: true }),
  }));
  members.push({
    doc: callDocs(callExample(model, ops)),
    text: "call<N extends OperationName>(name: N, ...args: OperationArgs<N>): Promise<OperationOutput<N>>",
  });
  const doc = docText(`A client for the ${model.title}: one property per resource, and \`call\` by operation name.`);
  return exportedInterface(doc, model.naming.clientType, members);
}

/** `export const apiDef: ApiDef = { … };` */
function apiDefConst(model: ApiModel): string {
  const doc = "What the runtime knows about this API, from the spec: servers, credentials, headers, where errors carry their details, rate-limit headers.";
  return exportedConst(doc, API_DEF_NAME, "ApiDef", apiDefLiteral(model));
}

/** `export function createPetstoreClient(options): PetstoreClient { … }`: the runtime, one object per resource, and `call`. */
function clientFactory(model: ApiModel): string {
  const { naming } = model;
  const call = [
    "async (name, ...[input, requestOptions]) => {",
    "// Guards callers without type checking; typed callers cannot get here.",
    `if (!Object.hasOwn(operations, name)) throw new ${BASE_ERROR}(\`unknown operation \${JSON.stringify(name)}\`);`,
    "return rt.call(operations[name], input, requestOptions);",
    "}",
  ].join("\n");
  const client = objectLiteral([
    ...model.resources.map((r): [string, string] => [literalKey(r.name), `${resourceFactoryName(r)}(rt)`]),
    ["call", call],
  ]);
  return exportedFunction(
    clientFactoryDocs(model),
    naming.clientFactory,
    `options: ${naming.clientOptions}${optionsAreOptional(model) ? " = {}" : ""}`,
    naming.clientType,
    [
      // A copy: the runtime reads the API's own options by name, and later changes to the caller's object do not reach it.
      `const rt = new Runtime({ ...options }, ${API_DEF_NAME});`,
      `return ${client};`,
    ],
  );
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
