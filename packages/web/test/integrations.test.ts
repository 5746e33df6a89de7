import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  installedIntegration,
  type JsonObject,
  registerIntegration,
  subscribe,
  WebhookReceiver,
} from "@tandem/test-support";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, openWindow, signInOnPage, textOf } from "./support/browser.ts";
import { channel, contact, type Scenario, startScenario } from "./support/scenario.ts";

/** What a business integration shows on the page: its sender name, clients' attributes, templates, subscriptions. */
describe("integrations on the page", () => {
  let scenario: Scenario;
  let browser: Browser;
  let page: Page;
  let integration: JsonObject;
  let clientUid: string;
  const target = new WebhookReceiver();

  before(async () => {
    scenario = await startScenario();
    await target.start("/crm");
    const whatsapp = await channel(scenario, "WhatsApp");
    const clara = await contact(
      scenario,
      { first_name: "Clara", last_name: "Jones", phone: "+31612345001" },
      [whatsapp],
    );
    clientUid = clara.client.uid;
    integration = await registerIntegration(scenario.server, { name: "Garage Planner" });
    const tool = await installedIntegration(scenario.server, integration, scenario.business.business.uid);
    await subscribe(tool, target, { events: ["message.created.client_to_business"] });
    const sent = await tool.post("/business/conversations/v1/conversations", {
      contact: { phone: "+31 6 1234 5001", attributes: { plate: "XX-99-WZ" } },
      messages: [{ text: "Your car is ready for pick-up" }],
    });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    browser = await launchBrowser();
    ({ page } = await openWindow(browser, scenario.server.url));
    await signInOnPage(page, scenario.business.adminEmail, scenario.business.adminPassword);
  });

  after(async () => {
    await browser?.close();
    await scenario?.close();
    await target.close();
  });

  it("shows the integration as the sender and the client's attributes", async () => {
    await page.goto(`${scenario.server.url}/conversations/${clientUid}`);
    const sent = page.locator('[data-direction="business_to_client"]', { hasText: "Your car is ready" });
    await sent.waitFor();
    assert.match(await textOf(sent), /Garage Planner \(integration\)/);
    const details = page.getByRole("definition").filter({ hasText: "XX-99-WZ" });
    await details.waitFor();
  });

  it("lets an admin add a template, preview it, and fill it in the composer for a client", async () => {
    await page.goto(`${scenario.server.url}/settings/templates`);
    await page.getByRole("textbox", { name: "Template name" }).fill("pickup");
    await page
      .getByRole("textbox", { name: "Template text" })
      .fill("Hi {{client.first_name}}, come at {{time}}");
    await page.getByRole("button", { name: "Add template" }).click();
    const row = page.getByRole("listitem").filter({ hasText: "pickup" });
    await row.waitFor();
    await row.getByRole("textbox", { name: "Sample client.first_name" }).fill("Ada");
    await row.getByRole("textbox", { name: "Sample time" }).fill("5 pm");
    await row.getByRole("button", { name: "Preview" }).click();
    await row.getByText("Hi Ada, come at 5 pm").waitFor();

    await page.goto(`${scenario.server.url}/conversations/${clientUid}`);
    await page.getByRole("combobox", { name: "Use a template" }).selectOption({ label: "pickup" });
    await page.getByRole("textbox", { name: "time", exact: true }).fill("6 pm");
    await page.getByRole("button", { name: "Insert" }).click();
    const field = page.getByRole("textbox", { name: "Message to Clara Jones" });
    await page.waitForFunction(() =>
      (document.querySelector("textarea[id^=composer-]") as HTMLTextAreaElement | null)?.value.includes(
        "6 pm",
      ),
    );
    assert.equal(await field.inputValue(), "Hi Clara, come at 6 pm");
  });

  it("lists the integration's subscriptions in settings", async () => {
    await page.goto(`${scenario.server.url}/settings/subscriptions`);
    const row = page.getByRole("listitem").filter({ hasText: integration.app_code_name });
    await row.waitFor();
    assert.match(await textOf(row), /message\.created\.client_to_business/);
  });
});
