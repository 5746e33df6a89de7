import type { ChannelBadge } from "@tandem/contract";
import type { Kysely } from "kysely";
import type { Database, MessageRow } from "../../storage/schema.js";

/** A message of a thread with the channel it went through, as staff tell channels apart. */
export interface ThreadEntry {
  message: MessageRow;
  channel: ChannelBadge;
}

/** Each channel's name and app, by channel uid, in one read. */
export async function channelBadges(
  db: Kysely<Database>,
  channelUids: readonly string[],
): Promise<Map<string, ChannelBadge>> {
  if (channelUids.length === 0) return new Map();
  const rows = await db
    .selectFrom("channels")
    .innerJoin("apps", "apps.id", "channels.app_id")
    .select(["channels.uid", "channels.display_name", "apps.code_name"])
    .where("channels.uid", "in", [...new Set(channelUids)])
    .execute();
  return new Map(
    rows.map((row) => [
      row.uid,
      { uid: row.uid, display_name: row.display_name, app_code_name: row.code_name },
    ]),
  );
}

/** A channel's badge, or a bare one naming only its uid when the channel is gone. */
export const badgeOf = (badges: ReadonlyMap<string, ChannelBadge>, channelUid: string): ChannelBadge =>
  badges.get(channelUid) ?? { uid: channelUid, display_name: "", app_code_name: "" };

/** The messages with their channels' badges, in their order. */
export async function threadEntries(db: Kysely<Database>, messages: MessageRow[]): Promise<ThreadEntry[]> {
  const badges = await channelBadges(
    db,
    messages.map((message) => message.channel_uid),
  );
  return messages.map((message) => ({ message, channel: badgeOf(badges, message.channel_uid) }));
}
