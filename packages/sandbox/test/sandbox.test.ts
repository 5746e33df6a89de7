import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { directory, eventually, type JsonObject } from "@tandem/test-support";
import type { PhoneContact, PhoneMessage } from "../src/wire.ts";
import { type Harness, openFeed, sandboxCall, startHarness } from "../testing/harness.ts";

/**
 * The sandbox app against the real server: it sets itself up through the directory API, posts the
 * demo's history, and carries a conversation both ways with receipts, typing and the switches.
 */
describe("the sandbox app", () => {
  let harness: Harness;
  // After two attempts a retry waits five minutes, as Tandem's default schedule has it.
  before(async () => {
    harness = await startHarness({ env: { TANDEM_WEBHOOK_RETRY_SCHEDULE: "0,300" } });
  });
  after(async () => {
    await harness?.close();
  });

  const conversations = async () =>
    (await harness.staff.get("/api/conversations")).body.data.conversations as JsonObject[];
  const conversationOf = async (firstName: string) => {
    const found = (await conversations()).find((entry) => entry.client.first_name === firstName);
    assert.ok(found, `a conversation with ${firstName}`);
    return found;
  };
  const thread = async (clientUid: string) =>
    (await harness.staff.get(`/api/conversations/${clientUid}/messages`)).body.data.messages as JsonObject[];
  const channelUid = async (clientUid: string) =>
    (await harness.staff.get(`/api/conversations/${clientUid}/channels`)).body.data.channels[0]
      .channel_uid as string;
  const staffSends = async (clientUid: string, message: string) => {
    const answer = await harness.staff.post(`/api/conversations/${clientUid}/messages`, {
      channel_uid: await channelUid(clientUid),
      message,
    });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    return answer.body.data.message as JsonObject;
  };
  const phoneMessage = async (id: string) =>
    (await harness.state()).messages.find((message) => message.id === id);
  const newContact = async (name: string, phone: string) => {
    const answer = await harness.phone("POST", "/contacts", { name, phone, email: "" });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    return answer.body.contact as PhoneContact;
  };

  it("registers as an open-channel communication app, installs itself and makes its channel active", async () => {
    const apps = (await directory(harness.server).get("/platform/v1/apps")).body.data.apps as JsonObject[];
    const sandbox = apps.filter((app) => app.name === "Sandbox");
    assert.equal(sandbox.length, 1);
    assert.equal(sandbox[0]?.api_uri, `${harness.sandboxUrl}/sandbox/webhooks`);
    assert.equal(sandbox[0]?.open_channel, true);
    const channels = (await harness.staff.get("/api/channels")).body.data.channels as JsonObject[];
    assert.deepEqual(
      channels.map((channel) => [channel.display_name, channel.status]),
      [["Sandbox", "active"]],
    );
    const state = await harness.state();
    assert.deepEqual(state.status, { ready: true, problem: null, channelStatus: "active" });
  });

  it("gives the business a lived-in inbox: three clients, history both ways, a picture, one unread", async () => {
    const inbox = await conversations();
    assert.deepEqual(inbox.map((entry) => entry.client.first_name).sort(), ["Aiko", "Clara", "Marco"]);
    assert.deepEqual(
      inbox.filter((entry) => entry.unread_count > 0).map((entry) => entry.client.first_name),
      ["Aiko"],
    );
    const clara = await thread((await conversationOf("Clara")).client_uid);
    assert.deepEqual(
      clara.map((message) => message.direction),
      ["business_to_client", "client_to_business", "business_to_client", "client_to_business"],
    );
    assert.ok(clara.every((message) => message.status === "read"));
    assert.ok(
      Date.parse(String(clara.at(-1)?.created_at)) < Date.now() - 24 * 3600 * 1000,
      "dated in the past",
    );
    const picture = clara.find((message) => message.attachments.length > 0)?.attachments[0];
    assert.equal(picture?.content_type, "image/svg+xml");
    const served = await fetch(picture?.url);
    assert.equal(served.status, 200);
    assert.match(await served.text(), /<svg/);
  });

  it("sets itself up again on a restart without a second app, channel or history", async () => {
    const before = await thread((await conversationOf("Clara")).client_uid);
    await harness.restart();
    const apps = (await directory(harness.server).get("/platform/v1/apps")).body.data.apps as JsonObject[];
    assert.equal(apps.filter((app) => app.name === "Sandbox").length, 1);
    assert.equal(
      apps[0]?.api_uri,
      `${harness.sandboxUrl}/sandbox/webhooks`,
      "the api_uri follows the new port",
    );
    assert.equal(((await harness.staff.get("/api/channels")).body.data.channels as JsonObject[]).length, 1);
    const afterRestart = await thread((await conversationOf("Clara")).client_uid);
    assert.equal(afterRestart.length, before.length);
    assert.equal((await harness.state()).contacts.length, 3, "the phones kept their contacts");
  });

  it("carries a conversation both ways: the client writes, staff answer, the phone reports delivered and read", async () => {
    const contact = await newContact("Nina Berg", "+46 70 123 45 67");
    const sent = await harness.phone("POST", `/contacts/${contact.id}/messages`, {
      text: "Do you have oat milk?",
    });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    assert.equal(sent.body.message.status, "pending");

    const nina = await eventually(async () =>
      (await conversations()).find((entry) => entry.client.first_name === "Nina"),
    );
    assert.equal(nina.client.last_name, "Berg");
    assert.equal(nina.client.phone, "+46701234567");
    // Staff open the thread: the phone hears received, then read.
    await thread(nina.client_uid);
    await harness.staff.post(`/api/conversations/${nina.client_uid}/read`, {});
    await eventually(async () => (await phoneMessage(sent.body.message.id))?.status === "read");

    const reply = await staffSends(nina.client_uid, "We do, and almond too.");
    const arrived = await eventually(() => phoneMessage(reply.uid));
    assert.equal(arrived.text, "We do, and almond too.");
    assert.equal(arrived.direction, "to_client");
    await eventually(
      async () => (await thread(nina.client_uid))[0]?.status === "read",
      5_000,
      "read in Tandem",
    );
  });

  it("reports receipts by hand: a retryable failure, staff's retry, then read", async () => {
    const contact = await newContact("Omar Haddad", "+971501234567");
    await harness.phone("PUT", `/contacts/${contact.id}`, { autoReceipts: false });
    await harness.phone("POST", `/contacts/${contact.id}/messages`, { text: "Hello?" });
    const omar = await eventually(async () =>
      (await conversations()).find((entry) => entry.client.first_name === "Omar"),
    );
    const reply = await staffSends(omar.client_uid, "Hi Omar!");
    await eventually(async () => (await phoneMessage(reply.uid))?.status === "sent");
    assert.equal((await thread(omar.client_uid))[0]?.status, "sent", "no receipt until the person gives one");

    const failed = await harness.phone("POST", `/messages/${reply.uid}/receipt`, {
      status: "error",
      retryable: true,
    });
    assert.equal(failed.status, 200, JSON.stringify(failed.body));
    const inTandem = (await thread(omar.client_uid))[0];
    assert.equal(inTandem?.status, "error");
    assert.equal(inTandem?.error?.retryable, true);

    const retried = await harness.staff.post(`/api/messages/${reply.uid}/retry`, {});
    assert.ok(retried.status === 200 || retried.status === 201, JSON.stringify(retried.body));
    await eventually(async () => (await phoneMessage(reply.uid))?.status === "sent", 5_000, "sent again");
    const read = await harness.phone("POST", `/messages/${reply.uid}/receipt`, { status: "read" });
    assert.equal(read.body.message.status, "read");
    assert.equal((await thread(omar.client_uid))[0]?.status, "read");
    const phones = (await harness.state()).messages.filter((message) => message.id === reply.uid);
    assert.equal(phones.length, 1, "the retry arrives as the same message, not a second one");
  });

  it("tells the phone when staff type, and Tandem when the client types", async () => {
    const feed = await openFeed(harness.sandboxUrl);
    try {
      const clara = await conversationOf("Clara");
      const claraPhone = (await harness.state()).contacts.find((contact) => contact.name === "Clara Jones");
      assert.ok(claraPhone);
      await harness.staff.post(`/api/conversations/${clara.client_uid}/typing`, {
        channel_uid: await channelUid(clara.client_uid),
        typing: true,
      });
      await eventually(async () =>
        feed.events.some(
          (event) => event.type === "typing" && event.contactId === claraPhone.id && event.typing,
        ),
      );
      const typed = await harness.phone("POST", `/contacts/${claraPhone.id}/typing`, { typing: true });
      assert.equal(typed.status, 200, JSON.stringify(typed.body));
    } finally {
      feed.close();
    }
  });

  it("with the network down answers Tandem 503; staff messages wait and arrive in order as soon as it is up", async () => {
    const marco = await conversationOf("Marco");
    const down = await harness.phone("PUT", "/network", { down: true });
    assert.deepEqual(down.body.network, { down: true, slow: false });
    const first = await staffSends(marco.client_uid, "Your order is packed.");
    const second = await staffSends(marco.client_uid, "And the invoice is in the bag.");
    const deliveries = async () =>
      ((await harness.staff.get("/api/deliveries")).body.data.deliveries as JsonObject[]).filter(
        (delivery) => delivery.event === "message.created",
      );
    // The first is refused and retried; the second waits behind it (in order per conversation).
    const refused = await eventually(async () =>
      (await deliveries()).find(
        (delivery) => delivery.payload.message_uid === first.uid && delivery.attempt_count >= 2,
      ),
    );
    assert.equal(refused.state, "retrying");
    assert.notEqual(refused.status, "succeeded");
    assert.notEqual(refused.status, "failed");
    assert.equal(
      await phoneMessage(first.uid),
      undefined,
      "nothing reaches the phone while the network is down",
    );

    // Up again: the sandbox asks Tandem to send what it holds now, not in five minutes.
    await harness.phone("PUT", "/network", { down: false });
    await eventually(async () => (await phoneMessage(second.uid)) !== undefined, 10_000, "both messages");
    const arrived = (await harness.state()).messages.filter((message) =>
      [first.uid, second.uid].includes(message.id),
    );
    assert.deepEqual(
      arrived.map((message) => message.text),
      ["Your order is packed.", "And the invoice is in the bag."],
    );
  });

  it("with a slow network still takes every webhook, later", async () => {
    const aiko = await conversationOf("Aiko");
    await harness.phone("PUT", "/network", { slow: true });
    try {
      const reply = await staffSends(aiko.client_uid, "Friday works, see you then.");
      const arrived = await eventually(() => phoneMessage(reply.uid), 10_000);
      assert.equal(arrived.text, "Friday works, see you then.");
    } finally {
      await harness.phone("PUT", "/network", { slow: false });
    }
  });

  it("follows its channel: switched off on the page, the phones say why and a message is not sent", async () => {
    const [channel] = (await harness.staff.get("/api/channels")).body.data.channels as JsonObject[];
    const contact = (await harness.state()).contacts[0] as PhoneContact;
    await harness.staff.put(`/api/channels/${channel?.uid}`, { status: "inactive" });
    const off = await eventually(async () => {
      const { status } = await harness.state();
      return status.channelStatus === "inactive" ? status : null;
    });
    assert.equal(off.ready, false);
    assert.match(String(off.problem), /inactive/);
    const refused = await harness.phone("POST", `/contacts/${contact.id}/messages`, { text: "Hello?" });
    assert.equal(refused.body.message.status, "not_sent");
    assert.match(refused.body.message.problem, /not active/);

    await harness.staff.put(`/api/channels/${channel?.uid}`, { status: "active" });
    await eventually(async () => (await harness.state()).status.ready);
  });

  it("refuses bad input with 4xx naming the field", async () => {
    const cases: [string, string, unknown, number, string | null][] = [
      ["POST", "/contacts", { phone: "+15550100" }, 422, "name"],
      ["POST", "/contacts", { name: "Al", phone: "call me" }, 422, "phone"],
      ["POST", "/contacts", { name: "Al", phone: "+15550100", email: "nope" }, 422, "email"],
      ["POST", "/contacts/c-missing/messages", { text: "hi" }, 404, "contact"],
      ["PUT", "/network", { down: "yes" }, 422, "down"],
      ["POST", "/messages/nope/receipt", { status: "read" }, 404, "message"],
    ];
    for (const [method, path, body, status, field] of cases) {
      const answer = await harness.phone(method, path, body);
      assert.equal(answer.status, status, `${method} ${path}: ${JSON.stringify(answer.body)}`);
      assert.equal(answer.body.error.field, field, `${method} ${path}`);
    }
    const contact = (await harness.state()).contacts[0] as PhoneContact;
    const empty = await harness.phone("POST", `/contacts/${contact.id}/messages`, { text: " " });
    assert.equal(empty.body.error.field, "text");
    const notJson = await sandboxCall(harness.sandboxUrl, "POST", "/contacts", "name=Al", "text/plain");
    assert.equal(notJson.status, 415);
    const badReceipt = await harness.phone("POST", `/messages/${(await staffMessage()).id}/receipt`, {
      status: "lost",
    });
    assert.equal(badReceipt.body.error.field, "status");
  });

  it("serves its page's built files and nothing else", async () => {
    const index = await fetch(`${harness.sandboxUrl}/sandbox`);
    assert.equal(index.status, 200);
    const html = await index.text();
    const script = /src="(\/sandbox\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(script, "the built page names its script");
    const served = await fetch(`${harness.sandboxUrl}${script}`);
    assert.equal(served.status, 200);
    assert.match(served.headers.get("cache-control") ?? "", /immutable/);
    for (const path of ["/sandbox/../package.json", "/sandbox/%2e%2e/package.json", "/sandbox/nothing.js"]) {
      assert.equal((await fetch(`${harness.sandboxUrl}${path}`)).status, 404, path);
    }
  });

  const staffMessage = async (): Promise<PhoneMessage> => {
    const found = (await harness.state()).messages.find((message) => message.direction === "to_client");
    assert.ok(found);
    return found;
  };
});
