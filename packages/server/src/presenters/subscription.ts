import type { Subscription, SubscriptionFilter } from "@tandem/contract";
import type { SubscriptionView } from "../domain/integrations/subscriptions.js";
import { parseJson } from "../storage/json-text.js";

export const presentSubscription = (subscription: SubscriptionView): Subscription => ({
  uid: subscription.uid,
  business_uid: subscription.business_uid,
  app_code_name: subscription.app_code_name,
  events: parseJson<string[]>(subscription.events, []),
  target_url: subscription.target_url,
  filter: parseJson<SubscriptionFilter>(subscription.filter, {}),
  status: subscription.status,
  created_at: subscription.created_at,
  updated_at: subscription.updated_at,
});
