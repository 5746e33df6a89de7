import type { ChannelChoice, Conversation } from "@tandem/contract";
import type { ChannelOption } from "../domain/conversations/channel-choices.js";
import type { ConversationSummary } from "../domain/conversations/summaries.js";
import { presentClient } from "./client.js";
import { presentThreadEntry } from "./message.js";

/** The inbox's entry of a client's conversation. */
export function presentConversation(summary: ConversationSummary): Conversation {
  return {
    client_uid: summary.client.uid,
    client: presentClient(summary.client),
    last_message: summary.lastMessage ? presentThreadEntry(summary.lastMessage) : null,
    unread_count: summary.unreadCount,
    updated_at: summary.client.last_activity_at ?? summary.client.created_at,
  };
}

/** One entry of the composer's channel dropdown. */
export function presentChannelChoice(option: ChannelOption): ChannelChoice {
  return {
    channel_uid: option.channel.uid,
    display_name: option.channel.display_name,
    app_code_name: option.channel.app_code_name,
    session_uid: option.sessionUid,
    available: option.reason === null,
    reason: option.reason,
  };
}
