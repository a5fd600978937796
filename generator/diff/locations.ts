/**
 * Where model entities are written in the spec: a small index from operations, types and API-level
 * entries to their spec file and YAML path, built from one side's checked spec. Lines are computed only
 * for the entities a finding points at, so an unchanged spec costs nothing here.
 */
import type { CheckedSpec } from "../spec-format/checked.ts";
import { locate, type PathSegment, type SpecSource } from "../load/load-spec.ts";

export interface SourceLine {
  file: string;
  line: number;
}

export class SpecIndex {
  private readonly operations = new Map<string, { source: SpecSource; index: number; namedOutput: string | undefined }>();
  private readonly types = new Map<string, SpecSource>();
  private readonly api: SpecSource;

  constructor(spec: CheckedSpec) {
    this.api = spec.api.source;
    for (const { value, source } of [spec.api, ...spec.resources])
      for (const name of Object.keys(value.types ?? {})) if (!this.types.has(name)) this.types.set(name, source);
    for (const { value, source } of spec.resources)
      value.operations.forEach((op, index) => {
        const namedOutput = typeof op.output === "string" ? op.output.trim() : undefined;
        this.operations.set(`${value.resource}.${op.name}`, { source, index, namedOutput });
      });
  }

  /** The operation (`- name: …` line), or a key inside it: `op("admins.get", "http", "path")`. */
  operation(fullName: string, ...at: PathSegment[]): SourceLine {
    const op = this.operations.get(fullName);
    if (!op) return this.apiEntry();
    return line(op.source, ["operations", op.index, ...at], at.length > 0);
  }

  /** An input's key line. */
  input(fullName: string, name: string, ...at: PathSegment[]): SourceLine {
    return this.operation(fullName, "input", name, ...at);
  }

  /** An output field: in the operation's inline field map, or in the named type its output is. */
  outputField(fullName: string, name: string, ...at: PathSegment[]): SourceLine {
    const op = this.operations.get(fullName);
    if (op?.namedOutput && this.types.has(op.namedOutput)) return this.type(op.namedOutput, "fields", name, ...at);
    return this.operation(fullName, "output", name, ...at);
  }

  /** A named type's key line, or a key inside it: `type("Admin", "fields", "email")`. */
  type(name: string, ...at: PathSegment[]): SourceLine {
    const source = this.types.get(name);
    if (!source) return this.apiEntry();
    return line(source, ["types", name, ...at], true);
  }

  /** An entry of api.yaml: `apiEntry("servers", 1)`, `apiEntry("auth")`. */
  apiEntry(...at: PathSegment[]): SourceLine {
    return line(this.api, at, at.length > 0);
  }
}

function line(source: SpecSource, at: PathSegment[], key: boolean): SourceLine {
  // A key that is not written (a default left out, a removed key) points at the entity that would hold it.
  let known = at.length;
  while (known > 0 && !source.doc.hasIn(at.slice(0, known))) known--;
  const path = at.slice(0, known);
  // A key names the entity; pointing at it (not its value) keeps block-style maps on the right line.
  const pos = locate(source, path, { key: (key || known < at.length) && typeof path[path.length - 1] === "string" });
  return { file: pos.file, line: pos.line };
}
