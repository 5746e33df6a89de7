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
