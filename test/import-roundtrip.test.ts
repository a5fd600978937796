/**
 * The import round trip on real descriptions: ../shared/reference/intercom-openapi.yaml (Intercom's
 * own, 162 operations; and Rebilly's, 355, where installed) → `opspec import` → a spec folder →
 * `opspec generate` (the CLI, as a user runs it) → out/openapi/openapi.json, compared with the source
 * operation by operation: method and path,
 * parameters (name, location, required), request body properties (name, required), success status,
 * response property names. Every compared item carries the source pointers it was read from; the
 * importer warns with pointers, so what it did not warn about must match exactly. Intercom's generated
 * client must also compile under strict tsc.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import yaml from "js-yaml";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runImport } from "../generator/import/cli.ts";
import { runCli } from "./helpers/cli.ts";
import { ROOT, SHARED_DIR } from "./helpers/spec.ts";

const INTERCOM = path.join(SHARED_DIR, "reference/intercom-openapi.yaml");
/** A second real description (Rebilly's, 355 operations), shipped with @redocly/openapi-core as a benchmark. */
const REBILLY = path.join(ROOT, "node_modules/@redocly/openapi-core/src/benchmark/benches/rebilly.yaml");

interface RoundTrip {
  tmp: string;
  specDir: string;
  outDir: string;
  importMs: number;
  importCode: number;
  importStdout: string;
  importStderr: string;
  warnings: { code: string; pointer: string; message: string }[];
  generate: { code: number | null; stdout: string; stderr: string };
}

/** `opspec import` (in process, as the CLI calls it) into a temp folder, then `opspec generate` as a child process. */
async function roundTrip(source: string): Promise<RoundTrip> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "opspec-import-"));
  const specDir = path.join(tmp, "spec");
  const outDir = path.join(tmp, "out");
  let importStdout = "";
  let importStderr = "";
  const started = performance.now();
  const importCode = await runImport([source, "--out", specDir], { stdout: (s) => (importStdout += s), stderr: (s) => (importStderr += s), cwd: ROOT });
  const importMs = performance.now() - started;
  const warnings = importStderr.split("\n").flatMap((line) => {
    const m = /^\S+ warning (\S+) (#\S*) (.*)$/.exec(line);
    return m ? [{ code: m[1]!, pointer: m[2]!, message: m[3]! }] : [];
  });
  const generate = await runCli(["generate", "--spec", specDir, "--out", outDir], ROOT);
  return { tmp, specDir, outDir, importMs, importCode, importStdout, importStderr, warnings, generate };
}

function operationCount(specDir: string): number {
  return readdirSync(specDir)
    .filter((f) => f.endsWith(".yaml") && f !== "api.yaml")
    .reduce((n, f) => n + (yaml.load(readFileSync(path.join(specDir, f), "utf8")) as { operations: unknown[] }).operations.length, 0);
}

/** Compares the emitted OpenAPI with the source; logs the match; returns the items no warning covers. */
function compareWithSource(name: string, source: string, run: RoundTrip): { items: Item[]; clean: Item[] } {
  const sourceDoc = yaml.load(readFileSync(source, "utf8")) as Record<string, unknown>;
  const emitted = JSON.parse(readFileSync(path.join(run.outDir, "openapi/openapi.json"), "utf8")) as Record<string, unknown>;
  const api = yaml.load(readFileSync(path.join(run.specDir, "api.yaml"), "utf8")) as { headers?: Record<string, unknown> };
  const items = compareDocuments(sourceDoc, emitted, { apiHeaders: Object.keys(api.headers ?? {}) });
  const warned = (i: Item) => i.pointers.some((p) => run.warnings.some((w) => covers(w.pointer, p)));
  const clean = items.filter((i) => !warned(i));
  const matching = items.filter((i) => i.ok).length;
  const cleanMatching = clean.filter((i) => i.ok).length;
  const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(1)} %`;
  console.log(
    `${name} round trip: ${matching} of ${items.length} compared items match (${pct(matching, items.length)}); ` +
      `${items.length - clean.length} sit under a warning; of the ${clean.length} the importer did not warn about, ${cleanMatching} match (${pct(cleanMatching, clean.length)})`,
  );
  return { items, clean };
}

const mismatches = (items: Item[]) => items.filter((i) => !i.ok).map((i) => `${i.operation}: ${i.what}${i.detail ? ` (${i.detail})` : ""}`);

describe("opspec import of Intercom's OpenAPI description", () => {
  let run: RoundTrip;
  beforeAll(async () => {
    run = await roundTrip(INTERCOM);
  }, 600_000);
  afterAll(() => {
    if (run) rmSync(run.tmp, { recursive: true, force: true });
  });

  it("imports every operation in one command, in seconds", () => {
    expect(run.importCode, run.importStderr).toBe(0);
    const operations = operationCount(run.specDir);
    console.log(`Intercom import: ${operations} operations, ${run.warnings.length} warnings, ${Math.round(run.importMs)} ms`);
    expect(operations).toBe(162);
    expect(run.importStdout).toMatch(/imported 162 operations in \d+ resources/);
    expect(run.importStderr).toMatch(new RegExp(`opspec: ${run.warnings.length} warnings \\(`));
    expect(run.importMs).toBeLessThan(30_000);
  });

  it("generates from the imported spec with no diagnostics", () => {
    expect(run.generate.stderr).toBe("");
    expect(run.generate.code).toBe(0);
  });

  it("matches the source on everything the importer did not warn about", () => {
    const { items, clean } = compareWithSource("Intercom", INTERCOM, run);
    expect(items.length).toBeGreaterThan(3000);
    expect(mismatches(clean)).toEqual([]);
    expect(clean.filter((i) => i.what === "route").length).toBeGreaterThanOrEqual(160);
  });

  it("gives the generated client and schemas no error under strict tsc", () => {
    const tmp = run.tmp;
    writeFileSync(path.join(tmp, "package.json"), JSON.stringify({ type: "module", private: true }));
    symlinkSync(path.join(ROOT, "node_modules"), path.join(tmp, "node_modules"), "dir");
    const tsconfig = {
      compilerOptions: {
        strict: true,
        noUncheckedIndexedAccess: true,
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        lib: ["ES2023", "DOM"],
        types: ["node"],
        skipLibCheck: true,
        noEmit: true,
        isolatedModules: true,
        verbatimModuleSyntax: true,
      },
      include: ["out/client/**/*.ts", "out/schemas/**/*.ts"],
    };
    writeFileSync(path.join(tmp, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
    const { config, error } = ts.readConfigFile(path.join(tmp, "tsconfig.json"), ts.sys.readFile);
    expect(error).toBeUndefined();
    const parsed = ts.parseJsonConfigFileContent(config, ts.sys, tmp);
    expect(parsed.fileNames.length).toBeGreaterThan(30);
    const program = ts.createProgram(parsed.fileNames, parsed.options);
    const errors = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      return `${d.file ? path.relative(tmp, d.file.fileName) : ""}${where ? `:${where.line + 1}` : ""} TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
    });
    expect(errors).toEqual([]);
  }, 300_000);
});

describe.skipIf(!existsSync(REBILLY))("opspec import of Rebilly's OpenAPI description", () => {
  let run: RoundTrip;
  beforeAll(async () => {
    run = await roundTrip(REBILLY);
  }, 600_000);
  afterAll(() => {
    if (run) rmSync(run.tmp, { recursive: true, force: true });
  });

  it("imports every operation and generates with no diagnostics", () => {
    expect(run.importCode, run.importStderr).toBe(0);
    expect(operationCount(run.specDir)).toBe(355);
    expect(run.generate.stderr).toBe("");
    expect(run.generate.code).toBe(0);
  });

  it("matches the source on everything the importer did not warn about", () => {
    const { items, clean } = compareWithSource("Rebilly", REBILLY, run);
    expect(items.length).toBeGreaterThan(7000);
    expect(mismatches(clean)).toEqual([]);
  });
});

// ------------------------------------------------------------------ comparing two OpenAPI documents

type Json = unknown;
type Obj = Record<string, Json>;

const METHODS = ["get", "put", "post", "delete", "patch"];
const isObj = (v: Json): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

interface Item {
  /** `GET /contacts/{}`: the operation. */
  operation: string;
  /** What was compared: `route`, `param query per_page`, `body email required`, `status`, `response data`. */
  what: string;
  ok: boolean;
  /** Source pointers the item depends on. */
  pointers: string[];
  detail?: string;
}

function escape(s: string): string {
  return s.replace(/~/g, "~0").replace(/\//g, "~1").replace(/%/g, "%25").replace(/\s/g, (c) => encodeURIComponent(c));
}

function ptr(segments: (string | number)[]): string {
  return `#${segments.map((s) => `/${escape(String(s))}`).join("")}`;
}

class Doc {
  constructor(readonly root: Obj) {}

  /** Follows $refs; returns the value and the pointers passed through. */
  resolve(value: Json, at: string): { value: Json; at: string; via: string[] } {
    const via = [at];
    let v = value;
    let where = at;
    for (let i = 0; i < 32 && isObj(v) && typeof v.$ref === "string"; i++) {
      const ref = v.$ref;
      const segments = ref.replace(/^#\/?/, "").split("/").map((s) => decodeURIComponent(s).replace(/~1/g, "/").replace(/~0/g, "~"));
      let t: Json = this.root;
      for (const s of segments) t = isObj(t) ? t[s] : Array.isArray(t) ? t[Number(s)] : undefined;
      v = t;
      where = ptr(segments);
      via.push(where);
    }
    return { value: v, at: where, via };
  }

  /**
   * Top-level properties of an object schema: allOf merged, oneOf/anyOf merged (required where every
   * alternative requires it, whether the alternative lists the property or only requires it). Each
   * property lists the pointers on its way.
   */
  properties(schema: Json, at: string): Map<string, { required: boolean; pointers: string[] }> {
    const { props, required } = this.#collect(schema, at, 0);
    const out = new Map<string, { required: boolean; pointers: string[] }>();
    for (const [name, pointers] of props) out.set(name, { required: required.has(name), pointers });
    return out;
  }

  #collect(schema: Json, at: string, depth: number): { props: Map<string, string[]>; required: Set<string> } {
    const props = new Map<string, string[]>();
    const required = new Set<string>();
    if (depth > 16) return { props, required };
    const r = this.resolve(schema, at);
    const s = r.value;
    if (!isObj(s)) return { props, required };
    const add = (name: string, pointers: string[]) => props.set(name, [...(props.get(name) ?? []), ...pointers]);
    if (Array.isArray(s.allOf))
      s.allOf.forEach((m, i) => {
        const c = this.#collect(m, `${r.at}/allOf/${i}`, depth + 1);
        for (const [n, p] of c.props) add(n, [...r.via, ...p]);
        for (const n of c.required) required.add(n);
      });
    if (isObj(s.properties)) for (const name of Object.keys(s.properties)) add(name, [...r.via, `${r.at}/properties/${escape(name)}`]);
    if (Array.isArray(s.required)) for (const n of s.required) required.add(String(n));
    for (const key of ["oneOf", "anyOf"] as const) {
      const alts = s[key];
      if (!Array.isArray(alts)) continue;
      const members = alts
        .map((m, i) => ({ m, i }))
        .filter(({ m }) => !(isObj(m) && m.type === "null"))
        .map(({ m, i }) => this.#collect(m, `${r.at}/${key}/${i}`, depth + 1));
      for (const c of members) for (const [n, p] of c.props) add(n, [...r.via, ...p]);
      for (const n of members[0]?.required ?? []) if (members.every((c) => c.required.has(n))) required.add(n);
    }
    return { props, required };
  }

  operations(): { key: string; method: string; path: string; op: Obj; item: Obj; at: string }[] {
    const out: { key: string; method: string; path: string; op: Obj; item: Obj; at: string }[] = [];
    const paths = isObj(this.root.paths) ? this.root.paths : {};
    for (const [path, item] of Object.entries(paths)) {
      if (!isObj(item)) continue;
      for (const m of METHODS) {
        const op = item[m];
        if (isObj(op)) out.push({ key: `${m.toUpperCase()} ${path.replace(/\{[^}]*\}/g, "{}")}`, method: m, path, op, item, at: ptr(["paths", path, m]) });
      }
    }
    return out;
  }

  parameters(o: { op: Obj; item: Obj; at: string; path: string }): { name: string; in: string; required: boolean; at: string }[] {
    const list: { name: string; in: string; required: boolean; at: string }[] = [];
    const collect = (raw: Json, at: string) => {
      if (!Array.isArray(raw)) return;
      raw.forEach((p, i) => {
        const r = this.resolve(p, `${at}/${i}`);
        if (!isObj(r.value)) return;
        const q = { name: String(r.value.name), in: String(r.value.in), required: r.value.required === true, at: r.at };
        const prior = list.findIndex((x) => x.name === q.name && x.in === q.in);
        if (prior >= 0) list[prior] = q;
        else list.push(q);
      });
    };
    collect(o.item.parameters, `${o.at.replace(/\/[a-z]+$/, "")}/parameters`);
    collect(o.op.parameters, `${o.at}/parameters`);
    return list;
  }

  /** The first 2xx (numerically), else `default`. */
  success(op: Obj): { code: string; response: Json } | undefined {
    const responses = isObj(op.responses) ? op.responses : {};
    const code = Object.keys(responses)
      .filter((c) => /^2\d\d$/.test(c))
      .sort()[0];
    return code ? { code, response: responses[code] } : undefined;
  }

  jsonSchema(container: Json, at: string): { schema: Json; at: string } | undefined {
    const r = this.resolve(container, at);
    if (!isObj(r.value) || !isObj(r.value.content)) return undefined;
    const media = Object.keys(r.value.content).find((m) => /^application\/([\w.+-]+\+)?json/i.test(m));
    if (!media) return undefined;
    const mt = r.value.content[media];
    return isObj(mt) && mt.schema !== undefined ? { schema: mt.schema, at: `${r.at}/content/${escape(media)}/schema` } : undefined;
  }
}

interface CompareOptions {
  /** Header parameters the target sends on every operation (api.yaml headers); they may appear anywhere. */
  apiHeaders: string[];
}

function compareDocuments(sourceRoot: Obj, targetRoot: Obj, options: CompareOptions): Item[] {
  const source = new Doc(sourceRoot);
  const target = new Doc(targetRoot);
  const targets = new Map(target.operations().map((o) => [o.key, o]));
  const apiHeaders = new Set(options.apiHeaders.map((h) => h.toLowerCase()));
  const items: Item[] = [];
  for (const s of source.operations()) {
    const t = targets.get(s.key);
    const item = (what: string, ok: boolean, pointers: string[], detail?: string) =>
      items.push({ operation: s.key, what, ok, pointers: [s.at, ...pointers], ...(detail ? { detail } : {}) });
    item("route", t !== undefined, []);
    if (!t) continue;

    // Parameters; path parameters are matched by their position in the path.
    const sp = source.parameters(s);
    const tp = target.parameters(t);
    const sPath = [...s.path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!);
    const tPath = [...t.path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!);
    const key = (p: { name: string; in: string }, placeholders: string[]) =>
      p.in === "path" ? `path #${placeholders.indexOf(p.name)}` : `${p.in} ${p.in === "header" ? p.name.toLowerCase() : p.name}`;
    const tByKey = new Map(tp.map((p) => [key(p, tPath), p]));
    const sKeys = new Set<string>();
    for (const p of sp) {
      const k = key(p, sPath);
      sKeys.add(k);
      const q = tByKey.get(k);
      item(`param ${k}`, q !== undefined, [p.at]);
      if (q) item(`param ${k} required`, q.required === (p.in === "path" ? true : p.required), [p.at], `${p.required} → ${q.required}`);
    }
    for (const q of tp) {
      const k = key(q, tPath);
      if (!sKeys.has(k) && !(q.in === "header" && apiHeaders.has(q.name.toLowerCase()))) item(`extra param ${k}`, false, [`${s.at}/parameters`]);
    }

    // Request body properties.
    const sBody = isObj(s.op.requestBody) ? source.jsonSchema(s.op.requestBody, `${s.at}/requestBody`) : undefined;
    const tBody = isObj(t.op.requestBody) ? target.jsonSchema(t.op.requestBody, `${t.at}/requestBody`) : undefined;
    if (sBody) {
      const sProps = source.properties(sBody.schema, sBody.at);
      const tProps = tBody ? target.properties(tBody.schema, tBody.at) : new Map();
      for (const [name, p] of sProps) {
        const q = tProps.get(name);
        item(`body ${name}`, q !== undefined, [`${s.at}/requestBody`, sBody.at, ...p.pointers]);
        if (q) item(`body ${name} required`, q.required === p.required, [`${s.at}/requestBody`, sBody.at, ...p.pointers], `${p.required} → ${q.required}`);
      }
      // A property the target has and the source does not is most likely a renamed one: it answers to the missing ones' pointers.
      const missing = [...sProps].filter(([n]) => !tProps.has(n)).flatMap(([, p]) => p.pointers);
      for (const [name] of tProps) if (!sProps.has(name)) item(`extra body ${name}`, false, [`${s.at}/requestBody`, sBody.at, ...missing]);
    }

    // Success status and response properties.
    const sOk = source.success(s.op);
    const tOk = target.success(t.op);
    item("status", (sOk?.code ?? "200") === (tOk?.code ?? "200"), [`${s.at}/responses`], `${sOk?.code} → ${tOk?.code}`);
    if (sOk) {
      const sSchema = source.jsonSchema(sOk.response, `${s.at}/responses/${sOk.code}`);
      const tSchema = tOk ? target.jsonSchema(tOk.response, `${t.at}/responses/${tOk.code}`) : undefined;
      if (sSchema) {
        const sProps = source.properties(sSchema.schema, sSchema.at);
        const tProps = tSchema ? target.properties(tSchema.schema, tSchema.at) : new Map();
        const where = [`${s.at}/responses/${sOk.code}`, sSchema.at];
        for (const [name, p] of sProps) item(`response ${name}`, tProps.has(name), [...where, ...p.pointers]);
        const missing = [...sProps].filter(([n]) => !tProps.has(n)).flatMap(([, p]) => p.pointers);
        for (const [name] of tProps) if (!sProps.has(name)) item(`extra response ${name}`, false, [...where, ...missing]);
      }
    }
  }
  return items;
}

/** Whether a warning at `warned` covers `pointer`: the same node or one of its ancestors. */
function covers(warned: string, pointer: string): boolean {
  return pointer === warned || pointer.startsWith(`${warned}/`);
}
