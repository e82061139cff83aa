import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession, launchBrowser, startServer, type RunningServer } from './harness.js';
import { containsText, ensureWebBuilt, logInAt, openPage, shot, typeDate, visible } from './pages.js';

let server: RunningServer;
let browser: Browser;
const OFFICER = { username: 'cb.dovinh.quakhu', password: 'Mat-khau-Do-Vinh-2026' };
const groups: Record<string, string> = {};

beforeAll(async () => {
  ensureWebBuilt();
  server = await startServer();
  const api = await apiSession(server.url);
  const doVinh = await api.unit('22738', '2025-03-01');
  await api.post('/api/users', { username: OFFICER.username, fullName: 'Cán bộ Đô Vinh', role: 'commune_officer', scopeUnitId: doVinh.id, password: OFFICER.password });
  // Registered today: nothing of the past changes yet.
  const today = new Date().toISOString().slice(0, 10);
  for (const name of ['Tổ tự quản khu phố 6', 'Tổ tự quản khu phố 7']) {
    groups[name] = (await api.post<{ id: string }>('/api/groups', { typeCode: 'to-tu-quan', name, unitId: doVinh.id, foundedOn: today })).id;
  }
  // April 2018 of Đô Vinh was reported ("Đánh dấu đã báo cáo"): no groups then.
  await api.post('/api/census/reports', { unit: '22738', date: '2018-04' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens the group's edit dialog, types the founding date and saves: the server asks first. */
async function backDate(page: Page, id: string, date: string) {
  await page.goto(`${server.url}/groups/${id}/edit`);
  const dialog = page.getByRole('dialog');
  await typeDate(dialog, 'Ngày thành lập', date);
  const refused = page.waitForResponse((r) => r.url().endsWith(`/api/groups/${id}`) && r.request().method() === 'PATCH');
  await dialog.getByRole('button', { name: 'Lưu thay đổi' }).click();
  expect((await refused).status()).toBe(409);
  return dialog;
}

describe('changing the past census', () => {
  it('shows an officer who back-dates a founding the censuses that change, and saves once confirmed', async () => {
    const { context, page } = await openPage(browser);
    await logInAt(page, server.url + '/', OFFICER);
    await page.waitForURL((u) => u.pathname === '/');
    const id = groups['Tổ tự quản khu phố 6']!;
    const dialog = await backDate(page, id, '1/3/2018');

    await containsText(dialog, 'Số liệu thống kê đã qua sẽ thay đổi');
    const table = dialog.getByTestId('past-census-changes');
    await visible(table);
    // The reported April 2018 first, then the commune's most recent month more than a month old: one group more in each.
    const reported = table.getByRole('row', { name: /Tháng 4\/2018/ });
    await containsText(reported, 'Phường Đô Vinh');
    await containsText(reported, 'Đã báo cáo/đã xuất');
    await containsText(reported, '0 → 1');
    await containsText(reported, '+1');
    const old = table.getByRole('row', { name: /Quá một tháng/ });
    await containsText(old, 'Phường Đô Vinh');
    await containsText(old, '0 → 1');
    // Only what the officer may see: not the province, not the country.
    expect(await table.getByText('Tỉnh Ninh Thuận').count()).toBe(0);
    expect(await table.getByText('Toàn quốc').count()).toBe(0);
    await shot(page, 'past-census-change.png', false);

    const saved = page.waitForResponse((r) => r.url().endsWith(`/api/groups/${id}`) && r.request().method() === 'PATCH');
    await dialog.getByRole('button', { name: 'Xác nhận thay đổi' }).click();
    expect((await saved).status()).toBe(200);
    await page.waitForURL((u) => u.pathname === `/groups/${id}`);
    await containsText(page.getByRole('region', { name: 'Quá trình hoạt động' }), 'Thành lập ngày 1/3/2018');

    // The census of April 2018 counts it now.
    const census = await page.evaluate(async () => (await (await fetch('/api/census?unit=22738&date=2018-04')).json()).rows as { type: { code: string }; groups: number }[]);
    expect(census.find((r) => r.type.code === 'to-tu-quan')!.groups).toBe(1);
    await context.close();
  });

  it('fits a phone, and going back keeps the form', async () => {
    const { context, page } = await openPage(browser, { width: 390, height: 844 });
    await logInAt(page, server.url + '/', OFFICER);
    await page.waitForURL((u) => u.pathname === '/');
    const id = groups['Tổ tự quản khu phố 7']!;
    const dialog = await backDate(page, id, '15/6/2017');
    await visible(dialog.getByTestId('past-census-changes'));
    await containsText(dialog, 'Phường Đô Vinh');
    // Nothing spills sideways on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'past-census-change-phone.png', false);

    await dialog.getByRole('button', { name: 'Quay lại' }).click();
    expect(await dialog.getByRole('textbox', { name: 'Ngày thành lập' }).inputValue()).toBe('15/6/2017');
    await context.close();
  });
});
