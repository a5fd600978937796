/** How generated client files are laid out: declarations separated by a blank line, imports kept together. */
import { StructureKind, type StatementStructures, type WriterFunction } from "ts-morph";

export type Statement = StatementStructures | WriterFunction | string;

const BLANK_LINE: WriterFunction = (writer) => writer.blankLineIfLastNot();

function isImport(statement: Statement): boolean {
  return typeof statement === "object" && statement.kind === StructureKind.ImportDeclaration;
}

/** ts-morph only spaces out block-like declarations; this puts a blank line between all of them. */
export function spaced(statements: readonly Statement[]): Statement[] {
  const out: Statement[] = [];
  statements.forEach((statement, i) => {
    const previous = statements[i - 1];
    if (previous !== undefined && !(isImport(previous) && isImport(statement))) out.push(BLANK_LINE);
    out.push(statement);
  });
  return out;
}
