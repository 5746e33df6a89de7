import type { Kysely } from "kysely";
import { AppError, notFound } from "../errors.js";
import type { Database, DeliveryStatus } from "../storage/schema.js";
import type { Domain } from "./context.js";

export interface DeliveryFilter {
  appId?: string;
  businessUid?: string;
  status?: DeliveryStatus | undefined;
  event?: string | undefined;
  since?: string | undefined;
  page: number;
  perPage: number;
}

export async function listDeliveries(db: Kysely<Database>, filter: DeliveryFilter) {
  let query = db.selectFrom("deliveries");
  if (filter.appId) query = query.where("app_id", "=", filter.appId);
  if (filter.businessUid) query = query.where("business_uid", "=", filter.businessUid);
  if (filter.status) query = query.where("status", "=", filter.status);
  if (filter.event) query = query.where("event", "=", filter.event);
  if (filter.since) query = query.where("created_at", ">=", filter.since);
  const [rows, total] = await Promise.all([
    query
      .selectAll()
      .orderBy("seq", "desc")
      .limit(filter.perPage)
      .offset((filter.page - 1) * filter.perPage)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as("count")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.count) };
}

export async function findDelivery(db: Kysely<Database>, uid: string, businessUid?: string) {
  let query = db.selectFrom("deliveries").selectAll().where("uid", "=", uid);
  if (businessUid) query = query.where("business_uid", "=", businessUid);
  const delivery = await query.executeTakeFirst();
  if (!delivery) throw notFound("delivery", "uid");
  const attempts = await db
    .selectFrom("delivery_attempts")
    .selectAll()
    .where("delivery_uid", "=", uid)
    .orderBy("attempt_number")
    .execute();
  return { delivery, attempts };
}

/** A failed (or dropped) delivery goes out again with the same webhook-id and a fresh schedule. */
export async function retryDelivery(domain: Domain, uid: string, businessUid?: string) {
  const { delivery } = await findDelivery(domain.db, uid, businessUid);
  if (delivery.status !== "failed") {
    throw new AppError({
      code: "conflict",
      field: "uid",
      message: `only failed deliveries can be retried (this one is ${delivery.status})`,
    });
  }
  await domain.writer.run(async ({ db, now }) => {
    await db
      .updateTable("deliveries")
      .set({ status: "pending", attempt_count: 0, next_attempt_at: now, completed_at: null, updated_at: now })
      .where("uid", "=", uid)
      .where("status", "=", "failed")
      .execute();
  });
  return findDelivery(domain.db, uid, businessUid);
}

/** Re-sends every failed delivery of an app since a moment (after an outage on the app's side). */
export async function recoverDeliveries(domain: Domain, appId: string, since: string): Promise<number> {
  return domain.writer.run(async ({ db, now }) => {
    const result = await db
      .updateTable("deliveries")
      .set({ status: "pending", attempt_count: 0, next_attempt_at: now, completed_at: null, updated_at: now })
      .where("app_id", "=", appId)
      .where("status", "=", "failed")
      .where("created_at", ">=", since)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  });
}
