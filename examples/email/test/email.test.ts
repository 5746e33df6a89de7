import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  type Client,
  createBusiness,
  directory,
  eventually,
  freePort,
  type JsonObject,
  LossyProxy,
  runTandemCli,
  signIn,
  staffClient,
  startServer,
  type TestServer,
} from "@tandem/test-support";
import { createTransport } from "nodemailer";
import type Mail from "nodemailer/lib/mailer/index.js";
import type SMTPConnection from "nodemailer/lib/smtp-connection/index.js";
import { type EmailConfig, loadConfig } from "../src/config.js";
import { type RunningConnector, startConnector } from "../src/connector.js";
import { silentLogger } from "../src/logger.js";
import { type Registration, registerEmailApp } from "../src/setup.js";
import { RelaySink } from "./support/relay-sink.js";

const CHANNEL_ADDRESS = "support@acme.test";

/** The email that starts Grace's conversation (sent twice: the second is a redelivery). */
const GRACE_FIRST_EMAIL: Mail.Options = {
  from: "Grace Hopper <Grace@Client.test>",
  subject: "Invoice 42",
  text: "Hello,\nthe invoice is attached.\n",
  messageId: "<first.1@client.test>",
  attachments: [{ filename: "invoice.txt", content: "amount: 42", contentType: "text/plain" }],
};

/**
 * The connector end to end: a real Tandem in this process, the connector registered through the
 * directory API as its README says, real emails into its SMTP listener by nodemailer, and a real
 * SMTP server as the relay that staff replies go out through. The connector reaches Tandem through a
 * proxy that can lose Tandem's answers, as a network would.
 */
describe("the email connector against a real Tandem", () => {
  let server: TestServer;
  let sink: RelaySink;
  let proxy: LossyProxy;
  let connector: RunningConnector;
  let config: EmailConfig;
  let registration: Registration;
  let staff: Client;
  let dataDir: string;
  /** The conversation the tests build on: Grace's, found by her first email. */
  let graceUid: string;

  const sendEmail = (mail: Mail.Options) =>
    createTransport({ host: "127.0.0.1", port: connector.smtpPort, secure: false, ignoreTLS: true }).sendMail(
      {
        to: CHANNEL_ADDRESS,
        ...mail,
      },
    );

  const thread = async (clientUid: string): Promise<JsonObject[]> => {
    const answer = await staff.get(`/api/conversations/${clientUid}/messages`);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body.data.messages;
  };

  const staffSends = async (clientUid: string, message: string): Promise<string> => {
    const sent = await staff.post(`/api/conversations/${clientUid}/messages`, {
      channel_uid: connector.channelUid,
      message,
    });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    return sent.body.data.message.uid;
  };

  const settled = (clientUid: string, uid: string) =>
    eventually(
      async () => (await thread(clientUid)).find((each) => each.uid === uid && each.status !== "pending"),
      15_000,
      `message ${uid} settled`,
    );

  /** A staff message sent while the relay answers `code`: it ends as an error. */
  const sentWhileRelayRefuses = async (code: number, text: string) => {
    sink.refuseWith(code);
    const uid = await staffSends(graceUid, text);
    const failed = await settled(graceUid, uid);
    sink.refuseWith(null);
    assert.equal(failed.status, "error");
    return { uid, failed };
  };

  before(async () => {
    server = await startServer({ dialect: "sqlite" });
    const business = await createBusiness(server);
    sink = new RelaySink();
    await sink.start();
    proxy = new LossyProxy(server.url);
    await proxy.start();
    const httpPort = await freePort();
    registration = await registerEmailApp({
      tandemUrl: server.url,
      directoryToken: server.directoryToken,
      businessUid: business.business.uid,
      publicUrl: `http://127.0.0.1:${httpPort}`,
    });
    dataDir = mkdtempSync(join(tmpdir(), "tandem-email-"));
    config = loadConfig({
      ...registration.env,
      TANDEM_URL: proxy.url,
      EMAIL_ADDRESS: CHANNEL_ADDRESS,
      EMAIL_DISPLAY_NAME: "Acme support",
      EMAIL_SMTP_PORT: "0",
      EMAIL_HTTP_PORT: String(httpPort),
      EMAIL_RELAY_HOST: "127.0.0.1",
      EMAIL_RELAY_PORT: String(sink.port),
      EMAIL_DATA_DIR: dataDir,
    });
    connector = await startConnector(config, silentLogger);
    staff = staffClient(server, await signIn(server, business.adminEmail, business.adminPassword));
    await eventually(
      async () => {
        const { body } = await staff.get("/api/channels");
        return body.data.channels.some(
          (channel: JsonObject) => channel.uid === connector.channelUid && channel.status === "active",
        );
      },
      15_000,
      "the email channel active",
    );
  });

  after(async () => {
    await connector?.close();
    await sink?.close();
    await proxy?.close();
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("takes an email in as a message of the sender's conversation, with its attachment", async () => {
    await sendEmail(GRACE_FIRST_EMAIL);

    const found = await staff.get("/api/conversations?search=grace@client.test");
    assert.equal(found.body.data.conversations.length, 1, "one client, found by the sender's address");
    const conversation = found.body.data.conversations[0];
    graceUid = conversation.client_uid;
    assert.equal(conversation.client.email, "grace@client.test");
    assert.equal(conversation.client.first_name, "Grace");
    assert.equal(conversation.client.last_name, "Hopper");

    const [message] = await thread(graceUid);
    assert.equal(message?.direction, "client_to_business");
    assert.equal(message?.message_uid, "first.1@client.test");
    assert.equal(message?.message, "Invoice 42\n\nHello,\nthe invoice is attached.");
    assert.equal(message?.channel.uid, connector.channelUid);
    assert.equal(message?.attachments.length, 1);
    const [attachment] = message?.attachments ?? [];
    assert.equal(attachment.name, "invoice.txt");
    assert.equal(attachment.size, 10);
    const file = await fetch(attachment.url);
    assert.equal(file.status, 200);
    assert.equal(await file.text(), "amount: 42");
    assert.match(file.headers.get("content-disposition") ?? "", /^attachment;/);
  });

  it("keeps one message when the same email is delivered again", async () => {
    await sendEmail(GRACE_FIRST_EMAIL);
    assert.equal((await thread(graceUid)).length, 1);
  });

  it("sends a staff reply through the relay as an answer to the client's email, and reports it sent", async () => {
    const uid = await staffSends(graceUid, "Thanks, it is paid.");
    const email = await sink.waitFor(
      (mail) => mail.messageId === `<${uid}@acme.test>`,
      "the reply at the relay",
    );
    assert.equal(email.to && !Array.isArray(email.to) ? email.to.text : "", "grace@client.test");
    assert.equal(email.from?.value[0]?.address, CHANNEL_ADDRESS);
    assert.equal(email.subject, "Re: Invoice 42");
    assert.equal(email.inReplyTo, "<first.1@client.test>");
    assert.deepEqual([email.references].flat(), ["<first.1@client.test>"]);
    assert.equal(email.text?.trim(), "Thanks, it is paid.");

    const message = await settled(graceUid, uid);
    assert.equal(message.status, "sent");
  });

  it("puts the client's answer to a reply in the same conversation, whichever address it comes from", async () => {
    const replies = sink.received.filter((mail) => mail.subject === "Re: Invoice 42");
    const reply = replies.at(-1);
    assert.ok(reply?.messageId);
    await sendEmail({
      from: "G. Hopper <grace.hopper@navy.test>",
      subject: "Re: Invoice 42",
      text: "Thank you!\n\nOn Monday, Acme support wrote:\n> Thanks, it is paid.\n",
      messageId: "<second.2@navy.test>",
      inReplyTo: reply.messageId,
      references: ["<first.1@client.test>", reply.messageId],
    });

    const [latest] = await thread(graceUid);
    assert.equal(latest?.message_uid, "second.2@navy.test");
    assert.equal(latest?.message, "Thank you!", "no subject inside a thread, no quoted history");
    const other = await staff.get("/api/conversations?search=navy.test");
    assert.equal(other.body.data.conversations.length, 0, "no client made for the other address");

    // The next staff reply answers the latest email, at the address it came from.
    const uid = await staffSends(graceUid, "You are welcome.");
    const email = await sink.waitFor((mail) => mail.messageId === `<${uid}@acme.test>`, "the second reply");
    assert.equal(email.to && !Array.isArray(email.to) ? email.to.text : "", "grace.hopper@navy.test");
    assert.equal(email.inReplyTo, "<second.2@navy.test>");
    assert.deepEqual([email.references].flat(), [
      "<first.1@client.test>",
      reply.messageId,
      "<second.2@navy.test>",
    ]);
  });

  it("reports a relay's 451 as a retryable error, and sends the message when staff retry it", async () => {
    const { uid, failed } = await sentWhileRelayRefuses(451, "One more thing.");
    assert.equal(failed.error?.code, "smtp_451");
    assert.equal(failed.error?.retryable, true);
    assert.match(failed.error?.message ?? "", /greylisted/);

    const retried = await staff.post(`/api/messages/${uid}/retry`);
    assert.equal(retried.status, 200, JSON.stringify(retried.body));
    await sink.waitFor((mail) => mail.messageId === `<${uid}@acme.test>`, "the retried message");
    assert.equal((await settled(graceUid, uid)).status, "sent");
  });

  it("reports a relay's 550 as an error that no retry mends", async () => {
    const { failed } = await sentWhileRelayRefuses(550, "Hello again.");
    assert.equal(failed.error?.code, "smtp_550");
    assert.equal(failed.error?.retryable, false);
  });

  it("reports again, and sends no second email, when Tandem repeats a delivery whose report was lost", async () => {
    // Every attempt of the SDK's report is lost: the webhook fails, and Tandem delivers it again.
    let lost = 0;
    proxy.loseAnswerOf((request) => {
      const losing = request.method === "PUT" && request.url?.startsWith("/business/communication/messages/");
      if (losing) lost += 1;
      return losing === true && lost <= 4;
    });
    const uid = await staffSends(graceUid, "Sent once.");
    const delivery = await eventually(
      async () => {
        const { body } = await directory(server).get(
          `/platform/v1/apps/${registration.appId}/deliveries?event=message.created`,
        );
        return body.data.deliveries.find(
          (each: JsonObject) => each.payload.message_uid === uid && each.status === "succeeded",
        );
      },
      20_000,
      "the repeated delivery succeeded",
    );
    proxy.loseAnswerOf(() => false);
    assert.ok(delivery.attempt_count >= 2, "Tandem delivered the message more than once");
    const emails = sink.received.filter((mail) => mail.messageId === `<${uid}@acme.test>`);
    assert.equal(emails.length, 1, "one email for the message");
    assert.equal((await settled(graceUid, uid)).status, "sent");
  });

  it("keeps its channel and its threads across a restart", async () => {
    await connector.close();
    connector = await startConnector(config, silentLogger);
    const channels = await staff.get("/api/channels");
    assert.equal(channels.body.data.channels.length, 1, "the restarted connector found its own channel");
    assert.equal(channels.body.data.channels[0].uid, connector.channelUid);

    await sendEmail({
      from: "Grace at home <grace@home.test>",
      subject: "Re: Invoice 42",
      text: "Still about invoice 42.",
      messageId: "<third.3@home.test>",
      inReplyTo: "<first.1@client.test>",
    });
    const [latest] = await thread(graceUid);
    assert.equal(latest?.message_uid, "third.3@home.test");
  });

  it("refuses mail for any other address: it relays nothing", async () => {
    await assert.rejects(
      sendEmail({ from: "someone@client.test", to: "other@acme.test", subject: "hi", text: "hi" }),
      (error: SMTPConnection.SMTPError) => error.responseCode === 550,
    );
  });

  it("passes tandem check-app on its webhook endpoint", async () => {
    const run = await runTandemCli([
      "check-app",
      "--api-uri",
      connector.apiUri,
      "--secret",
      registration.env.TANDEM_WEBHOOK_SECRET,
      "--json",
    ]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const report = JSON.parse(run.stdout) as { passed: boolean; counts: Record<string, number> };
    assert.equal(report.passed, true);
    assert.equal(report.counts.fail, 0);
  });
});
