import type { PrincipalOf } from "../auth/principal.js";
import { AppError, notFound } from "../errors.js";
import { staffTypingCall } from "../events/app-webhooks.js";
import { type AppScope, channelForApp, sessionForApp } from "./app-scope.js";
import type { Domain } from "./context.js";

/** SPEC §7: the app hears staff typing at most once every 3 s while it goes on. */
export const STAFF_TYPING_REFRESH_MS = 3_000;

/** The last typing state sent per session; in memory, because a lost entry only costs one extra webhook. */
export class TypingThrottle {
  private readonly last = new Map<string, { typing: boolean; at: number }>();

  /** True when this change is worth announcing. */
  admit(sessionUid: string, typing: boolean, now = Date.now()): boolean {
    const previous = this.last.get(sessionUid);
    if (previous && previous.typing === typing && (!typing || now - previous.at < STAFF_TYPING_REFRESH_MS))
      return false;
    if (!previous && !typing) return false;
    if (typing) this.last.set(sessionUid, { typing, at: now });
    else this.last.delete(sessionUid);
    if (this.last.size > 10_000) this.last.clear();
    return true;
  }

  wasTyping(sessionUid: string): boolean {
    return this.last.get(sessionUid)?.typing === true;
  }
}

/** Typing names its session, or on an open channel the channel and the client's id there. */
export const missingTypingTarget = () =>
  new AppError({
    code: "missing_field",
    field: "session_uid",
    message: "session_uid (or channel_uid and external_uid) is required",
  });

/** The client types on the network; the app tells Tandem (`POST /v1/sessions/typing`). */
export async function clientTyping(
  domain: Domain,
  scope: AppScope,
  input: { session_uid?: string; channel_uid?: string; external_uid?: string; typing: boolean },
): Promise<void> {
  let sessionUid = input.session_uid;
  if (!sessionUid) {
    if (!input.channel_uid || !input.external_uid) throw missingTypingTarget();
    const channel = await channelForApp(domain, scope, input.channel_uid);
    const session = await domain.db
      .selectFrom("sessions")
      .select("uid")
      .where("channel_uid", "=", channel.uid)
      .where("external_uid", "=", input.external_uid)
      .executeTakeFirst();
    if (!session) throw notFound("session", "external_uid");
    sessionUid = session.uid;
  }
  const { session } = await sessionForApp(domain, scope, sessionUid);
  await domain.writer.run(async ({ emit }) => {
    emit({
      type: "typing",
      businessUid: session.business_uid,
      clientUid: session.client_uid,
      sessionUid: session.uid,
      channelUid: session.channel_uid,
      typing: input.typing,
      by: { kind: "client" },
    });
  });
}

/** Staff type in the composer; the app hears it through `POST {api_uri}/{session_uid}/typing`. */
export async function staffTyping(
  domain: Domain,
  throttle: TypingThrottle,
  staff: PrincipalOf<"staff">,
  clientUid: string,
  input: { channel_uid: string; typing: boolean },
): Promise<void> {
  const session = await domain.db
    .selectFrom("sessions")
    .innerJoin("channels", "channels.uid", "sessions.channel_uid")
    .select([
      "sessions.uid",
      "sessions.status",
      "channels.app_id",
      "sessions.business_uid",
      "sessions.channel_uid",
      "sessions.client_uid",
    ])
    .where("sessions.client_uid", "=", clientUid)
    .where("sessions.channel_uid", "=", input.channel_uid)
    .where("sessions.business_uid", "=", staff.businessUid)
    .executeTakeFirst();
  if (!session) throw notFound("session for this client on the channel", "channel_uid");
  if (!throttle.admit(session.uid, input.typing)) return;
  await domain.writer.run(async ({ emit }) => {
    emit({
      type: "typing",
      businessUid: session.business_uid,
      clientUid: session.client_uid,
      sessionUid: session.uid,
      channelUid: session.channel_uid,
      typing: input.typing,
      by: { kind: "staff", staffUid: staff.staffUid, displayName: staff.displayName },
      webhook: staffTypingCall(session, session.business_uid, session.app_id, input.typing),
    });
  });
}
