import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createBusiness } from "./businesses.js";
import type { Domain } from "./context.js";

export const DEMO_EMAIL = "demo@tandem.local";

export interface DemoSignIn {
  business: string;
  email: string;
  password: string;
}

export interface Demo {
  businessUid: string;
  /** Null when the password's file is gone: it cannot be printed again. */
  signIn: DemoSignIn | null;
}

/**
 * On a fresh database, a demo business with an admin to sign in as. The password is made once and
 * kept in the data folder (mode 600), so each start can print it again.
 */
export async function ensureDemo(domain: Domain, dataDir: string): Promise<Demo> {
  const file = join(dataDir, "demo-password");
  const existing = await domain.db
    .selectFrom("staff")
    .select("business_uid")
    .where("email", "=", DEMO_EMAIL)
    .executeTakeFirst();
  if (existing) {
    return {
      businessUid: existing.business_uid,
      signIn: existsSync(file)
        ? { business: "Demo Business", email: DEMO_EMAIL, password: readFileSync(file, "utf8").trim() }
        : null,
    };
  }
  const password = randomBytes(9).toString("base64url");
  const { business } = await createBusiness(domain, {
    name: "Demo Business",
    admin: { email: DEMO_EMAIL, display_name: "Demo Admin", password },
  });
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return { businessUid: business.uid, signIn: { business: "Demo Business", email: DEMO_EMAIL, password } };
}
