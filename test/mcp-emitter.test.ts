/**
 * The MCP emitter and the server's building blocks, without processes: tool names (long ones
 * included), annotations, descriptions per pagination style, the environment contract per auth scheme,
 * the emitted files, how the environment selects tools, the redactor, the JSON-RPC line reader and the
 * bounded stdio transport. Counts and names come from the specs, never from constants.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkSpec } from "../generator/check/check-spec.ts";
import { emitMcp, MCP_DIR } from "../generator/emit/mcp/index.ts";
import { envContract } from "../generator/emit/mcp/env.ts";
import { readMcpSources } from "../generator/emit/mcp/sources.ts";
import { hashedToolName, paginationText, readableToolName, toolAnnotations, toolDescription, toolNames, TOOL_NAME_PATTERN } from "../generator/emit/mcp/tools.ts";
import { envHelp, readConfig, secretsOf, selectTools } from "../generator/mcp/config.ts";
import { oversizedRequestId, readLine } from "../generator/mcp/jsonrpc.ts";
import { errorReplyRedactor, redactor, secretSpellings } from "../generator/mcp/redact.ts";
import { LineTransport } from "../generator/mcp/stdio.ts";
import type { EnvContract, ToolDef } from "../generator/mcp/types.ts";
import { loadSpec } from "../generator/load/load-spec.ts";
import { buildModel } from "../generator/model/build-model.ts";
import type { ApiModel, OperationModel } from "../generator/model/types.ts";
import { finishFiles } from "../generator/write/finish.ts";
import { loadModel, modelFromTexts, ROOT } from "./helpers/spec.ts";

const opsOf = (model: ApiModel): OperationModel[] => model.resources.flatMap((r) => r.operations);

async function example(name: string): Promise<ApiModel> {
  const checked = checkSpec(await loadSpec(path.join(ROOT, "examples", name), `examples/${name}`));
  if (!checked.spec) throw new Error(`examples/${name} has errors`);
  return buildModel(checked.spec);
}

const PROBE_API = (extra = ""): string => `api: probe.api
title: Probe API
version: "1"
servers: [{ name: main, url: "https://api.probe.test" }]
resources: [RESOURCE]
${extra}`;

/** A one-resource spec with the given operations (YAML list items) and api.yaml additions. */
function probe(resource: string, operations: string, api = ""): ApiModel {
  return modelFromTexts({
    "api.yaml": PROBE_API(api).replace("RESOURCE", resource),
    [`${resource}.yaml`]: `resource: ${resource}\ntitle: Probe\noperations:\n${operations}`,
  });
}

const op = (name: string, extra = ""): string => `  - name: ${name}
    summary: Do ${name}
    risk: write
    http: { method: POST, path: /${name} }
${extra}`;

// ---------------------------------------------------------------- tool names

describe("tool names", () => {
  it("are the full name with . replaced by _ for the spec's operations, valid for MCP and unique", async () => {
    const ops = opsOf(await loadModel());
    const names = toolNames(ops);
    expect(names.size).toBe(ops.length);
    for (const o of ops) {
      expect(names.get(o.fullName)).toMatch(TOOL_NAME_PATTERN);
      expect(names.get(o.fullName)).toBe(o.fullName.split(".").join("_"));
    }
    expect(new Set(names.values()).size).toBe(ops.length);
  });

  it("shorten a 71-character operation name to 64 characters with a hash, deterministically (it used to crash the emitter)", () => {
    const resource = "organizationMembershipInvitations";
    const name = "resendPendingInvitationReminderEmails";
    const model = probe(resource, `${op(name)}${op("get")}`);
    const [long, short] = opsOf(model);
    expect(long!.fullName).toHaveLength(71);
    const names = toolNames(opsOf(model));
    const tool = names.get(long!.fullName)!;
    expect(tool).toMatch(TOOL_NAME_PATTERN);
    expect(tool).toHaveLength(64);
    expect(tool.startsWith(readableToolName(long!.fullName).slice(0, 55))).toBe(true);
    expect(tool).toMatch(/_[0-9a-f]{8}$/);
    expect(tool).toBe(hashedToolName(long!.fullName));
    // The same spec gives the same name; the short name stays readable.
    expect(toolNames(opsOf(probe(resource, `${op(name)}${op("get")}`))).get(long!.fullName)).toBe(tool);
    expect(names.get(short!.fullName)).toBe(`${resource}_get`);
    // The emitter no longer throws, and the catalog carries the shortened name.
    const tools = emitMcp(model, []).find((f) => f.path === `${MCP_DIR}/tools.ts`)!.contents;
    expect(tools).toContain(`name: "${tool}"`);
    expect(tools).toContain(`operation: "${long!.fullName}"`);
  });

  it("give two long names that share their first 55 characters different hashes", () => {
    const base = `${"a".repeat(40)}.${"b".repeat(30)}`;
    const a = hashedToolName(`${base}One`);
    const b = hashedToolName(`${base}Two`);
    expect(a.slice(0, 55)).toBe(b.slice(0, 55));
    expect(a).not.toBe(b);
  });

  it("hash every operation that shares a readable name, whatever the order", () => {
    const fake = (fullName: string): OperationModel => ({ fullName }) as OperationModel;
    const ops = [fake("a_b.c"), fake("a.b_c"), fake("x.y")];
    const names = toolNames(ops);
    expect(names.get("x.y")).toBe("x_y");
    expect(names.get("a_b.c")).toBe(hashedToolName("a_b.c"));
    expect(names.get("a.b_c")).toBe(hashedToolName("a.b_c"));
    expect(names.get("a_b.c")).not.toBe(names.get("a.b_c"));
    expect(toolNames([...ops].reverse())).toEqual(names);
  });
});

// ---------------------------------------------------------------- annotations and descriptions

describe("annotations and descriptions", () => {
  it("set every hint explicitly from the risk and the HTTP method", async () => {
    for (const o of opsOf(await loadModel())) {
      expect(toolAnnotations(o), o.fullName).toEqual({
        title: o.summary,
        readOnlyHint: o.risk === "read",
        destructiveHint: o.risk === "destructive",
        idempotentHint: ["GET", "PUT", "DELETE"].includes(o.method),
        openWorldHint: true,
      });
    }
  });

  it("give the summary, description, risk, HTTP route and qualified name", async () => {
    for (const o of opsOf(await loadModel())) {
      const text = toolDescription(o);
      expect(text.startsWith(o.summary), o.fullName).toBe(true);
      expect(text).toContain(`Risk: ${o.risk}`);
      expect(text).toContain(`HTTP: ${o.method} ${o.path}. Operation: ${o.qualifiedName}.`);
    }
  });

  it("describe paging in each operation's own terms, for every style", async () => {
    const models = [await loadModel(), await example("bookshelf"), await example("stripe-customers"), await example("github-issues")];
    const paged = models.flatMap(opsOf).filter((o) => o.pagination);
    const styles = new Set(paged.map((o) => o.pagination!.style));
    expect([...styles].sort()).toEqual(["cursor", "lastId", "link", "offset", "page", "scroll"]);
    for (const o of paged) {
      const p = o.pagination!;
      const text = toolDescription(o);
      expect(text, o.fullName).toContain(paginationText(p));
      const inputs = "cursor" in p ? [p.cursor] : "page" in p ? [p.page] : "offset" in p ? [p.offset, p.limit] : [];
      for (const input of inputs) expect(text, o.fullName).toContain(`\`${input.join(".")}\``);
      if ("next" in p) expect(text).toContain(`the result's \`${p.next.join(".")}\``);
      if (p.style === "lastId") expect(text).toContain(`\`${p.hasMore.join(".")}\``);
      if (p.style === "link") expect(text).toContain("first page only");
    }
    // No convention of one API leaks into another's descriptions.
    const stripeList = opsOf(models[2]!).find((o) => o.pagination)!;
    expect(toolDescription(stripeList)).not.toContain("pages.next");
  });

  it("note deprecation first, and what an operation without output returns", async () => {
    const model = await example("bookshelf");
    const deprecated = opsOf(model).find((o) => o.deprecated);
    expect(deprecated, "bookshelf has a deprecated operation").toBeDefined();
    expect(toolDescription(deprecated!)).toMatch(/^Deprecated: /);
    const bodiless = opsOf(model).filter((o) => !o.output);
    expect(bodiless.length).toBeGreaterThan(0);
    for (const o of bodiless) expect(toolDescription(o)).toContain(`\`done (status ${o.status})\``);
    for (const o of opsOf(model).filter((o) => o.output)) expect(toolDescription(o)).not.toContain("done (status");
  });

  it("fold control characters and line breaks of spec prose into plain text", () => {
    const model = probe("things", op("get").replace("summary: Do get", 'summary: "Get\\u001b[31m red\\nthing"'));
    const [o] = opsOf(model);
    expect(toolDescription(o!)).toMatch(/^Get \[31m red thing\./);
    expect(toolAnnotations(o!).title).toBe("Get [31m red thing");
  });
});

// ---------------------------------------------------------------- the environment contract

describe("envContract", () => {
  it("names every variable <envPrefix>_<OPTION> from the model, for the spec", async () => {
    const model = await loadModel();
    const contract = envContract(model);
    const p = model.naming.envPrefix;
    expect(contract.prefix).toBe(p);
    expect(contract.api).toBe(model.title);
    expect(contract.settings.map((s) => [s.kind, s.option, s.name])).toEqual([
      ["credential", "token", `${p}_TOKEN`],
      ["server", model.naming.serverOption, `${p}_${model.naming.serverOption.toUpperCase()}`],
      ...model.headers.map((h) => ["header", h.option, `${p}_${h.option.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`]),
    ]);
    expect(contract.general).toEqual({
      baseUrl: `${p}_BASE_URL`,
      maxRisk: `${p}_MAX_RISK`,
      tools: `${p}_TOOLS`,
      maxRetries: `${p}_MAX_RETRIES`,
      retryBaseMs: `${p}_RETRY_BASE_MS`,
      timeoutMs: `${p}_TIMEOUT_MS`,
    });
    const server = contract.settings.find((s) => s.kind === "server")!;
    expect(server.values).toEqual(model.servers.map((s) => s.name));
    expect(server.default).toBe(model.servers[0]!.name);
    const token = contract.settings[0]!;
    expect(token).toMatchObject({ required: true, secret: true, description: model.auth.scheme === "bearer" ? model.auth.description : undefined });
  });

  it("gives basic auth a user name and a password that may stay unset, and API keys one variable", async () => {
    const stripe = await example("stripe-customers");
    const s = envContract(stripe);
    const p = stripe.naming.envPrefix;
    expect(s.auth).toBe("basic");
    expect(s.settings.filter((x) => x.kind === "credential").map((x) => [x.name, x.required, x.secret, x.emptyWhenUnset ?? false])).toEqual([
      [`${p}_USERNAME`, true, true, false],
      [`${p}_PASSWORD`, false, true, true],
    ]);
    const bookshelf = await example("bookshelf");
    const b = envContract(bookshelf);
    expect(b.settings.filter((x) => x.kind === "credential").map((x) => x.name)).toEqual([`${bookshelf.naming.envPrefix}_API_KEY`]);
    expect(b.settings[0]!.what).toContain(bookshelf.auth.scheme === "apiKey" ? bookshelf.auth.name : "?");
  });

  it("has no credential for an API without auth, and refuses two settings on one variable", () => {
    expect(envContract(probe("things", op("get"))).settings.filter((s) => s.kind === "credential")).toEqual([]);
    const clash = probe("things", op("get"), "headers:\n  X-Tools:\n    option: tools\n");
    expect(() => envContract(clash)).toThrow(/the header option tools and the server setting tools would both be read from PROBE_TOOLS/);
  });

  it("never mentions Intercom for another API, in any emitted file", async () => {
    for (const name of ["bookshelf", "stripe-customers", "github-issues"]) {
      for (const file of emitMcp(await example(name), readMcpSources())) expect(file.contents, `${name}: ${file.path}`).not.toMatch(/intercom/i);
    }
  });
});

// ---------------------------------------------------------------- emitted files

describe("emitMcp", () => {
  it("emits the catalog, the entry point, the bin launcher and the hand-written server, deterministically", async () => {
    const model = await loadModel();
    const sources = readMcpSources();
    const files = emitMcp(model, sources);
    expect(files.map((f) => f.path).sort()).toEqual(
      [...["tools.ts", "server.ts", "bin.cjs"], ...sources.map((s) => s.file)].map((f) => `${MCP_DIR}/${f}`).sort(),
    );
    expect(emitMcp(model, sources)).toEqual(files);
    const tools = files.find((f) => f.path === "mcp/tools.ts")!.contents;
    for (const name of toolNames(opsOf(model)).values()) expect(tools).toContain(`name: "${name}"`);
    const server = files.find((f) => f.path === "mcp/server.ts")!.contents;
    expect(server).toContain(`import { ${model.naming.clientFactory}, operations, type ${model.naming.clientOptions},`);
    expect(server).toContain(`command: "${model.naming.mcpBin}"`);
    for (const s of envContract(model).settings) expect(server).toContain(`name: "${s.name}"`);
  });

  it("writes spec strings through the escaping module", () => {
    const model = probe("things", op("get").replace("summary: Do get", 'summary: "Quote \\" and \\u2028 and */ end"'), 'description: "x"\n');
    const files = emitMcp(model, []);
    const tools = files.find((f) => f.path === "mcp/tools.ts")!.contents;
    expect(tools).toContain('title: "Quote \\" and and */ end"');
    expect(tools).not.toContain("\u2028");
  });

  it("starts bin.cjs with the shebang and keeps it first through the pipeline's formatting", async () => {
    const [bin] = finishFiles(emitMcp(await loadModel(), []).filter((f) => f.path.endsWith(".cjs")));
    const lines = bin!.contents.split("\n");
    expect(lines[0]).toBe("#!/usr/bin/env node");
    expect(lines[1]).toMatch(/^\/\/ Code generated by opspec from generator\/\S+\. DO NOT EDIT\.$/);
  });

  it("refuses a hand-written file that would overwrite a generated one", async () => {
    const model = await loadModel();
    expect(() => emitMcp(model, [{ file: "tools.ts", contents: "" }])).toThrow(/would overwrite a generated file/);
  });
});

// ---------------------------------------------------------------- configuration

const tool = (name: string, resource: string, risk: ToolDef["risk"]): ToolDef => ({
  name,
  operation: name.replace("_", "."),
  resource,
  title: name,
  description: name,
  risk,
  method: "GET",
  path: "/",
  status: 200,
  deprecated: false,
  annotations: { title: name, readOnlyHint: risk === "read", destructiveHint: risk === "destructive", idempotentHint: true, openWorldHint: true },
});
const CATALOG = [tool("pets_get", "pets", "read"), tool("pets_rename", "pets", "write"), tool("owners_get", "owners", "read"), tool("owners_delete", "owners", "destructive")];

/** A contract like the generator writes for a bearer API with regions and a version header. */
const CONTRACT: EnvContract = {
  api: "Petstore API",
  prefix: "PET",
  auth: "bearer",
  settings: [
    { name: "PET_TOKEN", option: "token", kind: "credential", what: "the bearer token for the Petstore API", description: "From the console.", required: true, secret: true },
    { name: "PET_REGION", option: "region", kind: "server", what: "which server", required: false, secret: false, values: ["us", "eu"], default: "us" },
    { name: "PET_API_VERSION", option: "apiVersion", kind: "header", what: "the value of the Pet-Version header", required: false, secret: false, values: ["1", "2"], default: "2" },
    { name: "PET_TENANT", option: "tenant", kind: "header", what: "the value of the Pet-Tenant header", required: true, secret: false },
  ],
  general: { baseUrl: "PET_BASE_URL", maxRisk: "PET_MAX_RISK", tools: "PET_TOOLS", maxRetries: "PET_MAX_RETRIES", retryBaseMs: "PET_RETRY_BASE_MS", timeoutMs: "PET_TIMEOUT_MS" },
};

describe("readConfig", () => {
  it("defaults to <PREFIX>_MAX_RISK=write and passes the client options through by option name", () => {
    const r = readConfig(
      { PET_TOKEN: " tok ", PET_REGION: "eu", PET_API_VERSION: "1", PET_TENANT: "t1", PET_RETRY_BASE_MS: "5", PET_MAX_RETRIES: "0", PET_TIMEOUT_MS: "1000" },
      CONTRACT,
    );
    expect(r).toEqual({
      ok: true,
      warnings: [],
      value: {
        maxRisk: "write",
        filter: undefined,
        client: { token: "tok", region: "eu", apiVersion: "1", tenant: "t1", maxRisk: "write", maxRetries: 0, timeoutMs: 1000, retryDelay: { baseMs: 5 } },
      },
    });
  });

  it("reports every problem at once, one line each, treats empty values as unset and never quotes a credential", () => {
    const r = readConfig(
      { PET_TOKEN: "", PET_MAX_RISK: "admin", PET_REGION: "mars", PET_API_VERSION: "9", PET_TIMEOUT_MS: "0", PET_MAX_RETRIES: "-1" },
      CONTRACT,
    );
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors;
    expect(errors).toEqual([
      "PET_TOKEN is not set: set it to the bearer token for the Petstore API. From the console.",
      'PET_REGION must be one of us or eu, not "mars"',
      'PET_API_VERSION must be one of 1 or 2, not "9"',
      "PET_TENANT is not set: set it to the value of the Pet-Tenant header",
      'PET_MAX_RISK must be read, write or destructive, not "admin"',
      'PET_MAX_RETRIES must be a whole number, not "-1"',
      'PET_TIMEOUT_MS must be a whole number >= 1, not "0"',
    ]);
  });

  it("lets <PREFIX>_BASE_URL override the server, with a warning", () => {
    const r = readConfig({ PET_TOKEN: "t", PET_TENANT: "x", PET_BASE_URL: "http://127.0.0.1:1", PET_REGION: "eu" }, CONTRACT);
    expect(r.ok && r.value.client).toEqual({ token: "t", tenant: "x", baseUrl: "http://127.0.0.1:1", maxRisk: "write" });
    expect(r.ok && r.warnings).toEqual(["PET_BASE_URL is set, so PET_REGION=eu is ignored"]);
  });

  it("needs no credentials and no required header for --list-tools", () => {
    expect(readConfig({}, CONTRACT, { requireCredentials: false }).ok).toBe(true);
  });

  it("takes an unset basic-auth password as empty, and keeps its whitespace", async () => {
    const contract = envContract(await example("stripe-customers"));
    const [user, pass] = contract.settings.filter((s) => s.kind === "credential");
    const unset = readConfig({ [user!.name]: "sk_1" }, contract);
    expect(unset.ok && unset.value.client).toMatchObject({ username: "sk_1", password: "" });
    const spaced = readConfig({ [user!.name]: "u", [pass!.name]: " p " }, contract);
    expect(spaced.ok && spaced.value.client).toMatchObject({ username: "u", password: " p " });
  });
});

describe("secretsOf", () => {
  it("finds the credentials as the client treats them, even when the rest of the configuration is wrong", async () => {
    expect(secretsOf({ PET_TOKEN: " tok ", PET_MAX_RISK: "nonsense" }, CONTRACT).sort()).toEqual([" tok ", "tok"]);
    const stripe = envContract(await example("stripe-customers"));
    const [user, pass] = stripe.settings.filter((s) => s.kind === "credential");
    // An empty password: the user name is the secret (an API key sent as the user name).
    expect(secretsOf({ [user!.name]: "sk_live_1" }, stripe).sort()).toEqual(["sk_live_1", "sk_live_1:"]);
    // A real password: the password and the pair are, the user name is not.
    expect(secretsOf({ [user!.name]: "ada", [pass!.name]: "pw-1" }, stripe).sort()).toEqual(["ada:pw-1", "pw-1"]);
  });
});

describe("selectTools", () => {
  const names = (r: ReturnType<typeof selectTools>): string[] => (r.ok ? r.value.exposed.map((t) => t.name) : []);

  it("exposes the tools up to the risk ceiling and says why the others are hidden, with the API's variable names", () => {
    expect(names(selectTools(CATALOG, "read", undefined, CONTRACT))).toEqual(["pets_get", "owners_get"]);
    expect(names(selectTools(CATALOG, "destructive", undefined, CONTRACT))).toEqual(CATALOG.map((t) => t.name));
    const write = selectTools(CATALOG, "write", undefined, CONTRACT);
    expect(names(write)).toEqual(["pets_get", "pets_rename", "owners_get"]);
    expect(write.ok && write.value.hidden.get("owners_delete")).toMatch(/risk is "destructive".*PET_MAX_RISK=destructive/);
  });

  it("filters by resource, tool name or operation name", () => {
    expect(names(selectTools(CATALOG, "write", ["pets", "owners_get"], CONTRACT))).toEqual(["pets_get", "pets_rename", "owners_get"]);
    expect(names(selectTools(CATALOG, "write", ["owners.get"], CONTRACT))).toEqual(["owners_get"]);
  });

  it("rejects a filter entry that names nothing, and a selection that leaves nothing", () => {
    const unknown = selectTools(CATALOG, "write", ["owner_get"], CONTRACT);
    expect(unknown.ok ? [] : unknown.errors).toEqual([expect.stringMatching(/^PET_TOOLS: "owner_get" is neither a resource \(pets, owners\)/)]);
    const nothing = selectTools(CATALOG, "write", ["owners_delete"], CONTRACT);
    expect(nothing.ok ? [] : nothing.errors).toEqual([expect.stringMatching(/^no tool is left to serve: PET_TOOLS=owners_delete with PET_MAX_RISK=write/)]);
  });

  it("warns when a filter names a tool the risk ceiling hides", () => {
    const only = selectTools(CATALOG, "write", ["owners_get", "owners_delete"], CONTRACT);
    expect(only.ok && only.warnings).toEqual(["PET_TOOLS: owners_delete stays hidden: its risk is above PET_MAX_RISK=write"]);
  });
});

describe("envHelp", () => {
  it("lists every variable of the contract with the spec's words, wrapped", () => {
    const help = envHelp(CONTRACT);
    for (const name of [...CONTRACT.settings.map((s) => s.name), ...Object.values(CONTRACT.general)]) expect(help).toMatch(new RegExp(`^  ${name} `, "m"));
    expect(help.replace(/\s+/g, " ")).toContain("PET_TOKEN the bearer token for the Petstore API (required; never shown). From the console.");
    for (const line of help.split("\n")) expect(line.length).toBeLessThanOrEqual(100);
  });
});

// ---------------------------------------------------------------- redaction

describe("redactor", () => {
  it("replaces every spelling of every secret in keys and values of plain data, leaving the original alone", () => {
    const token = 'a/b+c="\\x';
    const redact = redactor([token]);
    const b64 = Buffer.from(token).toString("base64");
    const message = {
      result: {
        text: `Bearer ${token}`,
        [token]: [`q=${encodeURIComponent(token)}`, `basic ${b64}`, JSON.stringify({ echoed: token })],
        n: 1,
      },
    };
    expect(redact(message)).toEqual({ result: { text: "Bearer ***", "***": ["q=***", "basic ***", '{"echoed":"***"}'], n: 1 } });
    expect(message.result.text).toBe(`Bearer ${token}`);
    expect(secretSpellings([token])).toContain(JSON.stringify(token).slice(1, -1));
  });

  it("keeps __proto__ as data and copies data nested far deeper than the stack", () => {
    const redact = redactor(["s3cret"]);
    const parsed = JSON.parse('{"__proto__":{"x":"s3cret"}}') as Record<string, unknown>;
    const out = redact(parsed);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, "__proto__")).toBe(true);
    expect(JSON.stringify(out)).toBe('{"__proto__":{"x":"***"}}');
    let deep: unknown = "s3cret";
    for (let i = 0; i < 200_000; i++) deep = [deep];
    let copy = redact(deep);
    for (let i = 0; i < 200_000; i++) copy = (copy as unknown[])[0];
    expect(copy).toBe("***");
  });

  it("leaves keys alone when told to", () => {
    expect(redactor(["name"], { keys: false })({ name: "name", list: [{ name: "a name" }] })).toEqual({ name: "***", list: [{ name: "a ***" }] });
  });
});

describe("errorReplyRedactor", () => {
  // Secrets that are words of the protocol: the frame must survive them.
  const prepare = errorReplyRedactor(["rpc", "2.0", "name", "fields", "code", "x"]);

  it("passes every message but an error reply through as it is", () => {
    const reply = { jsonrpc: "2.0", id: "rpc-1", result: { serverInfo: { name: "x-mcp" }, tools: [{ name: "x_list", inputSchema: { maximum: 5 } }] } };
    expect(prepare(reply)).toBe(reply);
    const notification = { jsonrpc: "2.0", method: "notifications/rpc", params: { name: "x" } };
    expect(prepare(notification)).toBe(notification);
  });

  it("scrubs an error reply's message and data values, never its envelope, id, code or keys", () => {
    const reply = { jsonrpc: "2.0", id: "name", error: { code: -32602, message: 'unknown tool "x_rpc"', data: { fields: ["params.name"] } } };
    expect(prepare(reply)).toEqual({ jsonrpc: "2.0", id: "name", error: { code: -32602, message: 'unknown tool "***_***"', data: { fields: ["params.***"] } } });
    expect(reply.error.message).toBe('unknown tool "x_rpc"');
  });
});

// ---------------------------------------------------------------- JSON-RPC lines

describe("readLine", () => {
  const reply = (line: string) => {
    const r = readLine(line);
    if (r.kind !== "reply") throw new Error(`expected a reply for ${line}, got ${r.kind}`);
    return r.reply;
  };

  it("answers what is not JSON with -32700 and id null", () => {
    expect(reply("{not json")).toEqual({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error: the line is not valid JSON" } });
  });

  it("answers JSON that is no JSON-RPC message with -32600, with the id when it is readable", () => {
    expect(reply("[]").error.code).toBe(-32600);
    expect(reply('[{"jsonrpc":"2.0","id":1,"method":"ping"}]')).toMatchObject({ id: null, error: { code: -32600 } });
    expect(reply('"text"')).toMatchObject({ id: null, error: { code: -32600 } });
    expect(reply('{"jsonrpc":"1.0","id":4,"method":"ping"}')).toMatchObject({ id: 4, error: { code: -32600, message: 'Invalid Request: "jsonrpc" must be "2.0"' } });
    expect(reply('{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}')).toMatchObject({ id: null, error: { code: -32600 } });
    expect(reply('{"jsonrpc":"2.0","id":1.5,"method":"ping"}')).toMatchObject({ id: null, error: { code: -32600 } });
    expect(reply('{"jsonrpc":"2.0","id":"x","method":7}')).toMatchObject({ id: "x", error: { code: -32600 } });
    expect(reply('{"jsonrpc":"2.0","id":"x"}')).toMatchObject({ id: "x", error: { code: -32600 } });
  });

  it("answers params of the wrong shape with -32602 naming each field, and no dump", () => {
    const r = reply('{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":5,"arguments":[1,2]}}');
    expect(r).toEqual({
      jsonrpc: "2.0",
      id: 9,
      error: {
        code: -32602,
        message: "Invalid params for tools/call: params.name: expected string, received number; params.arguments: expected object, received array",
        data: { fields: ["params.name", "params.arguments"] },
      },
    });
    expect(reply('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x","arguments":"{}"}}').error.message).toMatch(/params\.arguments: expected object, received string$/);
    expect(reply('{"jsonrpc":"2.0","id":1,"method":"tools/call"}').error.code).toBe(-32602);
    expect(reply('{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}').error.message).toMatch(/^Invalid params for initialize: params\.protocolVersion: /);
  });

  it("passes good messages on, ignores blank lines and drops malformed responses without answering", () => {
    expect(readLine('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x","arguments":{"a":[1]}}}').kind).toBe("message");
    expect(readLine('{"jsonrpc":"2.0","method":"notifications/initialized"}').kind).toBe("message");
    expect(readLine('{"jsonrpc":"2.0","id":1,"method":"resources/list"}').kind).toBe("message");
    expect(readLine("   ").kind).toBe("ignore");
    expect(readLine('{"jsonrpc":"2.0","id":3,"result":{},"extra":1}').kind).toBe("ignore");
  });
});

describe("oversizedRequestId", () => {
  it("reads the id of an SDK-shaped request from its last member, and of a hand-written one from its first", () => {
    expect(oversizedRequestId('{"method":"tools/call","params":{"name":"x","arguments":{"a":"xxxx', 'xxxx"}},"jsonrpc":"2.0","id":42}')).toBe(42);
    expect(oversizedRequestId('{"jsonrpc":"2.0","id":"r-1","method":"tools/call","params":{"a":"xxx', 'xxx"}}')).toBe("r-1");
    expect(oversizedRequestId(' { "jsonrpc" : "2.0" , "method" : "x", "params": {', '"x", "id" : 7 }  ')).toBe(7);
  });

  it("gives null when it is not certain: no top-level method, an id inside params, a response", () => {
    expect(oversizedRequestId('{"params":{"id":1,"method":"x"', '"jsonrpc":"2.0","id":5}')).toBeNull();
    expect(oversizedRequestId('{"method":"x","params":{"a":"', 'b","id":3}}')).toBeNull();
    expect(oversizedRequestId('{"jsonrpc":"2.0","id":1,"result":{"a":"', 'x"}}')).toBeNull();
    expect(oversizedRequestId('{"method":"x","params":{"a":"', 'q,\\"id\\":3}"}')).toBeNull();
  });
});

// ---------------------------------------------------------------- the bounded transport

/** A fake stdin/stdout pair around a LineTransport. */
function fakeStdio(maxLineBytes: number) {
  const listeners = new Map<string, (arg: never) => void>();
  const written: string[] = [];
  const input = {
    on: (event: string, listener: (arg: never) => void) => listeners.set(event, listener),
    off: (event: string) => listeners.delete(event),
  };
  const output = { write: (text: string) => (written.push(text), true), once: () => undefined };
  const transport = new LineTransport(input, output, { maxLineBytes });
  const messages: unknown[] = [];
  transport.onmessage = (m) => messages.push(m);
  let closed = false;
  transport.onclose = () => (closed = true);
  const feed = (data: string | Uint8Array) => (listeners.get("data") as (chunk: Uint8Array) => void)(typeof data === "string" ? new TextEncoder().encode(data) : data);
  const end = () => (listeners.get("end") as () => void)();
  const replies = () => written.map((w) => JSON.parse(w) as Record<string, unknown>);
  return { transport, feed, end, messages, replies, closed: () => closed };
}

describe("LineTransport", () => {
  it("reads lines split across chunks, several per chunk, with CRLF, and a last line without a newline", async () => {
    const io = fakeStdio(1024);
    await io.transport.start();
    io.feed('{"jsonrpc":"2.0","method":"a"}\n{"jsonrpc":"2.0",');
    io.feed('"method":"b"}\r\n\n{"jsonrpc":"2.0","method":"c"}');
    expect(io.messages).toHaveLength(2);
    io.end();
    expect(io.messages.map((m) => (m as { method: string }).method)).toEqual(["a", "b", "c"]);
    expect(io.closed()).toBe(true);
  });

  it("never holds more than the cap: an oversized line is dropped as it arrives, answered, and the next line is read", async () => {
    const cap = 64 * 1024;
    const io = fakeStdio(cap);
    await io.transport.start();
    let most = 0;
    io.feed('{"method":"tools/call","params":{"name":"x","arguments":{"blob":"');
    const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
    for (let i = 0; i < 1000; i++) {
      io.feed(chunk);
      most = Math.max(most, io.transport.bufferedBytes);
    }
    expect(io.replies()).toEqual([]);
    io.feed('"}},"jsonrpc":"2.0","id":11}\n{"jsonrpc":"2.0","id":12,"method":"ping"}\n');
    expect(most).toBeLessThanOrEqual(cap + 2048);
    expect(io.transport.bufferedBytes).toBe(0);
    const [refused] = io.replies();
    expect(refused).toMatchObject({ jsonrpc: "2.0", id: 11, error: { code: -32600 } });
    expect((refused!.error as { message: string }).message).toMatch(/over the limit of 65536; it was not read$/);
    expect(io.messages).toEqual([{ jsonrpc: "2.0", id: 12, method: "ping" }]);
  });

  it("waits for the answers to requests already read before closing at the end of input", async () => {
    const io = fakeStdio(1024);
    await io.transport.start();
    io.feed('{"jsonrpc":"2.0","id":1,"method":"ping"}\n{"jsonrpc":"2.0","id":2,"method":"ping"}\n');
    io.end();
    expect(io.closed()).toBe(false);
    await io.transport.send({ jsonrpc: "2.0", id: 1, result: {} });
    expect(io.closed()).toBe(false);
    // A cancelled request is answered by nobody: it counts as done.
    io.feed('{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":2}}\n');
    expect(io.closed()).toBe(true);
  });

  it("answers a reply JSON cannot hold with -32603 for the same id", async () => {
    const io = fakeStdio(1024);
    await io.transport.start();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await io.transport.send({ jsonrpc: "2.0", id: 5, result: cyclic });
    expect(io.replies()).toEqual([{ jsonrpc: "2.0", id: 5, error: { code: -32603, message: "Internal error: the result could not be serialised as JSON" } }]);
  });
});
