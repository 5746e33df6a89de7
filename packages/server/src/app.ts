import cookie from "@fastify/cookie";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import websocket from "@fastify/websocket";
import type { WebhookCatalog } from "@tandem/contract";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { mintedTokenVerifier } from "./auth/api-tokens.js";
import type { Clock } from "./auth/oauth/adapter.js";
import { oauthServices } from "./auth/oauth/services.js";
import { checkSecretKey, SecretKeyWatch } from "./auth/secret-key-state.js";
import { AppChecks } from "./check-app/one-per-app.js";
import type { Config } from "./config.js";
import type { Domain } from "./domain/context.js";
import { createDomain } from "./domain/create-domain.js";
import { TypingThrottle } from "./domain/typing.js";
import { Validator } from "./domain/validator.js";
import { concernsApp } from "./events/webhook-outbox.js";
import type { Api, RouteDeps } from "./http/api.js";
import { Authenticator } from "./http/authenticate.js";
import { answerFrameworkError, installErrorHandler, MAX_PATH_PARAM_LENGTH } from "./http/error-handler.js";
import { type MountedListener, serverWithMounts } from "./http/mounts.js";
import { openApiDocument, withWebhooks } from "./http/openapi.js";
import { compileValidatorsInBackground, validatorCompiler } from "./http/validation.js";
import { registerWebApp } from "./http/web-app.js";
import { Metrics } from "./observability/metrics.js";
import { Realtime } from "./realtime/realtime.js";
import { registerRealtimeRoute, websocketOptions } from "./realtime/route.js";
import { registerChannelRoutes } from "./routes/communication/channels.js";
import { registerMessageRoutes } from "./routes/communication/messages.js";
import { registerSessionRoutes } from "./routes/communication/sessions.js";
import { registerIntegrationConversationRoutes } from "./routes/conversations/conversations.js";
import { registerSubscriptionRoutes } from "./routes/conversations/subscriptions.js";
import { registerIntegrationTemplateRoutes } from "./routes/conversations/templates.js";
import { registerOAuthRoutes } from "./routes/oauth/index.js";
import { registerPageAuthRoutes } from "./routes/page/auth.js";
import { registerConversationRoutes } from "./routes/page/conversations.js";
import { registerSettingsRoutes } from "./routes/page/settings.js";
import { registerTemplateRoutes } from "./routes/page/templates.js";
import { registerAppRoutes } from "./routes/platform/apps.js";
import { registerBusinessRoutes } from "./routes/platform/businesses.js";
import { registerClientRoutes } from "./routes/platform/clients.js";
import { registerDeliveryRoutes } from "./routes/platform/deliveries.js";
import { registerTokenRoutes } from "./routes/platform/tokens.js";
import { registerSystemRoutes } from "./routes/system/health.js";
import { migrate, openStorage, type Storage } from "./storage/database.js";
import type { LookupFunction } from "./webhooks/safe-destination.js";
import { WebhookSender } from "./webhooks/sender.js";
import { SubscriptionChallenger } from "./webhooks/subscription-challenge.js";
import { WebhookSigner } from "./webhooks/webhook-signer.js";
import { DeliveryWorker } from "./webhooks/worker.js";

export interface TandemOptions {
  config: Config;
  logger: Logger;
  /** Tests give each run its own PostgreSQL schema. */
  postgresSchema?: string;
  /** Tests point public-looking webhook hosts at 127.0.0.1. */
  webhookLookup?: LookupFunction;
  /** Tests move the clock that OAuth's refresh-token grace window is measured by. */
  now?: Clock;
  /** Tests add kinds of webhook to show that the catalog alone shapes their delivery. */
  webhookCatalog?: WebhookCatalog;
  /** Listeners answering apart from Tandem on its port (the sandbox app at /sandbox). */
  mounts?: readonly MountedListener[];
}

export interface Tandem {
  http: FastifyInstance;
  domain: Domain;
  storage: Storage;
  worker: DeliveryWorker | null;
  metrics: Metrics;
  /** Listens on the configured host and port (0 picks a free one); resolves with the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** Builds the whole service: storage (migrated), the write path, the worker and every route. */
export async function createTandem(options: TandemOptions): Promise<Tandem> {
  const { config, logger } = options;
  const storage = await openStorage({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    ...(options.postgresSchema ? { postgresSchema: options.postgresSchema } : {}),
  });
  const applied = await migrate(storage);
  if (applied.length > 0) logger.info({ migrations: applied }, "database migrated");

  const metrics = new Metrics();
  // Subscription targets are verified with a sender of their own: an API-only process verifies too.
  const challengeSender = new WebhookSender({
    timeoutMs: config.webhookTimeoutMs,
    allowPrivate: config.allowPrivateWebhooks,
    ...(options.webhookLookup ? { lookup: options.webhookLookup } : {}),
  });
  const domain = createDomain(
    storage,
    config,
    options.webhookCatalog,
    (secrets) => new SubscriptionChallenger(challengeSender, new WebhookSigner(secrets)),
  );
  try {
    await checkSecretKey(storage.db, domain.secrets);
  } catch (error) {
    await storage.close();
    throw error;
  }
  const secretKeyWatch = new SecretKeyWatch(storage.db, domain.secrets, logger);
  const { writer } = domain;
  metrics.watchWriter(writer.stats);
  const validator = new Validator(domain, logger);
  writer.onCommit(validator.onCommit);

  let worker: DeliveryWorker | null = null;
  let sender: WebhookSender | null = null;
  if (config.roles.worker) {
    sender = new WebhookSender({
      timeoutMs: config.webhookTimeoutMs,
      allowPrivate: config.allowPrivateWebhooks,
      ...(options.webhookLookup ? { lookup: options.webhookLookup } : {}),
    });
    const activeWorker = new DeliveryWorker({
      db: storage.db,
      apps: domain.apps,
      writer,
      sender,
      secrets: domain.secrets,
      metrics,
      logger,
      retryScheduleSeconds: config.webhookRetryScheduleSeconds,
      concurrencyPerApp: config.webhookConcurrencyPerApp,
      maxInFlight: config.webhookMaxInFlight,
      leaseMs: config.webhookLeaseMs,
      skipLocked: storage.dialect.supportsSkipLocked,
      appUnreachableAfterMs: config.appUnreachableAfterMs,
      catalog: domain.webhookCatalog,
    });
    writer.onCommit((events) => {
      if (concernsApp(events) || domain.subscriptionOutbox.wroteIn(events)) activeWorker.wake();
    });
    worker = activeWorker;
  }
  const realtime = await Realtime.start({
    storage,
    writer,
    metrics,
    logger,
    signInCheckMs: config.signInCheckMs,
  });

  const serverFactory = serverWithMounts(options.mounts ?? []);
  const http = Fastify({
    ...(serverFactory ? { serverFactory } : {}),
    loggerInstance: logger as FastifyBaseLogger,
    requestIdHeader: "x-request-id",
    genReqId: () => crypto.randomUUID(),
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PATH_PARAM_LENGTH },
    frameworkErrors: answerFrameworkError,
  });
  http.setValidatorCompiler(validatorCompiler);
  // Answers are written as the handlers return them: their schemas type the handlers and document
  // the API, and a test checks real answers against them, but they never strip or reshape a field.
  http.setSerializerCompiler(() => (data) => JSON.stringify(data));
  http.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  http.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? "unknown";
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  http.decorateRequest("principal", null);
  // Only JSON reaches the API's handlers (OAuth takes its forms itself): other bodies are 415.
  http.removeContentTypeParser("text/plain");
  installErrorHandler(http);
  await http.register(cookie);
  // Before every route, so that an upgrade request to any other route is closed rather than left open.
  await http.register(websocket, websocketOptions);
  await http.register(swagger, { openapi: openApiDocument(config.publicUrl) });
  await http.register(swaggerUi, { routePrefix: "/docs" });

  let ready = false;
  const auth = new Authenticator({
    db: storage.db,
    directoryToken: config.directoryToken,
    verifiers: [mintedTokenVerifier(storage.db)],
    rateLimitPerMinute: config.rateLimitPerMinute,
  });
  const deps: RouteDeps = {
    domain,
    auth,
    typing: new TypingThrottle(),
    metrics,
    appChecks: new AppChecks({
      timeoutMs: config.webhookTimeoutMs,
      allowPrivate: config.allowPrivateWebhooks,
      catalog: domain.webhookCatalog,
    }),
    ready: () => ready,
    unopenableSecrets: async () => (worker ? worker.unopenableSecrets() : []),
    secretKeyProblem: () => secretKeyWatch.problem,
  };
  const api = http.withTypeProvider<TypeBoxTypeProvider>() as Api;
  let openApi: object | null = null;
  api.get("/openapi.json", { schema: { hide: true } }, async () => {
    openApi ??= withWebhooks(http.swagger());
    return openApi;
  });
  for (const register of [
    registerSystemRoutes,
    registerAppRoutes,
    registerBusinessRoutes,
    registerTokenRoutes,
    registerClientRoutes,
    registerDeliveryRoutes,
    registerChannelRoutes,
    registerSessionRoutes,
    registerMessageRoutes,
    registerConversationRoutes,
    registerSettingsRoutes,
    registerTemplateRoutes,
    registerIntegrationConversationRoutes,
    registerIntegrationTemplateRoutes,
    registerSubscriptionRoutes,
  ]) {
    register(api, deps);
  }
  registerPageAuthRoutes(api, deps, config.production);
  registerRealtimeRoute(api, deps, realtime, config.publicUrl);
  await registerOAuthRoutes(http, { services: oauthServices(domain, logger, options.now ?? Date.now), auth });
  await registerWebApp(http);

  await http.ready();
  validator.start();
  worker?.start();
  secretKeyWatch.start();
  ready = true;

  return {
    http,
    domain,
    storage,
    worker,
    metrics,
    async listen() {
      await http.listen({ port: config.port, host: config.host });
      // What a cold start left for later, loaded while the first requests come in. A worker-only
      // process answers little beyond its probes: its validators compile if a request needs one
      // (compiling them all took 3–4 % of a fresh worker's first seconds of delivery).
      if (config.roles.api) compileValidatorsInBackground();
      void sender?.prepare();
      const address = http.server.address();
      const port = typeof address === "object" && address ? address.port : config.port;
      return `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
    },
    async close() {
      ready = false;
      secretKeyWatch.stop();
      await validator.stop();
      // Pages are told to reconnect (to another process) before the server stops listening.
      await realtime.close();
      // In-flight requests finish first, then in-flight deliveries, then the database closes.
      await http.close();
      await worker?.stop();
      await sender?.close();
      await challengeSender.close();
      await storage.close();
    },
  };
}
