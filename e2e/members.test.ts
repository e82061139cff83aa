import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession, launchBrowser, startServer, type RunningServer } from './harness.js';
import { choose, containsText, ensureWebBuilt, logInAt, typeDate, visible } from './pages.js';

const lacks = (l: Locator, text: string) =>
  expect.poll(async () => (await l.first().textContent()) ?? '', { timeout: 10_000 }).not.toContain(text);

let server: RunningServer;
let browser: Browser;
let groupId = '';
const GROUP = 'Tổ nhân dân tự quản khu phố 3';

beforeAll(async () => {
  ensureWebBuilt();
  server = await startServer();
  const api = await apiSession(server.url);
  const doVinh = await api.unit('22738', '2025-03-01');
  const group = await api.post<{ id: string }>('/api/groups', { typeCode: 'to-tu-quan', name: GROUP, unitId: doVinh.id, foundedOn: '2019-01-01', confirmPastChange: true });
  groupId = group.id;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const logIn = (page: Page, path: string) => logInAt(page, server.url + path);



/** Registers a new person through the "Thêm thành viên" dialog and adds them with a role from a date. */
async function addNewMember(
  page: Page,
  p: { name: string; gender: 'Nam' | 'Nữ'; birth: string; cccd: string; role: string; from: string },
): Promise<void> {
  await page.getByRole('button', { name: 'Thêm thành viên' }).first().click();
  await page.waitForURL(/\/members\/new$/);
  const dialog = page.getByRole('dialog');
  await dialog.getByText('Người mới', { exact: true }).click();
  await dialog.getByRole('textbox', { name: 'Họ và tên' }).fill(p.name);
  await dialog.getByRole('radio', { name: p.gender, exact: true }).check();
  await dialog.getByRole('textbox', { name: 'Năm sinh hoặc ngày sinh' }).fill(p.birth);
  await dialog.getByRole('textbox', { name: 'Số CCCD' }).fill(p.cccd);
  if (p.role !== 'Thành viên') await choose(page, dialog, 'Vai trò', p.role);
  await typeDate(dialog, 'Từ ngày', p.from);
  const person = page.waitForResponse((r) => r.url().endsWith('/api/people') && r.request().method() === 'POST');
  const member = page.waitForResponse((r) => r.url().endsWith('/members') && r.request().method() === 'POST');
  await dialog.getByRole('button', { name: 'Thêm thành viên' }).click();
  expect((await person).status()).toBe(201);
  // A member since years ago changes past censuses: the dialog lists them and asks to confirm.
  expect((await member).status()).toBe(409);
  await visible(dialog.getByTestId('past-census-changes'));
  const confirmed = page.waitForResponse((r) => r.url().endsWith('/members') && r.request().method() === 'POST');
  await dialog.getByRole('button', { name: 'Xác nhận thay đổi' }).click();
  expect((await confirmed).status()).toBe(201);
  await page.waitForURL((url) => url.pathname === `/groups/${groupId}`);
}

describe('members', () => {
  it('adds members, reveals an ID number, and ends a membership', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'vi-VN' });
    const page = await context.newPage();
    await logIn(page, `/groups/${groupId}`);
    await visible(page.getByRole('heading', { name: GROUP, level: 2 }));
    const members = page.getByRole('region', { name: 'Thành viên' });
    await containsText(members, 'Không có thành viên nào');

    await addNewMember(page, { name: 'Nguyễn Văn An', gender: 'Nam', birth: '1985', cccd: '058085001234', role: 'Tổ trưởng', from: '1/1/2020' });
    await addNewMember(page, { name: 'Trần Thị Bình', gender: 'Nữ', birth: '1990', cccd: '058190004321', role: 'Thành viên', from: '1/1/2021' });

    // Both listed, leader first, the ID numbers masked.
    const an = members.getByRole('row', { name: 'Nguyễn Văn An' });
    const binh = members.getByRole('row', { name: 'Trần Thị Bình' });
    await visible(an);
    await containsText(an, 'Tổ trưởng');
    await containsText(an, 'từ 1/1/2020');
    await containsText(an, '••••••••1234');
    await lacks(an, '058085001234');
    await containsText(binh, 'Thành viên');
    await containsText(binh, '••••••••4321');
    const rows = await members.getByRole('row').allTextContents();
    expect(rows.findIndex((r) => r.includes('Nguyễn Văn An'))).toBeLessThan(rows.findIndex((r) => r.includes('Trần Thị Bình')));

    // The whole number on An's page, on request.
    await an.getByRole('link', { name: 'Nguyễn Văn An' }).click();
    await page.waitForURL(/\/people\/[0-9a-f-]{36}$/);
    await visible(page.getByRole('heading', { name: 'Nguyễn Văn An', level: 2 }));
    const main = page.locator('main');
    await containsText(main, '••••••••1234');
    await containsText(main, 'nhật ký hệ thống');
    const revealed = page.waitForResponse((r) => r.url().endsWith('/reveal-cccd'));
    await page.getByRole('button', { name: 'Hiện số CCCD' }).click();
    expect((await revealed).status()).toBe(200);
    await containsText(main, '058085001234');

    // Bình leaves on 1/6/2023: gone as of today, listed with former members.
    await page.goto(`${server.url}/groups/${groupId}`);
    await visible(binh);
    await binh.getByRole('button', { name: 'Kết thúc tư cách thành viên của Trần Thị Bình' }).click();
    const dialog = page.getByRole('dialog');
    await typeDate(dialog, 'Rời tổ từ ngày', '1/6/2023');
    const ended = page.waitForResponse((r) => r.url().endsWith('/end') && r.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Kết thúc', exact: true }).click();
    expect((await ended).status()).toBe(409);
    const confirmed = page.waitForResponse((r) => r.url().endsWith('/end') && r.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Xác nhận thay đổi' }).click();
    expect((await confirmed).status()).toBe(200);
    await binh.waitFor({ state: 'detached', timeout: 10_000 });
    await visible(an);

    await members.getByRole('switch', { name: 'Cả thành viên đã rời' }).check();
    await visible(binh);
    await containsText(binh, 'từ 1/1/2021 đến hết 31/5/2023');
    await containsText(an, 'từ 1/1/2020');
    await context.close();
  });
});
