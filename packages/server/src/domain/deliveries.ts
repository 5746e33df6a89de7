import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import { AppError, notFound } from "../errors.js";
import type { Database, DeliveryRow, DeliveryStatus } from "../storage/schema.js";
import type { Domain } from "./context.js";

export interface DeliveryFilter {
  appId?: string;
  businessUid?: string;
  status?: DeliveryStatus | undefined;
  /** Only what needs someone's attention: failed, or being retried after a failed attempt. */
  attention?: boolean | undefined;
  event?: string | undefined;
  /** Typing comes and goes by the dozen; it is left out unless asked for (or filtered on by `event`). */
  includeTyping?: boolean | undefined;
  since?: string | undefined;
  page: number;
  perPage: number;
}

export async function listDeliveries({ db }: Pick<Domain, "db">, filter: DeliveryFilter) {
  let query = db.selectFrom("deliveries");
  if (filter.appId) query = query.where("app_id", "=", filter.appId);
  if (filter.businessUid) query = query.where("business_uid", "=", filter.businessUid);
  if (filter.status) query = query.where("status", "=", filter.status);
  if (filter.attention) {
    query = query.where((eb) =>
      eb.or([
        eb("status", "=", sql.lit<DeliveryStatus>("failed")),
        eb.and([
          eb("status", "in", [sql.lit<DeliveryStatus>("pending"), sql.lit<DeliveryStatus>("delivering")]),
          eb("attempt_count", ">", 0),
        ]),
      ]),
    );
  }
  if (filter.event) query = query.where("event", "=", filter.event);
  else if (!filter.includeTyping) query = query.where("event", "!=", "typing");
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
  return { rows, parties: await partiesOf(db, rows), total: Number(total.count) };
}

export interface DeliveryParties {
  app: { app_id: string; name: string; app_code_name: string } | null;
  client: { client_uid: string; display_name: string } | null;
}

/**
 * The session a delivery concerns: its ordering key for message and session events, the path for
 * typing (which has no ordering key); channel events concern no one client.
 */
function sessionUidOf(delivery: DeliveryRow): string | null {
  if (delivery.ordering_key?.startsWith("session:")) return delivery.ordering_key.slice("session:".length);
  const typing = delivery.event === "typing" ? /^\/([^/]+)\/typing$/.exec(delivery.path) : null;
  return typing?.[1] ? decodeURIComponent(typing[1]) : null;
}

/** The app and the client each delivery concerns, read in two statements for a whole page of them. */
async function partiesOf(
  db: Kysely<Database>,
  deliveries: readonly DeliveryRow[],
): Promise<Map<string, DeliveryParties>> {
  const appIds = [...new Set(deliveries.map((delivery) => delivery.app_id))];
  const sessionUids = [...new Set(deliveries.map(sessionUidOf).filter((uid): uid is string => uid !== null))];
  const [apps, clients] = await Promise.all([
    appIds.length === 0
      ? []
      : db.selectFrom("apps").select(["id", "name", "code_name"]).where("id", "in", appIds).execute(),
    sessionUids.length === 0
      ? []
      : db
          .selectFrom("sessions")
          .innerJoin("clients", "clients.uid", "sessions.client_uid")
          .select(["sessions.uid as session_uid", "clients.uid", "clients.first_name", "clients.last_name"])
          .where("sessions.uid", "in", sessionUids)
          .execute(),
  ]);
  const appById = new Map(apps.map((app) => [app.id, app]));
  const clientBySession = new Map(clients.map((client) => [client.session_uid, client]));
  return new Map(
    deliveries.map((delivery) => {
      const app = appById.get(delivery.app_id);
      const sessionUid = sessionUidOf(delivery);
      const client = sessionUid ? clientBySession.get(sessionUid) : undefined;
      return [
        delivery.uid,
        {
          app: app ? { app_id: app.id, name: app.name, app_code_name: app.code_name } : null,
          client: client
            ? {
                client_uid: client.uid,
                display_name: [client.first_name, client.last_name].filter(Boolean).join(" "),
              }
            : null,
        },
      ];
    }),
  );
}

export async function findDelivery({ db }: Pick<Domain, "db">, uid: string, businessUid?: string) {
  let query = db.selectFrom("deliveries").selectAll().where("uid", "=", uid);
  if (businessUid) query = query.where("business_uid", "=", businessUid);
  const delivery = await query.executeTakeFirst();
  if (!delivery) throw notFound("delivery", "uid");
  const [attempts, parties] = await Promise.all([
    db
      .selectFrom("delivery_attempts")
      .selectAll()
      .where("delivery_uid", "=", uid)
      // By id too: before attempt numbers went on across a retry by hand, a retry began again at 1.
      .orderBy("attempt_number")
      .orderBy("id")
      .execute(),
    partiesOf(db, [delivery]),
  ]);
  return { delivery, attempts, parties: parties.get(delivery.uid) ?? { app: null, client: null } };
}

/**
 * Sent again: back to pending with a fresh run of the retry schedule, while its attempts keep
 * counting (attempt 3 after 1 and 2) and its webhook-id stays the same.
 */
const sendAgain = (now: string) => (eb: ExpressionBuilder<Database, "deliveries">) =>
  ({
    status: "pending",
    schedule_from: eb.ref("attempt_count"),
    next_attempt_at: now,
    completed_at: null,
    updated_at: now,
  }) as const;

/** A failed delivery goes out again. */
export async function retryDelivery(domain: Domain, uid: string, businessUid?: string) {
  const { delivery } = await findDelivery(domain, uid, businessUid);
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
      .set(sendAgain(now))
      .where("uid", "=", uid)
      .where("status", "=", "failed")
      .execute();
  });
  return findDelivery(domain, uid, businessUid);
}

/**
 * After an outage on the app's side: every delivery of the app since a moment that failed, or that
 * waits for a later retry, goes out now (in order per conversation, as always), each with a fresh
 * run of the retry schedule. An app back up should not wait hours for the schedule's next step.
 */
export async function recoverDeliveries(domain: Domain, appId: string, since: string): Promise<number> {
  return domain.writer.run(async ({ db, now }) => {
    const result = await db
      .updateTable("deliveries")
      .set(sendAgain(now))
      .where("app_id", "=", appId)
      .where((eb) =>
        eb.or([
          eb("status", "=", "failed"),
          // Waiting for a later retry; one already due (just retried, say) is not brought forward.
          eb.and([
            eb("status", "=", "pending"),
            eb("attempt_count", ">", 0),
            eb("next_attempt_at", ">", now),
          ]),
        ]),
      )
      .where("created_at", ">=", since)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  });
}
