import { Type } from "@sinclair/typebox";
import { Nullable, Success } from "../common.js";
import {
  ChannelBadge,
  Client,
  Subscription,
  SubscriptionFilter,
  Template,
  ThreadMessage,
} from "../entities.js";
import { HttpUrl, MessageText, OnBehalfOf, Text, UidInput } from "./inputs.js";
import { operation } from "./operation.js";

/*
 * The business-integration API (SPEC §10): an integration app's token with the
 * business/conversations scope, at a business that installed it.
 */

const integration = ["app"] as const;
const ERRORS = [401, 403, 404, 415, 422, 429] as const;
const BusinessField = Type.Optional(UidInput("business_uid (or x-on-behalf-of) for an app-level token"));
const BusinessQuery = Type.Object({ business_uid: Type.Optional(UidInput()) });

/** A template's variables by name (`appointment_time`, or `client.first_name` to set a client's field). */
export const TemplateVariables = Type.Record(
  Type.String({ maxLength: 100 }),
  Type.String({ maxLength: 2000 }),
  {
    description: "values by variable name",
  },
);

export const TemplateName = Text(100, "unique within the business");
export const TemplateBody = Text(
  10_000,
  "the text, with named variables: `{{client.first_name}}` from the client, `{{appointment_time}}` from the sender",
);

/** One message of an upsert: text, or a template (by uid or name) and its variables. */
export const OutgoingMessageInput = Type.Object({
  text: Type.Optional(MessageText()),
  template: Type.Optional(Text(255, "a template's uid or name")),
  variables: Type.Optional(TemplateVariables),
});

export const ContactUpsertInput = Type.Object({
  phone: Type.Optional(Type.String({ maxLength: 64, description: "E.164, e.g. +31612345678" })),
  email: Type.Optional(
    Type.String({ maxLength: 320, description: "an email address (compared case-insensitively)" }),
  ),
  first_name: Type.Optional(Type.String({ maxLength: 255, description: "required when the client is new" })),
  last_name: Type.Optional(Nullable(Type.String({ maxLength: 255 }))),
  attributes: Type.Optional(
    Type.Record(Type.String({ minLength: 1, maxLength: 64 }), Nullable(Type.String({ maxLength: 1000 })), {
      description: "custom fields to set (null removes one)",
      maxProperties: 50,
    }),
  ),
});

/** What an upsert did: the client, the channel its messages went through (none sent: null), the messages. */
const UpsertAnswer = Type.Object({
  client: Client,
  channel: Nullable(ChannelBadge),
  messages: Type.Array(ThreadMessage),
});

export const upsertConversation = operation({
  operationId: "upsertConversation",
  summary: "Find or create a client by phone or email, and send them messages",
  description:
    "201 when the client was created, 200 when found. Each message goes out as a staff message does, through `channel`: a channel uid, an app_code_name, or `best` (the client's channel with the latest activity that can reach them now). When none can: 422 with the reason per channel, and nothing is sent. The same `idempotency_key` again answers the first result and sends nothing.",
  tag: "conversations",
  method: "POST",
  path: "/business/conversations/v1/conversations",
  credentials: integration,
  headers: OnBehalfOf,
  body: Type.Object({
    business_uid: BusinessField,
    contact: ContactUpsertInput,
    messages: Type.Array(OutgoingMessageInput, { maxItems: 20, default: [] }),
    channel: Type.Optional(Text(255, 'a channel uid, an app_code_name, or "best" (the default)')),
    idempotency_key: Type.Optional(Text(255, "a retry with the same key sends nothing again")),
  }),
  responses: { 200: Success(UpsertAnswer), 201: Success(UpsertAnswer) },
  errors: ERRORS,
});

const TemplateParams = Type.Object({ uid: UidInput("template uid") });

export const listTemplates = operation({
  operationId: "listIntegrationTemplates",
  summary: "The business's message templates",
  tag: "conversations: templates",
  method: "GET",
  path: "/business/conversations/v1/templates",
  credentials: integration,
  headers: OnBehalfOf,
  querystring: BusinessQuery,
  responses: { 200: Success(Type.Object({ templates: Type.Array(Template) })) },
  errors: [401, 403, 404, 422, 429],
});

export const createTemplate = operation({
  operationId: "createIntegrationTemplate",
  summary: "Add a message template",
  tag: "conversations: templates",
  method: "POST",
  path: "/business/conversations/v1/templates",
  credentials: integration,
  headers: OnBehalfOf,
  body: Type.Object({ business_uid: BusinessField, name: TemplateName, body: TemplateBody }),
  responses: { 201: Success(Type.Object({ template: Template })) },
  errors: ERRORS,
});

export const getTemplate = operation({
  operationId: "getIntegrationTemplate",
  summary: "One message template",
  tag: "conversations: templates",
  method: "GET",
  path: "/business/conversations/v1/templates/:uid",
  credentials: integration,
  headers: OnBehalfOf,
  params: TemplateParams,
  querystring: BusinessQuery,
  responses: { 200: Success(Type.Object({ template: Template })) },
  errors: [401, 403, 404, 422, 429],
});

export const updateTemplate = operation({
  operationId: "updateIntegrationTemplate",
  summary: "Change a message template's name or text",
  tag: "conversations: templates",
  method: "PUT",
  path: "/business/conversations/v1/templates/:uid",
  credentials: integration,
  headers: OnBehalfOf,
  params: TemplateParams,
  body: Type.Object({
    business_uid: BusinessField,
    name: Type.Optional(TemplateName),
    body: Type.Optional(TemplateBody),
  }),
  responses: { 200: Success(Type.Object({ template: Template })) },
  errors: ERRORS,
});

export const deleteTemplate = operation({
  operationId: "deleteIntegrationTemplate",
  summary: "Delete a message template",
  tag: "conversations: templates",
  method: "DELETE",
  path: "/business/conversations/v1/templates/:uid",
  credentials: integration,
  headers: OnBehalfOf,
  params: TemplateParams,
  querystring: BusinessQuery,
  responses: { 200: Success(Type.Object({ template: Template })) },
  errors: [401, 403, 404, 422, 429],
});

/** A preview's input: a stored template (uid or name) or a draft body, and sample values. */
export const TemplatePreviewInput = {
  template: Type.Optional(Text(255, "a template's uid or name")),
  body: Type.Optional(TemplateBody),
  variables: Type.Optional(TemplateVariables),
};

export const TemplatePreview = Type.Object(
  { text: Type.String(), variables: Type.Array(Type.String()) },
  { title: "TemplatePreview" },
);

export const previewTemplate = operation({
  operationId: "previewIntegrationTemplate",
  summary: "A template's text with sample values filled in",
  description: "Every variable needs a value (`client.*` ones too): a missing one is a 422 naming it.",
  tag: "conversations: templates",
  method: "POST",
  path: "/business/conversations/v1/templates/preview",
  credentials: integration,
  headers: OnBehalfOf,
  body: Type.Object({ business_uid: BusinessField, ...TemplatePreviewInput }),
  responses: { 200: Success(TemplatePreview) },
  errors: ERRORS,
});

const SubscriptionParams = Type.Object({ uid: UidInput("subscription uid") });

export const createSubscription = operation({
  operationId: "createSubscription",
  summary: "Subscribe to a business's events",
  description:
    "Tandem first posts a signed challenge (`SubscriptionChallenge`) to `target_url`, which must answer 2xx with it; a target that does not is a 422 and nothing is stored.",
  tag: "conversations: subscriptions",
  method: "POST",
  path: "/business/conversations/v1/subscriptions",
  credentials: integration,
  headers: OnBehalfOf,
  body: Type.Object({
    business_uid: BusinessField,
    events: Type.Array(
      Text(100, "an event name or a group, e.g. message.created.client_to_business, message"),
      {
        minItems: 1,
        maxItems: 20,
      },
    ),
    target_url: HttpUrl("where events are posted"),
    filter: Type.Optional(SubscriptionFilter),
  }),
  responses: { 201: Success(Type.Object({ subscription: Subscription })) },
  errors: ERRORS,
});

export const listSubscriptions = operation({
  operationId: "listSubscriptions",
  summary: "The integration's subscriptions at a business",
  tag: "conversations: subscriptions",
  method: "GET",
  path: "/business/conversations/v1/subscriptions",
  credentials: integration,
  headers: OnBehalfOf,
  querystring: BusinessQuery,
  responses: { 200: Success(Type.Object({ subscriptions: Type.Array(Subscription) })) },
  errors: [401, 403, 404, 422, 429],
});

export const getSubscription = operation({
  operationId: "getSubscription",
  summary: "One of the integration's subscriptions",
  tag: "conversations: subscriptions",
  method: "GET",
  path: "/business/conversations/v1/subscriptions/:uid",
  credentials: integration,
  headers: OnBehalfOf,
  params: SubscriptionParams,
  querystring: BusinessQuery,
  responses: { 200: Success(Type.Object({ subscription: Subscription })) },
  errors: [401, 403, 404, 422, 429],
});

export const deleteSubscription = operation({
  operationId: "deleteSubscription",
  summary: "Stop a subscription",
  tag: "conversations: subscriptions",
  method: "DELETE",
  path: "/business/conversations/v1/subscriptions/:uid",
  credentials: integration,
  headers: OnBehalfOf,
  params: SubscriptionParams,
  querystring: BusinessQuery,
  responses: { 200: Success(Type.Object({ subscription: Subscription })) },
  errors: [401, 403, 404, 422, 429],
});
