import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import type { JsonObject } from "@tandem/test-support";
import {
  directory,
  eventually,
  install,
  sealedInFirstFormat,
  signIn,
  staffClient,
} from "@tandem/test-support";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, openWindow, screenshot, signInOnPage, textOf } from "./support/browser.ts";
import { channel, contact, type Scenario, startScenario } from "./support/scenario.ts";

describe("settings", () => {
  let scenario: Scenario;
  let browser: Browser;
  let page: Page;
  let whatsapp: JsonObject;
  let sms: JsonObject;
  let failedMessageUid: string;

  before(async () => {
    scenario = await startScenario();
    whatsapp = await channel(scenario, "WhatsApp");
    sms = await channel(scenario, "SMS");
    const clara = await contact(scenario, { first_name: "Clara", last_name: "Jones" }, [whatsapp]);

    // The app is down when staff write: the delivery fails after every retry.
    scenario.receiver.answerWith((hook) =>
      hook.method === "POST" && hook.path === "/messages"
        ? { status: 500, body: "database unavailable" }
        : { status: 204 },
    );
    const staff = staffClient(
      scenario.server,
      await signIn(scenario.server, scenario.business.adminEmail, scenario.business.adminPassword),
    );
    const sent = await staff.post(`/api/conversations/${clara.client.uid}/messages`, {
      channel_uid: whatsapp.uid,
      message: "Your cake is ready",
    });
    failedMessageUid = sent.body.data.message.uid;
    await eventually(
      async () => (await staff.get("/api/deliveries?status=failed")).body.data.deliveries.length > 0,
      10_000,
      "the delivery to fail",
    );
    scenario.receiver.answerWith(() => ({ status: 204 }));

    browser = await launchBrowser();
    ({ page } = await openWindow(browser, scenario.server.url));
    await signInOnPage(page, scenario.business.adminEmail, scenario.business.adminPassword);
  });

  after(async () => {
    await browser?.close();
    await scenario?.close();
  });

  it("lists the installed apps", async () => {
    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByRole("link", { name: "Apps" }).click();
    const row = page.getByRole("listitem").filter({ hasText: scenario.app.app_code_name });
    await row.waitFor();
    assert.match(await textOf(row), new RegExp(scenario.app.name));
    assert.match(await textOf(row), /Reachable/);
  });

  it("checks an installed app and shows each call's result, passed and failed", async () => {
    // The app refuses forged calls as it should, but its typing endpoint is broken.
    scenario.receiver.answerWith((hook) =>
      !hook.signatureValid
        ? { status: 401 }
        : hook.path.endsWith("/typing")
          ? { status: 500, body: "typing is broken" }
          : { status: 204 },
    );
    try {
      const row = page.getByRole("listitem").filter({ hasText: scenario.app.app_code_name });
      await row.getByRole("button", { name: "Check this app" }).click();
      const report = row.getByRole("region", { name: /Check of/ });
      await report.waitFor();
      assert.match(await textOf(report), /Does not handle Tandem's webhooks/);
      assert.match(await textOf(report), /30 checks: 28 passed, 0 warned, 1 failed, 1 skipped/);
      await row
        .getByRole("status")
        .filter({ hasText: "Check finished. 30 checks" })
        .waitFor({ state: "attached" });

      const call = (kind: string, check: string) => report.locator(`tr[data-check="${kind}/${check}"]`);
      assert.equal(await report.locator('tr[data-outcome="fail"]').count(), 1);
      const failed = call("typing", "signed");
      assert.match(await textOf(failed), /Signed call.*Fail/);
      assert.match(await textOf(failed), /answered 500: Tandem counts only a 2xx as delivered/);
      assert.match(await textOf(call("typing", "replay")), /Replay of it.*Skip/);
      const refused = call("message.created", "no_signature");
      assert.match(await textOf(refused), /No signature.*Pass/);
      assert.match(await textOf(refused), /answered 401/);
      assert.equal(await report.locator('tr[data-outcome="pass"]').count(), 28);
      await failed.scrollIntoViewIfNeeded();
      await screenshot(page, "settings-app-check");
    } finally {
      scenario.receiver.answerWith(() => ({ status: 204 }));
    }
  });

  /** A communication app at `apiUri`, installed on the business and listed on the reloaded page. */
  async function installedApp(name: string, apiUri: string): Promise<JsonObject> {
    const created = await directory(scenario.server).post("/platform/v1/apps", {
      name,
      app_type: ["communication"],
      redirect_uri: "http://127.0.0.1:1/callback",
      api_uri: apiUri,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { app } = created.body.data;
    await install(scenario.server, scenario.business.business.uid, app.app_code_name);
    await page.reload();
    return app;
  }

  it("says why an app cannot be checked: one with no api_uri", async () => {
    const created = await directory(scenario.server).post("/platform/v1/apps", {
      name: "Bookkeeping",
      app_type: ["integration"],
      redirect_uri: "http://127.0.0.1:1/callback",
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await install(scenario.server, scenario.business.business.uid, created.body.data.app.app_code_name);
    await page.reload();
    const row = page.getByRole("listitem").filter({ hasText: created.body.data.app.app_code_name });
    await row.getByRole("button", { name: "Check this app" }).click();
    await row.getByRole("alert").filter({ hasText: "the app has no api_uri" }).waitFor();
    assert.equal(await row.getByRole("region").count(), 0, "no report");
  });

  it("stops checking an app that never answers, and says why each call left was not made", async () => {
    let calls = 0;
    const hanging = createServer((request) => {
      calls += 1;
      request.resume(); // read, never answered
    });
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = hanging.address() as AddressInfo;
      const app = await installedApp("Silent SMS", `http://127.0.0.1:${port}`);
      const row = page.getByRole("listitem").filter({ hasText: app.app_code_name });
      await row.getByRole("button", { name: "Check this app" }).click();
      const report = row.getByRole("region", { name: /Check of/ });
      await report.waitFor();
      assert.match(await textOf(report), /30 checks: 0 passed, 0 warned, 2 failed, 28 skipped/);
      assert.equal(calls, 2, "the first two kinds' signed calls, and nothing after them");
      const call = (kind: string, check: string) => report.locator(`tr[data-check="${kind}/${check}"]`);
      assert.match(
        await textOf(call("channel.updated", "replay")),
        /Skip.*not made: the app did not answer the valid call in time/,
      );
      assert.match(
        await textOf(call("typing", "signed")),
        /Skip.*not made: the app did not answer 2 calls in a row in time/,
      );
      assert.match(await textOf(report), /stopped early: 2 calls in a row got no answer/);
    } finally {
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    }
  });

  it("says why an app cannot be checked: a webhook secret this server's key cannot open", async () => {
    const app = await installedApp("Sealed Elsewhere", scenario.receiver.baseUrl);
    await scenario.server.tandem.storage.db
      .updateTable("apps")
      .set({ webhook_secret_enc: sealedInFirstFormat(randomBytes(32), app.webhook_secret) })
      .where("id", "=", app.app_id)
      .execute();
    const row = page.getByRole("listitem").filter({ hasText: app.app_code_name });
    await row.getByRole("button", { name: "Check this app" }).click();
    await row
      .getByRole("alert")
      .filter({ hasText: "the app's webhook secret cannot be opened with this server's key" })
      .waitFor();
    assert.equal(await row.getByRole("region").count(), 0, "no report");
  });

  it("switches a channel off and on again, and deletes one after asking; the app hears each", async () => {
    await page.getByRole("link", { name: "Channels" }).click();
    const row = page.locator(`[data-channel-uid="${sms.uid}"]`);
    await row.getByText("Active").waitFor();
    await row.getByRole("button", { name: "Switch off" }).click();
    await row.getByText("Switched off").waitFor();
    await scenario.receiver.waitFor(
      (hook) => hook.path === `/channels/${sms.uid}` && hook.body.status === "inactive",
    );

    await row.getByRole("button", { name: "Activate" }).click();
    await scenario.receiver.waitFor(
      (hook) =>
        hook.path === `/channels/${sms.uid}` &&
        hook.body.status === "active" &&
        scenario.receiver.received.indexOf(hook) >
          scenario.receiver.received.findIndex(
            (h) => h.path === `/channels/${sms.uid}` && h.body.status === "inactive",
          ),
    );
    await row.getByText("Active").waitFor();

    await row.getByRole("button", { name: "Delete" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete SMS?" });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
    assert.equal(await row.count(), 1, "cancel keeps it");
    await row.getByRole("button", { name: "Delete" }).click();
    await dialog.getByRole("button", { name: "Delete channel" }).click();
    await row.waitFor({ state: "detached" });
    await scenario.receiver.waitFor(
      (hook) => hook.path === `/channels/${sms.uid}` && hook.body.status === "deleted",
    );
  });

  it("shows the failed delivery with every attempt, and delivers it on Retry", async () => {
    await page.getByRole("link", { name: "Delivery log" }).click();
    const failed = page.locator('[data-status="failed"]').filter({ hasText: "Message to send" });
    await failed.waitFor();
    await failed.getByRole("button").first().click();
    const attempts = failed.getByRole("table");
    await attempts.waitFor();
    assert.match(await textOf(attempts), /HTTP 500/);
    assert.match(await textOf(attempts), /database unavailable/);
    await screenshot(page, "settings-deliveries");

    const first = scenario.receiver.matching((hook) => hook.body?.message_uid === failedMessageUid);
    await failed.getByRole("button", { name: "Retry delivery" }).click();
    const again = await scenario.receiver.waitFor(
      (hook) =>
        hook.body?.message_uid === failedMessageUid &&
        scenario.receiver.matching((h) => h.body?.message_uid === failedMessageUid).length > first.length,
    );
    assert.equal(again.webhookId, first[0]?.webhookId, "the same webhook, sent again");
    await page.getByRole("button", { name: "Refresh" }).click();
    await page.getByText("Nothing needs attention").waitFor();
  });

  it("shows staff who are not admins the same pages, without the controls", async () => {
    const email = `clerk-${Date.now()}@example.com`;
    const created = await directory(scenario.server).post(
      `/platform/v1/businesses/${scenario.business.business.uid}/staffs`,
      { email, display_name: "Sam Clerk", role: "staff", password: "a long password" },
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { page: clerk } = await openWindow(browser, scenario.server.url);
    await signInOnPage(clerk, email, "a long password");
    await clerk.goto("/settings/channels");
    await clerk.getByText("Only an admin of your business can change these settings").waitFor();
    await clerk.locator(`[data-channel-uid="${whatsapp.uid}"]`).waitFor();
    assert.equal(await clerk.getByRole("button", { name: "Switch off" }).count(), 0);
    await clerk.getByRole("link", { name: "Apps" }).click();
    await clerk.getByRole("listitem").filter({ hasText: scenario.app.app_code_name }).waitFor();
    assert.equal(await clerk.getByRole("button", { name: "Check this app" }).count(), 0);
  });
});
