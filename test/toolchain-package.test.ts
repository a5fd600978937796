/**
 * The toolchain as another team gets it. In a folder outside the repository that holds nothing but the
 * packed toolchain, with no network needed once `npm ci` has filled the npm cache:
 *
 *   npm install -D opspec-<version>.tgz     the bin runs on plain Node: no tsx in that project
 *   npx opspec init                         a working example spec and opspec.config.ts
 *   npx opspec generate                     (and again after an edit: the output folder keeps its mode)
 *   npx opspec generate --check
 *
 * then the generated package: `npm install`, `npm run build`, `npm pack`; a consumer project installs
 * the tarball (zod and nothing else: the MCP SDK is an optional peer), type-checks a program and the
 * README's examples under strict tsc, and the client calls a loopback server. Both packages' file
 * lists are asserted exactly.
 */
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileConsumer, installConsumer, NPM, npmInstall, npmPack, runCommand, runConsumer, writeConsumerProgram } from "./helpers/cli.ts";
import { ROOT } from "./helpers/spec.ts";

/** Every file below `dir` (relative, forward slashes), skipping `skip` folders. */
function filesBelow(dir: string, skip: readonly string[] = []): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .filter((f) => !skip.some((s) => f === s || f.startsWith(`${s}/`)))
    .sort();
}

/** What the toolchain tarball must hold, derived from the sources: the compiled generator, the copied assets as TypeScript, the root's declarations. */
function expectedToolchainFiles(packed: readonly string[]): { missing: string[]; unexpected: string[] } {
  const sources = filesBelow(path.join(ROOT, "generator")).filter((f) => f.endsWith(".ts"));
  const isAsset = (f: string) => /^(runtime|mcp)\/[^/]+\.ts$/.test(f);
  const required = new Set([
    "package.json",
    "README.md",
    "LICENSE",
    "dist/index.d.ts",
    ...sources.filter(isAsset).map((f) => `generator/${f}`),
    ...sources.filter((f) => !isAsset(f)).map((f) => `dist/${f.replace(/\.ts$/, ".js")}`),
  ]);
  // A compiled module may also come from an asset that a compiled module imports types from (dist/mcp/types.js).
  const allowed = (f: string) => required.has(f) || (f.startsWith("dist/") && f.endsWith(".js") && sources.includes(f.slice(5).replace(/\.js$/, ".ts")));
  return { missing: [...required].filter((f) => !packed.includes(f)), unexpected: packed.filter((f) => !allowed(f)) };
}

const CONSUMER_MAIN = `
import { createNotesClient, NotFoundError, RiskError, type NotesClient, type OperationOutput } from "notes-client/client";
import { NotesGetOutputSchema, type Note } from "notes-client/schemas";
import openapi from "notes-client/openapi.json" with { type: "json" };
import { baseUrl } from "./config.js";

const client: NotesClient = createNotesClient({ token: "consumer-token", baseUrl, maxRetries: 0 });

const note: Note = await client.notes.get({ id: "note_1" });
const titles: string[] = [];
for await (const item of client.notes.list.all({ limit: 1 })) titles.push(item.title);
const created = await client.notes.create({ title: "Written by the consumer" });
const refused = await client.notes.delete({ id: "note_1" }).catch((e: unknown) => e instanceof RiskError);
const missing = await client.notes.get({ id: "missing" }).catch((e: unknown) => e instanceof NotFoundError && e.status);

console.log(JSON.stringify({
  note: note.title,
  titles,
  created: created.title,
  refused,
  missing,
  schemaRejects: !NotesGetOutputSchema.safeParse({ id: 1 }).success,
  openapi: openapi.openapi,
}));

/** Never called: type checks only. Each directive must be needed, or tsc fails. */
export function typeChecks(c: NotesClient): void {
  // @ts-expect-error a misspelt field does not compile in a consumer either
  void c.notes.get({ idd: "1" });
  // @ts-expect-error outputs are typed, not any
  const n: number = (null as unknown as OperationOutput<"notes.get">).title;
  void n;
}
`;

/**
 * Runs the installed toolchain's threads (argv[2]: its dist/ folder's URL) on the project's spec: the
 * emitting thread's docs must be the main thread's (else it exits with an error), and it prints the
 * YAML text as the YAML thread writes it.
 */
const THREADS_SCRIPT = `
const dist = process.argv[2];
const [{ loadSpec }, { checkSpec }, { buildModel }, { emitOpenApiWithYamlThread }, { emitOnThread }, { markdownEmitter }] = await Promise.all(
  ["load/load-spec.js", "check/check-spec.js", "model/build-model.js", "emit/openapi/index.js", "emit/emit-thread.js", "emit/markdown/index.js"].map((file) => import(new URL(file, dist).href)),
);
const model = buildModel(checkSpec(await loadSpec("spec", "spec")).spec);
const fail = (error) => { throw error; };
const docs = await emitOnThread(markdownEmitter, model, undefined, fail);
const same = (a, b) => JSON.stringify(a.map((f) => [f.path, f.contents])) === JSON.stringify(b.map((f) => [f.path, f.contents]));
if (docs.length === 0 || !same(docs, markdownEmitter.emit(model))) throw new Error("the emitting thread's docs differ");
const files = await emitOpenApiWithYamlThread(model, { threadFailed: fail });
process.stdout.write(files.find((f) => f.path === "openapi/openapi.yaml").contents);
`;

const note = (id: string, title: string) => ({ id, title, status: "published", updated_at: "2024-06-01T12:00:00Z" });

describe("the toolchain package", () => {
  let tmp = "";
  let server: Server;
  let baseUrl = "";
  const seen: string[] = [];

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), "opspec-toolchain-"));
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? "-"}`);
      const url = new URL(req.url ?? "/", "http://localhost");
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.method === "GET" && url.pathname === "/notes/note_1") return json(200, note("note_1", "First"));
      if (req.method === "GET" && url.pathname === "/notes")
        return url.searchParams.get("cursor") === "c2"
          ? json(200, { notes: [note("note_2", "Second")], next_cursor: null })
          : json(200, { notes: [note("note_1", "First")], next_cursor: "c2" });
      if (req.method === "POST" && url.pathname === "/notes") {
        let body = "";
        req.on("data", (d: Buffer) => (body += d));
        req.on("end", () => json(201, note("note_3", (JSON.parse(body) as { title: string }).title)));
        return;
      }
      json(404, { error: { code: "not_found", message: "No note has this id." } });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("installs from its tarball, inits, generates and checks; the generated package builds, packs, installs with zod alone, type-checks and calls a server", { timeout: 600_000 }, async () => {
    const times: [string, number][] = [];
    const timed = async <T>(step: string, fn: () => Promise<T>): Promise<T> => {
      const start = performance.now();
      try {
        return await fn();
      } finally {
        times.push([step, Math.round(performance.now() - start)]);
      }
    };

    try {
      await toolchainToConsumer(timed);
    } finally {
      console.log(`toolchain-package.test timings:\n${times.map(([step, ms]) => `  ${step.padEnd(48)} ${(ms / 1000).toFixed(1).padStart(6)} s`).join("\n")}`);
    }
  });

  /** The whole path, each step timed. */
  async function toolchainToConsumer(timed: <T>(step: string, fn: () => Promise<T>) => Promise<T>): Promise<void> {
    // The toolchain, packed as `npm publish` would.
    await timed("toolchain: npm run build", () => runCommand(NPM, ["run", "build"], ROOT));
    const toolchain = await timed("toolchain: npm pack", () => npmPack(ROOT, tmp));
    expect(expectedToolchainFiles(toolchain.files)).toEqual({ missing: [], unexpected: [] });

    // A project with nothing but the tarball: `npm init -y` as npm 11 writes it (CommonJS).
    const project = path.join(tmp, "project");
    mkdirSync(project);
    writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "project", version: "1.0.0", private: true, type: "commonjs" }, null, 2));
    await timed("project: npm install -D <toolchain tarball>", () => npmInstall(["-D", toolchain.tarball], project));
    expect(existsSync(path.join(project, "node_modules/tsx"))).toBe(false); // the bin runs on plain Node
    const opspec = (args: string[]) => runCommand(NPM, ["exec", "--offline", "--", "opspec", ...args], project, { ...process.env, NO_COLOR: "1" });

    const init = await timed("npx opspec init", () => opspec(["init"]));
    expect(init).toContain("npx opspec generate");
    expect(readdirSync(path.join(project, "spec")).sort()).toEqual(["api.yaml", "notes.yaml"]);
    expect(await timed("npx opspec generate", () => opspec(["generate"]))).toMatch(/wrote \d+ files to generated\//);

    // The threads' compiled entries ship and start: a run takes them from 2,001 operations on
    // (emit/threads.ts), so here they are asked for directly, and must not fall back.
    const installedDist = path.join(project, "node_modules/opspec/dist");
    writeFileSync(path.join(project, "threads.mjs"), THREADS_SCRIPT);
    const threadYaml = await timed("the installed threads", () => runCommand(process.execPath, ["threads.mjs", pathToFileURL(`${installedDist}/`).href], project));
    expect(threadYaml).toContain("operationId:");
    expect(readFileSync(path.join(project, "generated/openapi/openapi.yaml"), "utf8").endsWith(threadYaml)).toBe(true);

    // A regeneration updates the output folder in place; the folder keeps its permissions.
    const out = path.join(project, "generated");
    chmodSync(out, 0o750);
    const apiYaml = path.join(project, "spec/api.yaml");
    writeFileSync(apiYaml, readFileSync(apiYaml, "utf8").replace("a small example API made by opspec init.", "edited after init."));
    expect(await timed("npx opspec generate (after an edit)", () => opspec(["generate"]))).toMatch(/wrote \d+ files/);
    expect(statSync(out).mode & 0o777).toBe(0o750);
    expect(await timed("npx opspec generate --check", () => opspec(["generate", "--check"]))).toContain("up to date");

    // A config's `import … from "opspec"` is the running toolchain itself: it loads from a folder with
    // no node_modules of its own (a global install, npx), and the second load is served by jiti's cache.
    const loose = path.join(tmp, "loose");
    mkdirSync(loose);
    cpSync(path.join(project, "spec"), path.join(loose, "spec"), { recursive: true });
    cpSync(path.join(project, "opspec.config.ts"), path.join(loose, "opspec.config.ts"));
    expect(readFileSync(path.join(loose, "opspec.config.ts"), "utf8")).toContain('from "opspec"');
    const bin = path.join(project, "node_modules/opspec/dist/cli.js");
    const looseRun = (args: string[]) => runCommand(process.execPath, [bin, ...args], loose, { ...process.env, NO_COLOR: "1" });
    expect(await timed("opspec generate, config outside the project", () => looseRun(["generate"]))).toMatch(/wrote \d+ files to generated\//);
    expect(await looseRun(["generate", "--check"])).toContain("up to date");

    // Nothing generated names the machine's folders; headers name the spec relative to the project.
    const generatedFiles = filesBelow(out);
    for (const file of generatedFiles) {
      const text = readFileSync(path.join(out, file), "utf8");
      expect(text, file).not.toContain(tmp);
      expect(text.split("\n", 3).join("\n"), file).toMatch(/Code generated by opspec from (spec\/|generator\/)\S*\. DO NOT EDIT\./);
    }
    const pkg = JSON.parse(readFileSync(path.join(out, "package.json"), "utf8")) as Record<string, unknown>;
    expect(pkg).toMatchObject({ name: "notes-client", version: "1.0.0", type: "module", bin: { "notes-mcp": "mcp/bin.cjs" }, dependencies: { zod: expect.any(String) } });
    expect(Object.keys(pkg.dependencies as object)).toEqual(["zod"]);
    expect(pkg.peerDependenciesMeta).toEqual({ "@modelcontextprotocol/sdk": { optional: true } });

    // The generated package's file list: the compiled TypeScript, the MCP launcher, the OpenAPI documents.
    const compiled = generatedFiles.filter((f) => /^(client|schemas|mcp)\/.*\.ts$/.test(f)).flatMap((f) => [`dist/${f.slice(0, -3)}.js`, `dist/${f.slice(0, -3)}.d.ts`]);
    const expectedPackage = ["README.md", "package.json", "mcp/bin.cjs", "openapi/openapi.json", "openapi/openapi.yaml", "openapi/openapi-3.0.json", ...compiled].sort();

    await timed("generated: npm install", () => npmInstall([], out));
    await timed("generated: npm run build", () => runCommand(NPM, ["run", "build"], out));
    // The MCP server as the README starts it (the package's dev dependencies include the SDK).
    const help = await timed("generated: MCP server --help", () => runCommand(process.execPath, ["dist/mcp/server.js", "--help"], out));
    expect(help).toContain("NOTES_TOKEN");
    const generated = await timed("generated: npm pack", () => npmPack(out, tmp));
    expect(generated.files).toEqual(expectedPackage);

    // A consumer of the client: zod is the one package installed beside it.
    const consumer = path.join(tmp, "consumer");
    const installed = await timed("consumer: npm install <generated tarball>", () => installConsumer(consumer, generated.tarball));
    expect(installed).toEqual(["node_modules/notes-client", "node_modules/zod"]);
    writeConsumerProgram(consumer, CONSUMER_MAIN, baseUrl);
    // The README's TypeScript examples compile as written (process.env declared: the consumer has no Node typings).
    const readme = readFileSync(path.join(consumer, "node_modules/notes-client/README.md"), "utf8");
    const examples = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
    expect(examples.length).toBeGreaterThanOrEqual(3);
    examples.forEach((code, i) =>
      writeFileSync(path.join(consumer, `readme-${i}.ts`), `declare const process: { env: Record<string, string | undefined> };\n${code}\nexport {};\n`),
    );
    await timed("consumer: tsc (strict)", () => compileConsumer(consumer));

    const output = await timed("consumer: run against a loopback server", () => runConsumer(consumer));
    expect(output).toEqual({
      note: "First",
      titles: ["First", "Second"],
      created: "Written by the consumer",
      refused: true,
      missing: 404,
      schemaRejects: true,
      openapi: expect.stringMatching(/^3\.1\./),
    });
    const bearer = "Bearer consumer-token";
    expect(seen).toEqual([`GET /notes/note_1 ${bearer}`, `GET /notes?limit=1 ${bearer}`, `GET /notes?limit=1&cursor=c2 ${bearer}`, `POST /notes ${bearer}`, `GET /notes/missing ${bearer}`]);
  }
});
