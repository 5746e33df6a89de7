import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { MESSAGE_MAX_LENGTH } from "@tandem/contract";
import { freePort } from "@tandem/test-support";
import { messageIdsIn } from "../src/addresses.js";
import { ConfigError, loadConfig } from "../src/config.js";
import { contactOf } from "../src/inbound/contact.js";
import { messageText, withoutQuotedHistory } from "../src/inbound/mail-text.js";
import { failureOf, relayTransport } from "../src/outbound/relay.js";
import { replySubject } from "../src/outbound/reply-mail.js";
import { AttachmentStore } from "../src/store/attachment-store.js";
import { JsonlLog } from "../src/store/jsonl-log.js";

const folders: string[] = [];
const folder = () => {
  const path = mkdtempSync(join(tmpdir(), "tandem-email-unit-"));
  folders.push(path);
  return path;
};
after(() => {
  for (const path of folders) rmSync(path, { recursive: true, force: true });
});

describe("an email's text on the page", () => {
  it("leaves out the history a reply quotes", () => {
    assert.equal(withoutQuotedHistory("Yes.\n\nOn Mon, 1 Dec, Ada wrote:\n> Is it paid?\n>\n"), "Yes.");
    assert.equal(
      withoutQuotedHistory("Yes.\r\n-----Original Message-----\r\nFrom: Ada\r\nIs it paid?"),
      "Yes.",
    );
    assert.equal(withoutQuotedHistory("> only a quote"), "> only a quote", "nothing would be left: all kept");
    assert.equal(withoutQuotedHistory("a\n> inline quote\nmy answer"), "a\n> inline quote\nmy answer");
  });

  it("shows the subject of an email that starts a thread, and fits Tandem's limit", () => {
    const base = { subject: "Order 7", text: "Where is it?", leftOutFiles: [] };
    assert.equal(messageText({ ...base, startsThread: true }), "Order 7\n\nWhere is it?");
    assert.equal(messageText({ ...base, startsThread: false }), "Where is it?");
    assert.equal(messageText({ ...base, text: "", startsThread: false }), "Order 7");
    assert.equal(messageText({ subject: "", text: " ", startsThread: true, leftOutFiles: [] }), "(no text)");
    const long = messageText({ ...base, text: "x".repeat(MESSAGE_MAX_LENGTH * 2), startsThread: false });
    assert.equal(long.length, MESSAGE_MAX_LENGTH);
    assert.ok(long.endsWith("…"));
    const many = messageText({ ...base, startsThread: false, leftOutFiles: ["a.pdf", "b.pdf"] });
    assert.match(many, /\(not attached: a\.pdf, b\.pdf\)$/);
  });
});

describe("the sender as a contact", () => {
  it("reads first and last names, either way round, else the address", () => {
    assert.deepEqual(contactOf("g@x.test", "Grace Brewster Hopper"), {
      first_name: "Grace",
      last_name: "Brewster Hopper",
      email: "g@x.test",
    });
    assert.deepEqual(contactOf("g@x.test", "Hopper, Grace"), {
      first_name: "Grace",
      last_name: "Hopper",
      email: "g@x.test",
    });
    assert.deepEqual(contactOf("grace@x.test", undefined), {
      first_name: "grace",
      last_name: null,
      email: "grace@x.test",
    });
  });
});

describe("threading headers", () => {
  it("reads every Message-ID of a header, bracketed or bare", () => {
    assert.deepEqual(messageIdsIn("<a@x> <b@y>"), ["a@x", "b@y"]);
    assert.deepEqual(messageIdsIn(["<a@x>", "b@y"]), ["a@x", "b@y"]);
    assert.deepEqual(messageIdsIn(undefined), []);
  });

  it("answers with one Re:, whatever the subject carried", () => {
    assert.equal(replySubject("Invoice 42", "Email"), "Re: Invoice 42");
    assert.equal(replySubject("RE: Re: aw: Invoice 42", "Email"), "Re: Invoice 42");
    assert.equal(replySubject("", "Acme support"), "Re: Acme support");
  });
});

describe("the relay's failures", () => {
  it("counts a relay that cannot be reached as retryable", async () => {
    const port = await freePort();
    const relay = relayTransport({
      host: "127.0.0.1",
      port,
      secure: false,
      user: undefined,
      password: undefined,
      timeoutMs: 5000,
    });
    const error = await relay.sendMail({ from: "a@x.test", to: "b@y.test", text: "hi" }).then(
      () => assert.fail("nothing listens there"),
      (failure: unknown) => failure,
    );
    relay.close();
    const failure = failureOf(error);
    assert.equal(failure.retryable, true);
    assert.equal(failure.code, "esocket", "nodemailer's code for a refused connection");
    assert.match(failure.message, /ECONNREFUSED/);
  });

  it("reads 4xx replies as retryable and 5xx as final", () => {
    const reply = (responseCode: number) =>
      Object.assign(new Error("refused"), {
        code: "EENVELOPE",
        responseCode,
        response: `${responseCode} no`,
      });
    assert.deepEqual(failureOf(reply(452)), { code: "smtp_452", message: "452 no", retryable: true });
    assert.deepEqual(failureOf(reply(554)), { code: "smtp_554", message: "554 no", retryable: false });
  });
});

describe("the connector's files", () => {
  it("reads back every whole line of its log, after a crash cut the last one short", async () => {
    const path = join(folder(), "log.jsonl");
    const log = new JsonlLog<{ n: number }>(path);
    await log.append({ n: 1 });
    appendFileSync(path, '{"n": 2');
    const reopened = new JsonlLog<{ n: number }>(path);
    await reopened.append({ n: 3 });
    assert.deepEqual(reopened.readAll(), [{ n: 1 }, { n: 3 }]);
  });

  it("serves an attachment by its token only", async () => {
    const store = new AttachmentStore(folder(), "http://files.test");
    const saved = await store.save("m@x", 0, {
      content: Buffer.from("hello"),
      filename: "../../etc/passwd",
      contentType: "text/plain",
    });
    const token = new URL(saved.url).pathname.split("/")[2] ?? "";
    assert.equal(saved.name, ".._.._etc_passwd");
    assert.equal((await store.find(token))?.size, 5);
    assert.equal(await store.find("../attachment-url.key"), undefined);
    assert.equal(await store.find("A".repeat(43)), undefined);
    const again = await store.save("m@x", 0, {
      content: Buffer.from("hello"),
      filename: "x",
      contentType: "text/plain",
    });
    assert.equal(new URL(again.url).pathname.split("/")[2], token, "the same email's file keeps its token");
  });
});

describe("configuration", () => {
  const complete = {
    TANDEM_URL: "http://127.0.0.1:3000",
    TANDEM_CLIENT_ID: "id",
    TANDEM_CLIENT_SECRET: "secret",
    TANDEM_WEBHOOK_SECRET: "whsec_a, whsec_b",
    TANDEM_BUSINESS_UID: "b1",
    EMAIL_ADDRESS: "Support@Acme.test",
    EMAIL_RELAY_HOST: "smtp.acme.test",
  };

  it("takes the environment, with defaults for the rest", () => {
    const config = loadConfig(complete);
    assert.equal(config.address, "support@acme.test");
    assert.deepEqual(config.tandem.webhookSecrets, ["whsec_a", "whsec_b"]);
    assert.equal(config.publicUrl, "http://127.0.0.1:8025");
    assert.equal(config.relay.port, 587);
  });

  it("names the variable that is missing or wrong", () => {
    const refused = (env: Record<string, string>, name: string) =>
      assert.throws(
        () => loadConfig(env),
        (error: Error) => error instanceof ConfigError && error.message.startsWith(name),
      );
    refused({ ...complete, TANDEM_URL: "" }, "TANDEM_URL");
    refused({ ...complete, EMAIL_ADDRESS: "support" }, "EMAIL_ADDRESS");
    refused({ ...complete, EMAIL_SMTP_PORT: "70000" }, "EMAIL_SMTP_PORT");
    refused({ ...complete, EMAIL_RELAY_SECURE: "maybe" }, "EMAIL_RELAY_SECURE");
    refused({ ...complete, EMAIL_SMTP_TLS_KEY: "key.pem" }, "EMAIL_SMTP_TLS_KEY");
  });
});
