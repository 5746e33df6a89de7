import { system } from "@tandem/contract";
import { databaseAnswers, undeliveredBacklog } from "../../domain/health.js";
import type { Api, RouteDeps } from "../../http/api.js";
import { routeSchema } from "../../http/operation-schema.js";

/**
 * Liveness, readiness (the database answers, this process's keys fit it, and the delivery worker can
 * open the webhook secrets it needs) and Prometheus metrics; no auth, no envelope.
 */
export function registerSystemRoutes(
  api: Api,
  { domain, metrics, ready, unopenableSecrets, secretKeyProblem }: RouteDeps,
): void {
  api.get(system.liveness.path, { schema: routeSchema(system.liveness) }, async () => ({
    status: "ok" as const,
  }));

  api.get(system.readiness.path, { schema: routeSchema(system.readiness) }, async (_request, reply) => {
    if (!ready()) return reply.status(503).send({ status: "starting or stopping" });
    const keyProblem = secretKeyProblem();
    if (keyProblem) {
      return reply.status(503).send({ status: "secret key does not fit the database", reason: keyProblem });
    }
    if (!(await databaseAnswers(domain))) return reply.status(503).send({ status: "database unavailable" });
    const unopenable = await unopenableSecrets();
    const [first] = unopenable;
    if (first) {
      // Which apps is for the log and the delivery log; this answer is open to anyone.
      return reply.status(503).send({
        status: "webhook secrets unavailable",
        reason:
          `the delivery worker could not open the webhook secret of ${unopenable.length} ` +
          `${unopenable.length === 1 ? "app" : "apps"} (since ${first.since}): their webhooks cannot be signed ` +
          "and their deliveries fail; check TANDEM_SECRET_KEY and the apps' stored secrets",
      });
    }
    return { status: "ready" as const };
  });

  api.get("/metrics", { schema: { tags: ["system"], hide: true } }, async (_request, reply) => {
    const backlog = await undeliveredBacklog(domain);
    metrics.queueDepth.set(backlog.depth);
    metrics.oldestUndeliveredAge.set(backlog.oldest ? (Date.now() - Date.parse(backlog.oldest)) / 1000 : 0);
    reply.header("content-type", metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
