import type { Client, JsonObject } from "@tandem/test-support";
import {
  activeChannel,
  activeSession,
  appToken,
  client,
  createBusiness,
  createClient,
  type DialectName,
  install,
  registerApp,
  startServer,
  type TestBusiness,
  type TestServer,
  unique,
  WebhookReceiver,
} from "@tandem/test-support";

/**
 * The real server (SQLite, in this process) and a real webhook receiver playing a communication app
 * that uses only the public API: the page under test talks to exactly what production runs.
 */
export interface Scenario {
  server: TestServer;
  receiver: WebhookReceiver;
  app: JsonObject;
  appApi: Client;
  business: TestBusiness;
  close(): Promise<void>;
}

export async function startScenario(
  dialect: DialectName = "sqlite",
  env: Record<string, string> = {},
): Promise<Scenario> {
  const receiver = new WebhookReceiver();
  await receiver.start();
  const server = await startServer({ dialect, env });
  const { app } = await registerApp(server, receiver, { name: unique("Chat ") });
  const business = await createBusiness(server, "Corner Bakery");
  await install(server, business.business.uid, app.app_code_name);
  const appApi = client(server.url, await appToken(server, app.app_id, business.business.uid));
  return {
    server,
    receiver,
    app,
    appApi,
    business,
    async close() {
      await server.close();
      await receiver.close();
    },
  };
}

export interface Contact {
  client: JsonObject;
  sessions: Record<string, JsonObject>;
}

/** A client reachable through the given channels (each an active session, as the guide describes). */
export async function contact(
  scenario: Scenario,
  fields: JsonObject,
  channels: JsonObject[],
): Promise<Contact> {
  const businessUid = scenario.business.business.uid;
  const created = (await createClient(scenario.server, businessUid, fields)).client;
  const sessions: Record<string, JsonObject> = {};
  for (const channel of channels) {
    sessions[channel.uid] = await activeSession(
      scenario.appApi,
      scenario.receiver,
      businessUid,
      channel.uid,
      created.uid,
    );
  }
  return { client: created, sessions };
}

export const channel = (scenario: Scenario, name: string) =>
  activeChannel(scenario.appApi, scenario.receiver, scenario.business.business.uid, name);

/** The client writes on their network; the app hands it to Tandem. */
export async function clientWrites(
  scenario: Scenario,
  who: Contact,
  channelUid: string,
  message: string,
  extra: JsonObject = {},
): Promise<JsonObject> {
  const session = who.sessions[channelUid];
  if (!session) throw new Error("no session on that channel");
  const answer = await scenario.appApi.post("/business/communication/messages", {
    channel_uid: channelUid,
    external_uid: session.external_uid,
    message,
    message_uid: unique("net-"),
    ...extra,
  });
  if (answer.status !== 201) throw new Error(`the app's message was refused: ${JSON.stringify(answer.body)}`);
  return answer.body.data.message;
}

/** The app reports what happened to a message staff sent. */
export async function appReports(
  scenario: Scenario,
  messageUid: string,
  channelUid: string,
  status: string,
  error?: JsonObject,
): Promise<void> {
  const answer = await scenario.appApi.put(`/business/communication/messages/${messageUid}`, {
    channel_uid: channelUid,
    status,
    ...(error ? { error } : {}),
  });
  if (answer.status !== 200) throw new Error(`the report was refused: ${JSON.stringify(answer.body)}`);
}
