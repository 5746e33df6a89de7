import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { JsonObject } from "@tandem/test-support";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, openWindow, signInOnPage, waitForLive } from "./support/browser.ts";
import {
  appReports,
  type Contact,
  channel,
  clientWrites,
  contact,
  type Scenario,
  startScenario,
} from "./support/scenario.ts";

declare global {
  interface Window {
    feedUrls: string[];
    feedSockets: WebSocket[];
    holdFeed: boolean;
  }
}

/**
 * The page's socket drops; while it is away the app writes and reports. Once back, the page shows
 * every change exactly once: it resumed from the last event id it saw.
 */
describe("the realtime feed", () => {
  let scenario: Scenario;
  let browser: Browser;
  let page: Page;
  let whatsapp: JsonObject;
  let clara: Contact;

  before(async () => {
    scenario = await startScenario();
    whatsapp = await channel(scenario, "WhatsApp");
    clara = await contact(scenario, { first_name: "Clara", last_name: "Jones" }, [whatsapp]);
    await clientWrites(scenario, clara, whatsapp.uid, "First message");
    browser = await launchBrowser();
    ({ page } = await openWindow(browser, scenario.server.url));
    // Watch the page's sockets, and let the test keep it from reconnecting for a while.
    await page.addInitScript(() => {
      const RealSocket = window.WebSocket;
      window.feedUrls = [];
      window.feedSockets = [];
      window.holdFeed = false;
      window.WebSocket = class extends RealSocket {
        constructor(url: string | URL, protocols?: string | string[]) {
          const target = window.holdFeed
            ? String(url).replace("/api/realtime", "/api/realtime-held")
            : String(url);
          super(target, protocols);
          window.feedUrls.push(target);
          window.feedSockets.push(this);
        }
      };
    });
    await signInOnPage(page, scenario.business.adminEmail, scenario.business.adminPassword);
    await page.getByRole("link", { name: /Clara Jones/ }).click();
    await page.getByRole("log", { name: "Messages with Clara Jones" }).getByText("First message").waitFor();
    await waitForLive(page);
  });

  after(async () => {
    await browser?.close();
    await scenario?.close();
  });

  it("resumes after a dropped connection with nothing missed and nothing doubled", async () => {
    const field = page.getByLabel("Message to Clara Jones");
    await field.fill("Before the drop");
    await field.press("Enter");
    const sent = await scenario.receiver.waitFor((hook) => hook.body?.message === "Before the drop");

    await page.evaluate(() => {
      window.holdFeed = true;
      window.feedSockets.at(-1)?.close();
    });
    await page.getByRole("status").filter({ hasText: "Reconnecting…" }).waitFor();

    const missed = [];
    for (const text of ["While away one", "While away two", "While away three"]) {
      missed.push(await clientWrites(scenario, clara, whatsapp.uid, text));
    }
    await appReports(scenario, sent.body.message_uid, whatsapp.uid, "sent");
    await appReports(scenario, sent.body.message_uid, whatsapp.uid, "received");

    await page.evaluate(() => {
      window.holdFeed = false;
    });
    await waitForLive(page);
    for (const message of missed) {
      await page.locator(`[data-message-uid="${message.uid}"]`).waitFor();
    }
    await page.locator(`[data-message-uid="${sent.body.message_uid}"] [data-status="received"]`).waitFor();

    const after = await clientWrites(scenario, clara, whatsapp.uid, "After the return");
    await page.locator(`[data-message-uid="${after.uid}"]`).waitFor();
    for (const uid of [...missed.map((message) => message.uid), after.uid, sent.body.message_uid]) {
      assert.equal(await page.locator(`[data-message-uid="${uid}"]`).count(), 1, `${uid} shown once`);
    }
    const urls = await page.evaluate(() =>
      window.feedUrls.filter((url) => url.includes("/api/realtime?") || url.endsWith("/api/realtime")),
    );
    assert.match(urls.at(-1) ?? "", /\?cursor=\d+$/, "the page resumed from the last id it saw");
  });
});
