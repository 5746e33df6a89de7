import { page } from "@tandem/contract";
import { STAFF_SESSION_COOKIE, STAFF_SESSION_TTL_MS } from "../../auth/staff-sessions.js";
import { throttledMessage } from "../../auth/staff-sign-in.js";
import { findBusiness } from "../../domain/businesses.js";
import { AppError, unauthorized } from "../../errors.js";
import type { Api, RouteDeps } from "../../http/api.js";
import { principalOf } from "../../http/authenticate.js";
import { routeSchema } from "../../http/operation-schema.js";
import { ok } from "../../http/reply.js";
import { presentStaff } from "../../presenters/business.js";

export function registerPageAuthRoutes(api: Api, { domain, auth }: RouteDeps, secureCookies: boolean): void {
  api.post(page.signIn.path, { schema: routeSchema(page.signIn) }, async (request, reply) => {
    const signedIn = await auth.signIn(request.body.email, request.body.password);
    if ("refused" in signedIn) {
      if (signedIn.refused === "credentials") throw unauthorized("wrong email or password");
      reply.header("retry-after", String(signedIn.retryAfterS));
      throw new AppError({ code: "rate_limited", message: throttledMessage(signedIn.retryAfterS) });
    }
    const { staff } = signedIn;
    const sessionId = await auth.openSession(staff.uid);
    reply.setCookie(STAFF_SESSION_COOKIE, sessionId, {
      httpOnly: true,
      sameSite: "lax",
      secure: secureCookies,
      path: "/",
      maxAge: STAFF_SESSION_TTL_MS / 1000,
    });
    return ok({ staff: presentStaff(staff) });
  });

  api.post(
    page.signOut.path,
    { onRequest: auth.require("staff"), schema: routeSchema(page.signOut) },
    async (request, reply) => {
      const sessionId = request.cookies[STAFF_SESSION_COOKIE];
      // The page's sockets opened with this session close too (in other processes, within a check).
      if (sessionId) await auth.signOut(sessionId);
      reply.clearCookie(STAFF_SESSION_COOKIE, { path: "/" });
      return ok({});
    },
  );

  api.get(
    page.whoAmI.path,
    { onRequest: auth.require("staff"), schema: routeSchema(page.whoAmI) },
    async (request) => {
      const staff = principalOf(request, "staff");
      const business = await findBusiness(domain, staff.businessUid);
      return ok({
        staff: presentStaff({
          uid: staff.staffUid,
          email: staff.email,
          display_name: staff.displayName,
          role: staff.role,
          business_uid: staff.businessUid,
        }),
        business: { uid: business.uid, name: business.name },
      });
    },
  );
}
