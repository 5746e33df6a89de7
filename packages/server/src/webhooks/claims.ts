import type { Kysely } from "kysely";
import { isoAfter } from "../clock.js";
import type { Database, DeliveryRow } from "../storage/schema.js";

export interface ClaimRequest {
  now: string;
  workerId: string;
  leaseMs: number;
  /** Free slots per app; an app missing here has `defaultSlots`. */
  slotsByApp: ReadonlyMap<string, number>;
  defaultSlots: number;
  limit: number;
  /** PostgreSQL: rows another worker is claiming are skipped instead of waited for. */
  skipLocked: boolean;
}

/**
 * Claims due deliveries for one worker, in one transaction: a delivery is due when it is pending
 * and its time has come, or when another worker's lease on it ran out; it is eligible only when no
 * earlier delivery with the same ordering key is still unfinished (order per session or channel).
 * Apps without a free slot are left out of the query itself, so a slow app never fills the batch.
 */
export async function claimDue(db: Kysely<Database>, request: ClaimRequest): Promise<DeliveryRow[]> {
  const saturated = [...request.slotsByApp].filter(([, slots]) => slots <= 0).map(([appId]) => appId);
  return db.transaction().execute(async (trx) => {
    let query = trx
      .selectFrom("deliveries as d")
      .selectAll("d")
      .where((eb) =>
        eb.or([
          eb.and([eb("d.status", "=", "pending"), eb("d.next_attempt_at", "<=", request.now)]),
          eb.and([eb("d.status", "=", "delivering"), eb("d.lease_until", "<", request.now)]),
        ]),
      )
      .where((eb) =>
        eb.or([
          eb("d.ordering_key", "is", null),
          eb.not(
            eb.exists(
              eb
                .selectFrom("deliveries as e")
                .select("e.seq")
                .whereRef("e.ordering_key", "=", "d.ordering_key")
                .whereRef("e.seq", "<", "d.seq")
                .where("e.status", "in", ["pending", "delivering"]),
            ),
          ),
        ]),
      );
    if (saturated.length > 0) query = query.where("d.app_id", "not in", saturated);
    query = query.orderBy("d.seq").limit(request.limit);
    if (request.skipLocked) query = query.forUpdate().skipLocked();
    const candidates = await query.execute();

    const remaining = new Map(request.slotsByApp);
    const chosen = candidates.filter((delivery) => {
      const free = remaining.get(delivery.app_id) ?? request.defaultSlots;
      if (free <= 0) return false;
      remaining.set(delivery.app_id, free - 1);
      return true;
    });
    if (chosen.length === 0) return [];

    const leaseUntil = isoAfter(request.now, request.leaseMs);
    const claim = {
      status: "delivering" as const,
      lease_until: leaseUntil,
      leased_by: request.workerId,
      updated_at: request.now,
    };
    await trx
      .updateTable("deliveries")
      .set(claim)
      .where(
        "uid",
        "in",
        chosen.map((delivery) => delivery.uid),
      )
      .execute();
    return chosen.map((delivery) => ({ ...delivery, ...claim }));
  });
}
