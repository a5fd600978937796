/**
 * What `opspec init` writes: a small API that works end to end and shows the spec format's main
 * pieces: api.yaml with its conventions (servers, bearer auth, where errors carry their message, page
 * defaults), and one resource with a read, a write and a destructive operation, a named type shared by
 * them and a paginated list. Kept as literal text so the scaffold reads like a hand-written spec.
 */

export interface ScaffoldFile {
  /** Relative to the target folder, forward slashes. */
  path: string;
  contents: string;
}

export const SPEC_DIR = "spec";
export const OUT_DIR = "generated";
export const CONFIG_FILE = "opspec.config.ts";

const API_YAML = `# yaml-language-server: $schema=../${OUT_DIR}/spec.schema.json
# The API as a whole: its name (every generated name derives from it), servers, authentication and
# the conventions its operations share. One file per resource lists the operations (notes.yaml).
api: notes.api
title: Notes API
version: "1.0"
description: Notes that a team keeps, a small example API made by opspec init.
servers:
  - { name: production, url: "https://api.notes.example/v1" }
  - { name: sandbox, url: "https://sandbox.notes.example/v1" }
auth: bearer
errors:
  type: ErrorBody
  message: error.message
  code: error.code
pagination:
  cursor: { cursor: cursor, next: next_cursor }
resources: [notes]
types:
  ErrorBody:
    description: What the API answers with when a request fails.
    fields:
      error:
        type: ErrorDetail
        required: true
  ErrorDetail:
    fields:
      code: { type: string, required: true, example: not_found }
      message: { type: string, required: true, example: No note has this id. }
`;

const NOTES_YAML = `# yaml-language-server: $schema=../${OUT_DIR}/spec.schema.json
resource: notes
title: Notes
operations:
  - name: list
    summary: List notes
    description: The team's notes, newest first, one page at a time.
    risk: read
    http: { method: GET, path: /notes }
    input:
      limit: { type: number, format: integer, minimum: 1, maximum: 100, default: 20, description: Notes per page. }
      cursor: { type: string, description: Where the page starts (the previous page's next_cursor). }
    output:
      notes: { type: "Note[]", required: true }
      next_cursor: { type: "string | null", description: The next page's cursor; null on the last page. }
    pagination: { style: cursor, items: notes }

  - name: get
    summary: Retrieve a note
    risk: read
    http: { method: GET, path: "/notes/{id}" }
    input:
      id: { type: string, required: true, in: path, example: note_123 }
    output: Note

  - name: create
    summary: Create a note
    risk: write
    status: 201
    http: { method: POST, path: /notes }
    input:
      title: { type: string, required: true, minLength: 1, maxLength: 200, example: Release checklist }
      body: { type: string, description: "The text, in Markdown." }
      tags: { type: "string[]" }
    output: Note

  - name: delete
    summary: Delete a note
    description: Deletes the note for good.
    risk: destructive
    status: 204
    http: { method: DELETE, path: "/notes/{id}" }
    input:
      id: { type: string, required: true, in: path, example: note_123 }

types:
  Note:
    description: A note and when it was last changed.
    fields:
      id: { type: string, required: true, example: note_123 }
      title: { type: string, required: true, example: Release checklist }
      body: { type: string }
      tags: { type: "string[]" }
      status: { enum: [draft, published], required: true }
      updated_at: { type: string, format: date-time, required: true }
`;

const CONFIG_TS = `import { defineConfig } from "opspec";

// Every API this project generates: \`opspec generate\` regenerates them all, \`--check\` checks them all.
export default defineConfig({
  apis: [
    {
      spec: "${SPEC_DIR}", // api.yaml and one file per resource
      out: "${OUT_DIR}", // a package of its own (client, schemas, OpenAPI, docs, MCP server), replaced on every run
      // emit: { mcp: false, openapi: { versions: ["3.1"] } },
    },
  ],
});
`;

export function scaffoldFiles(): ScaffoldFile[] {
  return [
    { path: CONFIG_FILE, contents: CONFIG_TS },
    { path: `${SPEC_DIR}/api.yaml`, contents: API_YAML },
    { path: `${SPEC_DIR}/notes.yaml`, contents: NOTES_YAML },
  ];
}
