import type { ChannelBadge, UnavailableReason } from "@tandem/contract";
import type { Kysely } from "kysely";
import type { PrincipalOf } from "../../auth/principal.js";
import { prepare } from "../../storage/prepared.js";
import type { ClientRow, Database } from "../../storage/schema.js";
import { findClient } from "../clients.js";
import type { Domain } from "../context.js";

/** A channel staff could write to the client through, and why it cannot reach them now (or null). */
export interface ChannelOption {
  channel: ChannelBadge;
  /** The client's session on the channel, active or not. */
  sessionUid: string | null;
  reason: UnavailableReason | null;
  /**
   * Reachable with no session yet: an open channel, whose app is sent the client's phone and email
   * with the first message (SPEC §10).
   */
  opensSession: boolean;
}

/** Who a choice is for: a stored client, or one an upsert is about to create (no uid yet). */
export type Addressee = Pick<ClientRow, "phone" | "email"> & { uid: string | null };

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
      "apps.open_channel",
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

/** Every channel of the business for one addressee, reachable ones first, the rest with the reason. */
export async function choicesFor(
  db: Kysely<Database>,
  businessUid: string,
  addressee: Addressee,
): Promise<ChannelOption[]> {
  const channels = await channelsOfBusiness.all(db, { businessUid });
  const sessions = addressee.uid ? await sessionsOfClient.all(db, { clientUid: addressee.uid }) : [];
  const sessionBy = new Map(sessions.map((session) => [session.channel_uid, session]));
  const addressable = Boolean(addressee.phone || addressee.email);
  const options = channels.map((channel): ChannelOption => {
    const session = sessionBy.get(channel.uid);
    const opensSession = !session && channel.open_channel === 1 && addressable;
    const reason: UnavailableReason | null = !channel.installed
      ? "app_uninstalled"
      : channel.status !== "active"
        ? "channel_inactive"
        : channel.unreachable
          ? "app_unreachable"
          : session?.status !== "active" && !opensSession
            ? "no_active_session"
            : null;
    return {
      channel: { uid: channel.uid, display_name: channel.display_name, app_code_name: channel.code_name },
      sessionUid: session?.uid ?? null,
      reason,
      opensSession: opensSession && reason === null,
    };
  });
  return [...options.filter((option) => !option.reason), ...options.filter((option) => option.reason)];
}

/** The composer's dropdown: every channel of the business, reachable ones first, the rest with the reason. */
export async function channelChoices(
  domain: Domain,
  staff: PrincipalOf<"staff">,
  clientUid: string,
): Promise<ChannelOption[]> {
  const client = await findClient(domain.db, staff.businessUid, clientUid);
  return choicesFor(domain.db, staff.businessUid, client);
}
