import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/server/demo/load.js';
import { demoForTests, logInAt, openPage, shot, textOf, visible } from './pages.js';

const demo = demoForTests();

describe('a user whose area has ended', () => {
  it('sees the old province as it was on its last day, told that it ended and that access awaits re-scoping', async () => {
    const { context, page } = await openPage(demo.browser);
    await logInAt(page, `${demo.url}/`, { username: 'tinh.ninhthuan', password: DEMO_PASSWORD });

    const notice = page.getByTestId('ended-scope');
    await visible(notice);
    await textOf(notice).toContain('Địa bàn Tỉnh Ninh Thuận đã kết thúc');
    await textOf(notice).toContain('đã kết thúc từ ngày 1/7/2025');
    await textOf(notice).toContain('nay thuộc Tỉnh Khánh Hòa');
    await textOf(notice).toContain('chờ quản trị viên phân lại địa bàn');

    // The dashboard of the old province on 30 June 2025, counted as the census counts it.
    await textOf(page.getByTestId('dashboard-area')).toContain('Tỉnh Ninh Thuận');
    await textOf(page.getByTestId('dashboard-area')).toContain('30/6/2025');
    const rows = await page.evaluate(async () => (await (await fetch('/api/census?unit=58&date=2025-06-30')).json()).rows as { type: { code: string }; groups: number }[]);
    const selfManaged = rows.find((r) => r.type.code === 'to-tu-quan')!.groups;
    expect(selfManaged).toBeGreaterThan(0);
    await textOf(page.getByTestId('dashboard-card-to-tu-quan').getByTestId('groups')).toBe(selfManaged.toLocaleString('vi-VN'));
    // No error anywhere on the page.
    expect(await page.getByText('Không tìm thấy').count()).toBe(0);
    await shot(page, 'ended-scope-58-1366.png');
    await context.close();
  });
});
