import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startServer, type RunningServer } from './harness.js';
import { containsText, ensureWebBuilt, logInAt, visible } from './pages.js';


const HEADERS = [
  'Mã địa bàn (thôn hoặc xã)',
  'Tên tổ, đội',
  'Loại mô hình',
  'Ngày thành lập',
  'Số quyết định',
  'Ngày quyết định',
  'Cơ quan ban hành',
  'Họ và tên thành viên',
  'Giới tính',
  'Ngày sinh',
  'Số CCCD',
  'Điện thoại',
  'Vai trò',
  'Ngày vào tổ',
];
const GROUP_A = 'Tổ nhân dân tự quản khu phố 3';
const GROUP_B = 'Tổ an ninh xung kích khu phố 3';
const TYPE_A = 'Tổ nhân dân tự quản';
const TYPE_B = 'Tổ an ninh xung kích';

type Row = (string | number | null)[];

/**
 * Two groups of Phường Đô Vinh (22738) founded 11/5/2018, with members, under two title rows as
 * offices write them. Rows 6 and 8 carry the mistakes when `broken`: a 31 February, an unknown type.
 */
function rows(broken: boolean): Row[] {
  const a = ['22738', GROUP_A, TYPE_A, '11/5/2018', '125/QĐ-UBND', '11/5/2018', 'UBND phường Đô Vinh'];
  const b = ['22738', GROUP_B, TYPE_B, '11/5/2018', null, null, null];
  return [
    [...a, 'Nguyễn Văn An', 'Nam', '15/3/1975', null, '912345678', 'Tổ trưởng', null], // row 4
    [...a, 'Trần Thị Bình', 'Nữ', '1980', null, '0987 654 321', 'Tổ phó', null], // row 5
    [...a, 'Lê Văn Cường', 'Nam', '2/9/1990', null, null, 'Thành viên', broken ? '31/2/2019' : '28/2/2019'], // row 6
    [...b, 'Phạm Văn Dũng', 'Nam', '1985', null, '0905111222', 'Đội trưởng', null], // row 7
    [...(broken ? [...b.slice(0, 2), 'Tổ bay đêm', ...b.slice(3)] : b), 'Hoàng Văn Em', 'Nam', '1992', null, null, null, null], // row 8
  ];
}

async function writeWorkbook(path: string, broken: boolean): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Danh sách');
  ws.addRow(['DANH SÁCH TỔ, ĐỘI VÀ THÀNH VIÊN PHƯỜNG ĐÔ VINH']); // row 1
  ws.addRow(['(Kèm theo báo cáo năm 2026)']); // row 2
  ws.addRow(HEADERS); // row 3
  for (const r of rows(broken)) ws.addRow(r);
  await wb.xlsx.writeFile(path);
}

let server: RunningServer;
let browser: Browser;
let dir = '';

beforeAll(async () => {
  ensureWebBuilt();
  server = await startServer();
  browser = await launchBrowser();
  dir = mkdtempSync(join(tmpdir(), 'tq-groups-import-'));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const logIn = (page: Page, path: string) => logInAt(page, server.url + path);

/** Chooses the file and waits for the preview's answer. */
async function upload(page: Page, path: string): Promise<void> {
  const previewed = page.waitForResponse((r) => r.url().includes('/api/groups/import?commit=false'));
  await page.locator('input[type="file"]').setInputFiles(path);
  expect((await previewed).status()).toBe(200);
}

describe('groups from a spreadsheet', () => {
  it('previews a sheet with errors, imports the corrected one, lists and exports the groups', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'vi-VN', acceptDownloads: true });
    const page = await context.newPage();
    await logIn(page, '/groups');
    await page.waitForURL(/\/groups$/);
    await page.getByRole('link', { name: 'Nhập từ Excel' }).click();
    await page.waitForURL(/\/groups\/import$/);
    await visible(page.getByRole('heading', { name: 'Nhập tổ, đội và thành viên từ bảng tính' }));
    // No template to download: the expected columns are on the page.
    const columns = page.getByRole('region', { name: 'Các cột hệ thống đọc được' });
    for (const h of ['Mã địa bàn (thôn hoặc xã)', 'Họ và tên thành viên', 'Ngày vào tổ']) await containsText(columns, h);

    // The sheet with two mistakes: each shown with its row, nothing can be confirmed.
    const broken = join(dir, 'to-doi-do-vinh.xlsx');
    await writeWorkbook(broken, true);
    await upload(page, broken);
    const errors = page.getByRole('table', { name: 'Các lỗi trong tệp' });
    await visible(errors);
    const dateError = errors.getByRole('row', { name: /Ngày vào tổ/ });
    await containsText(dateError, '6');
    await containsText(dateError, 'Ngày không hợp lệ');
    const typeError = errors.getByRole('row', { name: /Loại mô hình/ });
    await containsText(typeError, '8');
    await containsText(typeError, 'Không có loại mô hình này');
    await containsText(page.locator('main'), '2 lỗi cần sửa');
    expect(await page.getByRole('button', { name: 'Xác nhận nhập' }).isDisabled()).toBe(true);

    // The corrected sheet: no errors, then written.
    const fixed = join(dir, 'to-doi-do-vinh-da-sua.xlsx');
    await writeWorkbook(fixed, false);
    await upload(page, fixed);
    await expect.poll(() => page.getByRole('table', { name: 'Các lỗi trong tệp' }).count()).toBe(0);
    const confirm = page.getByRole('button', { name: 'Xác nhận nhập' });
    // Groups founded in 2018 change censuses long past: the officer confirms that first.
    await visible(page.getByText('Số liệu thống kê đã qua sẽ thay đổi'));
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByRole('checkbox', { name: 'Tôi xác nhận thay đổi số liệu đã báo cáo' }).check();
    await expect.poll(() => confirm.isEnabled()).toBe(true);
    const committed = page.waitForResponse((r) => r.url().includes('/api/groups/import?commit=true'));
    await confirm.click();
    expect((await committed).status()).toBe(200);
    const done = page.getByRole('status').filter({ hasText: 'Đã nhập xong' });
    await visible(done);
    await containsText(done, 'Đã thêm 2 tổ, đội, 5 người và 5 lượt thành viên.');

    // The list as of 1/1/2026 shows both.
    await page.getByRole('button', { name: 'Xem danh sách tổ, đội' }).click();
    await page.waitForURL(/\/groups$/);
    await page.goto(`${server.url}/groups?date=2026-01-01`);
    for (const name of [GROUP_A, GROUP_B]) {
      const row = page.getByRole('row', { name: new RegExp(name) });
      await visible(row);
      await containsText(row, 'Phường Đô Vinh');
      await containsText(row, 'từ 11/5/2018');
    }

    // The export lists them too.
    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Xuất Excel' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const saved = join(dir, 'export.xlsx');
    await download.saveAs(saved);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(saved);
    const cells: string[] = [];
    wb.worksheets[0]!.eachRow((r) => r.eachCell((c) => cells.push(String(c.value ?? ''))));
    expect(cells).toContain(GROUP_A);
    expect(cells).toContain(GROUP_B);
    await context.close();
  });
});
