/**
 * JSDoc for the generated client: what an editor shows on hover. Prose only; client/layout.ts prints
 * the code around it. Every text passes through `docText` (the escaping module's comment lines), so
 * nothing from the spec can end a comment early; example values come from the one example builder
 * shared with the Markdown and OpenAPI emitters (model/examples.ts).
 */
import { tsCommentLines, tsString } from "../../escape/index.ts";
import { remembered } from "../../model/memo.ts";
import { jsLiteral, jsLiteralBlock, operationExample } from "../../model/examples.ts";
import type { ApiModel, AuthModel, HeaderModel, OperationModel, PaginationModel, ResourceModel, Risk } from "../../model/types.ts";
import { inputIsOptional } from "./names.ts";

/** JSDoc text: comment-safe lines joined by newlines (the printer's `jsdoc` finds nothing more to escape). Remembered: descriptions recur. */
export const docText: (text: string) => string = remembered((text) => tsCommentLines(text).join("\n"));

const RISK_NOTE: Record<Risk, string> = {
  read: "Risk: read (changes nothing).",
  write: "Risk: write (changes data; allowed by default).",
  destructive: 'Risk: **destructive**. Refused before any request unless the client was created with `maxRisk: "destructive"`.',
};

/** A code span around spec text (comment-escaped later by `docText`). */
const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;

function camel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** `client.admins.get({ id: "123" })` */
export function callExpression(resource: ResourceModel, op: OperationModel, model: Pick<ApiModel, "types">, all = false): string {
  const { input } = operationExample(op, model);
  const args = Object.keys(input).length === 0 && inputIsOptional(op) ? "" : jsLiteralBlock(input);
  return `client.${resource.name}.${op.name}${all ? ".all" : ""}(${args})`;
}

/** The variable an example assigns the result to: `admin`, `page`, `result` (none without a body). */
function resultName(op: OperationModel): string | undefined {
  if (!op.output) return undefined;
  return op.output.typeName ? camel(op.output.typeName) : op.pagination ? "page" : "result";
}

const DEPRECATED_OPERATION = "@deprecated The API marks this operation as deprecated; it may be removed.";

export function operationDocs(resource: ResourceModel, op: OperationModel, model: Pick<ApiModel, "types">): string {
  const lines = [op.summary, ""];
  if (op.description) lines.push(op.description, "");
  const answer = op.output ? "" : ` · answers ${op.status} without a body (resolves to undefined)`;
  lines.push(`${code(`${op.method} ${op.path}`)} · ${code(op.fullName)}${answer}`, "", RISK_NOTE[op.risk], "");
  const result = resultName(op);
  lines.push("@example", `${result ? `const ${result} = ` : ""}await ${callExpression(resource, op, model)};`);
  if (op.pagination) {
    lines.push(
      "",
      "@example",
      "// Every item of every page, fetched as the loop goes:",
      `for await (const item of ${callExpression(resource, op, model, true)}) {`,
      "  console.log(item);",
      "}",
    );
  }
  if (op.deprecated) lines.push("", DEPRECATED_OPERATION);
  return docText(lines.join("\n"));
}

const dotted = (path: readonly string[]): string => code(path.join("."));

/** How `.all` walks the pages, in the words of the operation's own pagination. */
function pagingDescription(p: PaginationModel): string {
  switch (p.style) {
    case "page":
      return `asking for page 1, 2, 3, … in ${dotted(p.page)} until ${p.totalPages ? `${dotted(p.totalPages)} is reached or ` : ""}a page comes back empty`;
    case "offset":
      return `advancing ${dotted(p.offset)} by each page's item count until ${p.total ? `${dotted(p.total)} items are read or ` : ""}a page comes back short`;
    case "cursor":
      return `sending the cursor found at ${dotted(p.next)} back in ${dotted(p.cursor)} until none comes back`;
    case "lastId":
      return `sending the last item's ${code(p.id)} in ${dotted(p.cursor)} while ${dotted(p.hasMore)} is true`;
    case "link":
      return 'following the `Link` response header\'s `rel="next"` URL until there is none';
    case "scroll":
      return `sending the scroll id found at ${dotted(p.next)} back in ${dotted(p.cursor)} until a batch comes back empty`;
  }
}

export function pagedAllDocs(op: OperationModel): string {
  const p = op.pagination!;
  return docText(
    `Every item (${dotted(p.items)}) of every page, ${pagingDescription(p)}; each page is one request, made as the iteration reaches it.`,
  );
}

export function operationConstDocs(op: OperationModel): string {
  const lines = [`${code(op.fullName)}: ${op.summary} (${code(`${op.method} ${op.path}`)}).`];
  if (op.deprecated) lines.push("", DEPRECATED_OPERATION);
  return docText(lines.join("\n"));
}

export function resourceDocs(resource: ResourceModel): string {
  return docText(resource.description ?? resource.title);
}

/** The options an example passes to the factory: the credentials the auth scheme needs, read from the environment. */
function credentialExample(model: ApiModel): string {
  const env = (name: string) => `process.env.${model.naming.envPrefix}_${name}!`;
  const required = model.headers.filter((h) => h.required).map((h) => `${h.option}: ${tsString(h.enum?.[0] ?? `<${h.option}>`)}`);
  const credentials: Record<AuthModel["scheme"], string[]> = {
    none: [],
    bearer: [`token: ${env("TOKEN")}`],
    basic: [`username: ${env("USERNAME")}`, `password: ${env("PASSWORD")}`],
    apiKey: [`apiKey: ${env("API_KEY")}`],
  };
  const entries = [...credentials[model.auth.scheme], ...required];
  return entries.length === 0 ? "" : `{ ${entries.join(", ")} }`;
}

export function clientFactoryDocs(model: ApiModel): string {
  const lines = [
    `Creates a client for the ${model.title} (version ${model.version}).`,
    "",
    "Every call checks the operation's risk against `maxRisk` and validates the input before any I/O,",
    "retries rate limits and network failures (and 5xx for idempotent methods) with backoff, and",
    `validates the response. Errors are typed, and each derives from \`${model.naming.errorBase}\` (see the exported error classes).`,
    "",
    "@example",
    `const client = ${model.naming.clientFactory}(${credentialExample(model)});`,
  ];
  return docText(lines.join("\n"));
}

export function clientOptionsDocs(model: ApiModel): string {
  return docText(
    `Options of \`${model.naming.clientFactory}\`: the runtime's own (\`baseUrl\`, \`maxRisk\`, \`timeoutMs\`, \`maxRetries\`, \`fetch\`, \`hooks\`, …) and the ${model.title}'s credentials, server and headers.`,
  );
}

const AUTH_NOTE = "Never appears in errors, logs or hook events.";

/** JSDoc of each credential option, by option name. */
/** JSDoc of each credential option, by option name: the spec's description, else how it travels. */
export function credentialDocs(auth: AuthModel): Record<string, string> {
  const about = (fallback: string) => `${auth.scheme !== "none" && auth.description ? auth.description : fallback} ${AUTH_NOTE}`;
  switch (auth.scheme) {
    case "none":
      return {};
    case "bearer":
      return { token: docText(about("Sent as `Authorization: Bearer <token>`.")) };
    case "basic":
      return {
        username: docText("The user name of HTTP Basic authentication."),
        password: docText(about("The password of HTTP Basic authentication (both are sent as `Authorization: Basic …`).")),
      };
    case "apiKey":
      return { apiKey: docText(about(`Sent in the ${code(auth.name)} ${auth.in === "header" ? "header" : "query parameter"}.`)) };
  }
}

export function serverOptionDocs(model: ApiModel): string {
  const lines = [`Which server to call; default ${jsLiteral(model.servers[0]!.name)} (\`baseUrl\` overrides it):`, ""];
  for (const s of model.servers) lines.push(`- ${jsLiteral(s.name)} (${s.url})${s.description ? `: ${s.description}` : ""}`);
  return docText(lines.join("\n"));
}

export function headerOptionDocs(header: HeaderModel): string {
  const lines: string[] = [];
  if (header.description) lines.push(header.description, "");
  const given = header.default !== undefined ? `; default ${jsLiteral(header.default)}` : header.required ? "; required" : "";
  lines.push(`Sent as the ${code(header.name)} header${given}.`);
  return docText(lines.join("\n"));
}

export function callDocs(example: { name: string; args: string; result: string | undefined } | undefined): string {
  const lines = [
    "Runs any operation by its full name, with the same checks as the resource methods. The input and",
    "the result are typed by the name, so this is the way to call an operation chosen at run time.",
  ];
  if (example)
    lines.push("", "@example", `${example.result ? `const ${example.result} = ` : ""}await client.call(${tsString(example.name)}${example.args});`);
  return docText(lines.join("\n"));
}
