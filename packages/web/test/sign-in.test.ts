import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { JsonObject } from "@tandem/test-support";
import { directory, FAILURES_PER_EMAIL, unique } from "@tandem/test-support";
import type { Browser } from "playwright-core";
import { launchBrowser, openWindow, signInOnPage, textOf, waitForLive } from "./support/browser.ts";
import {
  type Contact,
  channel,
  clientWrites,
  contact,
  type Scenario,
  startScenario,
} from "./support/scenario.ts";

describe("signing in, and getting about with a keyboard alone", () => {
  let scenario: Scenario;
  let browser: Browser;
  let whatsapp: JsonObject;
  let sms: JsonObject;
  let clara: Contact;

  before(async () => {
    scenario = await startScenario();
    whatsapp = await channel(scenario, "WhatsApp");
    sms = await channel(scenario, "SMS");
    clara = await contact(scenario, { first_name: "Clara", last_name: "Jones", email: "clara@example.com" }, [
      whatsapp,
      sms,
    ]);
    await clientWrites(scenario, clara, whatsapp.uid, "Hi there");
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await scenario?.close();
  });

  it("refuses a wrong password, signs in, stays signed in on reload, and signs out", async () => {
    const { page } = await openWindow(browser, scenario.server.url);
    await page.goto("/");
    await page.getByLabel("Email").fill(scenario.business.adminEmail);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    assert.match(await textOf(page.getByRole("alert")), /don't match/);

    await signInOnPage(page, scenario.business.adminEmail, scenario.business.adminPassword);
    assert.match(await textOf(page.locator("aside header")), /Corner Bakery.*Ada Admin/);
    await page.reload();
    await page.getByRole("navigation", { name: "Conversations" }).waitFor();

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    await page.reload();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
  });

  it("signing out in one tab sends the browser's other tabs to the sign-in form", async () => {
    const { context, page } = await openWindow(browser, scenario.server.url);
    await signInOnPage(page, scenario.business.adminEmail, scenario.business.adminPassword);
    const otherTab = await context.newPage();
    await otherTab.goto("/");
    await otherTab.getByRole("navigation", { name: "Conversations" }).waitFor();
    await waitForLive(otherTab);

    let reconnects = 0;
    otherTab.on("websocket", () => reconnects++);
    await page.getByRole("button", { name: "Sign out" }).click();
    // Told by its socket, though it makes no request of its own meanwhile, and at once: not after
    // reconnecting in vain (three refusals would also send it to sign in, seconds later).
    await otherTab.getByRole("button", { name: "Sign in" }).waitFor();
    assert.equal(reconnects, 0, "the tab tried to reconnect before it signed out");
  });

  it("after too many wrong passwords, says to wait instead of checking the next one", async () => {
    const email = `${unique("sam")}@example.com`;
    const added = await directory(scenario.server).post(
      `/platform/v1/businesses/${scenario.business.business.uid}/staffs`,
      { email, display_name: "Sam Staff", role: "staff", password: "sam's real password" },
    );
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const { page } = await openWindow(browser, scenario.server.url);
    await page.goto("/");
    await page.getByLabel("Email").fill(email);
    for (let guess = 0; guess < FAILURES_PER_EMAIL; guess++) {
      await page.getByLabel("Password").fill(`guess ${guess}`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("alert").filter({ hasText: "don't match" }).waitFor();
      await page.getByRole("button", { name: "Sign in" }).and(page.locator(":enabled")).waitFor();
    }
    await page.getByLabel("Password").fill("sam's real password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: "Too many failed sign-ins. Try again in 15 minutes." })
      .waitFor();
    assert.equal(await page.getByRole("navigation", { name: "Conversations" }).count(), 0);
  });

  it("opens the address it was given once signed in (a link into a thread)", async () => {
    const { page } = await openWindow(browser, scenario.server.url);
    await page.goto(`/conversations/${clara.client.uid}`);
    await page.getByLabel("Email").fill(scenario.business.adminEmail);
    await page.getByLabel("Password").fill(scenario.business.adminPassword);
    await page.getByLabel("Password").press("Enter");
    await page.getByRole("log", { name: "Messages with Clara Jones" }).getByText("Hi there").waitFor();
    assert.match(await textOf(page.getByRole("heading", { level: 1 })), /Clara Jones/);
  });

  it("searches, opens a thread, picks a channel and sends, all from the keyboard", async () => {
    const { page } = await openWindow(browser, scenario.server.url);
    await page.goto("/");
    await page.getByLabel("Email").waitFor();
    await page.keyboard.press("Tab");
    await page.keyboard.type(scenario.business.adminEmail);
    await page.keyboard.press("Tab");
    await page.keyboard.type(scenario.business.adminPassword);
    await page.keyboard.press("Enter");
    await page.getByRole("navigation", { name: "Conversations" }).waitFor();

    await page.getByLabel("Search clients by name, phone or email").focus();
    await page.keyboard.type("clara@");
    const result = page.getByRole("link", { name: /Clara Jones/ });
    await result.waitFor();
    await result.focus();
    assert.ok(
      await result.evaluate((element) => getComputedStyle(element).outlineStyle !== "none"),
      "focus is visible",
    );
    await page.keyboard.press("Enter");
    await page.getByRole("log", { name: "Messages with Clara Jones" }).waitFor();

    const picker = page.getByRole("button", { name: /Reply via/ });
    await picker.focus();
    await page.keyboard.press("ArrowDown");
    const list = page.getByRole("listbox", { name: "Reply channel" });
    await list.waitFor();
    const smsOption = list.getByRole("option", { name: /SMS/ });
    while ((await list.getAttribute("aria-activedescendant")) !== (await smsOption.getAttribute("id"))) {
      await page.keyboard.press("ArrowDown");
    }
    await page.keyboard.press("Enter");
    await list.waitFor({ state: "detached" });
    assert.match(await textOf(picker), /SMS/);

    await page.getByLabel("Message to Clara Jones").focus();
    await page.keyboard.type("Sent from the keyboard");
    await page.keyboard.press("Enter");
    const hook = await scenario.receiver.waitFor(
      (webhook) => webhook.body?.message === "Sent from the keyboard",
    );
    assert.equal(hook.body.channel_uid, sms.uid, "through the channel picked");
  });
});
