import type { CommunicationApi } from "@tandem/sdk";

const WAIT_FOR_ACTIVE_MS = 15_000;
const POLL_MS = 100;

/**
 * The sandbox's channel at the business, active: the one it made on an earlier start, or a new
 * one. Tandem validates a new channel right after it is made; a channel switched off is switched
 * on again, since the demo's point is a conversation that works.
 */
export async function ensureActiveChannel(api: CommunicationApi, businessUid: string): Promise<string> {
  const { channels } = await api.channels.list({ business_uid: businessUid });
  let channel =
    channels.find((candidate) => candidate.status === "active") ??
    channels.find((candidate) => candidate.status !== "deleted") ??
    (
      await api.channels.create({
        business_uid: businessUid,
        type: "transactional",
        display_name: "Sandbox",
      })
    ).channel;
  if (channel.status === "inactive" || channel.status === "error") {
    channel = (await api.channels.update(channel.uid, { status: "active" })).channel;
  }
  const started = Date.now();
  while (channel.status !== "active") {
    if (channel.status === "blocked" || channel.status === "deleted") {
      throw new Error(`the sandbox's channel is ${channel.status}`);
    }
    if (Date.now() - started > WAIT_FOR_ACTIVE_MS) {
      throw new Error(`the sandbox's channel stayed ${channel.status}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    channel = (await api.channels.get(channel.uid)).channel;
  }
  return channel.uid;
}
