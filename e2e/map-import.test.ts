import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.js';
import type { Deps } from '../src/server/context.js';
import { loadDemo, DEMO_PASSWORD } from '../src/server/demo/load.js';
import { importBoundaries } from '../src/server/features/dashboard/boundary-import.js';
import { systemClock } from '../src/server/lib/clock.js';
import { freshDatabase } from '../src/server/test/harness.js';
import { launchBrowser } from './harness.js';
import { ensureWebBuilt, logInAt, openPage, shot, textOf, visible } from './pages.js';

const FIXTURE = 'e2e/fixtures/khanh-hoa-communes.geojson';
const TINH = { username: 'tinh.khanhhoa', password: DEMO_PASSWORD };

/**
 * The demo server, started here rather than through the harness, so that the test holds its
 * database and imports a boundary file into it as the command line would (the command is a thin
 * wrapper of importBoundaries).
 */
let url = '';
let deps: Deps;
let browser: Browser;
let close: () => Promise<void>;
beforeAll(async () => {
  ensureWebBuilt();
  const { handle, drop } = await freshDatabase('sqlite');
  deps = { db: handle.db, engine: handle.engine, clock: systemClock };
  await loadDemo(deps);
  const app = await buildApp({ database: handle, webDir: resolve(process.env.WEB_DIR || 'dist/web') });
  await app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
  close = async () => {
    await app.close();
    await handle.close();
    await drop();
  };
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await close?.();
});

/** A screenshot of the map and its notes alone, when SHOTS names a folder (to look at them). */
async function shotOfMap(page: Page, name: string) {
  if (!process.env.SHOTS) return;
  const section = page.getByTestId('dashboard-map').locator('xpath=ancestor::div[contains(@class, "Paper") or contains(@class, "Stack")][2]');
  await section.first().screenshot({ path: resolve(process.env.SHOTS, name) });
}

/** The number of shapes the map's SVG draws. */
const paths = (page: Page) => page.getByTestId('dashboard-map').locator('svg path').count();

describe("today's Khánh Hòa on the map", () => {
  it('before any import: the districts of before the reform, labelled as such, with the groups counted into them', async () => {
    for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
      const { context, page } = await openPage(browser, viewport);
      await logInAt(page, `${url}/`, TINH);
      await textOf(page.getByTestId('dashboard-area')).toMatch(/^Tỉnh Khánh Hòa · tháng \d+-\d{4}$/);
      const map = page.getByTestId('dashboard-map');
      await expect.poll(() => map.getAttribute('data-layer'), { timeout: 20_000 }).toBe('before');
      await textOf(page.getByTestId('dashboard-map-before')).toBe('Ranh giới trước 1/7/2025');
      // The old Khánh Hòa's districts and Ninh Thuận's, Phan Rang-Tháp Chàm among them.
      expect((await map.getAttribute('data-areas'))?.split(' ')).toEqual(expect.arrayContaining(['568', '576', '582', '589']));
      expect(await paths(page)).toBeGreaterThan(10);
      const notes = page.getByTestId('dashboard-map-notes');
      await textOf(notes).toContain('Bản đồ các huyện cũ (đến 30/6/2025), không phải địa giới hiện hành');
      // Today's Phường Đô Vinh, formed from communes of two districts, is counted apart.
      await textOf(page.getByTestId('dashboard-map-spanning')).toMatch(/Phường Đô Vinh [\d.]+ \(Phan Rang-Tháp Chàm, Ninh Sơn\)/);
      await textOf(notes).toContain('npm run cli -- import-boundaries');
      // The old districts are not today's areas: no "n/65 areas drawn" under them.
      expect(await page.getByText(/địa bàn có ranh giới trên bản đồ/).count()).toBe(0);
      // A district's tooltip names it, says it is a former one, and counts its groups.
      const label = map.locator('svg text', { hasText: 'Ninh Sơn' }).first();
      if (viewport.width > 1000) {
        await label.hover();
        const tip = page.locator('div').filter({ hasText: /^Huyện Ninh SơnHuyện cũ, ranh giới đến 30\/6\/2025Số tổ, đội: [\d.]+$/ });
        await visible(tip);
      }
      await shot(page, `map-before-${viewport.width}.png`);
      await shotOfMap(page, `map-before-${viewport.width}-map.png`);
      await context.close();
    }
  });

  it('after importing a boundary file of its communes: the communes, today, named on the map', async () => {
    const outcome = await importBoundaries(deps, null, readFileSync(resolve(FIXTURE), 'utf8'), 'khanh-hoa-communes.geojson');
    expect(outcome).toMatchObject({ units: 6, byLevel: { commune: 6 } });
    for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
      const { context, page } = await openPage(browser, viewport);
      await logInAt(page, `${url}/`, TINH);
      const map = page.getByTestId('dashboard-map');
      await expect.poll(() => map.getAttribute('data-layer'), { timeout: 20_000 }).toBe('today');
      expect((await map.getAttribute('data-areas'))?.split(' ')).toEqual(['22738', '22741', '22759', '22780', '22834', '22840']);
      expect(await page.getByTestId('dashboard-map-before').count()).toBe(0);
      expect(await paths(page)).toBeGreaterThanOrEqual(6);
      await visible(page.getByText(/^6\/\d+ địa bàn có ranh giới trên bản đồ\.$/));
      await visible(map.locator('svg text', { hasText: 'Bảo An' }));
      if (viewport.width > 1000) {
        await map.locator('svg text', { hasText: 'Bảo An' }).first().hover();
        await visible(page.locator('div').filter({ hasText: /^Phường Bảo AnSố tổ, đội: [\d.]+/ }));
      }
      await shot(page, `map-imported-${viewport.width}.png`);
      await shotOfMap(page, `map-imported-${viewport.width}-map.png`);
      // A commune on the map opens its own dashboard.
      await map.locator('svg text', { hasText: 'Bảo An' }).first().click();
      await textOf(page.getByTestId('dashboard-area')).toMatch(/^Phường Bảo An · /);
      await context.close();
    }
  });

  it("a commune officer's commune: the district it lay in before the reform, its own outline over it", async () => {
    const { context, page } = await openPage(browser, { width: 390, height: 844 });
    await logInAt(page, `${url}/`, { username: 'xa.baoan', password: DEMO_PASSWORD });
    await textOf(page.getByTestId('dashboard-area')).toMatch(/^Phường Bảo An · /);
    const map = page.getByTestId('dashboard-map');
    await expect.poll(() => map.getAttribute('data-layer'), { timeout: 20_000 }).toBe('before');
    expect(await map.getAttribute('data-areas')).toBe('582');
    await textOf(page.getByTestId('dashboard-map-before')).toBe('Ranh giới trước 1/7/2025');
    await textOf(page.getByTestId('dashboard-map-notes')).toContain(
      'Bản đồ vẽ Thành phố Phan Rang-Tháp Chàm (đến 30/6/2025), nơi các xã, phường hợp thành Phường Bảo An từng thuộc về; đường viền đậm là ranh giới hiện nay của Phường Bảo An.',
    );
    await shot(page, 'map-commune-390.png');
    await shotOfMap(page, 'map-commune-390-map.png');
    await context.close();
  });
});
