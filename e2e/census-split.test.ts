import type { Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/server/demo/load.js';
import { absent, demoForTests, logInAt, textOf, visible } from './pages.js';

const demo = demoForTests();

const logIn = (page: Page, path: string) => logInAt(page, demo.url + path, { username: 'tinh.khanhhoa', password: DEMO_PASSWORD });

describe('census of a split commune', () => {
  it('shows a successor the groups awaiting placement apart from its figures, and the province the undetermined line', async () => {
    const context = await demo.browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'vi-VN' });
    const page = await context.newPage();
    await logIn(page, '/census?unit=22888&date=2026-01');
    await textOf(page.getByTestId('census-sentence')).toMatch(/^Tính đến tháng 1-2026, toàn xã có 93 Tổ nhân dân tự quản/);
    await visible(page.getByRole('heading', { name: 'Chờ xếp vào xã, phường: có thể thuộc địa bàn này' }));
    await textOf(page.getByTestId('census-awaiting')).toContain('58');

    await page.goto(`${demo.url}/census?unit=56&date=2026-01`);
    await visible(page.getByText('Chưa xác định xã/phường'));
    await absent(page.getByTestId('census-awaiting'));
    await context.close();
  });
});
