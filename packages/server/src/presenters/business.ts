import type { Business, Staff } from "@tandem/contract";
import type { BusinessRow, StaffRow } from "../storage/schema.js";

export const presentStaff = (
  staff: Pick<StaffRow, "uid" | "email" | "display_name" | "role" | "business_uid">,
): Staff => ({
  uid: staff.uid,
  email: staff.email,
  display_name: staff.display_name,
  role: staff.role,
  business_uid: staff.business_uid,
});

export const presentBusiness = (business: BusinessRow): Business => ({
  uid: business.uid,
  name: business.name,
  created_at: business.created_at,
});
