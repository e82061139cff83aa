import type { Browser, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession, launchBrowser, startServer, type RunningServer } from './harness.js';
import { containsText, ensureWebBuilt, logInAt, visible } from './pages.js';

const CCCD = '058080111222';
const NAME = 'Phạm Văn Khoa';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  ensureWebBuilt();
  server = await startServer();
  const api = await apiSession(server.url);
  const doVinh = await api.unit('22738', '2025-03-01');
  await api.post('/api/people', { fullName: NAME, gender: 'male', birthYear: 1980, cccd: CCCD, addressUnitId: doVinh.id });
  await api.post('/api/people', { fullName: 'Trần Thị Lan', gender: 'female', birthYear: 1990, addressUnitId: doVinh.id });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('people page: a search by ID number', () => {
  it('finds the person by POST, keeps the number out of every URL, and exports by POST', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'vi-VN', acceptDownloads: true });
    const page = await context.newPage();
    const requests: Request[] = [];
    page.on('request', (r) => requests.push(r));
    await logInAt(page, `${server.url}/people`);
    await visible(page.getByRole('cell', { name: 'Trần Thị Lan' }));

    const searched = page.waitForResponse((r) => r.url().endsWith('/api/people/search') && (r.request().postData() ?? '').includes(CCCD));
    // Typed into the name box, the number is searched as an ID number, not put in the URL.
    await page.getByRole('searchbox', { name: 'Tìm theo tên' }).or(page.getByRole('textbox', { name: 'Tìm theo tên' })).fill('058 080 111 222');
    expect((await searched).status()).toBe(200);
    await expect.poll(() => page.getByRole('textbox', { name: 'Số CCCD (đủ 12 số)' }).inputValue()).toBe(CCCD);
    await visible(page.getByRole('cell', { name: NAME }));
    await expect.poll(() => page.getByRole('cell', { name: 'Trần Thị Lan' }).count()).toBe(0);
    await containsText(page.getByRole('table'), '••••••••1222');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Xuất Excel' }).click();
    expect((await download).suggestedFilename()).toMatch(/^danh-sach-nguoi-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const exported = requests.find((r) => r.url().endsWith('/api/people/export'));
    expect(exported?.method()).toBe('POST');
    expect(exported?.postDataJSON()).toEqual({ cccd: CCCD });

    // Reloading shows the page without the number: it was never in the address.
    expect(page.url()).not.toContain(CCCD);
    expect(requests.filter((r) => r.url().includes(CCCD)).map((r) => r.url())).toEqual([]);
    await page.reload();
    await visible(page.getByRole('cell', { name: 'Trần Thị Lan' }));
    await context.close();
  });
});
