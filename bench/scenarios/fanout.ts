import { subscribeIntegration } from "../lib/tandem.js";
import { type IngestResult, ingest, type PrepareTenant } from "./ingest.js";

export const FANOUT_SUBSCRIPTIONS = 10;

export interface FanoutResult {
  none: IngestResult;
  subscribed: IngestResult;
}

/**
 * What integrations' subscriptions cost ingest: the same load on SQLite with none, then with
 * `FANOUT_SUBSCRIPTIONS` subscriptions that each take every incoming message (ten deliveries
 * written in each message's transaction, and sent by the worker while the load runs).
 */
export async function fanout(durationSeconds: number): Promise<FanoutResult> {
  const none = await ingest("sqlite", durationSeconds);
  const subscribed = await ingest("sqlite", durationSeconds, {}, [], subscribeForFanout);
  return { none, subscribed };
}

/** The integration's `FANOUT_SUBSCRIPTIONS` subscriptions, each taking every incoming message. */
export const subscribeForFanout: PrepareTenant = (url, directoryToken, tenant, receiverUrl) =>
  subscribeIntegration(url, directoryToken, tenant, receiverUrl, FANOUT_SUBSCRIPTIONS);
