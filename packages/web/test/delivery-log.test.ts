import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Client, JsonObject } from "@tandem/test-support";
import { eventually, signIn, staffClient } from "@tandem/test-support";
import type { Browser, Page } from "playwright-core";
import {
  launchBrowser,
  openWindow,
  screenshot,
  signInOnPage,
  textOf,
  waitForLive,
} from "./support/browser.ts";
import {
  appReports,
  type Contact,
  channel,
  clientWrites,
  contact,
  type Scenario,
  startScenario,
} from "./support/scenario.ts";

/**
 * A delivery that fails is seen for what it is: the thread marks the staff message "not delivered
 * yet, retrying" live, and back when the app has it; the delivery log opens on what needs attention
 * and reads a retrying delivery as retrying, naming the app and the client.
 */
describe("a failing delivery on the page", () => {
  let scenario: Scenario;
  let browser: Browser;
  let page: Page;
  let staff: Client;
  let whatsapp: JsonObject;
  let clara: Contact;
  let boris: Contact;
  let claraAppDown = true;

  before(async () => {
    // Two quick retries, then a long wait: a delivery still failing after three attempts stays retrying.
    scenario = await startScenario("sqlite", { TANDEM_WEBHOOK_RETRY_SCHEDULE: "0.3,3,600" });
    whatsapp = await channel(scenario, "WhatsApp");
    clara = await contact(scenario, { first_name: "Clara", last_name: "Jones" }, [whatsapp]);
    boris = await contact(scenario, { first_name: "Boris", last_name: "Novak" }, [whatsapp]);
    scenario.receiver.answerWith((hook) => {
      if (hook.method !== "POST" || hook.path !== "/messages") return { status: 204 };
      if (hook.body.message === "Your parcel is on its way") return { status: 500, body: "queue full" };
      return claraAppDown ? { status: 500, body: "queue full" } : { status: 204 };
    });
    staff = staffClient(
      scenario.server,
      await signIn(scenario.server, scenario.business.adminEmail, scenario.business.adminPassword),
    );
    browser = await launchBrowser();
    ({ page } = await openWindow(browser, scenario.server.url));
    await signInOnPage(page, scenario.business.adminEmail, scenario.business.adminPassword);
    await waitForLive(page);
  });

  after(async () => {
    await browser?.close();
    await scenario?.close();
  });

  const send = async (who: Contact, text: string) => {
    const sent = await staff.post(`/api/conversations/${who.client.uid}/messages`, {
      channel_uid: whatsapp.uid,
      message: text,
    });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    return sent.body.data.message.uid as string;
  };

  it("marks a staff message not delivered yet while its delivery is retried, live, and back when the app has it", async () => {
    await clientWrites(scenario, clara, whatsapp.uid, "Is my cake ready?");
    await page
      .getByRole("navigation", { name: "Conversations" })
      .getByRole("link", { name: /Clara Jones/ })
      .click();
    await page.getByRole("log", { name: "Messages with Clara Jones" }).waitFor();

    const uid = await send(clara, "Your cake is ready");
    const bubble = page.locator(`[data-message-uid="${uid}"]`);
    await bubble.waitFor();
    const note = bubble.getByRole("status").filter({ hasText: "Not delivered yet, retrying" });
    await note.waitFor({ timeout: 10_000 });
    assert.match(await textOf(note), /attempt \d answered HTTP 500/);
    assert.equal(await bubble.locator("[data-retrying]").count(), 1, "the ticks say so too");
    await screenshot(page, "thread-retrying");

    claraAppDown = false;
    await scenario.receiver.waitFor((hook) => hook.body?.message_uid === uid && !claraAppDown, 10_000);
    await note.waitFor({ state: "detached", timeout: 10_000 });
    assert.equal(await bubble.getAttribute("data-status"), "pending");
    await appReports(scenario, uid, whatsapp.uid, "sent");
    await bubble.and(page.locator('[data-status="sent"]')).waitFor();
    assert.equal(await bubble.locator("[data-retrying]").count(), 0);
  });

  it("opens the delivery log on what needs attention, a retrying delivery read as such with app and client", async () => {
    const uid = await send(boris, "Your parcel is on its way");
    await eventually(
      async () => {
        const list = await staff.get("/api/deliveries?attention=true");
        return list.body.data.deliveries.some(
          (entry: JsonObject) => entry.payload?.message_uid === uid && entry.attempt_count === 3,
        );
      },
      15_000,
      "the delivery to wait after its third attempt",
    );

    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByRole("link", { name: "Delivery log" }).click();
    assert.equal(await page.getByRole("radio", { name: "Needs attention" }).isChecked(), true);
    const retrying = page.locator('[data-state="retrying"]');
    await retrying.waitFor();
    assert.equal(await retrying.count(), 1, "only the failing delivery needs attention");
    const text = await textOf(retrying);
    assert.match(text, /Retrying/);
    assert.match(text, /Retrying — attempt 3 answered HTTP 500, next try at \d{1,2}[:.]\d{2}/);
    assert.match(text, new RegExp(scenario.app.name));
    assert.match(text, /Boris Novak/);
    assert.equal(
      await page.locator('[data-state="succeeded"]').count(),
      0,
      "delivered ones are a click away",
    );
    await screenshot(page, "settings-deliveries-retrying");

    await page.getByText("All", { exact: true }).click();
    await page.locator('[data-state="succeeded"]').first().waitFor();
    const clarasDelivery = page.locator('[data-state="succeeded"]').filter({ hasText: "Clara Jones" });
    assert.ok((await clarasDelivery.count()) >= 1, "Clara's delivery, delivered in the end");
    assert.match(await textOf(clarasDelivery.first()), /Delivered — attempt \d answered HTTP 204/);
  });
});
