import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { ADMIN } from './harness.js';

/** A fresh browser context (no cookies) in Vietnamese, and a page in it. */
export async function openPage(browser: Browser, viewport = { width: 1366, height: 800 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'vi-VN' });
  const page = await context.newPage();
  return { context, page };
}

/** Goes to a page and logs in on the login screen it leads to. */
export async function logInAt(page: Page, url: string, user: { username: string; password: string } = ADMIN): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Tên đăng nhập').fill(user.username);
  await page.getByLabel('Mật khẩu').fill(user.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

/** Types a date into a date field (11/5/2018), then leaves it, as a user would. */
export async function typeDate(scope: Locator, label: string, text: string): Promise<void> {
  const field = scope.getByRole('textbox', { name: label });
  await field.fill(text);
  await field.press('Tab');
}

/** Opens a select and picks an option. */
export async function choose(page: Page, scope: Locator, label: string, option: string): Promise<void> {
  await scope.getByRole('textbox', { name: label }).or(scope.getByRole('combobox', { name: label })).first().click();
  await page.getByRole('option', { name: option, exact: true }).click();
}
