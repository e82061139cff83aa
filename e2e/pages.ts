import { execSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { ADMIN, launchBrowser, startServer, type RunningServer } from './harness.js';

/** The pages are served from the build; a fresh clone has none yet. */
export function ensureWebBuilt(): void {
  const dir = process.env.WEB_DIR;
  if (existsSync(resolve(dir || 'dist/web', 'index.html'))) return;
  execSync(`npx vite build --logLevel warn${dir ? ` --outDir ${JSON.stringify(resolve(dir))} --emptyOutDir` : ''}`, { stdio: 'inherit' });
}

/**
 * The demo server and a browser for one test file: started before its tests, closed after them.
 * Read `url` and `browser` inside the tests.
 */
export function demoForTests(): { readonly url: string; readonly browser: Browser } {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer({ demo: true });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get url() {
      return server!.url;
    },
    get browser() {
      return browser!;
    },
  };
}

/* playwright-core has no web-first assertions; these wait the same way. */
export const visible = (l: Locator, timeout = 10_000) => l.first().waitFor({ state: 'visible', timeout });
export const textOf = (l: Locator) => expect.poll(async () => (await l.first().textContent()) ?? '', { timeout: 15_000 });
export const containsText = (l: Locator, text: string) => textOf(l).toContain(text);
export const absent = (l: Locator) => expect.poll(() => l.count(), { timeout: 10_000 }).toBe(0);

/** A screenshot into the folder SHOTS names, when it names one (to look at the pages). */
export async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  const dir = process.env.SHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: resolve(dir, name), fullPage });
}

/** A fresh browser context (no cookies) in Vietnamese, and a page in it. */
export async function openPage(browser: Browser, viewport = { width: 1366, height: 800 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'vi-VN' });
  const page = await context.newPage();
  return { context, page };
}

/** The phones the layout is checked on: a small Android (360 × 800) and a common one (390 × 844). */
export const PHONES = [
  { width: 360, height: 800 },
  { width: 390, height: 844 },
] as const;

/** A fresh phone context (touch, a pixel ratio of 2) in Vietnamese, and a page in it. */
export async function openPhone(browser: Browser, viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'vi-VN' });
  const page = await context.newPage();
  return { context, page };
}

/**
 * Waits until the page has loaded: its heading is there, no grey bars or spinners are left, and
 * its height has stayed the same for half a second (a route's loader appears only after 150 ms).
 */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  let last = -1;
  let still = 0;
  await expect
    .poll(
      async () => {
        const { busy, height } = await page.evaluate(() => ({
          busy:
            document.querySelectorAll('[aria-busy="true"], .mantine-Skeleton-root[data-visible], .mantine-Loader-root').length > 0 ||
            !document.querySelector('main h1, main h2, main h3'),
          height: document.documentElement.scrollHeight,
        }));
        still = !busy && height === last ? still + 1 : 0;
        last = height;
        return still >= 2;
      },
      { timeout: 20_000, interval: 250 },
    )
    .toBe(true);
}

/** Goes to a page and logs in on the login screen it leads to. */
export async function logInAt(page: Page, url: string, user: { username: string; password: string } = ADMIN): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Tên đăng nhập').fill(user.username);
  await page.getByLabel('Mật khẩu').fill(user.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

/** Types a date into a date field (11/5/2018), then leaves it, as a user would. */
export async function typeDate(scope: Locator, label: string, text: string): Promise<void> {
  const field = scope.getByRole('textbox', { name: label });
  await field.fill(text);
  await field.press('Tab');
}

/** Opens a select and picks an option. */
export async function choose(page: Page, scope: Locator, label: string, option: string): Promise<void> {
  await scope.getByRole('textbox', { name: label }).or(scope.getByRole('combobox', { name: label })).first().click();
  await page.getByRole('option', { name: option, exact: true }).click();
}
