/**
 * Usage examples for an operation: the generated TypeScript client, and the same request as curl.
 * Both are built from one example input so that they always agree.
 */
import type { ApiModel, FieldModel, NamedTypeModel, OperationModel, TypeRef } from "../../model/types.ts";

export interface ExampleInput {
  /** What the caller passes to the client: document names, values from the spec's examples. */
  args: [name: string, value: unknown][];
}

/**
 * The example input: required fields always (a placeholder where the spec has no example), optional
 * fields where the spec gives an example. Left out: inputs the API version does not define, inputs
 * the client fills in itself (defaults), and the paging cursor, which auto-paging manages.
 */
export function exampleInput(op: OperationModel, types: ReadonlyMap<string, NamedTypeModel>): ExampleInput {
  const cursor =
    op.pagination && op.pagination.style !== "page" ? op.pagination.cursor : op.pagination ? ["page"] : [];
  const args: ExampleInput["args"] = [];
  for (const f of op.input) {
    if (f.unsupported && !f.required) continue;
    if (f.default !== undefined && !f.required) continue;
    if (cursor.length === 1 && cursor[0] === f.name && !f.required) continue;
    let value =
      f.example !== undefined ? f.example : f.required ? placeholder(f.name, f.type, f, types, 0) : undefined;
    if (value === undefined) continue;
    if (cursor.length > 1 && cursor[0] === f.name) value = withoutPath(value, cursor.slice(1));
    args.push([f.name, value]);
  }
  return { args };
}

function withoutPath(value: unknown, path: string[]): unknown {
  if (!isRecord(value) || path.length === 0) return value;
  const [head, ...rest] = path as [string, ...string[]];
  if (rest.length === 0) return Object.fromEntries(Object.entries(value).filter(([k]) => k !== head));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, k === head ? withoutPath(v, rest) : v]),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A plausible value for a required input the spec gives no example for. */
function placeholder(
  name: string,
  type: TypeRef,
  field: Pick<FieldModel, "format"> | undefined,
  types: ReadonlyMap<string, NamedTypeModel>,
  depth: number,
): unknown {
  const timeLike = /(^|_)(at|after|before|since|until)(_|$)/.test(name) || field?.format === "unix-time";
  switch (type.kind) {
    case "primitive":
      if (type.name === "number") return timeLike ? 1717200000 : /(^|_)id$/.test(name) ? 123 : 1;
      if (type.name === "boolean") return true;
      if (type.name === "object") return {};
      if (/(^|_)id$/.test(name)) return "123";
      if (timeLike) return "1717200000";
      if (field?.format === "email" || /email/.test(name)) return "jane@example.com";
      if (field?.format === "uri" || /url/.test(name)) return "https://example.com";
      return "example";
    case "enum":
      return type.values[0];
    case "array":
      return [placeholder(name, type.items, field, types, depth)];
    case "union":
      return type.members[0] ? placeholder(name, type.members[0], field, types, depth) : null;
    case "named": {
      const t = types.get(type.name);
      if (!t || depth > 3) return {};
      if (t.kind === "enum") return t.values[0];
      if (t.kind === "union")
        return t.members[0] ? placeholder(name, t.members[0], field, types, depth + 1) : {};
      if (t.kind === "map") return {};
      return Object.fromEntries(
        t.fields
          .filter((f) => f.required)
          .map((f) => [f.name, placeholder(f.name, f.type, f, types, depth + 1)]),
      );
    }
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A JavaScript literal for an example value (the formatter lays it out afterwards). */
export function jsLiteral(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jsLiteral).join(", ")}]`;
  if (isRecord(value)) {
    const entries = Object.entries(value).map(
      ([k, v]) => `${IDENTIFIER.test(k) ? k : JSON.stringify(k)}: ${jsLiteral(v)}`,
    );
    return entries.length ? `{ ${entries.join(", ")} }` : "{}";
  }
  return value === undefined ? "undefined" : JSON.stringify(value);
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** The TypeScript example: create the client, call the operation, and page through lists. */
export function typescriptExample(resourceName: string, op: OperationModel, input: ExampleInput): string {
  const options = [
    `token: process.env.INTERCOM_TOKEN!`,
    ...(op.risk === "destructive" ? [`maxRisk: "destructive"`] : []),
  ];
  const arg = input.args.length ? jsLiteral(Object.fromEntries(input.args)) : "";
  const call = `client.${resourceName}.${op.name}`;
  const result = op.pagination ? "page" : op.output.typeName ? lowerFirst(op.output.typeName) : "result";
  const lines = [
    `import { createIntercomClient } from "opspec/client";`,
    ``,
    `const client = createIntercomClient({ ${options.join(", ")} });`,
  ];
  if (op.risk === "destructive")
    lines.splice(2, 0, `// Destructive operations are refused unless the client opts in with maxRisk.`);
  if (op.pagination) {
    lines.push(
      ``,
      `// One page:`,
      `const ${result} = await ${call}(${arg});`,
      ``,
      `// Every item of every page (\`${op.pagination.items}\`), fetched page after page:`,
      `for await (const item of ${call}.all(${arg})) {`,
      `  console.log(item);`,
      `}`,
    );
  } else lines.push(`const ${result} = await ${call}(${arg});`);
  return lines.join("\n");
}

/** Quotes a string for a POSIX shell: double quotes where nothing inside expands, else single quotes. */
function shellQuote(text: string): string {
  if (/^[^"$`\\!]*$/.test(text)) return `"${text}"`;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Quotes a JSON body for a POSIX shell: always single quotes, so nothing in it expands. */
function shellQuoteLiteral(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The same request as curl: default server, path parameters filled in, wire names, constants and defaults. */
export function curlExample(model: ApiModel, op: OperationModel, input: ExampleInput): string {
  const server = model.servers.find((s) => s.region === "us") ?? model.servers[0];
  const given = new Map(input.args);
  // Path inputs are required, so the example input always holds them.
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(String(given.get(name) ?? name)),
  );
  const query: [string, unknown][] = [];
  const body: [string, unknown][] = [];
  for (const f of op.input) {
    if (f.location === "path") continue;
    const value = given.has(f.name) ? given.get(f.name) : f.default;
    if (value === undefined) continue;
    (f.location === "query" ? query : body).push([f.wireName, value]);
  }
  for (const c of op.constants) (c.location === "query" ? query : body).push([c.name, c.value]);
  const queryString = query
    .flatMap(([k, v]) =>
      (Array.isArray(v) ? v : [v]).map(
        (item) =>
          `${encodeURIComponent(k)}=${encodeURIComponent(typeof item === "object" ? JSON.stringify(item) : String(item))}`,
      ),
    )
    .join("&");
  const url = `${server?.url ?? ""}${path}${queryString ? `?${queryString}` : ""}`;
  const lines = [`curl -X ${op.method} ${shellQuote(url)}`, `-H "Authorization: Bearer $INTERCOM_TOKEN"`];
  for (const h of model.headers)
    if (h.default !== undefined) lines.push(`-H ${shellQuote(`${h.name}: ${h.default}`)}`);
  if (body.length) {
    lines.push(`-H "Content-Type: application/json"`);
    // Continuation lines of the JSON are indented like the other options.
    lines.push(
      `-d ${shellQuoteLiteral(JSON.stringify(Object.fromEntries(body), null, 2)).replace(/\n/g, "\n  ")}`,
    );
  }
  return lines.map((l, i) => (i === 0 ? l : `  ${l}`)).join(" \\\n");
}
