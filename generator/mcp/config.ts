/**
 * The MCP server's configuration: environment variables in, client options and the exposed tools out.
 * Pure functions (the environment is passed in), so every rule is testable without a process.
 *
 * Every problem is reported at once, as one line each; an empty variable counts as unset (MCP hosts
 * often write `"VAR": ""` for "not set").
 */
import { isRisk, riskRank, RISKS, type ClientConfig, type Risk, type ToolDef } from "./types.js";

export const ENV_HELP = `Environment:
  INTERCOM_TOKEN           required: an Intercom access token (sent as Authorization: Bearer, never shown)
  INTERCOM_BASE_URL        API base URL; overrides INTERCOM_REGION
  INTERCOM_REGION          data-hosting region: REGIONS (default DEFAULT_REGION)
  INTERCOM_MAX_RISK        read | write | destructive (default write): tools above it are neither listed
                           nor callable
  INTERCOM_TOOLS           optional filter, comma-separated resources, tool names or operation names,
                           e.g. admins,contacts_get
  INTERCOM_MAX_RETRIES     retries after the first attempt (default 2)
  INTERCOM_RETRY_BASE_MS   backoff base in milliseconds (default 500)
  INTERCOM_TIMEOUT_MS      timeout per attempt in milliseconds (default 30000)`;

export const DEFAULT_MAX_RISK: Risk = "write";

export type Env = Readonly<Record<string, string | undefined>>;

export interface ServerConfig<Region extends string = string> {
  client: ClientConfig<Region>;
  maxRisk: Risk;
  /** The INTERCOM_TOOLS entries, or undefined when every tool (up to the risk) is wanted. */
  filter: string[] | undefined;
}

export type ConfigResult<T> = { ok: true; value: T; warnings: string[] } | { ok: false; errors: string[] };

/** Reads the environment. `requireToken: false` is for `--list-tools`, which calls nothing. */
export function readConfig<Region extends string>(
  env: Env,
  options: { regions: readonly Region[]; requireToken?: boolean },
): ConfigResult<ServerConfig<Region>> {
  const errors: string[] = [];
  const warnings: string[] = [];
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === "" ? undefined : value;
  };

  const token = get("INTERCOM_TOKEN");
  if (token === undefined && options.requireToken !== false) {
    errors.push("INTERCOM_TOKEN is not set: set it to an Intercom access token (Settings > Integrations > Developer Hub)");
  }

  const maxRiskText = get("INTERCOM_MAX_RISK");
  let maxRisk = DEFAULT_MAX_RISK;
  if (maxRiskText !== undefined) {
    if (isRisk(maxRiskText)) maxRisk = maxRiskText;
    else errors.push(`INTERCOM_MAX_RISK must be ${RISKS.join(", ").replace(/, (?=[^,]*$)/, " or ")}, not ${JSON.stringify(maxRiskText)}`);
  }

  const baseUrl = get("INTERCOM_BASE_URL");
  const regionText = get("INTERCOM_REGION");
  let region: Region | undefined;
  if (regionText !== undefined) {
    const known = options.regions.find((r) => r === regionText);
    if (known === undefined) errors.push(`INTERCOM_REGION must be one of ${options.regions.join(", ")}, not ${JSON.stringify(regionText)}`);
    else if (baseUrl !== undefined) warnings.push(`INTERCOM_BASE_URL is set, so INTERCOM_REGION=${regionText} is ignored`);
    else region = known;
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
  const maxRetries = count("INTERCOM_MAX_RETRIES", 0);
  const retryBaseMs = count("INTERCOM_RETRY_BASE_MS", 0);
  const timeoutMs = count("INTERCOM_TIMEOUT_MS", 1);

  const filterText = get("INTERCOM_TOOLS");
  const filter = filterText
    ?.split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

  if (errors.length > 0) return { ok: false, errors };
  const client: ClientConfig<Region> = { token: token ?? "", maxRisk };
  if (baseUrl !== undefined) client.baseUrl = baseUrl;
  if (region !== undefined) client.region = region;
  if (maxRetries !== undefined) client.maxRetries = maxRetries;
  if (timeoutMs !== undefined) client.timeoutMs = timeoutMs;
  if (retryBaseMs !== undefined) client.retryDelay = { baseMs: retryBaseMs };
  return { ok: true, value: { client, maxRisk, filter: filter && filter.length > 0 ? filter : undefined }, warnings };
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
): ConfigResult<ToolSelection<T>> {
  const errors: string[] = [];
  const warnings: string[] = [];
  const matches = (tool: T, entry: string): boolean =>
    entry === tool.resource || entry === tool.name || entry === tool.operation;
  if (filter) {
    for (const entry of filter) {
      const named = catalog.filter((t) => matches(t, entry));
      if (named.length === 0) {
        const resources = [...new Set(catalog.map((t) => t.resource))].join(", ");
        errors.push(`INTERCOM_TOOLS: ${JSON.stringify(entry)} is neither a resource (${resources}) nor a tool name (e.g. ${catalog[0]?.name ?? "admins_get"})`);
      } else if (named.every((t) => riskRank(t.risk) > riskRank(maxRisk))) {
        warnings.push(`INTERCOM_TOOLS: ${entry} stays hidden: its risk is above INTERCOM_MAX_RISK=${maxRisk}`);
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
          `(start the server with INTERCOM_MAX_RISK=${tool.risk} to allow it)`,
      );
    } else if (filter && !filter.some((entry) => matches(tool, entry))) {
      hidden.set(tool.name, `tool ${tool.name} is not available: INTERCOM_TOOLS=${filter.join(",")} leaves it out`);
    } else {
      exposed.push(tool);
    }
  }
  if (errors.length === 0 && exposed.length === 0) {
    errors.push(`no tool is left to serve: INTERCOM_TOOLS=${filter?.join(",") ?? ""} with INTERCOM_MAX_RISK=${maxRisk} selects nothing`);
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { exposed, hidden }, warnings };
}

/** ENV_HELP with the API's regions filled in. */
export function envHelp(regions: readonly string[]): string {
  return ENV_HELP.replace("REGIONS", regions.join(" | ")).replace("DEFAULT_REGION", regions[0] ?? "");
}
