import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/server/demo/load.js';
import { choose, containsText, demoForTests, logInAt, openPage, openPhone, PHONES, settled, shot, textOf, typeDate, visible } from './pages.js';

const demo = demoForTests();

/** The dissolution's effective day: back in the past, so the census it changes asks for confirmation. */
const D = '2026-06-15';
const DAY_BEFORE = '2026-06-14';
const D_TEXT = '15/6/2026';

/** "2.596" → 2596. */
const numberIn = (text: string) => Number((/(\d{1,3}(?:\.\d{3})*)/.exec(text)?.[1] ?? 'NaN').replace(/\./g, ''));

const logIn = (page: Page, path: string, username: string) => logInAt(page, demo.url + path, { username, password: DEMO_PASSWORD });

/** The groups the list shows on a day, as its headline says. */
async function listed(page: Page, date: string): Promise<number> {
  await page.goto(`${demo.url}/groups?date=${date}`);
  await visible(page.getByTestId('groups-count'));
  await settled(page);
  return numberIn((await page.getByTestId('groups-count').textContent()) ?? '');
}

/** The census page's total of groups on a day. */
async function censused(page: Page, date: string): Promise<number> {
  await page.goto(`${demo.url}/census?date=${date}`);
  const total = page.getByRole('row', { name: /^Tổng cộng/ }).first();
  await visible(total);
  await settled(page);
  return numberIn((await total.getByRole('cell').nth(1).textContent()) ?? '');
}

describe('one count of the groups standing on a day', () => {
  it('a group dissolved on a day leaves the list and the census together, and the list shows it apart', async () => {
    const { context, page } = await openPage(demo.browser);
    await logIn(page, '/', 'xa.baoan');
    await page.waitForURL((u) => u.pathname === '/');
    // A self-managed group of Bảo An active since before the day (its civil defence team stays).
    const group = await page.evaluate(async (d) => {
      const page = await (await fetch(`/api/groups?date=${d}&status=active&type=to-tu-quan&pageSize=50`)).json();
      return (page.items as { id: string; name: string; statusSince: string }[]).find((g) => g.statusSince < d)!;
    }, D);
    expect(group).toBeTruthy();

    await page.goto(`${demo.url}/groups/${group.id}`);
    await page.getByRole('button', { name: 'Đổi trạng thái' }).click();
    const change = page.getByRole('dialog');
    await choose(page, change, 'Trạng thái mới', 'Đã giải thể');
    await typeDate(change, 'Từ ngày', D_TEXT);
    await change.getByRole('textbox', { name: 'Lý do' }).fill('Khu phố sáp nhập');
    const asked = page.waitForResponse((r) => r.url().endsWith('/status') && r.request().method() === 'POST');
    await change.getByRole('button', { name: 'Đổi trạng thái' }).click();
    // Months back: the censuses since change, so the dialog asks first.
    expect((await asked).status()).toBe(409);
    const saved = page.waitForResponse((r) => r.url().endsWith('/status') && r.request().method() === 'POST');
    await change.getByRole('button', { name: 'Xác nhận thay đổi' }).click();
    expect((await saved).status()).toBe(200);
    await containsText(page.getByRole('region', { name: 'Quá trình hoạt động' }), `Đã giải thể: từ ${D_TEXT}`);

    // On the day: the list's count is the census's, and the group is not among them.
    const onDay = await listed(page, D);
    await shot(page, 'standing-groups-list.png', false);
    expect(onDay).toBe(await censused(page, D));
    await listed(page, D);
    const apart = page.getByTestId('groups-dissolved');
    await containsText(apart, 'đã giải thể tính đến ngày này');
    const dissolvedCount = numberIn((await apart.textContent()) ?? '');
    expect(dissolvedCount).toBeGreaterThanOrEqual(1);
    await page.getByRole('button', { name: 'Xem các tổ, đội đã giải thể' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('status')).toBe('dissolved');
    await textOf(page.getByTestId('groups-count')).toContain(`${dissolvedCount} tổ, đội, mô hình đã giải thể tính đến ngày ${D_TEXT}`);
    await visible(page.getByRole('row', { name: new RegExp(group.name) }));
    await shot(page, 'standing-groups-dissolved.png', false);

    // The day before, it still stands: one more in the list and in the census alike.
    const before = await listed(page, DAY_BEFORE);
    expect(before).toBe(await censused(page, DAY_BEFORE));
    await page.goto(`${demo.url}/groups?date=${DAY_BEFORE}&q=${encodeURIComponent(group.name)}`);
    await containsText(page.getByRole('row', { name: new RegExp(group.name) }), 'Đang hoạt động');
    await context.close();
  });

  it('the nationwide and the province home page: the breakdown shows every line, and its total is the cards’ total', async () => {
    const { context, page } = await openPage(demo.browser);
    /** The cards' total, and the breakdown's total row, once both are on screen. */
    const totals = async () => {
      const cards = page.locator('[data-testid^="dashboard-card-"] [data-testid="groups"]');
      await visible(cards);
      await settled(page);
      const cardsTotal = (await cards.allTextContents()).map(numberIn).reduce((a, b) => a + b, 0);
      const total = page.getByTestId('breakdown-total-groups');
      await visible(total);
      return { cards: cardsTotal, table: numberIn((await total.textContent()) ?? '') };
    };
    await logIn(page, '/', 'quantri');
    await page.waitForURL((u) => u.pathname === '/');
    const nation = await totals();
    expect(nation.cards).toBeGreaterThan(0);
    expect(nation.table).toBe(nation.cards);
    // Groups still waiting in old Ninh Thuận's split communes are Khánh Hòa's: no line without a province.
    expect(await page.getByTestId('breakdown-unsettled').count()).toBe(0);
    await page.getByTestId('breakdown-total').scrollIntoViewIfNeeded();
    await shot(page, 'standing-dashboard-nationwide.png', false);

    // On Khánh Hòa's own page they are a line of their own, in view, and still in the total.
    await page.goto(`${demo.url}/?unit=56`);
    await textOf(page.getByTestId('dashboard-area')).toMatch(/^Tỉnh Khánh Hòa/);
    const province = await totals();
    expect(province.table).toBe(province.cards);
    const unsettled = page.getByTestId('breakdown-unsettled');
    await visible(unsettled);
    await containsText(unsettled, 'Chưa xác định xã/phường');
    await context.close();
  });

  it('a commune’s home page on a phone: “see all” counts the areas, as the card of its units does', async () => {
    const { context, page } = await openPhone(demo.browser, PHONES[1]);
    await logIn(page, '/', 'xa.baoan');
    await page.waitForURL((u) => u.pathname === '/');
    const unitsCard = page.getByRole('button', { name: /^Đơn vị trực thuộc/ });
    await visible(unitsCard);
    await settled(page);
    await expect.poll(async () => numberIn((await unitsCard.textContent())?.replace(/^[^\d]*/, '') ?? '')).toBeGreaterThan(0);
    const units = numberIn((await unitsCard.textContent())?.replace(/^[^\d]*/, '') ?? '');
    const all = page.getByRole('button', { name: /^Xem tất cả/ });
    await visible(all);
    await textOf(all).toBe(`Xem tất cả ${units} địa bàn`);
    // The commune's own groups stay in view beside the first areas, and the total sums every line.
    await visible(page.getByTestId('breakdown-own'));
    const cardsTotal = (await page.locator('[data-testid^="dashboard-card-"] [data-testid="groups"]').allTextContents()).map(numberIn).reduce((a, b) => a + b, 0);
    expect(numberIn((await page.getByTestId('breakdown-total-groups').textContent()) ?? '')).toBe(cardsTotal);
    await page.getByTestId('breakdown-total').scrollIntoViewIfNeeded();
    await shot(page, 'standing-dashboard-phone.png', false);
    await context.close();
  });
});
