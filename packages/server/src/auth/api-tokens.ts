import type { Kysely } from "kysely";
import { isoAfter, nowIso } from "../clock.js";
import { BatchedLookup } from "../storage/batched-lookup.js";
import { anyOf } from "../storage/dialects/array-parameters.js";
import { prepare } from "../storage/prepared.js";
import type { Database } from "../storage/schema.js";
import type { Principal, TokenVerifier } from "./principal.js";
import { randomToken, sha256 } from "./secrets.js";
import { staffPrincipal } from "./staff-principal.js";

/** Tokens the directory mints for automation (`POST /platform/v1/tokens`) and staff bearer tokens. */
export const MINTED_APP_PREFIX = "tapp_";
export const MINTED_STAFF_PREFIX = "tstf_";
export const MINTED_TOKEN_TTL_S = 30 * 24 * 3600;

export interface MintRequest {
  kind: "app" | "staff";
  appId?: string;
  businessUid?: string;
  staffUid?: string;
  scopes: string[];
  now: string;
}

export async function mintToken(db: Kysely<Database>, request: MintRequest) {
  const token = randomToken(request.kind === "app" ? MINTED_APP_PREFIX : MINTED_STAFF_PREFIX);
  await db
    .insertInto("api_tokens")
    .values({
      token_hash: sha256(token),
      kind: request.kind,
      app_id: request.appId ?? null,
      business_uid: request.businessUid ?? null,
      staff_uid: request.staffUid ?? null,
      scopes: JSON.stringify(request.scopes),
      created_at: request.now,
      expires_at: isoAfter(request.now, MINTED_TOKEN_TTL_S * 1000),
    })
    .execute();
  return { token, expires_in: MINTED_TOKEN_TTL_S };
}

export async function revokeMintedToken(db: Kysely<Database>, token: string): Promise<boolean> {
  const result = await db.deleteFrom("api_tokens").where("token_hash", "=", sha256(token)).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The token, and for app tokens whether the app still exists. */
const liveTokens = (db: Kysely<Database>) =>
  db
    .selectFrom("api_tokens")
    .leftJoin("apps", (join) =>
      join.onRef("apps.id", "=", "api_tokens.app_id").on("apps.deleted_at", "is", null),
    )
    .select([
      "api_tokens.token_hash",
      "api_tokens.kind",
      "api_tokens.app_id",
      "api_tokens.business_uid",
      "api_tokens.staff_uid",
      "api_tokens.scopes",
      "apps.id as live_app_id",
    ]);

const liveToken = prepare<{ tokenHash: string; now: string }>()((db, value) =>
  liveTokens(db)
    .where("api_tokens.token_hash", "=", value("tokenHash"))
    .where("api_tokens.expires_at", ">", value("now")),
);

/** PostgreSQL only (an array parameter): the tokens of concurrent requests in one statement. */
const liveTokensAmong = prepare<{ tokenHashes: string[]; now: string }>()((db, value) =>
  liveTokens(db)
    .where("api_tokens.token_hash", "=", anyOf<string>(value("tokenHashes")))
    .where("api_tokens.expires_at", ">", value("now")),
);

const tokenByHash = new BatchedLookup({
  one: (db, tokenHash: string) => liveToken.first(db, { tokenHash, now: nowIso() }),
  many: (db, tokenHashes) => liveTokensAmong.all(db, { tokenHashes: [...tokenHashes], now: nowIso() }),
  matches: (tokenHash, row) => row.token_hash === tokenHash,
  keyOf: (tokenHash) => tokenHash,
});

export function mintedTokenVerifier(db: Kysely<Database>): TokenVerifier {
  return {
    async verify(token: string): Promise<Principal | null> {
      if (!token.startsWith(MINTED_APP_PREFIX) && !token.startsWith(MINTED_STAFF_PREFIX)) return null;
      const row = await tokenByHash.load(db, sha256(token));
      if (!row) return null;
      if (row.kind === "staff" && row.staff_uid) return staffPrincipal(db, row.staff_uid);
      if (row.kind === "app" && row.app_id && row.live_app_id) {
        return {
          kind: "app",
          appId: row.app_id,
          businessUid: row.business_uid,
          scopes: JSON.parse(row.scopes),
        };
      }
      return null;
    },
  };
}
