import { sql } from "kysely";
import { ping } from "../storage/dialects/array-parameters.js";
import type { DeliveryStatus } from "../storage/schema.js";
import type { Domain } from "./context.js";

/** Whether the database answers a statement now. */
export async function databaseAnswers({ db }: Pick<Domain, "db">): Promise<boolean> {
  try {
    await ping.execute(db);
    return true;
  } catch {
    return false;
  }
}

/** The webhook outbox's backlog: how many deliveries are unfinished, and since when the oldest. */
export async function undeliveredBacklog({
  db,
}: Pick<Domain, "db">): Promise<{ depth: number; oldest: string | null }> {
  const waiting = await db
    .selectFrom("deliveries")
    .select([(eb) => eb.fn.countAll<number>().as("depth"), (eb) => eb.fn.min("created_at").as("oldest")])
    // Literals, so the partial index of unfinished deliveries applies.
    .where("status", "in", [sql.lit<DeliveryStatus>("pending"), sql.lit<DeliveryStatus>("delivering")])
    .executeTakeFirstOrThrow();
  return { depth: Number(waiting.depth), oldest: waiting.oldest ? String(waiting.oldest) : null };
}
