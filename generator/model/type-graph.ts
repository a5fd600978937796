/**
 * The type graph: which named types a type mentions, which an operation reaches, and on which side
 * (input, output). The one home for walking type references; emitters and the checker ask here.
 */
import { forEachNamedRef, namedRefs } from "./type-ref.ts";
import type { ApiModel, FieldModel, NamedTypeModel, OperationModel, ResourceModel, TypeRef } from "./types.ts";

/** The types a field may hold: its documented type and, where the API contradicts it, the wire type. */
export function fieldRefs(f: FieldModel): TypeRef[] {
  return f.wireType ? [f.type, f.wireType] : [f.type];
}

/** The type references fields hold, in field order (fieldRefs of each; a loop, as flatMap is slow in V8). */
function fieldsRefs(fields: readonly FieldModel[]): TypeRef[] {
  const refs: TypeRef[] = [];
  for (const f of fields) {
    refs.push(f.type);
    if (f.wireType) refs.push(f.wireType);
  }
  return refs;
}

/** The type references one named type holds directly. */
export function memberRefs(t: NamedTypeModel): TypeRef[] {
  switch (t.kind) {
    case "object":
      return fieldsRefs(t.fields);
    case "map":
      return [t.values];
    case "union":
      return t.members;
    case "enum":
      return [];
  }
}

/**
 * Named types directly referenced by a named type, in first-mention order. Listed once per type: a
 * model's types do not change once built, and the walks below ask again for every operation or page
 * that reaches a type (10,000 operations: about 90 ms listing them over and over).
 */
export function directDependencies(t: NamedTypeModel): readonly string[] {
  let names = directDependencyLists.get(t);
  if (!names) directDependencyLists.set(t, (names = [...new Set(memberRefs(t).flatMap(namedRefs))]));
  return names;
}

const directDependencyLists = new WeakMap<NamedTypeModel, readonly string[]>();

/** Every named type reachable from `roots` (the roots included), in discovery order. */
export function reachableTypes(roots: Iterable<TypeRef>, types: ReadonlyMap<string, NamedTypeModel>): string[] {
  const seen = new Set<string>();
  const stack = [...roots].flatMap(namedRefs).reverse();
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    const t = types.get(name);
    if (!t) continue;
    seen.add(name);
    const next = directDependencies(t);
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!);
  }
  return [...seen];
}

/** The type references an operation's input and output hold. */
export function operationRefs(op: OperationModel): { input: TypeRef[]; output: TypeRef[] } {
  const output: TypeRef[] = [];
  if (op.output?.typeName) output.push({ kind: "named", name: op.output.typeName });
  if (op.output?.wireTypeName) output.push({ kind: "named", name: op.output.wireTypeName });
  if (op.output && !op.output.typeName) output.push(...fieldsRefs(op.output.fields));
  return { input: fieldsRefs(op.input), output };
}

/** Named types an operation reaches, on either side. */
export function operationTypes(op: OperationModel, types: ReadonlyMap<string, NamedTypeModel>): string[] {
  const refs = operationRefs(op);
  return reachableTypes([...refs.input, ...refs.output], types);
}

/** Which named types operations reach from their inputs and from their outputs (transitively). */
export function computeTypeUsage(resources: readonly ResourceModel[], types: ReadonlyMap<string, NamedTypeModel>): ApiModel["typeUsage"] {
  const usage: ApiModel["typeUsage"] = {};
  for (const t of types.keys()) usage[t] = { input: false, output: false };
  // Only whether a type is reached counts here, not in what order: thousands of operations name the
  // same few types, so each side's roots are gathered as names, once each.
  const inputRoots = new Set<string>();
  const outputRoots = new Set<string>();
  const addInput = (name: string) => inputRoots.add(name);
  const addOutput = (name: string) => outputRoots.add(name);
  for (const r of resources)
    for (const op of r.operations) {
      const refs = operationRefs(op);
      for (const ref of refs.input) forEachNamedRef(ref, addInput);
      for (const ref of refs.output) forEachNamedRef(ref, addOutput);
    }
  const named = (names: Set<string>): TypeRef[] => [...names].map((name) => ({ kind: "named", name }));
  for (const name of reachableTypes(named(inputRoots), types)) usage[name]!.input = true;
  for (const name of reachableTypes(named(outputRoots), types)) usage[name]!.output = true;
  return usage;
}

/** The model's named types by name. */
export function typeIndex(model: Pick<ApiModel, "types">): Map<string, NamedTypeModel> {
  return new Map(model.types.map((t) => [t.name, t]));
}
