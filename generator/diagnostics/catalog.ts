/**
 * The diagnostics catalog: every problem the checker can report, declared once with its code and severity.
 * Tests assert codes and positions, never English text.
 */
export const DIAGNOSTICS = {
  "yaml-syntax": { severity: "error", summary: "The file is not valid YAML." },
  "duplicate-key": { severity: "error", summary: "A mapping has the same key twice." },
  "unknown-key": { severity: "error", summary: "A key the spec format does not define." },
  "invalid-type": { severity: "error", summary: "A value of the wrong kind (e.g. a list where text is expected)." },
  "invalid-value": { severity: "error", summary: "A value outside the allowed set or form." },
  "missing-key": { severity: "error", summary: "A required key is absent." },
  "unknown-risk": { severity: "error", summary: "risk is not read, write or destructive." },
  "unknown-http-method": { severity: "error", summary: "http.method is not GET, POST, PUT, PATCH or DELETE." },
  "malformed-type": { severity: "error", summary: "A type expression that cannot be read." },
  "malformed-enum": { severity: "error", summary: "An enum with an empty, duplicate or invalid member." },
  "unknown-type": { severity: "error", summary: "A reference to a named type that no spec file defines." },
  "duplicate-type": { severity: "error", summary: "Two spec files define the same type name." },
  "duplicate-operation": { severity: "error", summary: "Two operations share a full name." },
  "duplicate-resource": { severity: "error", summary: "Two spec files declare the same resource." },
  "duplicate-wire-name": { severity: "error", summary: "Two inputs send the same name in the same place." },
  "path-param-without-input": { severity: "error", summary: "A {param} in the path template has no input with in: path." },
  "path-input-not-in-template": { severity: "error", summary: "An input with in: path does not appear in the path template." },
  "body-input-not-allowed": { severity: "error", summary: "A body input on a GET or DELETE operation." },
  "type-cycle": { severity: "error", summary: "Named types that require each other endlessly: no finite value exists." },
  "empty-operations": { severity: "error", summary: "A resource with no operations." },
  "invalid-output": { severity: "error", summary: "An operation's output names a type that is not an object type." },
  "invalid-pagination": { severity: "error", summary: "Pagination that does not match the operation's inputs or outputs." },
  "unlisted-resource": { severity: "error", summary: "A resource file that api.yaml does not list under resources." },
  "missing-resource": { severity: "error", summary: "api.yaml lists a resource that no spec file declares." },
  "missing-api": { severity: "error", summary: "No api.yaml in the spec folder." },
  "invalid-default": { severity: "error", summary: "A default or constant that does not fit its field." },
  "unused-type": { severity: "warning", summary: "A named type no operation reaches." },
  "invalid-field": { severity: "error", summary: "A field that gives none, or more than one, of type, enum and const." },
  "invalid-constraint": { severity: "error", summary: "A constraint that does not fit the field's type, contradicts another, or a pattern that does not compile." },
  "invalid-status": { severity: "error", summary: "A success status that contradicts the operation's output (204 with an output)." },
  "invalid-errors": { severity: "error", summary: "An error description whose type or paths do not exist." },
  "invalid-header": { severity: "error", summary: "A header input or header option that cannot be sent or clashes with another." },
  "name-collision": { severity: "error", summary: "Two spec names that become the same generated identifier, file or anchor, or a name generated code reserves." },
  "invalid-example": { severity: "error", summary: "An example or default that does not match its field's type." },
  "missing-spec-folder": { severity: "error", summary: "The spec folder does not exist or is not a folder." },
  "empty-spec-folder": { severity: "error", summary: "The spec folder holds no *.yaml or *.yml file." },
  "unreadable-file": { severity: "error", summary: "A spec file or the spec folder cannot be read (permissions, a symlink loop, a broken link)." },
  "not-a-file": { severity: "error", summary: "A *.yaml name in the spec folder that is a folder or other non-file." },
  "invalid-utf8": { severity: "error", summary: "A spec file that is not valid UTF-8 text." },
  "yaml-alias-limit": { severity: "error", summary: "YAML aliases that expand too far (an alias bomb), or an alias with no anchor." },
  "yaml-binary": { severity: "error", summary: "A !!binary value: spec values are text, numbers, booleans, lists and mappings." },
  "non-finite-number": { severity: "error", summary: "A number that is infinite or not a number (.inf, .nan, 1e999)." },
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTICS;
export type Severity = "error" | "warning";

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  /** Path relative to the project root, forward slashes: `spec/admins.yaml`. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
  /** Length of the marked span on the line (for the code frame). */
  length?: number;
}

export function diagnostic(
  code: DiagnosticCode,
  message: string,
  at: { file: string; line: number; col: number; length?: number },
): Diagnostic {
  return { code, severity: DIAGNOSTICS[code].severity, message, ...at };
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
