/**
 * The diagnostics catalog: every problem a run can report, declared once with its code, severity,
 * a summary for docs, and a message template over structured data (TypeSpec's createDiagnosticCreator
 * in miniature). Call sites pass data, never English; tests assert codes and data.
 */

const hint = (suggestion: string | undefined): string => (suggestion ? `; did you mean '${suggestion}'?` : "");
const within = (where: string | undefined): string => (where ? ` in ${where}` : "");

type Entry<D> = { severity: "error" | "warning"; summary: string; message: (data: D) => string };
const error = <D>(summary: string, message: (data: D) => string): Entry<D> => ({ severity: "error", summary, message });
const warning = <D>(summary: string, message: (data: D) => string): Entry<D> => ({ severity: "warning", summary, message });

/** Problems whose text comes from elsewhere (the YAML parser, the file system) carry it as `detail`. */
type Detail = { detail: string };
const detail = (d: Detail) => d.detail;

type ChoiceData = { where: string; value: string; allowed: string[]; suggestion?: string };
const choice = (d: ChoiceData) => `${d.where}: '${d.value}' is not one of ${d.allowed.join(", ")}${hint(d.suggestion)}`;

export type PaginationProblem =
  | { problem: "needs-key"; style: string; key: string }
  | { problem: "not-applicable"; style: string; key: string }
  | { problem: "no-output" }
  | { problem: "no-input"; key: string; path: string; inherited: boolean; suggestion?: string }
  | { problem: "no-output-field"; key: string; path: string; inherited: boolean; suggestion?: string }
  | { problem: "not-a-list"; path: string; type: string };

export type HeaderProblem =
  | { problem: "client-sets"; input: string; header: string }
  | { problem: "not-scalar"; input: string; type: string }
  | { problem: "reserved-option"; header: string; option: string }
  | { problem: "shared-option"; header: string; option: string; other: string }
  | { problem: "reserved-server-option"; option: string }
  | { problem: "auth-header"; header: string };

export type CollisionProblem =
  | { problem: "reserved"; owner: string; ident: string }
  | { problem: "same-ident"; owner: string; other: string; ident: string }
  | { problem: "case"; name: string; other: string }
  | { problem: "slug"; name: string; other: string; slug: string }
  | { problem: "client-member"; name: string }
  | { problem: "object-member"; kind: "operation" | "field"; name: string }
  | { problem: "proto-key" }
  | { problem: "duplicate-server"; name: string };

export type ConstraintProblem =
  | { problem: "wrong-type"; constraint: string; wants: "numbers" | "strings"; type: string }
  | { problem: "order"; low: string; high: string; lowValue: number; highValue: number }
  | { problem: "pattern"; detail: string };

export const DIAGNOSTICS = {
  "yaml-syntax": error<Detail>("The file is not valid YAML.", detail),
  "duplicate-key": error<{ key?: string }>("A mapping has the same key twice.", (d) => (d.key ? `the key '${d.key}' appears twice in this mapping` : "map keys must be unique")),
  "unknown-key": error<{ key: string; where?: string; suggestion?: string }>("A key the spec format does not define.", (d) => `unknown key '${d.key}'${within(d.where)}${hint(d.suggestion)}`),
  "invalid-type": error<{ where: string; expected?: string; got: string }>("A value of the wrong kind (e.g. a list where text is expected).", (d) =>
    d.expected ? `${d.where}: expected ${d.expected}, got ${d.got}` : `${d.where}: unexpected ${d.got}`,
  ),
  "invalid-value": error<{ where: string; detail: string; value?: string } | ChoiceData>("A value outside the allowed set or form.", (d) =>
    "allowed" in d ? choice(d) : `${d.where}: ${d.detail}${d.value !== undefined ? ` (got '${d.value}')` : ""}`,
  ),
  "missing-key": error<{ key: string; where?: string }>("A required key is absent.", (d) => `missing required key '${d.key}'${within(d.where)}`),
  "unknown-risk": error<ChoiceData>("`risk` is not read, write or destructive.", choice),
  "unknown-http-method": error<ChoiceData>("`http.method` is not GET, POST, PUT, PATCH or DELETE.", choice),
  "malformed-type": error<Detail>("A type expression that cannot be read.", detail),
  "malformed-enum": error<Detail & { value?: string }>("An enum with an empty, duplicate or invalid member.", detail),
  "unknown-type": error<{ name: string; suggestion?: string; loneWord?: boolean }>("A reference to a named type that no spec file defines, or a word that is no type.", (d) =>
    d.loneWord && !d.suggestion ? `'${d.name}' is not a type; for a single fixed value write const: ${d.name}` : `unknown type '${d.name}'${hint(d.suggestion)}`,
  ),
  "duplicate-type": error<{ name: string; priorFile: string }>("Two spec files define the same type name.", (d) => `type '${d.name}' is already defined in ${d.priorFile}`),
  "duplicate-operation": error<{ name: string; priorFile?: string }>("Two operations share a full name.", (d) => `operation '${d.name}' is already defined${d.priorFile ? ` in ${d.priorFile}` : ""}`),
  "duplicate-resource": error<{ name: string; priorFile: string }>("Two spec files declare the same resource.", (d) => `resource '${d.name}' is already declared in ${d.priorFile}`),
  "duplicate-wire-name": error<{ first: string; second: string; wire: string; location: string; constant?: boolean }>("Two inputs send the same name in the same place.", (d) =>
    d.constant ? `constant '${d.second}' is also sent by input '${d.first}'` : `inputs '${d.first}' and '${d.second}' are both sent as '${d.wire}' in the ${d.location}`,
  ),
  "path-param-without-input": error<{ param: string; location?: string; suggestion?: string; twice?: boolean }>("A `{param}` in the path template has no input with `in: path`.", (d) =>
    d.twice
      ? `path parameter '{${d.param}}' appears twice`
      : `path parameter '{${d.param}}' has no input with in: path${d.location ? ` ('${d.param}' is in: ${d.location})` : hint(d.suggestion)}`,
  ),
  "path-input-not-in-template": error<{ input: string; path: string }>("An input with `in: path` does not appear in the path template.", (d) => `input '${d.input}' is in: path but '${d.path}' has no {${d.input}}`),
  "body-input-not-allowed": error<{ input: string; method: string }>("A body input on a GET or DELETE operation.", (d) => `input '${d.input}' is in: body, but ${d.method} requests carry no body; use in: query`),
  "type-cycle": error<{ name: string; via: string }>("Named types that require each other endlessly: no finite value exists.", (d) =>
    `type '${d.name}' can never be built: it requires itself through ${d.via}; make a field optional or a list`,
  ),
  "empty-operations": error<{ resource: string }>("A resource with no operations.", (d) => `resource '${d.resource}' has no operations`),
  "invalid-output": error<{ key: "output" | "outputWireType"; value: string }>("An operation's output names a type that is not an object type.", (d) =>
    d.key === "output" ? `output '${d.value}' must name an object type (one with fields) or list fields` : `outputWireType '${d.value}' must name an object type`,
  ),
  "invalid-pagination": error<PaginationProblem>("Pagination that does not match the operation's inputs or outputs.", (d) => {
    const inherited = (i: boolean) => (i ? " (inherited from the api file's pagination defaults)" : "");
    switch (d.problem) {
      case "needs-key":
        return `pagination style ${d.style} needs '${d.key}'`;
      case "not-applicable":
        return `'${d.key}' does not apply to pagination style ${d.style}`;
      case "no-output":
        return "a paginated operation needs an output holding the items";
      case "no-input":
        return `pagination.${d.key} '${d.path}' names no input${inherited(d.inherited)}${hint(d.suggestion)}`;
      case "no-output-field":
        return `pagination.${d.key} '${d.path}' is not an output field${inherited(d.inherited)}${hint(d.suggestion)}`;
      case "not-a-list":
        return `pagination.items '${d.path}' is not a list (it is ${d.type})`;
    }
  }),
  "unlisted-resource": error<{ resource: string; apiFile: string; suggestion?: string }>("A resource file that `api.yaml` does not list under `resources`.", (d) =>
    `resource '${d.resource}' is not listed under resources in ${d.apiFile}${hint(d.suggestion)}`,
  ),
  "missing-resource": error<{ resource: string; suggestion?: string }>("`api.yaml` lists a resource that no spec file declares.", (d) => `resource '${d.resource}' is listed but no spec file declares it${hint(d.suggestion)}`),
  "missing-api": error<{ apiFile: string }>("No `api.yaml` in the spec folder.", (d) => `no ${d.apiFile} found: it names the API, its servers and the order of resources`),
  "invalid-default": error<{ value: string; allowed: string[]; suggestion?: string }>("A default or constant that does not fit its field.", (d) =>
    `default '${d.value}' is not one of the allowed values (${d.allowed.join(", ")})${hint(d.suggestion)}`,
  ),
  "unused-type": warning<{ name: string }>("A named type no operation reaches.", (d) => `type '${d.name}' is not used by any operation`),
  "invalid-field": error<{ given: string[] }>("A field that gives none, or more than one, of type, enum and const.", (d) =>
    d.given.length === 0 ? "the field needs a type (or enum: [...], or const: value)" : `give one of ${d.given.join(", ")}, not ${d.given.length}`,
  ),
  "invalid-constraint": error<ConstraintProblem>("A constraint that does not fit the field's type, contradicts another, or a pattern that does not compile.", (d) => {
    switch (d.problem) {
      case "wrong-type":
        return `${d.constraint} applies to ${d.wants}, not ${d.type}`;
      case "order":
        return `${d.low} ${d.lowValue} is above ${d.high} ${d.highValue}`;
      case "pattern":
        return `pattern does not compile: ${d.detail}`;
    }
  }),
  "invalid-status": error<{ status: number }>("A success status that contradicts the operation's output (204 with an output).", (d) =>
    `status ${d.status} means no body, but the operation has an output; drop one of them`,
  ),
  "invalid-errors": error<{ key: string; typeName: string; path?: string; suggestion?: string }>("An error description whose type or paths do not exist.", (d) =>
    d.path === undefined ? `errors.type '${d.typeName}' must name an object type` : `errors.${d.key} '${d.path}' is not a field of ${d.typeName}${hint(d.suggestion)}`,
  ),
  "invalid-header": error<HeaderProblem>("A header input or header option that cannot be sent or clashes with another.", (d) => {
    switch (d.problem) {
      case "client-sets":
        return `input '${d.input}' would send the header '${d.header}', which the client already sets`;
      case "not-scalar":
        return `header input '${d.input}' must be a string, number, boolean or enum, not ${d.type}`;
      case "reserved-option":
        return `header '${d.header}' would be set by the option '${d.option}', which every client already has; give it option: <name>`;
      case "shared-option":
        return `header '${d.header}' and ${d.other} share the client option '${d.option}'`;
      case "reserved-server-option":
        return `serverOption '${d.option}' is an option every client already has`;
      case "auth-header":
        return `the client sets '${d.header}' itself; describe credentials under auth`;
    }
  }),
  "name-collision": error<CollisionProblem>("Two spec names that become the same generated identifier, file or anchor, or a name generated code reserves.", (d) => {
    switch (d.problem) {
      case "reserved":
        return `${d.owner} would generate '${d.ident}', a name the generated code already uses; rename it`;
      case "same-ident":
        return `${d.owner} and ${d.other} both generate '${d.ident}'`;
      case "case":
        return `types '${d.other}' and '${d.name}' differ only in case: their doc anchors and files collide`;
      case "slug":
        return `resources '${d.other}' and '${d.name}' both become the file name '${d.slug}'`;
      case "client-member":
        return `resource '${d.name}' would hide the client's own '${d.name}'; rename it`;
      case "object-member":
        return d.kind === "operation"
          ? `operation '${d.name}' would replace a built-in member of JavaScript objects; rename it`
          : `field '${d.name}' is a built-in member of JavaScript objects and cannot be a property name here`;
      case "proto-key":
        return "'__proto__' cannot be a name: JavaScript objects reserve it";
      case "duplicate-server":
        return `server '${d.name}' is listed twice`;
    }
  }),
  "invalid-example": error<{ key: "default" | "example"; value: string; type: string }>("An example or default that does not match its field's type.", (d) =>
    `${d.key} ${d.value} does not match the type ${d.type}`,
  ),
  "missing-spec-folder": error<Detail>("The spec folder does not exist or is not a folder.", detail),
  "empty-spec-folder": error<Detail>("The spec folder holds no `*.yaml` or `*.yml` file.", detail),
  "unreadable-file": error<Detail>("A spec file or the spec folder cannot be read (permissions, a symlink loop, a broken link).", detail),
  "not-a-file": error<Detail>("A `*.yaml` name in the spec folder that is a folder or other non-file.", detail),
  "invalid-utf8": error<{ byte: string }>("A spec file that is not valid UTF-8 text.", (d) => `byte 0x${d.byte} is not valid UTF-8: spec files are UTF-8 text (re-save the file as UTF-8)`),
  "yaml-alias-limit": error<Detail>("YAML aliases that expand too far (an alias bomb), or an alias with no anchor.", detail),
  "yaml-binary": error<Detail>("A `!!binary` value: spec values are text, numbers, booleans, lists and mappings.", detail),
  "null-key": error<{ key: string }>("A mapping key that YAML reads as null: `null`, `~`, or nothing before the colon.", (d) =>
    d.key === ""
      ? "an empty key (nothing before the colon) is YAML's null, not a name: write the name before the colon"
      : `the key '${d.key}' is YAML's null, not a name, and YAML readers disagree on what it becomes (the word "null" or an empty name); quote it ('${d.key}') if you mean the word`,
  ),
  "non-finite-number": error<{ value: string; nan: boolean }>("A number that is infinite or not a number (`.inf`, `.nan`, `1e999`).", (d) =>
    `'${d.value}' is ${d.nan ? "not a number" : "infinite"}: JSON, OpenAPI and the generated code have no such value; write a finite number or a string`,
  ),
} satisfies Record<string, Entry<never>>;

export type DiagnosticCode = keyof typeof DIAGNOSTICS;
/** The structured data a diagnostic of code `C` carries. */
export type DiagnosticData<C extends DiagnosticCode> = Parameters<(typeof DIAGNOSTICS)[C]["message"]>[0];
export type Severity = "error" | "warning";

export interface Location {
  /** Path relative to the project root, forward slashes: `spec/admins.yaml`. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
  /** Length of the marked span on the line (for the code frame). */
  length?: number;
}

export interface Diagnostic<C extends DiagnosticCode = DiagnosticCode> extends Location {
  code: C;
  severity: Severity;
  /** The catalog's template applied to `data`. */
  message: string;
  data: DiagnosticData<C>;
}

export function diagnostic<C extends DiagnosticCode>(code: C, data: DiagnosticData<C>, at: Location): Diagnostic<C> {
  const entry = DIAGNOSTICS[code] as Entry<DiagnosticData<C>>;
  return { code, severity: entry.severity, message: entry.message(data), data, ...at };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Stable order: by file, then position, then code. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.code.localeCompare(b.code),
  );
}
