import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { JsonObject } from "@tandem/test-support";
import type { Browser, Page } from "playwright-core";
import {
  launchBrowser,
  openWindow,
  PHONE,
  pageErrors,
  screenshot,
  signInOnPage,
  waitForLive,
} from "./support/browser.ts";
import { PictureHost } from "./support/pictures.ts";
import {
  appReports,
  type Contact,
  channel,
  clientWrites,
  contact,
  type Scenario,
  startScenario,
} from "./support/scenario.ts";

const DAY = 86_400_000;
/** `created_at` as apps may send it, some time ago. */
const ago = (ms: number) => new Date(Date.now() - ms).toISOString().replace("T", " ").slice(0, 19);

/**
 * A day at a small bakery, seeded through the public API only, walked through on a desktop and a
 * phone. The pictures it saves are the README's; the checks are about layout (panes, overflow).
 */
describe("a tour of the page", () => {
  let scenario: Scenario;
  let browser: Browser;
  const pictures = new PictureHost();
  let whatsapp: JsonObject;
  let clara: Contact;
  let sam: Contact;

  async function staffSends(page: Page, who: string, text: string): Promise<string> {
    const field = page.getByLabel(`Message to ${who}`);
    await field.fill(text);
    await field.press("Enter");
    const hook = await scenario.receiver.waitFor((webhook) => webhook.body?.message === text);
    return hook.body.message_uid;
  }

  before(async () => {
    await pictures.start();
    scenario = await startScenario();
    whatsapp = await channel(scenario, "WhatsApp");
    const sms = await channel(scenario, "SMS");
    const messenger = await channel(scenario, "Messenger");
    await channel(scenario, "Email");

    const lena = await contact(
      scenario,
      { first_name: "Lena", last_name: "Fischer", email: "lena@example.com" },
      [whatsapp],
    );
    await clientWrites(scenario, lena, whatsapp.uid, "Thanks again for the sourdough class!", {
      created_at: ago(6 * DAY),
    });
    const priya = await contact(
      scenario,
      { first_name: "Priya", last_name: "Shah", phone: "+44 7700 900123" },
      [sms],
    );
    await clientWrites(scenario, priya, sms.uid, "Is the rye loaf still available?", {
      created_at: ago(DAY + 3600_000),
    });
    const tom = await contact(scenario, { first_name: "Tom", last_name: "Becker" }, [whatsapp]);
    await clientWrites(scenario, tom, whatsapp.uid, "Could you deliver on Friday morning?", {
      created_at: ago(3 * 3600_000),
    });
    const marco = await contact(scenario, { first_name: "Marco", last_name: "Rossi" }, [messenger]);
    await clientWrites(scenario, marco, messenger.uid, "Hi! Can I order a birthday cake for Saturday?", {
      created_at: ago(50 * 60_000),
    });
    await clientWrites(scenario, marco, messenger.uid, "Chocolate, for about 12 people 🎂", {
      created_at: ago(49 * 60_000),
    });
    sam = await contact(scenario, { first_name: "Sam", last_name: "Okafor" }, [whatsapp]);
    await clientWrites(scenario, sam, whatsapp.uid, "Do you have any croissants left?", {
      created_at: ago(20 * 60_000),
    });

    clara = await contact(
      scenario,
      { first_name: "Clara", last_name: "Jones", phone: "+44 7700 900456", email: "clara.jones@example.com" },
      [whatsapp, sms],
    );
    await clientWrites(scenario, clara, sms.uid, "Hello! Do you make custom cakes for weddings?", {
      created_at: ago(DAY + 600_000),
    });
    await clientWrites(scenario, clara, sms.uid, "Around 60 guests, in June.", {
      created_at: ago(DAY + 540_000),
    });
    await clientWrites(
      scenario,
      clara,
      whatsapp.uid,
      "Switching to WhatsApp, easier to send pictures. Something like this?",
      {
        created_at: ago(30 * 60_000),
        attachments: [
          {
            url: `${pictures.url}/cake.svg`,
            content_type: "image/svg+xml",
            name: "inspiration.svg",
            size: 48213,
          },
        ],
      },
    );
    await clientWrites(scenario, clara, whatsapp.uid, "And here is the menu we're planning.", {
      created_at: ago(29 * 60_000),
      attachments: [
        {
          url: `${pictures.url}/menu.pdf`,
          content_type: "application/pdf",
          name: "wedding-menu.pdf",
          size: 182_400,
        },
      ],
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await scenario?.close();
    await pictures.close();
  });

  it("on a desktop: the inbox, a thread, the channel dropdown and settings", async () => {
    const { page } = await openWindow(browser, scenario.server.url);
    await signInOnPage(page, scenario.business.adminEmail, scenario.business.adminPassword);
    await waitForLive(page);
    await scenario.appApi.post("/business/communication/v1/sessions/typing", {
      session_uid: sam.sessions[whatsapp.uid]?.uid,
      typing: true,
    });
    await page
      .getByRole("link", { name: /Sam Okafor/ })
      .filter({ hasText: "typing…" })
      .waitFor();
    await screenshot(page, "inbox");

    await page.getByRole("link", { name: /Clara Jones/ }).click();
    await page
      .getByRole("log", { name: "Messages with Clara Jones" })
      .getByText("wedding-menu.pdf")
      .waitFor();
    const reply = await staffSends(
      page,
      "Clara Jones",
      "Yes, we'd love to! That design is lovely. A tasting is €25, deducted from the order.",
    );
    for (const status of ["sent", "received", "read"])
      await appReports(scenario, reply, whatsapp.uid, status);
    const second = await staffSends(page, "Clara Jones", "Would Saturday at 11:00 work for the tasting?");
    await appReports(scenario, second, whatsapp.uid, "sent");
    await appReports(scenario, second, whatsapp.uid, "received");
    await page.locator(`[data-message-uid="${second}"] [data-status="received"]`).waitFor();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await screenshot(page, "thread");

    await page.getByRole("button", { name: /Reply via/ }).click();
    await page.getByRole("listbox", { name: "Reply channel" }).waitFor();
    await screenshot(page, "composer-channels");
    await page.keyboard.press("Escape");

    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByText("Messenger").first().waitFor();
    await screenshot(page, "settings-channels");
  });

  it("on a phone: one pane at a time, nothing wider than the screen", async () => {
    const { page } = await openWindow(browser, scenario.server.url, PHONE);
    await signInOnPage(page, scenario.business.adminEmail, scenario.business.adminPassword);
    const noOverflow = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    assert.ok(await noOverflow(), "the inbox fits");
    assert.equal(await page.locator("main").isVisible(), false, "only the inbox shows");
    await screenshot(page, "phone-inbox");

    await page.getByRole("link", { name: /Clara Jones/ }).click();
    await page.getByRole("log", { name: "Messages with Clara Jones" }).waitFor();
    assert.equal(
      await page.getByRole("navigation", { name: "Conversations" }).isVisible(),
      false,
      "only the thread shows",
    );
    assert.ok(await noOverflow(), "the thread fits");
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await screenshot(page, "phone-thread");

    await page.getByRole("link", { name: "Back to the inbox" }).click();
    await page.getByRole("navigation", { name: "Conversations" }).waitFor();
    assert.equal(await page.locator("main").isVisible(), false);
  });

  it("logged no error or warning in the browser along the way", () => {
    assert.deepEqual(pageErrors, []);
  });
});
