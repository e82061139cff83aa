import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/server/demo/load.js';
import { absent, demoForTests, logInAt, openPage, shot, textOf, typeDate, visible } from './pages.js';

const demo = demoForTests();

const logIn = (page: Page, path: string, username: string) => logInAt(page, demo.url + path, { username, password: DEMO_PASSWORD });
const NINH_THUAN_2018 = ['Thành phố Phan Rang-Tháp Chàm', 'Huyện Bác Ái', 'Huyện Ninh Sơn', 'Huyện Ninh Hải', 'Huyện Ninh Phước', 'Huyện Thuận Bắc', 'Huyện Thuận Nam'];

describe('census in other administrative boundaries', () => {
  it('counts January 2026 in Ninh Thuận’s districts of 30/4/2018, and marks the census as reported', async () => {
    const { context, page } = await openPage(demo.browser);
    await logIn(page, '/census?date=2026-01', 'tinh.khanhhoa');
    await textOf(page.getByTestId('census-sentence')).toMatch(/^Tính đến tháng 1-2026, toàn tỉnh có /);
    await absent(page.getByTestId('census-boundaries'));

    // Another day's boundaries: the area picker then offers the units of that day.
    await typeDate(page.locator('main'), 'Theo địa giới hành chính ngày', '30/4/2018');
    await expect.poll(() => new URL(page.url()).searchParams.get('boundaries')).toBe('2018-04-30');
    await page.getByRole('combobox', { name: 'Địa bàn' }).fill('ninh thuan');
    await page.getByRole('option', { name: /^Tỉnh Ninh Thuận/ }).first().click();
    await textOf(page.getByTestId('census-sentence')).toMatch(/^Tính đến tháng 1-2026, theo địa giới hành chính ngày 30\/4\/2018, toàn tỉnh có \d/);
    await textOf(page.getByTestId('census-boundaries')).toContain('theo địa giới hành chính ngày 30/4/2018');
    for (const name of NINH_THUAN_2018) await visible(page.getByRole('button', { name, exact: true }));

    // The figures are those of the day: today's Khánh Hòa holds every group of the former Ninh Thuận.
    const sentence = (await page.getByTestId('census-sentence').textContent())!;
    const total = Number(/có ([\d.]+) Tổ nhân dân tự quản/.exec(sentence)![1]!.replace(/\./g, ''));
    expect(total).toBeGreaterThan(2000);

    const status = page.getByTestId('census-report-status');
    await textOf(status).toContain('Chưa đánh dấu đã báo cáo');
    await status.getByRole('button', { name: 'Đánh dấu đã báo cáo' }).click();
    await textOf(status).toContain('Đánh dấu đã báo cáo bởi Võ Thị Hòa');
    await visible(status.getByText('Đã báo cáo', { exact: true }));
    await absent(status.getByRole('button', { name: 'Đánh dấu đã báo cáo' }));
    // An export is recorded too.
    await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Xuất Excel' }).click()]);
    await textOf(status).toContain('Đã xuất 1 lần');
    await shot(page, 'census-boundaries-1366.png');

    // Back to the figures' own boundaries.
    await page.getByRole('button', { name: 'Dùng địa giới của ngày số liệu' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('boundaries')).toBeNull();
    await context.close();
  });

  it('opens the former Ninh Thuận in its own boundaries for its staff, on a phone, and shows what was reported', async () => {
    const { context, page } = await openPage(demo.browser, { width: 390, height: 844 });
    await logIn(page, '/census?unit=58&date=2026-01', 'tinh.ninhthuan');
    // Ninh Thuận has no unit in January 2026: the page says to choose the day of its boundaries.
    await visible(page.getByText('Không có địa bàn này vào ngày đã chọn'));
    await typeDate(page.locator('main'), 'Theo địa giới hành chính ngày', '30/4/2018');
    await textOf(page.getByTestId('census-sentence')).toMatch(/^Tính đến tháng 1-2026, theo địa giới hành chính ngày 30\/4\/2018, toàn tỉnh có /);
    await visible(page.getByRole('button', { name: /^Huyện Bác Ái/ }));
    await textOf(page.getByTestId('census-report-status')).toContain('Đánh dấu đã báo cáo bởi Võ Thị Hòa');
    await shot(page, 'census-boundaries-390.png');
    await context.close();
  });

  it('shows April 2018 in today’s communes, a split commune’s unplaced groups on a line flagged as not exactly divisible', async () => {
    const { context, page } = await openPage(demo.browser);
    await logIn(page, '/census?unit=56&date=2018-04&boundaries=2026-01-01', 'tinh.khanhhoa');
    await textOf(page.getByTestId('census-sentence')).toMatch(/^Tính đến tháng 4-2018, theo địa giới hành chính ngày 1\/1\/2026, toàn tỉnh có /);
    const inexact = page.locator('[data-inexact]');
    await visible(inexact);
    await textOf(inexact).toContain('Phường Đông Hải (đến 30/6/2025)');
    await textOf(inexact).toContain('Không tách chính xác được');
    await textOf(inexact).toContain('Có thể thuộc: Phường Đông Hải, Xã Phước Dinh');
    // Such a line names a unit of the figures' date: it does not open as a sub-area.
    await absent(inexact.getByRole('button'));
    await visible(page.getByRole('button', { name: 'Phường Bảo An', exact: true }));
    await shot(page, 'census-boundaries-inexact-1366.png');
    // On a phone the line is a card of its own, flagged the same way.
    await page.setViewportSize({ width: 390, height: 844 });
    await textOf(page.locator('[data-inexact]')).toContain('Không tách chính xác được');
    await page.locator('[data-inexact]').first().scrollIntoViewIfNeeded();
    await shot(page, 'census-boundaries-inexact-390.png', false);
    await context.close();
  });
});
