import type { ChannelChoice } from "@tandem/contract";
import { useCallback, useEffect, useState } from "react";
import { ApiError } from "../../api/http.ts";
import { pageApi } from "../../api/page-api.ts";
import { useLive } from "../../state/live-context.tsx";

export type ChoicesState =
  | { status: "loading" }
  | { status: "ready"; choices: ChannelChoice[] }
  | { status: "error"; message: string };

/** The composer's channels for one client, fetched again whenever a channel or their session changes. */
export function useChannelChoices(clientUid: string): { state: ChoicesState; reload: () => void } {
  const { hub } = useLive();
  const [state, setState] = useState<ChoicesState>({ status: "loading" });

  const reload = useCallback(() => {
    pageApi
      .channelChoices(clientUid)
      .then(({ channels }) => setState({ status: "ready", choices: channels }))
      .catch((error: unknown) =>
        setState((current) =>
          current.status === "ready"
            ? current
            : {
                status: "error",
                message: error instanceof ApiError ? error.message : "Channels could not be loaded.",
              },
        ),
      );
  }, [clientUid]);

  useEffect(() => {
    reload();
    const stopEvents = hub.onEvent((event) => {
      if (
        event.type === "channel.updated" ||
        (event.type === "session.updated" && event.data.client_uid === clientUid)
      )
        reload();
    });
    const stopResync = hub.onResync(reload);
    return () => {
      stopEvents();
      stopResync();
    };
  }, [hub, clientUid, reload]);

  return { state, reload };
}
