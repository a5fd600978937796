/**
 * Synthetic specs of any size, made of renamed copies of the real resources.
 *
 * Copy 1 is the real spec as it is. Copy k (k ≥ 2) of each resource file gets:
 *   - the resource name suffixed (`admins` → `adminsC2`; file `admins-c2.yaml`, title "Admins (copy 2)"),
 *   - every type it defines suffixed (`Admin` → `AdminC2`), and every reference to those types in type
 *     positions (`type`, `wireType`, `output`, `outputWireType`, `values`, `oneOf`, short-form fields) renamed to match,
 *   - every HTTP path prefixed with `/c2`, so no two operations share a route.
 * Types from api.yaml (ErrorList, CursorPages, …) stay shared, as in a real API. The last copy is cut
 * (whole resources, then operations of the last resource) so the total is exactly the size asked for.
 * api.yaml's `resources:` lists every copy, in order. The edits are made on the YAML documents, so
 * flow style, quoting and the schema comment of the originals are kept: each copy reads like the real file.
 */
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node, type YAMLMap } from "yaml";

interface SourceResource {
  file: string;
  text: string;
  resource: string;
  operations: number;
  typeNames: string[];
}

export interface SyntheticSpec {
  dir: string;
  operations: number;
  resources: number;
  types: number;
  files: number;
  bytes: number;
}

async function readSources(specDir: string): Promise<{ apiText: string; resources: SourceResource[] }> {
  const names = (await readdir(specDir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  let apiText: string | undefined;
  const byName = new Map<string, SourceResource>();
  for (const file of names) {
    const text = await readFile(path.join(specDir, file), "utf8");
    const doc = parseDocument(text);
    if (doc.get("api") !== undefined) {
      apiText = text;
      continue;
    }
    const resource = String(doc.get("resource"));
    const ops = doc.get("operations");
    const types = doc.get("types");
    byName.set(resource, {
      file,
      text,
      resource,
      operations: isSeq(ops) ? ops.items.length : 0,
      typeNames: isMap(types) ? types.items.map((p) => String(isScalar(p.key) ? p.key.value : p.key)) : [],
    });
  }
  if (!apiText) throw new Error(`no api.yaml in ${specDir}`);
  // Resources in the order api.yaml lists them.
  const order = parseDocument(apiText).toJS().resources as string[];
  const resources = order.map((r) => {
    const found = byName.get(r);
    if (!found) throw new Error(`api.yaml lists '${r}' but no file declares it`);
    return found;
  });
  return { apiText, resources };
}

/** Renames the named types in a type notation (`Admin[]`, `(a | b)[]`, `string | Admin`). */
function renameNotation(notation: string, renames: ReadonlyMap<string, string>): string {
  return notation.replace(/\b[A-Z][A-Za-z0-9]*\b/g, (name) => renames.get(name) ?? name);
}

function renameScalar(node: unknown, renames: ReadonlyMap<string, string>): void {
  if (isScalar(node) && typeof node.value === "string") node.value = renameNotation(node.value, renames);
}

/** A field: `name: Type` or `name: { type, wireType, … }`. */
function renameField(node: unknown, renames: ReadonlyMap<string, string>): void {
  if (isScalar(node)) renameScalar(node, renames);
  else if (isMap(node)) {
    renameScalar(node.get("type", true), renames);
    renameScalar(node.get("wireType", true), renames);
  }
}

function renameFieldMap(node: unknown, renames: ReadonlyMap<string, string>): void {
  if (isMap(node)) for (const pair of node.items) renameField(pair.value, renames);
}

function copyResource(src: SourceResource, copy: number, keepOperations: number): { file: string; text: string; resource: string } {
  const doc: Document.Parsed = parseDocument(src.text);
  const operations = doc.get("operations") as Node;
  if (isSeq(operations) && keepOperations < operations.items.length) operations.items.splice(keepOperations);
  if (copy === 1) return { file: src.file, text: keepOperations < src.operations ? doc.toString({ lineWidth: 0 }) : src.text, resource: src.resource };

  const suffix = `C${copy}`;
  const renames = new Map(src.typeNames.map((n) => [n, `${n}${suffix}`]));
  const resource = `${src.resource}${suffix}`;
  doc.set("resource", resource);
  const title = doc.get("title", true);
  if (isScalar(title)) title.value = `${String(title.value)} (copy ${copy})`;

  if (isSeq(operations))
    for (const op of operations.items) {
      if (!isMap(op)) continue;
      const http = op.get("http", true);
      if (isMap(http)) {
        const p = http.get("path", true);
        if (isScalar(p)) p.value = `/c${copy}${String(p.value)}`;
      }
      const input = op.get("input", true);
      renameFieldMap(input, renames);
      const output = op.get("output", true);
      if (isScalar(output)) renameScalar(output, renames);
      else renameFieldMap(output, renames);
      renameScalar(op.get("outputWireType", true), renames);
    }

  const types = doc.get("types", true);
  if (isMap(types))
    for (const pair of (types as YAMLMap).items) {
      if (!isPair(pair)) continue;
      if (isScalar(pair.key) && typeof pair.key.value === "string") pair.key.value = renames.get(pair.key.value) ?? pair.key.value;
      const t = pair.value;
      if (!isMap(t)) continue;
      renameFieldMap(t.get("fields", true), renames);
      renameScalar(t.get("values", true), renames);
      const oneOf = t.get("oneOf", true);
      if (isSeq(oneOf)) for (const member of oneOf.items) renameScalar(member, renames);
    }

  const base = src.file.replace(/\.ya?ml$/, "");
  return { file: `${base}-c${copy}.yaml`, text: doc.toString({ lineWidth: 0 }), resource };
}

/** api.yaml with its `resources:` list replaced; only that line changes when it is a one-line flow list. */
function withResources(apiText: string, names: readonly string[]): string {
  const line = /^resources: \[[^\]\n]*\]$/m;
  if (line.test(apiText)) return apiText.replace(line, () => `resources: [${names.join(", ")}]`);
  const apiDoc = parseDocument(apiText);
  const list = apiDoc.createNode(names);
  list.flow = true;
  apiDoc.set("resources", list);
  return apiDoc.toString({ lineWidth: 0 });
}

/**
 * Writes a spec of exactly `operations` operations into `outDir` (emptied first), built from the
 * real spec in `specDir`.
 */
export async function writeSyntheticSpec(specDir: string, outDir: string, operations: number): Promise<SyntheticSpec> {
  const { apiText, resources } = await readSources(specDir);
  const perCopy = resources.reduce((n, r) => n + r.operations, 0);
  if (perCopy === 0) throw new Error("the spec has no operations to copy");
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });

  const names: string[] = [];
  let left = operations;
  let types = 0;
  let bytes = 0;
  const writes: Promise<void>[] = [];
  for (let copy = 1; left > 0; copy++) {
    for (const src of resources) {
      if (left <= 0) break;
      const keep = Math.min(src.operations, left);
      left -= keep;
      const { file, text, resource } = copyResource(src, copy, keep);
      names.push(resource);
      types += src.typeNames.length;
      bytes += Buffer.byteLength(text);
      writes.push(writeFile(path.join(outDir, file), text));
    }
  }
  const api = withResources(apiText, names);
  bytes += Buffer.byteLength(api);
  writes.push(writeFile(path.join(outDir, "api.yaml"), api));
  await Promise.all(writes);
  const apiTypes = parseDocument(apiText).get("types");
  types += isMap(apiTypes) ? apiTypes.items.length : 0;
  return { dir: outDir, operations, resources: names.length, types, files: names.length + 1, bytes };
}

// `node --import tsx bench/synth.ts OPS OUT_DIR [SPEC_DIR]`: write one synthetic spec and say what it holds.
if (process.argv[1]?.endsWith("synth.ts")) {
  const [ops, out, spec = "spec"] = process.argv.slice(2);
  if (!ops || !out) {
    process.stderr.write("usage: node --import tsx bench/synth.ts OPERATIONS OUT_DIR [SPEC_DIR]\n");
    process.exit(2);
  }
  const made = await writeSyntheticSpec(path.resolve(spec), path.resolve(out), Number(ops));
  process.stdout.write(`${JSON.stringify(made)}\n`);
}
