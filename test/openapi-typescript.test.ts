/**
 * Other teams' generators consume generated/openapi/ (run `npm run generate` first): openapi-typescript
 * turns both documents into types, and a small consumer type-checks against them with strict tsc,
 * including what must NOT compile (`@ts-expect-error`).
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { OpenAPIObject } from "openapi3-ts/oas31";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GENERATED_DIR, ROOT } from "./helpers/spec.ts";

const run = promisify(execFile);
const BIN = (name: string) => path.join(ROOT, "node_modules/.bin", name);
const DOC_31 = path.join(GENERATED_DIR, "openapi/openapi.json");
const DOC_30 = path.join(GENERATED_DIR, "openapi/openapi-3.0.json");
const METHODS = ["get", "put", "post", "delete", "patch"] as const;

describe("openapi-typescript", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "opspec-openapi-ts-"));
    await Promise.all(
      [
        [DOC_31, "schema.ts"],
        [DOC_30, "schema30.ts"],
      ].map(([input, output]) => run(BIN("openapi-typescript"), [input!, "--output", path.join(dir, output!)], { cwd: ROOT })),
    );
  }, 60_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("types both documents so that a consumer compiles under strict tsc", async () => {
    const doc = JSON.parse(await readFile(DOC_31, "utf8")) as OpenAPIObject;
    const ids = Object.values(doc.paths ?? {}).flatMap((item) => METHODS.flatMap((m) => (item[m] ? [item[m].operationId!] : [])));
    for (const schema of ["schema", "schema30"]) await writeFile(path.join(dir, `consumer-${schema}.ts`), consumer(schema, ids));
    await writeFile(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", types: [], skipLibCheck: true },
        files: ["schema.ts", "schema30.ts", "consumer-schema.ts", "consumer-schema30.ts"],
      }),
    );
    const result = await run(BIN("tsc"), ["-p", path.join(dir, "tsconfig.json")], { cwd: dir }).then(
      () => "",
      (e: { stdout?: string }) => e.stdout ?? String(e),
    );
    expect(result).toBe("");
  }, 60_000);
});

/** A consumer of the generated types: each line states one promise the document makes. */
function consumer(schema: string, operationIds: string[]): string {
  return `import type { components, operations, paths } from "./${schema}.js";

type Schemas = components["schemas"];
type Json<T> = T extends { content: { "application/json": infer B } } ? B : never;

// Every operationId of the document is an \`operations\` key, and there are no others.
const operationIds = ${JSON.stringify(operationIds)} as const satisfies readonly (keyof operations)[];
type Unlisted = Exclude<keyof operations, (typeof operationIds)[number]>;
export const noneUnlisted: [Unlisted] extends [never] ? true : false = true;

// Named types: required fields are required, optional output fields take null, wire types are accepted.
export const admin: Schemas["Admin"] = { id: "1", name: null, avatar: { image_url: "https://example.com/a.png" } };
export const adminAvatarAsText: Schemas["Admin"] = { id: "1", avatar: "https://example.com/a.png" };
// @ts-expect-error \`id\` is required
export const adminWithoutId: Schemas["Admin"] = { name: "Ann" };
export const numericPartId: Schemas["ConversationPart"] = { id: 7 };
export const pagesNext: Schemas["CursorPages"]["next"] = { starting_after: "abc" };

// Parameters: path names as in the template, the version header from its enum.
export const getAdmin: operations["adminsGet"]["parameters"] = { path: { id: "1" }, header: { "Intercom-Version": "2.15" } };
// @ts-expect-error Intercom-Version takes only the versions listed
export const badVersion: operations["adminsGet"]["parameters"] = { path: { id: "1" }, header: { "Intercom-Version": "9.9" } };
export const contactsPage: NonNullable<operations["contactsList"]["parameters"]["query"]> = { per_page: 50, starting_after: "x" };

// Bodies use wire names; the document's own name is not accepted where the wire differs.
export const addTag: Json<operations["contactsAddTag"]["requestBody"]> = { id: "81" };
// @ts-expect-error \`tag_id\` travels as \`id\`
export const addTagByDocumentName: Json<operations["contactsAddTag"]["requestBody"]> = { tag_id: "81" };
// One operation serves assign, close and reopen; close's constant \`type: admin\` is required.
export const close: Json<operations["conversationsAssignOrCloseOrReopen"]["requestBody"]> = { admin_id: "1", type: "admin", message_type: "close" };

// Responses: outputs, and errors on the shared error type.
export const total: Json<paths["/contacts"]["get"]["responses"][200]>["total_count"] = null;
export const contacts: Json<paths["/contacts"]["get"]["responses"][200]>["data"] = [];
export const errorCode: string = ({} as Json<components["responses"]["NotFound"]>).errors[0]!.code;
export const rateLimited: components["responses"]["TooManyRequests"]["headers"]["X-RateLimit-Reset"] = 1734537430;
`;
}

