/**
 * The spec format's defaults: what a spec means where it leaves something out. The checker and the
 * model both read them from here.
 */
import type { HttpMethod, InputLocation, TypeRef } from "../model/types.ts";
import type { ApiFile, RawPagination } from "./schema.ts";

/** Where an input travels when the spec does not say: the query for methods without a body. */
export function defaultInputLocation(method: HttpMethod): InputLocation {
  return method === "GET" || method === "DELETE" ? "query" : "body";
}

/** Fills a field's type from `type`, `enum` or `const` (the checker made sure exactly one is there). */
export function fieldTypeText(f: { type?: string | undefined; enum?: string[] | undefined; const?: string | undefined }): TypeRef | string {
  if (f.enum !== undefined) return { kind: "enum", values: f.enum };
  if (f.const !== undefined) return { kind: "enum", values: [f.const] };
  return f.type ?? "object";
}

/** Pagination keys each style falls back to when neither the operation nor api.yaml gives them. */
const PAGINATION_FALLBACKS: Record<RawPagination["style"], Partial<RawPagination>> = {
  page: { page: "page" },
  offset: { offset: "offset", limit: "limit" },
  cursor: {},
  lastId: { hasMore: "has_more", id: "id" },
  link: {},
  scroll: {},
};

/** The operation's pagination with api.yaml's defaults for its style and the built-in fallbacks filled in. */
export function resolvePagination(raw: RawPagination, defaults: ApiFile["pagination"]): RawPagination {
  return { ...PAGINATION_FALLBACKS[raw.style], ...(defaults?.[raw.style] ?? {}), ...raw };
}
