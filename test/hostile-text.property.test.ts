/**
 * Spec text is data, never code: arbitrary Unicode (with injection payloads mixed in) in every prose
 * slot, every enum value, example and default, and names drawn from the full alphabet the spec format
 * allows, is generated into every artifact. For each sample: the TypeScript output parses, importing
 * the schemas and client runs nothing from the spec, the OpenAPI JSON parses and holds the text
 * verbatim, and the Markdown renders (as VitePress would, raw HTML on) to HTML with no element, event
 * handler or Vue interpolation that came from the spec.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import fc from "fast-check";
import MarkdownIt from "markdown-it";
import ts from "typescript";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { generate } from "../generator/pipeline.ts";
import { ROOT } from "./helpers/spec.ts";
import { TSX_LOADER } from "./helpers/cli.ts";

const OUT = path.join(ROOT, "test-output/hostile-text");
const SAMPLES = Number(process.env.OPSPEC_PROPERTY_RUNS ?? 12);

/** Text that tries every way out: comment ends, quotes, template and Vue syntax, HTML, line breaks, controls. */
const PAYLOADS = [
  '*/ globalThis.__pwned = 1; /*',
  '"; globalThis.__pwned = 1; "',
  "${globalThis.__pwned = 1}",
  "`; globalThis.__pwned = 1; `",
  "{{ $options.constructor.constructor('globalThis.__pwned=1')() }}",
  "{{7*7}}",
  "<img src=x onerror=alert(1)>",
  "<script>alert(1)</script>",
  "\n# heading\n",
  "line\u2028break\u2029para\r\nend",
  "\u001b[31mred\u001b[0m",
  "| pipe | cell |",
  "'$(touch /tmp/pwned)'",
  "\\",
];

const prose = fc.oneof(fc.string({ unit: "grapheme", maxLength: 40 }), fc.constantFrom(...PAYLOADS), fc.string({ maxLength: 30 }).map((s) => `${s}${PAYLOADS[s.length % PAYLOADS.length]}`));
const nonEmpty = prose.filter((s) => s.trim() !== "");
/** Enum values: any text of one line (the format allows any spelling). */
const enumValue = prose.map((s) => s.replace(/[\r\n\u2028\u2029]/g, " ").trim()).filter((s) => s !== "" && s.length <= 200);
const fieldName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/).filter((n) => !["__proto__", "constructor", "prototype", "hasOwnProperty", "toString", "valueOf", "isPrototypeOf"].includes(n));

const sample = fc.record({
  title: nonEmpty,
  description: prose,
  summary: nonEmpty,
  fieldDescription: prose,
  enumValues: fc.uniqueArray(enumValue, { minLength: 1, maxLength: 4 }),
  example: prose,
  headerDefault: fc.string({ maxLength: 20 }).map((s) => s.replace(/[\r\n\0]/g, "")),
  field: fieldName,
});

type Sample = typeof sample extends fc.Arbitrary<infer T> ? T : never;

function specFiles(s: Sample): Record<string, string> {
  const api = {
    api: "hostile.api",
    title: s.title,
    version: "1",
    description: s.description,
    servers: [{ name: "main", url: "https://api.hostile.example" }],
    auth: "bearer",
    headers: { "X-Mode": { default: s.headerDefault, description: s.description } },
    resources: ["things"],
  };
  const things = {
    resource: "things",
    title: s.title,
    description: s.description,
    operations: [
      {
        name: "get",
        summary: s.summary,
        description: s.description,
        risk: "read",
        http: { method: "GET", path: "/things/{id}" },
        input: {
          id: { type: "string", required: true, in: "path", description: s.fieldDescription, example: s.example },
          kind: { enum: s.enumValues, in: "query", default: s.enumValues[0], description: s.fieldDescription },
        },
        output: { [s.field]: { type: "string", description: s.fieldDescription, example: s.example } },
      },
    ],
  };
  return { "api.yaml": stringify(api), "things.yaml": stringify(things) };
}

function syntaxErrors(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  return (source as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics.map((d) => `${file}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
}

/** Elements and attributes a rendered page may hold that do not come from our own templates. */
function liveHtml(html: string): string[] {
  const problems: string[] = [];
  for (const m of html.matchAll(/<(script|img|iframe|object|embed|svg|style|link|meta)\b/gi)) problems.push(`element <${m[1]}>`);
  for (const m of html.matchAll(/<[^>]*\son\w+\s*=/gi)) problems.push(`event handler in ${m[0].slice(0, 40)}`);
  // Vue interpolates {{ }} in text and attributes, not inside v-pre blocks (fenced code).
  const outsidePre = html.replace(/<pre[\s\S]*?<\/pre>/g, "");
  if (/\{\{[\s\S]*?\}\}/.test(outsidePre)) problems.push("Vue interpolation {{ }}");
  return problems;
}

describe("hostile text in every slot", () => {
  it(`stays data in every artifact (${SAMPLES} samples)`, { timeout: 600_000 }, async () => {
    const md = new MarkdownIt({ html: true });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(sample, async (s) => {
        const dir = path.join(OUT, `s${n++}`);
        fs.rmSync(dir, { recursive: true, force: true });
        fs.mkdirSync(path.join(dir, "spec"), { recursive: true });
        for (const [name, text] of Object.entries(specFiles(s))) fs.writeFileSync(path.join(dir, "spec", name), text);
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));
        const result = await generate({ specDir: path.join(dir, "spec"), outDir: path.join(dir, "out"), force: true });
        expect(result.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`)).toEqual([]);
        const files = result.files!;
        for (const f of files) {
          if (f.path.endsWith(".ts")) expect(syntaxErrors(f.path, f.contents)).toEqual([]);
          // tsconfig.json is JSON with comments, as TypeScript reads it.
          if (f.path.endsWith("tsconfig.json")) expect(ts.parseConfigFileTextToJson(f.path, f.contents).error).toBeUndefined();
          else if (f.path.endsWith(".json")) expect(() => JSON.parse(f.contents)).not.toThrow();
          if (f.path.endsWith(".md")) expect(liveHtml(md.render(f.contents)), f.path).toEqual([]);
        }
        const openapi = JSON.parse(files.find((f) => f.path === "openapi/openapi.json")!.contents) as { info: { title: string } };
        expect(openapi.info.title).toBe(s.title);
        // Importing the generated modules must run nothing that came from the spec.
        const probe = path.join(dir, "probe.mjs");
        fs.writeFileSync(
          probe,
          `await import(${JSON.stringify(path.join(dir, "out/schemas/index.ts"))});\nawait import(${JSON.stringify(path.join(dir, "out/client/index.ts"))});\nprocess.stdout.write(String(globalThis.__pwned ?? "clean"));\n`,
        );
        const { stdout } = await promisify(execFile)(process.execPath, ["--import", TSX_LOADER, probe], { cwd: ROOT });
        expect(stdout).toBe("clean");
      }),
      { numRuns: SAMPLES, endOnFailure: true },
    );
  });
});
