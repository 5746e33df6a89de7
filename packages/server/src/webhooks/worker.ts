import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Logger } from "pino";
import type { SecretBox } from "../auth/secrets.js";
import { isoAfter, nowIso } from "../clock.js";
import type { AppDirectory } from "../domain/app-directory.js";
import type { Writer } from "../events/writer.js";
import type { Metrics } from "../observability/metrics.js";
import type { AppRow, Database, DeliveryRow } from "../storage/schema.js";
import { AppHealth } from "./app-health.js";
import { claimDue, claimNextOfKey } from "./claims.js";
import { onDeliveryFailed } from "./failure-effects.js";
import { finishAttempt, recordAttempt } from "./outcomes.js";
import { type AttemptVerdict, judgeAttempt } from "./retry-policy.js";
import type { WebhookSender } from "./sender.js";
import { signatureHeaders } from "./signing.js";

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
}

const BATCH = 64;

/**
 * Delivers the webhook outbox. Claims due deliveries with a lease (status `delivering`), keeps
 * each ordering key (a session, a channel) strictly in order, bounds concurrency per app,
 * and records every attempt as a row.
 */
export class DeliveryWorker {
  readonly id = `worker-${randomUUID()}`;
  private readonly leaseMs: number;
  private readonly pollIntervalMs: number;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly perApp = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private pumping = false;
  private pumpAgain = false;
  private currentPump: Promise<void> = Promise.resolve();
  private lastSweep = 0;
  private claimChain: Promise<unknown> = Promise.resolve();
  private readonly openedSecrets = new Map<string, string>();
  private readonly health: AppHealth;

  constructor(private readonly options: WorkerOptions) {
    this.leaseMs = Math.min(options.leaseMs ?? 30_000, 30_000);
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.health = new AppHealth(options.appUnreachableAfterMs);
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
      // Stale typing is swept a few times a second, not on every wake: it is a scan, and a late
      // sweep only means a typing event waits a little longer to be dropped.
      if (Date.now() - this.lastSweep >= 250) {
        this.lastSweep = Date.now();
        await this.dropStaleTyping();
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

  /** Typing that could not go out within its life is dropped, never sent late. */
  private async dropStaleTyping(): Promise<void> {
    const now = nowIso();
    const result = await this.options.db
      .updateTable("deliveries")
      .set({ status: "dropped", completed_at: now, updated_at: now, last_error: "stale typing event" })
      // Literals, so the partial index `deliveries_perishable` applies.
      .where("status", "=", sql.lit("pending"))
      .where("expires_at", "is not", null)
      .where("expires_at", "<", now)
      .executeTakeFirst();
    const dropped = Number(result.numUpdatedRows);
    if (dropped > 0) this.options.metrics.deliveries.inc({ outcome: "dropped" }, dropped);
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

  /** Decrypting a secret per attempt showed in profiles; a rotated secret has new ciphertext, so the cache never serves an old one. */
  private openSecret(sealed: string): string {
    let secret = this.openedSecrets.get(sealed);
    if (secret === undefined) {
      if (this.openedSecrets.size >= 1_000) this.openedSecrets.clear();
      secret = this.options.secrets.open(sealed);
      this.openedSecrets.set(sealed, secret);
    }
    return secret;
  }

  private signingSecrets(app: AppRow): string[] {
    const secrets = [this.openSecret(app.webhook_secret_enc)];
    if (
      app.previous_webhook_secret_enc &&
      app.previous_webhook_secret_until &&
      app.previous_webhook_secret_until > nowIso()
    ) {
      secrets.push(this.openSecret(app.previous_webhook_secret_enc));
    }
    return secrets;
  }

  /** Sends one attempt and records it; answers the same conversation's next delivery if it claimed it. */
  private async attempt(delivery: DeliveryRow): Promise<DeliveryRow | null> {
    const { sender, metrics, logger } = this.options;
    // The app directory's short cache keeps a query per attempt off the delivery path.
    const app = await this.options.apps.find(delivery.app_id);
    const attemptNumber = delivery.attempt_count + 1;
    const startedAt = nowIso();
    const webhookId = `msg_${delivery.uid}`;
    const result =
      app?.api_uri && !app.deleted_at
        ? await sender.send({
            url: `${app.api_uri.replace(/\/+$/, "")}${delivery.path}`,
            method: delivery.method,
            headers: signatureHeaders(this.signingSecrets(app), webhookId, delivery.body),
            body: delivery.body,
          })
        : {
            statusCode: null,
            durationMs: 0,
            responseBody: null,
            retryAfterMs: null,
            error: "the app has no api_uri",
          };

    const succeeded = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
    metrics.attempts.inc({ result: succeeded ? "success" : "failure" });
    metrics.attemptDuration.observe(result.durationMs / 1000);
    const verdict: AttemptVerdict =
      delivery.event === "typing" && !succeeded
        ? { kind: "failed", reason: "typing events are not retried" }
        : app?.api_uri
          ? judgeAttempt(
              result.statusCode,
              attemptNumber,
              this.options.retryScheduleSeconds,
              result.retryAfterMs,
            )
          : { kind: "failed", reason: "the app has no api_uri" };

    const now = nowIso();
    const outcome = await this.options.writer.run(async (context) => {
      await recordAttempt(context.db, {
        deliveryUid: delivery.uid,
        attemptNumber,
        startedAt,
        durationMs: result.durationMs,
        statusCode: result.statusCode,
        responseBody: result.responseBody,
        error: result.error,
      });
      const retry = verdict.kind === "retry";
      const written = await finishAttempt(context.db, {
        deliveryUid: delivery.uid,
        workerId: this.id,
        attemptCount: attemptNumber,
        status: retry ? "pending" : verdict.kind === "succeeded" ? "succeeded" : "failed",
        nextAttemptAt: retry ? isoAfter(now, verdict.delayMs) : delivery.next_attempt_at,
        completedAt: retry ? null : now,
        lastStatusCode: result.statusCode,
        lastError: result.error ?? (succeeded ? null : `HTTP ${result.statusCode}`),
        now,
      });
      if (!written) return { finished: false, next: null };
      if (verdict.kind === "failed") await onDeliveryFailed(context, delivery, verdict.reason);
      if (app) await this.health.record(context.db, app, succeeded, now);
      const next =
        delivery.ordering_key && this.running
          ? await claimNextOfKey(context.db, {
              orderingKey: delivery.ordering_key,
              now,
              workerId: this.id,
              leaseMs: this.leaseMs,
            })
          : null;
      return { finished: true, next };
    });

    const log = () =>
      logger.child({
        delivery_uid: delivery.uid,
        webhook_id: webhookId,
        event: delivery.event,
        attempt: attemptNumber,
      });
    if (!outcome.finished) {
      log().warn("lease lost before the outcome was written; another worker owns the delivery");
      return null;
    }
    if (verdict.kind === "succeeded") {
      metrics.deliveries.inc({ outcome: "succeeded" });
      if (logger.isLevelEnabled("info")) {
        log().info({ status_code: result.statusCode, duration_ms: result.durationMs }, "webhook delivered");
      }
    } else if (verdict.kind === "failed") {
      metrics.deliveries.inc({ outcome: "failed" });
      log().warn(
        { status_code: result.statusCode, error: result.error, reason: verdict.reason },
        "webhook delivery failed",
      );
    } else {
      log().info(
        { status_code: result.statusCode, error: result.error, retry_in_ms: verdict.delayMs },
        "webhook attempt failed; will retry",
      );
    }
    return outcome.next;
  }
}
