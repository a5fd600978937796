/**
 * The MCP server's environment contract, from the model: which variables configure it, what each sets
 * and how `--help` and the errors describe it. Every name is `<envPrefix>_<SCREAMING_SNAKE of the client
 * option>`, one rule for all of them:
 *
 *   credentials   bearer: _TOKEN; basic: _USERNAME and _PASSWORD (unset = empty); apiKey: _API_KEY
 *   server        _<serverOption> (`PETSTORE_REGION`, `BOOKSHELF_SERVER`), overridden by _BASE_URL
 *   headers       one per spec header, named after its client option (`apiVersion` → `PETSTORE_API_VERSION`)
 *   the server's  _BASE_URL, _MAX_RISK, _TOOLS, _MAX_RETRIES, _RETRY_BASE_MS, _TIMEOUT_MS
 *
 * Two settings that would share a variable are a spec the server cannot serve: the emitter throws.
 */
import { screamingSnakeCase } from "../../model/naming.ts";
import type { EnvContract, EnvSetting, GeneralSetting } from "../../mcp/types.ts";
import type { ApiModel } from "../../model/types.ts";
import { plainText } from "./tools.ts";

/** The server's own settings, by the option they set. */
export const GENERAL_SETTINGS: readonly GeneralSetting[] = ["baseUrl", "maxRisk", "tools", "maxRetries", "retryBaseMs", "timeoutMs"];

export const envName = (model: ApiModel, option: string): string => `${model.naming.envPrefix}_${screamingSnakeCase(option)}`;

function credentialSettings(model: ApiModel): EnvSetting[] {
  const auth = model.auth;
  const api = plainText(model.title);
  const description = auth.scheme !== "none" && auth.description ? plainText(auth.description) : undefined;
  const described = description === undefined ? {} : { description };
  const credential = (option: string, what: string, extra: Partial<EnvSetting> = {}): EnvSetting => ({
    name: envName(model, option),
    option,
    kind: "credential",
    what,
    ...described,
    required: true,
    secret: true,
    ...extra,
  });
  switch (auth.scheme) {
    case "none":
      return [];
    case "bearer":
      return [credential("token", `the bearer token for the ${api} (sent as Authorization: Bearer)`)];
    case "basic":
      return [
        credential("username", `the user name for HTTP basic authentication with the ${api}`),
        credential("password", `the password for HTTP basic authentication with the ${api}; unset means an empty password`, {
          required: false,
          emptyWhenUnset: true,
        }),
      ];
    case "apiKey":
      return [
        credential(
          "apiKey",
          `the API key for the ${api} (sent ${auth.in === "header" ? `in the ${plainText(auth.name)} header` : `as the ${plainText(auth.name)} query parameter`})`,
        ),
      ];
  }
}

export function envContract(model: ApiModel): EnvContract {
  const api = plainText(model.title);
  const settings = credentialSettings(model);
  const servers = model.servers.map((s, i) => `${s.name} (${plainText(s.url)}${i === 0 ? ", the default" : ""})`).join(", ");
  settings.push({
    name: envName(model, model.naming.serverOption),
    option: model.naming.serverOption,
    kind: "server",
    what: `which server of the ${api} to call: ${servers}; ${envName(model, "baseUrl")} overrides it`,
    required: false,
    secret: false,
    values: model.servers.map((s) => s.name),
    default: model.servers[0]!.name,
  });
  for (const h of model.headers) {
    settings.push({
      name: envName(model, h.option),
      option: h.option,
      kind: "header",
      what: `the value of the ${plainText(h.name)} header`,
      ...(h.description ? { description: plainText(h.description) } : {}),
      required: h.required,
      secret: false,
      ...(h.enum && h.enum.length > 0 ? { values: [...h.enum] } : {}),
      ...(h.default !== undefined ? { default: h.default } : {}),
    });
  }
  const general = Object.fromEntries(GENERAL_SETTINGS.map((option) => [option, envName(model, option)])) as Record<GeneralSetting, string>;
  const claims: [name: string, what: string][] = [
    ...settings.map((s): [string, string] => [s.name, `the ${s.kind} option ${s.option}`]),
    ...GENERAL_SETTINGS.map((option): [string, string] => [general[option], `the server setting ${option}`]),
  ];
  const owners = new Map<string, string>();
  for (const [name, what] of claims) {
    const other = owners.get(name);
    if (other !== undefined) throw new Error(`mcp emitter: ${other} and ${what} would both be read from ${name}; rename one of them in the spec`);
    owners.set(name, what);
  }
  return { api, prefix: model.naming.envPrefix, auth: model.auth.scheme, settings, general };
}
