import type { Attachment } from "@tandem/contract";
import type { AppRow, ChannelRow, MessageDirection } from "../../storage/schema.js";
import type { ClientInput } from "../clients.js";
import type { MessageView } from "../message-rows.js";

/** A message an app sends in: from the client on its network, or sent by the business there. */
export interface IncomingMessageInput {
  channel_uid: string;
  external_uid: string;
  message: string;
  message_uid: string;
  contact_uid?: string;
  direction?: MessageDirection;
  created_at?: string;
  attachments?: Attachment[];
  contact?: ClientInput;
}

/** An incoming message that passed its checks, on its way into the write. */
export interface IncomingWrite {
  channel: ChannelRow;
  app: AppRow;
  input: IncomingMessageInput;
  createdAt: string | null;
}

/** The message stored, and whether this call stored it (false: a repeat, answered with the first). */
export interface IncomingResult {
  view: MessageView;
  created: boolean;
}
