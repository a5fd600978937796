/**
 * Markdown reference → generated/docs/: `index.md` (the API, its resources and every operation with
 * its risk), one page per resource in model order, and `types.md` for the named types several
 * resources share. The pages are plain GFM that reads well on GitHub, and the source of the VitePress
 * site in docs-site/. Tables keep the document's layout (Name | Type | Required | Description) and
 * the document's type notation, so the document can be read back out of them (test/markdown-seed).
 *
 * Every string from the spec reaches a page through the escape module: `mdText` for prose, `mdCode`
 * for names, notations and values, `mdCell` (in `table`) for cells, fenced blocks with `fenceFor`.
 * Nothing here names an API: titles, client names, variables and conventions come from the model.
 */
import { fenceFor, mdCode, mdText } from "../../escape/index.ts";
import { exampleContext, operationExample } from "../../model/examples.ts";
import { namedRefs, splitNullable } from "../../model/type-ref.ts";
import type {
  ApiModel,
  Emitter,
  FieldModel,
  NamedTypeModel,
  OperationModel,
  PaginationModel,
  ResourceModel,
  Risk,
  TypeRef,
} from "../../model/types.ts";
import type { SourcedFile } from "../../write/finish.ts";
import { reusedText } from "../reuse.ts";
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
  type PageContext,
  type PageModel,
} from "./context.ts";
import { clientSetup, credentialVariables, curlExample, typescriptExample } from "./examples.ts";
import { oneByte } from "../one-byte.ts";
import { anchor, DEPRECATED_BADGE, humanize, listOf, riskBadge, sentence, table } from "./text.ts";

export const DOCS_DIR = "docs";

const FIELD_HEADER = ["Name", "Type", "Required", "Description"] as const;

const FORMAT_LABELS: Record<NonNullable<FieldModel["format"]>, string> = {
  integer: "integer",
  int64: "64-bit integer",
  "unix-time": "Unix time",
  "date-time": "date-time",
  date: "date",
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

/** The marker some documents end a destructive operation's summary with; the risk badge says it already. */
const DESTRUCTIVE_MARKER = /\s*\[DESTRUCTIVE\]\s*$/i;

/** The summary as shown: without a trailing `[DESTRUCTIVE]` where the badge shows the risk. */
export function displayedSummary(op: OperationModel): string {
  return op.risk === "destructive" ? op.summary.replace(DESTRUCTIVE_MARKER, "") : op.summary;
}

export const markdownEmitter: Emitter = {
  name: "markdown",
  emit(model: ApiModel): SourcedFile[] {
    const ctx = buildContext(model);
    return [
      { path: `${DOCS_DIR}/${INDEX_PAGE}`, contents: indexPage(ctx), source: "spec/" },
      ...model.resources.map((r) => ({ path: `${DOCS_DIR}/${resourcePage(r)}`, contents: resourcePageFile(ctx, r), source: r.file })),
      {
        path: `${DOCS_DIR}/${TYPES_PAGE}`,
        contents: reusedText(`${DOCS_DIR}/${TYPES_PAGE}`, pageParts(ctx, TYPES_PAGE), (names, ...rest) => typesPage(contextOf(...rest), names)),
        source: "spec/",
      },
    ];
  },
};

/** A block of a page (a paragraph, heading, table or code block), or `false`/`undefined` for one left out. */
type Block = string | false | undefined;

/**
 * A page's text: its blocks, a blank line between two, and a final newline; stored one byte per
 * character where its characters allow (emit/one-byte.ts).
 *
 * Sections (an operation's, a type's) hand their blocks to the page rather than a text of their own:
 * the page's one join copies every block once. Joined on its own first, each section was copied twice,
 * and at 10,000 operations the joins were the emitter's largest cost.
 */
function pageText(blocks: Block[]): string {
  const present = blocks.filter((b): b is string => !!b);
  // The final newline goes on the last block, inside the join, so the page is one flat string (which
  // the one-byte check needs too). Added after the join, `${page}\n` is a rope that the finishing
  // (write/finish.ts: endsWith, startsWith) flattens: a second copy of every page, at 10,000
  // operations 55 MB of text and 0.1 s.
  const last = present.length - 1;
  if (last < 0) return "\n";
  present[last] = `${present[last]}\n`;
  return oneByte(present.join("\n\n"));
}

/** A fenced code block holding `body` (a fence longer than any backtick run inside). */
function fenced(lang: string, body: string): string {
  const fence = fenceFor(body);
  return `${fence}${lang}\n${body}\n${fence}`;
}

function operations(model: ApiModel): [ResourceModel, OperationModel][] {
  return model.resources.flatMap((r) => r.operations.map((op): [ResourceModel, OperationModel] => [r, op]));
}

function operationTable(rows: [ResourceModel, OperationModel][], fromPage: string): string {
  return table(
    ["Operation", "Summary", "Risk"],
    rows.map(([r, op]) => [
      `[${op.fullName}](${href(fromPage, resourcePage(r), operationAnchor(r, op))})`,
      mdText(displayedSummary(op)),
      riskBadge(op.risk) + (op.deprecated ? ` ${DEPRECATED_BADGE}` : ""),
    ]),
  );
}

// ---------------------------------------------------------------------------------------------- index

function authParagraph(model: ApiModel): string {
  const auth = model.auth;
  const fallback =
    auth.scheme === "bearer"
      ? "Send a bearer token in the `Authorization` header."
      : auth.scheme === "basic"
        ? "HTTP basic authentication: a user name and a password."
        : auth.scheme === "apiKey"
          ? `An API key, sent in the ${mdCode(auth.name)} ${auth.in === "header" ? "header" : "query parameter"}.`
          : "None: the API takes no credentials.";
  const text = auth.scheme !== "none" && auth.description !== undefined ? sentence(mdText(auth.description)) : fallback;
  const vars = credentialVariables(auth, model.naming);
  const client =
    vars.length > 0
      ? ` The client takes ${listOf(vars.map(([option]) => mdCode(option)))} as ${vars.length === 1 ? "an option" : "options"}; the examples read ${
          vars.length === 1 ? "it" : "them"
        } from ${listOf(vars.map(([, v]) => mdCode(v)))}.`
      : "";
  return `**Authentication.** ${text}${client}`;
}

function headerParagraph(h: ApiModel["headers"][number]): string {
  const words = [`**${mdText(h.name)} header.** ${sentence(mdText(h.description ?? "A header sent with every request."))}`];
  words.push(`The client sets it from its ${mdCode(h.option)} option${h.required ? ", which is required" : ""}.`);
  if (h.default !== undefined) words.push(`This reference describes ${mdCode(h.default)}.`);
  if (h.enum && h.enum.length > 0) words.push(`One of ${listOf(h.enum.map((v) => mdCode(v)))}.`);
  return words.join(" ");
}

function errorsParagraph(ctx: DocsContext): string {
  const { model } = ctx;
  const e = model.errors;
  const body = e.typeName
    ? `${typeLink(ctx, e.typeName, INDEX_PAGE)} (${mdCode(e.contentType)})`
    : e.contentType === "application/problem+json"
      ? `RFC 9457 problem details (${mdCode(e.contentType)})`
      : `a body in ${mdCode(e.contentType)}`;
  const carries = [
    "the status",
    ...(e.message !== undefined ? [`the message (${mdCode(e.message)})`] : []),
    ...(e.code !== undefined ? [`the error code${e.code.includes("[]") ? "s" : ""} (${mdCode(e.code)})`] : []),
    ...(e.requestId !== undefined || e.requestIdHeader !== undefined
      ? [
          `the request id (${listOf(
            [...(e.requestId !== undefined ? [mdCode(e.requestId)] : []), ...(e.requestIdHeader !== undefined ? [`the ${mdCode(e.requestIdHeader)} header`] : [])],
            "or",
          )})`,
        ]
      : []),
  ];
  const r = model.rateLimit;
  const waits = [mdCode("Retry-After"), ...(r.resetHeader ? [mdCode(r.resetHeader)] : [])];
  return (
    `A failed request (any 4xx or 5xx status) answers with ${body}. ` +
    `The client turns it into a typed error (a subclass of ${mdCode(model.naming.errorBase)}) that carries ${listOf(carries)}; ` +
    `a 429 answer is a rate-limit error, retried after the time the server asks for (${listOf(waits, "or")}).`
  );
}

function indexPage(ctx: DocsContext): string {
  const { model } = ctx;
  const all = operations(model);
  const counts = (risk: Risk) => all.filter(([, op]) => op.risk === risk).length;
  const starter = all.find(([, op]) => op.risk === "read" && op.input.every((f) => !f.required)) ?? all[0];
  const server = model.servers[0];
  return pageText([
    `# ${mdText(model.title)} reference`,
    model.description && mdText(model.description),
    [
      `- **API name:** ${mdCode(model.name)}. An operation's full name is ${mdCode("<resource>.<operation>")}, such as ` +
        `${mdCode(all[0]?.[1].fullName ?? "resource.operation")}; qualified with the API name it is ${mdCode(all[0]?.[1].qualifiedName ?? model.name)}.`,
      `- **Version:** ${mdCode(model.version)}.`,
      `- **Operations:** ${all.length} in ${model.resources.length} resources: ${counts("read")} read, ` +
        `${counts("write")} write and ${counts("destructive")} destructive.`,
    ].join("\n"),
    `Each operation is listed with its inputs, its output, the named types they use, and an example with the generated ` +
      `TypeScript client and with curl.`,
    `## Getting started`,
    `Call the API through the generated client (${mdCode(model.naming.packageName)}), typed in and out and validated before any request is sent:`,
    starter ? fenced("ts", typescriptExample(model, starter[0].name, starter[1])) : fenced("ts", clientSetup(model).join("\n")),
    authParagraph(model),
    ...model.headers.map(headerParagraph),
    `**Servers.** Requests go to ${server ? mdCode(server.url) : "the first server"} unless the client's ${mdCode(model.naming.serverOption)} option names another server:`,
    table(
      ["Name", "Base URL", "Description"],
      model.servers.map((s) => [mdCode(s.name), mdCode(s.url), mdText(s.description ?? "")]),
    ),
    `## Risk levels`,
    `Each operation carries a risk level, shown as a badge on its entry, so that tools and agents can tell reading from changing and from deleting.`,
    table(
      ["Risk", "Operations", "Meaning"],
      (["read", "write", "destructive"] as const).map((risk) => [riskBadge(risk), String(counts(risk)), RISK_MEANING[risk]]),
    ),
    `## Resources`,
    table(
      ["Resource", "Operations", "Description"],
      model.resources.map((r) => [
        `[${mdText(r.title)}](${href(INDEX_PAGE, resourcePage(r))})`,
        String(r.operations.length),
        mdText(r.description ?? `The ${r.title} operations.`),
      ]),
    ),
    `Named types that several resources share are described on [Shared types](${href(INDEX_PAGE, TYPES_PAGE)}).`,
    `## Operations`,
    operationTable(all, INDEX_PAGE),
    `## Errors`,
    errorsParagraph(ctx),
  ]);
}

// ------------------------------------------------------------------------------------- resource pages

/**
 * What a page other than the index is printed from besides its resource: the types written out on it,
 * where every type is written out, and the model's page part (PageModel). A watch save that changes
 * none of these (an edit to another resource that moves no type) reuses the page printed last time.
 */
function pageParts(ctx: DocsContext, page: string) {
  const { types, naming, auth, headers, servers, version } = ctx.model;
  return [ctx.typesByPage.get(page) ?? [], ctx.typePage, types, naming, auth, headers, servers, version] as const;
}

type PageParts = ReturnType<typeof pageParts>;

/** The page context again from the parts (the sections read nothing else). */
function contextOf(typePage: PageParts[1], types: PageParts[2], naming: PageParts[3], auth: PageParts[4], headers: PageParts[5], servers: PageParts[6], version: PageParts[7]): PageContext {
  const model: PageModel = { types, naming, auth, headers, servers, version };
  return { model, types: exampleContext(model).types, typePage };
}

function resourcePageFile(ctx: DocsContext, resource: ResourceModel): string {
  const page = resourcePage(resource);
  return reusedText(`${DOCS_DIR}/${page}`, [resource, ...pageParts(ctx, page)], (resource, pageTypes, ...rest) =>
    resourcePageText(contextOf(...rest), resource, pageTypes),
  );
}

function resourcePageText(ctx: PageContext, resource: ResourceModel, pageTypes: readonly string[]): string {
  const page = resourcePage(resource);
  const blocks: Block[] = [
    `# ${mdText(resource.title)}`,
    resource.description && mdText(resource.description),
    operationTable(
      resource.operations.map((op) => [resource, op]),
      page,
    ),
  ];
  // Sections are appended in loops: flatMap over a page's sections was 50 ms at 10,000 operations.
  for (const op of resource.operations) appendBlocks(blocks, operationBlocks(ctx, resource, op, page));
  if (pageTypes.length > 0)
    blocks.push(
      `## Types`,
      `The named types the operations above use, where no other resource uses them. Types shared across resources are on [Shared types](${href(page, TYPES_PAGE)}).`,
    );
  for (const name of pageTypes) appendBlocks(blocks, typeBlocks(ctx, ctx.types.get(name)!, page, 3));
  return pageText(blocks);
}

function appendBlocks(blocks: Block[], section: readonly Block[]): void {
  for (const block of section) blocks.push(block);
}

const STATUS_TEXT: Record<number, string> = { 200: "OK", 201: "Created", 202: "Accepted", 203: "Non-Authoritative Information", 204: "No Content", 205: "Reset Content", 206: "Partial Content" };

function statusCode(status: number): string {
  return mdCode(`${status}${STATUS_TEXT[status] ? ` ${STATUS_TEXT[status]}` : ""}`);
}

function outputBlocks(ctx: PageContext, op: OperationModel, page: string): Block[] {
  const output = op.output;
  const status = op.status === 200 ? "" : ` with status ${statusCode(op.status)}`;
  if (!output) return [`Answers${status || ` with status ${statusCode(op.status)}`} and no body; the client returns nothing (\`void\`).`];
  return [
    output.typeName
      ? `Returns ${typeLink(ctx, output.typeName, page)}${status}${output.fields.length ? ":" : "."}`
      : `Returns an object${status} with these fields:`,
    output.fields.length > 0 && fieldTable(ctx, output.fields, page),
    output.wireTypeName !== undefined &&
      `The API may answer with ${typeLink(ctx, output.wireTypeName, page)} instead, which the client accepts as well.`,
  ];
}

/** An operation's section: its anchor and heading, what it does, its input and output, and its examples. */
function operationBlocks(ctx: PageContext, resource: ResourceModel, op: OperationModel, page: string): Block[] {
  const { model } = ctx;
  const example = operationExample(op, model);
  const unsupported = op.input.filter((f) => f.unsupported);
  const it = unsupported.length === 1 ? "it" : "them";
  return [
    anchor(operationAnchor(resource, op)),
    `## ${op.fullName}`,
    mdText(displayedSummary(op)),
    `**Risk:** ${riskBadge(op.risk)} · **HTTP:** ${mdCode(`${op.method} ${op.path}`)}` + (op.deprecated ? ` · ${DEPRECATED_BADGE}` : ""),
    op.deprecated && `> [!CAUTION]\n> **Deprecated.** This operation still works but is going away; avoid it in new code.`,
    op.risk === "destructive" &&
      `> [!WARNING]\n> ⚠️ **Destructive.** ${sentence(mdText(op.description ?? displayedSummary(op)))} This cannot be undone. ` +
        `The client refuses this call unless it is created with \`maxRisk: "destructive"\`.`,
    op.risk !== "destructive" && op.description && mdText(op.description),
    `### Input`,
    op.input.length > 0 ? fieldTable(ctx, op.input, page) : `This operation takes no input.`,
    unsupported.length > 0 &&
      `API version ${mdCode(model.version)} does not define ${listOf(unsupported.map((f) => mdCode(f.name)))}: ` +
        `the client accepts ${it} as the document lists ${it}, and the server ignores ${it}.`,
    op.constants.length > 0 &&
      `The client also sends ${listOf(op.constants.map((c) => mdCode(`${c.name}: ${JSON.stringify(c.value)}`)))} in the ${listOf(
        [...new Set(op.constants.map((c) => (c.location === "query" ? "query string" : c.location === "header" ? "headers" : "request body")))],
      )}, which the API needs and the document leaves out.`,
    `### Output`,
    ...outputBlocks(ctx, op, page),
    op.pagination && pagingNote(resource, op, op.pagination),
    `### Example`,
    fenced("ts", typescriptExample(model, resource.name, op, example)),
    `The same request with curl:`,
    fenced("sh", curlExample(model, op, example)),
  ];
}

const dotted = (path: readonly string[]): string => mdCode(path.join("."));

/** How the operation pages, in the model's terms (input paths are the caller's names, output paths the response's keys). */
function pagingNote(resource: ResourceModel, op: OperationModel, p: PaginationModel): string {
  const all = mdCode(`client.${resource.name}.${op.name}.all()`);
  const how = (() => {
    switch (p.style) {
      case "page":
        return `by page number: ${dotted(p.page)} counts from 1${p.totalPages ? `, up to ${dotted(p.totalPages)} pages` : " until a page comes back empty"}`;
      case "offset":
        return `by offset: ${dotted(p.offset)} skips that many items and ${dotted(p.limit)} sets the page size${
          p.total ? `, up to ${dotted(p.total)} items in all` : ", until a page comes back short"
        }`;
      case "cursor":
        return `with a cursor: pass the previous page's ${dotted(p.next)} as ${dotted(p.cursor)}; the last page has none`;
      case "lastId":
        return `after the last item: pass ${dotted(p.cursor)} the ${mdCode(p.id)} of the previous page's last item while ${dotted(p.hasMore)} is true`;
      case "link":
        return `through the ${mdCode("Link")} response header: its ${mdCode('rel="next"')} URL is the next page; the last page has none`;
      case "scroll":
        return `with a scroll cursor: send back the previous page's ${dotted(p.next)}${
          p.next.join(".") === p.cursor.join(".") ? "" : ` as ${dotted(p.cursor)}`
        } until ${dotted(p.items)} is empty`;
    }
  })();
  return `**Paging.** Results come a page at a time, ${how}. ${all} iterates over the ${dotted(p.items)} items of every page.`;
}

// ---------------------------------------------------------------------------------------------- types

/** `types.md`: the named types written out on no resource's page. */
function typesPage(ctx: PageContext, names: readonly string[]): string {
  const blocks: Block[] = [
    `# Shared types`,
    `The named types used by more than one resource, and the error type every operation may answer with. ` +
      `Types that only one resource uses are described on that resource's page.`,
  ];
  for (const name of names) appendBlocks(blocks, typeBlocks(ctx, ctx.types.get(name)!, TYPES_PAGE, 2));
  return pageText(blocks);
}

/** A named type's section: its anchor, heading and description, and its fields or what it is. */
function typeBlocks(ctx: PageContext, type: NamedTypeModel, page: string, level: 2 | 3): Block[] {
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
        return `One of the strings ${listOf(type.values.map((v) => mdCode(v)))}.`;
    }
  })();
  return [anchor(typeAnchor(type.name)), `${"#".repeat(level)} ${type.name}`, type.description && mdText(type.description), body];
}

// --------------------------------------------------------------------------------------------- fields

/**
 * The field tables printed for the page being written, by field list. Several operations on a page
 * often answer with the same named type, whose table is printed again for each of them (and for the
 * type's own section): at 10,000 operations, 6,074 of the 30,002 tables, 12.6 of their 39.5 MB. A
 * table is a pure function of the page context, the fields and the page, so these are printed once.
 */
let pageTables: { ctx: PageContext; page: string; byFields: Map<readonly FieldModel[], string> } | undefined;

function fieldTable(ctx: PageContext, fields: readonly FieldModel[], page: string): string {
  if (pageTables?.ctx !== ctx || pageTables.page !== page) pageTables = { ctx, page, byFields: new Map() };
  let text = pageTables.byFields.get(fields);
  if (text === undefined) pageTables.byFields.set(fields, (text = printFieldTable(ctx, fields, page)));
  return text;
}

function printFieldTable(ctx: PageContext, fields: readonly FieldModel[], page: string): string {
  return table(
    FIELD_HEADER,
    fields.map((f) => [mdCode(f.name), typeCell(ctx, f, page), f.required ? "Yes" : "No", descriptionCell(ctx, f, page)]),
  );
}

/** Named object, map and union types: the ones the document writes as `object` and elides ("full type"). */
function describedRefs(ctx: PageContext, type: TypeRef): string[] {
  // A field of one named type is the usual case; a Set and two arrays for it were most of the cost.
  if (type.kind === "named") return ctx.types.get(type.name)?.kind !== "enum" ? [type.name] : [];
  return [...new Set(namedRefs(type))].filter((name) => ctx.types.get(name)?.kind !== "enum");
}

/** The one value a `const:` field (a one-value enum, possibly nullable) holds. */
function constantValue(type: TypeRef): string | undefined {
  const base = splitNullable(type).type;
  return base.kind === "enum" && base.values.length === 1 ? base.values[0] : undefined;
}

function isNullable(type: TypeRef): boolean {
  return splitNullable(type).nullable;
}

/** The document's notation (`object[]`), then what it stands for: the named type linked, the format, nullability. */
function typeCell(ctx: PageContext, field: FieldModel, page: string): string {
  const notation = mdCode(field.docType);
  // Most fields are a plain primitive: no named type, no `| null`; only a format to name, if any.
  if (field.type.kind === "primitive") return field.format ? `${notation} (${FORMAT_LABELS[field.format]})` : notation;
  const extras = describedRefs(ctx, field.type).map((name) => typeLink(ctx, name, page));
  if (field.format) extras.push(FORMAT_LABELS[field.format]);
  if (isNullable(field.type)) extras.push("nullable");
  return extras.length ? `${notation} (${extras.join(", ")})` : notation;
}

/** A value from the spec as inline code: strings as written, anything else as JSON. */
function valueCode(value: unknown): string {
  return mdCode(typeof value === "string" ? value : (JSON.stringify(value) ?? String(value)));
}

function constraintNotes(field: FieldModel): string[] {
  const c = field.constraints;
  if (!c) return [];
  const notes: string[] = [];
  if (c.minimum !== undefined && c.maximum !== undefined) notes.push(`From ${valueCode(c.minimum)} to ${valueCode(c.maximum)}.`);
  else if (c.minimum !== undefined) notes.push(`At least ${valueCode(c.minimum)}.`);
  else if (c.maximum !== undefined) notes.push(`At most ${valueCode(c.maximum)}.`);
  if (c.minLength !== undefined && c.maxLength !== undefined)
    notes.push(c.minLength === c.maxLength ? `Exactly ${c.minLength} characters.` : `${c.minLength} to ${c.maxLength} characters.`);
  else if (c.minLength !== undefined) notes.push(`At least ${c.minLength} character${c.minLength === 1 ? "" : "s"}.`);
  else if (c.maxLength !== undefined) notes.push(`At most ${c.maxLength} character${c.maxLength === 1 ? "" : "s"}.`);
  if (c.pattern !== undefined) notes.push(`Matches ${mdCode(c.pattern)}.`);
  return notes;
}

function descriptionCell(ctx: PageContext, field: FieldModel, page: string): string {
  const notes: string[] = [];
  if (field.deprecated) notes.push(DEPRECATED_BADGE);
  notes.push(field.description ? sentence(mdText(field.description)) : undescribedSentence(field));
  if (field.location === "header") notes.push(`Sent as the ${mdCode(field.wireName)} header.`);
  else if (field.wireName !== field.name) notes.push(`Sent as ${mdCode(field.wireName)}.`);
  notes.push(...constraintNotes(field));
  if (field.default !== undefined) notes.push(`Default: ${valueCode(field.default)}.`);
  if (field.unsupported) notes.push(`Not defined by API version ${mdCode(ctx.model.version)}.`);
  if (field.wireType) notes.push(`The API may also send ${typeText(ctx, field.wireType, page)}.`);
  return notes.join(" ");
}

/** What a field without a description says: the value it always holds, else its name in words. */
function undescribedSentence(field: FieldModel): string {
  const constant = constantValue(field.type);
  return constant !== undefined ? `Always ${mdCode(constant)}.` : `${humanize(field.name)}.`;
}

/** A type for prose: named types linked, everything else in the document's notation. */
function typeText(ctx: PageContext, type: TypeRef, page: string): string {
  switch (type.kind) {
    case "primitive":
      return mdCode(type.name);
    case "enum":
      return listOf(
        type.values.map((v) => mdCode(v)),
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
