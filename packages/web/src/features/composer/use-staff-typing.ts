import { useCallback, useEffect, useRef } from "react";
import { pageApi } from "../../api/page-api.ts";

// SPEC §7: tell the app at most once every 3 s while typing; stop after 5 s without a keystroke.
const REFRESH_MS = 3_000;
const IDLE_MS = 5_000;

/** Staff typing in the composer, told to the client's app through its channel. */
export function useStaffTyping(clientUid: string, channelUid: string | null) {
  const typingOn = useRef<string | null>(null);
  const lastSentAt = useRef(0);
  const idleTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const announce = useCallback(
    (channel: string, typing: boolean) => {
      pageApi.typing(clientUid, { channel_uid: channel, typing }).catch(() => {
        // Typing is a hint: a lost one is harmless, and the app times it out anyway.
      });
    },
    [clientUid],
  );

  const stop = useCallback(() => {
    if (idleTimer.current) clearTimeout(idleTimer.current);
    idleTimer.current = null;
    const channel = typingOn.current;
    typingOn.current = null;
    lastSentAt.current = 0;
    if (channel) announce(channel, false);
  }, [announce]);

  const keystroke = useCallback(
    (text: string) => {
      if (!channelUid || text.trim() === "") {
        stop();
        return;
      }
      const now = Date.now();
      if (typingOn.current !== channelUid || now - lastSentAt.current >= REFRESH_MS) {
        typingOn.current = channelUid;
        lastSentAt.current = now;
        announce(channelUid, true);
      }
      if (idleTimer.current) clearTimeout(idleTimer.current);
      idleTimer.current = setTimeout(stop, IDLE_MS);
    },
    [announce, channelUid, stop],
  );

  // Another channel chosen, or the thread closed: the old one stops typing.
  useEffect(() => {
    if (channelUid) return stop;
  }, [stop, channelUid]);

  return { keystroke, stop };
}
