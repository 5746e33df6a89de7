import { Type } from "@sinclair/typebox";
import { ingestMessage } from "../../domain/incoming-messages.js";
import { historyForApp, reportStatus } from "../../domain/messages.js";
import type { Api, RouteDeps } from "../../http/api.js";
import { ok } from "../../http/reply.js";
import { Attachments, Contact, MessageStatusSchema, OneOf, Text, Uid } from "../../http/schemas.js";
import { presentMessage } from "../../presenters/message.js";
import { scopeForChannel } from "./guard.js";

const tags = ["communication: messages"];
export const MESSAGE_MAX_LENGTH = 10_000;

/** A message's text: whitespace alone says nothing, so it is refused like an empty text. */
export const MessageText = Type.String({
  minLength: 1,
  maxLength: MESSAGE_MAX_LENGTH,
  pattern: "\\S",
  description: "1 to 10,000 characters, not only whitespace",
});

export function registerMessageRoutes(api: Api, { domain, auth }: RouteDeps): void {
  const guard = auth.require("app", "directory");

  api.post(
    "/business/communication/messages",
    {
      onRequest: guard,
      schema: {
        tags,
        body: Type.Object({
          channel_uid: Uid("channel_uid"),
          external_uid: Text(255, "the app's id of the contact"),
          message: MessageText,
          message_uid: Text(255, "the app's id of the message, unique per channel"),
          contact_uid: Type.Optional(Uid("client or matter uid (open channels)")),
          direction: Type.Optional(OneOf(["client_to_business", "business_to_client"])),
          created_at: Type.Optional(
            Type.String({ maxLength: 64, description: "ISO 8601, or YYYY-MM-DD HH:MM:SS (UTC)" }),
          ),
          attachments: Type.Optional(Attachments),
          contact: Type.Optional(Contact),
        }),
      },
    },
    async (request, reply) => {
      const scope = await scopeForChannel(domain, request, request.body.channel_uid);
      const { view, created } = await ingestMessage(domain, scope, request.body);
      reply.status(created ? 201 : 200);
      return ok({ message: presentMessage(view.message, view.externalUid) });
    },
  );

  api.put(
    "/business/communication/messages/:message_uid",
    {
      onRequest: guard,
      schema: {
        tags,
        params: Type.Object({ message_uid: Text(255) }),
        body: Type.Object({
          channel_uid: Uid("channel_uid"),
          status: MessageStatusSchema,
          error: Type.Optional(
            Type.Object({
              code: Type.Optional(Type.String({ maxLength: 255 })),
              message: Type.Optional(Type.String({ maxLength: 2000 })),
              retryable: Type.Optional(Type.Boolean()),
            }),
          ),
        }),
      },
    },
    async (request) => {
      const view = await reportStatus(
        domain,
        await scopeForChannel(domain, request, request.body.channel_uid),
        request.params.message_uid,
        request.body,
      );
      return ok({ message: presentMessage(view.message, view.externalUid), applied: view.applied });
    },
  );

  api.get(
    "/business/communication/messages",
    {
      onRequest: guard,
      schema: {
        tags,
        querystring: Type.Object({
          channel_uid: Uid(),
          external_uid: Type.Optional(Type.String({ maxLength: 255 })),
          session_uid: Type.Optional(Uid()),
          before: Type.Optional(Type.String({ maxLength: 255 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
        }),
      },
    },
    async (request) => {
      const scope = await scopeForChannel(domain, request, request.query.channel_uid);
      const { session, messages, hasMore } = await historyForApp(domain, scope, {
        ...request.query,
        limit: request.query.limit ?? 25,
      });
      return ok({
        messages: messages.map((message) => presentMessage(message, session.external_uid)),
        has_more: hasMore,
      });
    },
  );
}
