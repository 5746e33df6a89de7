import type { ChannelBadge } from "@tandem/contract";
import { useEffect, useMemo } from "react";
import { useLive } from "../../state/live-context.tsx";
import { useStore } from "../../state/store.ts";
import { EmptyState } from "../../ui/Notice.tsx";
import { Composer } from "../composer/Composer.tsx";
import { clientName } from "../inbox/client-name.ts";
import { MessageList, type MessageListActions } from "./MessageList.tsx";
import { ThreadHeader } from "./ThreadHeader.tsx";
import styles from "./ThreadPane.module.css";
import { useConversation } from "./use-conversation.ts";
import { useReadReceipts } from "./use-read-receipts.ts";

/** One client's whole conversation, across matters and channels, with the composer below it. */
export function ThreadPane({ clientUid }: { clientUid: string }) {
  const { threads } = useLive();
  const thread = useStore(threads, () => threads.thread(clientUid));
  const lookup = useConversation(clientUid);
  useReadReceipts(threads, clientUid, thread.messages);

  useEffect(() => {
    threads.open(clientUid);
    return () => threads.close(clientUid);
  }, [threads, clientUid]);

  const actions = useMemo<MessageListActions>(
    () => ({
      reload: () => threads.open(clientUid),
      loadOlder: () => void threads.loadOlder(clientUid),
      retry: (message) => threads.retry(message),
      resend: (localId) => threads.resend(clientUid, localId),
      discard: (localId) => threads.discard(clientUid, localId),
    }),
    [threads, clientUid],
  );

  // Answer where the client last wrote from, if that channel can still reach them.
  const lastIncomingChannel = thread.messages.findLast(
    (message) => message.direction === "client_to_business",
  )?.channel.uid;

  if (lookup.status === "missing")
    return (
      <EmptyState title="Conversation not found">
        <p>This client doesn't exist in your business, or was removed.</p>
      </EmptyState>
    );

  const conversation = lookup.status === "found" ? lookup.conversation : null;
  const name = conversation ? clientName(conversation.client) : "this client";
  return (
    <section className={styles.pane} aria-label={`Conversation with ${name}`}>
      <ThreadHeader clientUid={clientUid} conversation={conversation} />
      <MessageList thread={thread} clientUid={clientUid} clientName={name} actions={actions} />
      <Composer
        key={clientUid}
        clientUid={clientUid}
        clientName={name}
        preferredChannelUid={lastIncomingChannel ?? null}
        onSend={(channel: ChannelBadge, text: string) => threads.send(clientUid, channel, text)}
      />
    </section>
  );
}
