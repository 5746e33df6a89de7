import { AppError } from "../../errors.js";
import type { WriteContext } from "../../events/writer.js";
import type { ChannelRow, ClientRow, MatterRow } from "../../storage/schema.js";
import { latestMatter, resolveContact, upsertClientByContact } from "../clients.js";
import type { IncomingMessageInput } from "./incoming.js";

/**
 * Who a new session of an open channel belongs to: the contact the app names by uid, or the one it
 * describes (found by email or phone, else created), under the client's latest matter.
 */
export async function contactForNewSession(
  context: WriteContext,
  channel: ChannelRow,
  input: IncomingMessageInput,
): Promise<{ client: ClientRow; matter: MatterRow }> {
  if (input.contact_uid) return resolveContact(context.db, channel.business_uid, input.contact_uid);
  if (input.contact) {
    const client = await upsertClientByContact(context, channel.business_uid, input.contact);
    return { client, matter: await latestMatter(context.db, client.uid) };
  }
  throw new AppError({
    code: "missing_field",
    field: "contact",
    message:
      "the first message from an unknown external_uid needs contact_uid or contact {first_name, phone, email}",
  });
}
