import { Type } from "@sinclair/typebox";
import { Pagination, Success } from "../common.js";
import { DeliveryDetail, Delivery as DeliveryEntity, DeliveryStatus } from "../deliveries.js";
import { PageQuery, UidInput } from "./inputs.js";
import { operation } from "./operation.js";

/** The delivery log's filters besides `status`, shared by the operator's and the page's log. */
export const DeliveryLogQuery = {
  status: Type.Optional(DeliveryStatus),
  attention: Type.Optional(
    Type.Boolean({
      description: "only deliveries that need attention: failed, or retrying after a failed attempt",
    }),
  ),
  include_typing: Type.Optional(Type.Boolean({ description: "typing events are left out unless true" })),
  ...PageQuery,
};

const DeliveryPage = Success(Type.Object({ deliveries: Type.Array(DeliveryEntity), pagination: Pagination }));
const OneDelivery = Success(Type.Object({ delivery: DeliveryDetail }));
const DeliveryParams = Type.Object({ uid: UidInput("delivery uid") });
const tag = "platform: deliveries";

export const listAppDeliveries = operation({
  operationId: "listAppDeliveries",
  summary: "An app's delivery log, newest first",
  tag,
  method: "GET",
  path: "/platform/v1/apps/:app_id/deliveries",
  credentials: ["directory"],
  params: Type.Object({ app_id: UidInput("app_id") }),
  querystring: Type.Object({
    event: Type.Optional(Type.String({ maxLength: 64 })),
    since: Type.Optional(Type.String({ maxLength: 64, description: "ISO 8601" })),
    ...DeliveryLogQuery,
  }),
  responses: { 200: DeliveryPage },
  errors: [404],
});

export const getDelivery = operation({
  operationId: "getDelivery",
  summary: "A delivery with every attempt",
  tag,
  method: "GET",
  path: "/platform/v1/deliveries/:uid",
  credentials: ["directory"],
  params: DeliveryParams,
  responses: { 200: OneDelivery },
  errors: [404],
});

export const retryDelivery = operation({
  operationId: "retryDelivery",
  summary: "Send a failed delivery again (same webhook-id, attempts counting on)",
  tag,
  method: "POST",
  path: "/platform/v1/deliveries/:uid/retry",
  credentials: ["directory"],
  params: DeliveryParams,
  responses: { 200: OneDelivery },
  errors: [404, 409],
});

export const recoverDeliveries = operation({
  operationId: "recoverDeliveries",
  summary: "Send again every failed delivery of an app since a moment",
  description:
    "After an outage on the app's side: the app's deliveries created since `since` that failed, or that wait for their next retry, are sent now with a fresh run of the retry schedule, in order per conversation.",
  tag,
  method: "POST",
  path: "/platform/v1/apps/:app_id/deliveries/recover",
  credentials: ["directory"],
  params: Type.Object({ app_id: UidInput("app_id") }),
  body: Type.Object({ since: Type.String({ minLength: 1, maxLength: 64, description: "ISO 8601" }) }),
  responses: { 200: Success(Type.Object({ recovered: Type.Integer({ minimum: 0 }) })) },
  errors: [404],
});

const staff = ["staff_cookie", "staff"] as const;

export const listBusinessDeliveries = operation({
  operationId: "listBusinessDeliveries",
  summary: "The business's delivery log (the page opens it on what needs attention)",
  tag: "page",
  method: "GET",
  path: "/api/deliveries",
  credentials: staff,
  querystring: Type.Object(DeliveryLogQuery),
  responses: { 200: DeliveryPage },
  errors: [],
});

export const getBusinessDelivery = operation({
  operationId: "getBusinessDelivery",
  summary: "One of the business's deliveries with every attempt",
  tag: "page",
  method: "GET",
  path: "/api/deliveries/:uid",
  credentials: staff,
  params: DeliveryParams,
  responses: { 200: OneDelivery },
  errors: [404],
});

export const retryBusinessDelivery = operation({
  operationId: "retryBusinessDelivery",
  summary: "Send a failed delivery again (admins)",
  tag: "page",
  method: "POST",
  path: "/api/deliveries/:uid/retry",
  credentials: staff,
  params: DeliveryParams,
  responses: { 200: OneDelivery },
  errors: [404, 409],
});
