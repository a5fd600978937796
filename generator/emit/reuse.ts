/**
 * Emitted texts reused from one run to the next while their inputs read the same: what lets a watch
 * save re-print only the files whose part of the model changed (an edit to one resource file leaves
 * the other resources' schema files, client files and pages as they were).
 *
 * An emitted text is a pure function of the model parts it is printed from. Each text has a slot (its
 * output path) that remembers the parts it was last printed from and the text. The next run asking
 * for the slot gets that text back only if every part is the same as last time by the watch memo's own
 * test (incremental/watch-state.ts): equal V8 serialisations, so equal values, `undefined` members,
 * key order, Map and array contents, all of it; primitives by `Object.is`. The caller names the parts
 * and gets them back as the arguments of `print`, which reads nothing else: the parts are the whole key.
 *
 * Each part is serialised on its own (once per object: several emitters key by the same resource in
 * one run), so what is compared is each part's content, not which objects two parts share; the
 * emitters read the model as data and never compare its objects by identity. Model objects are never
 * changed once built, so an object's serialisation stays valid as long as the object lives.
 *
 * Nothing is serialised on a slot's first run: the parts are kept by reference and serialised only
 * when a later run has something to compare them with. A one-shot run (the CLI) pays for a Map entry
 * per file, holding texts it holds anyway; it neither serialises nor keeps anything more.
 */
import { serialize } from "node:v8";

/** A model part a text is printed from: a model object (or array, or Map), or a primitive. */
export type Part = object | string | number | boolean | undefined;

interface Printed {
  parts: readonly Part[];
  text: string;
}

/** The slots, by output path; emptied when it holds this many (a long session renaming resources). */
const SLOT_LIMIT = 20_000;
const slots = new Map<string, Printed>();

/** Each object's serialisation, made at most once; `null` when it cannot be serialised (then it is never the same). */
const serialized = new WeakMap<object, Buffer | null>();

function serialization(part: object): Buffer | null {
  let bytes = serialized.get(part);
  if (bytes === undefined) {
    try {
      bytes = serialize(part);
    } catch {
      bytes = null;
    }
    serialized.set(part, bytes);
  }
  return bytes;
}

function samePart(before: Part, now: Part): boolean {
  if (Object.is(before, now)) return true;
  if (typeof before !== "object" || typeof now !== "object") return false;
  const a = serialization(before);
  const b = serialization(now);
  if (a === null || b === null) return false;
  if (a === b) return true;
  if (!a.equals(b)) return false;
  // Equal bytes: `now` takes the earlier serialisation, so that comparing the two again (a part several
  // texts are keyed by, such as a resource) is one identity check. Only the bytes are shared, never the
  // earlier object, which a map from one object to the other would keep alive, with its own earlier
  // one, save after save (a test holds a model in a WeakRef to see it collected).
  serialized.set(now, a);
  return true;
}

function sameParts(before: readonly Part[], now: readonly Part[]): boolean {
  if (before.length !== now.length) return false;
  for (let i = 0; i < now.length; i++) if (!samePart(before[i], now[i])) return false;
  return true;
}

/**
 * The text `print(...parts)` returns: the one printed for `slot` last time if the parts are the same
 * as then, else printed now (and remembered for the next run).
 */
export function reusedText<const P extends readonly Part[]>(slot: string, parts: P, print: (...parts: P) => string): string {
  const last = slots.get(slot);
  if (last && sameParts(last.parts, parts)) {
    // The new parts become the ones to compare with next time: the old model can go.
    last.parts = parts;
    return last.text;
  }
  const text = print(...parts);
  if (!last && slots.size >= SLOT_LIMIT) slots.clear();
  slots.set(slot, { parts, text });
  return text;
}

/** Pieces of a larger text (reusedPiece), by slot. */
const pieces = new Map<string, { parts: readonly Part[]; value: unknown }>();

/**
 * Whether reusedPiece keeps what it printed. Its parts are built for the print and would otherwise
 * die with it, so keeping them costs memory (a 1,000-operation OpenAPI document: about 30 MB of peak
 * RSS): only a process that runs again keeps them (a watch session: incremental/watch-state.ts).
 */
let piecesKept = false;

/** From now on, reusedPiece keeps what it prints for the next run. */
export function keepReusedPieces(): void {
  piecesKept = true;
}

/** Whether reusedPiece keeps what it prints: a caller need not gather the parts of a piece that nothing will compare. */
export function reusedPiecesKept(): boolean {
  return piecesKept;
}

/**
 * A piece of a larger text, by the same rule as reusedText: `print`'s answer for `slot` last time if
 * the parts are the same as then, else `print` run now. The caller writes the piece into its text
 * itself: `reused` says whether `print` ran (and wrote it) or the answer is last run's (to be written).
 * For a text that cannot be split into files, such as the OpenAPI document, where a save changes one
 * member and the others are the same. The parts may be values built for this print (not model
 * parts): like model parts, they are kept by reference and serialised only when a later run compares,
 * and only in a process that runs again (keepReusedPieces).
 */
export function reusedPiece<const P extends readonly Part[], R>(slot: string, parts: P, print: (...parts: NoInfer<P>) => R): { value: R; reused: boolean } {
  if (!piecesKept) return { value: print(...parts), reused: false };
  const last = pieces.get(slot);
  if (last && sameParts(last.parts, parts)) {
    last.parts = parts;
    return { value: last.value as R, reused: true };
  }
  const value = print(...parts);
  if (!last && pieces.size >= SLOT_LIMIT) pieces.clear();
  pieces.set(slot, { parts, value });
  return { value, reused: false };
}

/** Forgets every slot: the next run prints everything (tests compare that with a run that reused texts). */
export function forgetReusedTexts(): void {
  slots.clear();
  pieces.clear();
}
