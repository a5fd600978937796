/**
 * The change catalog: every kind of change `opspec diff` can report, declared once with its code, its
 * severity and its message template. Rules (rules.ts) raise changes by code; printers, the README and
 * the tests read this list. A code never changes meaning once released: CI jobs filter on it.
 *
 * Severity is judged for the people who use the API (callers of the HTTP API and of the generated
 * client): `breaking` when code that worked against the base may fail against the head, `non-breaking`
 * for additions and relaxations, `docs` when only prose changed.
 *
 * Templates: `{name}` is replaced by a parameter. A parameter written in quotes, `'{name}'`, comes from
 * the spec (a field name, an enum value, a URL); the Markdown printer shows those as code spans. Bare
 * `{name}` parameters are opspec's own words (a role such as "Input", a location, a risk level).
 */

export type ChangeSeverity = "breaking" | "non-breaking" | "docs";
export const SEVERITIES: readonly ChangeSeverity[] = ["breaking", "non-breaking", "docs"];

export interface ChangeKind {
  severity: ChangeSeverity;
  /** One sentence; the subject is the finding's operation (or the API when it has none). */
  message: string;
}

export const CHANGES = {
  // Operations as a whole.
  "operation-added": { severity: "non-breaking", message: "New operation ({method} '{route}')." },
  "operation-removed": { severity: "breaking", message: "The operation ({method} '{route}') was removed: calls to it fail." },
  "operation-renamed": { severity: "breaking", message: "Renamed from '{from}' (same {method} '{route}'): client code calling '{from}' no longer compiles." },
  "method-changed": { severity: "breaking", message: "HTTP method changed from {from} to {to}: existing calls use the old method." },
  "path-changed": { severity: "breaking", message: "Path changed from '{from}' to '{to}': existing calls go to the old URL." },
  "risk-escalated": {
    severity: "breaking",
    message: "Risk raised from {from} to {to}: clients whose maxRisk is {from} now refuse the call, and agents need a wider permission to make it.",
  },
  "risk-lowered": { severity: "non-breaking", message: "Risk lowered from {from} to {to}: clients and agents with a lower maxRisk may now call it." },
  "status-changed": { severity: "breaking", message: "Success status changed from {from} to {to}." },
  "output-added": { severity: "non-breaking", message: "A success now answers with a body." },
  "output-removed": { severity: "breaking", message: "A success no longer answers with a body: code reading the answer gets nothing." },
  "pagination-added": { severity: "non-breaking", message: "The operation now pages ({to}): the client offers .all() to iterate over every page." },
  "pagination-removed": { severity: "breaking", message: "The operation no longer pages (was {from}): the client's .all() iterator is gone." },
  "pagination-style-changed": { severity: "breaking", message: "Pagination style changed from {from} to {to}: callers paging by hand follow the old scheme." },
  "pagination-changed": { severity: "breaking", message: "Pagination {what} changed from '{from}' to '{to}': callers paging by hand read or send the old one." },
  "operation-deprecated": { severity: "non-breaking", message: "The operation is deprecated: plan to stop calling it." },
  "operation-undeprecated": { severity: "non-breaking", message: "The operation is no longer deprecated." },
  "constant-added": { severity: "breaking", message: "Requests now carry the fixed {location} field '{name}' = '{value}': older clients do not send it." },
  "constant-removed": { severity: "non-breaking", message: "Requests no longer carry the fixed {location} field '{name}'." },
  "constant-changed": { severity: "breaking", message: "The fixed {location} field '{name}' changed from '{from}' to '{to}': older clients send the old value." },

  // What callers send: operation inputs, and fields of named types reached from them.
  "input-added-required": { severity: "breaking", message: "{role} '{field}' was added as required: calls without it are refused." },
  "input-added-optional": { severity: "non-breaking", message: "{role} '{field}' was added (optional)." },
  "input-removed": { severity: "breaking", message: "{role} '{field}' was removed: calls that pass it are refused." },
  "input-renamed": { severity: "breaking", message: "{role} '{from}' was renamed to '{field}' (on the wire it travels as before): calls that pass '{from}' are refused." },
  "input-made-required": { severity: "breaking", message: "{role} '{field}' is now required: calls without it are refused." },
  "input-made-optional": { severity: "non-breaking", message: "{role} '{field}' is now optional." },
  "input-wire-name-changed": { severity: "breaking", message: "{role} '{field}' is now sent as '{to}' instead of '{from}': older clients send the old name." },
  "input-location-changed": { severity: "breaking", message: "{role} '{field}' moved from the {from} to the {to}: older clients send it in the old place." },
  "input-type-widened": { severity: "non-breaking", message: "{role} '{field}' accepts more than before: '{from}' became '{to}'." },
  "input-type-narrowed": { severity: "breaking", message: "{role} '{field}' accepts less than before: '{from}' became '{to}', so some values that worked are refused." },
  "input-type-changed": { severity: "breaking", message: "{role} '{field}' changed type from '{from}' to '{to}'." },
  "input-enum-value-added": { severity: "non-breaking", message: "{role} '{field}' accepts the new value '{value}'." },
  "input-enum-value-removed": { severity: "breaking", message: "{role} '{field}' no longer accepts the value '{value}'." },
  "input-nullable-added": { severity: "non-breaking", message: "{role} '{field}' now accepts null." },
  "input-nullable-removed": { severity: "breaking", message: "{role} '{field}' no longer accepts null." },
  "input-constraint-relaxed": { severity: "non-breaking", message: "{role} '{field}': {constraint} relaxed from '{from}' to '{to}'." },
  "input-constraint-tightened": {
    severity: "breaking",
    message: "{role} '{field}': {constraint} tightened from '{from}' to '{to}', so some values that worked are refused.",
  },

  // What callers read: operation outputs, error bodies, and fields of named types reached from them.
  "output-field-added": { severity: "non-breaking", message: "{role} '{field}' was added." },
  "output-field-removed": { severity: "breaking", message: "{role} '{field}' was removed: code reading it gets nothing." },
  "output-field-made-optional": { severity: "breaking", message: "{role} '{field}' may now be absent: code that reads it unguarded breaks." },
  "output-field-made-required": { severity: "non-breaking", message: "{role} '{field}' is now always present." },
  "output-type-widened": { severity: "breaking", message: "{role} '{field}' may hold more than before: '{from}' became '{to}', and readers must handle the new values." },
  "output-type-narrowed": { severity: "non-breaking", message: "{role} '{field}' holds less than before: '{from}' became '{to}'." },
  "output-type-changed": { severity: "breaking", message: "{role} '{field}' changed type from '{from}' to '{to}'." },
  "output-enum-value-added": { severity: "breaking", message: "{role} '{field}' may now be '{value}': code that handles each value must handle it." },
  "output-enum-value-removed": { severity: "non-breaking", message: "{role} '{field}' is never '{value}' any more." },
  "output-nullable-added": { severity: "breaking", message: "{role} '{field}' may now be null." },
  "output-nullable-removed": { severity: "non-breaking", message: "{role} '{field}' is never null any more." },
  "output-constraint-relaxed": {
    severity: "breaking",
    message: "{role} '{field}': {constraint} relaxed from '{from}' to '{to}', so readers may see values they did not before.",
  },
  "output-constraint-tightened": { severity: "non-breaking", message: "{role} '{field}': {constraint} tightened from '{from}' to '{to}'." },

  // Either side.
  "default-added": { severity: "non-breaking", message: "{role} '{field}' now defaults to '{to}' when left out." },
  "default-removed": { severity: "breaking", message: "{role} '{field}' no longer defaults to '{from}': leaving it out now means what the API decides." },
  "default-changed": { severity: "breaking", message: "{role} '{field}' now defaults to '{to}' instead of '{from}': calls that leave it out behave differently." },
  "field-deprecated": { severity: "non-breaking", message: "{role} '{field}' is deprecated: plan to stop using it." },
  "field-undeprecated": { severity: "non-breaking", message: "{role} '{field}' is no longer deprecated." },

  // Named types.
  "type-added": { severity: "non-breaking", message: "New named type '{name}'." },
  "type-removed": { severity: "breaking", message: "Named type '{name}' was removed: code importing its type or schema no longer compiles." },

  // The API as a whole.
  "server-added": { severity: "non-breaking", message: "New server '{name}' ('{url}')." },
  "server-removed": { severity: "breaking", message: "Server '{name}' ('{url}') was removed: clients choosing it fail." },
  "server-url-changed": { severity: "breaking", message: "Server '{name}' moved from '{from}' to '{to}'." },
  "default-server-changed": { severity: "breaking", message: "The default server changed from '{from}' to '{to}': clients that do not choose one now call '{url}'." },
  "auth-changed": { severity: "breaking", message: "Authentication changed from {from} to {to}: existing credentials are sent the old way." },
  "header-added": { severity: "non-breaking", message: "New header '{name}', set with the client option '{option}'." },
  "header-added-required": { severity: "breaking", message: "New required header '{name}': clients must now set the option '{option}'." },
  "header-removed": { severity: "breaking", message: "Header '{name}' was removed: code setting the client option '{option}' no longer compiles." },
  "header-made-required": { severity: "breaking", message: "Header '{name}' is now required: clients must set the option '{option}'." },
  "header-made-optional": { severity: "non-breaking", message: "Header '{name}' is now optional." },
  "header-option-renamed": { severity: "breaking", message: "Header '{name}' is now set with the client option '{to}' instead of '{from}'." },
  "header-default-changed": { severity: "non-breaking", message: "Header '{name}' now defaults to '{to}' (was '{from}')." },
  "header-enum-value-added": { severity: "non-breaking", message: "Header '{name}' accepts the new value '{value}'." },
  "header-enum-value-removed": { severity: "breaking", message: "Header '{name}' no longer accepts the value '{value}'." },
  "naming-changed": { severity: "breaking", message: "The generated {what} changed from '{from}' to '{to}': code using the old name breaks." },
  "error-format-changed": { severity: "breaking", message: "Error responses: {what} changed from '{from}' to '{to}': older clients read error details from the old place." },
  "rate-limit-changed": { severity: "non-breaking", message: "Rate limits: {what} changed from '{from}' to '{to}'." },

  // Prose.
  "summary-changed": { severity: "docs", message: "The {what} changed from '{from}' to '{to}'." },
  "description-changed": { severity: "docs", message: "The description of {what} changed." },
  "example-changed": { severity: "docs", message: "The example of {what} changed." },
} as const satisfies Record<string, ChangeKind>;

export type ChangeCode = keyof typeof CHANGES;
export const CHANGE_CODES = Object.keys(CHANGES) as ChangeCode[];

/** One finding, as every printer receives it. */
export interface Change {
  code: ChangeCode;
  severity: ChangeSeverity;
  /** Full operation name (`contacts.create`), or null for changes to the API as a whole. */
  operation: string | null;
  /** Where in the operation (or API): `input.email`, `output.data[].id`, `http.path`, `servers.eu`; "" for the operation itself. */
  path: string;
  /** The catalog's template, filled in: plain text, not yet escaped for any target. */
  message: string;
  /** The template's parameters (printers that quote spec values differently re-render from these). */
  params: Record<string, string>;
  /** Spec file (head; base for removals), relative to the working folder, forward slashes. */
  file: string;
  line: number;
}

/** Renders a template; `render(value, quoted)` decides how each parameter appears (plain text by default). */
export function fillTemplate(
  template: string,
  params: Readonly<Record<string, string>>,
  render: (value: string, quoted: boolean) => string = (v, q) => (q ? `'${v}'` : v),
  text: (literal: string) => string = (s) => s,
): string {
  let out = "";
  let last = 0;
  for (const m of template.matchAll(/'\{(\w+)\}'|\{(\w+)\}/g)) {
    out += text(template.slice(last, m.index));
    const name = (m[1] ?? m[2])!;
    const value = params[name];
    if (value === undefined) throw new Error(`internal: template parameter '${name}' missing in "${template}"`);
    out += render(value, m[1] !== undefined);
    last = m.index + m[0].length;
  }
  return out + text(template.slice(last));
}
