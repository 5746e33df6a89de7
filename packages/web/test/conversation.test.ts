import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { JsonObject } from "@tandem/test-support";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, openWindow, signInOnPage, textOf, waitForLive } from "./support/browser.ts";
import {
  appReports,
  type Contact,
  channel,
  clientWrites,
  contact,
  type Scenario,
  startScenario,
} from "./support/scenario.ts";

/** The conversation page end to end: real server, real receiver playing the app, real Chromium. */
describe("the conversation page", () => {
  let scenario: Scenario;
  let browser: Browser;
  let page: Page;
  let whatsapp: JsonObject;
  let sms: JsonObject;
  let clara: Contact;

  const message = (uid: string) => page.locator(`[data-message-uid="${uid}"]`);
  const outgoing = (text: string) => page.locator('[data-direction="business_to_client"]', { hasText: text });
  const openThread = async (name: string) => {
    await page
      .getByRole("navigation", { name: "Conversations" })
      .getByRole("link", { name: new RegExp(name) })
      .click();
    await page.getByRole("log", { name: `Messages with ${name}` }).waitFor();
  };

  before(async () => {
    scenario = await startScenario();
    whatsapp = await channel(scenario, "WhatsApp");
    sms = await channel(scenario, "SMS");
    clara = await contact(scenario, { first_name: "Clara", last_name: "Jones" }, [whatsapp]);
    browser = await launchBrowser();
    ({ page } = await openWindow(browser, scenario.server.url));
    await signInOnPage(page, scenario.business.adminEmail, scenario.business.adminPassword);
    await waitForLive(page);
  });

  after(async () => {
    await browser?.close();
    await scenario?.close();
  });

  it("shows a message the app posts, live in every window, and the app hears received, then read", async () => {
    const { page: other } = await openWindow(browser, scenario.server.url);
    await signInOnPage(other, scenario.business.adminEmail, scenario.business.adminPassword);
    await waitForLive(other);

    const posted = await clientWrites(
      scenario,
      clara,
      whatsapp.uid,
      "Hello! Do you have gluten-free bread today?",
    );
    for (const window of [page, other]) {
      const row = window.getByRole("link", { name: /Clara Jones/ });
      await row.filter({ hasText: "gluten-free" }).waitFor();
      assert.match(await textOf(row), /1\s*unread/);
    }

    await openThread("Clara Jones");
    const shown = message(posted.uid);
    await shown.waitFor();
    assert.match(await textOf(shown), /gluten-free bread/);
    assert.match(await textOf(shown), /WhatsApp/);
    const hooks = () => scenario.receiver.matching((hook) => hook.path === `/messages/${posted.message_uid}`);
    await scenario.receiver.waitFor(
      (hook) => hook.path === `/messages/${posted.message_uid}` && hook.body.status === "read",
    );
    assert.deepEqual(
      hooks().map((hook) => hook.body.status),
      ["received", "read"],
    );
    await page
      .getByRole("link", { name: /Clara Jones/ })
      .filter({ hasNotText: "unread" })
      .waitFor();

    // A new message while the thread is open and visible: displayed, then read, with no reload.
    const live = await clientWrites(scenario, clara, whatsapp.uid, "Also, are you open on Sunday?");
    await message(live.uid).waitFor();
    await scenario.receiver.waitFor(
      (hook) => hook.path === `/messages/${live.message_uid}` && hook.body.status === "read",
    );
    assert.deepEqual(
      scenario.receiver
        .matching((hook) => hook.path === `/messages/${live.message_uid}`)
        .map((hook) => hook.body.status),
      ["received", "read"],
    );
    await other
      .getByRole("link", { name: /Clara Jones/ })
      .filter({ hasText: "Sunday" })
      .waitFor();
    await other.close();
  });

  it("lists the client's channels, unavailable ones disabled with the reason", async () => {
    await page.getByRole("button", { name: /Reply via/ }).click();
    const list = page.getByRole("listbox", { name: "Reply channel" });
    const whatsappOption = list.getByRole("option", { name: /WhatsApp/ });
    const smsOption = list.getByRole("option", { name: /SMS/ });
    assert.equal(await whatsappOption.getAttribute("aria-disabled"), "false");
    assert.equal(await smsOption.getAttribute("aria-disabled"), "true");
    assert.match(await textOf(smsOption), /No active session with this client/);
    await page.keyboard.press("Escape");
    await list.waitFor({ state: "detached" });
    assert.ok(sms.uid);
  });

  it("sends with Enter through the chosen channel and shows the ticks as the app reports them", async () => {
    const field = page.getByLabel("Message to Clara Jones");
    await field.fill("Yes, baked this morning.");
    await field.press("Enter");
    const hook = await scenario.receiver.waitFor(
      (webhook) =>
        webhook.method === "POST" &&
        webhook.path === "/messages" &&
        webhook.body.message === "Yes, baked this morning.",
    );
    assert.equal(hook.body.channel_uid, whatsapp.uid);
    assert.equal(await field.inputValue(), "", "the composer is cleared");
    const bubble = message(hook.body.message_uid);
    await bubble.and(page.locator('[data-status="pending"]')).waitFor();
    for (const status of ["sent", "received", "read"]) {
      await appReports(scenario, hook.body.message_uid, whatsapp.uid, status);
      await bubble.and(page.locator(`[data-status="${status}"]`)).waitFor();
      assert.equal(await bubble.locator("[data-status]").getAttribute("data-status"), status);
    }
    assert.equal(await outgoing("Yes, baked this morning.").count(), 1, "shown once, not twice");

    await field.pressSequentially("Line one");
    await field.press("Shift+Enter");
    await field.pressSequentially("Line two");
    assert.equal(await field.inputValue(), "Line one\nLine two", "Shift+Enter adds a line");
    await field.press("Enter");
    const twoLines = await scenario.receiver.waitFor(
      (webhook) => webhook.body?.message === "Line one\nLine two",
    );
    await message(twoLines.body.message_uid).waitFor();
  });

  it("tells the app when staff type, at most every 3 s, and stops after 5 s idle", async () => {
    const session = clara.sessions[whatsapp.uid] as JsonObject;
    const typingHooks = () => scenario.receiver.matching((hook) => hook.path === `/${session.uid}/typing`);
    const before = typingHooks().length;
    const field = page.getByLabel("Message to Clara Jones");
    await field.pressSequentially("Let me check", { delay: 40 });
    const started = await scenario.receiver.waitFor(
      (hook) =>
        hook.path === `/${session.uid}/typing` &&
        hook.body.typing === true &&
        typingHooks().indexOf(hook) >= before,
    );
    assert.ok(started.signatureValid);
    const stopped = await scenario.receiver.waitFor(
      (hook) =>
        hook.path === `/${session.uid}/typing` &&
        hook.body.typing === false &&
        typingHooks().indexOf(hook) >= before,
      10_000,
    );
    const burst = typingHooks().slice(before);
    assert.equal(
      burst.filter((hook) => hook.body.typing === true).length,
      1,
      "one typing webhook for one short burst",
    );
    assert.ok(stopped.receivedAt - started.receivedAt >= 4_500, "stops only once the composer has been idle");
    await field.fill("");
  });

  it("shows the client typing, and hides it when they stop", async () => {
    const session = clara.sessions[whatsapp.uid] as JsonObject;
    const typing = (value: boolean) =>
      scenario.appApi.post("/business/communication/v1/sessions/typing", {
        session_uid: session.uid,
        typing: value,
      });
    const indicator = page.getByTestId("client-typing");
    await typing(true);
    await indicator.waitFor();
    assert.match(await textOf(indicator), /Clara Jones is typing/);
    await page
      .getByRole("link", { name: /Clara Jones/ })
      .filter({ hasText: "typing…" })
      .waitFor();
    await typing(false);
    await indicator.waitFor({ state: "detached" });

    // Without news for 10 s, the indicator goes away on its own.
    await typing(true);
    await indicator.waitFor();
    await indicator.waitFor({ state: "detached", timeout: 15_000 });
  });

  it("shows a failed message with the reason, and sends it again on Retry", async () => {
    scenario.receiver.answerWith((hook) =>
      hook.method === "POST" && hook.path === "/messages"
        ? { status: 503, body: "down for maintenance" }
        : { status: 204 },
    );
    const field = page.getByLabel("Message to Clara Jones");
    await field.fill("Your order is confirmed.");
    await field.press("Enter");
    const bubble = outgoing("Your order is confirmed.");
    await bubble.and(page.locator('[data-status="error"]')).waitFor();
    assert.match(await textOf(bubble), /Failed:.*could not be reached/);

    scenario.receiver.answerWith(() => ({ status: 204 }));
    const uid = String(await bubble.getAttribute("data-message-uid"));
    const attemptsBefore = scenario.receiver.matching((hook) => hook.body?.message_uid === uid).length;
    await bubble.getByRole("button", { name: "Retry" }).click();
    await scenario.receiver.waitFor(
      (hook) =>
        hook.body?.message_uid === uid &&
        scenario.receiver.matching((h) => h.body?.message_uid === uid).length > attemptsBefore,
    );
    await appReports(scenario, uid, whatsapp.uid, "sent");
    await message(uid).and(page.locator('[data-status="sent"]')).waitFor();

    // A failure the app calls final: the reason, and no retry.
    await field.fill("Can I call you?");
    await field.press("Enter");
    const hook = await scenario.receiver.waitFor((webhook) => webhook.body?.message === "Can I call you?");
    await appReports(scenario, hook.body.message_uid, whatsapp.uid, "error", {
      code: "blocked",
      message: "The client blocked this number",
      retryable: false,
    });
    const final = message(hook.body.message_uid);
    await final.and(page.locator('[data-status="error"]')).waitFor();
    assert.match(await textOf(final), /The client blocked this number/);
    assert.equal(await final.getByRole("button", { name: "Retry" }).count(), 0);
  });

  it("loads older history as the reader scrolls up, without moving what is on screen", async () => {
    const olga = await contact(scenario, { first_name: "Olga", last_name: "Berg" }, [whatsapp]);
    const start = Date.parse("2026-03-02T08:00:00Z");
    for (let index = 1; index <= 75; index += 1) {
      const at = new Date(start + index * 7 * 60_000).toISOString().replace("T", " ").slice(0, 19);
      await clientWrites(scenario, olga, whatsapp.uid, `Message number ${index}`, { created_at: at });
    }
    await openThread("Olga Berg");
    const log = page.getByRole("log", { name: "Messages with Olga Berg" });
    await log.getByText("Message number 75", { exact: true }).waitFor();
    const count = () => log.locator("[data-message-uid]").count();
    assert.equal(await count(), 30, "the newest page first");
    const atEnd = await log.evaluate(
      (element) => element.scrollHeight - element.scrollTop - element.clientHeight,
    );
    assert.ok(atEnd < 2, "opens at the latest message");

    for (const expected of [60, 75]) {
      const anchor = log.locator("[data-message-uid]").first();
      const uid = String(await anchor.getAttribute("data-message-uid"));
      // Scroll to the top and measure in one go, before the page can react to the scroll.
      const topBefore = await log.evaluate((element, first) => {
        element.scrollTop = 0;
        return (
          element.querySelector(`[data-message-uid="${first}"]`)?.getBoundingClientRect().top ?? Number.NaN
        );
      }, uid);
      await page.waitForFunction(
        ([selector, wanted]) => document.querySelectorAll(selector).length >= wanted,
        ['[role="log"] [data-message-uid]', expected] as const,
      );
      const topAfter = await message(uid).evaluate((element) => element.getBoundingClientRect().top);
      assert.ok(
        Math.abs(topAfter - topBefore) < 1,
        `the message in view stays put (${topBefore} → ${topAfter})`,
      );
    }
    await log.getByText("This is the start of your conversation with Olga Berg.").waitFor();
    assert.equal(await count(), 75);
  });
});
