/**
 * The config's schema and its defaults, in one place. `parseConfig` checks a loaded value and returns
 * it resolved: absolute folders, every emit switch decided. A problem is a `ConfigError` (exit code 2)
 * whose lines each name the bad key by its path: `apis[0].emit.openapi.versions[0]: …`.
 */
import path from "node:path";
import { z } from "zod";
import { closest } from "../check/did-you-mean.ts";
import { UserError } from "../user-error.ts";
import type { OpenApiVersion, OpspecConfig } from "../index.ts";

/** Without a config file: the spec in spec/, the output in generated/, everything emitted. */
export const DEFAULT_API = { spec: "spec", out: "generated" } as const;
export const OPENAPI_VERSIONS: readonly OpenApiVersion[] = ["3.1", "3.0"];

const folder = z.string().min(1, "an empty path; name a folder");

const EmitSchema = z.strictObject({
  client: z.boolean().optional(),
  schemas: z.boolean().optional(),
  openapi: z.union([z.boolean(), z.strictObject({ versions: z.array(z.enum(OPENAPI_VERSIONS)).min(1).optional() })]).optional(),
  docs: z.union([z.boolean(), z.strictObject({ basePath: z.string().optional() })]).optional(),
  mcp: z.boolean().optional(),
});

const ApiSchema = z.strictObject({
  spec: folder,
  out: folder,
  emit: EmitSchema.optional(),
  name: z.string().regex(/^[A-Z][A-Za-z0-9]*$/, "a PascalCase name such as Acme").optional(),
});

export const ConfigSchema = z.strictObject({ apis: z.array(ApiSchema).min(1, "list at least one API") }) satisfies z.ZodType<OpspecConfig>;

/** One API of the config with every default applied. */
export interface ResolvedApi {
  /** Where it came from, for messages: `apis[0]`. */
  label: string;
  /** The config file as shown in messages (`opspec.config.ts`); undefined for the defaults. */
  file?: string;
  specDir: string;
  outDir: string;
  emit: {
    client: boolean;
    schemas: boolean;
    /** The OpenAPI versions to write; empty: none. */
    openapi: OpenApiVersion[];
    docs: false | { basePath?: string };
    mcp: boolean;
  };
  name?: string;
}

const DEFAULTS = "(defaults)";

export class ConfigError extends UserError {
  /** `cause`: the error behind it (a parser's, an import's), which --debug prints with its stack. */
  constructor(message: string, cause?: unknown) {
    super(message, 2);
    if (cause !== undefined) this.cause = cause;
  }
}

/** Checks `value` (a config file's content) and resolves its folders against `baseDir`, the config file's folder. */
export function parseConfig(value: unknown, file: string, baseDir: string): ResolvedApi[] {
  const parsed = ConfigSchema.safeParse(value, { reportInput: true });
  // One line, as every failure of the command line is: the problems joined by semicolons.
  if (!parsed.success) throw new ConfigError(`${file}: ${parsed.error.issues.flatMap(issueTexts).join("; ")}`);
  const apis = parsed.data.apis.map((api, i): ResolvedApi => {
    const emit = api.emit ?? {};
    const openapi = emit.openapi ?? true;
    const resolved: ResolvedApi = {
      label: `apis[${i}]`,
      specDir: path.resolve(baseDir, api.spec),
      outDir: path.resolve(baseDir, api.out),
      emit: {
        client: emit.client ?? true,
        schemas: emit.schemas ?? true,
        openapi: openapi === true ? [...OPENAPI_VERSIONS] : openapi === false ? [] : OPENAPI_VERSIONS.filter((v) => (openapi.versions ?? OPENAPI_VERSIONS).includes(v)),
        docs: emit.docs === false ? false : emit.docs === true || emit.docs === undefined ? {} : emit.docs,
        mcp: emit.mcp ?? true,
      },
    };
    if (api.name !== undefined) resolved.name = api.name;
    if (file !== DEFAULTS) resolved.file = file;
    return resolved;
  });
  const problems = apis.flatMap((api, i) => consistency(api, apis.slice(0, i)));
  if (problems.length > 0) throw new ConfigError(`${file}: ${problems.join("; ")}`);
  return apis;
}

/** The defaults, when there is no config file: one API, spec/ → generated/ under `cwd`. */
export function defaultApis(cwd: string): ResolvedApi[] {
  return parseConfig({ apis: [DEFAULT_API] }, DEFAULTS, cwd).map((api) => ({ ...api, label: "the default API" }));
}

/**
 * What the schema alone cannot see: artifacts that need others, and folders one API's run would delete
 * for another. A run replaces its output folder as a whole, so an output folder inside another API's
 * (or holding it) is deleted and rebuilt by turns on every run, and `--check` never passes; a spec
 * folder in another API's output folder is deleted outright. An API's own spec folder in its own
 * output folder is refused when it runs (write/output-folder.ts), --spec and --out included.
 */
function consistency(api: ResolvedApi, before: readonly ResolvedApi[]): string[] {
  const problems: string[] = [];
  if (api.emit.client && !api.emit.schemas) problems.push(`${api.label}.emit.schemas: the client needs the schemas; remove 'schemas: false' or add 'client: false'`);
  if (api.emit.mcp && !api.emit.client) problems.push(`${api.label}.emit.mcp: the MCP server needs the client; remove 'client: false' or add 'mcp: false'`);
  for (const other of before) {
    if (other.outDir === api.outDir) problems.push(`${api.label}.out: the same output folder as ${other.label}.out; each API needs its own`);
    else if (isInside(api.outDir, other.outDir)) problems.push(`${api.label}.out: inside ${other.label}.out; ${OWN_OUT}`);
    else if (isInside(other.outDir, api.outDir)) problems.push(`${api.label}.out: holds ${other.label}.out; ${OWN_OUT}`);
    for (const [out, spec] of [[api, other], [other, api]] as const) {
      if (isInside(spec.specDir, out.outDir))
        problems.push(`${out.label}.out: ${spec.specDir === out.outDir ? "the same folder as" : "holds"} ${spec.label}.spec; ${NO_SPEC_IN_OUT}`);
    }
  }
  return problems;
}

const OWN_OUT = "an output folder is replaced as a whole, so each API needs its own, outside the others'";
const NO_SPEC_IN_OUT = "an output folder is replaced as a whole, so no spec folder can be in one";

/** True when `inner` is `outer` or below it; both absolute and normalized (`gen` does not hold `generated`). */
function isInside(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** One text per problem: the key's path, then what is wrong with it. */
function issueTexts(issue: z.core.$ZodIssue): string[] {
  const where = keyPath(issue.path);
  if (issue.code === "unrecognized_keys") {
    const known = knownKeys(issue.path);
    return issue.keys.map((key) => {
      const hint = closest(key, known);
      return `${keyPath([...issue.path, key])}: unknown key${hint ? `; did you mean '${hint}'?` : ` (known: ${known.join(", ")})`}`;
    });
  }
  if (issue.code === "invalid_type" && issue.input === undefined) return [`${where}: missing (expected ${issue.expected})`];
  if (issue.code === "invalid_union") {
    // The branch that got past the value's type holds the real problem (`{ versions: ["3.2"] }`).
    const inner = issue.errors.find((branch) => !branch.every((i) => i.code === "invalid_type" && i.path.length === 0));
    if (inner) return inner.flatMap((i) => issueTexts({ ...i, path: [...issue.path, ...i.path] }));
    return [`${where}: expected ${unionExpectation(issue.path)}`];
  }
  return [`${where || "the config"}: ${issue.message.replace(/^Invalid input: /, "").replace(/^[A-Z]/, (c) => c.toLowerCase())}`];
}

/** `apis[0].emit.openapi`: keys joined with dots, indices in brackets. */
export function keyPath(segments: readonly PropertyKey[]): string {
  return segments.map((s, i) => (typeof s === "number" ? `[${s}]` : `${i === 0 ? "" : "."}${String(s)}`)).join("");
}

function knownKeys(at: readonly PropertyKey[]): string[] {
  const names = at.filter((s) => typeof s === "string");
  const last = names.at(-1);
  if (last === undefined) return Object.keys(ConfigSchema.shape);
  if (last === "apis") return Object.keys(ApiSchema.shape);
  if (last === "emit") return Object.keys(EmitSchema.shape);
  if (last === "openapi") return ["versions"];
  if (last === "docs") return ["basePath"];
  return [];
}

function unionExpectation(at: readonly PropertyKey[]): string {
  const last = at.at(-1);
  if (last === "openapi") return `true, false or { versions: ["3.1", "3.0"] }`;
  if (last === "docs") return `true, false or { basePath: "…" }`;
  return "another value";
}
