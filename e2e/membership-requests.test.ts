import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession, launchBrowser, startServer, type RunningServer } from './harness.js';
import { containsText, ensureWebBuilt, logInAt, openPage, shot, visible } from './pages.js';

let server: RunningServer;
let browser: Browser;
let groupId = '';
const GROUP = 'Tổ nhân dân tự quản khu phố 5';
const PASSWORD = 'Dong-lua-chin-vang-2026';
const requester = { username: 'cb.baoan.e2e', password: PASSWORD };
const holder = { username: 'cb.vinhhoa.e2e', password: PASSWORD };
// 056 = Khánh Hòa, 1 = a woman born in the 1900s, 88 = 1988.
const CCCD = '056188004321';

beforeAll(async () => {
  ensureWebBuilt();
  server = await startServer();
  const api = await apiSession(server.url);
  const baoAn = await api.unit('22744', '2025-03-01');
  const vinhHoa = await api.unit('22327', '2025-03-01');
  await api.post('/api/users', { username: requester.username, fullName: 'Cán bộ Bảo An', role: 'commune_officer', scopeUnitId: baoAn.id, password: PASSWORD });
  await api.post('/api/users', { username: holder.username, fullName: 'Cán bộ Vĩnh Hòa', role: 'commune_officer', scopeUnitId: vinhHoa.id, password: PASSWORD });
  groupId = (await api.post<{ id: string }>('/api/groups', { typeCode: 'to-tu-quan', name: GROUP, unitId: baoAn.id, foundedOn: '2019-01-01', confirmPastChange: true })).id;
  await api.post('/api/people', { fullName: 'Trần Thị Hoa', gender: 'female', birthYear: 1988, cccd: CCCD, addressUnitId: vinhHoa.id });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const logIn = (page: Page, path: string, user: { username: string; password: string }) => logInAt(page, server.url + path, user);

describe('membership requests', () => {
  it('sends a request from the group page as one commune officer, and approves it as the officer where the person is registered', async () => {
    // Bảo An asks, knowing only the number and the name on its list.
    const asker = await openPage(browser, { width: 1440, height: 900 });
    await logIn(asker.page, `/groups/${groupId}`, requester);
    await asker.page.getByRole('button', { name: 'Đề nghị kết nạp' }).first().click();
    await asker.page.waitForURL(/\/requests\/new$/);
    const dialog = asker.page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Số CCCD' }).fill(CCCD);
    await dialog.getByRole('textbox', { name: 'Họ và tên' }).fill('Trần Thị Hoa');
    await shot(asker.page, 'membership-request-dialog-1440.png', false);
    const sent = asker.page.waitForResponse((r) => r.url().endsWith('/api/membership-requests') && r.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Gửi đề nghị' }).click();
    expect((await sent).status()).toBe(201);
    await asker.page.waitForURL((url) => url.pathname === `/groups/${groupId}`);

    await asker.page.goto(`${server.url}/membership-requests?tab=sent`);
    const card = asker.page.getByRole('article', { name: 'Đề nghị kết nạp Trần Thị Hoa' });
    await visible(card);
    await containsText(card, 'Chờ xử lý');
    await containsText(card, '••••••••4321');
    await shot(asker.page, 'membership-requests-sent-1440.png');

    // Vĩnh Hòa, where she is registered, sees who asks and for which group, and approves.
    const decider = await openPage(browser, { width: 390, height: 844 });
    await logIn(decider.page, '/membership-requests', holder);
    const incoming = decider.page.getByRole('article', { name: 'Đề nghị kết nạp Trần Thị Hoa' });
    await visible(incoming);
    await containsText(incoming, GROUP);
    await containsText(incoming, 'Phường Bảo An');
    await shot(decider.page, 'membership-requests-incoming-390.png');
    await incoming.getByRole('button', { name: 'Đồng ý kết nạp' }).click();
    const approved = decider.page.waitForResponse((r) => r.url().endsWith('/approve') && r.request().method() === 'POST');
    await decider.page.getByRole('dialog').getByRole('button', { name: 'Đồng ý kết nạp' }).click();
    expect((await approved).status()).toBe(200);
    await visible(decider.page.getByText('Không có đề nghị nào cần xử lý'));

    // Back in Bảo An: approved, and she is a member of the group.
    await asker.page.goto(`${server.url}/membership-requests?tab=sent`);
    await containsText(asker.page.getByRole('article', { name: 'Đề nghị kết nạp Trần Thị Hoa' }), 'Đã đồng ý');
    await asker.page.goto(`${server.url}/groups/${groupId}`);
    await containsText(asker.page.getByRole('region', { name: 'Thành viên' }), 'Trần Thị Hoa');
    await shot(asker.page, 'group-after-approval-1440.png');
    await asker.context.close();
    await decider.context.close();
  });
});
