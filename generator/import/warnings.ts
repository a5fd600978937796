/**
 * What the importer cannot carry over, declared once: a code and what it means. Each warning names one
 * construct by its JSON pointer into the source document (`#/paths/~1contacts/post/requestBody`).
 */
export const WARNINGS = {
  "unsupported-method": "HEAD, OPTIONS and TRACE operations have no spec equivalent; the operation is left out",
  "body-not-allowed": "GET and DELETE requests carry no body in the spec format; the body's fields are left out",
  "body-media-type": "the spec sends JSON bodies only",
  "body-not-object": "a body that is not a JSON object cannot become input fields; it is left out",
  "alternatives-merged": "a choice of object shapes (oneOf/anyOf) became one object; a field is required only where every shape requires it",
  "output-not-object": "an output must be an object; this response body is left out",
  "response-media-type": "the spec reads JSON responses only; this response body is left out",
  "no-success-response": "no 2xx response: the operation is written without an output",
  "extra-success-response": "more than one 2xx response; the first is kept",
  "response-header": "response headers have no spec equivalent (rate-limit, request-id and Link headers are read as API conventions)",
  "cookie-parameter": "cookie parameters have no spec equivalent; left out",
  "parameter-name": "this name cannot travel as a spec wire name; the parameter is left out",
  "parameter-serialization": "the spec sends query values in the default form style; this style, explode or content is not kept",
  "reserved-header": "Accept, Content-Type and Authorization parameters are ignored by OpenAPI and left out",
  "schema-keyword": "schema keywords with no spec equivalent are not kept",
  "format": "this format has no spec equivalent; the plain type is kept",
  "enum-value": "enum values the spec cannot hold are not kept",
  "any-value": "a schema that allows any value is written as string | number | boolean | object",
  "field-name": "a field name the spec cannot hold was changed",
  "default-value": "only string, number and boolean defaults are kept",
  "allof-conflict": "allOf members disagree; the first member's value is kept",
  "security": "this part of the security description has no spec equivalent",
  "server": "this server could not be written as it is",
  "pagination": "the operation looks like a list, but its paging is not recognised; no pagination is written",
  "not-expressible": "this construct has no spec equivalent and is left out",
  "unused-schema": "no operation uses this schema; it is left out",
  "invalid-risk": "x-risk is not read, write or destructive; the risk is inferred from the method",
  "error-shape": "error responses of this shape are not the API-wide error shape the spec records",
  "read-write-only": "readOnly and writeOnly have no spec equivalent: top-level body fields marked readOnly and output fields marked writeOnly are left out; inside named types that are both sent and read, the field goes both ways",
  "recursive-alias": "a schema that refers to itself without an object in between is written as object",
  "shared-route":
    "several spec operations share this method and path (x-opspec-name lists them): they are split back by the request body's branches, and what the document records only for the route as a whole (query and header parameters, success responses) goes to each; where the body cannot tell them apart, they stay one operation",
  "opspec-name": "x-opspec-name is neither a full operation name (resource.operation) nor a list of distinct ones; the operation is named as if it had none",
} as const;

export type WarningCode = keyof typeof WARNINGS;

export interface ImportWarning {
  code: WarningCode;
  /** JSON pointer into the source document: `#/paths/~1contacts/post/requestBody`. */
  pointer: string;
  /** What exactly was not carried over (the catalog's text says what it means in general). */
  message: string;
}

/**
 * `["paths", "/contacts", "post"]` → `#/paths/~1contacts/post` (RFC 6901 escaping). As in a URI
 * fragment, `%`, white space and control characters are percent-encoded, so a pointer prints as one
 * word (`#/components/schemas/x/properties/CX%20Score`).
 */
export function pointer(segments: readonly (string | number)[]): string {
  return `#${segments.map((s) => `/${escapeSegment(String(s))}`).join("")}`;
}

function escapeSegment(s: string): string {
  return s
    .replace(/~/g, "~0")
    .replace(/\//g, "~1")
    .replace(/[%\s\u0000-\u001f\u007f]/g, (c) => encodeURIComponent(c));
}

/** The segments of a pointer (the inverse of `pointer`). */
export function pointerSegments(p: string): string[] {
  if (p === "#" || p === "") return [];
  return p
    .replace(/^#\//, "")
    .split("/")
    .map((s) => {
      let decoded = s;
      try {
        decoded = decodeURIComponent(s);
      } catch {
        // a stray % stays as it is
      }
      return decoded.replace(/~1/g, "/").replace(/~0/g, "~");
    });
}

export class Warnings {
  readonly list: ImportWarning[] = [];
  readonly #seen = new Set<string>();

  add(code: WarningCode, at: string, message: string): void {
    const key = `${code} ${at} ${message}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.list.push({ code, pointer: at, message });
  }
}
