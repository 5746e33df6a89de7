import { mintToken } from "../auth/api-tokens.js";
import { reencryptSecrets } from "../auth/reencrypt.js";
import { nowIso } from "../clock.js";
import { createApp, listApps } from "../domain/apps.js";
import { addStaff, createBusiness, listBusinesses } from "../domain/businesses.js";
import type { Domain } from "../domain/context.js";
import { listDeliveries, recoverDeliveries, retryDelivery } from "../domain/deliveries.js";
import { install } from "../domain/installations.js";
import { parseInputTime } from "../domain/message-time.js";
import { presentApp } from "../presenters/app.js";
import { presentBusiness, presentStaff } from "../presenters/business.js";
import { presentDeliveries, presentDeliveryDetail } from "../presenters/delivery.js";
import { parseJson } from "../storage/json-text.js";
import type { DeliveryStatus } from "../storage/schema.js";

export type Flags = Record<string, string | boolean | undefined>;

export class UsageError extends Error {}

/** Every flag the commands read; booleans stand alone, the rest take a value. */
export const FLAG_OPTIONS = {
  ...Object.fromEntries(
    [
      "name",
      "redirect-uri",
      "api-uri",
      "type",
      "admin-email",
      "admin-password",
      "admin-name",
      "business",
      "email",
      "password",
      "role",
      "app",
      "status",
      "since",
    ].map((flag) => [flag, { type: "string" as const }]),
  ),
  trusted: { type: "boolean" as const },
  "open-channel": { type: "boolean" as const },
};

function text(flags: Flags, name: string): string {
  const value = flags[name];
  if (typeof value !== "string" || value === "") throw new UsageError(`--${name} is required`);
  return value;
}

const optional = (flags: Flags, name: string): string | undefined =>
  typeof flags[name] === "string" ? (flags[name] as string) : undefined;

/** Operator tasks of SPEC §9, each a small function over the domain; the answer is printed as JSON. */
export const commands: Record<
  string,
  { usage: string; run(domain: Domain, flags: Flags, args: string[]): Promise<unknown> }
> = {
  "apps:create": {
    usage:
      "apps:create --name NAME --redirect-uri URL [--api-uri URL] [--type communication] [--trusted] [--open-channel]",
    async run(domain, flags) {
      const created = await createApp(domain, {
        name: text(flags, "name"),
        app_type: (optional(flags, "type") ?? "communication").split(","),
        redirect_uri: text(flags, "redirect-uri"),
        api_uri: optional(flags, "api-uri") ?? null,
        trusted: flags.trusted === true,
        open_channel: flags["open-channel"] === true,
      });
      return {
        ...presentApp(created.app),
        client_secret: created.clientSecret,
        webhook_secret: created.webhookSecret,
      };
    },
  },
  "apps:list": {
    usage: "apps:list",
    async run(domain) {
      return (await listApps(domain, 1, 100)).rows.map(presentApp);
    },
  },
  "businesses:create": {
    usage: "businesses:create --name NAME --admin-email EMAIL --admin-password PASSWORD [--admin-name NAME]",
    async run(domain, flags) {
      const { business, staff } = await createBusiness(domain, {
        name: text(flags, "name"),
        admin: {
          email: text(flags, "admin-email"),
          password: text(flags, "admin-password"),
          display_name: optional(flags, "admin-name") ?? "Admin",
        },
      });
      return { business: presentBusiness(business), staff: presentStaff(staff) };
    },
  },
  "businesses:list": {
    usage: "businesses:list",
    async run(domain) {
      return (await listBusinesses(domain, 1, 100)).rows.map(presentBusiness);
    },
  },
  "staff:create": {
    usage: "staff:create --business UID --email EMAIL --password PASSWORD [--name NAME] [--role admin|staff]",
    async run(domain, flags) {
      const role = optional(flags, "role") ?? "staff";
      if (role !== "admin" && role !== "staff") throw new UsageError("--role is admin or staff");
      const staff = await addStaff(domain, text(flags, "business"), {
        email: text(flags, "email"),
        password: text(flags, "password"),
        display_name: optional(flags, "name") ?? text(flags, "email"),
        role,
      });
      return presentStaff(staff);
    },
  },
  install: {
    usage: "install --business UID --app APP_CODE_NAME",
    async run(domain, flags) {
      const { app, created } = await install(domain, text(flags, "business"), text(flags, "app"));
      return { app_code_name: app.code_name, business_uid: text(flags, "business"), created };
    },
  },
  "tokens:mint": {
    usage: "tokens:mint --app APP_ID [--business UID]",
    async run(domain, flags) {
      const app = await domain.apps.find(text(flags, "app"));
      if (!app) throw new UsageError("no such app");
      const business = optional(flags, "business");
      return mintToken(domain.db, {
        kind: "app",
        appId: app.id,
        ...(business ? { businessUid: business } : {}),
        scopes: parseJson<string[]>(app.scopes, []),
        now: nowIso(),
      });
    },
  },
  "deliveries:list": {
    usage:
      "deliveries:list [--app APP_ID] [--business UID] [--status pending|delivering|succeeded|failed|dropped]",
    async run(domain, flags) {
      const app = optional(flags, "app");
      const business = optional(flags, "business");
      const { rows, parties } = await listDeliveries(domain, {
        ...(app ? { appId: app } : {}),
        ...(business ? { businessUid: business } : {}),
        status: optional(flags, "status") as DeliveryStatus | undefined,
        includeTyping: true,
        page: 1,
        perPage: 100,
      });
      return presentDeliveries(rows, parties, domain.webhookCatalog);
    },
  },
  "deliveries:retry": {
    usage: "deliveries:retry DELIVERY_UID",
    async run(domain, _flags, args) {
      const uid = args[0];
      if (!uid) throw new UsageError("the delivery uid is required");
      return presentDeliveryDetail(await retryDelivery(domain, uid), domain.webhookCatalog);
    },
  },
  "secrets:reencrypt": {
    usage: "secrets:reencrypt   (new key in TANDEM_SECRET_KEY, old in TANDEM_SECRET_KEY_PREVIOUS; online)",
    async run(domain) {
      return reencryptSecrets(domain.db, domain.secrets);
    },
  },
  "deliveries:recover": {
    usage: "deliveries:recover --app APP_ID --since TIME",
    async run(domain, flags) {
      const since = parseInputTime(text(flags, "since"), "since");
      return { recovered: await recoverDeliveries(domain, text(flags, "app"), since ?? "") };
    },
  },
};
