/**
 * Benchmark: the first screens a village group leader opens, the login page and the home page,
 * on a phone (360 × 740) over Chrome DevTools' "Slow 4G" with the CPU slowed four times, through
 * the real server with the built web app and the demo data, in Debian's Chromium.
 *
 *   npx vite build && npx tsx bench/first-screen.ts [--web dist/web] [--runs 5]
 *
 * Each run starts with an empty cache. For each page: the script and CSS received (bytes on the
 * wire, as the browser counts them, with its usual Accept-Encoding), the first contentful paint,
 * and the time until the page can be used: the login form on screen, the home page's counts
 * per type (its stat cards) on screen. Medians of the runs are printed.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import { chromium, type Page } from 'playwright-core';
import { buildApp } from '../src/server/app.js';
import { freshDatabase } from '../src/server/test/harness.js';
import { systemClock } from '../src/server/lib/clock.js';
import { DEMO_PASSWORD, loadDemo } from '../src/server/demo/load.js';

const { values } = parseArgs({
  options: {
    web: { type: 'string', default: process.env.WEB_DIR || 'dist/web' },
    runs: { type: 'string', default: '5' },
    /** Also print each script and style sheet received, with its size. */
    list: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);

/**
 * Chrome DevTools' "Slow 4G" preset (front_end/core/sdk/NetworkManager.ts): 1.6 Mbit/s down and
 * 750 kbit/s up, each times 0.9, and 150 ms of round trip times 3.75; Lighthouse's mobile
 * profile pairs it with a CPU four times slower.
 */
const SLOW_4G = { offline: false, latency: 150 * 3.75, downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9, uploadThroughput: ((750 * 1000) / 8) * 0.9 };
const CPU_SLOWDOWN = 4;
const PHONE = { width: 360, height: 740 };
const GROUP_LEADER = { username: 'to.baoan', password: DEMO_PASSWORD };

/** What the page must show to be usable, as a CSS selector. */
const READY = {
  login: 'form input[name="username"]',
  home: '[data-testid^="dashboard-card-"]',
} as const;

interface Sample {
  /** Script and CSS received (bytes on the wire, headers included) for files asked for before the page was usable. */
  firstScreen: number;
  /** The same, for every file the page loaded before its network went quiet (what follows the first screen too). */
  all: number;
  files: [string, number][];
  fcp: number;
  usable: number;
}

/**
 * Records, inside the page, when the selector first matches: no polling from outside. (A string,
 * not a function: tsx would add helpers to a function that the page does not have.)
 */
function watchFor(page: Page, selector: string): Promise<unknown> {
  return page.addInitScript(`
    new MutationObserver((_, observer) => {
      if (document.querySelector(${JSON.stringify(selector)})) {
        window.__ready = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  `);
}

async function measure(url: string, which: keyof typeof READY): Promise<Sample> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'vi-VN' });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    if (which === 'home') {
      // Signed in at full speed first; then the home page is opened again with an empty cache.
      await page.goto(`${url}/login`);
      await page.locator('input[name="username"]').fill(GROUP_LEADER.username);
      await page.locator('input[name="password"]').fill(GROUP_LEADER.password);
      await page.locator('form button[type="submit"]').click();
      await page.locator(READY.home).first().waitFor({ timeout: 60_000 });
      await cdp.send('Network.clearBrowserCache');
    }
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    await watchFor(page, READY[which]);
    await page.goto(`${url}${which === 'login' ? '/login' : '/'}`);
    await page.waitForFunction(() => (window as unknown as { __ready?: number }).__ready !== undefined, null, { timeout: 120_000 });
    await page.waitForLoadState('networkidle', { timeout: 120_000 });
    const { fcp, usable, files } = await page.evaluate(`({
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
      usable: window.__ready,
      files: performance.getEntriesByType('resource')
        .filter((e) => /\\.(js|css)$/.test(new URL(e.name).pathname))
        .map((e) => ({ path: new URL(e.name).pathname, start: e.startTime, bytes: e.transferSize })),
    })`) as { fcp: number; usable: number; files: { path: string; start: number; bytes: number }[] };
    const sum = (list: typeof files) => list.reduce((total, f) => total + f.bytes, 0);
    return {
      firstScreen: sum(files.filter((f) => f.start < usable)),
      all: sum(files),
      files: files.map((f) => [`${f.path}${f.start < usable ? '' : ' (after)'}`, f.bytes]),
      fcp,
      usable,
    };
  } finally {
    await browser.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const { handle, drop } = await freshDatabase('sqlite');
await loadDemo({ db: handle.db, engine: handle.engine, clock: systemClock });
const app = await buildApp({ database: handle, webDir: resolve(values.web) });
await app.listen({ port: 0, host: '127.0.0.1' });
const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
try {
  console.log(`web app: ${values.web}; ${runs} cold runs per page; Slow 4G (${SLOW_4G.latency} ms, ${SLOW_4G.downloadThroughput} B/s down, ${SLOW_4G.uploadThroughput} B/s up), CPU ÷${CPU_SLOWDOWN}, ${PHONE.width}×${PHONE.height}`);
  for (const which of ['login', 'home'] as const) {
    const samples: Sample[] = [];
    for (let i = 0; i < runs; i++) samples.push(await measure(url, which));
    if (values.list) for (const [file, size] of samples[0]!.files.sort((a, b) => b[1] - a[1])) console.log(`${String(size).padStart(9)} ${file}`);
    const kb = (key: 'firstScreen' | 'all') => `${(median(samples.map((x) => x[key])) / 1024).toFixed(0)} KB`;
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log(
      `${which.padEnd(6)} script + CSS ${kb('firstScreen')} for the first screen (${kb('all')} with what follows) · ` +
        `first contentful paint ${s(median(samples.map((x) => x.fcp)))} · usable ${s(median(samples.map((x) => x.usable)))}`,
    );
  }
} finally {
  await app.close();
  await handle.close();
  await drop();
}
