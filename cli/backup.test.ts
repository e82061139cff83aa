import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { loadOfficialList, officialList } from '../src/server/features/units/official-list.js';
import { findOpenUnitByCode } from '../src/server/features/units/lookup.js';
import { dataKeyFingerprint, ensureDataKey } from '../src/server/lib/data-key.js';
import { startServer } from '../src/server/main.js';
import { createTestContext, engines, TestClient, type TestContext } from '../src/server/test/harness.js';

const ADMIN_PASSWORD = 'Sao-luu-va-khoi-phuc';
const CCCD = '058085001234';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The command line as an administrator runs it, on its own data directory (and database). */
function cli(dataDir: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...extraEnv };
  if (!extraEnv.DATABASE_URL) delete env.DATABASE_URL;
  if (!extraEnv.DATA_KEY) delete env.DATA_KEY;
  return new Promise((done) => {
    execFile(process.execPath, [resolve('cli/bin.js'), ...args], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** The real start-up (key check included) on a data directory, on a free port; units of Ninh Thuận on first start. */
async function start(dataDir: string, env: NodeJS.ProcessEnv = {}) {
  const config = {
    ...loadConfig({ DATA_DIR: dataDir, ADMIN_PASSWORD, LOG_LEVEL: 'silent' }),
    port: 0,
    host: '127.0.0.1',
    webDir: join(dataDir, 'no-web'),
  };
  let communeId = '';
  const started = await startServer(config, {
    env,
    afterMigrate: async (deps) => {
      if (!(await findOpenUnitByCode(deps, '58'))) {
        const raw = JSON.parse(readFileSync(resolve('data/admin-units/vn-units-2025-03-01.json'), 'utf8'));
        await loadOfficialList(deps, officialList.parse(raw), ['58']);
      }
      communeId = (await findOpenUnitByCode(deps, '22738'))!.id;
    },
  });
  const admin = new TestClient(started.app);
  expect((await admin.login('admin', ADMIN_PASSWORD)).statusCode).toBe(200);
  return { ...started, admin, communeId };
}

const databaseFile = (dir: string) => join(dir, 'tu-quan.sqlite');
const keyText = (file: string) => readFileSync(file, 'utf8').trim();

// Each command line run starts tsx (a few seconds on a busy machine of two cores).
describe('backup and restore (SQLite files, the command line, the real start-up)', { timeout: 120_000 }, () => {
  const dirs: string[] = [];
  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'tq-backup-'));
    dirs.push(dir);
    return dir;
  };
  let source: string;
  let backupFile: string;
  let personId: string;

  beforeAll(async () => {
    source = newDir();
    const s = await start(source);
    try {
      const created = await s.admin.post('/api/people', { fullName: 'Phạm Văn Sao', addressUnitId: s.communeId, cccd: CCCD, gender: 'male', birthYear: 1985 });
      expect(created.statusCode, created.body).toBe(201);
      personId = created.json().id;
      expect((await s.admin.post(`/api/people/${personId}/reveal-cccd`)).json()).toEqual({ cccd: CCCD });
    } finally {
      await s.close();
    }
    backupFile = join(newDir(), 'tu-quan-2026-12-03.sqlite');
  });
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('backs up the database and writes the key beside it, readable by its owner only, saying to keep it apart', async () => {
    const run = await cli(source, ['backup', backupFile]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`backed up: ${backupFile}`);
    expect(run.stdout).toContain(`data key: ${backupFile}.key`);
    expect(run.stdout).toContain('Keep the key file apart from the backup');
    expect(run.stdout).toContain('Cất tệp khóa ở nơi khác với bản sao lưu');
    expect(statSync(`${backupFile}.key`).mode & 0o777).toBe(0o600);
    expect(keyText(`${backupFile}.key`)).toBe(keyText(join(source, 'data.key')));
    // The backup holds no CCCD in clear, like the database.
    expect(readFileSync(backupFile).includes(Buffer.from(CCCD))).toBe(false);
    const again = await cli(source, ['backup', backupFile]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('already exists');
  });

  it('restores into a fresh directory with its key; the restored server reveals the CCCD', async () => {
    const target = newDir();
    const run = await cli(target, ['restore', backupFile]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`restored: ${databaseFile(target)}`);
    expect(keyText(join(target, 'data.key'))).toBe(keyText(join(source, 'data.key')));
    expect(statSync(join(target, 'data.key')).mode & 0o777).toBe(0o600);
    const s = await start(target);
    try {
      expect((await s.admin.get(`/api/people/${personId}`)).json()).toMatchObject({ fullName: 'Phạm Văn Sao', cccdMasked: '••••••••1234' });
      const reveal = await s.admin.post(`/api/people/${personId}/reveal-cccd`);
      expect(reveal.statusCode, reveal.body).toBe(200);
      expect(reveal.json()).toEqual({ cccd: CCCD });
    } finally {
      await s.close();
    }
    // A second restore does not replace the database unless told.
    const twice = await cli(target, ['restore', backupFile]);
    expect(twice.code).not.toBe(0);
    expect(twice.stderr).toContain('already exists');
    expect(twice.stderr).toContain('--force');
  });

  it('a restore without the key is refused in one sentence, and leaves the directory as it was', async () => {
    const target = newDir();
    renameSync(`${backupFile}.key`, `${backupFile}.kept`);
    try {
      const run = await cli(target, ['restore', backupFile]);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain('Thiếu khóa dữ liệu');
      expect(run.stderr).toContain('The data key is missing: this database holds sealed CCCDs');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(readdirSync(target)).toEqual([]);
      // A wrong key given on purpose is refused too.
      writeFileSync(join(target, '..', 'wrong.key'), randomBytes(32).toString('base64'));
      const wrong = await cli(target, ['restore', backupFile, '--key', join(target, '..', 'wrong.key')]);
      expect(wrong.code).not.toBe(0);
      expect(wrong.stderr).toContain('does not match the key this database');
      expect(readdirSync(target)).toEqual([]);
      // The right key, given by name.
      const right = await cli(target, ['restore', backupFile, '--key', `${backupFile}.kept`]);
      expect(right.code, right.stderr).toBe(0);
      expect(keyText(join(target, 'data.key'))).toBe(keyText(join(source, 'data.key')));
    } finally {
      renameSync(`${backupFile}.kept`, `${backupFile}.key`);
    }
  });

  it('the server refuses to start on a copied database without its key, with another key file, or another DATA_KEY', async () => {
    const target = newDir();
    copyFileSync(backupFile, databaseFile(target));
    // Without the key, a new one would be made: refused, and none is left behind.
    await expect(start(target)).rejects.toThrow(/^Thiếu khóa dữ liệu: .* \/ The data key is missing: this database holds sealed CCCDs but there is no .*data\.key \(nor DATA_KEY\)/);
    expect(existsSync(join(target, 'data.key'))).toBe(false);
    writeFileSync(join(target, 'data.key'), randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
    await expect(start(target)).rejects.toThrow(/The data key \(.*data\.key\) does not match the key this database's CCCDs were sealed with/);
    await expect(start(target, { DATA_KEY: randomBytes(32).toString('base64') })).rejects.toThrow(/The data key \(DATA_KEY\) does not match/);
    // The right key in DATA_KEY: it starts and reveals.
    const s = await start(target, { DATA_KEY: keyText(`${backupFile}.key`) });
    try {
      expect((await s.admin.post(`/api/people/${personId}/reveal-cccd`)).json()).toEqual({ cccd: CCCD });
    } finally {
      await s.close();
    }
    // --force replaces the database and the key; both old ones are kept beside, renamed.
    const forced = await cli(target, ['restore', backupFile, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    const names = readdirSync(target);
    expect(names.filter((n) => n.startsWith('tu-quan.sqlite.replaced-'))).toHaveLength(1);
    expect(names.filter((n) => n.startsWith('data.key.replaced-'))).toHaveLength(1);
    const s2 = await start(target);
    try {
      expect((await s2.admin.post(`/api/people/${personId}/reveal-cccd`)).json()).toEqual({ cccd: CCCD });
    } finally {
      await s2.close();
    }
  });

  it('refuses a file that is not a backup, and explains both commands', async () => {
    const target = newDir();
    const junk = join(target, '..', 'junk.sqlite');
    writeFileSync(junk, 'not a database at all');
    const run = await cli(target, ['restore', junk]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('is not a Tự Quản backup');
    expect(readdirSync(target)).toEqual([]);
    const [backupHelp, restoreHelp, overview] = await Promise.all([cli(target, ['backup', '--help']), cli(target, ['restore', '--help']), cli(target, ['--help'])]);
    expect(backupHelp.stdout).toContain('Usage: npm run cli -- backup <file>');
    expect(restoreHelp.stdout).toContain('Usage: npm run cli -- restore <file> [--key <keyfile>] [--force]');
    expect(overview.stdout).toMatch(/backup[\s\S]*restore/);
  });

  it.runIf(process.env.TEST_DATABASE_URL)('on PostgreSQL, backup prints the pg_dump command and still writes the key', async () => {
    const dir = newDir();
    writeFileSync(join(dir, 'data.key'), randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
    const file = join(dir, 'dump.pgdump');
    const run = await cli(dir, ['backup', file], { DATABASE_URL: process.env.TEST_DATABASE_URL });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`pg_dump --format=custom --file="${file}"`);
    expect(keyText(`${file}.key`)).toBe(keyText(join(dir, 'data.key')));
    expect(statSync(`${file}.key`).mode & 0o777).toBe(0o600);
    expect(run.stdout).toContain('Keep the key file apart from the backup');
  });
});

describe.each(engines)('the data key fingerprint (%s)', (engine) => {
  let t: TestContext;
  let dir: string;
  beforeAll(async () => {
    t = await createTestContext(engine);
    dir = mkdtempSync(join(tmpdir(), 'tq-key-'));
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const now = new Date('2026-12-03T08:00:00Z');
  const fingerprint = () => t.deps.db.selectFrom('data_key_fingerprint').selectAll().execute();

  it('is recorded at the first start; another key is refused, the same one accepted', async () => {
    const key = randomBytes(32);
    const file = join(dir, 'data.key');
    await ensureDataKey(t.deps.db, { key, source: 'new', file }, now);
    expect(keyText(file)).toBe(key.toString('base64'));
    expect(await fingerprint()).toEqual([{ id: 1, fingerprint: dataKeyFingerprint(key), created_at: now.toISOString() }]);
    await expect(ensureDataKey(t.deps.db, { key: randomBytes(32), source: 'file', file }, now)).rejects.toThrow(/does not match/);
    await ensureDataKey(t.deps.db, { key, source: 'file', file }, now);
    expect(await fingerprint()).toHaveLength(1);
  });

  it('a database from before fingerprints is checked by opening a sealed CCCD, then recorded', async () => {
    const key = randomBytes(32);
    const app = await buildApp({ database: { db: t.deps.db, engine, close: async () => {}, isolate: () => ({ db: t.deps.db, close: async () => {} }) }, clock: t.clock, dataKey: key });
    try {
      await t.makeUser('admin', null, 'qt.khoa');
      const admin = new TestClient(app);
      expect((await admin.login('qt.khoa')).statusCode).toBe(200);
      const created = await admin.post('/api/people', { fullName: 'Lê Thị Khóa', addressUnitId: await t.unitId('22738'), cccd: '058185004321', gender: 'female', birthYear: 1985 });
      expect(created.statusCode, created.body).toBe(201);
    } finally {
      await app.close();
    }
    await t.deps.db.deleteFrom('data_key_fingerprint').execute();
    const missing = join(dir, 'missing.key');
    await expect(ensureDataKey(t.deps.db, { key: randomBytes(32), source: 'new', file: missing }, now)).rejects.toThrow(/The data key is missing/);
    expect(existsSync(missing)).toBe(false);
    await expect(ensureDataKey(t.deps.db, { key: randomBytes(32), source: 'env', file: missing }, now)).rejects.toThrow(/The data key \(DATA_KEY\) does not match/);
    expect(await fingerprint()).toEqual([]);
    await ensureDataKey(t.deps.db, { key, source: 'env', file: missing }, now);
    expect((await fingerprint()).map((r) => r.fingerprint)).toEqual([dataKeyFingerprint(key)]);
  });
});
