/**
 * The YAML printer's shortcut for scalars and keys (scalarTextWithoutJsYaml in emit/openapi/yaml.ts)
 * decides without js-yaml what js-yaml writes for the simplest strings (plain or single-quoted). Its
 * answer must always be js-yaml's, as a value and as a key: checked here against js-yaml itself, on the
 * strings nearest the rules' edges.
 */
import fc from "fast-check";
import { dump } from "js-yaml";
import { describe, expect, it } from "vitest";
import { scalarTextWithoutJsYaml } from "../generator/emit/openapi/yaml.ts";

const OPTIONS = { noRefs: true, lineWidth: -1 } as const;
const valueText = (text: string) => dump(text, OPTIONS).slice(0, -1);
const keyText = (text: string) => dump({ [text]: null }, OPTIONS);

/** Whether js-yaml writes `written` for `text`, both as a value and as a key. */
function jsYamlWrites(text: string, written: string): boolean {
  return valueText(text) === written && keyText(text) === `${written}: null\n`;
}

/** The shortcut's answer is js-yaml's, where it gives one. */
function expectJsYamlWhereAnswered(text: string): void {
  const written = scalarTextWithoutJsYaml(text);
  if (written !== undefined) expect(jsYamlWrites(text, written), JSON.stringify(text)).toBe(true);
}

/** Every printable ASCII character, and a few beyond, that a scalar's style can turn on. */
const CHARACTERS = [..." !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~", "\t", "\n", "\r", "\u007f", "é", "\u2028", "\ufeff"];

/** js-yaml's reserved spellings and near misses of them (numbers, dates, null and bool look-alikes). */
const WORDS = [
  ...["null", "Null", "NULL", "nULL", "~", "true", "True", "TRUE", "tRUE", "false", "False", "FALSE", "fALSE"],
  ...["y", "Y", "yes", "Yes", "YES", "yES", "on", "On", "ON", "oN", "n", "N", "no", "No", "NO", "nO", "off", "Off", "OFF", "oFF"],
  ...["1", "-1", "+1", "0x1F", "0o17", "0b101", "1_000", "_1", "_1_000", "1e3", ".5", ".inf", ".NaN", "Infinity", "NaN", "12:30", "_12:30"],
  ...["2024-01-01", "2024-01-01T00:00:00Z", "<<", "=", "a", "_", "/", "/a/{id}", "a b", "a  b", "a: b", "a:b", "a #b", "a#b", "a ", "a'b", "a\"b"],
];

describe("the YAML printer's plain-text shortcut", () => {
  it("agrees with js-yaml on reserved words, their near misses and every character in every position", () => {
    const candidates = [...WORDS];
    for (const c of CHARACTERS) candidates.push(c, `${c}a`, `a${c}`, `a${c}b`, `a${c} b`, `a ${c}b`, `/${c}`, `_${c}`, `#${c}`, `${c}'`);
    for (const c of CHARACTERS) for (const d of CHARACTERS) candidates.push(`${c}${d}`, `a${c}${d}`, `${c}${d}a`);
    for (const text of candidates) expectJsYamlWhereAnswered(text);
  });

  it("agrees with js-yaml on generated strings", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(fc.constantFrom(...CHARACTERS, ...WORDS), { maxLength: 8 }).map((parts) => parts.join(""))), (text) => {
        expectJsYamlWhereAnswered(text);
      }),
      { numRuns: 20_000 },
    );
  });

  it("answers for the common texts of a document: names, paths, references and sentences", () => {
    for (const text of ["operationId", "created_at", "/contacts/{contact_id}/companies/{id}", "The id Intercom gave the contact.", "application/json", "Contacts (copy 4)"])
      expect(scalarTextWithoutJsYaml(text), text).toBe(text);
    for (const text of ["#/components/schemas/X", "Success: the Admin.", "It's `x`: y", "- a", "a #b"]) {
      expect(scalarTextWithoutJsYaml(text), text).toBe(`'${text.replace(/'/g, "''")}'`);
      expectJsYamlWhereAnswered(text);
    }
  });

  it("leaves to js-yaml what needs more than these rules, and keys long enough to be written explicitly", () => {
    for (const text of ["", "200", "null", "yes", "a:b", "a#b", "Ünïcode", "a\nb", "x".repeat(1025)]) expect(scalarTextWithoutJsYaml(text), text).toBe(undefined);
  });
});
