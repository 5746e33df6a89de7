import type { Channel } from "@tandem/contract";
import type { CommunicationApi } from "@tandem/sdk";

/** The channel metadata key that ties a channel to its address, so a restart finds its own channel. */
const ADDRESS_KEY = "email_address";

/**
 * The business's channel for this address: the one made by an earlier start, else a new one
 * (pending until Tandem validates it; meanwhile mail is answered "try again later").
 */
export async function ensureChannel(
  api: CommunicationApi,
  businessUid: string,
  address: string,
  displayName: string,
): Promise<Channel> {
  const { channels } = await api.channels.list({ business_uid: businessUid });
  const existing = channels.find(
    (channel) => channel.metadata[ADDRESS_KEY] === address && channel.status !== "deleted",
  );
  if (existing) return existing;
  const { channel } = await api.channels.create({
    business_uid: businessUid,
    type: "transactional",
    display_name: displayName,
    metadata: { [ADDRESS_KEY]: address },
  });
  return channel;
}
