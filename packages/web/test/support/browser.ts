import { existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";

/** Debian's Chromium; tests never download a browser of their own. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 740 };

/** One browser window as a person at a desk uses it: English, one time zone, a real size. */
export async function openWindow(
  browser: Browser,
  baseURL: string,
  viewport = DESKTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    viewport,
    locale: "en-GB",
    timezoneId: "UTC",
    deviceScaleFactor: viewport === PHONE ? 2 : 1,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => {
    // Chrome logs every 4xx answer (a signed-out `me`, say); the tests check answers themselves.
    if (message.text().startsWith("Failed to load resource")) return;
    if (message.type() === "error" || message.type() === "warning") pageErrors.push(message.text());
  });
  return { context, page };
}

/** What the pages logged as an error or warning (uncaught exceptions, React, CSP), for tests to refuse. */
export const pageErrors: string[] = [];

export async function signInOnPage(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Conversations" }).waitFor();
}

/** Waits until the page's realtime feed is connected (the header's live dot). */
export async function waitForLive(page: Page): Promise<void> {
  await page.getByRole("status").filter({ hasText: "Live updates on" }).waitFor({ state: "attached" });
}

// The README's pictures are refreshed on request (UPDATE_SCREENSHOTS=1), so that an ordinary test run
// leaves the work tree as it found it; otherwise they go to a temporary folder to look at.
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS
  ? join(import.meta.dirname, "..", "..", "..", "..", "docs", "screenshots")
  : join(tmpdir(), "tandem-screenshots");

/** Saves a picture of the page for the README (and for a person to judge the design by). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // No hover left over from the last click; fonts settled; so pictures change only when the page does.
  await page.mouse.move(0, 0);
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), caret: "hide", animations: "disabled" });
}

/** What a piece of the page says, including what only screen readers hear. */
export const textOf = async (locator: Locator): Promise<string> => (await locator.textContent()) ?? "";
