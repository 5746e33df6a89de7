import type { Kysely } from "kysely";
import { isoAfter, nowIso } from "../clock.js";
import type { Database } from "../storage/schema.js";
import type { PrincipalOf } from "./principal.js";
import { randomToken, sha256 } from "./secrets.js";
import { staffPrincipal } from "./staff-principal.js";

/** Page sign-ins live in the database (hashed), so they survive restarts and work on every process. */
export const STAFF_SESSION_COOKIE = "tandem_session";
export const STAFF_SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

export async function openStaffSession(db: Kysely<Database>, staffUid: string): Promise<string> {
  const id = randomToken("tses_");
  const now = nowIso();
  await db
    .insertInto("staff_sessions")
    .values({
      id_hash: sha256(id),
      staff_uid: staffUid,
      created_at: now,
      expires_at: isoAfter(now, STAFF_SESSION_TTL_MS),
    })
    .execute();
  return id;
}

export async function closeStaffSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom("staff_sessions").where("id_hash", "=", sha256(id)).execute();
}

export async function staffFromSession(
  db: Kysely<Database>,
  id: string,
): Promise<PrincipalOf<"staff"> | null> {
  const session = await db
    .selectFrom("staff_sessions")
    .select("staff_uid")
    .where("id_hash", "=", sha256(id))
    .where("expires_at", ">", nowIso())
    .executeTakeFirst();
  return session ? staffPrincipal(db, session.staff_uid) : null;
}
