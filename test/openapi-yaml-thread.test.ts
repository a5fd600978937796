/**
 * The OpenAPI emitter prints a large document's YAML text on a thread, from the JSON texts of its
 * members (emit/openapi/yaml-thread.ts). What the thread writes must be what the main thread's printer
 * writes: test/openapi-streamed.test.ts compares the two on every layout, and test/emit-threads.test.ts
 * on a document large enough for the thread and many batches. Here: a small document stays on the main
 * thread, a thread that fails leaves the document to the main thread, and numbers JSON cannot write are
 * written in YAML as JSON writes them, as the thread (which reads the JSON text) must.
 */
import { Worker } from "node:worker_threads";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { emitOpenApi, emitOpenApiWithYamlThread, openApiEmitter } from "../generator/emit/openapi/index.ts";
import { YamlThreadFailed } from "../generator/emit/openapi/yaml-thread.ts";
import { dumpJsonYaml } from "../generator/emit/openapi/yaml.ts";
import type { ApiModel, EmittedFile } from "../generator/model/types.ts";
import { loadModel } from "./helpers/spec.ts";

const contents = (files: EmittedFile[]) => files.map((f) => [f.path, f.contents]);

describe("the OpenAPI emitter's YAML thread", () => {
  it("is not taken below THREADS_FROM_OPERATIONS: this repository's spec is printed on the main thread", async () => {
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

describe("a YAML thread that cannot be made", () => {
  it("leaves the document to the main thread", async () => {
    const model = await loadModel();
    const failures: YamlThreadFailed[] = [];
    const files = await emitOpenApiWithYamlThread(model, {
      start: () => {
        throw new Error("no worker here");
      },
      threadFailed: (error) => failures.push(error),
    });
    expect(failures.map((e) => e.message)).toEqual([expect.stringContaining("no worker here")]);
    expect(contents(files)).toEqual(contents(emitOpenApi(model)));
  });
});

describe("numbers JSON cannot write, in the YAML text", () => {
  it("are written as JSON writes them: -0 as 0, NaN and the infinities as null", () => {
    const value = { a: -0, b: Number.NaN, c: [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0], d: 0 };
    const yaml = dumpJsonYaml(value);
    expect(yaml).toBe("a: 0\nb: null\nc:\n  - null\n  - null\n  - 0\n  - 0\nd: 0\n");
    expect(load(yaml)).toEqual(JSON.parse(JSON.stringify(value)));
  });
});
