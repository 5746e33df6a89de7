import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  appToken,
  type Client,
  client,
  DIALECTS,
  echoChallenges,
  installedIntegration,
  type JsonObject,
  refusalTests,
  registerIntegration,
  serverWithWorld,
  subscribe,
  unique,
  WebhookReceiver,
} from "@tandem/test-support";
import type { ErrorCode } from "../../src/errors.js";

type BodyCase = readonly [title: string, body: JsonObject, status: number, code: ErrorCode, field: string];

const UPSERT = "/business/conversations/v1/conversations";
const TEMPLATES = "/business/conversations/v1/templates";
const SUBSCRIPTIONS = "/business/conversations/v1/subscriptions";

/** The business-integration API: bad input named by field, and no reach into another business. */
for (const dialect of DIALECTS) {
  describe(`bad input on the business-integration API, on ${dialect}`, () => {
    const { server, world } = serverWithWorld(dialect);
    const refuses = refusalTests(server);
    /** The integration's token at home, and at rival (which installed it too). */
    let tool: Client;
    let rivalTool: Client;
    /** The integration's app-level token, and that of an integration no business installed. */
    let toolService: Client;
    let strangerService: Client;
    let rivalTemplate: JsonObject;
    let rivalSubscription: JsonObject;
    const target = new WebhookReceiver();
    const silentTarget = new WebhookReceiver();

    before(async () => {
      await target.start("/tool");
      await silentTarget.start("/silent");
      const integration = await registerIntegration(server());
      target.useSecret(integration.webhook_secret);
      tool = await installedIntegration(server(), integration, world().home.businessUid);
      rivalTool = await installedIntegration(server(), integration, world().rival.businessUid);
      toolService = client(server().url, await appToken(server(), integration.app_id));
      const stranger = await registerIntegration(server());
      strangerService = client(server().url, await appToken(server(), stranger.app_id));
      const created = await tool.post(TEMPLATES, {
        name: "reminder",
        body: "Hi {{client.first_name}}, see you at {{appointment_time}}",
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const rivals = await rivalTool.post(TEMPLATES, { name: "rival-only", body: "Rival {{x}}" });
      rivalTemplate = rivals.body.data.template;
      rivalSubscription = await subscribe(rivalTool, target, { events: ["message"] });
      echoChallenges(target);
    });

    after(async () => {
      await target.close();
      await silentTarget.close();
    });

    describe(`POST ${UPSERT}`, () => {
      const upsert = (fields: JsonObject = {}) => ({
        contact: { phone: "+31612345678", first_name: "Nina" },
        messages: [{ text: "Hello" }],
        ...fields,
      });
      const cases: BodyCase[] = [
        ["no phone and no email", { contact: { first_name: "Nina" } }, 422, "missing_field", "contact.phone"],
        ["a phone that is not E.164", { contact: { phone: "0612345678" } }, 422, "invalid", "contact.phone"],
        [
          "an email that is no address",
          { contact: { email: "nina-at-example" } },
          422,
          "invalid",
          "contact.email",
        ],
        [
          "a new client without first_name",
          { contact: { phone: "+31612340000" } },
          422,
          "missing_field",
          "contact.first_name",
        ],
        [
          "an unknown template",
          { messages: [{ template: "nope" }] },
          404,
          "not_found",
          "messages[0].template",
        ],
        [
          "another business's template",
          { messages: [{ template: "rival-only", variables: { x: "1" } }] },
          404,
          "not_found",
          "messages[0].template",
        ],
        [
          "a template without its variable",
          { messages: [{ text: "ok" }, { template: "reminder" }] },
          422,
          "missing_field",
          "messages[1].variables.appointment_time",
        ],
        [
          "text and a template at once",
          { messages: [{ text: "Hi", template: "reminder" }] },
          422,
          "invalid",
          "messages[0].template",
        ],
        [
          "a message with neither text nor template",
          { messages: [{}] },
          422,
          "missing_field",
          "messages[0].text",
        ],
        ["an unknown channel", { channel: "no-such-channel" }, 404, "not_found", "channel"],
        ["no channel that can reach a new client", { channel: "best" }, 422, "invalid", "channel"],
        ["a number for the phone", { contact: { phone: 31612345678 } }, 422, "invalid", "contact.phone"],
      ];
      for (const [title, fields, status, code, field] of cases) {
        refuses(title, () => tool.post(UPSERT, upsert(fields)), { status, code, field });
      }
      refuses(
        "a communication app's token, without the scope",
        () => world().home.appApi.post(UPSERT, upsert()),
        {
          status: 403,
          code: "forbidden",
        },
      );
      refuses(
        "an integration no business installed",
        () => strangerService.post(UPSERT, { ...upsert(), business_uid: world().home.businessUid }),
        { status: 404, code: "not_found", field: "business_uid" },
      );
      refuses(
        "a business that did not install the integration",
        () => toolService.post(UPSERT, { ...upsert(), business_uid: world().sibling.businessUid }),
        { status: 404, code: "not_found", field: "business_uid" },
      );
      refuses(
        "another business than the token's",
        () => tool.post(UPSERT, { ...upsert(), business_uid: world().rival.businessUid }),
        { status: 404, code: "not_found", field: "business_uid" },
      );

      it("answers an existing client found by phone without a name, and names no channel when nothing is sent", async () => {
        const phone = world().home.client.phone as string;
        const found = await tool.post(UPSERT, { contact: { phone }, messages: [] });
        assert.equal(found.status, 200, JSON.stringify(found.body));
        assert.equal(found.body.data.client.uid, world().home.client.uid);
        assert.equal(found.body.data.channel, null);
        const rivalSees = await rivalTool.post(UPSERT, {
          contact: { phone, first_name: "Other" },
          messages: [],
        });
        assert.equal(rivalSees.status, 201, "another business's client with that phone is not found");
        assert.notEqual(rivalSees.body.data.client.uid, world().home.client.uid);
      });
    });

    describe(TEMPLATES, () => {
      refuses("braces that name no variable", () => tool.post(TEMPLATES, { name: "bad", body: "Hi {{ }}" }), {
        status: 422,
        code: "invalid",
        field: "body",
      });
      refuses("a name taken", () => tool.post(TEMPLATES, { name: "reminder", body: "Again" }), {
        status: 422,
        code: "already_exists",
        field: "name",
      });
      refuses(
        "a preview without a variable",
        () =>
          tool.post(`${TEMPLATES}/preview`, {
            template: "reminder",
            variables: { "client.first_name": "A" },
          }),
        { status: 422, code: "missing_field", field: "variables.appointment_time" },
      );
      refuses("another business's template, read", () => tool.get(`${TEMPLATES}/${rivalTemplate.uid}`), {
        status: 404,
        code: "not_found",
        field: "uid",
      });
      refuses(
        "another business's template, changed",
        () => tool.put(`${TEMPLATES}/${rivalTemplate.uid}`, { body: "Mine now" }),
        { status: 404, code: "not_found", field: "uid" },
      );
      refuses(
        "another business's template, deleted",
        () => tool.delete(`${TEMPLATES}/${rivalTemplate.uid}`),
        {
          status: 404,
          code: "not_found",
          field: "uid",
        },
      );
      refuses(
        "an integration no business installed",
        () => strangerService.get(`${TEMPLATES}?business_uid=${world().home.businessUid}`),
        {
          status: 404,
          code: "not_found",
          field: "business_uid",
        },
      );

      it("previews with sample values and lists only the business's own templates", async () => {
        const preview = await tool.post(`${TEMPLATES}/preview`, {
          template: "reminder",
          variables: { "client.first_name": "Ada", appointment_time: "9 am" },
        });
        assert.equal(preview.status, 200, JSON.stringify(preview.body));
        assert.equal(preview.body.data.text, "Hi Ada, see you at 9 am");
        const listed = await tool.get(TEMPLATES);
        assert.deepEqual(
          listed.body.data.templates.map((template: JsonObject) => template.name),
          ["reminder"],
        );
      });
    });

    describe(SUBSCRIPTIONS, () => {
      const subscription = (fields: JsonObject = {}) => ({
        events: ["message.created.client_to_business"],
        target_url: `${target.baseUrl}/events`,
        ...fields,
      });
      refuses(
        "a target that is not http",
        () => tool.post(SUBSCRIPTIONS, subscription({ target_url: "ftp://x.example/events" })),
        {
          status: 422,
          code: "invalid",
          field: "target_url",
        },
      );
      refuses(
        "a target that fails verification",
        () => tool.post(SUBSCRIPTIONS, subscription({ target_url: `${silentTarget.baseUrl}/events` })),
        { status: 422, code: "invalid", field: "target_url" },
      );
      refuses(
        "an unknown event",
        () => tool.post(SUBSCRIPTIONS, subscription({ events: ["message.sent"] })),
        {
          status: 422,
          code: "invalid",
          field: "events[0]",
        },
      );
      refuses("no events", () => tool.post(SUBSCRIPTIONS, subscription({ events: [] })), {
        status: 422,
        code: "invalid",
        field: "events",
      });
      refuses(
        "another business's subscription, read",
        () => tool.get(`${SUBSCRIPTIONS}/${rivalSubscription.uid}`),
        {
          status: 404,
          code: "not_found",
          field: "uid",
        },
      );
      refuses(
        "another business's subscription, deleted",
        () => tool.delete(`${SUBSCRIPTIONS}/${rivalSubscription.uid}`),
        { status: 404, code: "not_found", field: "uid" },
      );

      it("lists the integration's own subscriptions, and the business's admins see them in settings", async () => {
        const mine = await subscribe(tool, target, { events: ["conversation.created"] });
        const listed = await tool.get(SUBSCRIPTIONS);
        assert.deepEqual(
          listed.body.data.subscriptions.map((entry: JsonObject) => entry.uid),
          [mine.uid],
        );
        const settings = await world().home.adminPage.get("/api/subscriptions");
        assert.equal(settings.status, 200, JSON.stringify(settings.body));
        assert.deepEqual(
          settings.body.data.subscriptions.map((entry: JsonObject) => entry.uid),
          [mine.uid],
        );
        assert.equal((await world().home.memberPage.get("/api/subscriptions")).status, 403);
        const removed = await tool.delete(`${SUBSCRIPTIONS}/${mine.uid}`);
        assert.equal(removed.status, 200);
        assert.equal((await tool.get(`${SUBSCRIPTIONS}/${mine.uid}`)).status, 404);
      });
    });

    describe("templates on the page", () => {
      refuses(
        "a member creating one",
        () => world().home.memberPage.post("/api/templates", { name: "x", body: "y" }),
        {
          status: 403,
          code: "forbidden",
        },
      );
      refuses(
        "a preview for another business's client",
        () =>
          world().home.adminPage.post("/api/templates/preview", {
            body: "Hi",
            client_uid: world().rival.client.uid,
          }),
        { status: 404, code: "not_found", field: "client_uid" },
      );

      it("lets admins manage them and fills a preview from a client", async () => {
        const created = await world().home.adminPage.post("/api/templates", {
          name: unique("page-"),
          body: "Hello {{client.first_name}} {{client.last_name}}",
        });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        const preview = await world().home.memberPage.post("/api/templates/preview", {
          template: created.body.data.template.uid,
          client_uid: world().home.client.uid,
        });
        assert.equal(preview.status, 200, JSON.stringify(preview.body));
        assert.equal(
          preview.body.data.text,
          `Hello ${world().home.client.first_name} ${world().home.client.last_name}`,
        );
        const changed = await world().home.adminPage.put(`/api/templates/${created.body.data.template.uid}`, {
          body: "Bye {{client.first_name}}",
        });
        assert.equal(changed.body.data.template.body, "Bye {{client.first_name}}");
        const gone = await world().home.adminPage.delete(`/api/templates/${created.body.data.template.uid}`);
        assert.equal(gone.status, 200);
      });
    });
  });
}
