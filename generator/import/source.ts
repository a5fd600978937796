/**
 * The source document: read and bundled by swagger-parser (external `$ref`s pulled in, so every
 * reference left is local), plus lookups of local references with the JSON pointer they land on.
 */
import SwaggerParser from "@apidevtools/swagger-parser";
import { pointer, type WarningCode } from "./warnings.ts";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
export type Segments = readonly (string | number)[];

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A node of the source document and where it is. */
export interface Located<T = Json> {
  value: T;
  at: Segments;
}

export class SourceDocument {
  constructor(
    readonly doc: JsonObject,
    /** OpenAPI major.minor: `3.0`, `3.1`. */
    readonly version: string,
    readonly warn: (code: WarningCode, at: Segments, message: string) => void,
  ) {}

  /** Follows `$ref`s (a chain of them) from a node; a reference that leads nowhere is reported and gives undefined. */
  deref(node: Located): Located | undefined {
    let current = node;
    const seen = new Set<string>();
    while (isObject(current.value) && typeof current.value.$ref === "string") {
      const ref = current.value.$ref;
      if (seen.has(ref)) {
        this.warn("not-expressible", current.at, `$ref '${ref}' refers to itself`);
        return undefined;
      }
      seen.add(ref);
      const target = this.lookup(ref);
      if (!target) {
        this.warn("not-expressible", current.at, `$ref '${ref}' cannot be resolved`);
        return undefined;
      }
      current = target;
    }
    return current;
  }

  /** The node a local reference (`#/components/schemas/contact`) points at. */
  lookup(ref: string): Located | undefined {
    if (!ref.startsWith("#")) return undefined;
    const segments = refSegments(ref);
    let value: Json | undefined = this.doc;
    for (const s of segments) {
      if (Array.isArray(value)) value = value[Number(s)];
      else if (isObject(value)) value = Object.hasOwn(value, s) ? value[s] : undefined;
      else value = undefined;
      if (value === undefined) return undefined;
    }
    return { value, at: segments };
  }
}

/** `#/components/schemas/a~1b` → [components, schemas, a/b] (percent-decoding as URI fragments allow). */
export function refSegments(ref: string): string[] {
  const body = ref.replace(/^#\/?/, "");
  if (body === "") return [];
  return body.split("/").map((s) => {
    let decoded = s;
    try {
      decoded = decodeURIComponent(s);
    } catch {
      // not percent-encoded: keep as is
    }
    return decoded.replace(/~1/g, "/").replace(/~0/g, "~");
  });
}

export { pointer };

export class InputError extends Error {}

/**
 * Reads a JSON or YAML OpenAPI 3.x document and bundles its external references (local files only; no
 * network). Swagger 2.0 and anything that is not OpenAPI 3 are refused.
 */
export async function readOpenApi(file: string): Promise<{ doc: JsonObject; version: string }> {
  let bundled: unknown;
  try {
    const parser = new SwaggerParser();
    bundled = await parser.bundle(file, { resolve: { http: false } } as SwaggerParser.Options);
  } catch (err) {
    const message = firstLine((err as Error).message);
    if (/is not a valid (Openapi|Swagger) API definition/i.test(message)) throw new InputError(`${file} is not an OpenAPI 3.x document (no 'openapi: 3.x' field)`);
    const remote = /\$ref pointer "https?:/i.test(message) ? " (references over the network are not fetched: download them next to the document)" : "";
    throw new InputError(`cannot read ${file}: ${message}${remote}`);
  }
  if (!isObject(bundled)) throw new InputError(`${file} is not an OpenAPI document`);
  if (typeof bundled.swagger === "string")
    throw new InputError(`${file} is Swagger ${bundled.swagger}; convert it to OpenAPI 3 first (for example with swagger2openapi)`);
  const version = typeof bundled.openapi === "string" ? /^3\.(\d+)/.exec(bundled.openapi) : null;
  if (!version) throw new InputError(`${file} is not an OpenAPI 3.x document (no 'openapi: 3.x' field)`);
  if (!isObject(bundled.paths) && !isObject(bundled.webhooks)) throw new InputError(`${file} has no paths`);
  return { doc: bundled, version: `3.${version[1]}` };
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}
