/**
 * Names for the spec from the names an OpenAPI document uses: words, cases, and the operation-name rule.
 *
 * Operation names (the rule the README states):
 *   1. `x-opspec-name` (`contacts.listAll`, written by opspec's own OpenAPI emitter) is taken as it is.
 *      A list of names marks a route several spec operations share: it is split back into them, or,
 *      where its body cannot tell them apart, kept as one operation named from them (shared-route.ts).
 *   2. Otherwise the operationId, camelCased, minus the resource's word: `listAllContacts` in tag
 *      `Contacts` → `contacts.listAll`, `RetrieveACompanyById` in `Companies` → `companies.retrieveById`.
 *      The word is removed in its singular or plural form with an article right before it, and, when
 *      it ends the id, with the preposition before that (`attachContactToACompany` → `attachContact`).
 *      It stays where it follows another resource's head noun (`listCompanyNotes` in `Notes`: the
 *      company's notes) or sits mid-id after a preposition. A name that would be empty keeps the word.
 *   3. Without an operationId: the method and the path's fixed segments (`POST /export/reporting/enqueue`
 *      → `postExportReportingEnqueue`), with the same removal.
 *   4. Collisions within a resource, in document order: the later operation takes its whole camelCased
 *      operationId, then a number (`get2`, `get3`).
 */

/** Splits `listAllContacts`, `admin_with_app`, `IP Allowlist`, `URLInfo`, `v2-users` into words. */
export function words(text: string): string[] {
  return text
    .split(/[^A-Za-z0-9]+/)
    .flatMap((chunk) => chunk.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g) ?? [])
    .filter((w) => w !== "");
}

const capitalise = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

/** `admin_with_app` → `AdminWithApp`; `URLInfo` stays; all-capital names get lower case (`IP` → `Ip`) so they read as types. */
export function pascalCase(text: string): string {
  const ws = words(text);
  const joined = ws.map(capitalise).join("");
  return /[a-z]/.test(joined) ? joined : ws.map((w) => capitalise(w.toLowerCase())).join("");
}

/** `IP Allowlist` → `ipAllowlist`; `listAllContacts` stays. */
export function camelCase(text: string | string[]): string {
  const ws = typeof text === "string" ? words(text) : text;
  return ws.map((w, i) => (i === 0 ? w.toLowerCase() : capitalise(w))).join("");
}

/** `helpCenter` → `help-center` (file names). */
export function kebabCase(text: string): string {
  return words(text)
    .map((w) => w.toLowerCase())
    .join("-");
}

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const IDENTIFIER = /^[a-z][A-Za-z0-9]*$/;
/** Names that travel in a query, body or header (the spec format's `wire` alphabet). */
export const WIRE_NAME = /^[A-Za-z0-9_.\-$@]+$/;

export function isFieldName(name: string): boolean {
  return FIELD_NAME.test(name);
}

/** `pt-BR` → `pt_BR`, `$filter` → `_filter`, `2fa` → `_2fa`: characters outside letters, digits and `_` become `_`. */
export function sanitiseFieldName(name: string): string {
  let s = name.replace(/[^A-Za-z0-9_]+/g, "_");
  if (/^[0-9]/.test(s)) s = `_${s}`;
  if (/^_+$/.test(s) || s === "") s = "field";
  return s;
}

/** A camelCase identifier (operation and resource names): starts with a lower-case letter, at most 64 characters. */
export function identifier(ws: string[], fallback: string): string {
  // A leading digit is spelt out (`3D Secure` → threeDSecure); longer numbers get an `n`.
  const digits = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
  const spelt = ws.map((w, i) => (i === 0 && /^[0-9]$/.test(w) ? digits[Number(w)]! : w));
  let s = camelCase(spelt);
  if (/^[0-9]/.test(s)) s = `n${s}`;
  if (!IDENTIFIER.test(s)) s = fallback;
  return s.slice(0, 64);
}

/** A PascalCase type name (`^[A-Z][A-Za-z0-9]*$` with a lower-case letter). */
export function typeName(text: string, fallback = "Type"): string {
  let s = pascalCase(text);
  if (s === "") s = fallback;
  if (/^[0-9]/.test(s)) s = `T${s}`;
  if (!/[a-z]/.test(s)) s = `${s}Type`;
  return s.slice(0, 100);
}

export function singular(word: string): string {
  const w = word.toLowerCase();
  if (w.endsWith("ies") && w.length > 3) return `${w.slice(0, -3)}y`;
  if (/(ss|x|ch|sh|us)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith("s") && !w.endsWith("ss") && w.length > 1) return w.slice(0, -1);
  return w;
}

export function plural(word: string): string {
  const w = word.toLowerCase();
  if (/[^aeiou]y$/.test(w)) return `${w.slice(0, -1)}ies`;
  if (/(s|x|ch|sh)$/.test(w)) return `${w}es`;
  return `${w}s`;
}

/** The word sequences that stand for a resource: `Help Center` → [help, center], [help, centers]. */
export function resourceForms(resourceWords: string[]): string[][] {
  const ws = resourceWords.map((w) => w.toLowerCase());
  if (ws.length === 0) return [];
  const head = ws.slice(0, -1);
  const last = ws[ws.length - 1]!;
  const forms = [ws, [...head, singular(last)], [...head, plural(last)]];
  const seen = new Set<string>();
  return forms.filter((f) => {
    const key = f.join(" ");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const PREPOSITIONS = new Set(["to", "for", "from", "with", "of", "by", "in", "into", "on", "onto", "at", "via", "per", "within", "without", "about"]);
const ARTICLES = new Set(["a", "an", "the"]);

/**
 * Removes the resource's word from an operation's words (rule 2 above). `otherHeadNouns` holds the last
 * word (singular and plural) of every other resource's name.
 */
export function stripResourceWord(opWords: string[], resourceWords: string[], otherHeadNouns: ReadonlySet<string>): string[] {
  const lower = opWords.map((w) => w.toLowerCase());
  const forms = resourceForms(resourceWords).sort((a, b) => b.length - a.length);
  for (const form of forms) {
    for (let i = 0; i + form.length <= lower.length; i++) {
      if (!form.every((w, k) => lower[i + k] === w)) continue;
      // `listCompanyNotes` in Notes: the company's notes, not a way of listing.
      if (i > 1 && otherHeadNouns.has(lower[i - 1]!)) continue;
      let start = i;
      if (start > 0 && ARTICLES.has(lower[start - 1]!)) start--;
      if (start > 0 && PREPOSITIONS.has(lower[start - 1]!)) {
        // `attachContactToACompany` in Companies → attachContact; in the middle of an id the phrase stays.
        if (i + form.length !== lower.length) continue;
        start--;
      }
      const rest = [...opWords.slice(0, start), ...opWords.slice(i + form.length)];
      if (rest.length === 0) return opWords;
      return rest;
    }
  }
  return opWords;
}

/** Hands out unique names in call order: the first asker gets `name`, later ones `name2`, `name3`, … */
export class NameSet {
  readonly #taken = new Set<string>();
  constructor(taken: Iterable<string> = []) {
    for (const t of taken) this.#taken.add(t.toLowerCase());
  }
  has(name: string): boolean {
    return this.#taken.has(name.toLowerCase());
  }
  /** Takes the first free candidate, else the last one with a number. Case-insensitive (file names, TS identifiers). */
  take(...candidates: string[]): string {
    for (const c of candidates)
      if (!this.has(c)) {
        this.#taken.add(c.toLowerCase());
        return c;
      }
    const base = candidates[candidates.length - 1] ?? "name";
    for (let n = 2; ; n++) {
      const c = `${base}${n}`;
      if (!this.has(c)) {
        this.#taken.add(c.toLowerCase());
        return c;
      }
    }
  }
}

export { CLIENT_MEMBERS, CODE_RESERVED, OBJECT_RESERVED } from "../model/reserved-names.ts";
import { CODE_RESERVED } from "../model/reserved-names.ts";

/**
 * Type names: a type `X` generates `X`, `XSchema`, `XInput` and `XInputSchema`, so a name is free only
 * when none of those is taken (case-insensitively: doc anchors and file names ignore case).
 */
export class TypeNames {
  readonly #claimed = new Set<string>();

  /** Identifiers generated from other things (client names, operation inputs and outputs). */
  reserve(...identifiers: string[]): void {
    for (const i of identifiers) this.#claimed.add(i.toLowerCase());
  }

  /** The candidate, or for names the generated code reserves `<candidate>Object`, numbered when taken. */
  take(candidate: string): string {
    const base = CODE_RESERVED.includes(candidate) ? `${candidate}Object` : candidate;
    for (let n = 1; ; n++) {
      const c = n === 1 ? base : `${base}${n}`;
      const idents = [c, `${c}Schema`, `${c}Input`, `${c}InputSchema`];
      if (idents.some((i) => this.#claimed.has(i.toLowerCase()))) continue;
      this.reserve(...idents);
      return c;
    }
  }
}
