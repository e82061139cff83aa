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
    // Its seven districts of that day, not the none it has today.
    const childUnits = page.getByRole('button', { name: 'Đơn vị trực thuộc Tỉnh Ninh Thuận' });
    await textOf(childUnits).toMatch(/Tỉnh Ninh Thuận\s*7\s*/);
    await textOf(childUnits).not.toContain('Chưa có đơn vị trực thuộc');
    // No error anywhere on the page.
    expect(await page.getByText('Không tìm thấy').count()).toBe(0);
    await shot(page, 'ended-scope-58-1366.png');

    // The census page opens on the same last day.
    await page.goto(`${demo.url}/census`);
    await textOf(page.getByTestId('census-sentence')).toContain(`Tính đến ngày 30/6/2025, toàn tỉnh có ${selfManaged.toLocaleString('vi-VN')} Tổ nhân dân tự quản`);
    expect(await page.getByText('Không tìm thấy').count()).toBe(0);

    // A group of the old province: its history names the reorganisation that moved it, read-only.
    const id = await page.evaluate(async () => (await (await fetch('/api/groups?unit=58&date=2025-06-30&pageSize=1')).json()).items[0].id as string);
    await page.goto(`${demo.url}/groups/${id}`);
    const timeline = page.getByRole('region', { name: 'Quá trình hoạt động' });
    await textOf(timeline).toContain('Căn cứ: Sắp xếp đơn vị hành chính 2025');
    await textOf(timeline).not.toContain('.json');
    expect(await page.getByRole('button', { name: 'Đổi trạng thái' }).count()).toBe(0);
    await shot(page, 'ended-scope-group-1366.png');
    await context.close();
  });
});
