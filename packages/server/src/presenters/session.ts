import type { Session, SessionStatusWebhook } from "@tandem/contract";
import type { SessionRow } from "../storage/schema.js";

export function presentSession(session: SessionRow): Session {
  return {
    uid: session.uid,
    status: session.status,
    channel_uid: session.channel_uid,
    business_uid: session.business_uid,
    contact_uid: session.client_uid,
    client_uid: session.client_uid,
    matter_uid: session.matter_uid,
    external_uid: session.external_uid,
    created_at: session.created_at,
    updated_at: session.updated_at,
  };
}

export const sessionWebhookBody = (session: SessionRow): SessionStatusWebhook => ({
  status: session.status,
  session_uid: session.uid,
  channel_uid: session.channel_uid,
});
