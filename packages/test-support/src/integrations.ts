import assert from "node:assert/strict";
import { appToken, directory, install, unique } from "./fixtures.js";
import { type Client, client, type JsonObject } from "./http.js";
import type { WebhookReceiver } from "./receiver.js";
import type { TestServer } from "./server.js";

/** A registered integration (app_type `integration`, scope `business/conversations`) and its secrets. */
export async function registerIntegration(server: TestServer, fields: JsonObject = {}): Promise<JsonObject> {
  const answer = await directory(server).post("/platform/v1/apps", {
    name: unique("Booking Tool "),
    app_type: ["integration"],
    trusted: true,
    redirect_uri: "http://127.0.0.1:1/callback",
    ...fields,
  });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body.data.app;
}

/** The integration installed by the directory on a business, and a client holding its token there. */
export async function installedIntegration(
  server: TestServer,
  integration: JsonObject,
  businessUid: string,
): Promise<Client> {
  await install(server, businessUid, integration.app_code_name);
  return client(server.url, await appToken(server, integration.app_id, businessUid));
}

/**
 * Makes the receiver answer subscription challenges as a working target does (echoing the
 * challenge) and everything else with 204.
 */
export function echoChallenges(receiver: WebhookReceiver): void {
  receiver.answerWith((webhook) =>
    webhook.body.event === "subscription.verification"
      ? {
          status: 200,
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ challenge: webhook.body.challenge }),
        }
      : { status: 204 },
  );
}

/** A verified subscription of the integration at its business, its events posted to `receiver`. */
export async function subscribe(
  integration: Client,
  receiver: WebhookReceiver,
  body: JsonObject,
): Promise<JsonObject> {
  echoChallenges(receiver);
  const answer = await integration.post("/business/conversations/v1/subscriptions", {
    target_url: `${receiver.baseUrl}/events`,
    ...body,
  });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body.data.subscription;
}
