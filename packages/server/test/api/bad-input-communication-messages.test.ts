import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  type Answer,
  activeChannel,
  appToken,
  type Client,
  client,
  DIALECTS,
  expectRefused,
  inactiveChannel,
  install,
  type JsonObject,
  refusalTests,
  registerApp,
  serverWithWorld,
  settle,
  unique,
  WebhookReceiver,
} from "@tandem/test-support";
import type { ErrorCode } from "../../src/errors.js";

type BodyCase = readonly [title: string, body: JsonObject, code: ErrorCode, field: string];

/** Messages of the communication API, fed bad input and other tenants' uids. */
for (const dialect of DIALECTS) {
  describe(`bad input on communication messages, on ${dialect}`, () => {
    const { server, world } = serverWithWorld(dialect);
    const refuses = refusalTests(server);
    const app = () => world().home.appApi;
    const openReceiver = new WebhookReceiver();
    let openApi: Client;
    let openChannel: JsonObject;
    let pausedChannel: JsonObject;

    before(async () => {
      pausedChannel = await inactiveChannel(server(), world().home);
      await openReceiver.start();
      const { app: openApp } = await registerApp(server(), openReceiver, {
        name: unique("SMS "),
        open_channel: true,
      });
      await install(server(), world().home.businessUid, openApp.app_code_name);
      openApi = client(server().url, await appToken(server(), openApp.app_id, world().home.businessUid));
      openChannel = await activeChannel(openApi, openReceiver, world().home.businessUid, "SMS");
      await settle(server());
    });
    after(() => openReceiver.close());

    describe("POST /business/communication/messages", () => {
      const message = (fields: JsonObject = {}) => ({
        channel_uid: world().home.channel.uid,
        external_uid: world().home.session.external_uid,
        message: "Hello",
        message_uid: unique("wamid."),
        ...fields,
      });
      const post = (body: unknown) => app().post("/business/communication/messages", body);
      it("names every missing field at once", async () => {
        const answer = await expectRefused(server(), () => post({}), {
          status: 422,
          code: "missing_field",
          field: "message",
        });
        const fields = answer.body.errors.map((error: JsonObject) => error.field).sort();
        assert.deepEqual(fields, ["channel_uid", "external_uid", "message", "message_uid"]);
      });
      const cases: BodyCase[] = [
        ["an empty message", { message: "" }, "missing_field", "message"],
        ["a message of whitespace only", { message: " \n\t\u00a0 " }, "invalid", "message"],
        ["a message over 10,000 characters", { message: "m".repeat(10_001) }, "too_long", "message"],
        ["a number for the message", { message: 12 }, "invalid", "message"],
        ["a NUL character in the message", { message: "Hel\u0000lo" }, "invalid", "message"],
        ["an empty message_uid", { message_uid: "" }, "missing_field", "message_uid"],
        ["a message_uid over 255 characters", { message_uid: "u".repeat(256) }, "too_long", "message_uid"],
        ["a number for message_uid", { message_uid: 123 }, "invalid", "message_uid"],
        [
          "an external_uid over 255 characters",
          { external_uid: "e".repeat(256) },
          "too_long",
          "external_uid",
        ],
        ["an unknown direction", { direction: "inbound" }, "invalid", "direction"],
        ["created_at that is no date", { created_at: "yesterday" }, "invalid", "created_at"],
        ["created_at on 30 February", { created_at: "2026-02-30 10:00:00" }, "invalid", "created_at"],
        ["created_at in month 13", { created_at: "2026-13-01T00:00:00Z" }, "invalid", "created_at"],
        ["created_at as epoch text", { created_at: "1700000000" }, "invalid", "created_at"],
        ["created_at as a number", { created_at: 1700000000 }, "invalid", "created_at"],
        [
          "an object for attachments",
          { attachments: { url: "https://x.example/a.png" } },
          "invalid",
          "attachments",
        ],
        [
          "an attachment without url",
          { attachments: [{ name: "a.png" }] },
          "missing_field",
          "attachments.0.url",
        ],
        [
          "an attachment with a javascript: url",
          { attachments: [{ url: "javascript:alert(1)" }] },
          "invalid",
          "attachments.0.url",
        ],
        [
          "an attachment with a file: url",
          { attachments: [{ url: "file:///etc/passwd" }] },
          "invalid",
          "attachments.0.url",
        ],
        [
          "an attachment url without a host",
          { attachments: [{ url: "https://" }] },
          "invalid",
          "attachments.0.url",
        ],
        [
          "a negative attachment size",
          { attachments: [{ url: "https://x.example/a", size: -1 }] },
          "invalid",
          "attachments.0.size",
        ],
        [
          "a string attachment size",
          { attachments: [{ url: "https://x.example/a", size: "1kb" }] },
          "invalid",
          "attachments.0.size",
        ],
        [
          "21 attachments",
          { attachments: Array.from({ length: 21 }, () => ({ url: "https://x.example/a" })) },
          "too_long",
          "attachments",
        ],
        ["an array for contact", { contact: [] }, "invalid", "contact"],
        [
          "a contact without first_name",
          { contact: { phone: "+15550001234" } },
          "missing_field",
          "contact.first_name",
        ],
      ];
      for (const [title, fields, code, field] of cases) {
        refuses(title, () => post(message(fields)), { status: 422, code, field });
      }
      refuses("an inactive channel", () => post(message({ channel_uid: pausedChannel.uid })), {
        status: 422,
        code: "invalid",
        field: "channel_uid",
      });
      refuses("an external_uid without a session", () => post(message({ external_uid: "stranger" })), {
        status: 422,
        code: "invalid",
        field: "external_uid",
      });
      it("answers another tenant's channel exactly like an unknown one", async () => {
        const unknown = await expectRefused(
          server(),
          () => post(message({ channel_uid: "no-such-channel" })),
          {
            status: 404,
            code: "not_found",
            field: "channel_uid",
          },
        );
        for (const tenant of [world().rival, world().sibling]) {
          const answer = await expectRefused(
            server(),
            () =>
              post(message({ channel_uid: tenant.channel.uid, external_uid: tenant.session.external_uid })),
            { status: 404, code: "not_found", field: "channel_uid" },
          );
          assert.deepEqual(answer.body, unknown.body);
        }
      });
      it("takes exactly 10,000 characters and a 255-character message_uid, ignoring unknown fields", async () => {
        const body = message({ message: "€".repeat(10_000), message_uid: "u".repeat(255), priority: "high" });
        const created = await post(body);
        assert.equal(created.status, 201, JSON.stringify(created.body));
        assert.equal(created.body.data.message.message_uid, body.message_uid);
        assert.equal(created.body.data.message.priority, undefined);
      });
    });

    describe("the first message on an open channel", () => {
      const first = (fields: JsonObject) => ({
        channel_uid: openChannel.uid,
        external_uid: unique("+1555"),
        message: "Hi",
        message_uid: unique("sms-"),
        ...fields,
      });
      const post = (body: unknown) => openApi.post("/business/communication/messages", body);
      refuses("without a contact: no client and no session are made", () => post(first({})), {
        status: 422,
        code: "missing_field",
        field: "contact",
      });
      refuses(
        "a contact email that is no address: no client is made",
        () => post(first({ contact: { first_name: "Ann", email: "ann@" } })),
        {
          status: 422,
          code: "invalid",
          field: "contact.email",
        },
      );
      refuses(
        "a contact phone without digits",
        () => post(first({ contact: { first_name: "Ann", phone: "n/a" } })),
        {
          status: 422,
          code: "invalid",
          field: "contact.phone",
        },
      );
      refuses(
        "another tenant's client as contact_uid",
        () => post(first({ contact_uid: world().rival.client.uid })),
        {
          status: 404,
          code: "not_found",
          field: "contact_uid",
        },
      );
      refuses(
        "a client of another business with the same app",
        () => post(first({ contact_uid: world().sibling.client.uid })),
        {
          status: 404,
          code: "not_found",
          field: "contact_uid",
        },
      );
    });

    describe("PUT /business/communication/messages/{message_uid}", () => {
      const reportPath = (uid: string) => `/business/communication/messages/${encodeURIComponent(uid)}`;
      const report = (fields: JsonObject = {}) => ({
        channel_uid: world().home.channel.uid,
        status: "received",
        ...fields,
      });
      const outgoing = () => reportPath(world().home.outgoing.uid);
      it("names every missing field at once", async () => {
        const answer = await expectRefused(server(), () => app().put(outgoing(), {}), {
          status: 422,
          code: "missing_field",
          field: "status",
        });
        const fields = answer.body.errors.map((error: JsonObject) => error.field).sort();
        assert.deepEqual(fields, ["channel_uid", "status"]);
      });
      const cases: BodyCase[] = [
        ["an unknown status", { status: "delivered" }, "invalid", "status"],
        ["an array for error", { status: "error", error: [] }, "invalid", "error"],
        [
          "a string for error.retryable",
          { status: "error", error: { retryable: "yes" } },
          "invalid",
          "error.retryable",
        ],
        [
          "an error message over 2,000 characters",
          { status: "error", error: { message: "e".repeat(2001) } },
          "too_long",
          "error.message",
        ],
      ];
      for (const [title, fields, code, field] of cases) {
        refuses(title, () => app().put(outgoing(), report(fields)), { status: 422, code, field });
      }
      refuses("a message_uid over 255 characters", () => app().put(reportPath("u".repeat(256)), report()), {
        status: 422,
        code: "too_long",
        field: "message_uid",
      });
      refuses(
        "a report on a message the client sent",
        () => app().put(reportPath(world().home.incoming.message_uid), report()),
        {
          status: 422,
          code: "invalid",
          field: "status",
        },
      );
      refuses("an unknown message", () => app().put(reportPath("no-such-message"), report()), {
        status: 404,
        code: "not_found",
        field: "message_uid",
      });
      refuses(
        "another tenant's message on the caller's channel",
        () => app().put(reportPath(world().rival.outgoing.uid), report()),
        {
          status: 404,
          code: "not_found",
          field: "message_uid",
        },
      );
      for (const tenant of ["rival", "sibling"] as const) {
        refuses(
          `a ${tenant} message on its own channel`,
          () =>
            app().put(
              reportPath(world()[tenant].outgoing.uid),
              report({ channel_uid: world()[tenant].channel.uid }),
            ),
          { status: 404, code: "not_found", field: "channel_uid" },
        );
      }
    });

    describe("GET /business/communication/messages", () => {
      const history = (query: string) => app().get(`/business/communication/messages?${query}`);
      const onChannel = (query: string) => history(`channel_uid=${world().home.channel.uid}&${query}`);
      const session = () => `session_uid=${world().home.session.uid}`;
      const cases: Array<readonly [string, () => Promise<Answer>, number, ErrorCode, string]> = [
        ["without channel_uid", () => history(session()), 422, "missing_field", "channel_uid"],
        ["without external_uid or session_uid", () => onChannel(""), 422, "missing_field", "external_uid"],
        ["?limit=0", () => onChannel(`${session()}&limit=0`), 422, "invalid", "limit"],
        ["?limit=101", () => onChannel(`${session()}&limit=101`), 422, "invalid", "limit"],
        ["?limit=ten", () => onChannel(`${session()}&limit=ten`), 422, "invalid", "limit"],
        [
          "an external_uid over 255 characters",
          () => onChannel(`external_uid=${"e".repeat(256)}`),
          422,
          "too_long",
          "external_uid",
        ],
        [
          "an unknown before",
          () => onChannel(`${session()}&before=no-such-message`),
          404,
          "not_found",
          "before",
        ],
        [
          "another tenant's message as before",
          () => onChannel(`${session()}&before=${world().rival.incoming.uid}`),
          404,
          "not_found",
          "before",
        ],
        [
          "another tenant's session",
          () => onChannel(`session_uid=${world().rival.session.uid}`),
          404,
          "not_found",
          "session_uid",
        ],
        [
          "another tenant's channel",
          () => history(`channel_uid=${world().rival.channel.uid}&session_uid=${world().rival.session.uid}`),
          404,
          "not_found",
          "channel_uid",
        ],
        [
          "the same app's channel elsewhere",
          () =>
            history(`channel_uid=${world().sibling.channel.uid}&session_uid=${world().sibling.session.uid}`),
          404,
          "not_found",
          "channel_uid",
        ],
      ];
      for (const [title, send, status, code, field] of cases) {
        refuses(title, send, { status, code, field });
      }
    });
  });
}
