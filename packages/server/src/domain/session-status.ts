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
  await context.db
    .updateTable("sessions")
    .set({ status, updated_at: context.now })
    .where("uid", "=", session.uid)
    .execute();
  context.emit({ type: "session.updated", session: updated, appId, notifyApp });
  return updated;
}
