import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import { isoAfter } from "../clock.js";
import { prepare } from "../storage/prepared.js";
import type { Database, DeliveryRow, DeliveryStatus } from "../storage/schema.js";

type WithAlias = Database & { d: Database["deliveries"] };

/** Unfinished statuses as literals, so the partial index `deliveries_open` applies (migration 0003). */
const OPEN = [sql.lit<DeliveryStatus>("pending"), sql.lit<DeliveryStatus>("delivering")];

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
 * The two look-ups a claim makes, each walking its own partial index (migration 0004): pending
 * deliveries in `seq` order, and the few whose worker's lease ran out. Two narrow queries instead
 * of one with an OR.
 */
export function claimCandidates(db: Kysely<Database>, request: ClaimRequest) {
  const saturated = [...request.slotsByApp].filter(([, slots]) => slots <= 0).map(([appId]) => appId);
  const orderedAfterOpenOnes = (eb: ExpressionBuilder<WithAlias, "d">) =>
    eb.or([
      eb("d.ordering_key", "is", null),
      eb.not(
        eb.exists(
          eb
            .selectFrom("deliveries as e")
            .select("e.seq")
            .whereRef("e.ordering_key", "=", "d.ordering_key")
            .where("e.status", "in", OPEN)
            .whereRef("e.seq", "<", "d.seq"),
        ),
      ),
    ]);
  let due = db
    .selectFrom("deliveries as d")
    .selectAll("d")
    .where("d.status", "=", sql.lit("pending"))
    .where("d.next_attempt_at", "<=", request.now)
    .where(orderedAfterOpenOnes);
  let abandoned = db
    .selectFrom("deliveries as d")
    .selectAll("d")
    .where("d.status", "=", sql.lit("delivering"))
    .where("d.lease_until", "<", request.now)
    .where(orderedAfterOpenOnes);
  if (saturated.length > 0) {
    due = due.where("d.app_id", "not in", saturated);
    abandoned = abandoned.where("d.app_id", "not in", saturated);
  }
  due = due.orderBy("d.seq").limit(request.limit);
  // By lease, not `seq`: ordered by `seq`, SQLite walked the whole table (finished rows too)
  // instead of the partial index of leased rows, 1 ms a claim at 10,000 rows.
  abandoned = abandoned.orderBy("d.lease_until").orderBy("d.seq").limit(request.limit);
  if (request.skipLocked) {
    due = due.forUpdate().skipLocked();
    abandoned = abandoned.forUpdate().skipLocked();
  }
  return { due, abandoned };
}

/**
 * Claims due deliveries for one worker, in one transaction: a delivery is due when it is pending
 * and its time has come, or when another worker's lease on it ran out; it is eligible only when no
 * earlier delivery with the same ordering key is still unfinished (order per session or channel).
 * Apps without a free slot are left out of the query itself, so a slow app never fills the batch.
 */
export async function claimDue(db: Kysely<Database>, request: ClaimRequest): Promise<DeliveryRow[]> {
  return db.transaction().execute(async (trx) => {
    const { due, abandoned } = claimCandidates(trx, request);
    const candidates = [...(await abandoned.execute()), ...(await due.execute())];

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

export interface HandOff {
  orderingKey: string;
  now: string;
  workerId: string;
  leaseMs: number;
}

/**
 * Inside the transaction that records a finished delivery: claims the next delivery of the same
 * ordering key for the slot that just freed, so a busy conversation never waits for a general
 * claim (which walks every waiting delivery) or pays a transaction of its own.
 *
 * Only the earliest unfinished delivery of a key can be eligible, so one indexed row decides
 * (`deliveries_open`), and one statement finds and claims it: it is taken when it is due (pending,
 * its time come and not stale) or its lease ran out. Another worker that took it first left it
 * leased, and this claim passes it by.
 */
export async function claimNextOfKey(db: Kysely<Database>, handOff: HandOff): Promise<DeliveryRow | null> {
  const claimed = await claimFirstOpenOfKey.first(db, {
    orderingKey: handOff.orderingKey,
    now: handOff.now,
    workerId: handOff.workerId,
    leaseUntil: isoAfter(handOff.now, handOff.leaseMs),
  });
  return claimed ?? null;
}

/** The hand-off's one statement (exported for its query plan test). */
export const claimFirstOpenOfKey = prepare<{
  orderingKey: string;
  now: string;
  workerId: string;
  leaseUntil: string;
}>()((db, value) =>
  db
    .updateTable("deliveries")
    .set({
      status: "delivering",
      lease_until: value("leaseUntil"),
      leased_by: value("workerId"),
      updated_at: value("now"),
    })
    .where((eb) =>
      eb(
        "seq",
        "=",
        eb
          .selectFrom("deliveries as e")
          .select("e.seq")
          .where("e.ordering_key", "=", value("orderingKey"))
          .where("e.status", "in", OPEN)
          .orderBy("e.seq")
          .limit(1),
      ),
    )
    .where((eb) =>
      eb.or([
        eb.and([
          eb("status", "=", sql.lit("pending")),
          eb("next_attempt_at", "<=", value("now")),
          eb.or([eb("expires_at", "is", null), eb("expires_at", ">=", value("now"))]),
        ]),
        eb.and([eb("status", "=", sql.lit("delivering")), eb("lease_until", "<", value("now"))]),
      ]),
    )
    .returningAll(),
);
