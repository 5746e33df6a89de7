import type { CommunicationApi } from "@tandem/sdk";

/** The one event the tool listens to: what clients write. */
export const REPLY_EVENT = "message.created.client_to_business";

/**
 * Subscribes the tool's listener to clients' messages, once: a subscription already posting there
 * is kept, and one posting where the tool listened before (it moved) is deleted, so restarts
 * neither pile subscriptions up nor leave events retrying against an old address. Tandem verifies
 * a new one by calling the target, so the listener must already be up.
 */
export async function ensureReplySubscription(tandem: CommunicationApi, targetUrl: string): Promise<string> {
  const { subscriptions } = await tandem.subscriptions.list();
  const forReplies = subscriptions.filter((subscription) => subscription.events.includes(REPLY_EVENT));
  for (const moved of forReplies.filter((subscription) => subscription.target_url !== targetUrl)) {
    await tandem.subscriptions.delete(moved.uid);
  }
  const kept = forReplies.find((subscription) => subscription.target_url === targetUrl);
  if (kept) return kept.uid;
  const { subscription } = await tandem.subscriptions.create({
    events: [REPLY_EVENT],
    target_url: targetUrl,
  });
  return subscription.uid;
}
