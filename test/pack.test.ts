/**
 * This repository's API as the package its users install. The output folder is a package of its own
 * (the package emitter's package.json, tsconfig.json and README.md): Intercom's spec is generated into
 * a temporary folder, built with `npm run build` (the repository's node_modules stand in for its dev
 * dependencies), packed, and installed offline into a fresh consumer project, which gets zod and nothing
 * else, type-checks a file that imports `intercom-client/client`, `/schemas` and `/openapi.json` with
 * the TypeScript compiler, and runs it against a loopback server. Also: the package.json rules (semver
 * version, exports and files per configured artifact) on their own.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emitPackage, packageVersion } from "../generator/emit/package/index.ts";
import { EVERYTHING, type DependencyRanges } from "../generator/emit/package/contents.ts";
import { generate } from "../generator/pipeline.ts";
import { compileConsumer, installConsumer, NPM, npmPack, runCommand, runConsumer, writeConsumerProgram } from "./helpers/cli.ts";
import { loadModel, ROOT, SPEC_DIR } from "./helpers/spec.ts";

const CONSUMER_MAIN = `
import { createIntercomClient, NotFoundError, operations, RiskError, type IntercomClient, type OperationOutput } from "intercom-client/client";
import { AdminSchema, type Admin, type ContactListItem } from "intercom-client/schemas";
import openapi from "intercom-client/openapi.json" with { type: "json" };
import { baseUrl } from "./config.js";

const client: IntercomClient = createIntercomClient({ token: "consumer-token", baseUrl, retryDelay: { baseMs: 1, maxMs: 5 } });

const admin: Admin = await client.admins.get({ id: "42" });
const contactIds: string[] = [];
for await (const contact of client.contacts.list.all({ per_page: 1 })) {
  const typed: ContactListItem = contact;
  contactIds.push(typed.id ?? "(no id)");
}
const refused = await client.contacts.delete({ id: "1" }).catch((e: unknown) => e instanceof RiskError);
const notFound = await client.call("admins.get", { id: "missing" }).catch((e: unknown) => e instanceof NotFoundError && e.status);

console.log(JSON.stringify({
  admin: admin.name,
  contactIds,
  refused,
  notFound,
  operations: Object.keys(operations).length,
  schemaParses: AdminSchema.safeParse({ id: "1", extra: true }).success,
  openapi: openapi.openapi,
}));

/** Never called: type checks only. Each directive must be needed, or tsc fails. */
export function typeChecks(c: IntercomClient): void {
  // @ts-expect-error a misspelt field does not compile in a consumer either
  void c.admins.get({ idd: "1" });
  // @ts-expect-error outputs are typed, not any
  const n: number = (null as unknown as OperationOutput<"admins.get">).id;
  void n;
  // @ts-expect-error the input narrows by operation name
  void c.call("contacts.addTag", { id: "1" });
}
`;

describe("the generated Intercom package", () => {
  let tmp = "";
  let server: Server;
  let baseUrl = "";
  const seen: string[] = [];

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), "opspec-pack-"));
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      const url = new URL(req.url ?? "/", "http://localhost");
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (url.pathname === "/admins/42") return json(200, { type: "admin", id: "42", name: "Ada" });
      if (url.pathname === "/admins/missing")
        return json(404, { type: "error.list", errors: [{ code: "admin_not_found", message: "Admin not found" }] });
      if (url.pathname === "/contacts") {
        const second = url.searchParams.get("starting_after") === "c1";
        return json(200, {
          type: "list",
          data: [{ type: "contact", id: second ? "c2" : "c1" }],
          pages: second ? { type: "pages", page: 2, total_pages: 2 } : { type: "pages", page: 1, total_pages: 2, next: { starting_after: "c1" } },
        });
      }
      json(404, { type: "error.list", errors: [{ code: "not_found" }] });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("builds, packs, installs offline with zod alone, type-checks and runs in a consumer project", { timeout: 600_000 }, async () => {
    const out = path.join(tmp, "intercom");
    const result = await generate({ specDir: SPEC_DIR, outDir: out });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const files = result.files!.map((f) => f.path);
    const pkg = JSON.parse(readFileSync(path.join(out, "package.json"), "utf8")) as { name: string; version: string };
    expect(pkg).toMatchObject({ name: "intercom-client", version: "2.15.0" });

    symlinkSync(path.join(ROOT, "node_modules"), path.join(out, "node_modules"), "dir");
    await runCommand(NPM, ["run", "build"], out);
    const packed = await npmPack(out, tmp);
    const compiled = files.filter((f) => /^(client|schemas|mcp)\/.*\.ts$/.test(f)).flatMap((f) => [`dist/${f.slice(0, -3)}.js`, `dist/${f.slice(0, -3)}.d.ts`]);
    expect(packed.files).toEqual(["README.md", "package.json", "mcp/bin.cjs", "openapi/openapi.json", "openapi/openapi.yaml", "openapi/openapi-3.0.json", ...compiled].sort());

    const consumer = path.join(tmp, "consumer");
    expect(await installConsumer(consumer, packed.tarball, ["--ignore-scripts"])).toEqual(["node_modules/intercom-client", "node_modules/zod"]);
    writeConsumerProgram(consumer, CONSUMER_MAIN, baseUrl);
    await compileConsumer(consumer);

    expect(await runConsumer(consumer)).toEqual({
      admin: "Ada",
      contactIds: ["c1", "c2"],
      refused: true,
      notFound: 404,
      operations: 51,
      schemaParses: true,
      openapi: expect.stringMatching(/^3\.1\./),
    });
    expect(seen).toEqual(["GET /admins/42", "GET /contacts?per_page=1", "GET /contacts?per_page=1&starting_after=c1", "GET /admins/missing"]);
  });
});

describe("the generated package.json", () => {
  const ranges: DependencyRanges = { zod: "^4.0.0", mcpSdk: "^1.0.0", typescript: "^5.9.0", typesNode: "^20.0.0" };
  const packageJsonOf = async (contents = EVERYTHING) =>
    JSON.parse(emitPackage(await loadModel(), contents, ranges).find((f) => f.path === "package.json")!.contents) as Record<string, unknown>;

  it("makes the spec's version semver", () => {
    expect(packageVersion("2.15")).toBe("2.15.0");
    expect(packageVersion("3")).toBe("3.0.0");
    expect(packageVersion("v1.4")).toBe("1.4.0");
    expect(packageVersion("1.4.0")).toBe("1.4.0");
    expect(packageVersion("2.0.0-beta.1")).toBe("2.0.0-beta.1");
    expect(packageVersion("2024-06-20")).toBe("0.0.0-2024-06-20");
    expect(packageVersion("2024.06.20")).toBe("0.0.0-2024-06-20");
    expect(packageVersion("2.15 beta")).toBe("0.0.0-2.15-beta");
    expect(packageVersion("007")).toBe("0.0.0-v007");
    expect(packageVersion("  ")).toBe("0.0.0");
  });

  it("is ESM, marks itself generated, and has zod as its one dependency and the MCP SDK as an optional peer", async () => {
    const pkg = await packageJsonOf();
    expect(pkg["//"]).toMatch(/^Code generated by opspec from spec\/\. DO NOT EDIT\.$/);
    expect(pkg).toMatchObject({ name: "intercom-client", version: "2.15.0", type: "module", bin: { "intercom-mcp": "mcp/bin.cjs" } });
    expect(pkg.dependencies).toEqual({ zod: "^4.0.0" });
    expect(pkg.peerDependencies).toEqual({ "@modelcontextprotocol/sdk": "^1.0.0" });
    expect(pkg.peerDependenciesMeta).toEqual({ "@modelcontextprotocol/sdk": { optional: true } });
    expect(Object.keys(pkg.exports as object)).toEqual([".", "./client", "./schemas", "./openapi.json", "./mcp", "./package.json"]);
  });

  it("exports and ships only the artifacts the config asks for", async () => {
    const clientOnly = await packageJsonOf({ client: true, schemas: true, mcp: false, openapi: ["3.0"], docs: false });
    expect(Object.keys(clientOnly.exports as object)).toEqual([".", "./client", "./schemas", "./openapi.json", "./package.json"]);
    expect((clientOnly.exports as Record<string, unknown>)["./openapi.json"]).toBe("./openapi/openapi-3.0.json");
    expect(clientOnly.files).toEqual(["dist", "openapi/openapi-3.0.json"]);
    expect(clientOnly).not.toHaveProperty("bin");
    expect(clientOnly).not.toHaveProperty("peerDependencies");
    expect(clientOnly.devDependencies).toEqual({ typescript: "^5.9.0" });

    const openapiOnly = await packageJsonOf({ client: false, schemas: false, mcp: false, openapi: ["3.1"], docs: true });
    expect(openapiOnly.exports).toEqual({ "./openapi.json": "./openapi/openapi.json", "./package.json": "./package.json" });
    for (const key of ["dependencies", "devDependencies", "scripts"]) expect(openapiOnly).not.toHaveProperty(key);
    expect(emitPackage(await loadModel(), { client: false, schemas: false, mcp: false, openapi: ["3.1"], docs: true }, ranges).map((f) => f.path)).toEqual(["package.json", "README.md"]);
  });
});
