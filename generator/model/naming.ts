/**
 * Naming: the one home for case conversions and for the names every artifact derives from the API.
 * Emitters ask here; none builds a name of its own from the API's name.
 */
import { remembered } from "./memo.ts";
import type { NamingModel } from "./types.ts";

/** Splits `helpCenters`, `help_centers`, `Help Centers`, `HTMLPage`, `petstore.api` into lowercase words. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== "")
    .map((w) => w.toLowerCase());
}

/** `helpCenters` → `HelpCenters`; keeps inner capitals of camelCase input (`listActivityLogs` → `ListActivityLogs`). */
export const pascalCase: (name: string) => string = remembered(pascalCaseOnce);

function pascalCaseOnce(name: string): string {
  return name.replace(/(^|[_\-\s.])([a-zA-Z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

/** `Api-Version` → `apiVersion`, `X-API-Key` → `xApiKey`. */
export const camelCase: (name: string) => string = remembered(camelCaseOnce);

function camelCaseOnce(name: string): string {
  const parts = words(name);
  return parts.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join("");
}

/** `helpCenters` → `help-centers` (file names and URL slugs). */
export const kebabCase: (name: string) => string = remembered(kebabCaseOnce);

function kebabCaseOnce(name: string): string {
  return words(name).join("-");
}

/** `Petstore` → `PETSTORE`, `PetStore` → `PET_STORE`. */
export function screamingSnakeCase(name: string): string {
  return words(name).join("_").toUpperCase();
}

/** `listActivityLogs` → `list activity logs`. */
export const sentenceCase: (name: string) => string = remembered(sentenceCaseOnce);

function sentenceCaseOnce(name: string): string {
  return words(name).join(" ");
}

/** Every name derived from the API's dotted name (`petstore.api`), with the spec's optional overrides. */
export function deriveNaming(api: { api: string; name?: string; package?: string; serverOption?: string }): NamingModel {
  const stem = api.name ?? pascalCase(camelCase(api.api.split(".")[0] ?? api.api));
  const kebab = kebabCase(stem);
  return {
    stem,
    clientFactory: `create${stem}Client`,
    clientType: `${stem}Client`,
    clientOptions: `${stem}ClientOptions`,
    errorBase: `${stem}Error`,
    // From the dotted name, not the stem: `github.api` gives GITHUB_TOKEN (not GIT_HUB_TOKEN).
    envPrefix: screamingSnakeCase(api.api.split(".")[0] ?? api.api),
    packageName: api.package ?? `${kebab}-client`,
    mcpBin: `${kebab}-mcp`,
    serverOption: api.serverOption ?? "server",
  };
}
