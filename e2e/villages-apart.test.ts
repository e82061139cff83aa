import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/server/demo/load.js';
import { demoForTests, logInAt, settled, shot, typeDate, visible } from './pages.js';

const demo = demoForTests();

const logIn = (page: Page, path: string) => logInAt(page, demo.url + path, { username: 'xa.baoan', password: DEMO_PASSWORD });

/** The names of the census's lines by sub-area, as the page shows them. */
async function censusLines(page: Page, date: string): Promise<string> {
  await page.goto(`${demo.url}/census?unit=22741&date=${date}`);
  await visible(page.getByTestId('census-sentence'));
  await settled(page);
  return (await page.locator('main').textContent()) ?? '';
}

/**
 * Phường Bảo An was formed in 2025 from Phước Mỹ and the old Bảo An, each with its Khu phố 1:
 * the commune's officer tells them apart in the area picker, and renames one from a date.
 */
describe('villages of one name, and a village renamed', () => {
  it('offers the two "Khu phố 1" of Bảo An apart, and renames one with the old name kept before the date', async () => {
    const context = await demo.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    const page = await context.newPage();
    await logIn(page, '/groups');
    const picker = page.getByRole('combobox', { name: 'Địa bàn' }).first();
    await visible(picker);
    await picker.fill('khu pho 1');
    const fromBaoAn = page.getByRole('option', { name: /^Khu phố 1 \(Bảo An cũ\)/ });
    const fromPhuocMy = page.getByRole('option', { name: /^Khu phố 1 \(Phước Mỹ cũ\)/ });
    await visible(fromBaoAn);
    await visible(fromPhuocMy);
    expect(await page.getByRole('option', { name: /^Khu phố 1\b/ }).count()).toBe(2);
    await shot(page, 'villages-apart-picker.png', false);

    // The one from the old Bảo An filters the list; its page is where it is renamed.
    await fromBaoAn.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('unitId')).toBeTruthy();
    const id = new URL(page.url()).searchParams.get('unitId')!.replace(/"/g, '');
    await page.goto(`${demo.url}/units/${id}`);
    await visible(page.getByRole('heading', { name: 'Khu phố 1' }));
    await visible(page.getByText('Khu phố 1 (Bảo An cũ)'));
    await page.getByRole('button', { name: 'Đổi tên', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Đổi tên thôn, tổ dân phố' });
    await visible(dialog);
    await dialog.getByRole('textbox', { name: 'Tên mới' }).fill('Khu phố Bảo An');
    await typeDate(dialog, 'Từ ngày', '1/10/2026');
    await dialog.getByRole('textbox', { name: 'Lý do, căn cứ' }).fill('Nghị quyết của HĐND tỉnh về đặt tên khu phố');
    await dialog.getByRole('textbox', { name: 'Số quyết định' }).fill('15/NQ-HĐND');
    await shot(page, 'villages-apart-rename.png', false);
    await dialog.getByRole('button', { name: 'Đổi tên', exact: true }).click();
    // October is more than a month back: the censuses that name the village then are shown first.
    await visible(dialog.getByText('Số liệu thống kê đã qua sẽ thay đổi'));
    await dialog.getByRole('button', { name: 'Xác nhận thay đổi' }).click();
    await visible(page.getByRole('heading', { name: 'Khu phố Bảo An' }));
    await visible(page.getByText('Lý do: Nghị quyết của HĐND tỉnh về đặt tên khu phố · Quyết định số 15/NQ-HĐND'));
    await shot(page, 'villages-apart-renamed.png');

    // The census of September names it as it was, beside its namesake; today's by its new name.
    const september = await censusLines(page, '2026-09');
    expect(september).toContain('Khu phố 1 (Bảo An cũ)');
    expect(september).toContain('Khu phố 1 (Phước Mỹ cũ)');
    expect(september).not.toContain('Khu phố Bảo An');
    await shot(page, 'villages-apart-census-september.png');
    const now = await censusLines(page, '2026-12');
    expect(now).toContain('Khu phố Bảo An');
    expect(now).not.toContain('Khu phố 1 (Bảo An cũ)');
    expect(now).not.toContain('Khu phố 1 (Phước Mỹ cũ)');
    await shot(page, 'villages-apart-census-now.png');
    await context.close();
  });
});
