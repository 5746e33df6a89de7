import type { SetCommand, WriteContext } from "../../events/writer.js";
import { capabilitiesOf } from "../../storage/dialects/capabilities.js";
import { storeNewMessages } from "../message-rows.js";
import type { IncomingResult, IncomingWrite } from "./incoming.js";
import { announceIncoming, FOUND_BY_THE_INSERT, incomingRow } from "./incoming-row.js";
import { earlierRepeat, repeatsAmong, StoredMeanwhile } from "./repeats.js";
import { sessionForIncoming, sessionKey, sessionsByExternalUid } from "./session-placement.js";
import { storeWithActiveSessions } from "./with-active-sessions.js";

/**
 * Stores incoming messages, once per (channel, message_uid). Concurrent requests' messages are
 * written together when their sessions are active, the common case (on PostgreSQL, sessions and
 * rows in one statement); the insert leaves out a message_uid stored already. The others (a repeat,
 * a session to open or reopen) are written one by one after them, each checked for a repeat before
 * its session is touched.
 */
export const storeIncoming: SetCommand<IncomingWrite, IncomingResult> = {
  async one(context, write) {
    const repeat = await earlierRepeat(context, write);
    if (repeat) return repeat;
    const session = await sessionForIncoming(
      context,
      write.channel,
      write.app.open_channel === 1,
      write.input,
    );
    const [stored] = await storeNewMessages(context.db, [incomingRow(context, write, session)]);
    if (!stored) throw new StoredMeanwhile();
    return announceIncoming(context, write, stored);
  },
  async many(context, writes) {
    const results = capabilitiesOf(context.db).statementsAreLocal
      ? await writeEachWithItsSession(context, writes)
      : await writeWithActiveSessions(context, writes);
    for (const write of writes) if (!results.has(write)) results.set(write, await this.one(context, write));
    return writes.map((write) => results.get(write) as IncomingResult);
  },
};

/**
 * PostgreSQL: the run's messages joined to their active sessions and inserted in one statement.
 * Of those it leaves out, the repeats are found in one more statement (an app retrying after an
 * outage sends many); the others (no active session) are answered by `one`.
 */
async function writeWithActiveSessions(
  context: WriteContext,
  writes: readonly IncomingWrite[],
): Promise<Map<IncomingWrite, IncomingResult>> {
  const messages = writes.map((write) => ({
    row: incomingRow(context, write, FOUND_BY_THE_INSERT),
    externalUid: write.input.external_uid,
  }));
  const stored = await storeWithActiveSessions(context.db, messages);
  const results = new Map<IncomingWrite, IncomingResult>();
  for (const [index, write] of writes.entries()) {
    const message = stored.get(messages[index]?.row.uid ?? "");
    if (message) results.set(write, announceIncoming(context, write, message));
  }
  const repeats = await repeatsAmong(
    context,
    writes.filter((write) => !results.has(write)),
  );
  for (const [write, repeat] of repeats) results.set(write, repeat);
  return results;
}

/**
 * SQLite, where a statement costs no round trip: each message's session read, and its row inserted,
 * alone. Those without an active session are answered by `one`.
 */
async function writeEachWithItsSession(
  context: WriteContext,
  writes: readonly IncomingWrite[],
): Promise<Map<IncomingWrite, IncomingResult>> {
  const sessions = await sessionsByExternalUid(
    context.db,
    writes.map((write) => ({ channelUid: write.channel.uid, externalUid: write.input.external_uid })),
  );
  const ready = writes.flatMap((write) => {
    const session = sessions.get(sessionKey(write.channel.uid, write.input.external_uid));
    return session?.status === "active" ? [{ write, row: incomingRow(context, write, session) }] : [];
  });
  const stored = await storeNewMessages(
    context.db,
    ready.map((entry) => entry.row),
  );
  const results = new Map<IncomingWrite, IncomingResult>();
  for (const [index, { write }] of ready.entries()) {
    const message = stored[index];
    results.set(
      write,
      message ? announceIncoming(context, write, message) : await storedRepeat(context, write),
    );
  }
  return results;
}

/** A message the insert left out: its message_uid was stored before, in this write or an earlier one. */
async function storedRepeat(context: WriteContext, write: IncomingWrite): Promise<IncomingResult> {
  const repeat = await earlierRepeat(context, write);
  if (!repeat) throw new Error("a message the insert left out as stored already was not found");
  return repeat;
}
