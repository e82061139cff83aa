import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { buildApp } from '../src/server/app.js';
import { freshDatabase } from '../src/server/test/harness.js';
import { systemClock } from '../src/server/lib/clock.js';
import { bootstrapAdmin } from '../src/server/features/users/bootstrap.js';
import { loadOfficialList, officialList } from '../src/server/features/units/official-list.js';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const ADMIN = { username: 'admin', password: 'QuanTri-2026' };

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The real server on a free port, over a fresh SQLite database holding the units of Ninh
 * Thuận and Khánh Hòa, with the built web app. Build it first (`npm run build`).
 */
export async function startServer(): Promise<RunningServer> {
  const webDir = resolve('dist/web');
  if (!existsSync(resolve(webDir, 'index.html'))) throw new Error('The web app is not built: run `npm run build` first.');
  const { handle, drop } = await freshDatabase('sqlite');
  const deps = { db: handle.db, engine: handle.engine, clock: systemClock };
  const raw = JSON.parse(readFileSync(resolve('data/admin-units/vn-units-2025-03-01.json'), 'utf8'));
  await loadOfficialList(deps, officialList.parse(raw), ['58', '56']);
  await bootstrapAdmin(deps, ADMIN.username, ADMIN.password);
  const app = await buildApp({ database: handle, webDir });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await handle.close();
      await drop();
    },
  };
}

/** Debian's Chromium, headless, with nothing that would reach out to the network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
