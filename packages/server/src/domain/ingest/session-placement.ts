import type { Kysely } from "kysely";
import { AppError } from "../../errors.js";
import type { WriteContext } from "../../events/writer.js";
import { prepare } from "../../storage/prepared.js";
import type { ChannelRow, Database, SessionRow } from "../../storage/schema.js";
import { addressSession, setSessionStatus } from "../session-status.js";
import { insertSession } from "../sessions.js";
import { contactForNewSession } from "./contact.js";
import type { IncomingMessageInput } from "./incoming.js";

const sessionByExternalUid = prepare<{ channelUid: string; externalUid: string }>()((db, value) =>
  db
    .selectFrom("sessions")
    .selectAll()
    .where("channel_uid", "=", value("channelUid"))
    .where("external_uid", "=", value("externalUid")),
);

/** Names the session of a (channel, external_uid) pair in the maps of sessions found together. */
export const sessionKey = (channelUid: string, externalUid: string) => `${channelUid} ${externalUid}`;

/** SQLite: the sessions of many (channel, external_uid) pairs, by `sessionKey`, each read alone. */
export async function sessionsByExternalUid(
  db: Kysely<Database>,
  pairs: ReadonlyArray<{ channelUid: string; externalUid: string }>,
): Promise<Map<string, SessionRow>> {
  const sessions = new Map<string, SessionRow>();
  for (const pair of pairs) {
    const session = await sessionByExternalUid.first(db, pair);
    if (session) sessions.set(sessionKey(session.channel_uid, session.external_uid), session);
  }
  return sessions;
}

/** The session an incoming message belongs to; open channels open (or reopen) one by themselves. */
export async function sessionForIncoming(
  context: WriteContext,
  channel: ChannelRow,
  openChannel: boolean,
  input: IncomingMessageInput,
): Promise<SessionRow> {
  const session = await sessionByExternalUid.first(context.db, {
    channelUid: channel.uid,
    externalUid: input.external_uid,
  });
  if (session?.status === "active") return session;
  if (!openChannel) {
    throw new AppError({
      code: "invalid",
      field: "external_uid",
      message: session
        ? `session ${session.uid} of this external_uid is ${session.status}, not active; activate it first`
        : "no session for this external_uid on the channel; open one first",
    });
  }
  if (session) return setSessionStatus(context, session, "active", channel.app_id, false);
  const contact = await contactForNewSession(context, channel, input);
  const existing = await context.db
    .selectFrom("sessions")
    .selectAll()
    .where("channel_uid", "=", channel.uid)
    .where("client_uid", "=", contact.client.uid)
    .executeTakeFirst();
  // Opened for a message to the client's phone or email: the client's first reply names them.
  if (existing?.awaiting_app) return addressSession(context, existing, input.external_uid);
  if (existing) {
    throw new AppError({
      code: "already_exists",
      field: "external_uid",
      uid: existing.uid,
      message: `the client already has session ${existing.uid} on this channel under another external_uid`,
    });
  }
  return insertSession(context, channel, contact, input.external_uid, "active");
}
