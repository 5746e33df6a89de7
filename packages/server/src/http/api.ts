import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";
import type { AppChecks } from "../check-app/one-per-app.js";
import type { Domain } from "../domain/context.js";
import type { TypingThrottle } from "../domain/typing.js";
import type { Metrics } from "../observability/metrics.js";
import type { SecretFailure } from "../webhooks/webhook-signer.js";
import type { Authenticator } from "./authenticate.js";

/** Fastify with TypeBox as the type provider: a route's schema is its request type. */
export type Api = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface RouteDeps {
  domain: Domain;
  auth: Authenticator;
  typing: TypingThrottle;
  metrics: Metrics;
  /** The settings page's checks of installed apps. */
  appChecks: AppChecks;
  /** Whether the service is ready for traffic (migrated, not shutting down). */
  ready: () => boolean;
  /** Apps whose webhook secret this process's delivery worker cannot open (none without a worker). */
  unopenableSecrets: () => Promise<readonly SecretFailure[]>;
  /** Why this process's secret keys no longer fit the database (a rotation it missed), or null. */
  secretKeyProblem: () => string | null;
}
