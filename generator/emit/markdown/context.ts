/**
 * Where everything lives in the reference: page file names, anchor ids, and the page each named type
 * is written out on. A type used by exactly one resource is described on that resource's page, next
 * to the operations that use it; a type shared by several resources (or by none, like the error
 * types) is described once on `types.md`.
 */
import type {
  ApiModel,
  FieldModel,
  NamedTypeModel,
  OperationModel,
  ResourceModel,
  TypeRef,
} from "../../model/types.ts";
import { kebab } from "./text.ts";
import { namedRefs } from "../../model/type-ref.ts";

export const INDEX_PAGE = "index.md";
export const TYPES_PAGE = "types.md";

export interface DocsContext {
  model: ApiModel;
  types: ReadonlyMap<string, NamedTypeModel>;
  /** The page each named type is written out on (`admins.md`, `types.md`). */
  typePage: ReadonlyMap<string, string>;
  /** The types written out on each page, in the order a reader first meets them there. */
  typesByPage: ReadonlyMap<string, readonly string[]>;
}

export function resourcePage(resource: ResourceModel): string {
  return `${resource.slug}.md`;
}

/** `op-admins-get`, `op-help-centers-list`. */
export function operationAnchor(resource: ResourceModel, op: OperationModel): string {
  return `op-${resource.slug}-${kebab(op.name)}`;
}

/** `type-admin`, `type-cursor-pages`. */
export function typeAnchor(name: string): string {
  return `type-${kebab(name)}`;
}

/** A link target from `fromPage`: a bare fragment on the same page, else a relative `.md` link. */
export function href(fromPage: string, toPage: string, id?: string): string {
  if (toPage === fromPage && id) return `#${id}`;
  return id ? `./${toPage}#${id}` : `./${toPage}`;
}

export function typeLink(ctx: DocsContext, name: string, fromPage: string): string {
  const page = ctx.typePage.get(name);
  if (!page) throw new Error(`internal: named type '${name}' has no page`);
  return `[${name}](${href(fromPage, page, typeAnchor(name))})`;
}


export function fieldRefs(field: FieldModel): string[] {
  return [...namedRefs(field.type), ...(field.wireType ? namedRefs(field.wireType) : [])];
}

/** Named types an operation mentions directly, in the order its tables show them. */
export function operationRefs(op: OperationModel): string[] {
  return [
    ...op.input.flatMap(fieldRefs),
    ...(op.output.typeName ? [op.output.typeName] : []),
    ...op.output.fields.flatMap(fieldRefs),
  ];
}

export function buildContext(model: ApiModel): DocsContext {
  const types = new Map(model.types.map((t) => [t.name, t]));
  /** Every type reachable from `roots`, depth first, in first-met order. */
  const reach = (roots: string[]): string[] => {
    const seen = new Set<string>();
    const visit = (name: string) => {
      const t = types.get(name);
      if (!t || seen.has(name)) return;
      seen.add(name);
      if (t.kind === "object") t.fields.flatMap(fieldRefs).forEach(visit);
      else if (t.kind === "map") namedRefs(t.values).forEach(visit);
      else if (t.kind === "union") t.members.flatMap(namedRefs).forEach(visit);
    };
    roots.forEach(visit);
    return [...seen];
  };

  const reachedBy = new Map<string, string[]>();
  const order: string[] = [];
  for (const resource of model.resources)
    for (const name of reach(resource.operations.flatMap(operationRefs))) {
      if (!reachedBy.has(name)) order.push(name);
      reachedBy.set(name, [...(reachedBy.get(name) ?? []), resourcePage(resource)]);
    }
  // Types no operation reaches (the error types) go to the shared page, errors first.
  for (const name of reach([
    ...(model.errorType ? [model.errorType] : []),
    ...model.types.map((t) => t.name),
  ]))
    if (!reachedBy.has(name)) order.push(name);

  const typePage = new Map<string, string>();
  const typesByPage = new Map<string, string[]>();
  for (const name of order) {
    const pages = reachedBy.get(name) ?? [];
    const page = pages.length === 1 ? pages[0]! : TYPES_PAGE;
    typePage.set(name, page);
    typesByPage.set(page, [...(typesByPage.get(page) ?? []), name]);
  }
  return { model, types, typePage, typesByPage };
}
