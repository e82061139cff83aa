import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroupSheetOptions } from '../src/shared/group-import.js';
import { DEMO_PASSWORD } from '../src/server/demo/load.js';
import { apiSession } from './harness.js';
import { absent, choose, containsText, demoForTests, logInAt, shot, typeDate, visible } from './pages.js';

/*
 * A commune officer imports the member list the ward already keeps: its own headers under a
 * merged title, village names written the ward's way, no unit code, type or founding date.
 */

const OFFICER = { username: 'xa.baoan', password: DEMO_PASSWORD };
const HEADERS = ['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Số CCCD', 'Số điện thoại', 'Địa chỉ (thôn)', 'Tên tổ', 'Chức vụ', 'Ngày tham gia'];
const KP_GROUP = 'Tổ NDTQ KP 2';
const BAD_DATE_ROW = 5;

type Cell = string | number | Date | null;

/** A citizen ID number that agrees with the person's sex and year of birth (Ninh Thuận, 058). */
function cccd(male: boolean, year: number, serial: number): string {
  const century = year >= 2000 ? (male ? '2' : '3') : male ? '0' : '1';
  return `058${century}${String(year % 100).padStart(2, '0')}${String(990_000 + serial)}`;
}

/**
 * Two groups: one in "KP 2" (a name two former wards of Bảo An both have), one in a hamlet of
 * the former Thành Hải written in lower case. Row 5 joins on 31 February; row 7's phone is a
 * note, not a number, until the phone column is left out.
 */
function members(hamlet: string): Cell[][] {
  const thon = `thôn ${hamlet.replace(/^Thôn\s+/i, '')}`;
  const THON_GROUP = `Tổ NDTQ ${thon}`;
  return [
    [1, 'Nguyễn Văn Hải', new Date(Date.UTC(1975, 2, 15)), 'Nam', cccd(true, 1975, 1), '0912 345 678', 'KP 2', KP_GROUP, 'Tổ trưởng', '11/5/2019'], // row 3
    [2, 'Trần Thị Thu', '2/9/1980', 'Nữ', cccd(false, 1980, 2), '0987654321', 'KP 2', KP_GROUP, 'Tổ phó', '11/5/2019'], // row 4
    [3, 'Lê Văn Lộc', '1990', 'Nam', null, null, 'KP 2', KP_GROUP, 'TV', '31/2/2019'], // row 5
    [4, 'Phạm Thị Mai', new Date(Date.UTC(1985, 6, 1)), 'Nữ', cccd(false, 1985, 4), '0905111222', thon, THON_GROUP, 'Tổ trưởng', '1/6/2020'], // row 6
    [5, 'Hoàng Văn Nam', '1992', 'Nam', null, 'nhà bên cạnh', thon, THON_GROUP, 'Thành viên', '1/6/2020'], // row 7
  ];
}

async function writeSheet(path: string, hamlet: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('DS thành viên');
  ws.mergeCells(1, 1, 1, HEADERS.length);
  ws.getCell(1, 1).value = 'DANH SÁCH THÀNH VIÊN TỔ NHÂN DÂN TỰ QUẢN PHƯỜNG BẢO AN';
  ws.addRow(HEADERS);
  for (const r of members(hamlet)) {
    const row = ws.addRow(r);
    row.getCell(3).numFmt = 'dd/mm/yyyy';
    row.getCell(5).numFmt = '@';
  }
  await wb.xlsx.writeFile(path);
}

const demo = demoForTests();
let dir = '';
let hamlet = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tq-groups-mapping-'));
  // A hamlet of the former Xã Thành Hải, now in Phường Bảo An: its name is the ward's own.
  const api = await apiSession(demo.url, OFFICER);
  const { items } = await api.get<{ items: { name: string; level: string; path: { name: string }[] }[] }>('/api/units?q=thon&level=village&limit=50');
  hamlet = items.find((u) => u.name.startsWith('Thôn '))!.name;
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Chooses the file and waits for the preview's answer. */
async function upload(page: Page, path: string): Promise<void> {
  const previewed = page.waitForResponse((r) => r.url().includes('/api/groups/import?') && r.url().includes('commit=false'));
  await page.locator('input[type="file"]').setInputFiles(path);
  expect((await previewed).status()).toBe(200);
}

/** The options a request to the import sent. */
const optionsOf = (url: string): GroupSheetOptions => JSON.parse(new URL(url).searchParams.get('options') ?? '{}') as GroupSheetOptions;

/** The field a column is read as, as the Select shows it. */
const fieldOf = (mapping: Locator, header: string) => {
  const name = `Cột “${header}” được đọc là`;
  return mapping.getByRole('textbox', { name }).or(mapping.getByRole('combobox', { name })).first().inputValue();
};

describe('a commune’s own member list', () => {
  it('reads the columns, lets the officer correct them, returns the errors in the sheet, and imports the corrected sheet', async () => {
    const context = await demo.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN', acceptDownloads: true });
    const page = await context.newPage();
    await logInAt(page, `${demo.url}/groups/import`, OFFICER);
    await visible(page.getByRole('heading', { name: 'Nhập tổ, đội và thành viên từ bảng tính' }));

    const sheet = join(dir, 'ds-thanh-vien-bao-an.xlsx');
    await writeSheet(sheet, hamlet);
    await upload(page, sheet);

    // The columns as recognised from the ward's own headers.
    const mapping = page.getByRole('region', { name: 'Các cột của tệp' });
    await visible(mapping);
    await containsText(mapping, 'dòng 2');
    expect(await fieldOf(mapping, 'Họ và tên')).toBe('Họ và tên');
    expect(await fieldOf(mapping, 'Địa chỉ (thôn)')).toBe('Thôn, tổ dân phố của thành viên');
    expect(await fieldOf(mapping, 'Tên tổ')).toBe('Tên tổ, đội');
    expect(await fieldOf(mapping, 'Chức vụ')).toBe('Vai trò');
    expect(await fieldOf(mapping, 'Ngày tham gia')).toBe('Ngày vào tổ');
    expect(await fieldOf(mapping, 'Số điện thoại')).toBe('Điện thoại');
    expect(await fieldOf(mapping, 'STT')).toBe('Không nhập');

    // Two errors: the phone that is a note, and the 31 February.
    const errors = page.getByRole('table', { name: 'Các lỗi trong tệp' });
    await visible(errors);
    await containsText(errors.getByRole('row', { name: /Số điện thoại/ }), 'Số điện thoại không hợp lệ');
    await containsText(errors.getByRole('row', { name: /Ngày tham gia/ }), 'Ngày không hợp lệ');
    expect(await page.getByRole('button', { name: 'Xác nhận nhập' }).isDisabled()).toBe(true);
    await shot(page, 'import-mapping-desktop.png');

    // The phone column is left out: its error goes, and the column says it was the officer's choice.
    const remapped = page.waitForResponse((r) => r.url().includes('commit=false') && optionsOf(r.url()).mapping?.['Số điện thoại'] === null);
    await choose(page, mapping, 'Cột “Số điện thoại” được đọc là', 'Không nhập');
    expect((await remapped).status()).toBe(200);
    await containsText(mapping.getByRole('row', { name: /Số điện thoại/ }), 'bạn chọn');
    await absent(errors.getByRole('row', { name: /Số điện thoại/ }));
    await containsText(errors.getByRole('row', { name: /Ngày tham gia/ }), String(BAD_DATE_ROW));

    // "KP 2" is a neighbourhood of both former wards: the officer says which.
    const areas = page.getByRole('region', { name: 'Địa bàn trùng tên' });
    await visible(areas);
    const chosen = page.waitForResponse((r) => r.url().includes('commit=false') && !!optionsOf(r.url()).areas?.['KP 2']);
    await choose(page, areas, '“KP 2”', 'Khu phố 2 — Phường Bảo An (trước là Phường Phước Mỹ)');
    expect((await chosen).status()).toBe(200);

    // The errors come back in the officer's own sheet.
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Tải tệp lỗi để sửa' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const withErrors = join(dir, 'loi.xlsx');
    await download.saveAs(withErrors);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(withErrors);
    const ws = wb.worksheets[0]!;
    const header = Array.from(ws.getRow(2).values as ExcelJS.CellValue[], (v) => String(v ?? ''));
    const errorColumn = header.findIndex((h) => h.startsWith('Lỗi'));
    expect(errorColumn).toBeGreaterThan(HEADERS.length);
    expect(header.slice(1, HEADERS.length + 1)).toEqual(HEADERS);
    expect(String(ws.getCell(BAD_DATE_ROW, errorColumn).value)).toContain('Ngày không hợp lệ');
    expect(ws.getCell(BAD_DATE_ROW - 1, errorColumn).value ?? null).toBeNull();
    expect(ws.getCell(3, 5).value).toBe(cccd(true, 1975, 1));

    // Corrected in that file and chosen again: the choices made stand, no error is left.
    ws.getCell(BAD_DATE_ROW, 10).value = '28/2/2020';
    const fixed = join(dir, 'loi-da-sua.xlsx');
    await wb.xlsx.writeFile(fixed);
    await upload(page, fixed);
    await absent(page.getByRole('table', { name: 'Các lỗi trong tệp' }));
    expect(await fieldOf(mapping, 'Số điện thoại')).toBe('Không nhập');

    // Censuses more than a month old change: the officer confirms before importing.
    const confirm = page.getByRole('button', { name: 'Xác nhận nhập' });
    await visible(page.getByText('Số liệu thống kê đã qua sẽ thay đổi'));
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByRole('checkbox', { name: 'Tôi xác nhận thay đổi số liệu đã báo cáo' }).check();
    await expect.poll(() => confirm.isEnabled()).toBe(true);
    await shot(page, 'import-ready-desktop.png');
    const committed = page.waitForResponse((r) => r.url().includes('commit=true'));
    await confirm.click();
    const result = await committed;
    expect(result.status()).toBe(200);
    const done = page.getByRole('status').filter({ hasText: 'Đã nhập xong' });
    await visible(done);
    await containsText(done, 'Đã thêm 2 tổ, đội, 5 người và 5 lượt thành viên.');

    // The group of KP 2 is in the neighbourhood chosen, with its members.
    await page.goto(`${demo.url}/groups?q=${encodeURIComponent('NDTQ KP 2')}`);
    const row = page.getByRole('row', { name: new RegExp(KP_GROUP) });
    await visible(row);
    await containsText(row, 'Khu phố 2');
    await row.getByRole('link').first().click();
    await page.waitForURL(/\/groups\/[0-9a-f-]+$/);
    for (const name of ['Nguyễn Văn Hải', 'Trần Thị Thu', 'Lê Văn Lộc']) await visible(page.getByText(name).first());

    // The same sheet another day: read as it was imported, nothing asked again, nothing new.
    await page.goto(`${demo.url}/groups/import`);
    await upload(page, fixed);
    await visible(mapping.getByText('Cách đọc các cột được nhớ từ lần trước'));
    expect(await fieldOf(mapping, 'Số điện thoại')).toBe('Không nhập');
    await containsText(mapping.getByRole('row', { name: /Số điện thoại/ }), 'đã nhớ từ lần trước');
    await absent(page.getByRole('region', { name: 'Địa bàn trùng tên' }));
    await containsText(page.getByRole('region', { name: 'Nhập vào hệ thống' }), 'không có gì để nhập');
    await context.close();
  }, 180_000);

  it('asks for what the file lacks, the founding date then the model type, for the whole file', async () => {
    const context = await demo.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    const page = await context.newPage();
    await logInAt(page, `${demo.url}/groups/import`, OFFICER);
    await visible(page.getByRole('heading', { name: 'Nhập tổ, đội và thành viên từ bảng tính' }));
    // A list of one team: no type in its name, no join date, no founding date.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('DS');
    ws.addRow(['Họ và tên', 'Giới tính', 'Năm sinh', 'Tên tổ', 'Chức vụ']);
    ws.addRow(['Đặng Văn Tuấn', 'Nam', 1979, 'Nhóm bảo vệ chợ Bảo An', 'Đội trưởng']);
    ws.addRow(['Bùi Thị Hạnh', 'Nữ', 1988, 'Nhóm bảo vệ chợ Bảo An', 'Thành viên']);
    const path = join(dir, 'doi-bao-ve.xlsx');
    await wb.xlsx.writeFile(path);
    await upload(page, path);

    const missing = page.getByRole('region', { name: 'Thông tin tệp còn thiếu' });
    await visible(missing);
    await containsText(missing, 'ngày thành lập của mỗi tổ là ngày vào tổ sớm nhất');
    const confirm = page.getByRole('button', { name: 'Xác nhận nhập' });
    expect(await confirm.isDisabled()).toBe(true);

    // Without a founding date nothing is read; with it, the rows are, and the type is asked.
    const dated = page.waitForResponse((r) => r.url().includes('commit=false') && optionsOf(r.url()).defaults?.foundedOn === '2025-09-01');
    await typeDate(missing, 'Ngày thành lập', '1/9/2025');
    expect((await dated).status()).toBe(200);
    const errors = page.getByRole('table', { name: 'Các lỗi trong tệp' });
    await containsText(errors, 'Tên tổ không cho biết loại mô hình');
    const typed = page.waitForResponse((r) => r.url().includes('commit=false') && optionsOf(r.url()).defaults?.typeCode === 'doi-dan-phong');
    await choose(page, missing, 'Loại mô hình', 'Đội dân phòng');
    expect((await typed).status()).toBe(200);
    await absent(errors);
    // The fields stay, holding what was chosen, once the file no longer lacks them.
    await visible(missing);
    await shot(page, 'import-missing-desktop.png');

    // Censuses since September 2025 gain the team: past months, confirmed.
    await page.getByRole('checkbox', { name: 'Tôi xác nhận thay đổi số liệu đã báo cáo' }).check();
    await expect.poll(() => confirm.isEnabled()).toBe(true);
    const committed = page.waitForResponse((r) => r.url().includes('commit=true'));
    await confirm.click();
    expect((await committed).status()).toBe(200);
    await containsText(page.getByRole('status').filter({ hasText: 'Đã nhập xong' }), 'Đã thêm 1 tổ, đội, 2 người và 2 lượt thành viên.');

    await page.goto(`${demo.url}/groups?q=${encodeURIComponent('bảo vệ chợ Bảo An')}`);
    const row = page.getByRole('row', { name: /Nhóm bảo vệ chợ Bảo An/ });
    await visible(row);
    await containsText(row, 'Đội dân phòng');
    await containsText(row, 'từ 1/9/2025');
    await context.close();
  }, 120_000);

  it('fits a phone: the columns and the errors as cards, nothing wider than the screen', async () => {
    const context = await demo.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN', isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await logInAt(page, `${demo.url}/groups/import`, OFFICER);
    await visible(page.getByRole('heading', { name: 'Nhập tổ, đội và thành viên từ bảng tính' }));
    const sheet = join(dir, 'ds-dien-thoai.xlsx');
    await writeSheet(sheet, hamlet);
    await upload(page, sheet);
    const mapping = page.getByRole('region', { name: 'Các cột của tệp' });
    await visible(mapping.getByRole('listitem').first());
    expect(await fieldOf(mapping, 'Chức vụ')).toBe('Vai trò');
    await visible(page.getByRole('list', { name: 'Các lỗi trong tệp' }));
    await visible(page.getByRole('button', { name: 'Tải tệp lỗi để sửa' }));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'import-mapping-phone.png');
    await context.close();
  }, 120_000);
});
