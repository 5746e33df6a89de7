import type { LiveEvent } from "@tandem/contract";
import { Store } from "../state/store.ts";

/** SPEC §5: an indicator that hears nothing for 10 s goes away, so it can never get stuck. */
export const CLIENT_TYPING_TIMEOUT_MS = 10_000;

export interface ClientTyping {
  channelUid: string;
  sessionUid: string;
}

/** Which clients are typing now, from the feed's `typing` events. */
export class TypingStore extends Store<ReadonlyMap<string, ClientTyping>> {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor() {
    super(new Map());
  }

  apply(event: LiveEvent): void {
    if (event.type === "typing") {
      const { client_uid, channel_uid, session_uid, typing } = event.data;
      if (typing) this.start(client_uid, { channelUid: channel_uid, sessionUid: session_uid });
      else this.stop(client_uid);
    } else if (event.type === "message.created" && event.data.direction === "client_to_business") {
      // The client sent what they were typing.
      this.stop(event.data.client_uid);
    }
  }

  private start(clientUid: string, typing: ClientTyping) {
    const timer = this.timers.get(clientUid);
    if (timer) clearTimeout(timer);
    this.timers.set(
      clientUid,
      setTimeout(() => this.stop(clientUid), CLIENT_TYPING_TIMEOUT_MS),
    );
    const current = this.state.get(clientUid);
    if (current?.channelUid === typing.channelUid && current.sessionUid === typing.sessionUid) return;
    this.update(new Map(this.state).set(clientUid, typing));
  }

  private stop(clientUid: string) {
    const timer = this.timers.get(clientUid);
    if (timer) clearTimeout(timer);
    this.timers.delete(clientUid);
    if (!this.state.has(clientUid)) return;
    const next = new Map(this.state);
    next.delete(clientUid);
    this.update(next);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
