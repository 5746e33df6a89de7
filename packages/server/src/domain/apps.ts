import { randomBytes } from "node:crypto";
import { randomToken, sha256 } from "../auth/secrets.js";
import { newUid } from "../clock.js";
import { AppError, conflict, notFound } from "../errors.js";
import { isUniqueViolation } from "../storage/constraint-errors.js";
import type { AppRow } from "../storage/schema.js";
import type { Domain } from "./context.js";

export interface AppInput {
  name: string;
  app_type: string[];
  redirect_uri: string;
  api_uri?: string | null;
  trusted?: boolean;
  url_params?: string[];
  scopes?: string[];
  app_layer?: string | null;
  open_channel?: boolean;
  appen_channel?: boolean;
  app_code_name?: string;
}

export const WEBHOOK_SECRET_OVERLAP_MS = 24 * 3600 * 1000;
const CODE_NAME = /^[a-zA-Z0-9]+$/;

export const isCommunicationApp = (appType: readonly string[]) => appType.includes("communication");
export const isIntegrationApp = (appType: readonly string[]) => appType.includes("integration");

/** The scopes an app asks for when its registration names none: what its types need. */
export function defaultScopes(appType: readonly string[]): string[] {
  return [
    "openid",
    "business/clients",
    ...(isCommunicationApp(appType) || !isIntegrationApp(appType) ? ["business/communication"] : []),
    ...(isIntegrationApp(appType) ? ["business/conversations"] : []),
  ];
}

function codeNameBase(name: string): string {
  const base = name.normalize("NFKD").replace(/[^a-zA-Z0-9]/g, "");
  return base.slice(0, 60) || "app";
}

/** Standard Webhooks secrets are `whsec_` and base64 of the key bytes. */
function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

async function codeNameTaken(domain: Domain, codeName: string): Promise<boolean> {
  const row = await domain.db
    .selectFrom("apps")
    .select("id")
    .where("code_name", "=", codeName)
    .executeTakeFirst();
  return row !== undefined;
}

/** The name's letters and digits, with a numeric postfix when another app has them already. */
async function freeCodeName(domain: Domain, name: string): Promise<string> {
  const base = codeNameBase(name);
  if (!(await codeNameTaken(domain, base))) return base;
  for (let postfix = 2; ; postfix++) {
    const candidate = `${base}${postfix}`;
    if (!(await codeNameTaken(domain, candidate))) return candidate;
  }
}

export function validateAppInput(input: Partial<AppInput>, creating: boolean): void {
  if (input.app_code_name !== undefined && !CODE_NAME.test(input.app_code_name)) {
    throw new AppError({
      code: "invalid",
      field: "app_code_name",
      message: "app_code_name must match ^[a-zA-Z0-9]+$",
    });
  }
  const communication = input.app_type ? isCommunicationApp(input.app_type) : false;
  if (creating && communication && !input.api_uri) {
    throw new AppError({
      code: "missing_field",
      field: "api_uri",
      message: "api_uri is required for communication apps",
    });
  }
  for (const field of ["redirect_uri", "api_uri"] as const) {
    const value = input[field];
    if (value && !/^https?:\/\//i.test(value)) {
      throw new AppError({ code: "invalid", field, message: `${field} must be an http or https URL` });
    }
  }
}

export interface CreatedApp {
  app: AppRow;
  clientSecret: string;
  webhookSecret: string;
}

export async function createApp(domain: Domain, input: AppInput): Promise<CreatedApp> {
  validateAppInput(input, true);
  const clientSecret = randomToken("tcs_");
  const webhookSecret = newWebhookSecret();
  const explicitCodeName = input.app_code_name;
  for (let attempt = 0; attempt < 5; attempt++) {
    const codeName = explicitCodeName ?? (await freeCodeName(domain, input.name));
    if (explicitCodeName && (await codeNameTaken(domain, explicitCodeName))) {
      throw new AppError({
        code: "already_exists",
        field: "app_code_name",
        message: "app_code_name is taken",
      });
    }
    try {
      const app = await domain.writer.run(async ({ db, now }) => {
        const row: AppRow = {
          id: newUid(),
          code_name: codeName,
          name: input.name,
          app_type: JSON.stringify(input.app_type),
          redirect_uri: input.redirect_uri,
          api_uri: input.api_uri ?? null,
          trusted: input.trusted ? 1 : 0,
          url_params: JSON.stringify(input.url_params ?? []),
          scopes: JSON.stringify(input.scopes ?? defaultScopes(input.app_type)),
          app_layer: input.app_layer ?? null,
          open_channel: (input.open_channel ?? input.appen_channel) ? 1 : 0,
          client_id: randomToken("", 24),
          client_secret_hash: sha256(clientSecret),
          client_secret_version: 1,
          webhook_secret_enc: domain.secrets.seal(webhookSecret),
          previous_webhook_secret_enc: null,
          previous_webhook_secret_until: null,
          failing_since: null,
          unreachable: 0,
          last_success_at: null,
          created_at: now,
          updated_at: now,
          deleted_at: null,
        };
        await db.insertInto("apps").values(row).execute();
        return row;
      });
      return { app, clientSecret, webhookSecret };
    } catch (error) {
      // Two apps with the same name at once: the loser picks the next free postfix.
      if (!isUniqueViolation(error) || explicitCodeName) throw error;
    }
  }
  throw new AppError({
    code: "conflict",
    field: "app_code_name",
    message: "could not find a free app_code_name",
  });
}

export async function findApp(domain: Domain, appId: string): Promise<AppRow> {
  const app = await domain.db
    .selectFrom("apps")
    .selectAll()
    .where("id", "=", appId)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  if (!app) throw notFound("app", "app_id");
  return app;
}

export async function listApps(domain: Domain, page: number, perPage: number) {
  const base = domain.db.selectFrom("apps").where("deleted_at", "is", null);
  const [rows, total] = await Promise.all([
    base
      .selectAll()
      .orderBy("created_at")
      .orderBy("id")
      .limit(perPage)
      .offset((page - 1) * perPage)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as("count")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.count) };
}

export async function updateApp(domain: Domain, appId: string, input: Partial<AppInput>): Promise<AppRow> {
  const current = await findApp(domain, appId);
  validateAppInput(input, false);
  const appType = input.app_type ?? (JSON.parse(current.app_type) as string[]);
  const apiUri = input.api_uri === undefined ? current.api_uri : input.api_uri;
  if (isCommunicationApp(appType) && !apiUri) {
    throw new AppError({
      code: "missing_field",
      field: "api_uri",
      message: "api_uri is required for communication apps",
    });
  }
  if (input.app_code_name && input.app_code_name !== current.code_name) {
    throw new AppError({ code: "invalid", field: "app_code_name", message: "app_code_name cannot change" });
  }
  const openChannel = input.open_channel ?? input.appen_channel;
  const app = await domain.writer.run(async ({ db, now }) => {
    await db
      .updateTable("apps")
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.app_type !== undefined ? { app_type: JSON.stringify(input.app_type) } : {}),
        ...(input.redirect_uri !== undefined ? { redirect_uri: input.redirect_uri } : {}),
        ...(input.api_uri !== undefined ? { api_uri: input.api_uri } : {}),
        ...(input.trusted !== undefined ? { trusted: input.trusted ? 1 : 0 } : {}),
        ...(input.url_params !== undefined ? { url_params: JSON.stringify(input.url_params) } : {}),
        ...(input.scopes !== undefined ? { scopes: JSON.stringify(input.scopes) } : {}),
        ...(input.app_layer !== undefined ? { app_layer: input.app_layer } : {}),
        ...(openChannel !== undefined ? { open_channel: openChannel ? 1 : 0 } : {}),
        updated_at: now,
      })
      .where("id", "=", appId)
      .execute();
    return db.selectFrom("apps").selectAll().where("id", "=", appId).executeTakeFirstOrThrow();
  });
  domain.apps.forget(appId);
  return app;
}

export async function deleteApp(domain: Domain, appId: string): Promise<void> {
  await findApp(domain, appId);
  await domain.writer.run(async ({ db, now }) => {
    await db.updateTable("apps").set({ deleted_at: now, updated_at: now }).where("id", "=", appId).execute();
    await db.deleteFrom("api_tokens").where("app_id", "=", appId).execute();
  });
  domain.apps.forget(appId);
}

/** A new client secret (the old one stops at once) or a new webhook secret (the old one signs for 24 h more). */
export async function rotateSecret(domain: Domain, appId: string, type: "client" | "webhook") {
  const current = await findApp(domain, appId);
  if (type === "client") {
    const clientSecret = randomToken("tcs_");
    await domain.writer.run(async ({ db, now }) => {
      await db
        .updateTable("apps")
        .set({
          client_secret_hash: sha256(clientSecret),
          client_secret_version: current.client_secret_version + 1,
          updated_at: now,
        })
        .where("id", "=", appId)
        .execute();
    });
    domain.apps.forget(appId);
    return { client_secret: clientSecret };
  }
  const webhookSecret = newWebhookSecret();
  await domain.writer.run(async ({ db, now }) => {
    // Compare-and-set on the ciphertext: `tandem secrets:reencrypt` may reseal the secret meanwhile,
    // and the old secret is kept as the database holds it now, not as it was read before.
    for (let attempt = 0; attempt < 3; attempt++) {
      const { webhook_secret_enc: sealed } = await db
        .selectFrom("apps")
        .select("webhook_secret_enc")
        .where("id", "=", appId)
        .executeTakeFirstOrThrow();
      const updated = await db
        .updateTable("apps")
        .set({
          webhook_secret_enc: domain.secrets.seal(webhookSecret),
          previous_webhook_secret_enc: sealed,
          previous_webhook_secret_until: new Date(Date.parse(now) + WEBHOOK_SECRET_OVERLAP_MS).toISOString(),
          updated_at: now,
        })
        .where("id", "=", appId)
        .where("webhook_secret_enc", "=", sealed)
        .executeTakeFirst();
      if (updated.numUpdatedRows > 0n) return;
    }
    throw conflict("the webhook secret changed while it was being rotated; try again", "type");
  });
  domain.apps.forget(appId);
  return { webhook_secret: webhookSecret };
}
