import { mintToken } from "../auth/api-tokens.js";
import { nowIso } from "../clock.js";
import { AppError, notFound } from "../errors.js";
import { parseJson } from "../storage/json-text.js";
import { isInstalled } from "./app-scope.js";
import { findApp } from "./apps.js";
import { findBusiness } from "./businesses.js";
import type { Domain } from "./context.js";

export interface TokenRequest {
  app_id?: string | undefined;
  business_uid?: string | undefined;
  staff_uid?: string | undefined;
}

/** The directory mints an app token (for a business, or app-level) or a staff token, for automation. */
export async function mintTokenFor(
  domain: Domain,
  { app_id: appId, business_uid: businessUid, staff_uid: staffUid }: TokenRequest,
): Promise<{ token: string; expires_in: number }> {
  if (staffUid && (appId || businessUid)) {
    // One token is either an app's or a staff member's; minting one of them silently would surprise.
    const appField = appId ? "app_id" : "business_uid";
    throw new AppError({
      code: "invalid",
      field: "staff_uid",
      message: `staff_uid and ${appField} cannot be given together: a token is either a staff token or an app token`,
    });
  }
  const now = nowIso();
  let minted: { token: string; expires_in: number };
  if (staffUid) {
    const staff = await domain.db
      .selectFrom("staff")
      .select("uid")
      .where("uid", "=", staffUid)
      .executeTakeFirst();
    if (!staff) throw notFound("staff", "staff_uid");
    minted = await mintToken(domain.db, { kind: "staff", staffUid, scopes: [], now });
  } else if (appId) {
    const app = await findApp(domain, appId);
    if (businessUid) {
      await findBusiness(domain, businessUid);
      if (!(await isInstalled(domain, app.id, businessUid))) {
        throw new AppError({
          code: "invalid",
          field: "business_uid",
          message: "the app is not installed on this business",
        });
      }
    }
    const scopes = parseJson<string[]>(app.scopes, []);
    minted = await mintToken(domain.db, {
      kind: "app",
      appId: app.id,
      ...(businessUid ? { businessUid } : {}),
      scopes,
      now,
    });
  } else {
    throw new AppError({
      code: "missing_field",
      field: "app_id",
      message: "app_id (with business_uid) or staff_uid is required",
    });
  }
  return minted;
}
