/**
 * The spec mirrors the source document: for each of its 51 operations, the same name, summary, risk,
 * and input and output fields (name, type in the document's notation, required flag, order), and every
 * nested type the document elides ("… full type") is written out as a named type.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { ApiModel, FieldModel, OperationModel, TypeRef } from "../generator/model/types.ts";
import { parseSeed, type SeedOperation, type SeedTable } from "./helpers/seed.ts";
import { loadModel } from "./helpers/spec.ts";

const seed = parseSeed();
let model: ApiModel;
let byName: Map<string, OperationModel>;

beforeAll(async () => {
  model = await loadModel();
  byName = new Map(model.resources.flatMap((r) => r.operations.map((op) => [op.fullName, op] as const)));
});

const fieldsOf = (fields: readonly FieldModel[]) => fields.map((f) => ({ name: f.name, type: f.docType, required: f.required }));

function namedTarget(type: TypeRef): string | undefined {
  if (type.kind === "named") return type.name;
  if (type.kind === "array") return namedTarget(type.items);
  return undefined;
}

describe("the seed document parser", () => {
  it("reads 51 operations in 7 resources", () => {
    expect(seed).toHaveLength(51);
    expect([...new Set(seed.map((o) => o.resourceTitle))]).toEqual([
      "Admins", "Articles", "Collections", "Companies", "Contacts", "Conversations", "Help Centers",
    ]);
  });
});

describe("spec/ mirrors the document", () => {
  it("has no operation the document does not list", () => {
    const documented = new Set(seed.map((o) => o.fullName));
    const extra = model.resources.flatMap((r) => r.operations.map((o) => o.fullName)).filter((n) => !documented.has(n));
    expect(extra, `not in ../shared/seed/intercom-operations.txt: ${extra.join(", ")} (add it to the document too, or keep it out of spec/)`).toEqual([]);
  });

  it("has the same operations, in the same order, under the same resources", () => {
    expect(model.resources.flatMap((r) => r.operations.map((o) => `${r.title}/${o.fullName}`))).toEqual(
      seed.map((o) => `${o.resourceTitle}/${o.fullName}`),
    );
    expect(model.name).toBe("intercom.api");
  });

  describe.each(seed.map((o) => [o.fullName, o] as [string, SeedOperation]))("%s", (fullName, doc) => {
    it("has the document's name, summary and risk", () => {
      const op = byName.get(fullName)!;
      expect(op, `${fullName} is missing from spec/`).toBeDefined();
      expect({ name: op.name, summary: op.summary, risk: op.risk, qualified: op.qualifiedName }).toEqual({
        name: doc.name,
        summary: doc.summary,
        risk: doc.risk,
        qualified: `intercom.api.${fullName}`,
      });
    });

    it("has the document's inputs and outputs (name, type, required, order)", () => {
      const op = byName.get(fullName)!;
      expect(fieldsOf(op.input)).toEqual(doc.input?.fields ?? []);
      expect(fieldsOf(op.output?.fields ?? [])).toEqual(doc.output.fields);
    });

    it("writes out every elided full type as a named type", () => {
      const op = byName.get(fullName)!;
      const check = (table: SeedTable | undefined, fields: readonly FieldModel[]) => {
        for (const name of table?.fullTypes ?? []) {
          const field = fields.find((f) => f.name === name);
          const target = field && namedTarget(field.type);
          expect(target, `${fullName}: '${name}' should reference a named type`).toBeDefined();
          const def = model.types.find((t) => t.name === target);
          expect(def, `${fullName}: type ${target} is not defined`).toBeDefined();
          expect(["object", "map", "union"]).toContain(def!.kind);
          if (def!.kind === "object") expect(def!.fields.length).toBeGreaterThan(0);
        }
      };
      check(doc.input, op.input);
      check(doc.output, op.output?.fields ?? []);
    });
  });
});
