import { sql } from "kysely";
import type { Api, RouteDeps } from "../../http/api.js";
import type { DeliveryStatus } from "../../storage/schema.js";

/** Liveness, readiness (the database answers and this process's keys fit it) and Prometheus metrics; no auth, no envelope. */
export function registerSystemRoutes(
  api: Api,
  { domain, metrics, ready, secretKeyProblem }: RouteDeps,
): void {
  api.get("/healthz", { schema: { tags: ["system"] } }, async () => ({ status: "ok" }));

  api.get("/readyz", { schema: { tags: ["system"] } }, async (_request, reply) => {
    if (!ready()) return reply.status(503).send({ status: "starting or stopping" });
    const keyProblem = secretKeyProblem();
    if (keyProblem) {
      return reply.status(503).send({ status: "secret key does not fit the database", detail: keyProblem });
    }
    try {
      await sql`select 1`.execute(domain.db);
      return { status: "ready" };
    } catch {
      return reply.status(503).send({ status: "database unavailable" });
    }
  });

  api.get("/metrics", { schema: { tags: ["system"], hide: true } }, async (_request, reply) => {
    const waiting = await domain.db
      .selectFrom("deliveries")
      .select([(eb) => eb.fn.countAll<number>().as("depth"), (eb) => eb.fn.min("created_at").as("oldest")])
      // Literals, so the partial index of unfinished deliveries applies.
      .where("status", "in", [sql.lit<DeliveryStatus>("pending"), sql.lit<DeliveryStatus>("delivering")])
      .executeTakeFirstOrThrow();
    metrics.queueDepth.set(Number(waiting.depth));
    metrics.oldestUndeliveredAge.set(
      waiting.oldest ? (Date.now() - Date.parse(String(waiting.oldest))) / 1000 : 0,
    );
    reply.header("content-type", metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
