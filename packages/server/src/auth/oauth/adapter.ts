import type { Kysely } from "kysely";
import type { Adapter, AdapterFactory, AdapterPayload } from "oidc-provider";
import type { Database } from "../../storage/schema.js";
import { sha256 } from "../secrets.js";
import type { ClientDirectory } from "./clients.js";

/** Models whose ids are bearer credentials: stored only as a digest, like every other Tandem token. */
const CREDENTIAL_MODELS = new Set(["AccessToken", "RefreshToken", "AuthorizationCode", "ClientCredentials"]);
const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

/**
 * How long after its rotation a refresh token may be presented again and still be rotated (SPEC §3):
 * an app whose answer was lost retries with the token it still holds. Later, a reuse means the token
 * leaked, and oidc-provider revokes the grant (RFC 9700 §4.14.2).
 */
export const REFRESH_REUSE_GRACE_MS = 60_000;

/** Milliseconds since the epoch; tests move it to step past the grace window. */
export type Clock = () => number;

const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

function parsePayload(text: string): AdapterPayload | undefined {
  const value: unknown = JSON.parse(text);
  // oidc-provider wrote this object itself; its shape is oidc-provider's to check.
  return typeof value === "object" && value !== null ? (value as AdapterPayload) : undefined;
}

/** Deletes expired rows now and then, so the table does not grow with every token ever issued. */
class ExpiredPayloadSweeper {
  private lastSweep = 0;

  constructor(private readonly db: Kysely<Database>) {}

  async maybeSweep(): Promise<void> {
    const now = Date.now();
    if (now - this.lastSweep < SWEEP_INTERVAL_MS) return;
    this.lastSweep = now;
    await this.db
      .deleteFrom("oauth_payloads")
      .where("expires_at", "<", new Date(now).toISOString())
      .execute();
  }
}

/** oidc-provider's sessions, interactions, grants, codes and tokens, one row each in `oauth_payloads`. */
class PayloadStore implements Adapter {
  private readonly hashesIds: boolean;
  /** How long a consumed payload still reads as unused: only refresh tokens have a grace window. */
  private readonly reuseGraceMs: number;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly model: string,
    private readonly sweeper: ExpiredPayloadSweeper,
    private readonly now: Clock,
  ) {
    this.hashesIds = CREDENTIAL_MODELS.has(model);
    this.reuseGraceMs = model === "RefreshToken" ? REFRESH_REUSE_GRACE_MS : 0;
  }

  /** Consumed for oidc-provider: a refresh token inside its grace window reads as unused, so it rotates again. */
  private readsConsumed(consumedAt: string | null): consumedAt is string {
    return consumedAt !== null && this.now() - Date.parse(consumedAt) >= this.reuseGraceMs;
  }

  private storedId(id: string): string {
    return this.hashesIds ? sha256(id) : id;
  }

  private query() {
    return this.db
      .selectFrom("oauth_payloads")
      .select(["payload", "consumed_at"])
      .where("model", "=", this.model)
      .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", new Date().toISOString())]));
  }

  private revive(
    row: { payload: string; consumed_at: string | null } | undefined,
    id?: string,
  ): AdapterPayload | undefined {
    if (!row) return undefined;
    const payload = parsePayload(row.payload);
    if (!payload) return undefined;
    return {
      ...payload,
      ...(this.hashesIds && id ? { jti: id } : {}),
      ...(this.readsConsumed(row.consumed_at) ? { consumed: epochSeconds(row.consumed_at) } : {}),
    };
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    // A credential's own value never reaches the database; find() puts it back from the lookup key.
    const { jti: _value, ...withoutValue } = payload;
    const columns = {
      payload: JSON.stringify(this.hashesIds ? withoutValue : payload),
      grant_id: payload.grantId ?? null,
      uid: payload.uid ?? null,
      user_code: payload.userCode ?? null,
      expires_at: expiresIn ? new Date(Date.now() + expiresIn * 1000).toISOString() : null,
    };
    await this.db
      .insertInto("oauth_payloads")
      .values({ model: this.model, id: this.storedId(id), consumed_at: null, ...columns })
      .onConflict((conflict) => conflict.columns(["model", "id"]).doUpdateSet(columns))
      .execute();
    await this.sweeper.maybeSweep();
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.revive(await this.query().where("id", "=", this.storedId(id)).executeTakeFirst(), id);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.revive(await this.query().where("uid", "=", uid).executeTakeFirst());
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.revive(await this.query().where("user_code", "=", userCode).executeTakeFirst());
  }

  async consume(id: string): Promise<void> {
    // The first consumption starts the grace window; a retry inside it must not extend it.
    await this.db
      .updateTable("oauth_payloads")
      .set({ consumed_at: new Date(this.now()).toISOString() })
      .where("model", "=", this.model)
      .where("id", "=", this.storedId(id))
      .where("consumed_at", "is", null)
      .execute();
  }

  async destroy(id: string): Promise<void> {
    await this.db
      .deleteFrom("oauth_payloads")
      .where("model", "=", this.model)
      .where("id", "=", this.storedId(id))
      .execute();
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.db
      .deleteFrom("oauth_payloads")
      .where("model", "=", this.model)
      .where("grant_id", "=", grantId)
      .execute();
  }
}

/** Clients are Tandem's apps, read from `apps`; they are registered through the platform API only. */
class AppClientStore implements Adapter {
  constructor(private readonly clients: ClientDirectory) {}

  async find(clientId: string): Promise<AdapterPayload | undefined> {
    return this.clients.metadata(clientId);
  }

  private readOnly(): never {
    throw new Error("OAuth clients are Tandem apps; change them through the platform API");
  }

  async upsert(): Promise<void> {
    this.readOnly();
  }
  async findByUid(): Promise<undefined> {
    return undefined;
  }
  async findByUserCode(): Promise<undefined> {
    return undefined;
  }
  async consume(): Promise<void> {
    this.readOnly();
  }
  async destroy(): Promise<void> {
    this.readOnly();
  }
  async revokeByGrantId(): Promise<void> {
    this.readOnly();
  }
}

export function kyselyAdapter(db: Kysely<Database>, clients: ClientDirectory, now: Clock): AdapterFactory {
  const sweeper = new ExpiredPayloadSweeper(db);
  return (model: string) =>
    model === "Client" ? new AppClientStore(clients) : new PayloadStore(db, model, sweeper, now);
}
