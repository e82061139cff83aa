import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/server/demo/load.js';
import { demoForTests, logInAt, openPage, shot, textOf, visible } from './pages.js';

const demo = demoForTests();

interface CensusRow {
  type: { code: string };
  groups: number;
}

/** The census of an area, asked by the page's own session. */
async function census(page: Page, unit: string, date: string): Promise<Record<string, number>> {
  const rows = await page.evaluate(async ([u, d]) => (await (await fetch(`/api/census?unit=${u}&date=${d}`)).json()).rows, [unit, date] as const);
  return Object.fromEntries((rows as CensusRow[]).map((r) => [r.type.code, r.groups]));
}

/** What the stat cards say, per type: "2.596" → 2596. */
async function cards(page: Page, types: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const type of types) {
    out[type] = Number(((await page.getByTestId(`dashboard-card-${type}`).getByTestId('groups').textContent()) ?? '').replace(/\./g, ''));
  }
  return out;
}

const unitInUrl = (page: Page) => new URL(page.url()).searchParams.get('unit')?.replace(/"/g, '');

describe('dashboard', () => {
  it("shows Ninh Thuận in April 2018 to the province's staff, on a map that opens a district", async () => {
    const { context, page } = await openPage(demo.browser);
    await logInAt(page, `${demo.url}/?unit=58&date=2018-04`, { username: 'tinh.khanhhoa', password: DEMO_PASSWORD });
    await textOf(page.getByTestId('dashboard-area')).toBe('Tỉnh Ninh Thuận · tháng 4-2018');
    await textOf(page.getByTestId('dashboard-card-to-tu-quan').getByTestId('groups')).toBe('2.596');
    await textOf(page.getByTestId('dashboard-card-to-tu-quan')).toContain('4.425 thành viên');
    await textOf(page.getByTestId('dashboard-card-doi-dan-phong').getByTestId('groups')).toBe('20');

    // The map draws the seven districts, named on it.
    const map = page.getByTestId('dashboard-map');
    await expect.poll(async () => (await map.getAttribute('data-areas'))?.split(' ')).toEqual(['582', '584', '585', '586', '587', '588', '589']);
    const labels = ['Phan Rang-Tháp Chàm', 'Bác Ái', 'Ninh Sơn', 'Ninh Hải', 'Ninh Phước', 'Thuận Bắc', 'Thuận Nam'];
    for (const name of labels) await visible(map.locator('svg text', { hasText: name }));
    await shot(page, 'dashboard-58-1366.png');

    // A click on a district on the map opens its own dashboard, whose totals are its census.
    await map.locator('svg text', { hasText: 'Bác Ái' }).first().click();
    await textOf(page.getByTestId('dashboard-area')).toBe('Huyện Bác Ái · tháng 4-2018');
    expect(unitInUrl(page)).toBe('584');
    const types = ['to-tu-quan', 'doi-dan-phong', 'to-an-ninh-xung-kich', 'toc-ho-tu-quan'];
    const expected = await census(page, '584', '2018-04');
    expect(expected['to-tu-quan']).toBeGreaterThan(0);
    await expect.poll(() => cards(page, types), { timeout: 20_000 }).toEqual(Object.fromEntries(types.map((t) => [t, expected[t]])));
    // Its communes have no boundary: the page says so and ranks them in a table.
    await visible(page.getByTestId('dashboard-no-map'));
    await visible(page.getByRole('button', { name: 'Xã Phước Bình', exact: true }));

    // Back on the province, a row of the ranking opens a district too.
    await page.goBack();
    await textOf(page.getByTestId('dashboard-area')).toBe('Tỉnh Ninh Thuận · tháng 4-2018');
    await page.getByRole('button', { name: 'Huyện Ninh Sơn', exact: true }).click();
    await textOf(page.getByTestId('dashboard-area')).toBe('Huyện Ninh Sơn · tháng 4-2018');
    const ninhSon = await census(page, '585', '2018-04');
    await expect.poll(() => cards(page, ['to-tu-quan']), { timeout: 20_000 }).toEqual({ 'to-tu-quan': ninhSon['to-tu-quan'] });

    // A click on the chart's last month opens that month's census.
    const chart = page.getByTestId('dashboard-trend');
    const box = (await chart.boundingBox())!;
    await chart.click({ position: { x: box.width - 20, y: box.height / 2 } });
    await expect.poll(() => new URL(page.url()).pathname).toBe('/census');
    expect(new URL(page.url()).searchParams.get('date')).toBe('2018-04');
    await textOf(page.getByTestId('census-sentence')).toMatch(/^Tính đến tháng 4-2018, toàn huyện có /);
    await context.close();
  });

  it("opens on a commune officer's own commune", async () => {
    const { context, page } = await openPage(demo.browser, { width: 390, height: 844 });
    await logInAt(page, `${demo.url}/`, { username: 'xa.baoan', password: DEMO_PASSWORD });
    await textOf(page.getByTestId('dashboard-area')).toMatch(/^Phường Bảo An · tháng \d+-\d{4}$/);
    const month = new Date().toISOString().slice(0, 7);
    const expected = await census(page, '22741', month);
    expect(expected['to-tu-quan']).toBeGreaterThan(0);
    await expect.poll(() => cards(page, ['to-tu-quan', 'doi-dan-phong']), { timeout: 20_000 }).toEqual({
      'to-tu-quan': expected['to-tu-quan'],
      'doi-dan-phong': expected['doi-dan-phong'],
    });
    await shot(page, 'dashboard-22741-390.png');
    await context.close();
  });
});
