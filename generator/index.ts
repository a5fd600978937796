/**
 * The `opspec` package's root export, what a config file imports: the config's types and
 * `defineConfig`. Self-contained (no imports), so its declarations are the whole public surface and
 * loading a config never loads the generator. The schema that checks a loaded config, and the
 * defaults, live in config/schema.ts.
 */

/**
 * The identity function that gives a config file's object its type, so editors complete and check it.
 *
 * ```ts
 * // opspec.config.ts
 * import { defineConfig } from "opspec";
 *
 * export default defineConfig({ apis: [{ spec: "spec", out: "generated" }] });
 * ```
 */
export function defineConfig(config: OpspecConfig): OpspecConfig {
  return config;
}

/** Every API this project generates. One `opspec generate` regenerates them all; `--check` checks them all. */
export interface OpspecConfig {
  apis: ApiConfig[];
}

/** One API: a spec folder and the output folder generated from it. Paths are relative to the config file. */
export interface ApiConfig {
  /** The spec folder: `api.yaml` and one YAML file per resource (`"spec"`). */
  spec: string;
  /** The output folder (`"generated"`): a package of its own, replaced as a whole on every run. */
  out: string;
  /** Which artifacts to write; each defaults to true. */
  emit?: EmitConfig;
  /**
   * The PascalCase stem every name derives from, in place of the spec's own (api.yaml's `name`):
   * `Acme` gives `createAcmeClient`, `AcmeError`, `ACME_` variables and, unless api.yaml sets `package`,
   * the package name `acme-client`.
   */
  name?: string;
}

export interface EmitConfig {
  /** The typed client (`client/`). Needs the schemas. */
  client?: boolean;
  /** Zod schemas and their types (`schemas/`). */
  schemas?: boolean;
  /** The OpenAPI documents (`openapi/`): 3.1 (`openapi.json`, `openapi.yaml`) and 3.0.3 (`openapi-3.0.json`). */
  openapi?: boolean | { versions?: OpenApiVersion[] };
  /** Markdown reference pages (`docs/`). */
  docs?: boolean | { basePath?: string };
  /** The MCP server (`mcp/`), one tool per operation. Needs the client. */
  mcp?: boolean;
}

export type OpenApiVersion = "3.1" | "3.0";
