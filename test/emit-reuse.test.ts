/**
 * Emitted texts reused across runs (generator/emit/reuse.ts): after each edit below, the files the
 * emitters return with their slots filled by the previous runs must be byte for byte the files they
 * return with every slot forgotten (everything printed anew). The edits touch each kind of part a text
 * is keyed by: one resource, a named type (and which page it is written out on), the servers, the
 * API's title, and a save that changes nothing.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { checkSpec } from "../generator/check/check-spec.ts";
import { clientEmitter } from "../generator/emit/client/index.ts";
import { markdownEmitter } from "../generator/emit/markdown/index.ts";
import { mcpEmitter } from "../generator/emit/mcp/index.ts";
import { openApiEmitter } from "../generator/emit/openapi/index.ts";
import { forgetReusedTexts, keepReusedPieces } from "../generator/emit/reuse.ts";
import { zodEmitter } from "../generator/emit/zod/index.ts";
import { loadSpec } from "../generator/load/load-spec.ts";
import { buildModel } from "../generator/model/build-model.ts";
import type { ApiModel } from "../generator/model/types.ts";
import { SPEC_DIR } from "./helpers/spec.ts";

const EMITTERS = [zodEmitter, clientEmitter, markdownEmitter, mcpEmitter, openApiEmitter];

let dir: string;

beforeAll(async () => {
  // As a watch session does (incremental/watch-state.ts): the OpenAPI document's members are kept too.
  keepReusedPieces();
  dir = await mkdtemp(path.join(os.tmpdir(), "opspec-reuse-"));
  await cp(SPEC_DIR, dir, { recursive: true });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function model(): Promise<ApiModel> {
  const checked = checkSpec(await loadSpec(dir, "spec", {}));
  expect(checked.spec).toBeDefined();
  return buildModel(checked.spec!);
}

async function emitAll(m: ApiModel): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const emitter of EMITTERS) for (const f of await emitter.emit(m)) files[f.path] = f.contents;
  return files;
}

async function edit(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(path.join(dir, file), "utf8");
  expect(text).toContain(from);
  await writeFile(path.join(dir, file), text.replace(from, to));
}

/** Emits with the slots as the earlier runs left them, then with none, and compares. */
async function expectSameAsFresh(): Promise<Record<string, string>> {
  const m = await model();
  const reused = await emitAll(m);
  forgetReusedTexts();
  const fresh = await emitAll(m);
  expect(Object.keys(reused)).toEqual(Object.keys(fresh));
  for (const file of Object.keys(fresh)) expect(reused[file], file).toBe(fresh[file]);
  return fresh;
}

describe("texts reused across runs", () => {
  it("are what a fresh run prints, edit after edit", async () => {
    const first = await expectSameAsFresh();
    // Nothing changed: a new model of the same spec.
    expect(await expectSameAsFresh()).toEqual(first);

    await edit("admins.yaml", "title: Admins", "title: Admins and teammates");
    const retitled = await expectSameAsFresh();
    expect(retitled["docs/admins.md"]).not.toBe(first["docs/admins.md"]);
    expect(retitled["schemas/admins.ts"]).not.toBe(first["schemas/admins.ts"]);
    expect(retitled["openapi/openapi.yaml"]).not.toBe(first["openapi/openapi.yaml"]);

    await edit("admins.yaml", "description: The admin's full name.", "description: The admin's name as shown to customers.");
    const typeEdited = await expectSameAsFresh();
    expect(typeEdited["schemas/types.ts"]).not.toBe(retitled["schemas/types.ts"]);
    expect(typeEdited["openapi/openapi-3.0.json"]).not.toBe(retitled["openapi/openapi-3.0.json"]);

    // Another resource starts using ActivityLog: the type moves to the shared page, and both pages change.
    await edit("articles.yaml", "operations:\n", "operations:\n  - name: author\n    summary: The author\n    risk: read\n    http: { method: GET, path: /articles/author }\n    output: ActivityLog\n\n");
    const moved = await expectSameAsFresh();
    expect(moved["docs/types.md"]).not.toBe(typeEdited["docs/types.md"]);
    expect(moved["docs/admins.md"]).not.toBe(typeEdited["docs/admins.md"]);
    // A new path item: the ones after it move, and the first of a mapping is written without a comma.
    expect(moved["openapi/openapi.json"]).not.toBe(typeEdited["openapi/openapi.json"]);

    await edit("api.yaml", "url: https://api.intercom.io", "url: https://api.example.com");
    const moved2 = await expectSameAsFresh();
    expect(moved2["docs/companies.md"]).not.toBe(moved["docs/companies.md"]);

    await edit("api.yaml", "title: ", "title: The ");
    await expectSameAsFresh();

    // A type an operation reaches only through another (listActivityLogs → ActivityLog → ActivityLogActor):
    // the operation's model does not hold it, its response example shows it.
    await edit("admins.yaml", "description: The IP address the admin acted from. }", "description: The IP address the admin acted from., example: 192.0.2.1 }");
    const nested = await expectSameAsFresh();
    expect(nested["openapi/openapi.json"]).toContain('"ip": "192.0.2.1"');

    // An API setting every path item refers to: a second shared header.
    await edit("api.yaml", "resources: [", "  X-Trace-Id:\n    option: traceId\n    description: Tags the request for tracing.\nresources: [");
    const headed = await expectSameAsFresh();
    expect(headed["openapi/openapi.json"]).toContain("#/components/parameters/X-Trace-Id");
  });
});

describe("the OpenAPI document's members reused across runs", () => {
  it("are printed again only where they changed: a description edit prints far less than a fresh run", async () => {
    await expectSameAsFresh();
    await edit("admins.yaml", "description: The admin's id.", "description: The id of the admin.");
    const m = await model();
    const stringify = vi.spyOn(JSON, "stringify");
    try {
      await openApiEmitter.emit(m);
      const reusing = stringify.mock.calls.length;
      forgetReusedTexts();
      stringify.mockClear();
      await openApiEmitter.emit(m);
      const fresh = stringify.mock.calls.length;
      // Each member printed is one JSON.stringify per JSON text at least; the edit touches a few of them.
      expect(reusing).toBeGreaterThan(0);
      expect(reusing * 5).toBeLessThan(fresh);
    } finally {
      stringify.mockRestore();
    }
  });
});

describe("what reused texts keep between runs", () => {
  it("is the last run's model parts only: an earlier model is collected", async () => {
    // A context made after the flag is set has `gc` (the main one was made before it).
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const firstRun = async () => {
      const first = await model();
      await emitAll(first);
      return new WeakRef(first.resources[0]!.operations[0]!);
    };
    const earlier = await firstRun();
    for (let run = 0; run < 3; run++) await emitAll(await model());
    // A WeakRef holds its target until the end of the job that made or read it.
    await nextTurn();
    gc();
    expect(earlier.deref()).toBeUndefined();
  });
});
