import { after, before, describe, it } from "node:test";
import type { JsonObject } from "@tandem/test-support";
import {
  DIALECTS,
  POSTGRES_URL,
  spawnTandem,
  type TandemProcess,
  TEST_SECRET_KEY,
} from "@tandem/test-support";
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

/**
 * SPEC §8/§9: two Tandem processes on one PostgreSQL database. The page is served by one, the app
 * talks to the other; what happens on either reaches the page live (LISTEN/NOTIFY between them).
 */
describe("the page across two processes on PostgreSQL", { skip: !DIALECTS.includes("postgres") }, () => {
  let scenario: Scenario;
  let second: TandemProcess;
  let browser: Browser;
  let page: Page;
  let whatsapp: JsonObject;
  let clara: Contact;

  before(async () => {
    scenario = await startScenario("postgres");
    second = await spawnTandem({
      DATABASE_URL: `${POSTGRES_URL}?schema=${scenario.server.postgresSchema}`,
      TANDEM_DATA_DIR: scenario.server.dataDir,
      TANDEM_DIRECTORY_TOKEN: scenario.server.directoryToken,
      TANDEM_SECRET_KEY: TEST_SECRET_KEY,
    });
    whatsapp = await channel(scenario, "WhatsApp");
    clara = await contact(scenario, { first_name: "Clara", last_name: "Jones" }, [whatsapp]);
    await clientWrites(scenario, clara, whatsapp.uid, "Hello from the first process");
    browser = await launchBrowser();
    ({ page } = await openWindow(browser, second.url));
    await signInOnPage(page, scenario.business.adminEmail, scenario.business.adminPassword);
    await page.getByRole("link", { name: /Clara Jones/ }).click();
    await page
      .getByRole("log", { name: "Messages with Clara Jones" })
      .getByText("Hello from the first process")
      .waitFor();
    await waitForLive(page);
  });

  after(async () => {
    await browser?.close();
    await second?.kill("SIGTERM");
    await scenario?.close();
  });

  it("shows live what the app posts to the other process, and the app's reports on what staff send", async () => {
    const live = await clientWrites(scenario, clara, whatsapp.uid, "Posted to the other process");
    await page.locator(`[data-message-uid="${live.uid}"]`).waitFor();

    const field = page.getByLabel("Message to Clara Jones");
    await field.fill("Answered from the second process");
    await field.press("Enter");
    const sent = await scenario.receiver.waitFor(
      (hook) => hook.body?.message === "Answered from the second process",
    );
    await appReports(scenario, sent.body.message_uid, whatsapp.uid, "sent");
    await appReports(scenario, sent.body.message_uid, whatsapp.uid, "read");
    await page.locator(`[data-message-uid="${sent.body.message_uid}"] [data-status="read"]`).waitFor();
  });
});
