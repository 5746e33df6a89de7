/*
 * Compile-time checks, run by `npm run typecheck`: the client's calls and the webhook events are
 * typed by the contract, so a wrong field is an error. Never executed.
 */
import { type Tandem, type TandemDirectory, WebhookHandler } from "../src/index.js";

export async function typedCalls(tandem: Tandem): Promise<void> {
  const { channel } = await tandem.channels.create({ business_uid: "b", type: "transactional" });
  channel.status satisfies "pending" | "active" | "inactive" | "blocked" | "deleted" | string;
  // @ts-expect-error a channel type is transactional or promotional
  await tandem.channels.create({ business_uid: "b", type: "marketing" });
  // @ts-expect-error message_uid is required: it is what makes a retry safe
  await tandem.messages.create({ channel_uid: "c", external_uid: "e", message: "hi" });
  // @ts-expect-error a session's status is active, inactive or deleted
  await tandem.sessions.update("s", { status: "blocked" });
  const { messages, has_more } = await tandem.messages.list({ channel_uid: "c", session_uid: "s" });
  messages[0]?.message_uid satisfies string | undefined;
  has_more satisfies boolean;
  // @ts-expect-error answers carry no field the contract lacks
  (await tandem.clients.get("c")).client.secret;
}

export async function typedDirectoryCalls(directory: TandemDirectory): Promise<void> {
  const { app } = await directory.apps.create({ name: "A", app_type: ["communication"], redirect_uri: "u" });
  app.webhook_secret satisfies string;
  // @ts-expect-error a read never shows a secret again
  (await directory.apps.get(app.app_id)).app.webhook_secret;
  // @ts-expect-error a staff member's role is admin or staff
  await directory.staff.create("b", { email: "e", display_name: "d", password: "p", role: "owner" });
  const { deliveries, pagination } = await directory.deliveries.list(app.app_id, { status: "failed" });
  deliveries[0]?.webhook_id satisfies string | undefined;
  pagination.total satisfies number;
  (await directory.deliveries.recover(app.app_id, { since: "2026-01-01" })).recovered satisfies number;
}

export const typedEvents = new WebhookHandler({
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  onOutgoingMessage: (message, delivery) => {
    message.external_uid satisfies string;
    message.attachments satisfies unknown[];
    delivery.id satisfies string;
  },
  onMessageStatus: (status) => {
    status.message_uid satisfies string;
    // @ts-expect-error a status webhook carries no message text
    status.message;
  },
  onTyping: (typing) => {
    typing.session_uid satisfies string;
    typing.typing satisfies boolean;
  },
});
