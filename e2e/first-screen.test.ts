import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/server/demo/load.js';
import { demoForTests, logInAt, visible } from './pages.js';

/**
 * The first screens a village group leader opens, the login page and their home page, on a phone,
 * each download at most 300 KB of script and CSS as the server sends them (compressed, for the
 * browser's own Accept-Encoding), with an empty cache. What counts is every script and style
 * sheet asked for before the page could be used (the login form, the home page's counts per
 * type on screen); the home page's pickers and charts come after, and are reported beside.
 */

const demo = demoForTests();
const BUDGET = 300 * 1024;
const PHONE = { width: 360, height: 740 };

/** Where the page is usable: the login form; on the home page, the counts of the first type. */
const USABLE = { login: 'form input[name="username"]', home: '[data-testid^="dashboard-card-"]' };

interface Received {
  path: string;
  /** What crossed the network: headers and the compressed body. */
  transfer: number;
  /** The compressed body alone, and the same decoded. */
  body: number;
  decoded: number;
  beforeUsable: boolean;
}

/** A phone in Vietnamese, noting in the page when `selector` first matches (a string: the page runs it as it is). */
async function phoneNoting(selector: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await demo.browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'vi-VN' });
  await context.addInitScript(`
    new MutationObserver((_, observer) => {
      if (document.querySelector(${JSON.stringify(selector)})) {
        window.__usable = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  `);
  return { context, page: await context.newPage() };
}

/** Every script and style sheet the page received, from its resource timing, once its network is quiet. */
async function received(page: Page): Promise<Received[]> {
  await page.waitForLoadState('networkidle');
  return page.evaluate(`(() => {
    const usable = window.__usable;
    return performance.getEntriesByType('resource')
      .filter((e) => /\\.(js|css)$/.test(new URL(e.name).pathname))
      .map((e) => ({
        path: new URL(e.name).pathname,
        transfer: e.transferSize,
        body: e.encodedBodySize,
        decoded: e.decodedBodySize,
        beforeUsable: usable !== undefined && e.startTime < usable,
      }));
  })()`);
}

const sum = (files: Received[], key: 'transfer' | 'body' | 'decoded') => files.reduce((total, f) => total + f[key], 0);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function report(name: string, files: Received[]): Received[] {
  const first = files.filter((f) => f.beforeUsable);
  const after = files.filter((f) => !f.beforeUsable);
  console.log(
    `${name}: ${kb(sum(first, 'transfer'))} received for the first screen in ${first.length} files ` +
      `(${kb(sum(first, 'body'))} of compressed bodies, ${kb(sum(first, 'decoded'))} decoded); ` +
      `then ${kb(sum(after, 'transfer'))} in ${after.length} files: ${after.map((f) => f.path.replace('/assets/', '')).join(' ')}`,
  );
  return first;
}

describe('first screen', () => {
  it('downloads at most 300 KB of script and CSS for the login page', async () => {
    const { context, page } = await phoneNoting(USABLE.login);
    await page.goto(`${demo.url}/login`);
    await visible(page.getByLabel('Tên đăng nhập'));
    const first = report('login', await received(page));
    expect(first.length).toBeGreaterThan(0);
    // Sent compressed, not as built.
    expect(sum(first, 'body')).toBeLessThan(sum(first, 'decoded') / 2);
    expect(sum(first, 'transfer')).toBeLessThanOrEqual(BUDGET);
    await context.close();
  });

  it("downloads at most 300 KB of script and CSS for a group leader's home page", async () => {
    const { context, page } = await phoneNoting(USABLE.home);
    await logInAt(page, `${demo.url}/`, { username: 'to.baoan', password: DEMO_PASSWORD });
    await visible(page.getByTestId('dashboard'));
    // Signed in; now the home page opened afresh, as on the next visit with an empty cache.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.clearBrowserCache');
    await page.reload();
    await visible(page.locator(USABLE.home));
    await expect.poll(() => page.getByTestId('dashboard-trend').count(), { timeout: 20_000 }).toBe(1);
    const first = report('home', await received(page));
    expect(first.length).toBeGreaterThan(0);
    expect(sum(first, 'body')).toBeLessThan(sum(first, 'decoded') / 2);
    expect(sum(first, 'transfer')).toBeLessThanOrEqual(BUDGET);
    await context.close();
  });
});
