/**
 * Emitting a large model on threads (emit/threads.ts): the docs and the MCP server are emitted on a
 * thread of their own (emit/emit-thread.ts) and the OpenAPI YAML text on another (openapi/yaml-thread.ts),
 * from THREADS_FROM_OPERATIONS operations on. The output must be what the same emitters write on the
 * main thread, in the emitters' order; a thread that fails leaves its emitter to the main thread; and
 * the pipeline finishes an emitter when it answers, whatever the order.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSyntheticSpec } from "../bench/synth.ts";
import { emitOnThread, EmitThreadFailed } from "../generator/emit/emit-thread.ts";
import { EMITTERS } from "../generator/emit/index.ts";
import { markdownEmitter } from "../generator/emit/markdown/index.ts";
import { mcpEmitter } from "../generator/emit/mcp/index.ts";
import { emitOpenApi, emitOpenApiWithYamlThread, OPENAPI_FILES } from "../generator/emit/openapi/index.ts";
import { operationCount, startModuleWorker, THREADS_FROM_OPERATIONS } from "../generator/emit/threads.ts";
import type { ApiModel, EmittedFile, Emitter } from "../generator/model/types.ts";
import { generate } from "../generator/pipeline.ts";
import { finishFiles } from "../generator/write/finish.ts";
import { loadModel, SPEC_DIR } from "./helpers/spec.ts";

/** Each file's path, text and header source: what a file is, whichever thread printed it. */
const described = (files: readonly EmittedFile[]) => files.map((f) => [f.path, f.contents, (f as { source?: string }).source]);

function failOnThreadFailure(error: Error): never {
  throw error;
}

const startEmitThread = () => startModuleWorker("../generator/emit/emit-thread-entry", import.meta.url);

describe("emitting a large model on threads", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "opspec-threads-"));
    await writeSyntheticSpec(SPEC_DIR, path.join(dir, "spec"), THREADS_FROM_OPERATIONS + 100);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes what every emitter writes on the main thread, in the emitters' order", { timeout: 180_000 }, async () => {
    const result = await generate({ specDir: path.join(dir, "spec"), outDir: path.join(dir, "out"), force: true });
    expect(result.ok).toBe(true);
    const model = result.model!;
    expect(operationCount(model)).toBeGreaterThanOrEqual(THREADS_FROM_OPERATIONS);
    // The threads' emitters answered later: their work is timed as the wait for them.
    const stages = result.timings.map(([stage]) => stage);
    expect(stages).toContain("emit:threads");
    expect(stages.indexOf("emit:markdown")).toBeLessThan(stages.indexOf("emit:zod"));

    const onMainThread: EmittedFile[] = [];
    for (const emitter of EMITTERS) {
      const plain = emitter.name === "markdown" ? markdownEmitter : emitter.name === "mcp" ? mcpEmitter : emitter.name === "openapi" ? { name: "openapi", emit: emitOpenApi } : emitter;
      const printed = plain.emit(model);
      expect(printed, emitter.name).not.toBeInstanceOf(Promise);
      onMainThread.push(...finishFiles(printed as EmittedFile[]));
    }
    const written = result.files!.filter((f) => f.path !== ".opspec-output");
    expect(written.map((f) => f.path)).toEqual(onMainThread.map((f) => f.path));
    expect(written.map((f) => f.contents)).toEqual(onMainThread.map((f) => f.contents));

    // What the threads printed themselves (a failed thread leaves its work to the main thread, which
    // would print the same): the OpenAPI files, sent to the YAML thread in many batches, and the docs.
    const openapi = emitOpenApi(model);
    expect(openapi.find((f) => f.path === OPENAPI_FILES.json)!.contents.length).toBeGreaterThan(8 << 20);
    expect(described(await emitOpenApiWithYamlThread(model, { threadFailed: failOnThreadFailure }))).toEqual(described(openapi));
    expect(described(await emitOnThread(markdownEmitter, model, undefined, failOnThreadFailure))).toEqual(described(markdownEmitter.emit(model) as EmittedFile[]));
  });

  it("has the thread-capable emitters answer later for it, and at once for a small model", async () => {
    const small = await loadModel();
    for (const name of ["markdown", "mcp", "openapi"]) {
      const emitter = EMITTERS.find((e) => e.name === name)!;
      expect(Array.isArray(emitter.emit(small)), name).toBe(true);
    }
    const { model } = await generate({ specDir: path.join(dir, "spec"), outDir: path.join(dir, "validated"), emitters: [] });
    for (const name of ["markdown", "mcp", "openapi"]) {
      const printed = EMITTERS.find((e) => e.name === name)!.emit(model!);
      expect(printed, name).toBeInstanceOf(Promise);
      await printed;
    }
  });
});

describe("an emitter run on a thread", () => {
  let model: ApiModel;
  beforeAll(async () => {
    model = await loadModel();
  });

  it("writes the files it writes on the main thread, for two emitters sharing one thread and one copy of the model", async () => {
    let starts = 0;
    const start = () => {
      starts++;
      return startEmitThread();
    };
    const [docs, mcp] = await Promise.all([emitOnThread(markdownEmitter, model, start, failOnThreadFailure), emitOnThread(mcpEmitter, model, start, failOnThreadFailure)]);
    expect(starts).toBe(1);
    expect(described(docs)).toEqual(described(markdownEmitter.emit(model) as EmittedFile[]));
    expect(described(mcp)).toEqual(described(mcpEmitter.emit(model) as EmittedFile[]));
    expect(docs.some((f) => (f as { source?: string }).source !== undefined)).toBe(true);
  });

  for (const [what, source] of [
    ["cannot start", 'throw new Error("no entry here");'],
    ["stops without answering", 'require("node:worker_threads").parentPort.on("message", (m) => { if ("id" in m) process.exit(3); });'],
    ["answers an error", 'const { parentPort } = require("node:worker_threads"); parentPort.on("message", (m) => { if ("id" in m) parentPort.postMessage({ id: m.id, error: "could not emit" }); });'],
  ] as const) {
    it(`runs on the main thread when the thread ${what}`, async () => {
      const failures: EmitThreadFailed[] = [];
      const files = await emitOnThread(markdownEmitter, model, () => new Worker(source, { eval: true }), (error) => failures.push(error));
      expect(failures).toHaveLength(1);
      expect(failures[0]).toBeInstanceOf(EmitThreadFailed);
      expect(described(files)).toEqual(described(markdownEmitter.emit(model) as EmittedFile[]));
    });
  }

  it("runs on the main thread when no thread can be made, or the model cannot be sent", async () => {
    const failures: EmitThreadFailed[] = [];
    const noThread = () => {
      throw new Error("no worker here");
    };
    const files = await emitOnThread(markdownEmitter, model, noThread, (error) => failures.push(error));
    expect(described(files)).toEqual(described(markdownEmitter.emit(model) as EmittedFile[]));
    // A model holding what a thread cannot be sent (a function) is emitted here, as it is.
    const unsendable = { ...model, extra: () => 1 } as ApiModel;
    const again = await emitOnThread(markdownEmitter, unsendable, startEmitThread, (error) => failures.push(error));
    expect(described(again)).toEqual(described(markdownEmitter.emit(unsendable) as EmittedFile[]));
    expect(failures.map((e) => e.constructor)).toEqual([EmitThreadFailed, EmitThreadFailed]);
    expect(failures.map((e) => e.message)).toEqual([expect.stringContaining("no worker here"), expect.stringContaining("could not be cloned")]);
  });

  it("throws an emitter's own error from the main thread, where the emitter runs again", async () => {
    const failing: Emitter = {
      name: "markdown",
      emit: () => {
        throw new Error("broken on purpose");
      },
    };
    const failures: EmitThreadFailed[] = [];
    const thread = () => new Worker('const { parentPort } = require("node:worker_threads"); parentPort.on("message", (m) => { if ("id" in m) parentPort.postMessage({ id: m.id, error: "broken on purpose" }); });', { eval: true });
    await expect(emitOnThread(failing, model, thread, (error) => failures.push(error))).rejects.toThrow("broken on purpose");
    expect(failures.map((e) => e.message)).toEqual(["broken on purpose"]);
  });
});

describe("the pipeline with emitters that answer later", () => {
  it("finishes each when it answers, keeps the emitters' order in the output, and times the wait", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "opspec-later-"));
    try {
      const later: Emitter = {
        name: "later",
        early: true,
        emit: () => new Promise((resolve) => setTimeout(() => resolve([{ path: "later.txt", contents: "later\n" }]), 50)),
      };
      const now: Emitter = { name: "now", emit: () => [{ path: "now.txt", contents: "now\n" }] };
      const async: Emitter = { name: "async", emit: () => Promise.resolve([{ path: "async.txt", contents: "async\n" }]) };
      const result = await generate({ specDir: SPEC_DIR, outDir: path.join(dir, "out"), emitters: [now, later, async] });
      expect(result.files!.map((f) => f.path)).toEqual(["now.txt", "later.txt", "async.txt", ".opspec-output"]);
      const stages = result.timings.map(([stage]) => stage);
      expect(stages.slice(stages.indexOf("emit:later"), stages.indexOf("emit:later") + 4)).toEqual(["emit:later", "emit:now", "emit:async", "emit:threads"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("fails the run, writing nothing, when an emitter that answers later fails", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "opspec-later-"));
    try {
      const failing: Emitter = { name: "failing", early: true, emit: () => new Promise((_, reject) => setTimeout(() => reject(new Error("failed later on purpose")), 20)) };
      const now: Emitter = { name: "now", emit: () => [{ path: "now.txt", contents: "now\n" }] };
      await expect(generate({ specDir: SPEC_DIR, outDir: path.join(dir, "out"), emitters: [now, failing] })).rejects.toThrow("failed later on purpose");
      expect(existsSync(path.join(dir, "out"))).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
