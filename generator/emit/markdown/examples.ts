/**
 * Usage examples for an operation: the generated TypeScript client, and the same request as curl.
 * Both print one `operationExample` (model/examples.ts), so they agree with each other, with the
 * client's JSDoc and with the OpenAPI document. Every name and value from the spec reaches the code
 * through the escape module: `tsKey`/`tsLiteral` (via jsLiteral) in TypeScript, `shellWord` in curl.
 */
import { shellWord, tsString, urlSegment } from "../../escape/index.ts";
import { jsLiteral, operationExample, type OperationExample } from "../../model/examples.ts";
import type { ApiModel, AuthModel, NamingModel, OperationModel } from "../../model/types.ts";

/** The environment variables an example reads the credentials from, by client option. */
export function credentialVariables(auth: AuthModel, naming: NamingModel): [option: string, variable: string][] {
  const prefix = naming.envPrefix;
  switch (auth.scheme) {
    case "none":
      return [];
    case "bearer":
      return [["token", `${prefix}_TOKEN`]];
    case "basic":
      return [
        ["username", `${prefix}_USERNAME`],
        ["password", `${prefix}_PASSWORD`],
      ];
    case "apiKey":
      return [["apiKey", `${prefix}_API_KEY`]];
  }
}

/**
 * The lines `clientSetup` printed last, and the model parts they were printed from: every operation's
 * example asks again with the same objects (model objects are never changed once built).
 */
let lastSetup: { naming: NamingModel; headers: ApiModel["headers"]; auth: AuthModel; plain: readonly string[]; destructive: readonly string[] } | undefined;

/** The client's creation, as the first lines of every TypeScript example. */
export function clientSetup(model: Pick<ApiModel, "naming" | "headers" | "auth">, options: { destructive?: boolean } = {}): string[] {
  const { naming, headers, auth } = model;
  if (lastSetup?.naming !== naming || lastSetup.headers !== headers || lastSetup.auth !== auth)
    lastSetup = { naming, headers, auth, plain: printClientSetup(model, false), destructive: printClientSetup(model, true) };
  return [...(options.destructive ? lastSetup.destructive : lastSetup.plain)];
}

function printClientSetup(model: Pick<ApiModel, "naming" | "headers" | "auth">, destructive: boolean): string[] {
  const options = { destructive };
  const { naming } = model;
  const settings = [
    ...credentialVariables(model.auth, naming).map(([option, variable]) => `${option}: process.env.${variable}!`),
    // A header the client cannot do without (no default) is an option the caller must give.
    ...model.headers.filter((h) => h.required).map((h) => `${h.option}: ${tsString(h.enum?.[0] ?? `<${h.option}>`)}`),
    ...(options.destructive ? [`maxRisk: "destructive"`] : []),
  ];
  const lines = [`import { ${naming.clientFactory} } from ${tsString(naming.packageName)};`, ``];
  if (options.destructive) lines.push(`// Destructive operations are refused unless the client opts in with maxRisk.`);
  lines.push(`const client = ${naming.clientFactory}(${settings.length > 0 ? `{ ${settings.join(", ")} }` : ""});`);
  return lines;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** The TypeScript example: create the client, call the operation, and page through lists. */
export function typescriptExample(
  model: Pick<ApiModel, "naming" | "headers" | "auth" | "types">,
  resourceName: string,
  op: OperationModel,
  example: OperationExample = operationExample(op, model),
): string {
  const arg = Object.keys(example.input).length > 0 ? jsLiteral(example.input) : "";
  const call = `client.${resourceName}.${op.name}`;
  const lines = clientSetup(model, { destructive: op.risk === "destructive" });
  if (op.pagination) {
    lines.push(
      ``,
      `// One page:`,
      `const page = await ${call}(${arg});`,
      ``,
      `// Every item of every page (\`${op.pagination.items.join(".")}\`), fetched page after page:`,
      `for await (const item of ${call}.all(${arg})) {`,
      `  console.log(item);`,
      `}`,
    );
  } else if (op.output) {
    const result = op.output.typeName ? lowerFirst(op.output.typeName) : "result";
    lines.push(`const ${result} = await ${call}(${arg});`);
  } else lines.push(`await ${call}(${arg});`);
  return lines.join("\n");
}

/** Characters a double-quoted shell word still expands or ends at. */
const DOUBLE_QUOTE_SPECIAL = /["$`\\!]/;

/** `text` followed by the value of `variable`, as one shell word. */
function withVariable(text: string, variable: string): string {
  return DOUBLE_QUOTE_SPECIAL.test(text) ? `${shellWord(text)}"$${variable}"` : `"${text}$${variable}"`;
}

function queryPart(name: string, value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).map(
    (item) => `${encodeURIComponent(name)}=${encodeURIComponent(typeof item === "object" ? JSON.stringify(item) : String(item))}`,
  );
}

/** The same request as curl: default server, path parameters filled in, wire names, constants, defaults, credentials and headers. */
export function curlExample(
  model: Pick<ApiModel, "naming" | "headers" | "auth" | "servers" | "types">,
  op: OperationModel,
  example: OperationExample = operationExample(op, model),
): string {
  const { request } = example;
  const server = model.servers[0];
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => urlSegment(String(request.path[name] ?? name)));
  const query = request.query.flatMap(([k, v]) => queryPart(k, v));
  const base = `${server?.url ?? ""}${path}`;
  const auth = model.auth;
  const credentials = credentialVariables(auth, model.naming);
  let url: string;
  if (auth.scheme === "apiKey" && auth.in === "query") {
    const prefix = `${base}?${[...query, ""].join("&")}${encodeURIComponent(auth.name)}=`;
    url = withVariable(prefix, credentials[0]![1]);
  } else url = shellWord(`${base}${query.length > 0 ? `?${query.join("&")}` : ""}`);
  const lines = [`curl -X ${op.method} ${url}`];
  if (auth.scheme === "bearer") lines.push(`-H ${withVariable("Authorization: Bearer ", credentials[0]![1])}`);
  else if (auth.scheme === "basic") lines.push(`-u "$${credentials[0]![1]}:$${credentials[1]![1]}"`);
  else if (auth.scheme === "apiKey" && auth.in === "header") lines.push(`-H ${withVariable(`${auth.name}: `, credentials[0]![1])}`);
  for (const h of model.headers) {
    const value = h.default ?? (h.required ? (h.enum?.[0] ?? `<${h.option}>`) : undefined);
    if (value !== undefined) lines.push(`-H ${shellWord(`${h.name}: ${value}`)}`);
  }
  for (const [name, value] of request.headers) lines.push(`-H ${shellWord(`${name}: ${typeof value === "object" ? JSON.stringify(value) : String(value)}`)}`);
  if (request.body) {
    lines.push(`-H "Content-Type: application/json"`);
    // Continuation lines of the JSON are indented like the other options (JSON whitespace, inside the quotes).
    lines.push(`-d ${shellWord(JSON.stringify(request.body, null, 2)).replace(/\n/g, "\n  ")}`);
  }
  return lines.map((l, i) => (i === 0 ? l : `  ${l}`)).join(" \\\n");
}
