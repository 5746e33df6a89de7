import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { eventually, spawnTandem, type TandemProcess } from "@tandem/test-support";
import type { Browser, Page } from "playwright-core";
import {
  launchBrowser,
  openWindow,
  pageErrors,
  screenshot,
  signInOnPage,
  textOf,
  waitForLive,
} from "../../web/test/support/browser.ts";
import type { SandboxState } from "../src/wire.ts";

const DEMO_EMAIL = "demo@tandem.local";

/**
 * The newcomer's minute, in Chromium: Tandem started as `npm start` starts it (the demo on, a fresh
 * data folder), the sandbox's phones in one window and the conversation page in another.
 */
describe("the sandbox page beside the conversation page", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tandem-sandbox-pages-"));
  let server: TandemProcess;
  let browser: Browser;
  let phones: Page;
  let staff: Page;

  const phone = () => phones.getByRole("region", { name: "Lena Fischer's phone" });
  const onPhone = (direction: "from_client" | "to_client", text: string) =>
    phone().locator(`[data-direction="${direction}"]`, { hasText: text });
  const onStaffPage = (direction: "client_to_business" | "business_to_client", text: string) =>
    staff.locator(`article[data-direction="${direction}"]`, { hasText: text });
  const staffSends = async (text: string) => {
    const field = staff.getByLabel("Message to Lena Fischer");
    await field.fill(text);
    await field.press("Enter");
    await onStaffPage("business_to_client", text).waitFor();
  };
  const networkSwitch = () => phones.getByRole("switch", { name: "Network down" });

  before(async () => {
    server = await spawnTandem({
      TANDEM_DATA_DIR: dataDir,
      TANDEM_DEMO: "true",
      NODE_ENV: "development",
    });
    // Tandem is ready first; the sandbox sets itself up right after, over Tandem's API.
    await eventually(async () => {
      const answer = await fetch(`${server.url}/sandbox/api/state`);
      return answer.ok && ((await answer.json()) as SandboxState).status.ready;
    }, 20_000);
    browser = await launchBrowser();
    ({ page: phones } = await openWindow(browser, server.url));
    ({ page: staff } = await openWindow(browser, server.url));
    await phones.goto("/sandbox");
    await phones.getByRole("status").filter({ hasText: "Connected to Tandem" }).waitFor({ timeout: 20_000 });
    const password = readFileSync(join(dataDir, "demo-password"), "utf8").trim();
    await signInOnPage(staff, DEMO_EMAIL, password);
    await waitForLive(staff);
  });

  after(async () => {
    await browser?.close();
    await server?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("opens lived in: the demo's clients on both pages, one unread", async () => {
    const contacts = phones.getByRole("complementary", { name: "Contacts" });
    for (const name of ["Clara Jones", "Marco Rossi", "Aiko Tanaka"]) {
      await contacts.getByRole("button", { name: new RegExp(name) }).waitFor();
    }
    const inbox = staff.getByRole("navigation", { name: "Conversations" });
    await inbox.getByRole("link", { name: /Aiko Tanaka/ }).waitFor();
    assert.match(await textOf(inbox.getByRole("link", { name: /Aiko Tanaka/ })), /1\s*unread/);
    assert.doesNotMatch(await textOf(inbox.getByRole("link", { name: /Clara Jones/ })), /unread/);
  });

  it("carries a conversation: the client writes, staff see it live and answer, the phone reads, the ticks turn blue", async () => {
    const form = phones.getByRole("form", { name: "New contact" });
    await form.getByLabel("Name").fill("Lena Fischer");
    await form.getByLabel("Phone").fill("+49 151 2345678");
    await form.getByLabel("Email").fill("lena@example.de");
    await form.getByRole("button", { name: "Add and open phone" }).click();
    const composer = phone().getByLabel("Message from Lena Fischer");
    await composer.fill("Hi! Is the shop open on Sunday?");
    await composer.press("Enter");
    await onPhone("from_client", "open on Sunday").and(phones.locator('[data-status="pending"]')).waitFor();

    const row = staff
      .getByRole("navigation", { name: "Conversations" })
      .getByRole("link", { name: /Lena Fischer/ });
    await row.filter({ hasText: "open on Sunday" }).waitFor();
    await row.click();
    await onStaffPage("client_to_business", "open on Sunday").waitFor();
    // Staff have it open: the phone shows it read.
    await onPhone("from_client", "open on Sunday").and(phones.locator('[data-status="read"]')).waitFor();

    // Typing both ways.
    await composer.pressSequentially("Also", { delay: 30 });
    await staff.getByTestId("client-typing").filter({ hasText: "Lena Fischer is typing" }).waitFor();
    await composer.fill("");
    await staff.getByLabel("Message to Lena Fischer").pressSequentially("Let me", { delay: 30 });
    await phone().getByTestId("staff-typing").waitFor();

    await staffSends("Yes, from 10 to 4.");
    await onPhone("to_client", "from 10 to 4").waitFor();
    const ticks = onStaffPage("business_to_client", "from 10 to 4").locator("[data-status]");
    await staff
      .locator('article[data-direction="business_to_client"][data-status="read"]', {
        hasText: "from 10 to 4",
      })
      .waitFor();
    const colour = await ticks.evaluate((element) => getComputedStyle(element).color);
    assert.equal(colour, "rgb(11, 92, 196)", "blue ticks");
    // Two phones side by side for the picture: Lena's and Clara's, whose history has a photo.
    for (const name of ["Aiko Tanaka", "Marco Rossi"]) {
      const close = phones.getByRole("button", { name: `Close ${name}'s phone` });
      if (await close.count()) await close.click();
    }
    await phones.getByRole("button", { name: /Clara Jones/ }).click();
    await phones
      .getByRole("region", { name: "Clara Jones's phone" })
      .getByRole("img", { name: "gate.svg" })
      .waitFor();
    await screenshot(phones, "sandbox-phones");
    await screenshot(staff, "sandbox-conversation");
  });

  it("holds staff messages while the network is down and delivers both, in order, once it is up", async () => {
    await networkSwitch().click();
    await phones.getByRole("switch", { name: "Network down", checked: true }).waitFor();
    await staffSends("First: your order is ready.");
    await staffSends("Second: we wrapped it as a gift.");
    // Tandem keeps them and retries: the page says so; nothing reaches the phone.
    await staff.locator("[data-retrying]").first().waitFor();
    assert.equal(await onPhone("to_client", "your order is ready").count(), 0);

    await networkSwitch().click();
    await phones.getByRole("switch", { name: "Network down", checked: false }).waitFor();
    await onPhone("to_client", "wrapped it as a gift").waitFor();
    const arrived = await phone().locator('[data-direction="to_client"]').allTextContents();
    const first = arrived.findIndex((text) => text.includes("your order is ready"));
    const second = arrived.findIndex((text) => text.includes("wrapped it as a gift"));
    assert.ok(first >= 0 && first < second, `in order: ${JSON.stringify(arrived)}`);
    await staff
      .locator('article[data-direction="business_to_client"][data-status="read"]', {
        hasText: "wrapped it as a gift",
      })
      .waitFor();
  });

  it("logged no errors on either page", () => {
    assert.deepEqual(pageErrors, []);
  });
});
