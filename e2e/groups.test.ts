import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession, launchBrowser, startServer, type RunningServer } from './harness.js';
import { choose, containsText, ensureWebBuilt, logInAt, openPage, typeDate, visible } from './pages.js';


let server: RunningServer;
let browser: Browser;
const GROUP = 'Tổ nhân dân tự quản khu phố 1';
const VILLAGE = 'Khu phố Năm Đô Vinh';
let villageId = '';

beforeAll(async () => {
  ensureWebBuilt();
  server = await startServer();
  const api = await apiSession(server.url);
  const doVinh = await api.unit('22738', '2025-03-01');
  const village = await api.post<{ id: string }>('/api/units', {
    code: 'E2E-DV-5',
    name: VILLAGE,
    level: 'village',
    kind: 'Khu phố',
    parentId: doVinh.id,
    validFrom: '2015-01-01',
  });
  villageId = village.id;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const newPage = (viewport?: { width: number; height: number }) => openPage(browser, viewport);

const logIn = (page: Page, path: string) => logInAt(page, server.url + path);



/** Types into a unit picker and picks the unit whose name is shown first. */
async function pickUnit(page: Page, scope: Locator, label: string, typed: string, name: string): Promise<void> {
  await scope.getByRole('combobox', { name: label }).fill(typed);
  await page.getByRole('option', { name: new RegExp(`^${name}`) }).first().click();
}

describe('groups', () => {
  it('registers a group, dissolves it, and shows its status as of a date', async () => {
    const { context, page } = await newPage();
    await logIn(page, '/');
    await page.getByRole('navigation').getByRole('link', { name: 'Tổ, đội, mô hình' }).click();
    await page.waitForURL(/\/groups$/);
    await visible(page.getByText('Chưa có tổ, đội nào'));

    await page.getByRole('button', { name: 'Thêm tổ, đội' }).first().click();
    await page.waitForURL(/\/groups\/new$/);
    const dialog = page.getByRole('dialog');
    await choose(page, dialog, 'Loại mô hình', 'Tổ nhân dân tự quản');
    await typeDate(dialog, 'Ngày thành lập', '15/3/2010');
    await dialog.getByRole('textbox', { name: 'Tên tổ, đội' }).fill(GROUP);
    await pickUnit(page, dialog, 'Địa bàn', 'do vinh', 'Phường Đô Vinh');
    await dialog.getByRole('textbox', { name: 'Số quyết định' }).fill('125/QĐ-UBND');
    await dialog.getByRole('textbox', { name: 'Cơ quan ban hành' }).fill('UBND phường Đô Vinh');
    const created = page.waitForResponse((r) => r.url().endsWith('/api/groups') && r.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Thêm tổ, đội' }).click();
    // Founded in 2010: every census since changes, so the dialog lists them and asks to confirm.
    expect((await created).status()).toBe(409);
    await visible(dialog.getByTestId('past-census-changes'));
    const confirmed = page.waitForResponse((r) => r.url().endsWith('/api/groups') && r.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Xác nhận thay đổi' }).click();
    expect((await confirmed).status()).toBe(201);

    // Its page.
    await page.waitForURL(/\/groups\/[0-9a-f-]{36}$/);
    const groupUrl = page.url();
    await visible(page.getByRole('heading', { name: GROUP, level: 2 }));
    await containsText(page.locator('main'), 'Đang hoạt động');
    await containsText(page.locator('main'), 'số 125/QĐ-UBND');
    await visible(page.getByRole('link', { name: 'Phường Đô Vinh' }));

    // Dissolved from 1/6/2019.
    await page.getByRole('button', { name: 'Đổi trạng thái' }).click();
    const change = page.getByRole('dialog');
    await choose(page, change, 'Trạng thái mới', 'Đã giải thể');
    await typeDate(change, 'Từ ngày', '1/6/2019');
    await change.getByRole('textbox', { name: 'Lý do' }).fill('Khu phố sáp nhập, tổ không còn hoạt động');
    const changed = page.waitForResponse((r) => r.url().endsWith('/status') && r.request().method() === 'POST');
    await change.getByRole('button', { name: 'Đổi trạng thái' }).click();
    expect((await changed).status()).toBe(409);
    const confirmedChange = page.waitForResponse((r) => r.url().endsWith('/status') && r.request().method() === 'POST');
    await change.getByRole('button', { name: 'Xác nhận thay đổi' }).click();
    expect((await confirmedChange).status()).toBe(200);

    // The timeline shows both periods.
    const timeline = page.getByRole('region', { name: 'Quá trình hoạt động' });
    await containsText(timeline, 'Thành lập ngày 15/3/2010');
    await containsText(timeline, 'Đang hoạt động: từ 15/3/2010 đến hết 31/5/2019');
    await containsText(timeline, 'Đã giải thể: từ 1/6/2019 đến nay');
    await containsText(timeline, 'Lý do: Khu phố sáp nhập, tổ không còn hoạt động');

    // The list as of the day before, and as of the day itself.
    await page.goto(`${server.url}/groups?date=2019-05-31`);
    const row = page.getByRole('row', { name: new RegExp(GROUP) });
    await visible(row);
    await containsText(row, 'Đang hoạt động');
    await containsText(row, 'từ 15/3/2010');
    await containsText(row, 'Phường Đô Vinh');
    await containsText(row, '125/QĐ-UBND');

    const asOf = page.getByRole('textbox', { name: 'Tại ngày' });
    await asOf.fill('1/6/2019');
    await asOf.press('Enter');
    await page.waitForURL(/date=2019-06-01/);
    // Dissolved that day: no longer among the groups standing, but counted apart, a click away.
    await containsText(page.getByTestId('groups-dissolved'), 'Không tính 1 tổ, đội đã giải thể tính đến ngày này.');
    await page.getByRole('button', { name: 'Xem các tổ, đội đã giải thể' }).click();
    await page.waitForURL(/status=dissolved/);
    await containsText(page.getByRole('row', { name: new RegExp(GROUP) }), 'Đã giải thể');
    await containsText(page.getByRole('row', { name: new RegExp(GROUP) }), 'từ 1/6/2019');

    // Found without diacritics among the dissolved; opens at its page.
    await page.goto(`${server.url}/groups?q=khu%20pho%201&status=dissolved`);
    await page.getByRole('link', { name: GROUP }).click();
    await page.waitForURL(groupUrl);
    await context.close();
  });

  it('adds a model type', async () => {
    const { context, page } = await newPage();
    await logIn(page, '/model-types');
    await page.waitForURL(/\/model-types$/);
    await visible(page.getByRole('row', { name: /Đội dân phòng/ }));
    await containsText(page.getByRole('row', { name: /Đội dân phòng/ }), 'Có sẵn');

    await page.getByRole('button', { name: 'Thêm loại mô hình' }).click();
    await page.waitForURL(/\/model-types\/new$/);
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Tên loại mô hình' }).fill('Camera an ninh');
    await dialog.getByRole('textbox', { name: 'Cách gọi trong báo cáo' }).fill('mô hình camera an ninh');
    const created = page.waitForResponse((r) => r.url().endsWith('/api/model-types') && r.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Thêm loại mô hình' }).click();
    expect((await created).status()).toBe(201);
    await page.waitForURL(/\/model-types$/);
    const row = page.getByRole('row', { name: /Camera an ninh/ });
    await visible(row);
    await containsText(row, 'mô hình camera an ninh');
    await containsText(row, 'Toàn quốc');
    await context.close();
  });

  it('moves a village to another commune from a date', async () => {
    const { context, page } = await newPage();
    await logIn(page, `/units/${villageId}`);
    await visible(page.getByRole('heading', { name: VILLAGE, level: 2 }));
    await page.getByRole('button', { name: 'Chuyển sang xã/phường khác' }).click();
    const dialog = page.getByRole('dialog');
    await typeDate(dialog, 'Từ ngày', '1/1/2026');
    await pickUnit(page, dialog, 'Xã/phường mới', 'phuoc my', 'Phường Phước Mỹ');
    const moved = page.waitForResponse((r) => r.url().endsWith('/move') && r.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Chuyển thôn' }).click();
    expect((await moved).status()).toBe(200);

    // The village's new record, from 1/1/2026, under Phước Mỹ.
    await page.waitForURL((url) => /\/units\/[0-9a-f-]{36}/.test(url.pathname) && !url.pathname.endsWith(villageId));
    await visible(page.getByRole('heading', { name: VILLAGE, level: 2 }));
    await visible(page.getByRole('link', { name: 'Phước Mỹ', exact: true }).or(page.getByRole('link', { name: 'Phường Phước Mỹ', exact: true })));
    await containsText(page.locator('main'), '1/1/2026');
    await context.close();
  });
});
