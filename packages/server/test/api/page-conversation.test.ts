import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  createBusiness,
  readyConversation,
  signIn,
  staffClient,
  startServer,
  type TestServer,
  unique,
  WebhookReceiver,
} from "@tandem/test-support";

/** `GET /api/conversations/{client_uid}`: the page opens a thread by link before its inbox lists the client. */
describe("one conversation for the page", () => {
  let server: TestServer;
  const receiver = new WebhookReceiver();

  before(async () => {
    await receiver.start();
    server = await startServer({ dialect: "sqlite" });
  });

  after(async () => {
    await server?.close();
    await receiver.close();
  });

  it("answers the client with its last message and unread count, as the inbox does, and 404 elsewhere", async () => {
    const {
      appApi,
      staff,
      channel,
      client: clara,
      session,
    } = await readyConversation(server, { receiver, client: { first_name: "Clara" } });
    const posted = await appApi.post("/business/communication/messages", {
      channel_uid: channel.uid,
      external_uid: session.external_uid,
      message: "Is my order ready?",
      message_uid: unique("wamid."),
    });
    assert.equal(posted.status, 201);

    const answer = await staff.get(`/api/conversations/${clara.uid}`);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const listed = (await staff.get("/api/conversations")).body.data.conversations[0];
    assert.deepEqual(answer.body.data.conversation, listed);
    assert.equal(answer.body.data.conversation.unread_count, 1);
    assert.equal(answer.body.data.conversation.last_message.message, "Is my order ready?");

    const other = await createBusiness(server);
    const stranger = staffClient(server, await signIn(server, other.adminEmail, other.adminPassword));
    assert.equal((await stranger.get(`/api/conversations/${clara.uid}`)).status, 404);
  });
});
