import type { Channel, ChannelStatusWebhook } from "@tandem/contract";
import { parseJson } from "../storage/json-text.js";
import type { ChannelRow } from "../storage/schema.js";

export function presentChannel(channel: ChannelRow, appCodeName: string): Channel {
  return {
    uid: channel.uid,
    status: channel.status,
    type: channel.type,
    display_name: channel.display_name,
    business_uid: channel.business_uid,
    app_code_name: appCodeName,
    metadata: parseJson<Record<string, unknown>>(channel.metadata, {}),
    created_at: channel.created_at,
    updated_at: channel.updated_at,
  };
}

export const channelWebhookBody = (channel: ChannelRow): ChannelStatusWebhook => ({
  status: channel.status,
  channel_uid: channel.uid,
  business_uid: channel.business_uid,
});
