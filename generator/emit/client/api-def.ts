/**
 * What the generated client knows about the API as a whole, from the spec: the options interface
 * (`<Stem>ClientOptions extends BaseClientOptions` with the API's credentials, server option and one
 * option per header) and the `apiDef: ApiDef` literal the runtime reads every convention from.
 */
import { tsKey, tsString } from "../../escape/index.ts";
import type { ApiModel, AuthModel } from "../../model/types.ts";
import { dataLiteral, literalKey } from "../zod/literal.ts";
import { clientOptionsDocs, credentialDocs, headerOptionDocs, serverOptionDocs } from "./docs.ts";
import { listLiteral, objectLiteral } from "../ts-print.ts";
import { exportedInterface, propertySignature, type Member } from "./layout.ts";

/** The options each auth scheme needs; all strings, all required. */
export const CREDENTIAL_OPTIONS: Record<AuthModel["scheme"], readonly string[]> = {
  none: [],
  bearer: ["token"],
  basic: ["username", "password"],
  apiKey: ["apiKey"],
};

const union = (values: readonly string[]): string => values.map(tsString).join(" | ");

/** `export interface PetstoreClientOptions extends BaseClientOptions { … }` */
export function clientOptionsInterface(model: ApiModel): string {
  const credentialText = credentialDocs(model.auth);
  const members: Member[] = CREDENTIAL_OPTIONS[model.auth.scheme].map((name) => ({
    doc: credentialText[name],
    text: propertySignature(tsKey(name), "string"),
  }));
  members.push({
    doc: serverOptionDocs(model),
    text: propertySignature(tsKey(model.naming.serverOption), union(model.servers.map((s) => s.name)), { optional: true }),
  });
  for (const h of model.headers) {
    members.push({
      doc: headerOptionDocs(h),
      text: propertySignature(tsKey(h.option), h.enum && h.enum.length > 0 ? union(h.enum) : "string", { optional: !h.required }),
    });
  }
  return exportedInterface(clientOptionsDocs(model), model.naming.clientOptions, members, "BaseClientOptions");
}

/** Whether the client can be created without options: no credentials and no required header. */
export function optionsAreOptional(model: ApiModel): boolean {
  return CREDENTIAL_OPTIONS[model.auth.scheme].length === 0 && model.headers.every((h) => !h.required);
}

/** The ApiDef as data, in the order a reader looks for things; absent parts left out. */
export function apiDefinition(model: ApiModel): Record<string, unknown> {
  const auth = model.auth.scheme === "apiKey" ? { scheme: "apiKey", in: model.auth.in, name: model.auth.name } : { scheme: model.auth.scheme };
  const { typeName: _type, contentType: _contentType, ...errors } = model.errors;
  return {
    servers: Object.fromEntries(model.servers.map((s) => [s.name, s.url])),
    // The spec lists the default server first.
    defaultServer: model.servers[0]!.name,
    serverOption: model.naming.serverOption,
    auth,
    headers: model.headers.map((h) => ({
      name: h.name,
      option: h.option,
      ...(h.default !== undefined ? { default: h.default } : {}),
      ...(h.required ? { required: true } : {}),
    })),
    errors,
    rateLimit: {
      ...(model.rateLimit.limitHeader !== undefined ? { limitHeader: model.rateLimit.limitHeader } : {}),
      ...(model.rateLimit.remainingHeader !== undefined ? { remainingHeader: model.rateLimit.remainingHeader } : {}),
      ...(model.rateLimit.resetHeader !== undefined ? { resetHeader: model.rateLimit.resetHeader } : {}),
      resetUnit: model.rateLimit.resetUnit,
    },
    userAgent: `${model.naming.packageName}/${model.version}`,
  };
}

/**
 * The ApiDef as a literal: one top-level entry per line, and one header per line when there are
 * several (the formatter keeps the layout it is given); spec data through the escaping module.
 */
export function apiDefLiteral(model: ApiModel): string {
  return objectLiteral(
    Object.entries(apiDefinition(model)).map(([key, value]) => [literalKey(key), Array.isArray(value) ? listLiteral(value.map(dataLiteral)) : dataLiteral(value)]),
  );
}
