import type { conversations, MessageSender } from "@tandem/contract";
import { AppError } from "../../errors.js";
import { isUniqueViolation } from "../../storage/constraint-errors.js";
import type { ClientRow } from "../../storage/schema.js";
import type { AppScope } from "../app-scope.js";
import { findClientByContact } from "../clients.js";
import type { Domain } from "../context.js";
import { choicesFor } from "../conversations/channel-choices.js";
import { BEST_CHANNEL, pickChannel } from "../conversations/channel-pick.js";
import { sessionToReach, writeOutgoing } from "../conversations/outgoing.js";
import type { ThreadEntry } from "../conversations/thread-entries.js";
import { clientValues, listedMessageFields, messageText } from "../templates/message-text.js";
import { checkContact, fieldsAfterUpsert, requireNewClientName, upsertClient } from "./contact.js";
import { rememberUpsert, repeatedUpsert } from "./upsert-requests.js";

export type UpsertInput = typeof conversations.upsertConversation.body.static;

/** What an upsert did: the client (created or found), the channel its messages went through, the messages. */
export interface UpsertResult {
  client: ClientRow;
  created: boolean;
  entries: ThreadEntry[];
}

/** The integration as the sender of its messages: the page and the app show its name. */
async function integrationSender(domain: Domain, appId: string): Promise<MessageSender> {
  const app = await domain.apps.find(appId);
  return { kind: "integration", app_code_name: app?.code_name ?? "", display_name: app?.name ?? "" };
}

/**
 * `POST /business/conversations/v1/conversations`: finds the client by phone or email (or creates
 * it) and sends each message through the chosen channel exactly as staff send, all in one write: a
 * message that cannot go out (no channel reaches the client, a template lacks a variable) fails the
 * call before anything is stored. With an idempotency key, a repeat answers the first result.
 */
export async function upsertConversation(
  domain: Domain,
  integration: AppScope & { businessUid: string },
  input: UpsertInput,
): Promise<UpsertResult> {
  const { appId, businessUid } = integration;
  const key = input.idempotency_key;
  if (key) {
    const repeated = await repeatedUpsert(domain, appId, businessUid, key);
    if (repeated) return repeated;
  }
  const contact = checkContact(input.contact);
  const found = await findClientByContact(domain, businessUid, contact);
  if (!found) requireNewClientName(contact);
  const values = clientValues(fieldsAfterUpsert(found, contact));
  const texts: string[] = [];
  for (const [index, message] of input.messages.entries()) {
    texts.push(
      await messageText(domain.db, businessUid, message, values, listedMessageFields("messages", index)),
    );
  }
  const addressee = found ?? { uid: null, phone: contact.phone, email: contact.email };
  const choice =
    texts.length === 0
      ? null
      : await pickChannel(
          domain.db,
          await choicesFor(domain.db, businessUid, addressee),
          input.channel ?? BEST_CHANNEL,
          found?.uid ?? null,
        );
  const sender = await integrationSender(domain, appId);
  try {
    return await domain.writer.run(async (context) => {
      const { client, created } = await upsertClient(context, businessUid, contact);
      const entries: ThreadEntry[] = [];
      if (choice) {
        const reached = await sessionToReach(context, choice, client, "channel");
        for (const body of texts) {
          const message = await writeOutgoing(context, reached, client, choice.channel, {
            body,
            attachments: [],
            sender,
          });
          entries.push({ message, channel: choice.channel });
        }
      }
      const result = { client, created, entries };
      if (key) await rememberUpsert(context, appId, businessUid, key, result);
      return result;
    });
  } catch (error) {
    // The same key sent twice at once: the first write won; the second answers what it did.
    const repeated =
      key && isUniqueViolation(error) ? await repeatedUpsert(domain, appId, businessUid, key) : null;
    if (repeated) return repeated;
    if (!found && isUniqueViolation(error)) {
      throw new AppError({
        code: "conflict",
        message: "the client was being created by another request; retry",
      });
    }
    throw error;
  }
}
