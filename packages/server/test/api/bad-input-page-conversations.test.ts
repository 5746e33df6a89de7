import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  type Answer,
  call,
  DIALECTS,
  expectRefused,
  failedStaffMessage,
  inactiveChannel,
  type JsonObject,
  refusalTests,
  serverWithWorld,
} from "@tandem/test-support";
import type { ErrorCode } from "../../src/errors.js";

type BodyCase = readonly [title: string, body: JsonObject, code: ErrorCode, field: string];

/** Signing in and the conversation calls of the page, fed bad input and other tenants' uids. */
for (const dialect of DIALECTS) {
  describe(`bad input on the page's sign-in and conversations, on ${dialect}`, () => {
    const { server, world } = serverWithWorld(dialect);
    const refuses = refusalTests(server);
    const staff = () => world().home.adminPage;
    const conversation = (clientUid: string) => `/api/conversations/${clientUid}`;
    const home = () => conversation(world().home.client.uid);
    let pausedChannel: JsonObject;
    let rivalFailedMessage: string;

    before(async () => {
      pausedChannel = await inactiveChannel(server(), world().home);
      rivalFailedMessage = (await failedStaffMessage(server(), world().rival)).messageUid;
    });

    describe("POST /api/auth/login", () => {
      const login = (body: unknown) => call(server().url, "POST", "/api/auth/login", body);
      it("names both missing fields", async () => {
        const answer = await expectRefused(server(), () => login({}), {
          status: 422,
          code: "missing_field",
          field: "email",
        });
        assert.deepEqual(answer.body.errors.map((error: JsonObject) => error.field).sort(), [
          "email",
          "password",
        ]);
      });
      const cases: BodyCase[] = [
        ["a number for email", { email: 5, password: "x" }, "invalid", "email"],
        ["a boolean for password", { email: "a@example.com", password: true }, "invalid", "password"],
        [
          "an email over 320 characters",
          { email: `${"a".repeat(320)}@example.com`, password: "x" },
          "too_long",
          "email",
        ],
        [
          "a password over 200 characters",
          { email: "a@example.com", password: "p".repeat(201) },
          "too_long",
          "password",
        ],
        ["a NUL character in the email", { email: "a\u0000@example.com", password: "x" }, "invalid", "email"],
      ];
      for (const [title, body, code, field] of cases) {
        refuses(title, () => login(body), { status: 422, code, field });
      }
      refuses("malformed JSON", () => login('{"email": "a@example.com",'), {
        status: 400,
        code: "invalid",
        field: "body",
      });
      it("answers a wrong password and an unknown email alike, with no session opened", async () => {
        const { business } = world().home;
        const wrong = await expectRefused(
          server(),
          () => login({ email: business.adminEmail, password: "wrong password" }),
          {
            status: 401,
            code: "unauthorized",
          },
        );
        assert.equal(wrong.headers.get("set-cookie"), null);
        const unknown = await expectRefused(
          server(),
          () => login({ email: "nobody@example.com", password: "wrong password" }),
          {
            status: 401,
            code: "unauthorized",
          },
        );
        assert.deepEqual(unknown.body, wrong.body);
      });
    });

    describe("GET /api/conversations", () => {
      for (const [query, code, field] of [
        [`search=${"s".repeat(256)}`, "too_long", "search"],
        ["per_page=101", "invalid", "per_page"],
        ["page=0", "invalid", "page"],
        ["page=1e20", "invalid", "page"],
      ] as const) {
        refuses(`?${query.slice(0, 24)}`, () => staff().get(`/api/conversations?${query}`), {
          status: 422,
          code,
          field,
        });
      }
    });

    describe("one conversation", () => {
      const send = (fields: JsonObject = {}) => ({
        channel_uid: world().home.channel.uid,
        message: "Hello",
        ...fields,
      });
      it("names every missing field of a message at once", async () => {
        const answer = await expectRefused(server(), () => staff().post(`${home()}/messages`, {}), {
          status: 422,
          code: "missing_field",
          field: "message",
        });
        assert.deepEqual(answer.body.errors.map((error: JsonObject) => error.field).sort(), [
          "channel_uid",
          "message",
        ]);
      });
      const cases: BodyCase[] = [
        ["an empty message", { message: "" }, "missing_field", "message"],
        ["a message of whitespace only", { message: "   \n " }, "invalid", "message"],
        ["a message over 10,000 characters", { message: "m".repeat(10_001) }, "too_long", "message"],
        ["a number for the message", { message: 10 }, "invalid", "message"],
        [
          "an attachment that is no URL",
          { attachments: [{ url: "photo.png" }] },
          "invalid",
          "attachments.0.url",
        ],
        [
          "an object for attachments",
          { attachments: { url: "https://x.example/a" } },
          "invalid",
          "attachments",
        ],
      ];
      for (const [title, fields, code, field] of cases) {
        refuses(title, () => staff().post(`${home()}/messages`, send(fields)), { status: 422, code, field });
      }
      refuses(
        "an inactive channel",
        () => staff().post(`${home()}/messages`, send({ channel_uid: pausedChannel.uid })),
        {
          status: 422,
          code: "invalid",
          field: "channel_uid",
        },
      );
      for (const tenant of ["rival", "sibling"] as const) {
        refuses(
          `a ${tenant} channel`,
          () => staff().post(`${home()}/messages`, send({ channel_uid: world()[tenant].channel.uid })),
          {
            status: 404,
            code: "not_found",
            field: "channel_uid",
          },
        );
      }
      for (const [query, code, field] of [
        ["limit=0", "invalid", "limit"],
        ["limit=101", "invalid", "limit"],
        [`before=${"b".repeat(256)}`, "too_long", "before"],
      ] as const) {
        refuses(`history ?${query.slice(0, 24)}`, () => staff().get(`${home()}/messages?${query}`), {
          status: 422,
          code,
          field,
        });
      }
      refuses(
        "history before an unknown message",
        () => staff().get(`${home()}/messages?before=no-such-message`),
        {
          status: 404,
          code: "not_found",
          field: "before",
        },
      );
      refuses(
        "history before another tenant's message",
        () => staff().get(`${home()}/messages?before=${world().rival.incoming.uid}`),
        {
          status: 404,
          code: "not_found",
          field: "before",
        },
      );
      refuses(
        "typing without typing",
        () => staff().post(`${home()}/typing`, { channel_uid: world().home.channel.uid }),
        {
          status: 422,
          code: "missing_field",
          field: "typing",
        },
      );
      refuses(
        "a string for typing",
        () => staff().post(`${home()}/typing`, { channel_uid: world().home.channel.uid, typing: "yes" }),
        {
          status: 422,
          code: "invalid",
          field: "typing",
        },
      );
      refuses(
        "typing on another tenant's channel",
        () => staff().post(`${home()}/typing`, { channel_uid: world().rival.channel.uid, typing: true }),
        {
          status: 404,
          code: "not_found",
          field: "channel_uid",
        },
      );
    });

    describe("another tenant's conversation", () => {
      const reaches: Array<[string, (clientUid: string) => Promise<Answer>]> = [
        ["GET the conversation", (uid) => staff().get(conversation(uid))],
        ["GET messages", (uid) => staff().get(`${conversation(uid)}/messages`)],
        [
          "POST a message",
          (uid) =>
            staff().post(`${conversation(uid)}/messages`, {
              channel_uid: world().home.channel.uid,
              message: "Hi",
            }),
        ],
        ["POST read", (uid) => staff().post(`${conversation(uid)}/read`)],
        ["GET channels", (uid) => staff().get(`${conversation(uid)}/channels`)],
      ];
      for (const [what, send] of reaches) {
        it(`${what}: answers another tenant's client exactly like an unknown uid`, async () => {
          const unknown = await expectRefused(server(), () => send("no-such-client"), {
            status: 404,
            code: "not_found",
            field: "client_uid",
          });
          for (const tenant of [world().rival, world().sibling]) {
            const answer = await expectRefused(server(), () => send(tenant.client.uid), {
              status: 404,
              code: "not_found",
              field: "client_uid",
            });
            assert.deepEqual(answer.body, unknown.body);
          }
        });
      }
      refuses(
        "typing to another tenant's client on its channel",
        () =>
          staff().post(`${conversation(world().rival.client.uid)}/typing`, {
            channel_uid: world().rival.channel.uid,
            typing: true,
          }),
        { status: 404, code: "not_found", field: "channel_uid" },
      );
    });

    describe("GET /api/realtime", () => {
      for (const cursor of ["latest", "-1", "1.5"]) {
        refuses(`?cursor=${cursor}`, () => staff().get(`/api/realtime?cursor=${cursor}`), {
          status: 422,
          code: "invalid",
          field: "cursor",
        });
      }
    });

    describe("POST /api/messages/{uid}/retry", () => {
      const retry = (uid: string) => staff().post(`/api/messages/${uid}/retry`);
      refuses("an unknown message", () => retry("no-such-message"), {
        status: 404,
        code: "not_found",
        field: "uid",
      });
      refuses("another tenant's failed message", () => retry(rivalFailedMessage), {
        status: 404,
        code: "not_found",
        field: "uid",
      });
      refuses("a message from the client", () => retry(world().home.incoming.uid), {
        status: 422,
        code: "invalid",
        field: "uid",
      });
      refuses("a message that went out", () => retry(world().home.outgoing.uid), {
        status: 422,
        code: "invalid",
        field: "uid",
      });
      refuses("a uid over 255 characters", () => retry("u".repeat(256)), {
        status: 422,
        code: "too_long",
        field: "uid",
      });
    });
  });
}
