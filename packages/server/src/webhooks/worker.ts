import { randomUUID } from "node:crypto";
import { WEBHOOK_CATALOG, type WebhookCatalog } from "@tandem/contract";
import { type Kysely, sql } from "kysely";
import type { Logger } from "pino";
import type { SecretBox } from "../auth/secrets.js";
import { isoAfter, nowIso } from "../clock.js";
import type { AppDirectory } from "../domain/app-directory.js";
import { onDeliveryFailed, onDeliveryRecovered, onDeliveryRetrying } from "../domain/delivery-effects.js";
import type { WriteContext, Writer } from "../events/writer.js";
import type { Metrics } from "../observability/metrics.js";
import type { AppRow, Database, DeliveryRow } from "../storage/schema.js";
import { AppHealth } from "./app-health.js";
import { type AttemptFailureReason, describeOutcome, reasonOfStatus } from "./attempt-failure.js";
import { type PreparedAttempt, prepareAttempt, webhookIdOf } from "./attempt-preparation.js";
import { claimDue, claimNextOfKey } from "./claims.js";
import { type AttemptResult, finishAttempt, recordAttempt } from "./outcomes.js";
import { type AttemptVerdict, classifyAttempt } from "./retry-policy.js";
import type { SendResult, WebhookSender } from "./sender.js";
import { type SecretFailure, WebhookSigner } from "./webhook-signer.js";

export interface WorkerOptions {
  db: Kysely<Database>;
  apps: AppDirectory;
  writer: Writer;
  sender: WebhookSender;
  secrets: SecretBox;
  metrics: Metrics;
  logger: Logger;
  retryScheduleSeconds: readonly number[];
  concurrencyPerApp: number;
  appUnreachableAfterMs: number;
  /** How long a claim holds (SPEC §6: at most 30 s); another worker takes the event over after it. */
  leaseMs?: number;
  /** Attempts in flight in this process, across apps. */
  maxInFlight: number;
  skipLocked: boolean;
  pollIntervalMs?: number;
  /** Which kinds are retried and which dropped on a failed attempt; which perish with age. */
  catalog?: WebhookCatalog;
}

const BATCH = 64;

interface Recorded {
  /** False when this worker's lease ran out and another worker took the delivery over. */
  finished: boolean;
  next: DeliveryRow | null;
}

/**
 * Delivers the webhook outbox. Claims due deliveries with a lease (status `delivering`), keeps
 * each ordering key (a session, a channel) strictly in order, bounds concurrency per app,
 * and records every attempt as a row.
 */
export class DeliveryWorker {
  readonly id = `worker-${randomUUID()}`;
  private readonly leaseMs: number;
  private readonly pollIntervalMs: number;
  private readonly catalog: WebhookCatalog;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly perApp = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private pumping = false;
  private pumpAgain = false;
  private currentPump: Promise<void> = Promise.resolve();
  private lastSweep = 0;
  private claimChain: Promise<unknown> = Promise.resolve();
  private readonly signer: WebhookSigner;
  private readonly health: AppHealth;

  constructor(private readonly options: WorkerOptions) {
    this.leaseMs = Math.min(options.leaseMs ?? 30_000, 30_000);
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.catalog = options.catalog ?? WEBHOOK_CATALOG;
    this.health = new AppHealth(options.appUnreachableAfterMs);
    this.signer = new WebhookSigner(options.secrets, (failing) =>
      options.metrics.unopenableSecrets.set(failing),
    );
  }

  start(): void {
    this.running = true;
    this.schedulePoll();
    this.wake();
  }

  /** Called after a commit that added deliveries, or when an attempt frees a slot. */
  wake(): void {
    if (!this.running) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    this.currentPump = this.pump().finally(() => {
      this.pumping = false;
      if (this.pumpAgain) {
        this.pumpAgain = false;
        this.wake();
      }
    });
  }

  /** Stops claiming, and waits for the attempts already under way (graceful shutdown). */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.currentPump;
    // An attempt finishing now may already have handed its slot to the next of its conversation.
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  private schedulePoll(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.wake();
      this.schedulePoll();
    }, this.pollIntervalMs);
    this.timer.unref();
  }

  private async pump(): Promise<void> {
    try {
      // Stale deliveries are swept a few times a second, not on every wake: it is a scan, and a
      // late sweep only means a perishable event waits a little longer to be dropped.
      if (Date.now() - this.lastSweep >= 250) {
        this.lastSweep = Date.now();
        await this.dropStale();
      }
      await this.claim();
    } catch (error) {
      this.options.logger.error({ err: error }, "webhook worker could not claim deliveries");
    }
  }

  private launch(delivery: DeliveryRow): void {
    this.perApp.set(delivery.app_id, (this.perApp.get(delivery.app_id) ?? 0) + 1);
    const attempt = this.attempt(delivery)
      .catch((error) => {
        // Only a write that failed twice gets here (the database is away, which /readyz shows): the
        // lease runs out and the delivery is taken up again. Counted, so it is not only a log line.
        this.options.metrics.failedAttempts.inc({ reason: "tandem_error" });
        this.options.logger.error({ err: error, delivery_uid: delivery.uid }, "webhook attempt crashed");
        return null;
      })
      .then((next) => {
        this.inFlight.delete(delivery.uid);
        this.perApp.set(delivery.app_id, (this.perApp.get(delivery.app_id) ?? 1) - 1);
        // The freed slot went to the same conversation's next delivery when it was due; otherwise a
        // general claim hands it out (it walks every waiting delivery, so it runs only then).
        if (next) this.launch(next);
        else this.wake();
      });
    this.inFlight.set(delivery.uid, attempt);
  }

  /** Perishable events (typing) that could not go out within their life are dropped, never sent late. */
  private async dropStale(): Promise<void> {
    const now = nowIso();
    for (const kind of Object.values(this.catalog)) {
      if (kind.lifetimeMs === null) continue;
      const result = await this.options.db
        .updateTable("deliveries")
        .set({
          status: "dropped",
          completed_at: now,
          updated_at: now,
          last_error: `stale ${kind.name} event`,
        })
        // Literals, so the partial index `deliveries_perishable` applies.
        .where("status", "=", sql.lit("pending"))
        .where("expires_at", "is not", null)
        .where("expires_at", "<", now)
        .where("event", "=", kind.name)
        .executeTakeFirst();
      const dropped = Number(result.numUpdatedRows);
      if (dropped > 0) this.options.metrics.deliveries.inc({ outcome: "dropped" }, dropped);
    }
  }

  /** One claim at a time, each launching what it claimed, so two never hand out the same free slot. */
  private claim(): Promise<number> {
    const next = this.claimChain.then(async () => {
      const deliveries = await this.claimNow();
      for (const delivery of deliveries) this.launch(delivery);
      return deliveries.length;
    });
    this.claimChain = next.catch(() => undefined);
    return next;
  }

  private async claimNow(): Promise<DeliveryRow[]> {
    const free = this.options.maxInFlight - this.inFlight.size;
    if (free <= 0) return [];
    const slotsByApp = new Map(
      [...this.perApp].map(([appId, used]) => [appId, this.options.concurrencyPerApp - used] as const),
    );
    return claimDue(this.options.db, {
      now: nowIso(),
      workerId: this.id,
      leaseMs: this.leaseMs,
      slotsByApp,
      defaultSlots: this.options.concurrencyPerApp,
      limit: Math.min(BATCH, free, this.options.concurrencyPerApp),
      skipLocked: this.options.skipLocked,
    });
  }

  /**
   * Apps whose webhook secret could not be opened at their last try, after trying each again
   * (for `/readyz`): an app whose secret was mended, or that is gone, no longer counts.
   */
  async unopenableSecrets(): Promise<SecretFailure[]> {
    for (const failure of this.signer.failures()) {
      this.signer.recheck(await this.options.apps.find(failure.appId), failure.appId);
    }
    return this.signer.failures();
  }

  /**
   * One attempt, in stages: prepare (app, address, signature), send, classify, record with its
   * effects. Every stage's failure, Tandem's own included, ends as a recorded attempt that follows
   * the retry schedule. Answers the same conversation's next delivery if it claimed it.
   */
  private async attempt(delivery: DeliveryRow): Promise<DeliveryRow | null> {
    const startedAt = nowIso();
    const prepared = await prepareAttempt(delivery, this.options.apps, this.signer);
    const result = await this.send(prepared, startedAt);
    const verdict = classifyAttempt(delivery, result, this.options.retryScheduleSeconds, this.catalog);
    const outcome = await this.record(delivery, prepared.app, result, verdict);
    this.report(delivery, result, verdict, outcome.finished);
    return outcome.next;
  }

  private async send(prepared: PreparedAttempt, startedAt: string): Promise<AttemptResult> {
    const unsent = (reason: AttemptFailureReason, error: string): AttemptResult => ({
      startedAt,
      durationMs: 0,
      statusCode: null,
      responseBody: null,
      retryAfterMs: null,
      error,
      reason,
    });
    if (prepared.kind === "unsendable") return unsent(prepared.reason, prepared.error);
    let sent: SendResult;
    try {
      sent = await this.options.sender.send(prepared.request);
    } catch (error) {
      // The sender answers every failure of the network itself; this is one of Tandem's own.
      const message = error instanceof Error ? error.message : String(error);
      return unsent("tandem_error", `Tandem could not send this webhook: ${message}`.slice(0, 500));
    }
    this.options.metrics.attemptDuration.observe(sent.durationMs / 1000);
    const succeeded = sent.statusCode !== null && sent.statusCode >= 200 && sent.statusCode < 300;
    return {
      startedAt,
      durationMs: sent.durationMs,
      statusCode: sent.statusCode,
      responseBody: sent.responseBody,
      retryAfterMs: sent.retryAfterMs,
      error: sent.error,
      reason: succeeded
        ? null
        : sent.statusCode !== null
          ? reasonOfStatus(sent.statusCode)
          : (sent.failure ?? "connection"),
    };
  }

  /**
   * The attempt row, the outcome and its effects in one transaction. Should an effect fail, the
   * attempt and outcome are written again without effects: a delivery whose outcome can never be
   * written would wait forever, its conversation behind it.
   */
  private async record(
    delivery: DeliveryRow,
    app: AppRow | null,
    result: AttemptResult,
    verdict: AttemptVerdict,
  ): Promise<Recorded> {
    try {
      return await this.options.writer.run((context) =>
        this.writeOutcome(context, delivery, result, verdict, async () => {
          await this.applyEffects(context, delivery, app, result, verdict);
          return this.handOff(context, delivery);
        }),
      );
    } catch (error) {
      this.options.logger.error({ err: error, delivery_uid: delivery.uid }, "webhook attempt effects failed");
      const noted = `Tandem could not apply this attempt's outcome: ${error instanceof Error ? error.message : String(error)}`;
      const kept = { ...result, error: (result.error ? `${result.error}; ${noted}` : noted).slice(0, 500) };
      return this.options.writer.run((context) =>
        this.writeOutcome(context, delivery, kept, verdict, async () => null),
      );
    }
  }

  private async writeOutcome(
    context: WriteContext,
    delivery: DeliveryRow,
    result: AttemptResult,
    verdict: AttemptVerdict,
    afterwards: () => Promise<DeliveryRow | null>,
  ): Promise<Recorded> {
    const attemptNumber = delivery.attempt_count + 1;
    await recordAttempt(context.db, {
      deliveryUid: delivery.uid,
      attemptNumber,
      startedAt: result.startedAt,
      durationMs: result.durationMs,
      statusCode: result.statusCode,
      responseBody: result.responseBody,
      error: result.error,
      reason: result.reason,
    });
    const retry = verdict.kind === "retry";
    const written = await finishAttempt(context.db, {
      deliveryUid: delivery.uid,
      workerId: this.id,
      attemptCount: attemptNumber,
      status: retry ? "pending" : verdict.kind === "succeeded" ? "succeeded" : "failed",
      nextAttemptAt: retry ? isoAfter(context.now, verdict.delayMs) : delivery.next_attempt_at,
      completedAt: retry ? null : context.now,
      lastStatusCode: result.statusCode,
      lastError: result.reason === null ? null : (result.error ?? `HTTP ${result.statusCode}`),
      lastReason: result.reason,
      now: context.now,
    });
    if (!written) return { finished: false, next: null };
    return { finished: true, next: await afterwards() };
  }

  /** What an attempt changes besides its delivery: the staff message on the page, the app's health. */
  private async applyEffects(
    context: WriteContext,
    delivery: DeliveryRow,
    app: AppRow | null,
    result: AttemptResult,
    verdict: AttemptVerdict,
  ): Promise<void> {
    if (verdict.kind === "failed") await onDeliveryFailed(context, delivery, verdict.reason);
    else if (verdict.kind === "retry") {
      const outcome = describeOutcome(result.statusCode, result.reason, result.error);
      await onDeliveryRetrying(context, delivery, `attempt ${delivery.attempt_count + 1} ${outcome}`);
    } else await onDeliveryRecovered(context, delivery);
    // Tandem's own failures say nothing of the app's endpoint, nor does a subscription's target.
    if (app && result.reason !== "tandem_error" && !delivery.target_url) {
      await this.health.record(context.db, app, result.reason === null, context.now);
    }
  }

  /** The freed slot goes to the same conversation's next delivery, claimed in the same transaction. */
  private handOff(context: WriteContext, delivery: DeliveryRow): Promise<DeliveryRow | null> {
    if (!delivery.ordering_key || !this.running) return Promise.resolve(null);
    return claimNextOfKey(context.db, {
      orderingKey: delivery.ordering_key,
      now: context.now,
      workerId: this.id,
      leaseMs: this.leaseMs,
    });
  }

  private report(
    delivery: DeliveryRow,
    result: AttemptResult,
    verdict: AttemptVerdict,
    finished: boolean,
  ): void {
    const { metrics, logger } = this.options;
    metrics.attempts.inc({ result: result.reason === null ? "success" : "failure" });
    if (result.reason !== null) metrics.failedAttempts.inc({ reason: result.reason });
    const log = () =>
      logger.child({
        delivery_uid: delivery.uid,
        webhook_id: webhookIdOf(delivery),
        event: delivery.event,
        attempt: delivery.attempt_count + 1,
      });
    const details = { status_code: result.statusCode, error: result.error, reason: result.reason };
    if (!finished) {
      log().warn("lease lost before the outcome was written; another worker owns the delivery");
    } else if (verdict.kind === "succeeded") {
      metrics.deliveries.inc({ outcome: "succeeded" });
      if (logger.isLevelEnabled("info")) {
        log().info({ status_code: result.statusCode, duration_ms: result.durationMs }, "webhook delivered");
      }
    } else if (verdict.kind === "failed") {
      metrics.deliveries.inc({ outcome: "failed" });
      log().warn({ ...details, verdict: verdict.reason }, "webhook delivery failed");
    } else if (result.reason === "tandem_error") {
      log().error(
        { ...details, retry_in_ms: verdict.delayMs },
        "webhook attempt failed inside Tandem; will retry",
      );
    } else {
      log().info({ ...details, retry_in_ms: verdict.delayMs }, "webhook attempt failed; will retry");
    }
  }
}
