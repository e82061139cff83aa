import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { buildApp, type AppOptions } from '../app.js';
import { openDatabase, type DatabaseHandle, type Engine } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import type { Deps } from '../context.js';
import type { Clock } from '../lib/clock.js';
import { nationwide } from '../auth/scope.js';
import { createAccount } from '../features/users/service.js';
import { loadOfficialList, officialList } from '../features/units/official-list.js';
import { findOpenUnitByCode } from '../features/units/lookup.js';
import type { Role } from '../../shared/users.js';

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set. */
export const engines: Engine[] = ['sqlite', ...(process.env.TEST_DATABASE_URL ? (['postgres'] as const) : [])];

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  constructor(public ms = Date.parse('2026-03-02T08:00:00Z')) {}
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export const TEST_PASSWORD = 'Mat-khau-2026';

/** A fresh, migrated database: a new SQLite file, or a new PostgreSQL schema. */
export async function freshDatabase(engine: Engine): Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tq-test-'));
    const handle = openDatabase({ engine: 'sqlite', file: join(dir, 'test.sqlite') });
    await migrateToLatest(handle);
    return { handle, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const url = process.env.TEST_DATABASE_URL!;
  const schema = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const handle = openDatabase({ engine: 'postgres', url, schema, poolSize: 4 });
  await migrateToLatest(handle);
  return {
    handle,
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}

/** A browser-like client over app.inject(): keeps the cookie and sends the anti-forgery token. */
export class TestClient {
  cookie: string | null = null;
  csrf: string | null = null;
  constructor(
    private readonly app: FastifyInstance,
    public lang: 'vi' | 'en' = 'vi',
    public ip = '10.0.0.1',
  ) {}

  async request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const h: Record<string, string> = { 'accept-language': this.lang, ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET' && !('x-csrf-token' in headers)) h['x-csrf-token'] = this.csrf;
    const res = await this.app.inject({
      method: method as 'GET',
      url,
      headers: h,
      remoteAddress: this.ip,
      ...(body === undefined ? {} : { payload: body as object }),
    });
    const set = res.cookies.find((c) => c.name === 'tq_session');
    if (set) this.cookie = set.value ? `tq_session=${set.value}` : null;
    return res;
  }

  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request('POST', url, body ?? {}, headers);
  }
  patch(url: string, body: unknown) {
    return this.request('PATCH', url, body);
  }
  put(url: string, body: unknown) {
    return this.request('PUT', url, body);
  }
  delete(url: string) {
    return this.request('DELETE', url);
  }

  async login(username: string, password = TEST_PASSWORD, totp?: string): Promise<LightMyRequestResponse> {
    const res = await this.post('/api/auth/login', { username, password, ...(totp ? { totp } : {}) });
    if (res.statusCode === 200) this.csrf = res.json().csrfToken;
    return res;
  }
}

export interface TestContext {
  app: FastifyInstance;
  deps: Deps;
  clock: TestClock;
  engine: Engine;
  client(lang?: 'vi' | 'en', ip?: string): TestClient;
  /** A client logged in as a new user with this role over the unit with this code (null = nationwide). */
  as(role: Role, unitCode: string | null, username?: string): Promise<TestClient>;
  makeUser(role: Role, unitCode: string | null, username?: string, password?: string): Promise<{ id: string; username: string }>;
  unitId(code: string): Promise<string>;
  auditRows(action?: string): Promise<{ action: string; entity_id: string | null; actor_username: string | null; before_json: string | null; after_json: string | null }[]>;
  close(): Promise<void>;
}

let counter = 0;

/**
 * A test app on a fresh database holding the real units of Ninh Thuận (58) and Khánh Hòa (56)
 * from the official list (or other provinces, or none), so scopes are tested on real places.
 */
export async function createTestContext(engine: Engine, options: { provinces?: string[] | 'none'; logger?: AppOptions['logger'] } = {}): Promise<TestContext> {
  const { handle, drop } = await freshDatabase(engine);
  const clock = new TestClock();
  const deps: Deps = { db: handle.db, engine, clock };
  const provinces = options.provinces ?? ['58', '56'];
  if (provinces !== 'none') {
    const raw = JSON.parse(readFileSync(resolve('data/admin-units/vn-units-2025-03-01.json'), 'utf8'));
    await loadOfficialList(deps, officialList.parse(raw), provinces);
  }
  const app = await buildApp({ database: handle, clock, logger: options.logger });
  await app.ready();

  const unitId = async (code: string) => (await findOpenUnitByCode(deps, code))?.id ?? Promise.reject(new Error(`no unit ${code}`));
  const makeUser = async (role: Role, unitCode: string | null, username?: string, password = TEST_PASSWORD) => {
    const name = username ?? `${role.replace('_', '')}${++counter}`;
    const { user } = await createAccount(deps, null, nationwide, {
      username: name,
      fullName: `Người dùng ${name}`,
      role,
      scopeUnitId: unitCode ? await unitId(unitCode) : null,
      password,
    });
    return { id: user.id, username: user.username };
  };
  const client = (lang: 'vi' | 'en' = 'vi', ip = '10.0.0.1') => new TestClient(app, lang, ip);
  return {
    app,
    deps,
    clock,
    engine,
    client,
    makeUser,
    unitId,
    async as(role, unitCode, username) {
      const u = await makeUser(role, unitCode, username);
      const c = client();
      const res = await c.login(u.username);
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
      return c;
    },
    async auditRows(action) {
      let q = handle.db.selectFrom('audit_log').select(['action', 'entity_id', 'actor_username', 'before_json', 'after_json']).orderBy('at').orderBy('id');
      if (action) q = q.where('action', '=', action);
      return q.execute();
    },
    async close() {
      await app.close();
      await handle.close();
      await drop();
    },
  };
}
