/**
 * The MCP server's configuration: environment variables in, client options and the exposed tools out.
 * Pure functions (the environment and the API's contract are passed in), so every rule is testable
 * without a process. Which variables exist comes from the spec (`EnvContract`, generated); nothing
 * here names an API.
 *
 * Every problem is reported at once, one line each; an empty variable counts as unset (MCP hosts
 * often write `"VAR": ""` for "not set"). No message ever quotes a credential's value.
 */
import { isRisk, riskRank, RISKS, type EnvContract, type EnvSetting, type Risk, type ToolDef } from "./types.js";

export const DEFAULT_MAX_RISK: Risk = "write";

export type Env = Readonly<Record<string, string | undefined>>;

export interface ServerConfig {
  /** The client factory's options: the API's settings by option name, and the common ones. */
  client: Record<string, unknown>;
  maxRisk: Risk;
  /** The `<PREFIX>_TOOLS` entries, or undefined when every tool (up to the risk) is wanted. */
  filter: string[] | undefined;
}

export type ConfigResult<T> = { ok: true; value: T; warnings: string[] } | { ok: false; errors: string[] };

const list = (values: readonly string[], last = "or"): string =>
  values.length <= 1 ? values.join("") : `${values.slice(0, -1).join(", ")} ${last} ${values[values.length - 1]}`;

/** A variable's value as the server uses it: trimmed, empty = unset; `emptyWhenUnset` settings taken as given. */
function valueOf(env: Env, setting: Pick<EnvSetting, "name" | "emptyWhenUnset">): string | undefined {
  const raw = env[setting.name];
  if (setting.emptyWhenUnset) return raw ?? "";
  const value = raw?.trim();
  return value === "" ? undefined : value;
}

/**
 * Reads the environment. `requireCredentials: false` is for `--list-tools`, which calls nothing: then
 * neither credentials nor required headers need to be set.
 */
export function readConfig(env: Env, contract: EnvContract, options: { requireCredentials?: boolean } = {}): ConfigResult<ServerConfig> {
  const errors: string[] = [];
  const warnings: string[] = [];
  const required = options.requireCredentials !== false;
  const names = contract.general;
  const get = (name: string): string | undefined => valueOf(env, { name });
  const client: Record<string, unknown> = {};

  const baseUrl = get(names.baseUrl);
  for (const setting of contract.settings) {
    const value = valueOf(env, setting);
    if (value === undefined) {
      if (setting.required && required) {
        errors.push(`${setting.name} is not set: set it to ${setting.what}${setting.description ? `. ${setting.description}` : ""}`);
      }
      continue;
    }
    if (setting.values && !setting.values.includes(value)) {
      // Only settings with a fixed set of values get here, and none of them is a credential.
      errors.push(`${setting.name} must be ${setting.values.length === 1 ? "" : "one of "}${list(setting.values)}, not ${setting.secret ? "the value given" : JSON.stringify(value)}`);
      continue;
    }
    if (setting.kind === "server" && baseUrl !== undefined) {
      warnings.push(`${names.baseUrl} is set, so ${setting.name}=${value} is ignored`);
      continue;
    }
    client[setting.option] = value;
  }
  const maxRiskText = get(names.maxRisk);
  let maxRisk = DEFAULT_MAX_RISK;
  if (maxRiskText !== undefined) {
    if (isRisk(maxRiskText)) maxRisk = maxRiskText;
    else errors.push(`${names.maxRisk} must be ${list(RISKS)}, not ${JSON.stringify(maxRiskText)}`);
  }

  const count = (name: string, min: number): number | undefined => {
    const text = get(name);
    if (text === undefined) return undefined;
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(n) || n < min) {
      errors.push(`${name} must be a whole number${min > 0 ? ` >= ${min}` : ""}, not ${JSON.stringify(text)}`);
      return undefined;
    }
    return n;
  };
  const maxRetries = count(names.maxRetries, 0);
  const retryBaseMs = count(names.retryBaseMs, 0);
  const timeoutMs = count(names.timeoutMs, 1);

  const filter = get(names.tools)
    ?.split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

  if (errors.length > 0) return { ok: false, errors };
  client.maxRisk = maxRisk;
  if (baseUrl !== undefined) client.baseUrl = baseUrl;
  if (maxRetries !== undefined) client.maxRetries = maxRetries;
  if (timeoutMs !== undefined) client.timeoutMs = timeoutMs;
  if (retryBaseMs !== undefined) client.retryDelay = { baseMs: retryBaseMs };
  return { ok: true, value: { client, maxRisk, filter: filter && filter.length > 0 ? filter : undefined }, warnings };
}

/**
 * The secrets the environment holds, whatever else is wrong with it, as the client treats them: the
 * token or API key; for basic auth the `user:password` pair and the password, or the user name when
 * the password is empty (an API key sent as the user name). Values are taken raw and trimmed.
 */
export function secretsOf(env: Env, contract: EnvContract): string[] {
  const secrets = new Set<string>();
  const credentials = contract.settings.filter((s) => s.kind === "credential");
  for (const s of credentials) {
    const raw = env[s.name];
    if (raw === undefined) continue;
    if (contract.auth === "basic" && !s.emptyWhenUnset) continue;
    secrets.add(raw);
    secrets.add(raw.trim());
  }
  if (contract.auth === "basic") {
    const username = credentials.find((s) => !s.emptyWhenUnset);
    const password = credentials.find((s) => s.emptyWhenUnset);
    const user = username ? valueOf(env, username) : undefined;
    const pass = password ? valueOf(env, password) ?? "" : "";
    if (user !== undefined) {
      secrets.add(`${user}:${pass}`);
      if (pass === "") {
        secrets.add(user);
        const raw = env[username!.name];
        if (raw !== undefined) secrets.add(raw);
      }
    }
  }
  secrets.delete("");
  return [...secrets];
}

export interface ToolSelection<T extends ToolDef> {
  /** The tools to list and serve, in catalog order. */
  exposed: T[];
  /** Every other tool of the catalog → why it is not served (told to a client that calls it anyway). */
  hidden: Map<string, string>;
}

/**
 * The tools a server with this risk ceiling and filter serves. A filter entry names a resource
 * (`contacts`), a tool (`contacts_get`) or an operation (`contacts.get`); an entry that names nothing is an
 * error, and so is a selection that leaves no tool at all.
 */
export function selectTools<T extends ToolDef>(
  catalog: readonly T[],
  maxRisk: Risk,
  filter: readonly string[] | undefined,
  contract: Pick<EnvContract, "general">,
): ConfigResult<ToolSelection<T>> {
  const errors: string[] = [];
  const warnings: string[] = [];
  const { tools: TOOLS, maxRisk: MAX_RISK } = contract.general;
  const matches = (tool: T, entry: string): boolean =>
    entry === tool.resource || entry === tool.name || entry === tool.operation;
  if (filter) {
    for (const entry of filter) {
      const named = catalog.filter((t) => matches(t, entry));
      if (named.length === 0) {
        const resources = [...new Set(catalog.map((t) => t.resource))].join(", ");
        errors.push(`${TOOLS}: ${JSON.stringify(entry)} is neither a resource (${resources}) nor a tool name${catalog[0] ? ` (e.g. ${catalog[0].name})` : ""}`);
      } else if (named.every((t) => riskRank(t.risk) > riskRank(maxRisk))) {
        warnings.push(`${TOOLS}: ${entry} stays hidden: its risk is above ${MAX_RISK}=${maxRisk}`);
      }
    }
  }
  const exposed: T[] = [];
  const hidden = new Map<string, string>();
  for (const tool of catalog) {
    if (riskRank(tool.risk) > riskRank(maxRisk)) {
      hidden.set(
        tool.name,
        `tool ${tool.name} is not available: its risk is "${tool.risk}" and this server allows at most "${maxRisk}" ` +
          `(start the server with ${MAX_RISK}=${tool.risk} to allow it)`,
      );
    } else if (filter && !filter.some((entry) => matches(tool, entry))) {
      hidden.set(tool.name, `tool ${tool.name} is not available: ${TOOLS}=${filter.join(",")} leaves it out`);
    } else {
      exposed.push(tool);
    }
  }
  if (errors.length === 0 && exposed.length === 0) {
    errors.push(`no tool is left to serve: ${TOOLS}=${filter?.join(",") ?? ""} with ${MAX_RISK}=${maxRisk} selects nothing`);
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { exposed, hidden }, warnings };
}

/** Words wrapped to `width` columns, continuation lines indented by `indent`. */
function wrap(text: string, indent: number, width: number): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== "" && indent + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(line);
  return lines.join(`\n${" ".repeat(indent)}`);
}

/** The `Environment:` part of `--help`: every variable the server reads, from the contract. */
export function envHelp(contract: EnvContract, width = 100): string {
  const g = contract.general;
  const server = contract.settings.find((s) => s.kind === "server");
  const rows: [string, string][] = [];
  for (const s of contract.settings.filter((s) => s.kind === "credential")) rows.push([s.name, settingHelp(s)]);
  rows.push([g.baseUrl, `the API's base URL${server ? `; overrides ${server.name}` : ""}`]);
  for (const s of contract.settings.filter((s) => s.kind !== "credential")) rows.push([s.name, settingHelp(s)]);
  rows.push(
    [g.maxRisk, `${RISKS.join(" | ")} (default ${DEFAULT_MAX_RISK}): tools above it are neither listed nor callable`],
    [g.tools, "optional filter: comma-separated resources, tool names or operation names"],
    [g.maxRetries, "retries after the first attempt (default 2)"],
    [g.retryBaseMs, "backoff base in milliseconds (default 500)"],
    [g.timeoutMs, "timeout per attempt in milliseconds (default 30000)"],
  );
  const column = Math.max(...rows.map(([name]) => name.length)) + 4;
  const body = rows.map(([name, text]) => `  ${name.padEnd(column - 2)}${wrap(text, column, width)}`).join("\n");
  const none = contract.auth === "none" ? `\n\nThe ${contract.api} needs no credentials.` : "";
  return `Environment (an empty variable counts as unset):\n${body}${none}`;
}

function settingHelp(s: EnvSetting): string {
  const facts = [
    s.required ? "required" : undefined,
    s.default !== undefined && s.kind !== "server" ? `default ${s.default}` : undefined,
    s.values && s.kind !== "server" ? `one of ${s.values.join(", ")}` : undefined,
    s.secret ? "never shown" : undefined,
  ].filter((f) => f !== undefined);
  return `${s.what}${facts.length > 0 ? ` (${facts.join("; ")})` : ""}${s.description ? `. ${s.description}` : ""}`;
}
