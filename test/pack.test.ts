/**
 * The package as another project gets it: `npm run build`, `npm pack`, then a fresh consumer project
 * installs the tarball offline, type-checks a file that imports `opspec/client`, `opspec/schemas` and
 * `opspec/openapi.json` with the TypeScript compiler, and runs it against a loopback server.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./helpers/spec.ts";

const exec = promisify(execFile);
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const TSC = path.join(ROOT, "node_modules/typescript/bin/tsc");
/** Quiet npm: no update notices, audit or funding messages, and nothing fetched from the network. */
const NPM_ENV = { ...process.env, npm_config_update_notifier: "false", npm_config_audit: "false", npm_config_fund: "false", npm_config_loglevel: "error" };

async function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = NPM_ENV): Promise<string> {
  try {
    const { stdout } = await exec(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${e.stdout ?? ""}\n${e.stderr ?? e.message}`);
  }
}

/**
 * `npm install --offline` of the tarball, which needs the package's dependencies in the npm cache.
 * Where the cache lacks one (ENOTCACHED: a fresh CI machine), the tarball is unpacked into
 * node_modules/opspec by hand and zod, the one runtime dependency the client needs, linked from this
 * repository.
 */
async function installOffline(tarball: string, consumer: string): Promise<void> {
  try {
    await run(NPM, ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--no-package-lock", tarball], consumer);
  } catch (error) {
    if (!/ENOTCACHED/.test(String(error))) throw error;
    console.warn(`pack.test: the npm cache cannot install opspec's dependencies offline; unpacking the tarball and linking zod instead`);
    const target = path.join(consumer, "node_modules/opspec");
    mkdirSync(target, { recursive: true });
    await run("tar", ["-xzf", tarball, "-C", target, "--strip-components=1"], consumer);
    symlinkSync(path.join(ROOT, "node_modules/zod"), path.join(consumer, "node_modules/zod"), "dir");
  }
}

const CONSUMER_MAIN = `
import { createIntercomClient, NotFoundError, operations, RiskError, type IntercomClient, type OperationOutput } from "opspec/client";
import { AdminSchema, type Admin, type ContactListItem } from "opspec/schemas";
import openapi from "opspec/openapi.json" with { type: "json" };
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

const CONSUMER_TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    lib: ["ES2022", "DOM"],
    types: [],
    strict: true,
    resolveJsonModule: true,
    // As most projects do. The declarations still have to resolve and carry real types: the
    // expect-error probes in main.ts fail the check if anything came through as `any`.
    skipLibCheck: true,
    rootDir: ".",
    outDir: "out",
  },
  files: ["main.ts", "config.ts"],
};

describe("npm package", () => {
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

  it("builds, packs, installs offline, type-checks and runs in a consumer project", { timeout: 600_000 }, async () => {
    await run(NPM, ["run", "build"], ROOT);

    // --ignore-scripts: the build just ran; a prepack script need not run it again.
    const packed = JSON.parse(await run(NPM, ["pack", "--json", "--ignore-scripts", "--pack-destination", tmp], ROOT)) as [
      { filename: string; files: { path: string }[] },
    ];
    const files = packed[0].files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        "package.json",
        "dist/client/index.js",
        "dist/client/index.d.ts",
        "dist/client/admins.js",
        "dist/client/runtime/runtime.js",
        "dist/client/runtime/runtime.d.ts",
        "dist/schemas/index.js",
        "dist/schemas/index.d.ts",
        "generated/openapi/openapi.json",
      ]),
    );
    expect(files.filter((f) => /^(spec|test|generator|node_modules)\//.test(f) || f.startsWith("generated/client/"))).toEqual([]);

    const consumer = path.join(tmp, "consumer");
    mkdirSync(consumer);
    writeFileSync(path.join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }, null, 2));
    await installOffline(path.join(tmp, packed[0].filename), consumer);

    writeFileSync(path.join(consumer, "tsconfig.json"), JSON.stringify(CONSUMER_TSCONFIG, null, 2));
    writeFileSync(path.join(consumer, "main.ts"), CONSUMER_MAIN);
    writeFileSync(path.join(consumer, "config.ts"), `export const baseUrl = ${JSON.stringify(baseUrl)};\n`);
    await run(process.execPath, [TSC, "-p", "tsconfig.json"], consumer);

    const output = await run(process.execPath, ["out/main.js"], consumer);
    expect(JSON.parse(output)).toEqual({
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
