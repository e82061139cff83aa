import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/server/demo/load.js';
import { demoForTests, logInAt, openPage, visible } from './pages.js';

const demo = demoForTests();

/** Every error the page writes to its console or throws without catching, as text. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  return errors;
}

describe('a commune officer going round the app', () => {
  it('leaves no error in the browser console, even on a page refused by URL', async () => {
    const { context, page } = await openPage(demo.browser);
    const errors = collectErrors(page);
    try {
      await page.goto(`${demo.url}/login`);
      await visible(page.getByRole('button', { name: 'Đăng nhập' }));
      await logInAt(page, `${demo.url}/login`, { username: 'xa.baoan', password: DEMO_PASSWORD });
      await page.waitForURL((u) => u.pathname === '/');
      await visible(page.getByTestId('dashboard-area'));

      await page.goto(`${demo.url}/groups`);
      const firstGroup = page.locator('a[href^="/groups/"]').filter({ hasNotText: /^$/ });
      await visible(firstGroup);
      const href = await firstGroup.first().getAttribute('href');
      expect(href).toMatch(/^\/groups\/[^/]+$/);

      await page.goto(demo.url + href!);
      await visible(page.getByRole('heading'));

      await page.goto(`${demo.url}/census`);
      await visible(page.getByRole('heading'));

      // Only an administrator changes the roles: the page says so, and throws nothing.
      await page.goto(`${demo.url}/roles`);
      await visible(page.getByText("Không có quyền truy cập"));
      await page.waitForTimeout(500);

      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});

describe('a census outside one\'s area', () => {
  it('is refused without offering to try again, and cannot be exported', async () => {
    const { context, page } = await openPage(demo.browser);
    try {
      await logInAt(page, `${demo.url}/census?unit=56&date=2026-01`, { username: 'xa.baoan', password: DEMO_PASSWORD });
      await visible(page.getByRole('alert').or(page.locator('.mantine-Alert-root')));
      await expect.poll(() => page.getByRole('button', { name: 'Thử lại' }).count()).toBe(0);
      await expect.poll(() => page.getByRole('button', { name: 'Tải báo cáo (.docx)' }).isDisabled()).toBe(true);
      const excel = page.getByText('Xuất Excel').locator('xpath=ancestor::*[self::a or self::button][1]');
      await expect.poll(() => excel.getAttribute('href')).toBeNull();
      await expect.poll(() => excel.getAttribute('data-disabled')).toBe('true');
    } finally {
      await context.close();
    }
  }, 60_000);
});
