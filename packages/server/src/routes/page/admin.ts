import type { FastifyRequest } from "fastify";
import type { PrincipalOf } from "../../auth/principal.js";
import { forbidden } from "../../errors.js";
import { principalOf } from "../../http/authenticate.js";

/** The signed-in staff member, who must be one of the business's admins (403 otherwise). */
export function adminOf(request: FastifyRequest): PrincipalOf<"staff"> {
  const staff = principalOf(request, "staff");
  if (staff.role !== "admin") throw forbidden("only business admins can do this");
  return staff;
}
