/**
 * Where everything lives in the reference: page file names, anchor ids, and the page each named type
 * is written out on. A type used by exactly one resource is described on that resource's page, next
 * to the operations that use it; a type shared by several resources (or by none, like the error
 * types) is described once on `types.md`. Reachability is the type graph's (model/type-graph.ts).
 */
import { kebabCase } from "../../model/naming.ts";
import { operationRefs, reachableTypes, typeIndex } from "../../model/type-graph.ts";
import type { ApiModel, NamedTypeModel, OperationModel, ResourceModel, TypeRef } from "../../model/types.ts";

export const INDEX_PAGE = "index.md";
export const TYPES_PAGE = "types.md";

/**
 * What a resource page reads of the model besides its resource: the named types (described and linked),
 * and for the examples the client's names, credentials, headers and servers, and the version.
 */
export type PageModel = Pick<ApiModel, "types" | "naming" | "auth" | "headers" | "servers" | "version">;

/** What the sections of a page (operations, types, fields) read: the model's page part, and where each type is written out. */
export interface PageContext {
  model: PageModel;
  types: ReadonlyMap<string, NamedTypeModel>;
  /** The page each named type is written out on (`admins.md`, `types.md`). */
  typePage: ReadonlyMap<string, string>;
}

export interface DocsContext extends PageContext {
  model: ApiModel;
  /** The types written out on each page, in the order a reader first meets them there. */
  typesByPage: ReadonlyMap<string, readonly string[]>;
}

export function resourcePage(resource: ResourceModel): string {
  return `${resource.slug}.md`;
}

/** `op-admins-get`, `op-help-centers-list`. */
export function operationAnchor(resource: ResourceModel, op: OperationModel): string {
  return `op-${resource.slug}-${kebabCase(op.name)}`;
}

/** `type-admin`, `type-cursor-pages`. */
export function typeAnchor(name: string): string {
  return `type-${kebabCase(name)}`;
}

/** A link target from `fromPage`: a bare fragment on the same page, else a relative `.md` link. */
export function href(fromPage: string, toPage: string, id?: string): string {
  if (toPage === fromPage && id) return `#${id}`;
  return id ? `./${toPage}#${id}` : `./${toPage}`;
}

/** The two ways a type's link is written: from the page its section is on, and from any other page. */
interface TypeLinks {
  page: string;
  here: string;
  elsewhere: string;
}

/**
 * The links to each named type, printed once per type rather than once per mention: at 10,000
 * operations the field tables link a named type 78,000 times (of 11,000 types), each time a page
 * lookup, an anchor and two template literals. By `typePage`, which is never changed once built.
 */
const linksByTypePage = new WeakMap<ReadonlyMap<string, string>, Map<string, TypeLinks>>();

/** A link to a named type's section (type names are PascalCase identifiers: nothing to escape). */
export function typeLink(ctx: PageContext, name: string, fromPage: string): string {
  let byName = linksByTypePage.get(ctx.typePage);
  if (!byName) linksByTypePage.set(ctx.typePage, (byName = new Map()));
  let links = byName.get(name);
  if (!links) {
    const page = ctx.typePage.get(name);
    if (!page) throw new Error(`internal: named type '${name}' has no page`);
    const id = typeAnchor(name);
    // From its own page a bare fragment; from any other ("" is none) a relative link.
    links = { page, here: `[${name}](${href(page, page, id)})`, elsewhere: `[${name}](${href("", page, id)})` };
    byName.set(name, links);
  }
  return links.page === fromPage ? links.here : links.elsewhere;
}

/**
 * The type references a resource's tables show that can name a type, operation by operation, inputs
 * first. The walk starts from the named types in these, in order; most references are primitives
 * (at 10,000 operations 31,000 of 45,000), which name none and are left out here.
 */
function tableRefs(resource: ResourceModel): TypeRef[] {
  const roots: TypeRef[] = [];
  const add = (ref: TypeRef): void => {
    if (ref.kind !== "primitive" && ref.kind !== "enum") roots.push(ref);
  };
  for (const op of resource.operations) {
    const refs = operationRefs(op);
    refs.input.forEach(add);
    refs.output.forEach(add);
  }
  return roots;
}

/**
 * Where each named type is written out. One walk of the type graph per resource, and for each type
 * only the first page that reaches it and whether another does.
 */
export function buildContext(model: ApiModel): DocsContext {
  const types = typeIndex(model);
  /** The page of the one resource that reached each type; `TYPES_PAGE` once a second resource does. */
  const reachedFrom = new Map<string, string>();
  const order: string[] = [];
  for (const resource of model.resources) {
    const page = resourcePage(resource);
    for (const name of reachableTypes(tableRefs(resource), types)) {
      const first = reachedFrom.get(name);
      if (first === undefined) {
        order.push(name);
        reachedFrom.set(name, page);
      } else reachedFrom.set(name, TYPES_PAGE);
    }
  }
  // Types no operation reaches (the error types) go to the shared page, errors first.
  const rest: TypeRef[] = [...(model.errors.typeName ? [model.errors.typeName] : []), ...model.types.map((t) => t.name)].map((name) => ({
    kind: "named",
    name,
  }));
  for (const name of reachableTypes(rest, types)) if (!reachedFrom.has(name)) order.push(name);

  const typePage = new Map<string, string>();
  const typesByPage = new Map<string, string[]>();
  for (const name of order) {
    const page = reachedFrom.get(name) ?? TYPES_PAGE;
    typePage.set(name, page);
    const onPage = typesByPage.get(page);
    if (onPage) onPage.push(name);
    else typesByPage.set(page, [name]);
  }
  return { model, types, typePage, typesByPage };
}
