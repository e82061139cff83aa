import { existsSync, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';
import type { Db, Engine } from '../../db/connection.js';

/** A citizen ID number of a man born in 1980 in Ninh Thuận (058). */
const CCCD = '058080111222';
const MASKED = '••••••••1222';
const NAME = 'Phạm Văn Khoa';

interface Audited {
  action: string;
  entityType: string;
  after: Record<string, unknown> | null;
}

/** Every byte of the SQLite database: the main file and the write-ahead log beside it. */
async function sqliteBytes(db: Db): Promise<Buffer> {
  const { rows } = await sql<{ name: string; file: string }>`pragma database_list`.execute(db);
  const file = rows.find((r) => r.name === 'main')!.file;
  return Buffer.concat([file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));
}

/** Every row of every table of the PostgreSQL schema as JSON text, the sealed column left out. */
async function postgresText(db: Db): Promise<string> {
  const { rows: tables } = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db);
  const out: string[] = [];
  for (const { name } of tables) {
    const { rows } = await sql<{ j: string }>`select (to_jsonb(t) - 'cccd_enc')::text as j from ${sql.table(name)} t`.execute(db);
    out.push(...rows.map((r) => r.j));
  }
  return out.join('\n');
}

async function storedText(db: Db, engine: Engine): Promise<string> {
  return engine === 'sqlite' ? (await sqliteBytes(db)).toString('latin1') : postgresText(db);
}

describe.each(engines)('personal data: no CCCD at rest or in logs, every search and export audited (%s)', (engine) => {
  let t: TestContext;
  let officer: TestClient;
  let admin: TestClient;
  let personId: string;
  const log: string[] = [];

  beforeAll(async () => {
    const stream = new Writable({
      write(chunk, _enc, done) {
        log.push(String(chunk));
        done();
      },
    });
    t = await createTestContext(engine, { logger: { level: 'info', stream } });
    officer = await t.as('commune_officer', '22738', 'cb.dulieu');
    admin = await t.as('admin', '58', 'qt.dulieu');
    const unitId = await t.unitId('22738');
    const created = await officer.post('/api/people', { fullName: NAME, gender: 'male', birthYear: 1980, cccd: CCCD, addressUnitId: unitId });
    expect(created.statusCode, created.body).toBe(201);
    personId = created.json().id;
    const group = await officer.post('/api/groups', { confirmPastChange: true, typeCode: 'to-tu-quan', name: 'Tổ tự quản khu phố 3', unitId, foundedOn: '2015-01-01' });
    expect(group.statusCode, group.body).toBe(201);
    const member = await officer.post(`/api/groups/${group.json().id}/members`, { confirmPastChange: true, personId, role: 'leader', from: '2016-01-01' });
    expect(member.statusCode, member.body).toBe(201);
  });
  afterAll(async () => t?.close());

  const audited = async (action: string): Promise<Audited[]> => {
    const res = await admin.get(`/api/audit?pageSize=200&action=${action}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  };

  it('a search by CCCD goes in the body; the audit log keeps the number masked and how many came back', async () => {
    const found = await officer.post('/api/people/search', { cccd: CCCD });
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json().items.map((p: { id: string }) => p.id)).toEqual([personId]);
    const none = await officer.post('/api/people/search', { cccd: '058080111223' });
    expect(none.json().total).toBe(0);

    const searches = await audited('person.search');
    expect(searches.map((s) => s.after)).toEqual([
      { filters: { cccd: '••••••••1223', pageSize: 25, sort: 'name' }, returned: 0, total: 0 },
      { filters: { cccd: MASKED, pageSize: 25, sort: 'name' }, returned: 1, total: 1 },
    ]);
  });

  it('a search by name is audited too, by GET or POST; browsing an area without a search is not', async () => {
    const before = (await audited('person.search')).length;
    expect((await officer.get('/api/people?q=pham van')).json().total).toBe(1);
    expect((await officer.post('/api/people/search', { q: 'khoa', pageSize: 10 })).json().total).toBe(1);
    expect((await officer.get(`/api/people?unitId=${await t.unitId('22738')}`)).statusCode).toBe(200);
    // A number typed into the name search (by POST) is kept masked too.
    expect((await officer.post('/api/people/search', { q: '058 080 111 222' })).json().total).toBe(0);
    const searches = await audited('person.search');
    expect(searches).toHaveLength(before + 3);
    expect(searches[0]!.after).toEqual({ filters: { q: MASKED, pageSize: 25, sort: 'name' }, returned: 0, total: 0 });
    searches.shift();
    expect(searches.slice(0, 2).map((s) => s.after)).toEqual([
      { filters: { q: 'khoa', pageSize: 10, sort: 'name' }, returned: 1, total: 1 },
      { filters: { q: 'pham van', pageSize: 25, sort: 'name' }, returned: 1, total: 1 },
    ]);
  });

  it('a CCCD in a URL is refused with a clear 400 that does not repeat it', async () => {
    for (const url of [`/api/people?cccd=${CCCD}`, `/api/people/export?cccd=${CCCD}`, `/api/people?q=${CCCD}`, '/api/people?q=058%20080%20111%20222']) {
      const res = await officer.get(url);
      expect([url, res.statusCode, res.json().error.code]).toEqual([url, 400, 'CCCD_IN_URL']);
      expect(res.json().error.message).toContain('POST /api/people/search');
      expect(res.body).not.toContain(CCCD);
    }
    const en = t.client('en');
    Object.assign(en, { cookie: officer.cookie, csrf: officer.csrf });
    expect((await en.get(`/api/people?cccd=${CCCD}`)).json().error.message).toMatch(/^Do not send a citizen ID number in the address/);
  });

  it('exports of people (by CCCD in the body), groups and censuses are audited with what was asked and how many rows left', async () => {
    const people = await officer.post('/api/people/export', { cccd: CCCD });
    expect(people.statusCode, people.body).toBe(200);
    expect(people.headers['content-type']).toContain('spreadsheetml');
    const groups = await officer.get('/api/groups/export?type=to-tu-quan');
    expect(groups.statusCode).toBe(200);
    const xlsx = await officer.get('/api/census/export?unit=22738&date=2026-01');
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    const docx = await officer.get('/api/census/document?unit=22738&date=2026-01');
    expect(docx.statusCode, docx.body).toBe(200);

    expect((await audited('person.export')).map((a) => a.after)).toEqual([{ rows: 1, filters: { cccd: MASKED, pageSize: 25, sort: 'name' } }]);
    expect((await audited('group.export')).map((a) => a.after)).toEqual([{ rows: 1, filters: { type: 'to-tu-quan', sort: 'name' } }]);
    const census = await audited('census.export');
    expect(census.map((a) => [a.action, a.entityType, a.after?.unit, a.after?.date])).toEqual([
      ['census.export_docx', 'census', '22738', '2026-01'],
      ['census.export_xlsx', 'census', '22738', '2026-01'],
    ]);
    expect(census.every((a) => typeof a.after?.rows === 'number' && (a.after.rows as number) > 0)).toBe(true);
  });

  it('after all that (and a reveal), neither the database nor the log holds the CCCD in plaintext', async () => {
    const reveal = await admin.post(`/api/people/${personId}/reveal-cccd`);
    expect(reveal.statusCode, reveal.body).toBe(200);
    expect(reveal.json().cccd).toBe(CCCD);
    // A stray URL with the number in it (a bookmark, a typo), and an old-style list request.
    expect((await officer.get(`/api/nothing/${CCCD}`)).statusCode).toBe(404);
    expect((await officer.get(`/api/people?q=x&cccd=${CCCD.slice(0, 3)}.${CCCD.slice(3)}`)).statusCode).toBe(400);

    // Whatever else code logs (a message, an error) is masked too.
    t.app.log.info(`a message naming ${CCCD}`);
    t.app.log.error({ err: new Error(`failed for ${CCCD}`) }, 'an error');

    const stored = await storedText(t.deps.db, engine);
    expect(stored).toContain(engine === 'sqlite' ? Buffer.from(NAME).toString('latin1') : NAME);
    expect(stored).toContain(engine === 'sqlite' ? Buffer.from(MASKED).toString('latin1') : MASKED);
    expect(stored).not.toContain(CCCD);

    const text = log.join('');
    expect(text).toContain('incoming request');
    expect(text).toContain(`/api/people?cccd=${MASKED}`);
    expect(text).toContain(`"url":"/api/nothing/${MASKED}"`);
    expect(text).toContain(`message naming ${MASKED}`);
    expect(text).toContain(`failed for ${MASKED}`);
    expect(text).toContain(`/api/people?q=${MASKED}`);
    expect(text).not.toContain(CCCD);
    expect(text).not.toContain('058.080111222');
  });
});
