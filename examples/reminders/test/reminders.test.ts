import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { PhoneContact } from "@tandem/sandbox";
import { type Harness, startHarness } from "@tandem/sandbox/testing";
import {
  type Client,
  DIALECTS,
  eventually,
  type JsonObject,
  type TestBusiness,
  type TestServer,
} from "@tandem/test-support";
import { type ScriptProcess, spawnScript } from "./support/script-process.js";

const JOHN = "+31612345678";
const REMINDER =
  "Hello John, a reminder of your appointment tomorrow at 3.15 pm for the car's yearly service. Reply to this message to confirm or to ask for another time.";

/**
 * The booking tool end to end, as its README runs it: a real Tandem, the sandbox app as the
 * business's phone network (an open channel), `npm run setup` and `npm start` as processes. The
 * tool reminds John by phone from its template; his phone shows it, he answers, the tool prints it.
 */
describe("the reminders example against the sandbox app", () => {
  let harness: Harness;
  let server: TestServer;
  let business: TestBusiness;
  let staff: Client;
  let folder: string;
  let toolEnv: Record<string, string>;
  let tool: ScriptProcess | undefined;

  const contactWithPhone = (number: string) =>
    eventually(
      async () => (await harness.state()).contacts.find((contact) => contact.phone === number),
      10_000,
      number,
    );
  const clientWrites = async (contact: PhoneContact, text: string) => {
    const written = await harness.phone("POST", `/contacts/${contact.id}/messages`, { text });
    assert.equal(written.status, 201, JSON.stringify(written.body));
  };

  before(async () => {
    // One database is enough here (the storage is tested on both elsewhere): SQLite, unless
    // TEST_DIALECTS names another.
    harness = await startHarness({ dialect: DIALECTS[0] ?? "sqlite", businessName: "Garage Johnson" });
    ({ server, business, staff } = harness);
    folder = mkdtempSync(join(tmpdir(), "tandem-reminders-"));
  });

  after(async () => {
    await tool?.stop();
    await harness?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it("registers and installs itself with `npm run setup`, printing the environment it needs", async () => {
    const setup = spawnScript("src/setup-main.ts", {
      TANDEM_URL: server.url,
      TANDEM_DIRECTORY_TOKEN: server.directoryToken,
      TANDEM_BUSINESS_UID: business.business.uid,
    });
    assert.equal(await setup.exited(), 0, setup.stderr());
    toolEnv = Object.fromEntries(setup.lines.filter(Boolean).map((line) => line.split(/=(.*)/s).slice(0, 2)));
    assert.deepEqual(Object.keys(toolEnv).sort(), [
      "TANDEM_BUSINESS_UID",
      "TANDEM_CLIENT_ID",
      "TANDEM_CLIENT_SECRET",
      "TANDEM_URL",
      "TANDEM_WEBHOOK_SECRET",
    ]);
    const installed = (await staff.get("/api/apps")).body.data;
    assert.ok(JSON.stringify(installed).includes("Booking Tool"), JSON.stringify(installed));
  });

  it("reminds John by phone from its template, through the sandbox, and prints his reply", async () => {
    const bookings = join(folder, "bookings.json");
    writeFileSync(
      bookings,
      JSON.stringify([
        {
          id: "b-1001",
          first_name: "John",
          last_name: "Johnson",
          phone: "+31 6 1234 5678",
          time: "tomorrow at 3.15 pm",
          service: "the car's yearly service",
          attributes: { plate: "XX-99-WZ" },
        },
        { id: "b-1002", first_name: "Nobody", phone: "12", time: "today", service: "nothing" },
      ]),
    );
    toolEnv = { ...toolEnv, REMINDERS_BOOKINGS: bookings, REMINDERS_PORT: "0" };
    tool = spawnScript("src/main.ts", toolEnv);
    await tool.waitForLine(
      (line) =>
        line === `reminded John Johnson (${JOHN}) of b-1001 through Sandbox: ${JSON.stringify(REMINDER)}`,
      "John's reminder",
    );
    const refused = await tool.waitForLine((line) => line.includes("b-1002"), "the refused booking");
    assert.match(refused, /^could not remind Nobody of b-1002: contact\.phone: /);

    // John's phone had never written to the business: the open channel addresses it by number.
    const john = await contactWithPhone(JOHN);
    assert.equal(john.name, "John Johnson");
    const onPhone = await eventually(
      async () =>
        (await harness.state()).messages.find(
          (message) =>
            message.contactId === john.id && message.direction === "to_client" && message.status === "read",
        ),
      10_000,
      "the reminder read on John's phone",
    );
    assert.equal(onPhone.text, REMINDER);
    assert.equal(onPhone.sender, "Booking Tool");

    await clientWrites(john, "Yes, I will be there");
    await tool.waitForLine(
      (line) => line === `reply from John Johnson (${JOHN}) about b-1001: "Yes, I will be there"`,
      "John's reply",
    );

    // Staff see the tool as the reminder's sender, John's plate, and his answer in the thread.
    const conversations = (await staff.get("/api/conversations")).body.data.conversations as JsonObject[];
    const johnsConversation = conversations.find((entry) => entry.client.phone === JOHN);
    assert.ok(johnsConversation);
    assert.deepEqual(johnsConversation.client.attributes, { plate: "XX-99-WZ" });
    const thread = (await staff.get(`/api/conversations/${johnsConversation.client_uid}/messages`)).body.data
      .messages as JsonObject[];
    assert.deepEqual(
      thread.map((message) => [message.direction, message.sender?.kind ?? null, message.message]),
      [
        ["client_to_business", "client", "Yes, I will be there"],
        ["business_to_client", "integration", REMINDER],
      ],
    );
  });

  it("prints only the replies of the clients it reminded", async () => {
    const stranger = await harness.phone("POST", "/contacts", {
      name: "Rita Stranger",
      phone: "+31698765432",
      email: "",
    });
    assert.equal(stranger.status, 201, JSON.stringify(stranger.body));
    await clientWrites(stranger.body.contact as PhoneContact, "Do you sell tyres?");
    await clientWrites(await contactWithPhone(JOHN), "Can I bring the spare tyres?");
    await tool?.waitForLine((line) => line.includes("spare tyres"), "John's second reply");
    // Rita's event is delivered too (the subscription takes every client's message), and dropped.
    await eventually(
      async () => {
        const answer = await staff.get("/api/deliveries?status=succeeded&per_page=100");
        const deliveries = answer.body.data.deliveries as JsonObject[];
        return deliveries.filter((delivery) => delivery.subscription_uid !== null).length === 3;
      },
      10_000,
      "three events delivered to the tool",
    );
    assert.equal(tool?.lines.filter((line) => line.startsWith("reply from")).length, 2);
    assert.ok(!tool?.lines.some((line) => line.includes("Rita") || line.includes("sell tyres")));
  });

  it("run again, sends nothing twice, keeps one subscription, and still hears John", async () => {
    assert.equal(await tool?.stop(), 0);
    tool = spawnScript("src/main.ts", toolEnv);
    await tool.waitForLine(
      (line) => line.startsWith("reminded John Johnson"),
      "John's reminder, answered again",
    );
    await clientWrites(await contactWithPhone(JOHN), "See you tomorrow");
    await tool.waitForLine(
      (line) => line.endsWith(`about b-1001: "See you tomorrow"`),
      "the reply after the restart",
    );

    const john = await contactWithPhone(JOHN);
    const reminders = (await harness.state()).messages.filter(
      (message) => message.contactId === john.id && message.direction === "to_client",
    );
    assert.equal(reminders.length, 1, JSON.stringify(reminders, null, 1));
    const subscriptions = (await staff.get("/api/subscriptions")).body.data.subscriptions as JsonObject[];
    assert.equal(subscriptions.length, 1);
    assert.deepEqual(subscriptions[0]?.events, ["message.created.client_to_business"]);
  });
});
