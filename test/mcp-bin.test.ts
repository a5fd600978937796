/**
 * The MCP server's `bin` in a project that installed the generated package without the MCP SDK, as
 * its README allows (the SDK is an optional peer: a project that uses only the client never installs
 * it). A spec that is not the project's own (examples/bookshelf) is generated into a temporary folder,
 * built with `npm run build` (the repository's node_modules stand in for its dev dependencies), packed,
 * and installed offline into a fresh project that gets zod and nothing else.
 *
 * There `--help` and `--list-tools` work, for they need no SDK; starting the server says in one line
 * what is missing and the command that installs it, and exits 1, without a stack trace.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envContract } from "../generator/emit/mcp/env.ts";
import type { ApiModel } from "../generator/model/types.ts";
import { generate } from "../generator/pipeline.ts";
import { installConsumer, NPM, npmPack, runCommand } from "./helpers/cli.ts";
import { ROOT } from "./helpers/spec.ts";
import { baseEnv } from "./mcp-harness.ts";

const SDK = "@modelcontextprotocol/sdk";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe("the generated MCP bin without the MCP SDK installed", () => {
  let tmp = "";
  let model: ApiModel;
  let bin = "";

  const run = async (args: string[], env: Record<string, string> = {}): Promise<Run> => {
    try {
      const { stdout, stderr } = await promisify(execFile)(bin, args, { cwd: path.join(tmp, "consumer"), env: { ...baseEnv(), ...env }, timeout: 30_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), "opspec-mcp-bin-"));
    const out = path.join(tmp, "bookshelf");
    const result = await generate({ specDir: path.join(ROOT, "examples/bookshelf"), outDir: out });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    model = result.model!;
    symlinkSync(path.join(ROOT, "node_modules"), path.join(out, "node_modules"), "dir");
    await runCommand(NPM, ["run", "build"], out);
    const packed = await npmPack(out, tmp);
    const consumer = path.join(tmp, "consumer");
    const installed = await installConsumer(consumer, packed.tarball, ["--ignore-scripts"]);
    // Not vacuous: the project really has no SDK (and, outside the repository, cannot reach one).
    expect(installed.some((p) => p.includes(SDK))).toBe(false);
    expect(installed).toContain("node_modules/zod");
    bin = path.join(consumer, "node_modules/.bin", model.naming.mcpBin);
  }, 600_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("prints --help", async () => {
    const help = await run(["--help"]);
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toContain(`Usage: ${model.naming.mcpBin} [--list-tools | --help]`);
    for (const s of envContract(model).settings) expect(help.stdout).toContain(`  ${s.name} `);
  });

  it("prints --list-tools", async () => {
    const listed = await run(["--list-tools"], { [envContract(model).general.maxRisk]: "destructive" });
    expect(listed).toMatchObject({ code: 0, stderr: "" });
    const tools = (JSON.parse(listed.stdout) as { tools: { name: string }[] }).tools;
    expect(tools).toHaveLength(model.resources.flatMap((r) => r.operations).length);
  });

  it("refuses to start in one line that names the SDK and how to install it, without a stack trace", async () => {
    const contract = envContract(model);
    const credentials = Object.fromEntries(contract.settings.filter((s) => s.kind === "credential").map((s) => [s.name, "bk_test_key"]));
    for (const env of [credentials, {}]) {
      const started = await run([], env);
      expect(started.code, JSON.stringify(env)).toBe(1);
      expect(started.stdout).toBe("");
      const lines = started.stderr.trimEnd().split("\n");
      expect(lines, started.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^${model.naming.mcpBin}: .*${SDK}.*\`npm install ${SDK}\``));
      expect(started.stderr).not.toMatch(/^\s+at /m);
    }
  });
});
