import { sessionStatusCall } from "../events/app-webhooks.js";
import type { WriteContext } from "../events/writer.js";
import type { SessionRow, SessionStatus } from "../storage/schema.js";

/** Every session status change goes through here; `pending` is internal, the app hears the outcome. */
export async function setSessionStatus(
  context: WriteContext,
  session: SessionRow,
  status: SessionStatus,
  appId: string,
  notifyApp = status !== "pending",
): Promise<SessionRow> {
  if (session.status === status) return session;
  const updated: SessionRow = { ...session, status, updated_at: context.now };
  // Compare-and-set, as for channels: a concurrent change wins once and is announced once.
  const result = await context.db
    .updateTable("sessions")
    .set({ status, updated_at: context.now })
    .where("uid", "=", session.uid)
    .where("status", "=", session.status)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    return context.db
      .selectFrom("sessions")
      .selectAll()
      .where("uid", "=", session.uid)
      .executeTakeFirstOrThrow();
  }
  context.emit({
    type: "session.updated",
    session: updated,
    webhook: notifyApp ? sessionStatusCall(updated, appId) : undefined,
  });
  return updated;
}

/**
 * A session Tandem opened for a message to the client's phone or email gets the app's own id of the
 * client: from the app's first report on it, or its first message from the client. Until then its
 * external_uid is that phone or email (kept when the app names none, or names one taken).
 */
export async function addressSession(
  context: WriteContext,
  session: SessionRow,
  externalUid: string | undefined,
): Promise<SessionRow> {
  if (!session.awaiting_app) return session;
  let named = externalUid && externalUid !== session.external_uid ? externalUid : session.external_uid;
  if (named !== session.external_uid) {
    const taken = await context.db
      .selectFrom("sessions")
      .select("uid")
      .where("channel_uid", "=", session.channel_uid)
      .where("external_uid", "=", named)
      .executeTakeFirst();
    if (taken) named = session.external_uid;
  }
  const updated: SessionRow = {
    ...session,
    external_uid: named,
    awaiting_app: 0,
    status: "active",
    updated_at: context.now,
  };
  await context.db
    .updateTable("sessions")
    .set({ external_uid: named, awaiting_app: 0, status: "active", updated_at: context.now })
    .where("uid", "=", session.uid)
    .execute();
  context.emit({ type: "session.updated", session: updated });
  return updated;
}
