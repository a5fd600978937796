/**
 * JSDoc for the generated client: what an editor shows on hover. Prose only; the code around it is
 * built from structures.
 */
import type { ApiModel, NamedTypeModel, OperationModel, ResourceModel, Risk } from "../../model/types.ts";
import { docExampleInput, jsLiteralBlock } from "./examples.ts";
import { clientFactoryName, inputIsOptional } from "./names.ts";

/** Text that may sit inside a `/** … *\/` block without ending it. */
export function commentSafe(text: string): string {
  return text.replace(/\*\//g, "*\\/");
}

const RISK_NOTE: Record<Risk, string> = {
  read: "Risk: read (changes nothing).",
  write: "Risk: write (changes data; allowed by default).",
  destructive: 'Risk: **destructive**. Refused before any request unless the client was created with `maxRisk: "destructive"`.',
};

function camel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** `client.admins.get({ id: "123" })` */
export function callExpression(resource: ResourceModel, op: OperationModel, types: ReadonlyMap<string, NamedTypeModel>, all = false): string {
  const input = docExampleInput(op, types);
  const args = Object.keys(input).length === 0 && inputIsOptional(op) ? "" : jsLiteralBlock(input);
  return `client.${resource.name}.${op.name}${all ? ".all" : ""}(${args})`;
}

export function operationDocs(resource: ResourceModel, op: OperationModel, types: ReadonlyMap<string, NamedTypeModel>): string {
  const result = op.output.typeName ? camel(op.output.typeName) : op.pagination ? "page" : "result";
  const lines = [op.summary, ""];
  if (op.description) lines.push(op.description, "");
  lines.push(`\`${op.method} ${op.path}\` · \`${op.fullName}\``, "", RISK_NOTE[op.risk], "");
  lines.push("@example", `const ${result} = await ${callExpression(resource, op, types)};`);
  if (op.pagination) {
    lines.push(
      "",
      "@example",
      "// Every item of every page, fetched as the loop goes:",
      `for await (const item of ${callExpression(resource, op, types, true)}) {`,
      "  console.log(item);",
      "}",
    );
  }
  return commentSafe(lines.join("\n"));
}

export function pagedAllDocs(op: OperationModel): string {
  const stop =
    op.pagination?.style === "page"
      ? "page by page"
      : op.pagination?.style === "scroll"
        ? "following `scroll_param` until a batch comes back empty"
        : "following the `starting_after` cursor until the last page";
  return commentSafe(
    `Every item (\`${op.pagination?.items}\`) of every page, ${stop}; each page is one request, made as the iteration reaches it.`,
  );
}

export function operationConstDocs(op: OperationModel): string {
  return commentSafe(`\`${op.fullName}\`: ${op.summary} (\`${op.method} ${op.path}\`).`);
}

export function resourceDocs(resource: ResourceModel): string {
  return commentSafe(resource.description ?? resource.title);
}

export function clientFactoryDocs(model: ApiModel): string {
  const lines = [
    `Creates a client for the ${model.title} (version ${model.version}).`,
    "",
    "Every call checks the operation's risk against `maxRisk` and validates the input before any I/O,",
    "retries rate limits and network failures (and 5xx for idempotent methods) with backoff, and",
    "validates the response. Errors are typed (see the exported error classes).",
    "",
    "@example",
    `const client = ${clientFactoryName(model)}({ token: process.env.INTERCOM_TOKEN! });`,
  ];
  return commentSafe(lines.join("\n"));
}

export function callDocs(example: { name: string; args: string; result: string } | undefined): string {
  const lines = [
    "Runs any operation by its full name, with the same checks as the resource methods. The input and",
    "the result are typed by the name, so this is the way to call an operation chosen at run time.",
  ];
  if (example) lines.push("", "@example", `const ${example.result} = await client.call(${JSON.stringify(example.name)}${example.args});`);
  return commentSafe(lines.join("\n"));
}
