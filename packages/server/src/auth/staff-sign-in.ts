import type { Kysely } from "kysely";
import { normalizeEmail } from "../domain/businesses.js";
import type { Database, StaffRow } from "../storage/schema.js";
import { verifyPassword } from "./passwords.js";

// A well-formed hash to check against when the email is unknown, so timing does not tell which emails exist.
const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/** The staff member with this email and password, for the page's sign-in and OAuth's alike. */
export async function staffByCredentials(
  db: Kysely<Database>,
  email: string,
  password: string,
): Promise<StaffRow | null> {
  const staff = await db
    .selectFrom("staff")
    .selectAll()
    .where("email", "=", normalizeEmail(email))
    .executeTakeFirst();
  const valid = await verifyPassword(password, staff?.password_hash ?? DUMMY_HASH);
  return staff && valid ? staff : null;
}

/** A sign-in's answer: the staff member, wrong credentials, or too many failures to try now. */
export type SignInResult =
  | { staff: StaffRow }
  | { refused: "credentials" }
  | { refused: "throttled"; retryAfterS: number };

/** Wording for a throttled sign-in, the same on the page and on OAuth's sign-in page. */
export function throttledMessage(retryAfterS: number): string {
  const minutes = Math.ceil(retryAfterS / 60);
  return `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
