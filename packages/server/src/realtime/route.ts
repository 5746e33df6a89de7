/*
 * The page's realtime feed (SPEC §8): `GET /api/realtime?cursor=<last event id seen>`, a WebSocket.
 *
 * - Authenticated like the rest of `/api/*`: the staff session cookie, or a staff bearer token for
 *   other clients. Without one the upgrade is refused with HTTP 401; a cookie sent from another
 *   origin gets 403. A socket only ever sees its staff member's business.
 * - Server → client only, JSON `{id, type, data}`. `type` is one of `message.created`,
 *   `message.updated`, `typing`, `channel.updated`, `session.updated`, `conversation.updated`, or:
 *   - `ready` (`data: {}`): caught up; `id` is the cursor to resume from if nothing else comes.
 *     Sent once, first without a cursor, after the replay with one.
 *   - `reset` (`data: {}`): the cursor is older than the 24 h kept (or unknown); refetch, then
 *     carry on from `id`. Followed by `ready`.
 * - With `cursor`, every event of the business with a larger id is replayed in order, then the feed
 *   goes on live: no gap, no duplicate. Event ids strictly increase; `ready`/`reset` repeat the last.
 * - Pings every 30 s; a socket that misses a pong is dropped. Close codes: 1001 server shutting down,
 *   1013 too far behind, 1011 replay failed — each time, reconnect with the last id seen.
 * - A socket lasts as long as the sign-in it was opened with: 4401 when it ended (signed out, expired,
 *   token revoked, staff member removed): at once for a sign-out in the same process, otherwise
 *   within TANDEM_SIGN_IN_CHECK_MS. The page then asks who it is instead of reconnecting.
 */
import type { WebsocketPluginOptions } from "@fastify/websocket";
import { Type } from "@sinclair/typebox";
import type { FastifyRequest } from "fastify";
import type { PrincipalOf } from "../auth/principal.js";
import { forbidden } from "../errors.js";
import type { Api, RouteDeps } from "../http/api.js";
import { type Authenticator, credentialKey, principalOf } from "../http/authenticate.js";
import type { Realtime } from "./realtime.js";
import type { SignIn } from "./sign-in-watch.js";

/** Pages never send anything that matters; a small limit keeps a stranger from sending much. */
export const websocketOptions: WebsocketPluginOptions = { options: { maxPayload: 4096 } };

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

/**
 * Browsers attach the session cookie to a WebSocket opened by any page (same-site ones included), and
 * the handshake has no CORS: a cookie-authenticated upgrade must come from Tandem's own origin.
 */
function sameOriginForCookies(publicUrl: string) {
  const publicHost = hostOf(publicUrl);
  return async (request: FastifyRequest) => {
    const origin = request.headers.origin;
    if (!origin || request.headers.authorization) return;
    const originHost = hostOf(origin);
    if (originHost && (originHost === request.headers.host || originHost === publicHost)) return;
    throw forbidden("the realtime feed accepts a session cookie only from Tandem's own pages");
  };
}

/** The credential a socket was let in with, checked again as still letting the same staff member in. */
function signInOf(auth: Authenticator, request: FastifyRequest, staff: PrincipalOf<"staff">): SignIn {
  const credential = auth.credentialOf(request, true);
  if (!credential) throw new Error("a staff socket was let in without a credential");
  return {
    key: credentialKey(credential),
    async stillValid() {
      const now = await auth.verify(credential);
      return (
        now?.kind === "staff" && now.staffUid === staff.staffUid && now.businessUid === staff.businessUid
      );
    },
  };
}

export function registerRealtimeRoute(
  api: Api,
  { auth }: RouteDeps,
  realtime: Realtime,
  publicUrl: string,
): void {
  auth.onSignInEnded((credential) => realtime.endSignIn(credentialKey(credential)));
  api.get(
    "/api/realtime",
    {
      websocket: true,
      onRequest: [auth.require("staff"), sameOriginForCookies(publicUrl)],
      schema: {
        querystring: Type.Object({
          cursor: Type.Optional(Type.Integer({ minimum: 0, description: "the last event id seen" })),
        }),
      },
    },
    (socket, request) => {
      const staff = principalOf(request, "staff");
      void realtime.attach(
        socket,
        staff.businessUid,
        request.query.cursor ?? null,
        signInOf(auth, request, staff),
      );
    },
  );
}
