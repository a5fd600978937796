/**
 * What the cross-file rules share: the diagnostics being collected, every named type, the names that
 * broken files declare (so one mistake does not cascade), and the parse of every type notation.
 */
import type { Diagnostic } from "../diagnostics/catalog.ts";
import { diagnostic, type DiagnosticCode, type DiagnosticData } from "../diagnostics/catalog.ts";
import { locate, type PathSegment, type SpecSource } from "../load/load-spec.ts";
import { namedRefs } from "../model/type-ref.ts";
import type { TypeRef } from "../model/types.ts";
import { closest } from "./did-you-mean.ts";
import type { RawField, RawType } from "../spec-format/schema.ts";
export { operationAt, type CheckedFile, type CheckedSpec } from "../spec-format/checked.ts";
import { parseTypeNotation, PRIMITIVE_NAMES } from "./type-notation.ts";

/** `at`, or its key `key` when given. */
function under(at: readonly PathSegment[], key: PathSegment | undefined): readonly PathSegment[] {
  return key === undefined ? at : [...at, key];
}

/** `{ suggestion }` when a close candidate exists, for did-you-mean data. */
export function suggest(word: string, candidates: Iterable<string>): { suggestion?: string } {
  const hit = closest(word, candidates);
  return hit ? { suggestion: hit } : {};
}

export interface TypeDef {
  name: string;
  raw: RawType;
  source: SpecSource;
  at: PathSegment[];
}

export class CheckContext {
  readonly out: Diagnostic[] = [];
  readonly types = new Map<string, TypeDef>();
  /** Type names declared by files whose shape is broken: references to them are not reported again. */
  readonly brokenTypeNames = new Set<string>();
  /** Files some of whose operations were left out as broken (so an empty list is not reported again). */
  readonly filesWithBrokenOperations = new Set<string>();
  readonly notations = new Map<string, TypeRef>();
  /**
   * Every notation's parse, by its trimmed text: a large spec writes the same few notations on
   * thousands of fields, and a parse depends on the text alone (what it names is judged per use).
   */
  readonly #parsedNotations = new Map<string, ReturnType<typeof parseTypeNotation>>();

  report<C extends DiagnosticCode>(code: C, data: DiagnosticData<C>, source: SpecSource, at: readonly PathSegment[], options: { key?: boolean } = {}): void {
    this.out.push(diagnostic(code, data, locate(source, at, options)));
  }

  knows(typeName: string): boolean {
    return this.types.has(typeName) || this.brokenTypeNames.has(typeName);
  }

  /**
   * Parses a type notation, records it, and reports malformed notation and unknown names at `at`, or
   * at its key `key` when given (the path is then built only for a report: there is one per field).
   */
  checkType(text: string, source: SpecSource, at: readonly PathSegment[], key?: PathSegment): TypeRef | undefined {
    const trimmed = text.trim();
    const r = this.#parse(trimmed);
    if (!r.ok) {
      if (r.code === "lone-word") {
        const suggestion = closest(r.word, [...PRIMITIVE_NAMES, ...this.types.keys()]);
        this.report("unknown-type", { name: r.word, loneWord: true, ...(suggestion ? { suggestion } : {}) }, source, under(at, key));
      } else this.report(r.code, { detail: r.message }, source, under(at, key));
      return undefined;
    }
    for (const ref of namedRefs(r.type))
      if (!this.knows(ref)) this.report("unknown-type", { name: ref, ...suggest(ref, this.types.keys()) }, source, under(at, key));
    this.notations.set(trimmed, r.type);
    return r.type;
  }

  /**
   * A notation's type, or undefined when it cannot be read; nothing reported. For the rules that follow
   * types after they were checked (paths, cycles): they read the same few notations thousands of times.
   */
  typeOf(text: string): TypeRef | undefined {
    const r = this.#parse(text.trim());
    return r.ok ? r.type : undefined;
  }

  #parse(trimmed: string): ReturnType<typeof parseTypeNotation> {
    let r = this.#parsedNotations.get(trimmed);
    if (r === undefined) {
      r = parseTypeNotation(trimmed);
      this.#parsedNotations.set(trimmed, r);
    }
    return r;
  }

  /** The object fields of a named type, or undefined when it is not an object type. */
  objectFields(name: string): Record<string, RawField> | undefined {
    const def = this.types.get(name);
    return def && "fields" in def.raw ? def.raw.fields : undefined;
  }
}
