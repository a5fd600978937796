/**
 * The OpenAPI emitter prints a large document's YAML text on a thread, from the JSON texts of its
 * members (emit/openapi/yaml-thread.ts). What the thread writes must be what the main thread's printer
 * writes (test/openapi-streamed.test.ts compares the two on every layout); here: the emitter takes the
 * thread from YAML_THREAD_FROM operations and then writes the same files in many batches, a thread
 * that fails leaves the document to the main thread, and numbers JSON cannot write are written in YAML
 * as JSON writes them, as the thread (which reads the JSON text) must.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { writeSyntheticSpec } from "../bench/synth.ts";
import { checkSpec } from "../generator/check/check-spec.ts";
import { emitOpenApi, emitOpenApiWithYamlThread, openApiEmitter, OPENAPI_FILES } from "../generator/emit/openapi/index.ts";
import { YamlThreadFailed } from "../generator/emit/openapi/yaml-thread.ts";
import { dumpJsonYaml } from "../generator/emit/openapi/yaml.ts";
import { loadSpec } from "../generator/load/load-spec.ts";
import { buildModel } from "../generator/model/build-model.ts";
import type { ApiModel, EmittedFile } from "../generator/model/types.ts";
import { loadModel, SPEC_DIR } from "./helpers/spec.ts";

const contents = (files: EmittedFile[]) => files.map((f) => [f.path, f.contents]);

function failOnThreadFailure(error: YamlThreadFailed): never {
  throw error;
}

describe("the OpenAPI emitter's YAML thread", () => {
  it("is taken from 2,001 operations on, and writes the same files as the main thread, sent in many batches", { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "opspec-yaml-thread-"));
    try {
      const synthetic = await writeSyntheticSpec(SPEC_DIR, path.join(dir, "spec"), 2_100);
      const checked = checkSpec(await loadSpec(path.join(dir, "spec"), "spec"));
      const model = buildModel(checked.spec!);
      const operations = model.resources.reduce((n, r) => n + r.operations.length, 0);
      expect(operations, JSON.stringify(synthetic)).toBeGreaterThanOrEqual(2_001);
      const printed = openApiEmitter.emit(model);
      // Only the thread's way answers later.
      expect(printed).toBeInstanceOf(Promise);
      const onMainThread = emitOpenApi(model);
      expect(contents(await printed)).toEqual(contents(onMainThread));
      // Over 1 MiB of JSON text, so it went to the thread in several batches (BATCH_LENGTH).
      expect(onMainThread.find((f) => f.path === OPENAPI_FILES.json)!.contents.length).toBeGreaterThan(8 << 20);
      // And what the thread printed, without falling back: the same bytes again.
      expect(contents(await emitOpenApiWithYamlThread(model, { threadFailed: failOnThreadFailure }))).toEqual(contents(onMainThread));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("is not taken below 2,001 operations: this repository's spec is printed on the main thread", async () => {
    const printed = openApiEmitter.emit(await loadModel());
    expect(Array.isArray(printed)).toBe(true);
  });

  for (const [what, source] of [
    ["cannot start", 'throw new Error("no entry here");'],
    ["fails on its first batch", 'require("node:worker_threads").parentPort.on("message", () => { throw new Error("broken"); });'],
    ["answers an error", 'const { parentPort } = require("node:worker_threads"); parentPort.once("message", () => parentPort.postMessage({ error: "could not print" }));'],
    ["stops without answering", 'require("node:worker_threads").parentPort.once("message", () => process.exit(3));'],
  ] as const) {
    it(`leaves the document to the main thread when the thread ${what}`, async () => {
      const model: ApiModel = await loadModel();
      const failures: YamlThreadFailed[] = [];
      const files = await emitOpenApiWithYamlThread(model, {
        start: () => new Worker(source, { eval: true }),
        threadFailed: (error) => failures.push(error),
      });
      expect(failures).toHaveLength(1);
      expect(failures[0]).toBeInstanceOf(YamlThreadFailed);
      expect(contents(files)).toEqual(contents(emitOpenApi(model)));
    });
  }
});

describe("numbers JSON cannot write, in the YAML text", () => {
  it("are written as JSON writes them: -0 as 0, NaN and the infinities as null", () => {
    const value = { a: -0, b: Number.NaN, c: [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0], d: 0 };
    const yaml = dumpJsonYaml(value);
    expect(yaml).toBe("a: 0\nb: null\nc:\n  - null\n  - null\n  - 0\n  - 0\nd: 0\n");
    expect(load(yaml)).toEqual(JSON.parse(JSON.stringify(value)));
  });
});
