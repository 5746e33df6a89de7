import { INTEGRATION_EVENT_PATTERNS, type SubscriptionFilter } from "@tandem/contract";
import type { Kysely } from "kysely";
import { newUid } from "../../clock.js";
import { AppError, notFound } from "../../errors.js";
import type { AppRow, Database, SubscriptionRow } from "../../storage/schema.js";
import type { Domain } from "../context.js";

/**
 * Proves that a target URL belongs to the integration before events go there: Tandem posts it a
 * signed challenge, which it must echo. Answers null when it did, else why not.
 */
export interface TargetVerifier {
  verify(app: AppRow, businessUid: string, targetUrl: string): Promise<string | null>;
}

/** A process that cannot call out (the command line) refuses every target. */
export const noTargetVerifier: TargetVerifier = {
  verify: async () => "this Tandem process does not verify subscription targets",
};

export interface SubscriptionInput {
  events: string[];
  target_url: string;
  filter?: SubscriptionFilter | undefined;
}

/** Who a subscription belongs to: an integration at one business that installed it. */
export interface SubscriptionOwner {
  appId: string;
  businessUid: string;
}

function checkEvents(events: readonly string[]): string[] {
  events.forEach((event, index) => {
    if (!INTEGRATION_EVENT_PATTERNS.includes(event)) {
      throw new AppError({
        code: "invalid",
        field: `events[${index}]`,
        message: `${event} is no event or group; known: ${INTEGRATION_EVENT_PATTERNS.join(", ")}`,
      });
    }
  });
  return [...new Set(events)];
}

/** `POST /subscriptions`: verified by the target's echo of a challenge, then stored active. */
export async function createSubscription(
  domain: Domain,
  owner: SubscriptionOwner,
  input: SubscriptionInput,
): Promise<SubscriptionView> {
  const events = checkEvents(input.events);
  if (input.filter?.app_code_name && !(await domain.apps.findByCodeName(input.filter.app_code_name))) {
    throw notFound("app", "filter.app_code_name");
  }
  const app = await domain.apps.find(owner.appId);
  if (!app) throw notFound("app");
  const refusal = await domain.targets.verify(app, owner.businessUid, input.target_url);
  if (refusal) {
    throw new AppError({
      code: "invalid",
      field: "target_url",
      message: `the target failed verification (it must answer 2xx echoing the challenge): ${refusal}`,
    });
  }
  return domain.writer.run(async ({ db, now }) => {
    const subscription: SubscriptionRow = {
      uid: newUid(),
      business_uid: owner.businessUid,
      app_id: owner.appId,
      events: JSON.stringify(events),
      target_url: input.target_url,
      filter: JSON.stringify(input.filter ?? {}),
      status: "active",
      created_at: now,
      updated_at: now,
    };
    await db.insertInto("subscriptions").values(subscription).execute();
    return { ...subscription, app_code_name: app.code_name };
  });
}

/** A subscription with its integration's code name, as every read shows it. */
export type SubscriptionView = SubscriptionRow & { app_code_name: string };

const atBusiness = (db: Kysely<Database>, businessUid: string) =>
  db
    .selectFrom("subscriptions")
    .innerJoin("apps", "apps.id", "subscriptions.app_id")
    .selectAll("subscriptions")
    .select("apps.code_name as app_code_name")
    .where("subscriptions.business_uid", "=", businessUid);

const ownedBy = (db: Kysely<Database>, owner: SubscriptionOwner) =>
  atBusiness(db, owner.businessUid).where("subscriptions.app_id", "=", owner.appId);

export const listSubscriptions = (domain: Domain, owner: SubscriptionOwner): Promise<SubscriptionView[]> =>
  ownedBy(domain.db, owner).orderBy("subscriptions.created_at").execute();

/** Every integration's subscriptions at a business, for its admins. */
export const businessSubscriptions = (domain: Domain, businessUid: string): Promise<SubscriptionView[]> =>
  atBusiness(domain.db, businessUid).orderBy("subscriptions.created_at").execute();

export async function findSubscription(
  domain: Domain,
  owner: SubscriptionOwner,
  uid: string,
): Promise<SubscriptionView> {
  const subscription = await ownedBy(domain.db, owner)
    .where("subscriptions.uid", "=", uid)
    .executeTakeFirst();
  if (!subscription) throw notFound("subscription", "uid");
  return subscription;
}

/** Stops a subscription: events not yet delivered still go out; no new ones are made. */
export async function deleteSubscription(domain: Domain, owner: SubscriptionOwner, uid: string) {
  const subscription = await findSubscription(domain, owner, uid);
  await domain.writer.run(({ db }) =>
    db.deleteFrom("subscriptions").where("uid", "=", subscription.uid).execute(),
  );
  return subscription;
}
