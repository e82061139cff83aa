import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { guardConsole } from './console-guard.js';
import { buildApp } from '../src/server/app.js';
import { freshDatabase } from '../src/server/test/harness.js';
import { systemClock } from '../src/server/lib/clock.js';
import { bootstrapAdmin } from '../src/server/features/users/bootstrap.js';
import { loadOfficialList, officialList } from '../src/server/features/units/official-list.js';
import { importUnitsFile } from '../src/server/features/units/imports.js';
import { loadDemo } from '../src/server/demo/load.js';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const ADMIN = { username: 'admin', password: 'Quan-tri-he-thong-2026' };

const OFFICIAL_LIST = 'data/admin-units/vn-units-2025-03-01.json';
const REFORM = 'data/admin-units/vn-reform-2025-07-01.json';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export interface ServerOptions {
  /**
   * The whole official list, then the 2025 reform, instead of only the units of Ninh Thuận
   * and Khánh Hòa.
   */
  reform?: boolean;
  /** With `reform`: runs once the server listens on the official list alone, before the reform is imported. */
  beforeReform?: (server: { url: string }) => Promise<void>;
  /**
   * The demo instead: the whole official list, Ninh Thuận's villages, groups and members, the
   * 2025 reform, and the demo's accounts (password `DEMO_PASSWORD`). Takes a few seconds.
   */
  demo?: boolean;
}

/**
 * The real server on a free port, over a fresh SQLite database, with the built web app.
 * By default it holds the units of Ninh Thuận and Khánh Hòa from the official list; with
 * `reform`, the whole list and the 2025 reform; with `demo`, the demo. Build the web app first (`npm run build`).
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  // WEB_DIR, as for the server: a build of its own for a test run beside another.
  const webDir = resolve(process.env.WEB_DIR || 'dist/web');
  if (!existsSync(resolve(webDir, 'index.html'))) throw new Error('The web app is not built: run `npm run build` first.');
  const { handle, drop } = await freshDatabase('sqlite');
  const deps = { db: handle.db, engine: handle.engine, clock: systemClock };
  if (options.demo) {
    await loadDemo(deps);
  } else if (options.reform) {
    await importUnitsFile(deps, null, readFileSync(resolve(OFFICIAL_LIST), 'utf8'), 'vn-units-2025-03-01.json');
  } else {
    const raw = JSON.parse(readFileSync(resolve(OFFICIAL_LIST), 'utf8'));
    await loadOfficialList(deps, officialList.parse(raw), ['58', '56']);
  }
  await bootstrapAdmin(deps, ADMIN.username, ADMIN.password);
  const app = await buildApp({ database: handle, webDir });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  if (options.reform) {
    await options.beforeReform?.({ url });
    await importUnitsFile(deps, null, readFileSync(resolve(REFORM), 'utf8'), 'vn-reform-2025-07-01.json');
  }
  return {
    url,
    async close() {
      await app.close();
      await handle.close();
      await drop();
    },
  };
}

/** A signed-in API session, for setting up what a page test does not exercise itself. */
export async function apiSession(url: string, account = ADMIN) {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  });
  if (!login.ok) throw new Error(`Login of ${account.username} failed: ${login.status}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(url + path, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  return {
    get: <T>(path: string) => call<T>('GET', path),
    post: <T>(path: string, body: unknown) => call<T>('POST', path, body),
    /** The unit carrying `code` on `date`. */
    async unit(code: string, date: string): Promise<{ id: string; name: string }> {
      const { items } = await call<{ items: { id: string; code: string; name: string }[] }>('GET', `/api/units?q=${code}&date=${date}`);
      const found = items.find((u) => u.code === code);
      if (!found) throw new Error(`No unit ${code} on ${date}`);
      return found;
    },
  };
}

/** Debian's Chromium, headless, with nothing that would reach out to the network. */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
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
  // Every page it opens fails its test on an error in the console (console-guard.ts).
  return guardConsole(browser);
}
