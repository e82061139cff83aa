import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';

describe.each(engines)('links between groups (%s)', (engine) => {
  let t: TestContext;
  let officer: TestClient;
  let other: TestClient;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestContext(engine);
    officer = await t.as('commune_officer', '22738', 'cb.lk.dv');
    other = await t.as('commune_officer', '22741', 'cb.lk.pm');
    const make = async (c: TestClient, code: string, name: string, type = 'to-tu-quan') =>
      (await c.post('/api/groups', { confirmPastChange: true, typeCode: type, name, unitId: await t.unitId(code), foundedOn: '2016-01-01' })).json().id as string;
    ids.a = await make(officer, '22738', 'Tổ tự quản A');
    ids.b = await make(officer, '22738', 'Đội dân phòng B', 'doi-dan-phong');
    ids.parish = await make(other, '22741', 'Xứ đạo Phước Mỹ', 'xu-dao-binh-yen');
  });
  afterAll(async () => t?.close());

  it('links groups that work together and records a replicated model, seen from both sides; audited', async () => {
    expect((await officer.post(`/api/groups/${ids.a}/links`, { otherGroupId: ids.b, kind: 'linked', since: '2018-01-01' })).statusCode).toBe(201);
    const replicated = await officer.post(`/api/groups/${ids.b}/links`, { otherGroupId: ids.parish, kind: 'replicated_from', notes: 'Học mô hình xứ đạo bình yên' });
    expect(replicated.statusCode, replicated.body).toBe(201);
    const fromA = (await officer.get(`/api/groups/${ids.a}/links`)).json();
    expect(fromA.map((l: { kind: string; direction: string; other: { name: string } }) => [l.kind, l.direction, l.other.name])).toEqual([['linked', 'outgoing', 'Đội dân phòng B']]);
    const fromB = (await officer.get(`/api/groups/${ids.b}/links`)).json();
    // The parish lies in another commune: linked by its id, but not named to this officer.
    expect(fromB.map((l: { kind: string; direction: string; other: { name: string } | null }) => [l.kind, l.direction, l.other?.name ?? null])).toEqual([
      ['replicated_from', 'outgoing', null],
      ['linked', 'incoming', 'Tổ tự quản A'],
    ]);
    const parish = (await other.get(`/api/groups/${ids.parish}/links`)).json();
    expect(parish.map((l: { kind: string; direction: string; other: unknown }) => [l.kind, l.direction, l.other])).toEqual([['replicated_from', 'incoming', null]]);
    expect((await t.auditRows('group.link'))).toHaveLength(2);
  });

  it('refuses a link to itself, a repeated link (either way round), and groups outside the scope', async () => {
    expect((await officer.post(`/api/groups/${ids.a}/links`, { otherGroupId: ids.a, kind: 'linked' })).json().error.code).toBe('GROUP_LINK_SELF');
    expect((await officer.post(`/api/groups/${ids.b}/links`, { otherGroupId: ids.a, kind: 'linked' })).json().error.code).toBe('GROUP_LINK_EXISTS');
    expect((await other.post(`/api/groups/${ids.a}/links`, { otherGroupId: ids.parish, kind: 'linked' })).statusCode).toBe(404);
    expect((await other.get(`/api/groups/${ids.a}/links`)).statusCode).toBe(404);
    const link = (await officer.get(`/api/groups/${ids.a}/links`)).json()[0];
    expect((await other.delete(`/api/groups/${ids.a}/links/${link.id}`)).statusCode).toBe(404);
    expect((await officer.delete(`/api/groups/${ids.a}/links/${link.id}`)).statusCode).toBe(204);
    expect((await officer.get(`/api/groups/${ids.a}/links`)).json()).toEqual([]);
    expect((await t.auditRows('group.unlink')).map((r) => r.entity_id)).toEqual([ids.a]);
  });
});
