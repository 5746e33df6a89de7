import { type AppScope, channelForApp } from "./app-scope.js";
import type { Domain } from "./context.js";
import { checkedWrite } from "./ingest/checks.js";
import type { IncomingMessageInput, IncomingResult, IncomingWrite } from "./ingest/incoming.js";
import { lostTheRace, repeatOrThrow } from "./ingest/repeats.js";
import { storeIncoming } from "./ingest/set-write.js";

export type { IncomingMessageInput, IncomingResult } from "./ingest/incoming.js";

/**
 * An app's incoming message: idempotent on (channel, message_uid). A repeat is answered with the
 * first message, not created, even when the channel, its session or the input would no longer pass.
 * The write itself finds repeats (see storeIncoming), so the common case reads nothing before it.
 */
export async function ingestMessage(
  domain: Domain,
  scope: AppScope,
  input: IncomingMessageInput,
): Promise<IncomingResult> {
  const channel = await channelForApp(domain, scope, input.channel_uid);
  let write: IncomingWrite;
  try {
    write = await checkedWrite(domain, channel, input);
  } catch (error) {
    return repeatOrThrow(domain, channel, input, error);
  }
  try {
    return await domain.writer.runSet(storeIncoming, write);
  } catch (error) {
    // The same message_uid raced in from a retry, in another write: answer with the one that won.
    if (!lostTheRace(error)) throw error;
    return repeatOrThrow(domain, channel, input, error);
  }
}
