import { ATTEMPT_FAILURE_REASONS } from "@tandem/contract";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { WriterStats } from "../events/writer.js";

/** One registry per server, so several servers in one test process keep their own figures. */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: "tandem_http_requests_total",
    help: "HTTP requests answered, by method, route and status",
    labelNames: ["method", "route", "status"] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: "tandem_http_request_duration_seconds",
    help: "HTTP request duration",
    labelNames: ["method", "route"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly deliveries = new Counter({
    name: "tandem_webhook_deliveries_total",
    help: "Webhook deliveries that reached an end, by outcome (succeeded, failed, dropped)",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });
  readonly attempts = new Counter({
    name: "tandem_webhook_attempts_total",
    help: "Webhook attempts, by result (success, failure)",
    labelNames: ["result"] as const,
    registers: [this.registry],
  });
  readonly failedAttempts = new Counter({
    name: "tandem_webhook_failed_attempts_total",
    help: "Webhook attempts that failed, by reason (tandem_error is Tandem's own failure before or around the send)",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });
  readonly unopenableSecrets = new Gauge({
    name: "tandem_webhook_unopenable_secrets",
    help: "Apps whose webhook secret this process could not open at its last try (their webhooks cannot be signed)",
    registers: [this.registry],
  });
  readonly attemptDuration = new Histogram({
    name: "tandem_webhook_attempt_duration_seconds",
    help: "Time from sending a webhook to its answer",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: "tandem_webhook_queue_depth",
    help: "Deliveries waiting or in flight",
    registers: [this.registry],
  });
  readonly oldestUndeliveredAge = new Gauge({
    name: "tandem_webhook_oldest_undelivered_age_seconds",
    help: "Age of the oldest delivery not yet at an end",
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "tandem_" });
    // Every reason shows from the start, at 0, so a rate over it has a series before its first failure.
    for (const reason of ATTEMPT_FAILURE_REASONS) this.failedAttempts.inc({ reason }, 0);
  }

  /** The write path's batches, read from the writer's own counts at each scrape. */
  watchWriter(stats: Readonly<WriterStats>): void {
    new Counter({
      name: "tandem_write_batches_total",
      help: "Transactions committed by the writer, by whether each command of the batch ran under a savepoint",
      labelNames: ["guarded"] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc({ guarded: "true" }, stats.guardedBatches);
        this.inc({ guarded: "false" }, stats.batches - stats.guardedBatches);
      },
    });
    new Counter({
      name: "tandem_write_batch_reruns_total",
      help: "Batches rolled back because a command failed without a savepoint, then run again guarded",
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(stats.reruns);
      },
    });
  }
}
