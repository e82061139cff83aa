import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';
import { uuidv7 } from '../../lib/ids.js';

interface Change { unit: { code: string; name: string } | null; date: string; reported: boolean; groups: { before: number; after: number }; members: { before: number; after: number } }

describe.each(engines)('edits that change the past census (%s)', (engine) => {
  let t: TestContext;
  let admin: TestClient;
  let officer: TestClient;
  let khAdmin: TestClient;
  const ids: Record<string, string> = {};
  let first: string;

  /** A census of the area on the day, reported (marked so, or exported) as the census page records it. */
  async function report(code: string, day: string) {
    const unit = await t.deps.db.selectFrom('units').select(['id', 'path', 'province_code']).where('id', '=', ids[code]!).executeTakeFirstOrThrow();
    const user = await t.deps.db.selectFrom('users').select('id').executeTakeFirstOrThrow();
    await t.deps.db
      .insertInto('census_reports')
      .values({ id: uuidv7(), unit_id: unit.id, area_path: unit.path, province_code: unit.province_code, census_date: day, kind: 'reported', created_by: user.id, created_at: t.clock.now().toISOString() })
      .execute();
  }
  const census = async (code: string, date: string) => {
    const rows = (await admin.get(`/api/census?unit=${code}&date=${date}`)).json().rows as { type: { code: string }; groups: number; members: number | null }[];
    const r = rows.find((x) => x.type.code === 'to-tu-quan')!;
    return { groups: r.groups, members: r.members };
  };
  const person = async (name: string, code = '22738') => (await admin.post('/api/people', { fullName: name, addressUnitId: ids[code] })).json().id as string;
  const refused = (res: { statusCode: number; json(): unknown }) => {
    expect(res.statusCode).toBe(409);
    const e = (res.json() as { error: { code: string; message: string; details: { pastChanges: Change[]; pastChangeCount: number } } }).error;
    expect(e.code).toBe('PAST_CENSUS_CHANGE');
    return e;
  };

  beforeAll(async () => {
    t = await createTestContext(engine);
    for (const code of ['22738', '22741', '22327']) ids[code] = await t.unitId(code);
    admin = await t.as('admin', null, 'qt.baove');
    officer = await t.as('commune_officer', '22738', 'cb.baove.dovinh');
    khAdmin = await t.as('admin', '56', 'qt.baove.kh');
    const g = await admin.post('/api/groups', { typeCode: 'to-tu-quan', name: 'Tổ 1 khu phố 3', unitId: ids['22738'], foundedOn: '2010-01-01', confirmPastChange: true });
    expect(g.statusCode, g.body).toBe(201);
    first = g.json().id;
    for (const name of ['Nguyễn Văn An', 'Trần Thị Bình']) {
      const m = await admin.post(`/api/groups/${first}/members`, { personId: await person(name), role: 'member', from: '2010-01-01', confirmPastChange: true });
      expect(m.statusCode, m.body).toBe(201);
    }
    // April 2018 was reported for Đô Vinh: 1 group, 2 members.
    await report('22738', '2018-04-30');
  }, 180_000);
  afterAll(async () => t?.close());

  it('refuses a group founded in 2016 until the officer confirms, and shows the reported census that changes', async () => {
    const body = { typeCode: 'to-tu-quan', name: 'Tổ 2 khu phố 3', unitId: ids['22738'], foundedOn: '2016-03-01' };
    const e = refused(await officer.post('/api/groups', body));
    expect(e.message).toBe('Thay đổi này làm thay đổi số liệu thống kê đã báo cáo hoặc đã quá một tháng. Hãy xem lại và xác nhận.');
    expect(e.details.pastChanges[0]).toEqual({ unit: { code: '22738', name: 'Phường Đô Vinh' }, date: '2018-04', reported: true, groups: { before: 1, after: 2 }, members: { before: 2, after: 2 } });
    expect(e.details.pastChangeCount).toBeGreaterThan(100);
    // Nothing was written.
    expect(await census('22738', '2018-04')).toEqual({ groups: 1, members: 2 });
    expect((await officer.get(`/api/groups?unitId=${ids['22738']}`)).json().total).toBe(1);

    const ok = await officer.post('/api/groups', { ...body, confirmPastChange: true });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(await census('22738', '2018-04')).toEqual({ groups: 2, members: 2 });
    const audit = (await t.auditRows('group.create')).find((r) => r.entity_id === ok.json().id)!;
    const after = JSON.parse(audit.after_json!);
    expect(after.pastChanges[0]).toEqual(e.details.pastChanges[0]);
    expect(after.pastChangeCount).toBe(e.details.pastChangeCount);
  });

  it('says so in English too', async () => {
    const en = t.client('en');
    en.cookie = officer.cookie;
    en.csrf = officer.csrf;
    const e = refused(await en.post('/api/groups', { typeCode: 'to-tu-quan', name: 'Tổ 4 khu phố 3', unitId: ids['22738'], foundedOn: '2017-03-01' }));
    expect(e.message).toBe('This change alters census figures that were already reported or are more than a month old. Review them and confirm.');
  });

  it('needs no confirmation for a change that counts only from last month on', async () => {
    const g = await officer.post('/api/groups', { typeCode: 'to-tu-quan', name: 'Tổ mới tháng 2', unitId: ids['22738'], foundedOn: '2026-02-10' });
    expect(g.statusCode, g.body).toBe(201);
    const s = await officer.post(`/api/groups/${g.json().id}/status`, { status: 'consolidating', date: '2026-03-01' });
    expect(s.statusCode, s.body).toBe(200);
    const m = await officer.post(`/api/groups/${g.json().id}/members`, { personId: await person('Lê Văn Cường'), role: 'member', from: '2026-02-15' });
    expect(m.statusCode, m.body).toBe(201);
    const audit = (await t.auditRows('group.create')).find((r) => r.entity_id === g.json().id)!;
    expect(JSON.parse(audit.after_json!).pastChanges).toBeUndefined();
  });

  it('a change in another province lists none of this province’s censuses', async () => {
    const res = await khAdmin.post('/api/groups', { typeCode: 'to-tu-quan', name: 'Tổ Vĩnh Hòa', unitId: ids['22327'], foundedOn: '2016-03-01' });
    const e = refused(res);
    // Old months of Khánh Hòa's own areas, nothing reported, nothing of Ninh Thuận or the country.
    expect(e.details.pastChanges.length).toBeGreaterThan(0);
    expect(e.details.pastChanges.every((c) => !c.reported && c.unit !== null)).toBe(true);
    expect(res.body).not.toContain('22738');
    expect(res.body).not.toContain('Ninh Thuận');
  });

  it('protects the census when a membership is back-dated or ended in the past', async () => {
    const body = { personId: await person('Phạm Thị Dung'), role: 'member', from: '2017-06-01' };
    const e = refused(await officer.post(`/api/groups/${first}/members`, body));
    expect(e.details.pastChanges[0]).toEqual({ unit: { code: '22738', name: 'Phường Đô Vinh' }, date: '2018-04', reported: true, groups: { before: 2, after: 2 }, members: { before: 2, after: 3 } });
    expect(await census('22738', '2018-04')).toEqual({ groups: 2, members: 2 });
    const ok = await officer.post(`/api/groups/${first}/members`, { ...body, confirmPastChange: true });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(await census('22738', '2018-04')).toEqual({ groups: 2, members: 3 });
    const created = (await t.auditRows('membership.create')).at(-1)!;
    expect(JSON.parse(created.after_json!).pastChanges[0].members).toEqual({ before: 2, after: 3 });

    const end = refused(await officer.post(`/api/groups/${first}/members/${ok.json().id}/end`, { date: '2018-01-01' }));
    expect(end.details.pastChanges[0]).toMatchObject({ date: '2018-04', reported: true, members: { before: 3, after: 2 } });
    const ended = await officer.post(`/api/groups/${first}/members/${ok.json().id}/end`, { date: '2018-01-01', confirmPastChange: true });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(await census('22738', '2018-04')).toEqual({ groups: 2, members: 2 });
  });

  it('protects the census when a founding date, a status or an area is back-dated', async () => {
    const g = await officer.post('/api/groups', { typeCode: 'to-tu-quan', name: 'Tổ thành lập 2019', unitId: ids['22738'], foundedOn: '2019-01-01', confirmPastChange: true });
    const id = g.json().id as string;
    // Back-dating the founding to 2018 brings the group into the reported April 2018.
    const e = refused(await officer.patch(`/api/groups/${id}`, { foundedOn: '2018-02-01' }));
    expect(e.details.pastChanges[0]).toMatchObject({ date: '2018-04', reported: true, groups: { before: 2, after: 3 } });
    const ok = await officer.patch(`/api/groups/${id}`, { foundedOn: '2018-02-01', confirmPastChange: true });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().foundedOn).toBe('2018-02-01');
    const timeline = (await officer.get(`/api/groups/${id}/timeline`)).json();
    expect(timeline.areas[0].validFrom).toBe('2018-02-01');
    expect(timeline.statuses[0].validFrom).toBe('2018-02-01');
    expect(await census('22738', '2018-04')).toEqual({ groups: 3, members: 2 });
    const audit = (await t.auditRows('group.update')).at(-1)!;
    expect(JSON.parse(audit.before_json!).foundedOn).toBe('2019-01-01');
    expect(JSON.parse(audit.after_json!).pastChanges[0].groups).toEqual({ before: 2, after: 3 });

    // Dissolved from March 2018: April 2018 loses it again.
    const s = refused(await officer.post(`/api/groups/${id}/status`, { status: 'dissolved', date: '2018-03-01' }));
    expect(s.details.pastChanges[0]).toMatchObject({ date: '2018-04', groups: { before: 3, after: 2 } });

    // Moved to Phước Mỹ from March 2018: Đô Vinh's reported April loses it, Phước Mỹ's old months gain it.
    const a = refused(await admin.post(`/api/groups/${id}/area`, { unitId: ids['22741'], date: '2018-03-01' }));
    expect(a.details.pastChanges.filter((c) => c.reported)).toEqual([
      { unit: { code: '22738', name: 'Phường Đô Vinh' }, date: '2018-04', reported: true, groups: { before: 3, after: 2 }, members: { before: 2, after: 2 } },
    ]);
    expect(a.details.pastChanges.some((c) => c.unit?.code === '22741' && !c.reported)).toBe(true);
  });

  it('refuses a founding date after the first member joined, before asking about the past', async () => {
    const res = await officer.patch(`/api/groups/${first}`, { foundedOn: '2012-01-01' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('GROUP_FOUNDED_ORDER');
  });
});
