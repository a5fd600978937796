/**
 * A parser for ../shared/seed/intercom-operations.txt, the document the spec mirrors. Kept independent
 * of the generator so that the mirror test compares two separate readings.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { SHARED_DIR } from "./spec.ts";

export interface SeedField {
  name: string;
  type: string;
  required: boolean;
}

export interface SeedTable {
  fields: SeedField[];
  /** Field names followed by "X full type" lines. */
  fullTypes: string[];
}

export interface SeedOperation {
  resourceTitle: string;
  name: string;
  fullName: string;
  summary: string;
  risk: string;
  input?: SeedTable;
  output: SeedTable;
}

export const SEED_FILE = path.join(SHARED_DIR, "seed/intercom-operations.txt");

const HEADER = "| Name | Type | Required | Description |";

export function parseSeed(text = readFileSync(SEED_FILE, "utf8")): SeedOperation[] {
  const lines = text.split("\n").map((l) => l.replace(/\r$/, ""));
  const ops: SeedOperation[] = [];
  let resourceTitle = "";
  let i = 1; // line 0 is the document's preamble
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === "") {
      i++;
      continue;
    }
    const next = lines[i + 1] ?? "";
    if (next.endsWith(`.${line}`) && /^[a-zA-Z]+\.[a-zA-Z]+$/.test(next)) {
      const tables: SeedTable[] = [];
      const risk = (lines[i + 3] ?? "").replace(/^Risk: /, "");
      const op = { resourceTitle, name: line, fullName: next, summary: lines[i + 2]!, risk };
      i += 4;
      while (i < lines.length && (lines[i] === HEADER || / full type$/.test(lines[i]!))) {
        if (lines[i] === HEADER) {
          i += 2; // header and |---| rule
          const fields: SeedField[] = [];
          while (i < lines.length && lines[i]!.endsWith(" | — |")) {
            const cells = lines[i]!.split(" | ");
            fields.push({ name: cells[0]!, type: cells.slice(1, -2).join(" | "), required: cells[cells.length - 2] === "Yes" });
            i++;
          }
          tables.push({ fields, fullTypes: [] });
        } else {
          const name = lines[i]!.replace(/ full type$/, "");
          const table = tables[tables.length - 1]!;
          if (!table.fullTypes.includes(name)) table.fullTypes.push(name);
          i++;
        }
      }
      ops.push(tables.length === 1 ? { ...op, output: tables[0]! } : { ...op, input: tables[0]!, output: tables[1]! });
      continue;
    }
    resourceTitle = line;
    i++;
  }
  return ops;
}
