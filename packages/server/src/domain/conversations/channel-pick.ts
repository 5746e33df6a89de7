import type { Kysely } from "kysely";
import { AppError, notFound } from "../../errors.js";
import type { Database } from "../../storage/schema.js";
import type { ChannelOption } from "./channel-choices.js";

/** What a sender may ask for: a channel uid, an app's code name, or the best channel there is. */
export const BEST_CHANNEL = "best";

/** When each channel last carried a message of the client's: the measure of "best". */
async function latestActivityByChannel(db: Kysely<Database>, clientUid: string | null) {
  if (!clientUid) return new Map<string, string>();
  const rows = await db
    .selectFrom("messages")
    .select(["channel_uid", (eb) => eb.fn.max("created_at").as("latest")])
    .where("client_uid", "=", clientUid)
    .groupBy("channel_uid")
    .execute();
  return new Map(rows.map((row) => [row.channel_uid, String(row.latest)]));
}

/** 422 with one error per channel, each saying why it cannot reach the client (the dropdown's reasons). */
function noneCanReach(options: readonly ChannelOption[], field: string): AppError {
  if (options.length === 0) {
    return new AppError({ code: "invalid", field, message: "the business has no channel to send through" });
  }
  return new AppError(
    options.map((option) => ({
      code: "invalid" as const,
      field,
      uid: option.channel.uid,
      message: `${option.channel.display_name} (${option.channel.app_code_name}) cannot reach the client: ${option.reason ?? "no_active_session"}`,
    })),
  );
}

/**
 * The channel a message goes through: the one named (by uid, or the app's channel that can reach the
 * client), or with `best` the reachable channel that carried the client's latest message (channels
 * with a session before those that would open one, then in the business's order).
 */
export async function pickChannel(
  db: Kysely<Database>,
  options: readonly ChannelOption[],
  requested: string,
  clientUid: string | null,
  field = "channel",
): Promise<ChannelOption> {
  const candidates =
    requested === BEST_CHANNEL
      ? options
      : options.filter(
          (option) => option.channel.uid === requested || option.channel.app_code_name === requested,
        );
  if (requested !== BEST_CHANNEL && candidates.length === 0) throw notFound("channel", field);
  const reachable = candidates.filter((option) => !option.reason);
  if (reachable.length === 0) throw noneCanReach(candidates, field);
  const latest = await latestActivityByChannel(db, clientUid);
  const rank = (option: ChannelOption) => latest.get(option.channel.uid) ?? "";
  const [best] = [...reachable].sort(
    (a, b) => rank(b).localeCompare(rank(a)) || Number(a.opensSession) - Number(b.opensSession),
  );
  return best as ChannelOption;
}
