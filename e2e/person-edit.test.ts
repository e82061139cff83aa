import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/server/demo/load.js';
import { apiSession } from './harness.js';
import { containsText, demoForTests, logInAt, openPage, textOf, visible } from './pages.js';

const demo = demoForTests();
const OFFICER = { username: 'xa.baoan', password: DEMO_PASSWORD };

describe('person page: a correction', () => {
  it('lets the commune officer correct the name and the phone on a phone, and shows the change', async () => {
    const api = await apiSession(demo.url, OFFICER);
    const baoAn = await api.unit('22741', '2025-03-01');
    const person = await api.post<{ id: string }>('/api/people', { fullName: 'Nguyen Thi Thu', gender: 'female', birthYear: 1992, phone: '0912000111', addressUnitId: baoAn.id });

    const { context, page } = await openPage(demo.browser, { width: 390, height: 844 });
    await logInAt(page, `${demo.url}/people/${person.id}`, OFFICER);
    await visible(page.getByRole('heading', { name: 'Nguyen Thi Thu' }));
    await page.getByRole('button', { name: 'Sửa thông tin' }).click();

    const dialog = page.getByRole('dialog', { name: 'Sửa thông tin người' });
    await visible(dialog);
    const name = dialog.getByRole('textbox', { name: 'Họ và tên' });
    expect(await name.inputValue()).toBe('Nguyen Thi Thu');
    await name.fill('Nguyễn Thị Thu');
    await dialog.getByRole('textbox', { name: 'Điện thoại' }).fill('+84 987 654 321');
    const saved = page.waitForResponse((r) => r.url().endsWith(`/api/people/${person.id}`) && r.request().method() === 'PATCH');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    expect((await saved).status()).toBe(200);

    await expect.poll(() => dialog.count()).toBe(0);
    await textOf(page.getByRole('heading', { name: 'Nguyễn Thị Thu' })).toContain('Nguyễn Thị Thu');
    await containsText(page.locator('main'), '0987654321');
    // Nothing spills sideways at 390px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
  });
});
