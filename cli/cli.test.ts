import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.js';
import { openDatabase } from '../src/server/db/connection.js';
import { DEMO_PASSWORD } from '../src/server/demo/load.js';
import { TestClient } from '../src/server/test/harness.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the command line as an administrator would, through its installed entry point
 * (`tu-quan …`, which runs cli/index.ts through tsx), on its own data directory.
 */
function cli(dataDir: string, ...args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  return new Promise((done) => {
    execFile(
      process.execPath,
      [resolve('cli/bin.js'), ...args],
      { env, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

const databaseFile = (dataDir: string) => join(dataDir, 'tu-quan.sqlite');

/** Logs in through the real application on the database the command line wrote. */
async function loginThroughApp(dataDir: string, username: string, password: string) {
  const database = openDatabase({ engine: 'sqlite', file: databaseFile(dataDir) });
  const app = await buildApp({ database });
  try {
    await app.ready();
    const res = await new TestClient(app).login(username, password);
    return { status: res.statusCode, body: res.json() };
  } finally {
    await app.close();
    await database.close();
  }
}

async function auditActions(dataDir: string, entityId: string) {
  const database = openDatabase({ engine: 'sqlite', file: databaseFile(dataDir) });
  try {
    return await database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id', 'before_json', 'after_json'])
      .where('entity_id', '=', entityId)
      .orderBy('at')
      .orderBy('id')
      .execute();
  } finally {
    await database.close();
  }
}

// Each command starts its own process through tsx: seconds each on a busy two-core machine.
describe('command line', { timeout: 120_000 }, () => {
  const dirs: string[] = [];
  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'tq-cli-'));
    dirs.push(dir);
    return dir;
  };
  let dataDir: string;

  beforeAll(() => {
    dataDir = newDir();
  });
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('every command explains itself with --help, without touching a database', async () => {
    const dir = newDir();
    const commands = ['migrate', 'create-user', 'reset-password', 'import-units', 'import-reform', 'import-boundaries', 'demo', 'demo-start', 'backup', 'restore', 'audit'];
    const [overview, ...each] = await Promise.all([cli(dir, '--help'), ...commands.map((name) => cli(dir, name, '--help'))]);
    expect(overview!.code).toBe(0);
    for (const name of commands) expect(overview!.stdout).toContain(name);
    commands.forEach((name, i) => {
      const run = each[i]!;
      expect([name, run.code, run.stderr]).toEqual([name, 0, '']);
      expect(run.stdout).toContain(`Usage: npm run cli -- ${name}`);
    });
    expect(each[1]!.stdout).toMatch(/--username <value>[\s\S]*--full-name <value>[\s\S]*--role <value>[\s\S]*--scope <value>/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a wrong role, a missing option, an unknown option or command: non-zero exit, the reason and the usage', async () => {
    const dir = newDir();
    const [badRole, missing, unknownOption, unknownCommand] = await Promise.all([
      cli(dir, 'create-user', '--username', 'ai.do', '--full-name', 'Ai Đó', '--role', 'chief'),
      cli(dir, 'create-user', '--full-name', 'Ai Đó', '--role', 'viewer'),
      cli(dir, 'reset-password', '--user', 'ai.do'),
      cli(dir, 'make-coffee'),
    ]);
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toContain('--role must be one of admin, province_staff, commune_officer, group_leader, viewer.');
    expect(badRole.stderr).toContain('Usage: npm run cli -- create-user');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('--username is required.');
    expect(missing.stderr).toContain('Usage: npm run cli -- create-user');
    expect(unknownOption.code).not.toBe(0);
    expect(unknownOption.stderr).toContain("'--user'");
    expect(unknownOption.stderr).toContain('Usage: npm run cli -- reset-password');
    expect(unknownCommand.code).not.toBe(0);
    expect(unknownCommand.stderr).toContain('Unknown command "make-coffee"');
    expect(unknownCommand.stderr).toContain('create-user');
  });

  it('migrate applies the schema once and then has nothing to apply', async () => {
    const first = await cli(dataDir, 'migrate');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Applied: 0001_foundation');
    expect(existsSync(databaseFile(dataDir))).toBe(true);
    const second = await cli(dataDir, 'migrate');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('nothing to apply');
    expect(second.stdout).not.toContain('Applied');
  });

  let oneTime: string;
  let userId: string;

  it('demo, then create-user prints a one-time password that logs in through the app', async () => {
    const demo = await cli(dataDir, 'demo');
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toContain('quantri');
    expect((await loginThroughApp(dataDir, 'quantri', DEMO_PASSWORD)).status).toBe(200);

    const created = await cli(dataDir, 'create-user', '--username', 'Can.Bo', '--full-name', 'Nguyễn Văn Cán', '--role', 'commune_officer', '--scope', '22741');
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('Created can.bo (commune_officer, 22741 Phường Bảo An)');
    oneTime = /One-time password: (\S+)/.exec(created.stdout)?.[1] ?? '';
    expect(oneTime.length).toBeGreaterThanOrEqual(10);

    const login = await loginThroughApp(dataDir, 'can.bo', oneTime);
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({
      username: 'can.bo',
      fullName: 'Nguyễn Văn Cán',
      role: 'commune_officer',
      scope: { code: '22741', name: 'Phường Bảo An' },
      mustChangePassword: true,
    });
    userId = login.body.user.id;
    expect((await loginThroughApp(dataDir, 'can.bo', 'Doan-bua-123')).status).toBe(401);
  });

  it('import-units and import-reform print what was added, ended and left unchanged; a second run changes nothing', async () => {
    const dir = newDir();
    const list = await cli(dir, 'import-units', 'data/admin-units/vn-units-2025-03-01.json');
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/added:\s+10\.806/);
    const reform = await cli(dir, 'import-reform', 'data/admin-units/vn-reform-2025-07-01.json');
    expect(reform.code, reform.stderr).toBe(0);
    expect(reform.stdout).toMatch(/added:\s+3\.355/);
    expect(reform.stdout).toMatch(/ended:\s+10\.806/);
    const again = await cli(dir, 'import-reform', 'data/admin-units/vn-reform-2025-07-01.json');
    expect(again.stdout).toMatch(/added:\s+0\n/);
    expect(again.stdout).toMatch(/unchanged:\s+3\.355/);
    const wrong = await cli(dir, 'import-reform', 'data/admin-units/vn-units-2025-03-01.json');
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/không phải tệp sắp xếp/);
    const missing = await cli(dir, 'import-units');
    expect(missing.code).toBe(2);
  });

  it('import-boundaries stores the communes of a GeoJSON file and says how much; a bad file is refused whole, each problem named', async () => {
    const good = await cli(dataDir, 'import-boundaries', 'e2e/fixtures/khanh-hoa-communes.geojson');
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toContain('boundaries stored from khanh-hoa-communes.geojson: 6 (thay thế / replaced: 0)');
    expect(good.stdout).toMatch(/xã \/ communes\s+6/);
    expect(good.stdout).toMatch(/after simplification/);
    const again = await cli(dataDir, 'import-boundaries', 'e2e/fixtures/khanh-hoa-communes.geojson', '--date', '2026-01-01');
    expect(again.stdout).toContain('(thay thế / replaced: 6)');
    const dir = newDir();
    const bad = join(dir, 'bad.geojson');
    writeFileSync(bad, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: '22741' }, geometry: { type: 'Polygon', coordinates: [[[2.35, 48.85], [2.36, 48.85], [2.36, 48.86], [2.35, 48.85]]] } }] }));
    const refused = await cli(dataDir, 'import-boundaries', bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('- đối tượng 0 (mã 22741): vòng 0, điểm 0 (2.35, 48.85) nằm ngoài lãnh thổ Việt Nam');
    expect(refused.stderr).toContain('feature 0 (code 22741): ring 0, position 0 (2.35, 48.85) lies outside Vietnam');
    const database = openDatabase({ engine: 'sqlite', file: databaseFile(dataDir) });
    try {
      const rows = await database.db.selectFrom('audit_log').select(['actor_id', 'after_json']).where('action', '=', 'unit.import_boundaries').execute();
      expect(rows.map((r) => [r.actor_id, JSON.parse(r.after_json!).units])).toEqual([[null, 6], [null, 6]]);
      expect(await database.db.selectFrom('unit_boundaries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: 6 });
    } finally {
      await database.close();
    }
  });

  it('reset-password replaces the password; the old one no longer logs in', async () => {
    const reset = await cli(dataDir, 'reset-password', '--username', 'can.bo');
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toContain('Password of can.bo reset');
    const fresh = /One-time password[^:]*: (\S+)/.exec(reset.stdout)?.[1] ?? '';
    expect(fresh.length).toBeGreaterThanOrEqual(10);
    expect(fresh).not.toBe(oneTime);
    expect((await loginThroughApp(dataDir, 'can.bo', oneTime)).status).toBe(401);
    expect((await loginThroughApp(dataDir, 'can.bo', fresh)).status).toBe(200);

    const chosen = await cli(dataDir, 'reset-password', '--username', 'can.bo', '--password', 'Mat-khau-moi-2026');
    expect(chosen.code, chosen.stderr).toBe(0);
    expect(chosen.stdout).not.toContain('One-time password');
    const login = await loginThroughApp(dataDir, 'can.bo', 'Mat-khau-moi-2026');
    expect(login.status).toBe(200);
    expect(login.body.user.mustChangePassword).toBe(false);

    const audit = await auditActions(dataDir, userId);
    expect(audit.filter((r) => r.action !== 'auth.login' && r.action !== 'auth.login_failed').map((r) => r.action)).toEqual([
      'user.create',
      'user.reset_password',
      'user.reset_password',
    ]);
    for (const r of audit) expect(`${r.before_json}${r.after_json}`).not.toMatch(/argon2|Mat-khau-moi-2026/);
  });

  it('refuses a taken username and an unknown user with a message', async () => {
    const taken = await cli(dataDir, 'create-user', '--username', 'can.bo', '--full-name', 'Trùng', '--role', 'viewer');
    expect(taken.code).not.toBe(0);
    expect(taken.stderr).toContain('can.bo');
    expect(taken.stderr).toContain('is taken');
    const unknown = await cli(dataDir, 'reset-password', '--username', 'khong.co');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('User not found');
  });
});
