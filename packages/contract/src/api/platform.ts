import { Type } from "@sinclair/typebox";
import { Nullable, OneOf, Pagination, Success, Timestamp } from "../common.js";
import { App, Business, Channel, Client, Matter, STAFF_ROLES, Staff } from "../entities.js";
import { ContactInput, Email, HttpUrl, OnBehalfOf, PageQuery, Password, Text, UidInput } from "./inputs.js";
import { operation } from "./operation.js";

/* The platform API (SPEC §4): the directory registers apps, creates businesses, mints tokens. */

const directory = ["directory"] as const;
const JSON_ERRORS = [401, 403, 404, 415, 422, 429] as const;

const AppFields = {
  name: Text(255),
  app_type: Type.Array(Type.String({ maxLength: 64 }), {
    minItems: 1,
    maxItems: 10,
    description: "contains `communication` for a communication app",
  }),
  redirect_uri: HttpUrl(),
  api_uri: Type.Optional(Nullable(HttpUrl("where Tandem calls the app (required for communication apps)"))),
  trusted: Type.Optional(Type.Boolean({ description: "skips the consent screen" })),
  url_params: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 20 })),
  scopes: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 20 })),
  app_layer: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  open_channel: Type.Optional(
    Type.Boolean({ description: "a message to an unknown contact opens a session" }),
  ),
  appen_channel: Type.Optional(Type.Boolean({ description: "older spelling of open_channel" })),
  app_code_name: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 64,
      description: "letters and digits; derived from the name if absent",
    }),
  ),
};
const AppParams = Type.Object({ app_id: UidInput("app_id") });
const BusinessParams = Type.Object({ uid: UidInput("business uid") });
const StaffFields = { email: Email, display_name: Text(255), password: Password };
const Installation = Type.Object({
  app_id: Type.String(),
  app_code_name: Type.String(),
  name: Type.String(),
  app_type: Type.Array(Type.String()),
  installed_at: Timestamp(),
});

export const createApp = operation({
  operationId: "createApp",
  summary: "Register an app",
  description: "Answers the app with its client_secret and webhook_secret, shown only here.",
  tag: "platform: apps",
  method: "POST",
  path: "/platform/v1/apps",
  credentials: directory,
  body: Type.Object(AppFields),
  responses: {
    201: Success(
      Type.Object({
        app: Type.Composite([
          App,
          Type.Object({
            client_secret: Type.String(),
            webhook_secret: Type.String({ description: "whsec_…" }),
          }),
        ]),
      }),
    ),
  },
  errors: [401, 403, 415, 422, 429],
});

export const listApps = operation({
  operationId: "listApps",
  summary: "List apps",
  tag: "platform: apps",
  method: "GET",
  path: "/platform/v1/apps",
  credentials: directory,
  querystring: Type.Object(PageQuery),
  responses: { 200: Success(Type.Object({ apps: Type.Array(App), pagination: Pagination })) },
  errors: [401, 403, 422, 429],
});

export const getApp = operation({
  operationId: "getApp",
  summary: "Get an app",
  tag: "platform: apps",
  method: "GET",
  path: "/platform/v1/apps/:app_id",
  credentials: directory,
  params: AppParams,
  responses: { 200: Success(Type.Object({ app: App })) },
  errors: [401, 403, 404, 429],
});

export const updateApp = operation({
  operationId: "updateApp",
  summary: "Change an app",
  tag: "platform: apps",
  method: "PUT",
  path: "/platform/v1/apps/:app_id",
  credentials: directory,
  params: AppParams,
  body: Type.Partial(Type.Object(AppFields)),
  responses: { 200: Success(Type.Object({ app: App })) },
  errors: JSON_ERRORS,
});

export const deleteApp = operation({
  operationId: "deleteApp",
  summary: "Delete an app",
  tag: "platform: apps",
  method: "DELETE",
  path: "/platform/v1/apps/:app_id",
  credentials: directory,
  params: AppParams,
  responses: { 200: Success(Type.Object({})) },
  errors: [401, 403, 404, 429],
});

export const rotateAppSecret = operation({
  operationId: "rotateAppSecret",
  summary: "Rotate an app's client or webhook secret",
  description: "The old webhook secret keeps signing beside the new one for 24 hours.",
  tag: "platform: apps",
  method: "POST",
  path: "/platform/v1/apps/:app_id/secrets/rotate",
  credentials: directory,
  params: AppParams,
  body: Type.Object({ type: OneOf(["client", "webhook"] as const) }),
  responses: {
    200: Success(
      Type.Object({
        client_secret: Type.Optional(Type.String({ description: "when type is client" })),
        webhook_secret: Type.Optional(Type.String({ description: "when type is webhook" })),
      }),
    ),
  },
  errors: JSON_ERRORS,
});

export const createBusiness = operation({
  operationId: "createBusiness",
  summary: "Create a business with its first admin",
  tag: "platform: businesses",
  method: "POST",
  path: "/platform/v1/businesses",
  credentials: directory,
  body: Type.Object({ name: Text(255), admin: Type.Object(StaffFields) }),
  responses: { 201: Success(Type.Object({ business: Business, staff: Staff })) },
  errors: [401, 403, 415, 422, 429],
});

export const listBusinesses = operation({
  operationId: "listBusinesses",
  summary: "List businesses",
  tag: "platform: businesses",
  method: "GET",
  path: "/platform/v1/businesses",
  credentials: directory,
  querystring: Type.Object(PageQuery),
  responses: { 200: Success(Type.Object({ businesses: Type.Array(Business), pagination: Pagination })) },
  errors: [401, 403, 422, 429],
});

export const getBusiness = operation({
  operationId: "getBusiness",
  summary: "Get a business",
  tag: "platform: businesses",
  method: "GET",
  path: "/platform/v1/businesses/:uid",
  credentials: directory,
  params: BusinessParams,
  responses: { 200: Success(Type.Object({ business: Business })) },
  errors: [401, 403, 404, 429],
});

export const addStaff = operation({
  operationId: "addStaff",
  summary: "Add a staff member to a business",
  tag: "platform: businesses",
  method: "POST",
  path: "/platform/v1/businesses/:uid/staffs",
  credentials: directory,
  params: BusinessParams,
  body: Type.Object({ ...StaffFields, role: Type.Optional(OneOf(STAFF_ROLES)) }),
  responses: { 201: Success(Type.Object({ staff: Staff })) },
  errors: JSON_ERRORS,
});

export const listStaff = operation({
  operationId: "listStaff",
  summary: "List a business's staff",
  tag: "platform: businesses",
  method: "GET",
  path: "/platform/v1/businesses/:uid/staffs",
  credentials: directory,
  params: BusinessParams,
  responses: { 200: Success(Type.Object({ staffs: Type.Array(Staff) })) },
  errors: [401, 403, 404, 429],
});

export const installApp = operation({
  operationId: "installApp",
  summary: "Install an app on a business without the consent screen",
  description: "201 when installed now, 200 when it was installed already.",
  tag: "platform: businesses",
  method: "POST",
  path: "/platform/v1/businesses/:uid/apps",
  credentials: directory,
  params: BusinessParams,
  body: Type.Object({ app_code_name: Text(64) }),
  responses: {
    200: Success(
      Type.Object({
        installation: Type.Object({
          business_uid: Type.String(),
          app_id: Type.String(),
          app_code_name: Type.String(),
        }),
      }),
    ),
    201: Success(
      Type.Object({
        installation: Type.Object({
          business_uid: Type.String(),
          app_id: Type.String(),
          app_code_name: Type.String(),
        }),
      }),
    ),
  },
  errors: JSON_ERRORS,
});

export const listInstallations = operation({
  operationId: "listInstallations",
  summary: "List the apps installed on a business",
  tag: "platform: businesses",
  method: "GET",
  path: "/platform/v1/businesses/:uid/apps",
  credentials: directory,
  params: BusinessParams,
  responses: { 200: Success(Type.Object({ installations: Type.Array(Installation) })) },
  errors: [401, 403, 404, 429],
});

export const uninstallApp = operation({
  operationId: "uninstallApp",
  summary: "Uninstall an app from a business",
  description: "The app's channels at the business become inactive, and the app hears of each.",
  tag: "platform: businesses",
  method: "DELETE",
  path: "/platform/v1/businesses/:uid/apps/:app_code_name",
  credentials: directory,
  params: Type.Object({ uid: UidInput(), app_code_name: Text(64) }),
  responses: { 200: Success(Type.Object({})) },
  errors: [401, 403, 404, 429],
});

export const mintToken = operation({
  operationId: "mintToken",
  summary: "Mint a token for automation",
  description: "`{app_id, business_uid}` (or `{app_id}` for an app-level token) or `{staff_uid}`, not both.",
  tag: "platform: tokens",
  method: "POST",
  path: "/platform/v1/tokens",
  credentials: directory,
  body: Type.Object({
    app_id: Type.Optional(UidInput("app_id")),
    business_uid: Type.Optional(UidInput("business_uid")),
    staff_uid: Type.Optional(UidInput("staff_uid")),
  }),
  responses: {
    201: Success(
      Type.Object({ token: Type.String(), expires_in: Type.Integer(), token_type: Type.Literal("Bearer") }),
    ),
  },
  errors: JSON_ERRORS,
});

const ClientsCaller = ["directory", "app"] as const;

export const createClient = operation({
  operationId: "createClient",
  summary: "Create a client (with its default matter)",
  tag: "clients",
  method: "POST",
  path: "/platform/v1/clients",
  credentials: ClientsCaller,
  headers: OnBehalfOf,
  body: Type.Composite([Type.Object({ business_uid: Type.Optional(UidInput()) }), ContactInput]),
  responses: { 201: Success(Type.Object({ client: Client, matter: Matter })) },
  errors: JSON_ERRORS,
});

export const listClients = operation({
  operationId: "listClients",
  summary: "List or search a business's clients",
  tag: "clients",
  method: "GET",
  path: "/platform/v1/clients",
  credentials: ClientsCaller,
  headers: OnBehalfOf,
  querystring: Type.Object({
    business_uid: Type.Optional(UidInput()),
    search_term: Type.Optional(Type.String({ maxLength: 255, description: "name, phone or email" })),
    ...PageQuery,
  }),
  responses: { 200: Success(Type.Object({ clients: Type.Array(Client), pagination: Pagination })) },
  errors: [401, 403, 404, 422, 429],
});

export const getClient = operation({
  operationId: "getClient",
  summary: "Get a client",
  tag: "clients",
  method: "GET",
  path: "/platform/v1/clients/:uid",
  credentials: ClientsCaller,
  headers: OnBehalfOf,
  params: Type.Object({ uid: UidInput() }),
  querystring: Type.Object({ business_uid: Type.Optional(UidInput()) }),
  responses: { 200: Success(Type.Object({ client: Client })) },
  errors: [401, 403, 404, 422, 429],
});

const ContactParams = Type.Object({ client_uid: UidInput("client uid") });

export const createMatter = operation({
  operationId: "createMatter",
  summary: "Add a matter to a client",
  tag: "clients",
  method: "POST",
  path: "/business/clients/v1/contacts/:client_uid/matters",
  credentials: ClientsCaller,
  headers: OnBehalfOf,
  params: ContactParams,
  body: Type.Object({ display_name: Text(255), business_uid: Type.Optional(UidInput()) }),
  responses: { 201: Success(Type.Object({ matter: Matter })) },
  errors: JSON_ERRORS,
});

export const listMatters = operation({
  operationId: "listMatters",
  summary: "List a client's matters",
  tag: "clients",
  method: "GET",
  path: "/business/clients/v1/contacts/:client_uid/matters",
  credentials: ClientsCaller,
  headers: OnBehalfOf,
  params: ContactParams,
  responses: { 200: Success(Type.Object({ matters: Type.Array(Matter) })) },
  errors: [401, 403, 404, 429],
});

export const setChannelStatusAsDirectory = operation({
  operationId: "setChannelStatusAsDirectory",
  summary: "Set a channel's status (the directory may block it)",
  tag: "platform: channels",
  method: "PUT",
  path: "/platform/v1/channels/:uid",
  credentials: directory,
  params: Type.Object({ uid: UidInput() }),
  body: Type.Object({ status: OneOf(["active", "inactive", "blocked", "deleted"] as const) }),
  responses: { 200: Success(Type.Object({ channel: Channel })) },
  errors: [401, 403, 404, 409, 415, 422, 429],
});
