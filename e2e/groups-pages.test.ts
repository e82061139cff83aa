import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/server/demo/load.js';
import { demoForTests, logInAt, openPage, openPhone, PHONES, settled, shot, visible } from './pages.js';

const demo = demoForTests();

/** The footer's range, "26–50 trong tổng số 84": from, to and total. */
async function range(page: Page): Promise<number[]> {
  const text = (await page.getByText(/trong tổng số|trong hơn/).first().textContent()) ?? '';
  return (text.match(/\d+(?:\.\d{3})*/g) ?? []).map((n) => Number(n.replace(/\./g, '')));
}

/** The groups shown, by the ids their links lead to (two groups may share a name). */
async function shownIds(page: Page): Promise<string[]> {
  const hrefs = await page.locator('a[href^="/groups/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  return [...new Set(hrefs.map((h) => /^\/groups\/([0-9a-f-]{36})/.exec(h)?.[1]).filter((id): id is string => !!id))];
}

describe('the groups list, page by page', () => {
  it('walks forward and back by cursor, and starts again when a filter changes; on a phone it fits the screen', async () => {
    const { context, page } = await openPage(demo.browser);
    await logInAt(page, `${demo.url}/`, { username: 'tinh.khanhhoa', password: DEMO_PASSWORD });
    await page.waitForURL((u) => u.pathname === '/');
    await page.goto(`${demo.url}/groups`);
    await visible(page.getByTestId('groups-count'));
    await settled(page);
    const [from, to, total] = await range(page);
    expect([from, to]).toEqual([1, 25]);
    expect(total).toBeGreaterThan(25);
    const first = await shownIds(page);
    await page.getByRole('button', { name: 'Trang sau' }).click();
    await settled(page);
    expect((await range(page)).slice(0, 2)).toEqual([26, Math.min(50, total!)]);
    const second = await shownIds(page);
    expect(second.filter((n) => first.includes(n))).toEqual([]);
    await shot(page, 'groups-page-2.png');
    await page.getByRole('button', { name: 'Trang trước' }).click();
    await settled(page);
    expect(await shownIds(page)).toEqual(first);
    await page.getByRole('button', { name: 'Trang sau' }).click();
    await settled(page);
    // Another order starts from its first page.
    await page.goto(`${demo.url}/groups?sort=foundedOn`);
    await settled(page);
    expect((await range(page)).slice(0, 2)).toEqual([1, 25]);
    await context.close();

    const phone = await openPhone(demo.browser, PHONES[0]);
    await logInAt(phone.page, `${demo.url}/`, { username: 'tinh.khanhhoa', password: DEMO_PASSWORD });
    await phone.page.waitForURL((u) => u.pathname === '/');
    await phone.page.goto(`${demo.url}/groups`);
    await visible(phone.page.getByTestId('groups-count'));
    await settled(phone.page);
    await phone.page.getByRole('button', { name: 'Trang sau' }).click();
    await settled(phone.page);
    expect((await range(phone.page)).slice(0, 2)).toEqual([26, Math.min(50, total!)]);
    const wide = await phone.page.evaluate(() => document.documentElement.scrollWidth);
    expect(wide).toBeLessThanOrEqual(PHONES[0].width);
    await shot(phone.page, 'groups-page-2-phone.png');
    await phone.context.close();
  });
});
