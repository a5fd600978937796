/**
 * `opspec import <openapi.json|yaml> --out <spec dir> [--force] [--schema REF]`
 *
 * Exit codes: 0 imported (warnings or not), 1 the document cannot be read or is not OpenAPI 3,
 * 2 usage errors, or an output folder that already holds files (without --force).
 */
import { mkdir, readdir, readFile, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { LineCounter, parseDocument, isCollection, isSeq, type Node } from "yaml";
import { importOpenApi, type ImportResult } from "./import-openapi.ts";
import { InputError, readOpenApi } from "./source.ts";
import { apiYaml, resourceYaml, RISK_REVIEW, type WriteOptions } from "./write-yaml.ts";
import { pointerSegments, type ImportWarning } from "./warnings.ts";

export interface ImportIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
}

const USAGE = `Usage: opspec import <openapi.json|openapi.yaml> --out <spec dir> [--force] [--schema REF]

  --out DIR     the spec folder to write (api.yaml and one file per resource)
  --force       replace the spec files (*.yaml, *.yml) of a folder that already has files
  --schema REF  start each file with '# yaml-language-server: $schema=REF', e.g.
                --schema ../generated/spec.schema.json (REF is relative to the spec folder)

Prints one warning per construct the spec format cannot express, with its JSON pointer, then a count.
Exit codes: 0 imported, 1 the document cannot be read, 2 usage errors or a non-empty --out folder.`;

export async function runImport(argv: string[], io: ImportIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: "string", short: "o" },
        force: { type: "boolean" },
        schema: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    io.stderr(`opspec: ${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  // `opspec import x.yaml` reaches here with or without the command word.
  const args = positionals[0] === "import" ? positionals.slice(1) : positionals;
  if (args.length !== 1 || values.out === undefined || values.out === "") {
    io.stderr(`opspec: ${args.length === 0 ? "name the OpenAPI document to import" : args.length > 1 ? `one document at a time (got ${args.join(", ")})` : "--out <spec dir> is required"}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.schema !== undefined && /[\r\n]/.test(values.schema)) {
    io.stderr(`opspec: --schema must be one line\n`);
    return 2;
  }
  const source = path.resolve(io.cwd, args[0]!);
  const outDir = path.resolve(io.cwd, values.out);
  const shownOut = path.relative(io.cwd, outDir) || ".";

  const existing = await listFolder(outDir);
  if (existing === "not-a-folder") {
    io.stderr(`opspec: ${shownOut} exists and is not a folder\n`);
    return 2;
  }
  if (existing.length > 0 && !values.force) {
    io.stderr(`opspec: ${shownOut}/ is not empty (${existing.length} entr${existing.length === 1 ? "y" : "ies"}); pass --force to replace its spec files\n`);
    return 2;
  }

  let result: ImportResult;
  let files: { name: string; text: string }[];
  try {
    const { doc, version } = await readOpenApi(source);
    result = importOpenApi(doc, version);
    files = render(result, path.basename(source), values.schema);
  } catch (err) {
    if (err instanceof InputError) {
      io.stderr(`opspec: ${err.message}\n`);
      return 1;
    }
    throw err;
  }

  await mkdir(outDir, { recursive: true });
  if (values.force)
    for (const name of existing) if (/\.ya?ml$/i.test(name) && !files.some((f) => f.name === name)) await unlink(path.join(outDir, name));
  for (const f of files) await writeFile(path.join(outDir, f.name), f.text);

  const shownSource = path.relative(io.cwd, source) || source;
  await printWarnings(result.warnings, source, shownSource, io);
  const inferred = result.draft.resources.reduce((n, r) => n + r.operations.filter((o) => o.riskInferred).length, 0);
  io.stderr(summary(result.warnings, inferred));
  const { operations, resources, types } = result.stats;
  io.stdout(`opspec: imported ${operations} operation${operations === 1 ? "" : "s"} in ${resources} resource${resources === 1 ? "" : "s"} (${types} types) from ${shownSource} into ${shownOut}/ (${files.length} files)\n`);
  return 0;
}

function render(result: ImportResult, sourceName: string, schema: string | undefined): { name: string; text: string }[] {
  const base: WriteOptions = schema !== undefined ? { schema } : {};
  const note = `Imported from ${sourceName} by opspec import.`;
  const apiHeader = [
    note,
    "Operation names are operationIds without their resource's word (listAllContacts in Contacts: contacts.listAll).",
    `Lines marked '${RISK_REVIEW}' hold guesses: check them, then delete the mark.`,
  ];
  return [
    { name: "api.yaml", text: apiYaml(result.draft, { ...base, header: apiHeader }) },
    ...result.draft.resources.map((r) => ({ name: r.file, text: resourceYaml(r, result.draft.types, { ...base, header: [note] }) })),
  ];
}

async function listFolder(dir: string): Promise<string[] | "not-a-folder"> {
  try {
    return await readdir(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return [];
    if (code === "ENOTDIR") return "not-a-folder";
    throw err;
  }
}

/** One line per warning, `file:line:col warning <code> <pointer> <message>`, in document order. */
async function printWarnings(warnings: ImportWarning[], source: string, shown: string, io: ImportIo): Promise<void> {
  if (warnings.length === 0) return;
  const locate = await locator(source);
  const lines = warnings.map((w) => ({ w, pos: locate(w.pointer) }));
  lines.sort((a, b) => (a.pos?.line ?? Infinity) - (b.pos?.line ?? Infinity) || (a.pos?.col ?? 0) - (b.pos?.col ?? 0));
  for (const { w, pos } of lines) io.stderr(`${shown}${pos ? `:${pos.line}:${pos.col}` : ""} warning ${w.code} ${w.pointer} ${w.message}\n`);
}

/** Finds a pointer's line and column in the source text (the nearest enclosing node when the exact one is not there). */
async function locator(source: string): Promise<(pointer: string) => { line: number; col: number } | undefined> {
  try {
    const text = await readFile(source, "utf8");
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, uniqueKeys: false, strict: false });
    return (p) => {
      const segments: (string | number)[] = pointerSegments(p);
      for (let n = segments.length; n >= 0; n--) {
        const node = doc.getIn(asPath(doc.contents as Node, segments.slice(0, n)), true) as Node | undefined;
        if (node && typeof node === "object" && "range" in node && node.range) return lineCounter.linePos(node.range[0]);
      }
      return undefined;
    };
  } catch {
    return () => undefined;
  }
}

/** Sequence indices as numbers so `getIn` can step into lists. */
function asPath(root: Node, segments: (string | number)[]): (string | number)[] {
  const out: (string | number)[] = [];
  let node: unknown = root;
  for (const s of segments) {
    const key = isSeq(node) && /^\d+$/.test(String(s)) ? Number(s) : s;
    out.push(key);
    node = isCollection(node) ? node.get(key, true) : undefined;
  }
  return out;
}

function summary(warnings: ImportWarning[], inferredRisks: number): string {
  const counts = new Map<string, number>();
  for (const w of warnings) counts.set(w.code, (counts.get(w.code) ?? 0) + 1);
  const parts = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c, n]) => `${n} ${c}`);
  const risk = inferredRisks > 0 ? `; ${inferredRisks} risk${inferredRisks === 1 ? "" : "s"} inferred from the method, marked for review` : "";
  return `opspec: ${warnings.length} warning${warnings.length === 1 ? "" : "s"}${parts.length > 0 ? ` (${parts.join(", ")})` : ""}${risk}\n`;
}
