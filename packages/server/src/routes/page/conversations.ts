import { Type } from "@sinclair/typebox";
import {
  channelChoices,
  conversationOf,
  inbox,
  markRead,
  retryMessage,
  sendAsStaff,
  thread,
} from "../../domain/conversations.js";
import { staffTyping } from "../../domain/typing.js";
import type { Api, RouteDeps } from "../../http/api.js";
import { principalOf } from "../../http/authenticate.js";
import { ok } from "../../http/reply.js";
import { Attachments, PageQuery, pagination, Uid } from "../../http/schemas.js";
import { MessageText } from "../communication/messages.js";

const Params = Type.Object({ client_uid: Uid("client uid") });
const tags = ["page"];

/** The conversation page's API (SPEC §8); every call is scoped to the signed-in staff member's business. */
export function registerConversationRoutes(api: Api, { domain, auth, typing }: RouteDeps): void {
  const guard = auth.require("staff");

  api.get(
    "/api/conversations",
    {
      onRequest: guard,
      schema: {
        tags,
        querystring: Type.Object({ search: Type.Optional(Type.String({ maxLength: 255 })), ...PageQuery }),
      },
    },
    async (request) => {
      const { conversations, total } = await inbox(domain, principalOf(request, "staff"), {
        search: request.query.search,
        page: request.query.page ?? 1,
        perPage: request.query.per_page ?? 25,
      });
      return ok({ conversations, pagination: pagination(request.query, total) });
    },
  );

  api.get(
    "/api/conversations/:client_uid",
    { onRequest: guard, schema: { tags, params: Params } },
    async (request) =>
      ok({
        conversation: await conversationOf(domain, principalOf(request, "staff"), request.params.client_uid),
      }),
  );

  api.get(
    "/api/conversations/:client_uid/messages",
    {
      onRequest: guard,
      schema: {
        tags,
        params: Params,
        querystring: Type.Object({
          before: Type.Optional(Uid("a message uid")),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
        }),
      },
    },
    async (request) =>
      ok(
        await thread(domain, principalOf(request, "staff"), request.params.client_uid, {
          before: request.query.before,
          limit: request.query.limit ?? 50,
        }),
      ),
  );

  api.post(
    "/api/conversations/:client_uid/messages",
    {
      onRequest: guard,
      schema: {
        tags,
        params: Params,
        body: Type.Object({
          channel_uid: Uid("channel_uid"),
          message: MessageText,
          attachments: Type.Optional(Attachments),
        }),
      },
    },
    async (request, reply) => {
      const message = await sendAsStaff(
        domain,
        principalOf(request, "staff"),
        typing,
        request.params.client_uid,
        request.body,
      );
      reply.status(201);
      return ok({ message });
    },
  );

  api.post(
    "/api/conversations/:client_uid/read",
    { onRequest: guard, schema: { tags, params: Params } },
    async (request) => ok(await markRead(domain, principalOf(request, "staff"), request.params.client_uid)),
  );

  api.post(
    "/api/conversations/:client_uid/typing",
    {
      onRequest: guard,
      schema: {
        tags,
        params: Params,
        body: Type.Object({ channel_uid: Uid("channel_uid"), typing: Type.Boolean() }),
      },
    },
    async (request) => {
      await staffTyping(
        domain,
        typing,
        principalOf(request, "staff"),
        request.params.client_uid,
        request.body,
      );
      return ok({});
    },
  );

  api.get(
    "/api/conversations/:client_uid/channels",
    { onRequest: guard, schema: { tags, params: Params } },
    async (request) =>
      ok({
        channels: await channelChoices(domain, principalOf(request, "staff"), request.params.client_uid),
      }),
  );

  api.post(
    "/api/messages/:uid/retry",
    { onRequest: guard, schema: { tags, params: Type.Object({ uid: Uid("message uid") }) } },
    async (request) =>
      ok({ message: await retryMessage(domain, principalOf(request, "staff"), request.params.uid) }),
  );
}
