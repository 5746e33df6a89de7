import type { WriteContext } from "../../events/writer.js";
import { parseJson } from "../../storage/json-text.js";
import { findClient } from "../clients.js";
import type { Domain } from "../context.js";
import { threadEntries } from "../conversations/thread-entries.js";
import type { UpsertResult } from "./upsert.js";

/* What an upsert with an idempotency key did, kept so that a repeat answers it and sends nothing. */

export async function rememberUpsert(
  context: WriteContext,
  appId: string,
  businessUid: string,
  key: string,
  result: UpsertResult,
): Promise<void> {
  await context.db
    .insertInto("upsert_requests")
    .values({
      app_id: appId,
      business_uid: businessUid,
      idempotency_key: key,
      client_uid: result.client.uid,
      created: result.created ? 1 : 0,
      channel_uid: result.entries[0]?.channel.uid ?? null,
      message_uids: JSON.stringify(result.entries.map((entry) => entry.message.uid)),
      created_at: context.now,
    })
    .execute();
}

/** The first result of an upsert with this key, as it stands now; null when the key is new. */
export async function repeatedUpsert(
  domain: Domain,
  appId: string,
  businessUid: string,
  key: string,
): Promise<UpsertResult | null> {
  const request = await domain.db
    .selectFrom("upsert_requests")
    .selectAll()
    .where("app_id", "=", appId)
    .where("business_uid", "=", businessUid)
    .where("idempotency_key", "=", key)
    .executeTakeFirst();
  if (!request) return null;
  const uids = parseJson<string[]>(request.message_uids, []);
  const messages =
    uids.length === 0
      ? []
      : await domain.db.selectFrom("messages").selectAll().where("uid", "in", uids).orderBy("seq").execute();
  return {
    client: await findClient(domain.db, businessUid, request.client_uid),
    created: request.created === 1,
    entries: await threadEntries(domain.db, messages),
  };
}
