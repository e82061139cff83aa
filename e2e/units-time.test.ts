import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession, launchBrowser, startServer, type RunningServer } from './harness.js';
import { absent, containsText, ensureWebBuilt, logInAt, openPage, visible } from './pages.js';


let server: RunningServer;
let browser: Browser;

/** Villages made before the reform: those of Đông Hải (22768, split in two) wait to be placed; Phước Mỹ's (22741, merged whole) move with it. */
const splitVillages = ['Khu phố Một Đông Hải', 'Khu phố Hai Đông Hải'];
const carriedVillage = 'Khu phố Một Phước Mỹ';
/** An officer of Đông Hải, whose commune ends with the reform. */
const endedOfficer = { username: 'cb.donghai', fullName: 'Trần Thị Mai' };

beforeAll(async () => {
  ensureWebBuilt();
  server = await startServer({
    reform: true,
    beforeReform: async ({ url }) => {
      const api = await apiSession(url);
      const dongHai = await api.unit('22768', '2025-03-01');
      const phuocMy = await api.unit('22741', '2025-03-01');
      const villages = [
        { code: 'E2E-DH-1', name: splitVillages[0]!, parentId: dongHai.id },
        { code: 'E2E-DH-2', name: splitVillages[1]!, parentId: dongHai.id },
        { code: 'E2E-PM-1', name: carriedVillage, parentId: phuocMy.id },
      ];
      for (const v of villages) await api.post('/api/units', { ...v, level: 'village', kind: 'Khu phố', validFrom: '2015-01-01' });
      await api.post('/api/users', { ...endedOfficer, role: 'commune_officer', scopeUnitId: dongHai.id, password: 'Mat-khau-2026' });
    },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const newPage = (viewport?: { width: number; height: number }) => openPage(browser, viewport);

const logIn = (page: Page, path: string) => logInAt(page, server.url + path);

/** Types a date into the browser's date field, the way a user would (11/5/2018). */
async function setDate(page: Page, text: string, iso: string): Promise<void> {
  const field = page.getByRole('textbox', { name: 'Tại ngày' });
  await field.fill(text);
  await field.press('Enter');
  await page.waitForURL(new RegExp(`date=${iso}`));
  await page.keyboard.press('Escape');
}

/** Goes down one level in the browser, through the "N đơn vị" button of a unit. */
async function goDown(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`^Xem \\d+ đơn vị trực thuộc ${name}$`) }).click();
  await visible(page.getByText(new RegExp(`^Đơn vị trực thuộc ${name} vào ngày`)));
}

describe('administrative units through time', () => {
  it('browses the units as of 30/4/2018, then as of 1/1/2026 after the reform', async () => {
    const { context, page } = await newPage();
    await logIn(page, '/units');
    await page.waitForURL(/\/units$/);

    await setDate(page, '30/4/2018', '2018-04-30');
    await visible(page.getByRole('link', { name: 'Tỉnh Ninh Thuận', exact: true }));
    await goDown(page, 'Tỉnh Ninh Thuận');
    await goDown(page, 'Thành phố Phan Rang-Tháp Chàm');
    await visible(page.getByRole('link', { name: 'Phường Đô Vinh', exact: true }));
    await visible(page.getByRole('link', { name: 'Phường Phước Mỹ', exact: true }));
    expect(page.url()).toMatch(/date=2018-04-30/);
    const parent = /parent=([0-9a-f-]{36})/.exec(page.url())?.[1];
    expect(parent).toBeDefined();

    // Another date on which the city exists: the browser stays in it.
    await setDate(page, '1/1/2020', '2020-01-01');
    expect(page.url()).toContain(`parent=${parent}`);
    await visible(page.getByRole('link', { name: 'Phường Đô Vinh', exact: true }));

    // The city did not exist any more on 1/1/2026: back to the top, saying why.
    await setDate(page, '1/1/2026', '2026-01-01');
    await containsText(page.getByRole('status'), 'Đơn vị này không tồn tại vào ngày 1/1/2026');
    await visible(page.getByRole('link', { name: 'Tỉnh Khánh Hòa', exact: true }));
    await absent(page.getByRole('link', { name: 'Tỉnh Ninh Thuận', exact: true }));
    await goDown(page, 'Tỉnh Khánh Hòa');
    await visible(page.getByRole('link', { name: 'Phường Bảo An', exact: true }));
    await visible(page.getByRole('link', { name: 'Phường Phan Rang', exact: true }));

    // The view is in the address: a reload shows the same list.
    await page.reload();
    await visible(page.getByRole('link', { name: 'Phường Phan Rang', exact: true }));
    await context.close();
  });

  it('finds a unit without diacritics, and with dashes as spaces', async () => {
    const { context, page } = await newPage();
    await logIn(page, '/units?date=2018-04-30');
    const search = page.getByRole('combobox', { name: 'Tìm đơn vị' });
    for (const text of ['thap cham', 'phan rang', 'Phan Rang–Tháp Chàm']) {
      await search.fill(text);
      await visible(page.getByRole('option', { name: /Thành phố Phan Rang-Tháp Chàm/ }));
    }
    await page.getByRole('option', { name: /Thành phố Phan Rang-Tháp Chàm/ }).first().click();
    await page.waitForURL(/\/units\/[0-9a-f-]{36}\?date=2018-04-30/);
    await visible(page.getByRole('heading', { name: 'Thành phố Phan Rang-Tháp Chàm', level: 2 }));
    await visible(page.getByRole('link', { name: 'Phường Đô Vinh', exact: true }));
    await context.close();
  });

  it('shows what the new Phường Bảo An was formed from', async () => {
    const { context, page } = await newPage();
    await logIn(page, '/units?date=2026-01-01');
    await goDown(page, 'Tỉnh Khánh Hòa');
    await page.getByRole('link', { name: 'Phường Bảo An', exact: true }).click();
    await page.waitForURL(/\/units\/[0-9a-f-]{36}/);
    await visible(page.getByRole('heading', { name: 'Phường Bảo An', level: 2 }));

    const formedFrom = page.getByRole('group', { name: 'Hình thành từ' });
    await visible(formedFrom.getByRole('link', { name: 'Phường Phước Mỹ', exact: true }));
    await visible(formedFrom.getByRole('link', { name: 'Phường Bảo An', exact: true }));
    await containsText(formedFrom, 'toàn bộ');
    // Code 22741 was Phước Mỹ until 30/6/2025 and is Bảo An since 1/7/2025.
    await containsText(page.getByRole('group', { name: 'Các thời kỳ của mã 22741' }), 'Đến hết 30/6/2025');
    // Phước Mỹ went whole into Bảo An, so its village came along.
    await visible(page.getByRole('link', { name: carriedVillage }));

    // The old Phước Mỹ says where it went.
    await formedFrom.getByRole('link', { name: 'Phường Phước Mỹ', exact: true }).click();
    await visible(page.getByRole('heading', { name: 'Phường Phước Mỹ', level: 2 }));
    await visible(page.getByRole('group', { name: 'Sáp nhập vào / chuyển thành' }).getByRole('link', { name: 'Phường Bảo An' }));
    await context.close();
  });

  it('places a village of a split commune into one of its new communes', async () => {
    const { context, page } = await newPage();
    await logIn(page, '/');
    const menuItem = page.getByRole('navigation').getByRole('link', { name: /Xếp thôn sau sắp xếp/ });
    await containsText(menuItem, '2');
    await menuItem.click();
    await page.waitForURL(/\/units\/placements$/);
    await visible(page.getByText('nên hệ thống không tự đoán'));

    const row = page.getByRole('row', { name: new RegExp(splitVillages[0]!) });
    await visible(row);
    await containsText(row, 'Phường Đông Hải');
    await row.getByText('Xã Phước Dinh', { exact: true }).click();
    const placed = page.waitForResponse((r) => r.url().includes('/api/units/placements/') && r.request().method() === 'POST');
    await row.getByRole('button', { name: 'Xếp vào' }).click();
    expect((await placed).status()).toBe(200);
    await visible(page.getByText(`${splitVillages[0]} đã được xếp vào Xã Phước Dinh.`));
    await absent(page.getByRole('row', { name: new RegExp(splitVillages[0]!) }));
    await visible(page.getByRole('row', { name: new RegExp(splitVillages[1]!) }));
    await containsText(menuItem, '1');

    await page.getByRole('tab', { name: 'Đã xếp' }).click();
    const done = page.getByRole('row', { name: new RegExp(splitVillages[0]!) });
    await visible(done);
    await visible(done.getByRole('link', { name: 'Xã Phước Dinh' }));
    await context.close();
  });

  it('moves a user whose commune ended to one of the communes that succeeded it', async () => {
    const { context, page } = await newPage();
    await logIn(page, '/users');
    await page.waitForURL(/\/users$/);
    const alert = page.getByRole('alert').filter({ hasText: 'người dùng có địa bàn đã hết hiệu lực' });
    await containsText(alert, '1 người dùng có địa bàn đã hết hiệu lực');
    await alert.getByRole('button', { name: 'Xem và chuyển địa bàn' }).click();
    await page.waitForURL(/\/users\/ended-scopes$/);
    await visible(page.getByRole('link', { name: endedOfficer.fullName }));
    await visible(page.getByText('Hiệu lực đến hết 30/6/2025'));
    await page.getByRole('button', { name: 'Chuyển sang Xã Phước Dinh' }).click();
    await visible(page.getByText(`${endedOfficer.fullName} nay làm việc tại Xã Phước Dinh.`));
    await visible(page.getByText('Không còn ai cần chuyển địa bàn'));
    await page.getByRole('navigation').getByRole('link', { name: 'Người dùng' }).click();
    await visible(page.getByRole('cell', { name: 'Xã Phước Dinh' }));
    await absent(page.getByText('người dùng có địa bàn đã hết hiệu lực'));
    await context.close();
  });

  it('uploads a reform file again, follows its progress, and reports that nothing changed', async () => {
    const { context, page } = await newPage();
    await logIn(page, '/units/import');
    await visible(page.getByRole('heading', { name: 'Nhập danh mục đơn vị hành chính' }));
    await page.locator('input[type=file]').setInputFiles(resolve('data/admin-units/vn-reform-2025-07-01.json'));
    await containsText(page.getByText('34 tỉnh, 3.321 xã mới'), 'liên kết với đơn vị cũ');
    await page.getByRole('button', { name: 'Bắt đầu nhập' }).click();
    await page.waitForURL(/\/units\/import\?job=[0-9a-f-]{36}$/);
    await visible(page.getByRole('heading', { name: 'Đã nhập xong' }), 30_000);
    await visible(page.getByText('Tệp này đã được nhập trước đây; không có gì thay đổi.'));
    await containsText(page.getByText('Thêm mới', { exact: true }).locator('xpath=..'), 'Thêm mới0');
    await containsText(page.getByText('Không đổi', { exact: true }).locator('xpath=..'), 'Không đổi3.3');
    await context.close();
  });
});
