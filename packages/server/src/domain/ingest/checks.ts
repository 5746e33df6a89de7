import { AppError, notFound } from "../../errors.js";
import type { ChannelRow } from "../../storage/schema.js";
import { validateClientInput } from "../clients.js";
import type { Domain } from "../context.js";
import { parseInputTime } from "../message-time.js";
import type { IncomingMessageInput, IncomingWrite } from "./incoming.js";

/** The checks a new message must pass before its write; a repeat is answered whatever they say. */
export async function checkedWrite(
  domain: Domain,
  channel: ChannelRow,
  input: IncomingMessageInput,
): Promise<IncomingWrite> {
  if (channel.status !== "active") {
    throw new AppError({
      code: "invalid",
      field: "channel_uid",
      message: `the channel is ${channel.status}, not active`,
    });
  }
  if (input.contact) validateClientInput(input.contact, "contact.");
  const createdAt = parseInputTime(input.created_at);
  const app = await domain.apps.find(channel.app_id);
  if (!app) throw notFound("channel", "channel_uid");
  return { channel, app, input, createdAt };
}
