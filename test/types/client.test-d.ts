/**
 * Type tests for the generated client. Never executed: test/client-types.test.ts compiles this file
 * with the TypeScript compiler, expects no error at all (so every `@ts-expect-error` below is needed:
 * an unused one is itself an error), and proves that each directive sits on a line that fails without it.
 * Keep every expected error on the single line right after its directive.
 */
import { expectTypeOf } from "vitest";
import * as z from "zod/mini";
import {
  apiDef,
  ApiError,
  createIntercomClient,
  IntercomError,
  operations,
  ValidationError,
  type ApiDef,
  type BaseClientOptions,
  type ClientOptions,
  type IntercomClient,
  type IntercomClientOptions,
  type OperationDef,
  type OperationInput,
  type OperationName,
  type OperationOutput,
} from "../../generated/client/index.ts";
import type {
  ActivityLog,
  AdminsGetOutput,
  AdminsListOutput,
  CompanyListItem,
  ContactListItem,
  ConversationListItem,
  ConversationsCloseInput,
} from "../../generated/schemas/index.ts";

export async function inputs(client: IntercomClient): Promise<void> {
  await client.admins.get({ id: "1" });
  // @ts-expect-error misspelt input field
  await client.admins.get({ idd: "1" });
  // @ts-expect-error misspelt optional field next to a good one
  await client.admins.setAway({ id: "1", away_mode_enabled: true, away_mode_reasign: true });
  // @ts-expect-error wrong type: id is a string
  await client.admins.get({ id: 1 });
  // @ts-expect-error wrong type: away_mode_enabled is a boolean
  await client.admins.setAway({ id: "1", away_mode_enabled: "yes" });
  // @ts-expect-error a required field is missing
  await client.admins.get({});
  // @ts-expect-error the input is required when something in it is
  await client.admins.get();
  // @ts-expect-error not one of the enum's values
  await client.conversations.reply({ id: "1", type: "bot", body: "Hi" });
  // @ts-expect-error the wire names are not the input's names
  await client.contacts.merge({ from: "a", into: "b" });
  await client.contacts.merge({ lead_id: "a", user_id: "b" });

  // Nothing required: the argument may be left out.
  await client.admins.list();
  await client.admins.identify();
  await client.companies.scroll.all();
  // Inputs with a default may be left out, and only take their own values.
  await client.conversations.close({ id: "1", admin_id: "2" });
  // @ts-expect-error message_type of a close can only be "close"
  await client.conversations.close({ id: "1", admin_id: "2", message_type: "open" });
  expectTypeOf<ConversationsCloseInput["message_type"]>().toEqualTypeOf<"close" | undefined>();

  // Request options.
  await client.admins.get({ id: "1" }, { signal: AbortSignal.timeout(1000), timeoutMs: 500, maxRetries: 0 });
  // @ts-expect-error unknown request option
  await client.admins.get({ id: "1" }, { retries: 1 });
}

export async function outputs(client: IntercomClient): Promise<void> {
  expectTypeOf(client.admins.get).returns.resolves.toEqualTypeOf<AdminsGetOutput>();
  const admin = await client.admins.get({ id: "1" });
  expectTypeOf(admin.id).toEqualTypeOf<string>();
  // @ts-expect-error id is a string, not a number
  const n: number = admin.id;
  void n;
  const list = await client.admins.list();
  expectTypeOf(list).toEqualTypeOf<AdminsListOutput>();
  expectTypeOf(list.admins[0]!.id).toEqualTypeOf<string>();

  // Auto-paging yields the items' own type.
  for await (const log of client.admins.listActivityLogs.all({ created_at_after: "1677253093" })) {
    expectTypeOf(log).toEqualTypeOf<ActivityLog>();
  }
  expectTypeOf(client.contacts.list.all).returns.toEqualTypeOf<AsyncIterable<ContactListItem>>();
  expectTypeOf(client.conversations.search.all).returns.toEqualTypeOf<AsyncIterable<ConversationListItem>>();
  expectTypeOf(client.companies.scroll.all).returns.toEqualTypeOf<AsyncIterable<CompanyListItem>>();
  // @ts-expect-error an operation without pagination has no .all
  void client.admins.get.all;
}

export async function byName(client: IntercomClient): Promise<void> {
  const admin = await client.call("admins.get", { id: "1" });
  expectTypeOf(admin).toEqualTypeOf<AdminsGetOutput>();
  expectTypeOf(admin).toEqualTypeOf<OperationOutput<"admins.get">>();
  const tag = await client.call("contacts.addTag", { contact_id: "1", tag_id: "2" });
  expectTypeOf(tag).toEqualTypeOf<OperationOutput<"contacts.addTag">>();
  expectTypeOf<OperationInput<"contacts.addTag">>().toEqualTypeOf<{ contact_id: string; tag_id: string }>();
  // @ts-expect-error the input narrows by name: contacts.addTag's fields are not admins.get's
  await client.call("admins.get", { contact_id: "1", tag_id: "2" });
  // @ts-expect-error unknown operation name
  await client.call("admins.nope", {});
  // @ts-expect-error admins.get needs its input
  await client.call("admins.get");
  await client.call("admins.list");
  await client.call("helpCenters.get", { id: 93 });
  // @ts-expect-error helpCenters.get takes a numeric id
  await client.call("helpCenters.get", { id: "93" });

  expectTypeOf<OperationName>().toExtend<string>();
  expectTypeOf<"admins.get">().toExtend<OperationName>();
  expectTypeOf(operations["admins.get"]).toEqualTypeOf<OperationDef<OperationInput<"admins.get">, OperationOutput<"admins.get">>>();
  expectTypeOf(operations["contacts.delete"].risk).toEqualTypeOf<"read" | "write" | "destructive">();
}

export function options(): void {
  createIntercomClient({ token: "t" });
  createIntercomClient({ token: "t", region: "eu", maxRisk: "destructive", timeoutMs: 1000, maxRetries: 1 });
  // The spec's header option, typed from its enum.
  createIntercomClient({ token: "t", version: "2.14" });
  createIntercomClient({ token: "t", version: "Unstable" });
  // @ts-expect-error not a version the spec lists
  createIntercomClient({ token: "t", version: "3.0" });
  // @ts-expect-error the token is a string
  createIntercomClient({ token: 1 });
  // @ts-expect-error options are required: the token is
  createIntercomClient();
  // @ts-expect-error unknown option
  createIntercomClient({ token: "t", regoin: "eu" });
  expectTypeOf<IntercomClientOptions>().toExtend<BaseClientOptions>();
  expectTypeOf<ClientOptions>().toEqualTypeOf<IntercomClientOptions>();
  expectTypeOf<IntercomClientOptions["region"]>().toEqualTypeOf<"us" | "eu" | "au" | undefined>();
  expectTypeOf(apiDef).toEqualTypeOf<ApiDef>();
  // Every error derives from the API's own base class (the runtime's ClientError, re-exported).
  expectTypeOf<ValidationError>().toExtend<IntercomError>();
  expectTypeOf<ApiError>().toExtend<IntercomError>();
  // @ts-expect-error an IntercomError is not necessarily an ApiError
  expectTypeOf<IntercomError>().toExtend<ApiError>();
  // @ts-expect-error unknown region
  createIntercomClient({ token: "t", region: "jp" });
  // @ts-expect-error the token is required
  createIntercomClient({ region: "us" });
  // @ts-expect-error not a risk level
  createIntercomClient({ token: "t", maxRisk: "everything" });
}

/** An operation's declared input type is what its input schema accepts, not what it parses to. */
export function operationDefinitions(): OperationDef[] {
  const withDefault = z.strictObject({ id: z.string(), limit: z._default(z.number(), 20) });
  const base = { name: "things.get", resource: "things", summary: "Get a thing", risk: "read", method: "GET", path: "/things/{id}", params: [] } as const;
  const accepted: OperationDef<z.input<typeof withDefault>> = { ...base, input: withDefault };
  const wider: OperationDef<{ id: string; limit?: number | undefined; extra?: boolean }> = { ...base, input: withDefault };
  expectTypeOf<z.input<typeof withDefault>>().toEqualTypeOf<{ id: string; limit?: number | undefined }>();
  // @ts-expect-error the parsed type requires limit, which callers may leave out
  const parsedType: OperationDef<z.output<typeof withDefault>> = { ...base, input: withDefault };
  // @ts-expect-error the schema takes a string id, not a number
  const wrongField: OperationDef<{ id: number }> = { ...base, input: withDefault };
  // @ts-expect-error an input needs a schema that parses
  const notASchema: OperationDef<{ id: string }> = { ...base, input: { "~standard": { types: { input: { id: "" } } } } };
  return [accepted, wider, parsedType, wrongField, notASchema];
}
