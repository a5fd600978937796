/**
 * The pipeline: load → check → model → emit → finish (headers) → compare → write. Each stage is
 * timed so the benchmark (and `--verbose`) can show where time goes. Outside watch mode the compare
 * and the write overlap the emit: each emitter's files are finished and handed to a writing thread as
 * soon as they are printed (write/streamed-output.ts). For a large model some emitting is done on
 * threads too (emit/threads.ts): an emitter that answers later is finished when it answers.
 */
import path from "node:path";
import { checkSpec } from "./check/check-spec.ts";
import { hasErrors, type Diagnostic } from "./diagnostics/catalog.ts";
import { EMITTERS } from "./emit/index.ts";
import type { WatchState } from "./incremental/watch-state.ts";
import { loadSpec, type SpecSource } from "./load/load-spec.ts";
import { buildModel } from "./model/build-model.ts";
import { rebasedFileName } from "./model/source-files.ts";
import type { ApiModel, EmittedFile, Emitter } from "./model/types.ts";
import { finishFiles } from "./write/finish.ts";
import { filesMatchingRecord, inputKey, readRecord, writeRecord } from "./write/cache.ts";
import { diffOutput, isClean, openOutput, readTree, withOutputMarker, type OutputDiff, type OutputFolder } from "./write/write-output.ts";

export interface GenerateOptions {
  /** Folder of spec YAML files. */
  specDir: string;
  /** Output folder, replaced as a whole. */
  outDir: string;
  /** Compare only; write nothing. */
  check?: boolean;
  emitters?: readonly Emitter[];
  /** Run every stage even when the run cache says the output is already up to date. */
  force?: boolean;
  /**
   * What a long-lived process (watch mode) keeps between runs of this API: reused parses, emitted files
   * and the output's texts (incremental/watch-state.ts). The output is the same with or without it.
   * The run-cache record is then written at the state's next `flush`, after the result is reported.
   */
  state?: WatchState;
  /** Watch mode: the run may be overtaken by a newer save (RunGate). */
  gate?: RunGate;
}

/**
 * Watch mode starts a run at a save's first file event, before the save has settled (cli.ts,
 * watchSpecs). Reading, checking and emitting write nothing, so such a run is free to stop early.
 */
export interface RunGate {
  /** An event came in after the run began reading: what it read may be stale. Cheap; asked between stages. */
  superseded(): boolean;
  /** Waits until the save has been quiet for the settle time; true when the run still stands. Asked before writing. */
  settled(): Promise<boolean>;
}

export interface GenerateResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  /** Source texts by displayed file name, for code frames. */
  sources: Map<string, string>;
  model?: ApiModel;
  files?: EmittedFile[];
  /** Differences between the new output and what was on disk before the run. */
  diff?: OutputDiff;
  /** Milliseconds per stage, in order. */
  timings: [stage: string, ms: number][];
  /** True when the run cache showed the output up to date and the emit stages were skipped. */
  cached?: boolean;
  /** The gate said a newer save overtook the run: it stopped, wrote nothing, and is not to be reported. */
  superseded?: boolean;
}

/**
 * Opens the output folder first: a folder that must not be replaced is refused (OutputFolderError)
 * before anything runs, and the folder's lock is held for the whole run, so concurrent runs take
 * turns and none reads the output while another writes it. Opening also repairs what a killed run
 * left, so the cache check and the diff below see a complete output.
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  await options.state?.flush();
  const output = await openOutput(options.outDir, { specDir: options.specDir, readOnly: options.check ?? false });
  try {
    return await generateInto(output, options);
  } finally {
    await output.close();
  }
}

async function generateInto(output: OutputFolder, options: GenerateOptions): Promise<GenerateResult> {
  const timings: GenerateResult["timings"] = [];
  const time = async <T>(stage: string, fn: () => T | Promise<T>): Promise<T> => {
    const start = performance.now();
    const value = await fn();
    timings.push([stage, performance.now() - start]);
    return value;
  };
  const { state, gate } = options;
  const modelled = await modelOf(options, time);
  if (modelled.ended) return { ...modelled.ended, timings };
  const { sources, diagnostics, model } = modelled;
  const overtaken = (): GenerateResult => ({ ...overtakenResult(sources), timings });
  // The cache covers the full set of emitters only: a run with a chosen subset always runs.
  const useCache = !options.force && !options.emitters;
  const key = useCache ? await time("cache", () => inputKey(sources)) : undefined;
  if (key !== undefined) {
    const unchanged = state?.last ? await time("cache-check", () => sameAsLastRun(state, output.dir, key)) : await recordedFiles(options.outDir, key, state);
    if (unchanged) {
      if (state) state.last = { key, files: unchanged };
      const diff: OutputDiff = { stale: [], missing: [], extra: [] };
      return { ok: true, diagnostics, sources, model, files: unchanged, diff, timings, cached: true };
    }
  }
  // --force asks for every stage to run: no emitted file is reused then either.
  const memo = options.force ? undefined : state;
  const modelKey = memo ? await time("model-key", () => memo.modelKey(model)) : undefined;
  // Outside watch mode the output is written (or, checking, compared) while the emitters print
  // (streamed-output.ts): each emitter's files are finished and handed over as soon as they are
  // printed. Watch mode compares with the texts it keeps and waits for the save to settle before it writes.
  const stream = state || gate ? undefined : output.stream();
  try {
    const emitters = options.emitters ?? EMITTERS;
    // Each emitter's files, finished, at the emitter's place: the output's order is the emitters' whatever order they answer in.
    const finishedBy: EmittedFile[][] = emitters.map(() => []);
    let finishMs = 0;
    const finish = (index: number, printed: EmittedFile[]) => {
      const start = performance.now();
      const headed = finishFiles(printed);
      stream?.add(headed);
      finishedBy[index] = headed;
      finishMs += performance.now() - start;
    };
    // An emitter that answers later (its work is on a thread: emit/threads.ts) is finished when it
    // answers, and the main thread runs the next emitter meanwhile; `early` ones are started first for
    // that. (Watch mode's memo answers every emitter later, once the emitter itself has answered.)
    const answers: Promise<void>[] = [];
    for (const index of startOrder(emitters)) {
      const emitter = emitters[index]!;
      const start = performance.now();
      const printed = memo ? memo.emit(emitter, model, modelKey) : emitter.emit(model);
      if (printed instanceof Promise) {
        timings.push([`emit:${emitter.name}`, performance.now() - start]);
        const answered = printed.then((files) => finish(index, files));
        // Awaited below; until then a failure must not count as unhandled.
        answered.catch(() => undefined);
        answers.push(answered);
        continue;
      }
      const files = await printed;
      timings.push([`emit:${emitter.name}`, performance.now() - start]);
      finish(index, files);
    }
    if (answers.length > 0) await time("emit:threads", () => Promise.all(answers));
    // One stage for all emitters' finishing (and, streamed, handing over).
    timings.push(["finish", finishMs]);
    if (gate?.superseded()) return overtaken();
    const finished = finishedBy.flat();
    const files = withOutputMarker(finished);
    stream?.add(files.slice(finished.length));
    // Streamed, this waits for what the thread has left to compare, write or stage.
    const diff = await time("compare", () => (stream ? stream.compare(files) : state ? state.output.diff(output.dir, files) : diffOutput(options.outDir, files)));
    if (!options.check && !isClean(diff)) {
      if (gate && !(await gate.settled())) return overtaken();
      // Files the compare stage found equal on disk are left alone, not written again (OutputFolder.replace).
      const changed = new Set([...diff.stale, ...diff.missing]);
      const unchanged = new Set(files.map((f) => f.path).filter((p) => !changed.has(p)));
      const deferCleanup = state && ((cleanup: () => void) => state.defer(`cleanup ${output.dir}`, cleanup));
      await time("write", () => (stream ? stream.commit(files, unchanged) : output.replace(files, unchanged, deferCleanup)));
      state?.output.wrote(output.dir, files);
    }
    return await recordRun(options, state, key, files, diff, stream?.hashes, { diagnostics, sources, model, timings });
  } finally {
    await stream?.abort();
  }
}

/**
 * Load, check and model; or the run's result where it ends before a model. Only what the rest of the
 * run needs is returned: the loaded and the checked spec go with this call (at 10,000 operations they
 * held about 75 MB of the run's peak memory while it emitted).
 */
async function modelOf(
  options: GenerateOptions,
  time: <T>(stage: string, fn: () => T | Promise<T>) => Promise<T>,
): Promise<{ ended?: undefined; sources: Map<string, string>; diagnostics: Diagnostic[]; model: ApiModel } | { ended: Omit<GenerateResult, "timings"> }> {
  const { state, gate } = options;
  const shownDir = displayPath(options.specDir);
  const loaded = await time("load", () => loadSpec(options.specDir, shownDir, {}, state?.parses));
  const sources = sourceTexts(loaded.sources);
  if (gate?.superseded()) return { ended: overtakenResult(sources) };
  const checked = await time("check", () => checkSpec(loaded));
  if (!checked.spec || hasErrors(checked.diagnostics)) return { ended: { ok: false, diagnostics: checked.diagnostics, sources } };
  if (gate?.superseded()) return { ended: overtakenResult(sources) };
  const model = await time("model", () => buildModel(checked.spec!, rebasedFileName(shownDir, path.basename(options.specDir))));
  return { sources, diagnostics: checked.diagnostics, model };
}

/** A run a newer save overtook: it stopped, wrote nothing, and is not to be reported. */
function overtakenResult(sources: Map<string, string>): Omit<GenerateResult, "timings"> {
  return { ok: false, diagnostics: [], sources, superseded: true };
}

/** The emitters' indexes, `early` ones first (see generateInto). */
function startOrder(emitters: readonly Emitter[]): number[] {
  const indexes = emitters.map((_, i) => i);
  return [...indexes.filter((i) => emitters[i]!.early), ...indexes.filter((i) => !emitters[i]!.early)];
}

/** After the write (or the check): what watch mode and the run cache keep of the run, and its result. */
async function recordRun(
  options: GenerateOptions,
  state: WatchState | undefined,
  key: string | undefined,
  files: EmittedFile[],
  diff: OutputDiff,
  hashes: ReadonlyMap<string, string> | undefined,
  result: Pick<GenerateResult, "diagnostics" | "sources" | "model" | "timings">,
): Promise<GenerateResult> {
  if (state && (isClean(diff) || !options.check)) state.last = { key, files };
  // Best effort: the record only saves the next run time, and a failure here, after the output was
  // replaced, must not be reported as a failed run (the CLI would say the output was left as it was).
  if (key !== undefined && (isClean(diff) || !options.check)) {
    const record = () => writeRecord(options.outDir, key, files, hashes).catch(() => {});
    if (!state) await record();
    else if (state.recordedKey !== key) {
      state.recordedKey = key;
      state.defer("run-cache record", record);
    }
  }
  return { ok: options.check ? isClean(diff) : true, ...result, files, diff };
}

/** The run cache's answer from disk: the recorded files, when the record is for `key` and the output still holds them. */
async function recordedFiles(outDir: string, key: string, state: WatchState | undefined): Promise<EmittedFile[] | undefined> {
  const record = await readRecord(outDir);
  if (record?.key !== key) return undefined;
  if (state) state.recordedKey = key;
  return filesMatchingRecord(record, state ? state.output.read(path.resolve(outDir)) : await readTree(outDir));
}

/** The run cache's answer from memory: the last run's files, when its key was `key` and the output still holds them. */
function sameAsLastRun(state: WatchState, outDir: string, key: string): EmittedFile[] | undefined {
  const last = state.last!;
  return last.key === key && isClean(state.output.diff(outDir, last.files)) ? last.files : undefined;
}

function sourceTexts(sources: SpecSource[]): Map<string, string> {
  return new Map(sources.map((s) => [s.file, s.text]));
}

/** How spec paths are shown in diagnostics: relative to the working directory (`spec/admins.yaml`). */
function displayPath(dir: string): string {
  const rel = path.relative(process.cwd(), dir).split(path.sep).join("/");
  return rel === "" ? "." : rel.startsWith("..") ? dir : rel;
}
