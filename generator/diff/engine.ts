/**
 * The diff engine: walks two ApiModels once, pairs up what they hold (the API, servers, headers,
 * operations, their inputs and outputs, named types) and asks every rule of rules.ts about each pair.
 * The result is one list of changes in a stable order; printers only format it.
 *
 * Named types are judged once per direction (what callers send, what they read) and each change inside
 * one is reported on every operation that reaches the type on both sides, at the path it is reached
 * by (`output.data[].email`). Prose inside named types is reported once, at the type.
 */
import type { PathSegment } from "../load/load-spec.ts";
import type { ApiModel, FieldModel, NamedTypeModel, OperationModel, TypeRef } from "../model/types.ts";
import { CHANGES, fillTemplate, type Change, type ChangeCode } from "./catalog.ts";
import type { SourceLine, SpecIndex } from "./locations.ts";
import {
  API_RULES,
  FIELD_RULES,
  HEADER_RULES,
  OPERATION_RULES,
  SERVER_RULES,
  TYPE_BODY_RULES,
  TYPE_RULES,
  routeKey,
  type Direction,
  type FieldPair,
  type Pair,
  type Report,
  type ReportOptions,
  type Rule,
  type Side,
} from "./rules.ts";
import type { TypeLookup } from "./type-relation.ts";

/** One side of the comparison: its model, and where its entities are written. */
export interface DiffSide {
  model: ApiModel;
  index: SpecIndex;
}

/** Where a pair's findings go: the operation (or null), the entity's path, and how to find its line. */
interface Target {
  operation: string | null;
  path: string;
  /** The entity's line on one side, optionally below it (`["http", "method"]`). */
  line(side: Side, at: PathSegment[]): SourceLine;
  /** The side whose line is shown by default: head, or base when the entity is gone. */
  side: Side;
}

/** A change inside a named type, waiting to be reported on each operation that reaches the type. */
interface Pending {
  code: ChangeCode;
  params: Record<string, string>;
  /** Below the path the type is reached by: `.email`, or "" for the type as a whole. */
  subPath: string;
  at: SourceLine;
}

export function diffModels(base: DiffSide, head: DiffSide): Change[] {
  return new Walk(base, head).run();
}

class Walk {
  private readonly out: Change[] = [];
  private readonly seen = new Set<string>();
  private readonly types: { base: TypeLookup; head: TypeLookup };
  private readonly pendingByType = new Map<string, Pending[]>();
  /** `direction type` keys already reported on some operation (the rest are reported once at the type). */
  private readonly reported = new Set<string>();
  /** Named types on both sides whose definitions differ: the only ones worth finding operations for. */
  private readonly changedTypes = new Set<string>();
  private readonly reach: { base: Reach; head: Reach };

  constructor(
    private readonly base: DiffSide,
    private readonly head: DiffSide,
  ) {
    this.types = { base: byName(base.model.types), head: byName(head.model.types) };
    for (const [name, h] of this.types.head) {
      const b = this.types.base.get(name);
      if (b && !sameData(b, h)) this.changedTypes.add(name);
    }
    this.reach = { base: new Reach(this.types.base, this.changedTypes), head: new Reach(this.types.head, this.changedTypes) };
  }

  run(): Change[] {
    this.api();
    this.operations();
    this.errorBodies();
    this.namedTypes();
    return this.out;
  }

  // ─── Asking rules ─────────────────────────────────────────────────────────────────────────────────

  private ask<P>(rules: readonly Rule<P>[], pair: P, target: Target): void {
    const report: Report = (code, params = {}, options = {}) => this.emit(code, params, target, options);
    for (const rule of rules) rule.check(pair, report);
  }

  private emit(code: ChangeCode, params: Record<string, string>, target: Target, options: ReportOptions): void {
    const path = [target.path, options.path].filter(Boolean).join(".");
    const at = target.line(options.side ?? target.side, options.at ?? []);
    this.push(code, params, target.operation, path, at);
  }

  private push(code: ChangeCode, params: Record<string, string>, operation: string | null, path: string, at: SourceLine): void {
    const kind = CHANGES[code];
    const change: Change = {
      code,
      severity: kind.severity,
      operation,
      path,
      message: fillTemplate(kind.message, params),
      params,
      file: at.file,
      line: at.line,
    };
    const key = `${code}\0${operation}\0${path}\0${change.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.out.push(change);
  }

  private index(side: Side): SpecIndex {
    return side === "base" ? this.base.index : this.head.index;
  }

  // ─── The API as a whole ───────────────────────────────────────────────────────────────────────────

  private api(): void {
    const b = this.base.model;
    const h = this.head.model;
    this.ask(API_RULES, { base: b, head: h }, { operation: null, path: "", side: "head", line: (side, sub) => this.index(side).apiEntry(...sub) });

    for (const { base, head } of pairBy(b.servers, h.servers, (s) => s.name)) {
      const name = (head ?? base)!.name;
      const position = (side: Side) => (side === "base" ? b : h).servers.findIndex((s) => s.name === name);
      this.ask(SERVER_RULES, { base, head }, {
        operation: null,
        path: `servers.${name}`,
        side: head ? "head" : "base",
        line: (side, sub) => this.index(side).apiEntry("servers", position(side), ...sub),
      });
    }
    for (const { base, head } of pairBy(b.headers, h.headers, (x) => x.name.toLowerCase())) {
      const name = (head ?? base)!.name;
      this.ask(HEADER_RULES, { base, head }, {
        operation: null,
        path: `headers.${name}`,
        side: head ? "head" : "base",
        line: (side, sub) => this.index(side).apiEntry("headers", ((side === "base" ? base : head) ?? base ?? head)!.name, ...sub),
      });
    }
  }

  // ─── Operations ───────────────────────────────────────────────────────────────────────────────────

  private operations(): void {
    for (const { base, head, renamedFrom } of pairOperations(this.base.model, this.head.model)) {
      const fullName = (head ?? base)!.fullName;
      const nameOn = (side: Side) => (side === "base" ? base : head)?.fullName ?? fullName;
      if (base && head && !renamedFrom && sameData(base, head)) {
        if (this.changedTypes.size > 0) this.reportReachedTypes(fullName, this.reach.base.ofOperation(base), this.reach.head.ofOperation(head));
        continue;
      }
      this.ask(OPERATION_RULES, { base, head, ...(renamedFrom ? { renamedFrom } : {}) }, {
        operation: fullName,
        path: "",
        side: head ? "head" : "base",
        line: (side, sub) => this.index(side).operation(nameOn(side), ...sub),
      });
      if (base && head) this.operationBody(base, head);
    }
  }

  private operationBody(base: OperationModel, head: OperationModel): void {
    const operation = head.fullName;
    for (const { base: b, head: h, renamedFrom } of pairInputs(base, head)) {
      const name = (h ?? b)!.name;
      this.askField(
        { base: b, head: h, direction: "input", role: "Input", field: name, operationInput: true, ...(renamedFrom ? { renamedFrom } : {}) },
        {
          operation,
          path: `input.${name}`,
          side: h ? "head" : "base",
          line: (side, sub) =>
            side === "base" ? this.base.index.input(base.fullName, (b ?? h)!.name, ...sub) : this.head.index.input(head.fullName, (h ?? b)!.name, ...sub),
        },
      );
    }
    // An output that is the same named type on both sides is judged at that type (below), once for all its users.
    const sameNamedOutput = base.output?.typeName !== undefined && base.output.typeName === head.output?.typeName;
    if (base.output && head.output && !sameNamedOutput)
      for (const { base: b, head: h } of pairBy(base.output.fields, head.output.fields, (f) => f.name)) {
        const name = (h ?? b)!.name;
        this.askField(
          { base: b, head: h, direction: "output", role: "Output field", field: name, operationInput: false },
          {
            operation,
            path: `output.${name}`,
            side: h ? "head" : "base",
            line: (side, sub) => (side === "base" ? this.base.index.outputField(base.fullName, name, ...sub) : this.head.index.outputField(head.fullName, name, ...sub)),
          },
        );
      }
    if (this.changedTypes.size > 0) this.reportReachedTypes(operation, this.reach.base.ofOperation(base), this.reach.head.ofOperation(head));
  }

  private askField(pair: Omit<FieldPair, "types">, target: Target): void {
    if (pair.renamedFrom === undefined && sameData(pair.base, pair.head)) return;
    this.ask(FIELD_RULES, { ...pair, types: this.types }, target);
  }

  /** Changes inside named types an operation reaches on both sides, reported at the head's path to each. */
  private reportReachedTypes(operation: string | null, base: Map<string, string>, head: Map<string, string>): void {
    for (const [key, path] of head) {
      if (!base.has(key)) continue;
      const [direction, name] = key.split(" ") as [Direction, string];
      if (!this.changedTypes.has(name)) continue;
      const pending = this.typeChanges(direction, name);
      if (pending.length === 0) continue;
      this.reported.add(key);
      for (const p of pending) this.push(p.code, p.params, operation, `${path}${p.subPath}`, p.at);
    }
  }

  /** Error bodies are read by every caller: the error type's changes are reported once, under `errors`. */
  private errorBodies(): void {
    const roots = (m: ApiModel, reach: Reach) =>
      m.errors.typeName ? reach.from([["output", { kind: "named", name: m.errors.typeName }, "errors"]]) : new Map<string, string>();
    this.reportReachedTypes(null, roots(this.base.model, this.reach.base), roots(this.head.model, this.reach.head));
  }

  // ─── Named types ──────────────────────────────────────────────────────────────────────────────────

  /** What changed inside a named type present on both sides, judged for one direction (prose left out). */
  private typeChanges(direction: Direction, name: string): Pending[] {
    const key = `${direction} ${name}`;
    let pending = this.pendingByType.get(key);
    if (pending) return pending;
    pending = [];
    this.pendingByType.set(key, pending);
    const b = this.types.base.get(name);
    const h = this.types.head.get(name);
    if (!b || !h || !this.changedTypes.has(name)) return pending;
    const collect =
      (subPath: string, line: (side: Side, at: PathSegment[]) => SourceLine, defaultSide: Side): Report =>
      (code, params = {}, options = {}) => {
        if (CHANGES[code].severity === "docs") return;
        pending.push({ code, params, subPath: options.path ? `${subPath}.${options.path}` : subPath, at: line(options.side ?? defaultSide, options.at ?? []) });
      };
    const typeLine = (side: Side, at: PathSegment[]) => this.index(side).type(name, ...at);
    for (const rule of TYPE_BODY_RULES) rule.check({ base: b, head: h, direction, types: this.types }, collect("", typeLine, "head"));
    if (b.kind === "object" && h.kind === "object")
      for (const pair of pairBy(b.fields, h.fields, (f) => f.name)) {
        const field = (pair.head ?? pair.base)!.name;
        const fieldPair: FieldPair = {
          ...pair,
          direction,
          role: direction === "input" ? "Input field" : "Output field",
          field: `${name}.${field}`,
          operationInput: false,
          types: this.types,
        };
        const report = collect(`.${field}`, (side, at) => this.index(side).type(name, "fields", field, ...at), pair.head ? "head" : "base");
        if (!sameData(pair.base, pair.head)) for (const rule of FIELD_RULES) rule.check(fieldPair, report);
      }
    return pending;
  }

  /**
   * Types added and removed, prose inside types (once, at the type), and changes inside types that no
   * operation reaches on both sides (once, at `types.<Name>`, judged by how the head uses the type).
   */
  private namedTypes(): void {
    for (const { base, head } of pairBy(this.base.model.types, this.head.model.types, (t) => t.name)) {
      const name = (head ?? base)!.name;
      const target: Target = { operation: null, path: `types.${name}`, side: head ? "head" : "base", line: (side, sub) => this.index(side).type(name, ...sub) };
      this.ask(TYPE_RULES, { base, head }, target);
      if (!base || !head || !this.changedTypes.has(name)) continue;
      if (base.kind === "object" && head.kind === "object")
        for (const pair of pairBy(base.fields, head.fields, (f) => f.name)) {
          if (!pair.base || !pair.head || sameData(pair.base, pair.head)) continue;
          const field = pair.head.name;
          const fieldPair: FieldPair = { ...pair, direction: "output", role: "Field", field: `${name}.${field}`, operationInput: false, types: this.types };
          const report: Report = (code, params = {}, options = {}) => {
            if (CHANGES[code].severity !== "docs") return;
            this.push(code, params, null, `types.${name}.${field}`, this.head.index.type(name, "fields", field, ...(options.at ?? [])));
          };
          for (const rule of FIELD_RULES) rule.check(fieldPair, report);
        }
      if (this.reported.has(`output ${name}`) || this.reported.has(`input ${name}`)) continue;
      // No operation reaches it on both sides: judged the way the head uses it (as read when unused).
      const usage = this.head.model.typeUsage[name];
      const directions: Direction[] = usage?.input ? (usage.output ? ["input", "output"] : ["input"]) : ["output"];
      for (const direction of directions)
        for (const p of this.typeChanges(direction, name)) this.push(p.code, p.params, null, `types.${name}${p.subPath}`, p.at);
    }
  }
}

/**
 * Deep equality of model data (plain objects, arrays, scalars), ignoring `file` (where an entity is
 * written is no part of the contract, and differs between two folders). Rules report nothing for an
 * entity equal on both sides, so the engine skips them: an unchanged spec costs one comparison per entity.
 */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameData(x, b[i]));
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => k === "file" || (Object.hasOwn(b, k) && sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])));
}

// ─── Pairing ──────────────────────────────────────────────────────────────────────────────────────

function byName(types: readonly NamedTypeModel[]): Map<string, NamedTypeModel> {
  return new Map(types.map((t) => [t.name, t]));
}

/** Pairs items by key: head's order first (matched and added), then what only base has. */
function pairBy<T>(base: readonly T[], head: readonly T[], key: (t: T) => string): Pair<T>[] {
  const baseByKey = new Map(base.map((t) => [key(t), t]));
  const headKeys = new Set(head.map(key));
  const out: Pair<T>[] = head.map((h) => {
    const b = baseByKey.get(key(h));
    return b ? { base: b, head: h } : { head: h };
  });
  for (const b of base) if (!headKeys.has(key(b))) out.push({ base: b });
  return out;
}

/**
 * Operations by full name; an operation that disappeared under one name and appeared under another with
 * the same method and path was renamed.
 */
function pairOperations(base: ApiModel, head: ApiModel): (Pair<OperationModel> & { renamedFrom?: string })[] {
  const ops = (m: ApiModel) => m.resources.flatMap((r) => r.operations);
  const pairs: (Pair<OperationModel> & { renamedFrom?: string })[] = pairBy(ops(base), ops(head), (o) => o.fullName);
  const removedByRoute = new Map<string, number>();
  pairs.forEach((p, i) => {
    if (p.base && !p.head) {
      const route = routeKey(p.base.method, p.base.path);
      if (!removedByRoute.has(route)) removedByRoute.set(route, i);
    }
  });
  const claimed = new Set<number>();
  for (const p of pairs) {
    if (p.base || !p.head) continue;
    const i = removedByRoute.get(routeKey(p.head.method, p.head.path));
    if (i === undefined || claimed.has(i)) continue;
    claimed.add(i);
    p.base = pairs[i]!.base;
    p.renamedFrom = p.base!.fullName;
  }
  return pairs.filter((_, i) => !claimed.has(i));
}

/**
 * Inputs by name; one that disappeared and one that appeared and travel the same way were renamed: the
 * same wire name in the same place, or (path parameters, whose names never travel) the same place in the path.
 */
function pairInputs(base: OperationModel, head: OperationModel): (Pair<FieldModel> & { renamedFrom?: string })[] {
  const pairs: (Pair<FieldModel> & { renamedFrom?: string })[] = pairBy(base.input, head.input, (f) => f.name);
  const wire = (f: FieldModel, op: OperationModel) =>
    f.location === "path" ? `path #${[...op.path.matchAll(/\{([^}]*)\}/g)].findIndex((m) => m[1] === f.name)}` : `${f.location} ${f.wireName}`;
  const claimed = new Set<number>();
  for (const p of pairs) {
    if (p.base || !p.head) continue;
    const added = wire(p.head, head);
    const i = pairs.findIndex((q, j) => !claimed.has(j) && q.base && !q.head && wire(q.base, base) === added);
    if (i < 0) continue;
    claimed.add(i);
    p.base = pairs[i]!.base;
    p.renamedFrom = p.base!.name;
  }
  return pairs.filter((_, i) => !claimed.has(i));
}

// ─── Reach ────────────────────────────────────────────────────────────────────────────────────────

/**
 * Which changed named types an operation reaches, and by which path. Each named type's own closure (the
 * changed types below it, with the first path breadth first) is computed once per side and shared by
 * every operation that mentions the type, so a large spec costs one walk per type, not one per operation.
 */
class Reach {
  private readonly closures = new Map<string, Map<string, string>>();

  constructor(
    private readonly types: TypeLookup,
    private readonly changed: ReadonlySet<string>,
  ) {}

  /** Keyed `direction Name` (changed types only), each with the path it is first reached by. */
  ofOperation(op: OperationModel): Map<string, string> {
    const roots: [Direction, TypeRef, string][] = op.input.map((f) => ["input", f.type, `input.${f.name}`]);
    if (op.output?.typeName) roots.push(["output", { kind: "named", name: op.output.typeName }, "output"]);
    else if (op.output) for (const f of op.output.fields) roots.push(["output", f.type, `output.${f.name}`]);
    return this.from(roots);
  }

  from(roots: [Direction, TypeRef, string][]): Map<string, string> {
    const found = new Map<string, string>();
    for (const [direction, type, path] of roots)
      for (const [name, at] of namedIn(type, path))
        for (const [changed, rel] of this.closure(name)) {
          const key = `${direction} ${changed}`;
          if (!found.has(key)) found.set(key, `${at}${rel}`);
        }
    return found;
  }

  private closure(start: string): Map<string, string> {
    let out = this.closures.get(start);
    if (out) return out;
    out = new Map();
    this.closures.set(start, out);
    const seen = new Set<string>();
    const queue: [string, string][] = [[start, ""]];
    for (let i = 0; i < queue.length; i++) {
      const [name, rel] = queue[i]!;
      if (seen.has(name)) continue;
      seen.add(name);
      if (this.changed.has(name) && !out.has(name)) out.set(name, rel);
      const def = this.types.get(name);
      if (def?.kind === "object") for (const f of def.fields) queue.push(...namedIn(f.type, `${rel}.${f.name}`));
      else if (def?.kind === "map") queue.push(...namedIn(def.values, `${rel}.*`));
      else if (def?.kind === "union") for (const m of def.members) queue.push(...namedIn(m, rel));
    }
    return out;
  }
}

/** The named types a type expression mentions, each with its path (`[]` for every list level). */
function namedIn(t: TypeRef, path: string): [string, string][] {
  switch (t.kind) {
    case "named":
      return [[t.name, path]];
    case "array":
      return namedIn(t.items, `${path}[]`);
    case "union":
      return t.members.flatMap((m) => namedIn(m, path));
    default:
      return [];
  }
}
