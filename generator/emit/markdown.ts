/**
 * Markdown reference → generated/docs/: `index.md` (the API, its resources and every operation with
 * its risk), one page per resource in model order, and `types.md` for the named types several
 * resources share. The pages are plain GFM that reads well on GitHub, and the source of the VitePress
 * site in docs-site/. Tables keep the document's layout (Name | Type | Required | Description) and
 * the document's type notation, so the document can be read back out of them (test/markdown-seed).
 */
import type {
  ApiModel,
  Emitter,
  FieldModel,
  NamedTypeModel,
  OperationModel,
  ResourceModel,
  Risk,
  TypeRef,
} from "../model/types.ts";
import { namedRefs } from "../model/type-ref.ts";
import type { SourcedFile } from "../write/format.ts";
import {
  buildContext,
  href,
  INDEX_PAGE,
  operationAnchor,
  resourcePage,
  typeAnchor,
  typeLink,
  TYPES_PAGE,
  type DocsContext,
} from "./markdown/context.ts";
import { curlExample, exampleInput, typescriptExample } from "./markdown/examples.ts";
import { anchor, code, humanize, inline, riskBadge, sentence, table } from "./markdown/text.ts";

export const DOCS_DIR = "docs";

const FIELD_HEADER = ["Name", "Type", "Required", "Description"] as const;

const FORMAT_LABELS: Record<NonNullable<FieldModel["format"]>, string> = {
  integer: "integer",
  "unix-time": "Unix time",
  uri: "URI",
  email: "email",
  uuid: "UUID",
};

const RISK_MEANING: Record<Risk, string> = {
  read: "Only reads data. Safe to call at any time.",
  write: "Creates or changes data. Allowed by the client by default (`maxRisk` defaults to `write`).",
  destructive:
    'Deletes data for good. The client refuses these calls unless it is created with `maxRisk: "destructive"`.',
};

export const markdownEmitter: Emitter = {
  name: "markdown",
  emit(model: ApiModel): SourcedFile[] {
    const ctx = buildContext(model);
    return [
      { path: `${DOCS_DIR}/${INDEX_PAGE}`, contents: indexPage(ctx), source: "spec/" },
      ...model.resources.map((r) => ({
        path: `${DOCS_DIR}/${resourcePage(r)}`,
        contents: resourcePageText(ctx, r),
        source: r.file,
      })),
      { path: `${DOCS_DIR}/${TYPES_PAGE}`, contents: typesPage(ctx), source: "spec/" },
    ];
  },
};

const join = (blocks: (string | false | undefined)[]): string =>
  `${blocks.filter((b): b is string => !!b).join("\n\n")}\n`;

function operations(model: ApiModel): [ResourceModel, OperationModel][] {
  return model.resources.flatMap((r) => r.operations.map((op): [ResourceModel, OperationModel] => [r, op]));
}

function operationTable(rows: [ResourceModel, OperationModel][], fromPage: string): string {
  return table(
    ["Operation", "Summary", "Risk"],
    rows.map(([r, op]) => [
      `[${op.fullName}](${href(fromPage, resourcePage(r), operationAnchor(r, op))})`,
      inline(op.summary),
      riskBadge(op.risk),
    ]),
  );
}

// ---------------------------------------------------------------------------------------------- index

function indexPage(ctx: DocsContext): string {
  const { model } = ctx;
  const all = operations(model);
  const counts = (risk: Risk) => all.filter(([, op]) => op.risk === risk).length;
  const starter = all.find(([, op]) => op.risk === "read" && op.input.every((f) => !f.required)) ?? all[0];
  const server = model.servers.find((s) => s.region === "us") ?? model.servers[0];
  return join([
    `# ${inline(model.title)} reference`,
    model.description && inline(model.description),
    [
      `- **API name:** ${code(model.name)}. An operation's full name is ${code("<resource>.<operation>")}, such as ` +
        `${code(all[0]?.[1].fullName ?? "admins.get")}; qualified with the API name it is ${code(all[0]?.[1].qualifiedName ?? model.name)}.`,
      `- **Version:** ${code(model.version)}.`,
      `- **Operations:** ${all.length} in ${model.resources.length} resources: ${counts("read")} read, ` +
        `${counts("write")} write and ${counts("destructive")} destructive.`,
    ].join("\n"),
    `Each operation is listed with its inputs, its output, the named types they use, and an example with the generated ` +
      `TypeScript client and with curl.`,
    `## Getting started`,
    `Call the API through the generated client, typed in and out and validated before any request is sent:`,
    starter &&
      "```ts\n" +
        typescriptExample(starter[0].name, starter[1], exampleInput(starter[1], ctx.types)) +
        "\n```",
    `**Authentication.** ${sentence(inline(model.auth.description ?? "Send an access token as a bearer token."))}`,
    ...model.headers.map(
      (h) =>
        `**${h.name} header.** ${sentence(inline(h.description ?? "A header sent with every request."))}` +
        (h.default !== undefined ? ` This reference describes ${code(h.default)}.` : ""),
    ),
    `**Servers.** Requests go to the server of the workspace's region${server ? ` (${code(server.url)} unless told otherwise)` : ""}:`,
    table(
      ["Region", "Base URL", "Description"],
      model.servers.map((s) => [code(s.region), code(s.url), inline(s.description ?? "")]),
    ),
    `## Risk levels`,
    `Each operation carries a risk level, shown as a badge on its entry, so that tools and agents can tell reading from changing and from deleting.`,
    table(
      ["Risk", "Operations", "Meaning"],
      (["read", "write", "destructive"] as const).map((risk) => [
        riskBadge(risk),
        String(counts(risk)),
        RISK_MEANING[risk],
      ]),
    ),
    `## Resources`,
    table(
      ["Resource", "Operations", "Description"],
      model.resources.map((r) => [
        `[${inline(r.title)}](${href(INDEX_PAGE, resourcePage(r))})`,
        String(r.operations.length),
        inline(r.description ?? `The ${r.title} operations.`),
      ]),
    ),
    `Named types that several resources share are described on [Shared types](${href(INDEX_PAGE, TYPES_PAGE)}).`,
    `## Operations`,
    operationTable(all, INDEX_PAGE),
    model.errorType && `## Errors`,
    model.errorType &&
      `A failed request (any 4xx or 5xx status) answers with ${typeLink(ctx, model.errorType, INDEX_PAGE)}. ` +
        `The client turns it into a typed error that carries the status, Intercom's error codes and the request id; ` +
        `a 429 answer is a rate-limit error, retried after the time the server asks for.`,
  ]);
}

// ------------------------------------------------------------------------------------- resource pages

function resourcePageText(ctx: DocsContext, resource: ResourceModel): string {
  const page = resourcePage(resource);
  const pageTypes = ctx.typesByPage.get(page) ?? [];
  return join([
    `# ${inline(resource.title)}`,
    resource.description && inline(resource.description),
    operationTable(
      resource.operations.map((op) => [resource, op]),
      page,
    ),
    ...resource.operations.map((op) => operationSection(ctx, resource, op, page)),
    pageTypes.length > 0 && `## Types`,
    pageTypes.length > 0 &&
      `The named types the operations above use, where no other resource uses them. Types shared across resources are on [Shared types](${href(page, TYPES_PAGE)}).`,
    ...pageTypes.map((name) => typeSection(ctx, ctx.types.get(name)!, page, 3)),
  ]);
}

function operationSection(
  ctx: DocsContext,
  resource: ResourceModel,
  op: OperationModel,
  page: string,
): string {
  const { model } = ctx;
  const input = exampleInput(op, ctx.types);
  const unsupported = op.input.filter((f) => f.unsupported);
  return join([
    anchor(operationAnchor(resource, op)),
    `## ${op.fullName}`,
    inline(op.summary),
    `**Risk:** ${riskBadge(op.risk)} · **HTTP:** ${code(`${op.method} ${op.path}`)}`,
    op.risk === "destructive" &&
      `> [!WARNING]\n> ⚠️ **Destructive.** ${sentence(inline(op.description ?? op.summary))} This cannot be undone. ` +
        `The client refuses this call unless it is created with \`maxRisk: "destructive"\`.`,
    op.risk !== "destructive" && op.description && inline(op.description),
    `### Input`,
    op.input.length > 0 ? fieldTable(ctx, op.input, page) : `This operation takes no input.`,
    unsupported.length > 0 &&
      `API version ${code(model.version)} does not define ${listOf(unsupported.map((f) => code(f.name)))}: ` +
        `the client accepts ${unsupported.length === 1 ? "it" : "them"} as the document lists ${unsupported.length === 1 ? "it" : "them"}, ` +
        `and the server ignores ${unsupported.length === 1 ? "it" : "them"}.`,
    op.constants.length > 0 &&
      `The client also sends ${listOf(op.constants.map((c) => code(`${c.name}: ${JSON.stringify(c.value)}`)))} in the ${
        op.constants.every((c) => c.location === "query") ? "query string" : "request body"
      }, which the API needs and the document leaves out.`,
    `### Output`,
    op.output.typeName
      ? `Returns ${typeLink(ctx, op.output.typeName, page)}${op.output.fields.length ? ":" : "."}`
      : `Returns an object with these fields:`,
    op.output.fields.length > 0 && fieldTable(ctx, op.output.fields, page),
    op.pagination && pagingNote(resource, op),
    `### Example`,
    "```ts\n" + typescriptExample(resource.name, op, input) + "\n```",
    `The same request with curl:`,
    "```sh\n" + curlExample(model, op, input) + "\n```",
  ]).trimEnd();
}

function pagingNote(resource: ResourceModel, op: OperationModel): string {
  const p = op.pagination!;
  const all = code(`client.${resource.name}.${op.name}.all()`);
  const how =
    p.style === "page"
      ? `by page number (${code("page")} and ${code("per_page")})`
      : p.style === "cursor"
        ? `with a cursor: pass ${code(p.cursor.join("."))} from the previous page's ${code("pages.next.starting_after")}`
        : `with a scroll cursor: send back the ${code("scroll_param")} of the previous page until ${code(p.items)} is empty`;
  return `**Paging.** Results come a page at a time, ${how}. ${all} iterates over the ${code(p.items)} items of every page.`;
}

function listOf(items: string[], conjunction: "and" | "or" = "and"): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${conjunction} ${items[items.length - 1]}`;
}

// ---------------------------------------------------------------------------------------------- types

function typesPage(ctx: DocsContext): string {
  const names = ctx.typesByPage.get(TYPES_PAGE) ?? [];
  return join([
    `# Shared types`,
    `The named types used by more than one resource, and the error type every operation may answer with. ` +
      `Types that only one resource uses are described on that resource's page.`,
    ...names.map((name) => typeSection(ctx, ctx.types.get(name)!, TYPES_PAGE, 2)),
  ]);
}

function typeSection(ctx: DocsContext, type: NamedTypeModel, page: string, level: 2 | 3): string {
  const body = (() => {
    switch (type.kind) {
      case "object":
        return type.fields.length ? fieldTable(ctx, type.fields, page) : `An object without fixed fields.`;
      case "map":
        return `An object with any keys; each value is ${typeText(ctx, type.values, page)}.`;
      case "union":
        return `Either ${listOf(
          type.members.map((m) => typeText(ctx, m, page)),
          "or",
        )}.`;
      case "enum":
        return `One of the strings ${listOf(type.values.map((v) => code(v)))}.`;
    }
  })();
  return join([
    anchor(typeAnchor(type.name)),
    `${"#".repeat(level)} ${type.name}`,
    type.description && inline(type.description),
    body,
  ]).trimEnd();
}

// --------------------------------------------------------------------------------------------- fields

function fieldTable(ctx: DocsContext, fields: readonly FieldModel[], page: string): string {
  return table(
    FIELD_HEADER,
    fields.map((f) => [
      code(f.name),
      typeCell(ctx, f, page),
      f.required ? "Yes" : "No",
      descriptionCell(ctx, f, page),
    ]),
  );
}

/** Named object, map and union types: the ones the document writes as `object` and elides ("full type"). */
function describedRefs(ctx: DocsContext, type: TypeRef): string[] {
  return [...new Set(namedRefs(type))].filter((name) => ctx.types.get(name)?.kind !== "enum");
}

/** The document's notation (`object[]`), then what it stands for: the named type linked, or the format. */
function typeCell(ctx: DocsContext, field: FieldModel, page: string): string {
  const extras = [
    ...describedRefs(ctx, field.type).map((name) => typeLink(ctx, name, page)),
    ...(field.format ? [FORMAT_LABELS[field.format]] : []),
  ];
  return `${code(field.docType)}${extras.length ? ` (${extras.join(", ")})` : ""}`;
}

function descriptionCell(ctx: DocsContext, field: FieldModel, page: string): string {
  const notes = [sentence(inline(field.description || humanize(field.name)))];
  if (field.wireName !== field.name) notes.push(`Sent as ${code(field.wireName)}.`);
  if (field.default !== undefined)
    notes.push(
      `Default: ${code(typeof field.default === "string" ? field.default : JSON.stringify(field.default))}.`,
    );
  if (field.unsupported) notes.push(`Not defined by API version ${code(ctx.model.version)}.`);
  if (field.wireType) notes.push(`The API may also send ${typeText(ctx, field.wireType, page)}.`);
  return notes.join(" ");
}

/** A type for prose: named types linked, everything else in the document's notation. */
function typeText(ctx: DocsContext, type: TypeRef, page: string): string {
  switch (type.kind) {
    case "primitive":
      return code(type.name);
    case "enum":
      return listOf(
        type.values.map((v) => code(v)),
        "or",
      );
    case "array":
      return `an array of ${typeText(ctx, type.items, page)}`;
    case "union":
      return listOf(
        type.members.map((m) => typeText(ctx, m, page)),
        "or",
      );
    case "named":
      return typeLink(ctx, type.name, page);
  }
}
