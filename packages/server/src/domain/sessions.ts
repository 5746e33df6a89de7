import { newUid } from "../clock.js";
import { AppError, notFound } from "../errors.js";
import { sessionStatusCall } from "../events/app-webhooks.js";
import type { WriteContext } from "../events/writer.js";
import type { ChannelRow, ClientRow, MatterRow, SessionRow, SessionStatus } from "../storage/schema.js";
import { type AppScope, businessForApp, channelForApp, type ListScope, sessionForApp } from "./app-scope.js";
import { resolveContact } from "./clients.js";
import type { Domain } from "./context.js";
import { setSessionStatus } from "./session-status.js";

export interface SessionInput {
  business_uid?: string;
  channel_uid: string;
  contact_uid: string;
  external_uid: string;
}

function requireActiveChannel(channel: ChannelRow, field = "channel_uid"): void {
  if (channel.status !== "active") {
    throw new AppError({ code: "invalid", field, message: `the channel is ${channel.status}, not active` });
  }
}

/** Inside an ongoing write: a new session row (open channels make theirs `active` at once). */
export async function insertSession(
  context: WriteContext,
  channel: ChannelRow,
  contact: { client: ClientRow; matter: MatterRow },
  externalUid: string,
  status: SessionStatus,
  /** Opened by Tandem for a message to the client's phone or email: the app has yet to name its id. */
  awaitingApp = false,
): Promise<SessionRow> {
  const session: SessionRow = {
    uid: newUid(),
    business_uid: channel.business_uid,
    channel_uid: channel.uid,
    client_uid: contact.client.uid,
    matter_uid: contact.matter.uid,
    external_uid: externalUid,
    status,
    awaiting_app: awaitingApp ? 1 : 0,
    created_at: context.now,
    updated_at: context.now,
  };
  await context.db.insertInto("sessions").values(session).execute();
  if (!contact.client.last_activity_at) {
    await context.db
      .updateTable("clients")
      .set({ last_activity_at: context.now })
      .where("uid", "=", contact.client.uid)
      .execute();
  }
  context.emit({ type: "session.updated", session });
  return session;
}

/** `POST /sessions`: the existing session again (200), a conflict (422), or a new pending one (201). */
export async function openSession(domain: Domain, scope: AppScope, input: SessionInput) {
  const businessUid = await businessForApp(domain, scope, input.business_uid);
  const channel = await channelForApp(domain, scope, input.channel_uid);
  if (channel.business_uid !== businessUid) throw notFound("channel", "channel_uid");
  requireActiveChannel(channel);
  const contact = await resolveContact(domain.db, businessUid, input.contact_uid);

  return domain.writer.run(async (context) => {
    const byClient = await context.db
      .selectFrom("sessions")
      .selectAll()
      .where("channel_uid", "=", channel.uid)
      .where("client_uid", "=", contact.client.uid)
      .executeTakeFirst();
    if (byClient) {
      if (byClient.external_uid !== input.external_uid) {
        throw new AppError({
          code: "already_exists",
          field: "contact_uid",
          uid: byClient.uid,
          message: `the client already has session ${byClient.uid} on this channel with another external_uid`,
        });
      }
      // A deleted session comes back to life through validation, like a new one.
      const session =
        byClient.status === "deleted"
          ? await setSessionStatus(context, byClient, "pending", channel.app_id)
          : byClient;
      return { session, created: false };
    }
    const byExternal = await context.db
      .selectFrom("sessions")
      .select("uid")
      .where("channel_uid", "=", channel.uid)
      .where("external_uid", "=", input.external_uid)
      .executeTakeFirst();
    if (byExternal) {
      throw new AppError({
        code: "already_exists",
        field: "external_uid",
        uid: byExternal.uid,
        message: `external_uid already belongs to session ${byExternal.uid} of another client on this channel`,
      });
    }
    return {
      session: await insertSession(context, channel, contact, input.external_uid, "pending"),
      created: true,
    };
  });
}

/** `PUT /sessions/{uid}`: activation is validated now (channel active → active, else inactive). */
export async function changeSessionStatus(
  domain: Domain,
  scope: AppScope,
  sessionUid: string,
  status: SessionStatus,
) {
  const { session, channel } = await sessionForApp(domain, scope, sessionUid, "uid");
  return domain.writer.run(async (context) => {
    const fresh = await context.db
      .selectFrom("sessions")
      .selectAll()
      .where("uid", "=", session.uid)
      .executeTakeFirstOrThrow();
    const target = status === "active" && channel.status !== "active" ? "inactive" : status;
    if (fresh.status === target && status === "active" && target === "inactive") {
      // Asked to activate on an inactive channel: the app still gets the verdict.
      context.emit({
        type: "session.updated",
        session: fresh,
        webhook: sessionStatusCall(fresh, channel.app_id),
      });
      return fresh;
    }
    return setSessionStatus(context, fresh, target, channel.app_id);
  });
}

/** Validation of a new session (SPEC §7): established but not yet active → `inactive`, by webhook. */
export async function validatePendingSession(domain: Domain, sessionUid: string): Promise<void> {
  await domain.writer.run(async (context) => {
    const session = await context.db
      .selectFrom("sessions")
      .selectAll()
      .where("uid", "=", sessionUid)
      .executeTakeFirst();
    if (!session || session.status !== "pending") return;
    const channel = await context.db
      .selectFrom("channels")
      .select("app_id")
      .where("uid", "=", session.channel_uid)
      .executeTakeFirstOrThrow();
    await setSessionStatus(context, session, "inactive", channel.app_id);
  });
}

/** The sessions a list reaches; whether a named business is in reach was settled by its scope. */
export async function findSessions(
  domain: Domain,
  scope: ListScope,
  filter: {
    channel_uid?: string | undefined;
    contact_uid?: string | undefined;
    external_uid?: string | undefined;
  },
) {
  let query = domain.db
    .selectFrom("sessions")
    .innerJoin("channels", "channels.uid", "sessions.channel_uid")
    .selectAll("sessions");
  if (scope.appId !== null) query = query.where("channels.app_id", "=", scope.appId);
  else {
    // The directory acts as the business's installed apps, as it does on a session it names.
    query = query.where("channels.app_id", "in", (eb) =>
      eb.selectFrom("installations").select("app_id").where("business_uid", "=", scope.businessUid),
    );
  }
  if (scope.businessUid !== null) query = query.where("sessions.business_uid", "=", scope.businessUid);
  else {
    query = query.where("sessions.business_uid", "in", (eb) =>
      eb.selectFrom("installations").select("business_uid").where("app_id", "=", scope.appId),
    );
  }
  if (filter.channel_uid) query = query.where("sessions.channel_uid", "=", filter.channel_uid);
  if (filter.external_uid) query = query.where("sessions.external_uid", "=", filter.external_uid);
  if (filter.contact_uid) {
    const contactUid = filter.contact_uid;
    query = query.where((eb) =>
      eb.or([eb("sessions.client_uid", "=", contactUid), eb("sessions.matter_uid", "=", contactUid)]),
    );
  }
  return query.orderBy("sessions.created_at").orderBy("sessions.uid").limit(100).execute();
}
