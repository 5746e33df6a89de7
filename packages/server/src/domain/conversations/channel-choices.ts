import type { ChannelBadge, UnavailableReason } from "@tandem/contract";
import type { PrincipalOf } from "../../auth/principal.js";
import { prepare } from "../../storage/prepared.js";
import { findClient } from "../clients.js";
import type { Domain } from "../context.js";

/** A channel staff could write to the client through, and why it cannot reach them now (or null). */
export interface ChannelOption {
  channel: ChannelBadge;
  /** The client's session on the channel, active or not. */
  sessionUid: string | null;
  reason: UnavailableReason | null;
}

const channelsOfBusiness = prepare<{ businessUid: string }>()((db, value) =>
  db
    .selectFrom("channels")
    .innerJoin("apps", "apps.id", "channels.app_id")
    .leftJoin("installations", (join) =>
      join
        .onRef("installations.app_id", "=", "channels.app_id")
        .onRef("installations.business_uid", "=", "channels.business_uid"),
    )
    .select([
      "channels.uid",
      "channels.display_name",
      "channels.status",
      "channels.created_at",
      "apps.code_name",
      "apps.unreachable",
      "installations.app_id as installed",
    ])
    .where("channels.business_uid", "=", value("businessUid"))
    .where("channels.status", "!=", "deleted")
    .orderBy("channels.created_at"),
);

const sessionsOfClient = prepare<{ clientUid: string }>()((db, value) =>
  db
    .selectFrom("sessions")
    .select(["uid", "channel_uid", "status"])
    .where("client_uid", "=", value("clientUid")),
);

/** The composer's dropdown: every channel of the business, reachable ones first, the rest with the reason. */
export async function channelChoices(
  domain: Domain,
  staff: PrincipalOf<"staff">,
  clientUid: string,
): Promise<ChannelOption[]> {
  await findClient(domain.db, staff.businessUid, clientUid);
  const channels = await channelsOfBusiness.all(domain.db, { businessUid: staff.businessUid });
  const sessions = await sessionsOfClient.all(domain.db, { clientUid });
  const sessionBy = new Map(sessions.map((session) => [session.channel_uid, session]));
  const options = channels.map((channel): ChannelOption => {
    const session = sessionBy.get(channel.uid);
    const reason: UnavailableReason | null = !channel.installed
      ? "app_uninstalled"
      : channel.status !== "active"
        ? "channel_inactive"
        : channel.unreachable
          ? "app_unreachable"
          : session?.status !== "active"
            ? "no_active_session"
            : null;
    return {
      channel: { uid: channel.uid, display_name: channel.display_name, app_code_name: channel.code_name },
      sessionUid: session?.uid ?? null,
      reason,
    };
  });
  return [...options.filter((option) => !option.reason), ...options.filter((option) => option.reason)];
}
