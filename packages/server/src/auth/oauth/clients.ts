import type { Kysely } from "kysely";
import type { ClientMetadata } from "oidc-provider";
import type { AppRow, Database } from "../../storage/schema.js";
import { hmacHex, safeEqual, sha256 } from "../secrets.js";
import { deriveKey } from "./keys.js";
import { appScopes } from "./scopes.js";

/**
 * Tandem's apps are oidc-provider's clients. Their secrets are stored only as a SHA-256 digest, but
 * oidc-provider compares plaintext secrets: so Tandem checks the presented secret against the digest
 * itself, then hands oidc-provider a secret derived from the server key and the secret's version.
 * Rotating the secret bumps the version, so the derived secret changes with it.
 */
export class ClientDirectory {
  private readonly derivationKey: Buffer;

  constructor(
    private readonly db: Kysely<Database>,
    secretKey: Buffer,
  ) {
    this.derivationKey = deriveKey(secretKey, "client-secret");
  }

  async find(clientId: string): Promise<AppRow | null> {
    const app = await this.db
      .selectFrom("apps")
      .selectAll()
      .where("client_id", "=", clientId)
      .where("deleted_at", "is", null)
      .executeTakeFirst();
    return app ?? null;
  }

  /** The app whose secret this is, or null; the comparison takes the same time whatever the secret. */
  async authenticate(clientId: string, presentedSecret: string): Promise<AppRow | null> {
    const app = await this.find(clientId);
    const matches = safeEqual(sha256(presentedSecret), app?.client_secret_hash ?? sha256(""));
    return app && matches ? app : null;
  }

  /** The stand-in secret oidc-provider sees for the app's current secret version. */
  providerSecret(app: Pick<AppRow, "client_id" | "client_secret_version">): string {
    return hmacHex(this.derivationKey, `${app.client_id}:${app.client_secret_version}`);
  }

  /** The app as oidc-provider client metadata. */
  async metadata(clientId: string): Promise<ClientMetadata | undefined> {
    const app = await this.find(clientId);
    if (!app) return undefined;
    return {
      client_id: app.client_id,
      client_secret: this.providerSecret(app),
      client_name: app.name,
      redirect_uris: [app.redirect_uri],
      grant_types: ["authorization_code", "refresh_token", "client_credentials"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
      scope: appScopes(app).join(" "),
    };
  }
}
