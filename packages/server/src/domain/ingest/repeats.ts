import type { WriteContext } from "../../events/writer.js";
import { isUniqueViolation } from "../../storage/constraint-errors.js";
import type { ChannelRow, MessageRow } from "../../storage/schema.js";
import type { Domain } from "../context.js";
import { findByAppMessageUid, findStoredMessage, findStoredMessages } from "../message-rows.js";
import type { IncomingMessageInput, IncomingResult, IncomingWrite } from "./incoming.js";

/** A repeat: answered with the message stored first under its message_uid, and nothing written. */
export const repeatOf = (input: IncomingMessageInput, stored: MessageRow): IncomingResult => ({
  view: { message: stored, externalUid: input.external_uid },
  created: false,
});

/**
 * A message_uid another transaction stored while this write ran (PostgreSQL's insert waited for it).
 * Thrown only after the write opened or reopened a session, which must not stay: the command is
 * rolled back, and ingestMessage answers with the message that won.
 */
export class StoredMeanwhile extends Error {}

/** The same message_uid raced in from a retry, in another write. */
export const lostTheRace = (error: unknown) => error instanceof StoredMeanwhile || isUniqueViolation(error);

/** The message stored before under the input's message_uid answers it; with none, the error stands. */
export async function repeatOrThrow(
  domain: Domain,
  channel: ChannelRow,
  input: IncomingMessageInput,
  error: unknown,
): Promise<IncomingResult> {
  const earlier = await findByAppMessageUid(domain.db, channel.uid, input.message_uid);
  if (!earlier) throw error;
  return repeatOf(input, earlier);
}

/** Inside the write: the message stored before under this message_uid, if any. */
export async function earlierRepeat(
  context: WriteContext,
  write: IncomingWrite,
): Promise<IncomingResult | null> {
  const earlier = await findStoredMessage(context.db, write.channel.uid, write.input.message_uid);
  return earlier ? repeatOf(write.input, earlier) : null;
}

/** PostgreSQL: of the messages the set insert left out, the repeats, found in one statement. */
export async function repeatsAmong(
  context: WriteContext,
  writes: readonly IncomingWrite[],
): Promise<Map<IncomingWrite, IncomingResult>> {
  const repeats = new Map<IncomingWrite, IncomingResult>();
  if (writes.length === 0) return repeats;
  const earlier = await findStoredMessages(
    context.db,
    writes.map((write) => ({ channelUid: write.channel.uid, messageUid: write.input.message_uid })),
  );
  for (const write of writes) {
    const repeated = earlier.find(
      (row) => row.channel_uid === write.channel.uid && row.message_uid === write.input.message_uid,
    );
    if (repeated) repeats.set(write, repeatOf(write.input, repeated));
  }
  return repeats;
}
