import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, launchBrowser, startServer, type RunningServer } from './harness.js';
import { absent, containsText, ensureWebBuilt, logInAt, openPage, visible } from './pages.js';


let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  ensureWebBuilt();
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const newPage = (viewport?: { width: number; height: number }) => openPage(browser, viewport);

const logIn = (page: Page, username: string, password: string, path = '/') => logInAt(page, server.url + path, { username, password });

async function logOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Tài khoản của/ }).click();
  await page.getByRole('menuitem', { name: 'Đăng xuất' }).click();
  await page.waitForURL(/\/login/);
}

/** Types six digits into the code boxes (focus moves from box to box). */
async function typeCode(page: Page, label: string, code: string): Promise<void> {
  await page.getByLabel(`${label}, chữ số 1`).click();
  await page.keyboard.type(code);
}

/** A code for the next 30-second step: the server refuses a step already used. */
function nextCode(secret: string): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
}

const officer = { username: 'cb.phuocmy', fullName: 'Lê Thị Hạnh', password: 'Phuocmy-2026' };

/** Creates a user through the API as the administrator (set-up that the page tests do not exercise). */
async function createUserByApi(username: string, fullName: string, role: string, unitCode: string): Promise<void> {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const unit = (await (await fetch(`${server.url}/api/units?q=${unitCode}`, { headers: { cookie } })).json()) as { items: { id: string }[] };
  const res = await fetch(`${server.url}/api/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ username, fullName, role, scopeUnitId: unit.items[0]!.id, password: 'Mat-khau-2026' }),
  });
  expect(res.status).toBe(201);
}
let officerSecret = '';

describe('web app', () => {
  it('shows the server message on a wrong password, in Vietnamese', async () => {
    const { context, page } = await newPage();
    await logIn(page, ADMIN.username, 'sai-mat-khau-1');
    await containsText(page.getByRole('alert'), 'Tên đăng nhập hoặc mật khẩu không đúng.');
    await context.close();
  });

  it('counts down when logins are throttled', async () => {
    const { context, page } = await newPage();
    await page.goto(server.url + '/login');
    await page.getByLabel('Tên đăng nhập').fill('khong.ton.tai');
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau-1');
    const submit = page.getByRole('button', { name: 'Đăng nhập' });
    for (let i = 0; i < 5; i++) {
      const answered = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
      await submit.click();
      await answered;
    }
    await submit.click();
    await containsText(page.getByRole('alert'), 'Có thể thử lại sau');
    await expect.poll(() => page.getByRole('button', { name: /Thử lại sau \d+ giây/ }).isDisabled()).toBe(true);
    await context.close();
  });

  it('returns the administrator to the page asked for, and lists users', async () => {
    const { context, page } = await newPage();
    await logIn(page, ADMIN.username, ADMIN.password, '/users');
    await page.waitForURL(/\/users$/);
    await visible(page.getByRole('heading', { name: 'Người dùng', level: 2 }));
    await visible(page.getByRole('cell', { name: ADMIN.username }));
    for (const link of ['Tổng quan', 'Người dùng', 'Đơn vị hành chính', 'Nhật ký hệ thống', 'Vai trò & bảo mật']) {
      await visible(page.getByRole('navigation').getByRole('link', { name: link }));
    }
    await context.close();
  });

  it('creates a user scoped to a commune, who then sees only the users of that commune', async () => {
    await createUserByApi('to.phuocmy', 'Nguyễn Văn Tổ', 'group_leader', '22741');
    await createUserByApi('cb.dovinh', 'Trần Văn Đô', 'commune_officer', '22738');
    const { context, page } = await newPage();
    await logIn(page, ADMIN.username, ADMIN.password, '/users');
    await page.getByRole('button', { name: 'Thêm người dùng' }).click();
    await page.waitForURL(/\/users\/new$/);
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Tên đăng nhập').fill(officer.username);
    await dialog.getByLabel('Họ và tên').fill(officer.fullName);
    await dialog.getByRole('combobox', { name: 'Vai trò' }).click();
    await page.getByRole('option', { name: 'Cán bộ cấp xã (Công an xã)' }).click();
    await dialog.getByRole('combobox', { name: 'Địa bàn quản lý' }).fill('phuoc my');
    await page.getByRole('option', { name: /Phước Mỹ/ }).first().click();
    await dialog.getByRole('button', { name: 'Tạo người dùng' }).click();

    const temporary = page.getByLabel('Mật khẩu tạm thời', { exact: true });
    await visible(temporary);
    const password = (await temporary.textContent())?.trim() ?? '';
    expect(password.length).toBeGreaterThanOrEqual(10);
    await page.getByRole('button', { name: 'Tôi đã lưu mật khẩu' }).click();
    await page.waitForURL(/\/users\/[0-9a-f-]{36}$/);
    await visible(page.getByRole('heading', { name: officer.fullName }));
    await visible(page.getByText('Chờ đổi mật khẩu'));

    // First login: nothing but the password change is reachable.
    await logOut(page);
    await logIn(page, officer.username, password);
    await page.waitForURL(/\/change-password$/);
    await absent(page.getByRole('navigation'));
    await page.goto(server.url + '/users');
    await page.waitForURL(/\/change-password$/);
    await page.getByLabel('Mật khẩu hiện tại').fill(password);
    await page.getByRole('textbox', { name: 'Mật khẩu mới', exact: true }).fill('ngan1');
    await page.getByLabel('Nhập lại mật khẩu mới').fill('ngan1');
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await visible(page.getByText('Mật khẩu chưa đạt yêu cầu bên dưới.'));
    await page.getByRole('textbox', { name: 'Mật khẩu mới', exact: true }).fill(officer.password);
    await page.getByLabel('Nhập lại mật khẩu mới').fill(officer.password);
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await page.waitForURL(server.url + '/');
    await visible(page.getByRole('heading', { name: new RegExp(officer.fullName) }));
    await visible(page.getByText('Phường Phước Mỹ').first());

    // The officer sees the users of Phước Mỹ, and nobody outside it.
    await page.getByRole('navigation').getByRole('link', { name: 'Người dùng' }).click();
    await page.waitForURL(/\/users$/);
    await visible(page.getByRole('cell', { name: 'to.phuocmy' }));
    await visible(page.getByRole('cell', { name: officer.username }));
    await absent(page.getByRole('cell', { name: 'cb.dovinh' }));
    await absent(page.getByRole('cell', { name: ADMIN.username, exact: true }));
    await logOut(page);
    await visible(page.getByRole('button', { name: 'Đăng nhập' }));
    await context.close();
  });

  it('makes a role require two-factor authentication, and its users enrol before anything else', async () => {
    const admin = await newPage();
    await logIn(admin.page, ADMIN.username, ADMIN.password, '/roles');
    const toggle = admin.page.getByRole('switch', { name: 'Bắt buộc xác thực hai lớp: Cán bộ cấp xã (Công an xã)' });
    const saved = admin.page.waitForResponse((r) => r.url().includes('/api/roles/commune_officer') && r.ok());
    await toggle.click({ force: true });
    await saved;
    await expect.poll(() => toggle.isChecked()).toBe(true);
    await admin.context.close();

    const { context, page } = await newPage();
    await logIn(page, officer.username, officer.password);
    await page.waitForURL(/\/security$/);
    await visible(page.getByText('Cần bật xác thực hai lớp'));
    await page.getByRole('button', { name: 'Bật xác thực hai lớp' }).click();
    await visible(page.getByRole('img', { name: /Mã QR/ }));
    officerSecret = ((await page.getByLabel('Khóa nhập tay', { exact: true }).textContent()) ?? '').replace(/\s+/g, '');
    expect(officerSecret).toMatch(/^[A-Z2-7]{16,}$/);
    await typeCode(page, 'Mã xác thực', await generate({ secret: officerSecret }));
    await page.waitForURL(server.url + '/');

    // Next login asks for a code.
    await logOut(page);
    await logIn(page, officer.username, officer.password);
    await visible(page.getByRole('heading', { name: 'Xác thực hai lớp' }));
    await typeCode(page, 'Mã xác thực', await nextCode(officerSecret));
    await page.waitForURL(server.url + '/');
    await visible(page.getByRole('heading', { name: new RegExp(officer.fullName) }));
    await context.close();
  });

  it('browses, adds, edits and deletes administrative units', async () => {
    const { context, page } = await newPage();
    await logIn(page, ADMIN.username, ADMIN.password, '/units');
    await page.waitForURL(/\/units$/);
    await page.getByRole('link', { name: 'Tỉnh Ninh Thuận' }).click();
    await visible(page.getByRole('heading', { name: 'Tỉnh Ninh Thuận' }));

    // A province with districts and users cannot be deleted; the server says why.
    await page.getByRole('button', { name: 'Xóa', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Xóa' }).click();
    await containsText(page.getByRole('dialog').getByRole('alert'), 'Không thể xóa');
    await page.getByRole('dialog').getByRole('button', { name: 'Hủy' }).click();

    // The search offers units with where they sit; choosing one opens its page.
    await page.getByRole('navigation').getByRole('link', { name: 'Đơn vị hành chính' }).click();
    await page.getByRole('combobox', { name: 'Tìm đơn vị' }).fill('phuoc my');
    await page.getByRole('option', { name: /Phước Mỹ/ }).first().click();
    await visible(page.getByRole('heading', { name: /Phước Mỹ/ }));
    await page.getByRole('button', { name: 'Thêm đơn vị' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Loại' }).click();
    await page.getByRole('option', { name: 'Khu phố' }).click();
    await dialog.getByRole('textbox', { name: 'Mã', exact: true }).fill('KP-E2E-1');
    await dialog.getByRole('textbox', { name: 'Tên', exact: true }).fill('Khu phố Thử Nghiệm');
    await dialog.getByRole('button', { name: 'Thêm đơn vị' }).click();
    await absent(dialog);
    await visible(page.getByRole('link', { name: 'Khu phố Thử Nghiệm' }));

    await page.getByRole('button', { name: 'Thao tác với Khu phố Thử Nghiệm' }).click();
    await page.getByRole('menuitem', { name: 'Sửa' }).click();
    await page.getByRole('dialog').getByRole('textbox', { name: 'Tên', exact: true }).fill('Khu phố Thử Nghiệm Mới');
    await page.getByRole('dialog').getByRole('button', { name: 'Lưu thay đổi' }).click();
    await visible(page.getByRole('link', { name: 'Khu phố Thử Nghiệm Mới' }));

    await page.getByRole('button', { name: 'Thao tác với Khu phố Thử Nghiệm Mới' }).click();
    await page.getByRole('menuitem', { name: 'Xóa' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Xóa' }).click();
    await absent(page.getByRole('link', { name: 'Khu phố Thử Nghiệm Mới' }));
    await context.close();
  });

  it('shows the audit log with a field-by-field diff', async () => {
    const { context, page } = await newPage();
    await logIn(page, ADMIN.username, ADMIN.password, '/audit?action=user.create');
    await page.waitForURL(/\/audit/);
    const row = page.getByRole('row', { name: /Tạo người dùng/ }).first();
    await visible(row);
    await row.getByRole('button', { name: 'Xem chi tiết thay đổi' }).click();
    await visible(page.getByRole('cell', { name: officer.username, exact: true }));
    await context.close();
  });

  it('switches to English, and the server answers in English too', async () => {
    const { context, page } = await newPage();
    await page.goto(server.url + '/login');
    await page.getByText('EN', { exact: true }).click();
    await visible(page.getByRole('heading', { name: 'Log in' }));
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill('wrong-password-1');
    await page.getByRole('button', { name: 'Log in' }).click();
    await containsText(page.getByRole('alert'), 'Wrong username or password.');
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await visible(page.getByRole('link', { name: 'Audit log' }));
    await page.getByText('VI', { exact: true }).click();
    await visible(page.getByRole('link', { name: 'Nhật ký hệ thống' }));
    await context.close();
  });

  it('fits a phone: a menu button and cards instead of the table', async () => {
    const { context, page } = await newPage({ width: 390, height: 844 });
    await logIn(page, ADMIN.username, ADMIN.password, '/users');
    await page.waitForURL(/\/users$/);
    await absent(page.getByRole('table'));
    await visible(page.getByRole('button', { name: officer.fullName }));
    await page.getByRole('button', { name: 'Mở menu' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Đơn vị hành chính' }).click();
    await page.waitForURL(/\/units$/);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await context.close();
  });
});
