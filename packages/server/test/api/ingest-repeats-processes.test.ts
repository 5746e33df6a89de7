import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import {
  activeChannel,
  activeSession,
  client,
  DIALECTS,
  remoteTenant,
  sharedSchema,
  unique,
  WebhookReceiver,
} from "@tandem/test-support";

const MESSAGES = 20;
/** Each message_uid is posted this often at once, half to each process. */
const COPIES = 4;

/**
 * `POST /messages` is idempotent on (channel, message_uid) also when two processes write the same
 * message_uid at the same moment: PostgreSQL's insert waits for the other's transaction, leaves the
 * message out once it commits, and the loser answers with the winner's message.
 */
describe("repeated incoming messages across processes on postgres", {
  skip: !DIALECTS.includes("postgres"),
}, () => {
  const shared = sharedSchema("repeats");
  const receiver = new WebhookReceiver();

  after(() => receiver.close());

  it("stores one message per message_uid when both processes take its repeats at once", {
    timeout: 120_000,
  }, async () => {
    await receiver.start();
    const urls = [(await shared.start()).url, (await shared.start()).url];
    const [first = ""] = urls;
    const { directoryToken } = shared;
    const { businessUid, appToken } = await remoteTenant(first, directoryToken, receiver, "Repeats");
    const appApi = client(first, appToken);
    const channel = await activeChannel(appApi, receiver, businessUid);
    const person = await client(first, directoryToken).post("/platform/v1/clients", {
      business_uid: businessUid,
      first_name: "Rita",
      phone: "+15550001111",
    });
    assert.equal(person.status, 201, JSON.stringify(person.body));
    const session = await activeSession(
      appApi,
      receiver,
      businessUid,
      channel.uid,
      person.body.data.client.uid,
    );

    const messageUids = Array.from({ length: MESSAGES }, () => unique("wamid.race-"));
    const answers = await Promise.all(
      messageUids.flatMap((messageUid) =>
        Array.from({ length: COPIES }, (_, copy) =>
          client(urls[copy % urls.length] ?? first, appToken).post("/business/communication/messages", {
            channel_uid: channel.uid,
            external_uid: session.external_uid,
            message: "Sent twice to each process",
            message_uid: messageUid,
          }),
        ),
      ),
    );
    for (const [index, messageUid] of messageUids.entries()) {
      const copies = answers.slice(index * COPIES, (index + 1) * COPIES);
      const statuses = copies.map((answer) => answer.status).sort();
      assert.deepEqual(statuses, [200, 200, 200, 201], `${messageUid}: ${JSON.stringify(copies[0]?.body)}`);
      const uids = new Set(copies.map((answer) => answer.body.data.message.uid));
      assert.equal(uids.size, 1, `${messageUid}: every copy is answered with the one stored`);
    }
    const history = await appApi.get(
      `/business/communication/messages?channel_uid=${channel.uid}&external_uid=${session.external_uid}&limit=100`,
    );
    assert.equal(history.status, 200, JSON.stringify(history.body));
    assert.equal(history.body.data.messages.length, MESSAGES);
  });
});
