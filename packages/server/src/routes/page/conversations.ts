import { page } from "@tandem/contract";
import { channelChoices } from "../../domain/conversations/channel-choices.js";
import { conversationOf } from "../../domain/conversations/conversation.js";
import { inbox } from "../../domain/conversations/inbox.js";
import { markRead } from "../../domain/conversations/read.js";
import { retryMessage } from "../../domain/conversations/retry.js";
import { sendAsStaff } from "../../domain/conversations/staff-send.js";
import { thread } from "../../domain/conversations/thread.js";
import { staffTyping } from "../../domain/typing.js";
import type { Api, RouteDeps } from "../../http/api.js";
import { principalOf } from "../../http/authenticate.js";
import { routeSchema } from "../../http/operation-schema.js";
import { ok } from "../../http/reply.js";
import { pagination } from "../../http/schemas.js";
import { presentChannelChoice, presentConversation } from "../../presenters/conversation.js";
import { presentThreadEntry } from "../../presenters/message.js";

/** The conversation page's API (SPEC §8); every call is scoped to the signed-in staff member's business. */
export function registerConversationRoutes(api: Api, { domain, auth, typing }: RouteDeps): void {
  const guard = auth.require("staff");

  api.get(
    page.listConversations.path,
    { onRequest: guard, schema: routeSchema(page.listConversations) },
    async (request) => {
      const { conversations, total } = await inbox(domain, principalOf(request, "staff"), {
        search: request.query.search,
        page: request.query.page ?? 1,
        perPage: request.query.per_page ?? 25,
      });
      return ok({
        conversations: conversations.map(presentConversation),
        pagination: pagination(request.query, total),
      });
    },
  );

  api.get(
    page.getConversation.path,
    { onRequest: guard, schema: routeSchema(page.getConversation) },
    async (request) =>
      ok({
        conversation: presentConversation(
          await conversationOf(domain, principalOf(request, "staff"), request.params.client_uid),
        ),
      }),
  );

  api.get(page.getThread.path, { onRequest: guard, schema: routeSchema(page.getThread) }, async (request) => {
    const { entries, hasMore } = await thread(
      domain,
      principalOf(request, "staff"),
      request.params.client_uid,
      {
        before: request.query.before,
        limit: request.query.limit ?? 50,
      },
    );
    return ok({ messages: entries.map(presentThreadEntry), has_more: hasMore });
  });

  api.post(
    page.sendMessage.path,
    { onRequest: guard, schema: routeSchema(page.sendMessage) },
    async (request, reply) => {
      const sent = await sendAsStaff(
        domain,
        principalOf(request, "staff"),
        typing,
        request.params.client_uid,
        request.body,
      );
      reply.status(201);
      return ok({ message: presentThreadEntry(sent) });
    },
  );

  api.post(
    page.markThreadRead.path,
    { onRequest: guard, schema: routeSchema(page.markThreadRead) },
    async (request) =>
      ok({ read: await markRead(domain, principalOf(request, "staff"), request.params.client_uid) }),
  );

  api.post(
    page.staffTyping.path,
    { onRequest: guard, schema: routeSchema(page.staffTyping) },
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
    page.listChannelChoices.path,
    { onRequest: guard, schema: routeSchema(page.listChannelChoices) },
    async (request) =>
      ok({
        channels: (
          await channelChoices(domain, principalOf(request, "staff"), request.params.client_uid)
        ).map(presentChannelChoice),
      }),
  );

  api.post(
    page.retryMessage.path,
    { onRequest: guard, schema: routeSchema(page.retryMessage) },
    async (request) =>
      ok({
        message: presentThreadEntry(
          await retryMessage(domain, principalOf(request, "staff"), request.params.uid),
        ),
      }),
  );
}
