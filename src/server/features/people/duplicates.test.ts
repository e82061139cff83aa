import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';
import { uuidv7 } from '../../lib/ids.js';

// 058 = Ninh Thuận; 0 / 1 = male / female born in the 1900s; then the year.
const CCCD = '058085001234';
const CCCD_BICH = '058190001111';

interface Cluster {
  reason: string;
  people: { id: string; fullName: string }[];
}

describe.each(engines)('duplicate people, and merging them (%s)', (engine) => {
  let t: TestContext;
  const a: Record<string, TestClient> = {};
  const p: Record<string, string> = {};
  let doVinh: string;
  let phuocMy: string;
  let village: string;

  beforeAll(async () => {
    t = await createTestContext(engine);
    doVinh = await t.unitId('22738');
    phuocMy = await t.unitId('22741');
    a.nat = await t.as('admin', null, 'qt.trung.toanquoc');
    const v = await a.nat.post('/api/units', { code: '22738-KP7', name: 'Khu phố 7', level: 'village', kind: 'Khu phố', parentId: doVinh, validFrom: '2020-01-01' });
    expect(v.statusCode, v.body).toBe(201);
    village = v.json().id;
    a.officer = await t.as('commune_officer', '22738', 'cb.trung.dv');
    a.other = await t.as('commune_officer', '22741', 'cb.trung.pm');
    a.nt = await t.as('admin', '58', 'qt.trung.nt');
    a.kh = await t.as('admin', '56', 'qt.trung.kh');
    a.staff = await t.as('province_staff', '58', 'tinh.trung.nt');

    const add = async (c: TestClient, key: string, body: Record<string, unknown>) => {
      const res = await c.post('/api/people', body);
      expect(res.statusCode, res.body).toBe(201);
      p[key] = res.json().id;
    };
    // The same number twice: the API refuses it, so the second record goes straight into the table
    // (as an import from before the check would have left it), with the same name and birth.
    await add(a.officer, 'an', { fullName: 'Nguyễn Văn An', gender: 'male', birthYear: 1985, cccd: CCCD, phone: '0912345678', addressUnitId: doVinh });
    const an = await t.deps.db.selectFrom('people').selectAll().where('id', '=', p.an!).executeTakeFirstOrThrow();
    p.anCopy = uuidv7();
    t.clock.advance(60_000);
    const later = t.clock.now().toISOString();
    await t.deps.db
      .insertInto('people')
      .values({ ...an, id: p.anCopy, phone: '0987654321', occupation: 'Nông dân', ethnicity: 'Chăm', sensitive_consent_at: later, sensitive_consent_by: null, created_at: later, updated_at: later })
      .execute();
    // Same name and birth in the same commune: one with the date at the commune, one with only the year in a village of it.
    await add(a.officer, 'bich', { fullName: 'Trần Thị Bích', gender: 'female', birthDate: '1990-02-03', addressUnitId: doVinh });
    await add(a.officer, 'bich2', { fullName: 'TRẦN  THỊ BÍCH', birthYear: 1990, cccd: CCCD_BICH, gender: 'female', addressUnitId: village, occupation: 'Giáo viên' });
    // Religion without consent (old data): never copied.
    await t.deps.db.updateTable('people').set({ religion: 'Phật giáo' }).where('id', '=', p.bich2!).execute();
    // Not duplicates: same name and birth in another commune; same name, other date; same name, other year.
    await add(a.officer, 'cuong', { fullName: 'Lê Văn Cường', birthDate: '1970-01-01', addressUnitId: doVinh });
    await add(a.other, 'cuongPm', { fullName: 'Lê Văn Cường', birthDate: '1970-01-01', addressUnitId: phuocMy });
    await add(a.officer, 'dung', { fullName: 'Phạm Thị Dung', birthDate: '1980-03-03', addressUnitId: doVinh });
    await add(a.officer, 'dung2', { fullName: 'Phạm Thị Dung', birthDate: '1980-04-04', addressUnitId: doVinh });
    await add(a.officer, 'dung3', { fullName: 'Phạm Thị Dung', birthYear: 1981, addressUnitId: doVinh });
    // Duplicates in the other commune.
    await add(a.other, 'em', { fullName: 'Hoàng Văn Em', birthYear: 1975, addressUnitId: phuocMy });
    await add(a.other, 'em2', { fullName: 'Hoàng Văn Em', birthDate: '1975-06-06', addressUnitId: phuocMy });
  });
  afterAll(async () => t?.close());

  const found = async (c: TestClient, query = '') => {
    const res = await c.get(`/api/people/duplicates${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Cluster[]; total: number; page: number; pageSize: number };
  };
  const ids = (items: Cluster[]) => items.map((c) => [c.reason, c.people.map((x) => x.id)]);

  it('finds the same number, and the same name and birth in the same commune, and nothing else', async () => {
    const all = await found(a.nt!);
    expect(ids(all.items)).toEqual([
      ['cccd', [p.an, p.anCopy]],
      ['name_birth_commune', [p.em, p.em2]],
      ['name_birth_commune', [p.bich, p.bich2]],
    ]);
    expect(all.total).toBe(3);
    expect(all.items[0]!.people[0]).toMatchObject({ fullName: 'Nguyễn Văn An', cccdMasked: '••••••••1234' });
    expect(JSON.stringify(all)).not.toContain(CCCD);
    const page2 = await found(a.nt!, '?page=2&pageSize=2');
    expect([page2.total, page2.page, page2.pageSize, ids(page2.items)]).toEqual([3, 2, 2, [['name_birth_commune', [p.bich, p.bich2]]]]);
  });

  it('shows each officer only the duplicates of their own scope', async () => {
    expect(ids((await found(a.officer!)).items)).toEqual([
      ['cccd', [p.an, p.anCopy]],
      ['name_birth_commune', [p.bich, p.bich2]],
    ]);
    expect(ids((await found(a.other!)).items)).toEqual([['name_birth_commune', [p.em, p.em2]]]);
    expect((await found(a.kh!)).total).toBe(0);
    expect((await a.staff!.get('/api/people/duplicates')).statusCode).toBe(403);
    expect((await t.client().get('/api/people/duplicates')).statusCode).toBe(401);
  });

  it('merges: memberships move to the target, overlapping periods become one, empty fields are filled', async () => {
    const group = async (name: string) => {
      const g = await a.officer!.post('/api/groups', { confirmPastChange: true, typeCode: 'to-tu-quan', name, unitId: doVinh, foundedOn: '2015-01-01' });
      expect(g.statusCode, g.body).toBe(201);
      return g.json().id as string;
    };
    const join = async (groupId: string, personId: string, from: string, to?: string) => {
      const m = await a.officer!.post(`/api/groups/${groupId}/members`, { confirmPastChange: true, personId, from });
      expect(m.statusCode, m.body).toBe(201);
      if (to) expect((await a.officer!.post(`/api/groups/${groupId}/members/${m.json().id}/end`, { confirmPastChange: true, date: to })).statusCode).toBe(200);
    };
    // Overlapping: the target's 2016–2018 and the source's from mid-2017 become one period from 2016, still running.
    const g1 = await group('Tổ tự quản khu phố 7');
    await join(g1, p.an!, '2016-01-01', '2018-01-01');
    await join(g1, p.anCopy!, '2017-06-01');
    // Touching only: the source's 2019 and the target's from 2020 stay two periods.
    const g2 = await group('Đội dân phòng khu phố 7');
    await join(g2, p.anCopy!, '2019-01-01', '2020-01-01');
    await join(g2, p.an!, '2020-01-01');

    const res = await a.officer!.post(`/api/people/${p.anCopy}/merge`, { intoId: p.an });
    expect(res.statusCode, res.body).toBe(200);
    const merged = res.json();
    // The merged record's page points to the record it went into.
    const gone = await a.officer!.get(`/api/people/${p.anCopy}`);
    expect([gone.statusCode, gone.json().error.code, gone.json().error.details]).toEqual([404, 'PERSON_NOT_FOUND', { mergedInto: p.an }]);
    // The target keeps its own phone; the empty occupation and ethnicity come from the source, with its consent.
    expect(merged).toMatchObject({ id: p.an, fullName: 'Nguyễn Văn An', phone: '0912345678', occupation: 'Nông dân', ethnicity: 'Chăm', cccdMasked: '••••••••1234' });
    expect(merged.sensitiveConsentAt).not.toBeNull();

    const periods = async (groupId: string) =>
      ((await a.officer!.get(`/api/groups/${groupId}/members?all=true`)).json() as { person: { id: string }; validFrom: string; validTo: string | null }[])
        .map((m) => [m.person.id, m.validFrom, m.validTo])
        .sort((x, y) => String(x[1]).localeCompare(String(y[1])));
    expect(await periods(g1)).toEqual([[p.an, '2016-01-01', null]]);
    expect(await periods(g2)).toEqual([
      [p.an, '2019-01-01', '2020-01-01'],
      [p.an, '2020-01-01', null],
    ]);
    const today = (await a.officer!.get(`/api/groups/${g1}/members?date=2026-01-01`)).json() as { person: { id: string } }[];
    expect(today.map((m) => m.person.id)).toEqual([p.an]);

    // The source stays, marked; look-ups and lists leave it out.
    const source = await t.deps.db.selectFrom('people').selectAll().where('id', '=', p.anCopy!).executeTakeFirstOrThrow();
    expect([source.merged_into, source.full_name, source.occupation]).toEqual([p.an, 'Nguyễn Văn An', 'Nông dân']);
    expect((await t.deps.db.selectFrom('memberships').select('id').where('person_id', '=', p.anCopy!).execute()).length).toBe(0);
    expect((await a.officer!.get(`/api/people/${p.anCopy}`)).statusCode).toBe(404);
    expect((await a.officer!.post('/api/people/search', { cccd: CCCD })).json().items.map((x: { id: string }) => x.id)).toEqual([p.an]);
    expect(ids((await found(a.officer!)).items)).toEqual([['name_birth_commune', [p.bich, p.bich2]]]);

    // Audited: one row per person, before and after, and never the number itself.
    // Both rows carry the same time; the source's first.
    const audit = (await t.auditRows('person.merge')).sort((x, y) => Number(x.entity_id !== p.anCopy) - Number(y.entity_id !== p.anCopy));
    expect(audit.map((r) => [r.entity_id, r.actor_username])).toEqual([
      [p.anCopy, 'cb.trung.dv'],
      [p.an, 'cb.trung.dv'],
    ]);
    expect(JSON.parse(audit[0]!.before_json!).mergedInto).toBeNull();
    expect(JSON.parse(audit[0]!.after_json!).mergedInto).toBe(p.an);
    const before = JSON.parse(audit[1]!.before_json!);
    const after = JSON.parse(audit[1]!.after_json!);
    expect([before.occupation, after.occupation, after.mergedFrom]).toEqual([null, 'Nông dân', p.anCopy]);
    expect(after.memberships.moved.map((m: { from: string }) => m.from)).toEqual(['2019-01-01']);
    expect(after.memberships.extended.map((e: { before: { to: string }; after: { to: string | null } }) => [e.before.to, e.after.to])).toEqual([['2018-01-01', null]]);
    expect(after.memberships.removed.map((m: { personId: string; from: string }) => [m.personId, m.from])).toEqual([[p.anCopy, '2017-06-01']]);
    expect(audit.every((r) => !`${r.before_json}${r.after_json}`.includes(CCCD))).toBe(true);
  });

  it('fills the number and the birth date from the source, but not sensitive fields without consent', async () => {
    const res = await a.officer!.post(`/api/people/${p.bich2}/merge`, { intoId: p.bich });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: p.bich, birthDate: '1990-02-03', birthYear: 1990, cccdMasked: '••••••••1111', occupation: 'Giáo viên', religion: null, sensitiveConsentAt: null });
    expect(res.json().address.code).toBe('22738');
    expect((await a.officer!.post(`/api/people/${p.bich}/reveal-cccd`)).json()).toEqual({ cccd: CCCD_BICH });
    const row = await t.deps.db.selectFrom('people').selectAll().where('id', '=', p.bich!).executeTakeFirstOrThrow();
    expect(row.religion).toBeNull();
    expect((await found(a.officer!)).total).toBe(0);
  });

  it('refuses merging a record into itself, a merged record, people out of scope, and callers without the permission', async () => {
    const self = await a.officer!.post(`/api/people/${p.cuong}/merge`, { intoId: p.cuong });
    expect([self.statusCode, self.json().error.code]).toEqual([400, 'PERSON_MERGE_SELF']);

    const again = await a.officer!.post(`/api/people/${p.anCopy}/merge`, { intoId: p.cuong });
    expect([again.statusCode, again.json().error.code, again.json().error.details.mergedInto]).toEqual([409, 'PERSON_MERGED', p.an]);
    const into = await a.officer!.post(`/api/people/${p.cuong}/merge`, { intoId: p.anCopy });
    expect([into.statusCode, into.json().error.code]).toEqual([409, 'PERSON_MERGED']);

    // Another commune, another province: as if the people did not exist (and nothing is said of merges).
    for (const [c, from, to] of [
      [a.other!, p.dung, p.dung2],
      [a.other!, p.em, p.cuong],
      [a.kh!, p.dung, p.dung2],
      [a.kh!, p.anCopy, p.an],
    ] as const) {
      const res = await c.post(`/api/people/${from}/merge`, { intoId: to });
      expect([res.statusCode, res.json().error.code]).toEqual([404, 'PERSON_NOT_FOUND']);
    }
    expect((await a.staff!.post(`/api/people/${p.dung}/merge`, { intoId: p.dung2 })).statusCode).toBe(403);
    expect((await a.officer!.post(`/api/people/${p.dung}/merge`, { intoId: 'not-a-uuid' })).statusCode).toBe(400);
    expect((await t.client().post(`/api/people/${p.dung}/merge`, { intoId: p.dung2 })).statusCode).toBe(401);

    // Nothing changed by the refusals.
    const rows = await t.deps.db.selectFrom('people').select(['id', 'merged_into']).where('merged_into', 'is not', null).orderBy('id').execute();
    expect(rows.map((r) => [r.id, r.merged_into]).sort()).toEqual(
      [
        [p.anCopy, p.an],
        [p.bich2, p.bich],
      ].sort(),
    );
    expect((await t.auditRows('person.merge')).length).toBe(4);
  });
});
