export type { AuthorizeUrlOptions, CodeExchange, OAuthTokenAnswer, TokenOwner } from "./auth/oauth.js";
export { createPkcePair, type PkcePair, pkceChallenge } from "./auth/pkce.js";
export { APP_TOKEN_KEY, MemoryTokenStore, type TokenSet, type TokenStore } from "./auth/token-store.js";
export type { CommunicationApi } from "./client/api.js";
export { TandemDirectory, type TandemDirectoryOptions } from "./client/directory.js";
export type { DirectoryApi } from "./client/directory-api.js";
export type { RetryOptions } from "./client/retry.js";
export { type Installation, Tandem, type TandemOptions } from "./client/tandem.js";
export { TandemError } from "./errors.js";
export {
  type FastifyAdapterOptions,
  type FastifyInstanceLike,
  fastifyPlugin,
} from "./webhooks/adapters/fastify.js";
export { type FetchAdapterOptions, fetchHandler } from "./webhooks/adapters/fetch.js";
export {
  expressMiddleware,
  type NodeAdapterOptions,
  type NodeRequestLike,
  type NodeResponseLike,
  nodeListener,
} from "./webhooks/adapters/node.js";
export {
  type HandlesWebhooks,
  type WebhookAnswer,
  type WebhookDelivery,
  type WebhookEvent,
  WebhookHandler,
  type WebhookHandlerOptions,
  type WebhookHandlers,
  type WebhookRequest,
} from "./webhooks/handler.js";
export type {
  IntegrationEvent,
  IntegrationEventFor,
  IntegrationHandler,
} from "./webhooks/integration-events.js";
export { WEBHOOK_ROUTES } from "./webhooks/routes.js";
export { MemorySeenStore, type SeenStore } from "./webhooks/seen-store.js";
