import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/server/demo/load.js';
import { demoForTests, logInAt, shot, textOf, visible } from './pages.js';

const demo = demoForTests();

const logIn = (page: Page, path: string) => logInAt(page, demo.url + path, { username: 'tinh.khanhhoa', password: DEMO_PASSWORD });

/** Opens the month field and walks its calendar back to a month: year 2018, then "Th04". */
async function pickMonth(page: Page, year: number, month: number): Promise<void> {
  await page.getByRole('button', { name: 'Tháng', exact: true }).click();
  const dropdown = page.locator('.mantine-Popover-dropdown:visible');
  await visible(dropdown);
  const level = dropdown.locator('[class*="calendarHeaderLevel"]').first();
  for (let i = 0; i < 20; i++) {
    const shown = Number((await level.textContent())?.trim());
    if (shown === year) break;
    await dropdown.locator(shown > year ? '[data-direction="previous"]' : '[data-direction="next"]').first().click();
  }
  await dropdown.getByRole('button', { name: `Th${String(month).padStart(2, '0')}`, exact: true }).click();
}

describe('census', () => {
  it('reads the April 2018 report sentence of Ninh Thuận and drills down to a city', async () => {
    const context = await demo.browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'vi-VN' });
    const page = await context.newPage();
    await logIn(page, '/census');
    await visible(page.getByRole('heading', { name: 'Thống kê mô hình' }));
    await visible(page.getByTestId('census-sentence'));

    // The month first: the area picker offers the units of the page's date.
    await pickMonth(page, 2018, 4);
    await expect.poll(() => new URL(page.url()).searchParams.get('date')).toBe('2018-04');
    await textOf(page.getByRole('textbox', { name: 'Tháng' }).or(page.getByRole('button', { name: 'Tháng' }))).toContain('tháng 4-2018');

    await page.getByRole('combobox', { name: 'Địa bàn' }).fill('ninh thuan');
    await page.getByRole('option', { name: /^Tỉnh Ninh Thuận/ }).first().click();
    await textOf(page.getByTestId('census-sentence')).toBe(
      'Tính đến tháng 4-2018, toàn tỉnh có 2.596 Tổ nhân dân tự quản với 4.425 thành viên, 20 đội dân phòng với 373 thành viên, 76 tổ an ninh xung kích với 612 thành viên và 113 tộc họ tự quản về ANTT.',
    );
    // The router writes a code that looks like a number in quotes ("58"), to read it back as text.
    expect(new URL(page.url()).searchParams.get('unit')?.replace(/"/g, '')).toBe('58');
    // The same census as a workbook, opened.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Xuất Excel' }).click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Theo địa bàn']);
    expect(String(wb.worksheets[0]!.getCell(1, 1).value)).toContain('2.596 Tổ nhân dân tự quản với 4.425 thành viên');
    await shot(page, 'census-1366.png');

    await page.getByRole('button', { name: 'Thành phố Phan Rang-Tháp Chàm', exact: true }).click();
    await textOf(page.getByTestId('census-sentence')).toMatch(/^Tính đến tháng 4-2018, toàn thành phố có /);
    await expect.poll(() => page.getByRole('combobox', { name: 'Địa bàn' }).inputValue()).toContain('Phan Rang-Tháp Chàm');
    await context.close();
  });

  it('shows the sub-areas as cards on a phone', async () => {
    const context = await demo.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN', isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await logIn(page, '/census?unit=58&date=2018-04');
    await textOf(page.getByTestId('census-sentence')).toContain('toàn tỉnh có 2.596 Tổ nhân dân tự quản');
    await visible(page.getByRole('button', { name: /^Thành phố Phan Rang-Tháp Chàm/ }));
    await shot(page, 'census-390.png');
    await page.getByRole('button', { name: /^Thành phố Phan Rang-Tháp Chàm/ }).click();
    await textOf(page.getByTestId('census-sentence')).toMatch(/^Tính đến tháng 4-2018, toàn thành phố có /);
    await context.close();
  });
});
