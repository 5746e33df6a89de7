import { DELIVERY_CATALOG } from "@tandem/contract";
import { SECURITY_SCHEMES } from "./operation-schema.js";

const TAGS = [
  {
    name: "platform: apps",
    description: "The directory registers communication apps and rotates their secrets.",
  },
  {
    name: "platform: businesses",
    description: "The directory creates businesses, their staff and installations.",
  },
  { name: "platform: tokens", description: "The directory mints tokens for automation." },
  {
    name: "platform: deliveries",
    description: "Every webhook delivery with its attempts: retry one, recover many.",
  },
  { name: "platform: channels", description: "The directory sets any channel's status, blocked included." },
  { name: "clients", description: "A business's clients and their matters." },
  { name: "communication: channels", description: "An app's presence at a business." },
  { name: "communication: sessions", description: "One client's thread through one channel, and typing." },
  { name: "communication: messages", description: "Messages in both directions and their statuses." },
  { name: "page", description: "The conversation page's own API, for staff." },
  { name: "oauth", description: "OAuth 2.0 for apps: codes, tokens, refresh, revocation." },
  { name: "system", description: "Probes for orchestrators." },
];

/** The document's frame; each route adds its operation from the contract. */
export function openApiDocument(publicUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Tandem",
      version: "0.1.0",
      summary: "One conversation page for every messaging channel.",
      description:
        "The platform API (the directory), the communication API (apps), the page's API (staff), and " +
        "the webhooks Tandem sends to an app's api_uri, signed per Standard Webhooks.",
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [{ url: publicUrl, description: "this Tandem" }],
    tags: [...TAGS, { name: "webhooks", description: "What Tandem calls on an app's api_uri." }],
    components: { securitySchemes: SECURITY_SCHEMES },
  };
}

const SIGNATURE_HEADERS = [
  { name: "webhook-id", description: "The same on every retry of one delivery: deduplicate by it." },
  { name: "webhook-timestamp", description: "Seconds since the epoch when this attempt was signed." },
  {
    name: "webhook-signature",
    description:
      "`v1,<base64 HMAC-SHA256 of id.timestamp.body>` with the app's webhook secret; during a rotation, two, space-separated.",
  },
].map((header) => ({ in: "header", required: true, schema: { type: "string" }, ...header }));

/**
 * The app's side of the contract: every event kind Tandem delivers as an OpenAPI 3.1 webhook, with
 * its method, its path under the app's api_uri (or an integration's target), its signed headers and
 * its body.
 */
export function webhooksSection() {
  return Object.fromEntries(
    Object.values(DELIVERY_CATALOG).map((kind) => [
      kind.name,
      {
        [kind.method.toLowerCase()]: {
          operationId: `webhook_${kind.name.replace(/\W/g, "_")}`,
          summary: kind.summary,
          description:
            (kind.path === ""
              ? `Tandem posts it to each subscription's \`target_url\`, signed with the integration's webhook secret; \`event\` names the event. `
              : `Tandem calls \`${kind.method} {api_uri}${kind.path}\`. `) +
            (kind.onFailure === "retry"
              ? `Retried on the schedule until a 2xx${kind.orderedBy ? `, in order per ${kind.orderedBy}` : ""}.`
              : `Not retried: dropped once ${Math.round((kind.lifetimeMs ?? 0) / 1000)} s old.`),
          tags: ["webhooks"],
          // Tandem signs these; the app checks the signature, no credential is sent.
          security: [],
          parameters: SIGNATURE_HEADERS,
          requestBody: { required: true, content: { "application/json": { schema: kind.body } } },
          responses: {
            "204": { description: "Received (any 2xx is a success)." },
            "410": { description: "Gone: Tandem stops retrying this delivery." },
          },
        },
      },
    ]),
  );
}

/** The document the routes generated, with the webhooks added. */
export const withWebhooks = (generated: object): object => ({ ...generated, webhooks: webhooksSection() });
