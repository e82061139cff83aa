import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { ConfigError, loadConfig } from './config.js';
import { engines } from './test/harness.js';

const root = resolve(fileURLToPath(new URL('../../', import.meta.url)));
const cwd = resolve(tmpdir(), 'tu-quan-install');

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env, cwd);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).not.toContain('\n');
    expect(message.length).toBeGreaterThan(10);
    return error as ConfigError;
  }
  throw new Error(`no ConfigError for ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('has working defaults: port 3000, a SQLite file under var/ and the web app in dist/web, both in the product’s folder wherever it is started from', () => {
    const c = loadConfig({}, cwd);
    expect(c.port).toBe(3000);
    expect(c.dataDir).toBe(join(root, 'var'));
    expect(c.database).toEqual({ engine: 'sqlite', file: join(root, 'var', 'tu-quan.sqlite') });
    expect(c.webDir).toBe(join(root, 'dist', 'web'));
    expect(loadConfig({}, '/')).toEqual(c);
    expect(c.adminPassword).toBeUndefined();
    expect(c.secureCookies).toBe(false);
    expect(c.trustProxy).toBe(false);
  });

  it('reads PORT and DATA_DIR, relative to the working directory or absolute', () => {
    expect(loadConfig({ PORT: '8080' }, cwd).port).toBe(8080);
    expect(loadConfig({ PORT: '65535' }, cwd).port).toBe(65535);
    const relative = loadConfig({ DATA_DIR: 'du-lieu' }, cwd);
    expect(relative.dataDir).toBe(join(cwd, 'du-lieu'));
    expect(relative.database).toEqual({ engine: 'sqlite', file: join(cwd, 'du-lieu', 'tu-quan.sqlite') });
    const absolute = resolve(tmpdir(), 'tq-data');
    expect(loadConfig({ DATA_DIR: absolute }, cwd).database).toEqual({ engine: 'sqlite', file: join(absolute, 'tu-quan.sqlite') });
    expect(loadConfig({ WEB_DIR: 'web' }, cwd).webDir).toBe(join(cwd, 'web'));
  });

  it('switches to PostgreSQL when DATABASE_URL is postgres:// or postgresql://', () => {
    const url = 'postgres://tq:secret@db.example.vn:5432/tuquan';
    expect(loadConfig({ DATABASE_URL: url }, cwd).database).toEqual({ engine: 'postgres', url });
    const url2 = 'postgresql://tq@db.example.vn/tuquan';
    expect(loadConfig({ DATABASE_URL: url2, DATA_DIR: 'x' }, cwd).database).toEqual({ engine: 'postgres', url: url2 });
    expect(loadConfig({ DATABASE_URL: 'sqlite:./khac.sqlite' }, cwd).database).toEqual({ engine: 'sqlite', file: join(cwd, 'khac.sqlite') });
  });

  it('stops on a wrong PORT with a one-line explanation', () => {
    for (const port of ['abc', '70000', '0', '-1', '30.5', '3000abc']) {
      const e = configError({ PORT: port });
      expect(e.message).toContain('PORT');
      expect(e.message).toContain(port);
    }
  });

  it('stops on a DATABASE_URL of another engine, without showing its password', () => {
    const e = configError({ DATABASE_URL: 'mysql://root:bi-mat-lam@db.example.vn/tuquan' });
    expect(e.message).toContain('DATABASE_URL');
    expect(e.message).toContain('postgres://');
    expect(e.message).not.toContain('bi-mat-lam');
    const broken = configError({ DATABASE_URL: 'postgres://tq:bi-mat-lam@[bad/tuquan' });
    expect(broken.message).not.toContain('bi-mat-lam');
  });

  it('stops on a short ADMIN_PASSWORD and other wrong settings', () => {
    expect(configError({ ADMIN_PASSWORD: 'ngan123' }).message).toContain('ADMIN_PASSWORD');
    expect(loadConfig({ ADMIN_PASSWORD: 'Du-dai-roi-2026' }, cwd).adminPassword).toBe('Du-dai-roi-2026');
    expect(configError({ ADMIN_PASSWORD: 'password1234' }).message).toContain('common or breached');
    expect(configError({ ADMIN_USERNAME: 'quản trị' }).message).toContain('ADMIN_USERNAME');
    expect(configError({ LOG_LEVEL: 'verbose' }).message).toContain('LOG_LEVEL');
    expect(configError({ SECURE_COOKIES: 'maybe' }).message).toContain('SECURE_COOKIES');
    expect(loadConfig({ SECURE_COOKIES: 'true', TRUST_PROXY: '1' }, cwd)).toMatchObject({ secureCookies: true, trustProxy: true });
  });
});

// ---------------------------------------------------------------------------------------------
// Start-up as a process, as an operator runs it.

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const running: Run[] = [];
const temporary: string[] = [];

afterEach(async () => {
  for (const run of running.splice(0)) await stop(run);
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['PORT', 'HOST', 'DATA_DIR', 'DATABASE_URL', 'TEST_DATABASE_URL', 'ADMIN_USERNAME', 'ADMIN_PASSWORD', 'LOG_LEVEL', 'WEB_DIR']) {
    delete env[key];
  }
  return { ...env, ...extra };
}

function start(extra: Record<string, string>, script = 'src/server/main.ts'): Run {
  // Its own process group, so that npx, tsx and node stop together.
  const child = spawn('npx', ['tsx', script], { cwd: root, env: cleanEnv(extra), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const run = { child, output: () => text, exited };
  running.push(run);
  return run;
}

async function stop(run: Run): Promise<void> {
  if (run.child.exitCode !== null || run.child.signalCode !== null) return;
  try {
    process.kill(-run.child.pid!, 'SIGTERM');
  } catch {
    return;
  }
  const done = await Promise.race([run.exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 5000))]);
  if (!done) {
    try {
      process.kill(-run.child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    await run.exited;
  }
}

async function waitFor(run: Run, pattern: RegExp, ms = 25_000): Promise<RegExpMatchArray> {
  const until = Date.now() + ms;
  for (;;) {
    const m = run.output().match(pattern);
    if (m) return m;
    if (run.child.exitCode !== null) throw new Error(`exited ${run.child.exitCode} without ${pattern}:\n${run.output()}`);
    if (Date.now() > until) throw new Error(`no ${pattern} within ${ms} ms:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => done(port));
    });
  });
}

function lines(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter(Boolean);
}

describe('start-up', () => {
  it('exits non-zero with one line that explains a wrong PORT', async () => {
    const run = start({ PORT: 'abc', DATA_DIR: tempDir('tq-start-') });
    expect(await run.exited).not.toBe(0);
    expect(lines(run.output())).toHaveLength(1);
    expect(run.output()).toMatch(/cannot start: .*PORT.*"abc"/);
  });

  it('explains an unreachable PostgreSQL server in one line', async () => {
    const run = start({ PORT: String(await freePort()), DATABASE_URL: `postgres://tq@127.0.0.1:${await freePort()}/tuquan` });
    expect(await run.exited).not.toBe(0);
    expect(lines(run.output())).toHaveLength(1);
    expect(run.output()).toContain('Cannot reach the PostgreSQL server in DATABASE_URL');
  });

  it('starts from a folder whose path has spaces and Vietnamese letters', async () => {
    const dir = tempDir('tq-path-');
    const link = join(dir, 'dự án tự quản');
    symlinkSync(root, link);
    const run = start({ PORT: 'abc' }, join(link, 'src', 'server', 'main.ts'));
    // The program ran (and explained the wrong port) rather than exiting silently.
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/cannot start: .*PORT/);
  });
});

describe.each(engines)('first start on an empty database (%s)', (engine) => {
  it('prints a one-time administrator password that logs in over HTTP and must be changed; a restart does not print another', async () => {
    const dataDir = tempDir('tq-first-');
    const env: Record<string, string> = { DATA_DIR: dataDir, HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
    let dropSchema: (() => Promise<void>) | undefined;
    if (engine === 'postgres') {
      const url = process.env.TEST_DATABASE_URL!;
      const schema = `s_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`create schema ${schema}`);
      await c.end();
      dropSchema = async () => {
        const d = new pg.Client({ connectionString: url });
        await d.connect();
        await d.query(`drop schema ${schema} cascade`);
        await d.end();
      };
      const u = new URL(url);
      u.searchParams.set('options', `-c search_path=${schema}`);
      env.DATABASE_URL = u.toString();
    }
    try {
      const port = await freePort();
      const first = start({ ...env, PORT: String(port) });
      const [, password] = await waitFor(first, /one-time password: (\S+)/);
      await waitFor(first, new RegExp(`Tự Quản: http://localhost:${port} \\(${engine}\\)`));
      expect(first.output()).toMatch(/first administrator: admin/);
      if (engine === 'sqlite') expect(existsSync(join(dataDir, 'tu-quan.sqlite'))).toBe(true);

      const base = `http://127.0.0.1:${port}`;
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      expect(login.status).toBe(200);
      const session = (await login.json()) as { user: { username: string; role: string; mustChangePassword: boolean; scope: unknown } };
      expect(session.user).toMatchObject({ username: 'admin', role: 'admin', mustChangePassword: true, scope: null });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      expect(cookie).toMatch(/^tq_session=/);
      const users = await fetch(`${base}/api/users`, { headers: { cookie } });
      expect(users.status).toBe(403);
      expect(((await users.json()) as { error: { code: string } }).error.code).toBe('PASSWORD_CHANGE_REQUIRED');
      await stop(first);

      const second = start({ ...env, PORT: String(port) });
      await waitFor(second, new RegExp(`Tự Quản: http://localhost:${port}`));
      expect(second.output()).not.toMatch(/one-time password/);
      const again = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      expect(again.status).toBe(200);
      await stop(second);
    } finally {
      for (const run of running.splice(0)) await stop(run);
      if (dropSchema) await dropSchema();
    }
  });
});
