import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';

describe.each(engines)('groups through time (%s)', (engine) => {
  let t: TestContext;
  const a: Record<string, TestClient> = {};
  let doVinh: string;
  let phuocMy: string;
  let vinhHoa: string;

  const create = (c: TestClient, body: Record<string, unknown>) =>
    c.post('/api/groups', { confirmPastChange: true, typeCode: 'to-tu-quan', name: 'Tổ nhân dân tự quản số 1', unitId: doVinh, foundedOn: '2010-03-15', ...body });
  const names = async (c: TestClient, query: string) => ((await c.get(`/api/groups?${query}`)).json().items as { name: string }[]).map((g) => g.name);

  beforeAll(async () => {
    t = await createTestContext(engine);
    doVinh = await t.unitId('22738');
    phuocMy = await t.unitId('22741');
    vinhHoa = await t.unitId('22327');
    a.doVinh = await t.as('commune_officer', '22738', 'cb.to.dovinh');
    a.phuocMy = await t.as('commune_officer', '22741', 'cb.to.phuocmy');
    a.ntStaff = await t.as('province_staff', '58', 'tinh.to.nt');
    a.khAdmin = await t.as('admin', '56', 'qt.to.kh');
    a.viewer = await t.as('viewer', '585', 'xem.to.ninhson');
  });
  afterAll(async () => t?.close());

  it('registers a group in a commune, active from its founding date, with its decision; audited', async () => {
    const res = await create(a.doVinh!, {
      name: 'Tổ  nhân dân tự quản khu phố 1'.normalize('NFD'),
      decisionNumber: '12/QĐ-UBND',
      decisionDate: '2010-03-10',
      decisionIssuer: 'UBND phường Đô Vinh',
      contactPhone: '0912 345 678',
    });
    expect(res.statusCode, res.body).toBe(201);
    const g = res.json();
    expect(g).toMatchObject({
      name: 'Tổ nhân dân tự quản khu phố 1',
      type: { code: 'to-tu-quan', name: 'Tổ nhân dân tự quản', countsMembers: true },
      status: 'active',
      statusSince: '2010-03-15',
      foundedOn: '2010-03-15',
      decisionNumber: '12/QĐ-UBND',
      area: { code: '22738', name: 'Phường Đô Vinh' },
    });
    expect(g.area.path.map((p: { code: string }) => p.code)).toEqual(['58', '582', '22738']);
    const [row] = await t.auditRows('group.create');
    expect(row).toMatchObject({ entity_id: g.id, actor_username: 'cb.to.dovinh' });
  });

  it('counts a group from its founding day, not the day before', async () => {
    await create(a.doVinh!, { name: 'Đội dân phòng Đô Vinh', typeCode: 'doi-dan-phong', foundedOn: '2018-04-30' });
    expect(await names(a.doVinh!, 'date=2018-04-29&type=doi-dan-phong')).toEqual([]);
    expect(await names(a.doVinh!, 'date=2018-04-30&type=doi-dan-phong')).toEqual(['Đội dân phòng Đô Vinh']);
  });

  it('changes status from a date: the new status holds on that day, the old one the day before', async () => {
    const g = (await create(a.doVinh!, { name: 'Tổ an ninh xung kích Đô Vinh', typeCode: 'to-an-ninh-xung-kich', foundedOn: '2012-01-01' })).json();
    const res = await a.doVinh!.post(`/api/groups/${g.id}/status`, { confirmPastChange: true, status: 'dissolved', date: '2019-06-01', reason: 'Không còn phù hợp', decisionNumber: '45/QĐ-UBND' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'dissolved', statusSince: '2019-06-01' });
    expect((await a.doVinh!.get(`/api/groups/${g.id}?date=2019-05-31`)).json().status).toBe('active');
    expect((await a.doVinh!.get(`/api/groups/${g.id}?date=2019-06-01`)).json().status).toBe('dissolved');
    expect(await names(a.doVinh!, 'date=2019-05-31&status=active&type=to-an-ninh-xung-kich')).toEqual(['Tổ an ninh xung kích Đô Vinh']);
    expect(await names(a.doVinh!, 'date=2019-06-01&status=active&type=to-an-ninh-xung-kich')).toEqual([]);
    expect(await names(a.doVinh!, 'date=2019-06-01&status=dissolved')).toEqual(['Tổ an ninh xung kích Đô Vinh']);
    const early = await a.doVinh!.post(`/api/groups/${g.id}/status`, { confirmPastChange: true, status: 'active', date: '2019-06-01' });
    expect([early.statusCode, early.json().error.code]).toEqual([400, 'GROUP_DATE_ORDER']);
    const timeline = (await a.doVinh!.get(`/api/groups/${g.id}/timeline`)).json();
    expect(timeline.statuses.map((s: { status: string; validFrom: string; validTo: string | null }) => [s.status, s.validFrom, s.validTo])).toEqual([
      ['active', '2012-01-01', '2019-06-01'],
      ['dissolved', '2019-06-01', null],
    ]);
    expect(timeline.statuses[1].decisionNumber).toBe('45/QĐ-UBND');
    expect((await t.auditRows('group.status')).map((r) => r.entity_id)).toEqual([g.id]);
  });

  it('moves a group to another commune from a date; each side sees it on its own days', async () => {
    const g = (await create(a.doVinh!, { name: 'Tổ tự quản di chuyển', foundedOn: '2011-01-01' })).json();
    // The Đô Vinh officer cannot move it into Phước Mỹ (outside their scope); the province admin can.
    const refused = await a.doVinh!.post(`/api/groups/${g.id}/area`, { confirmPastChange: true, unitId: phuocMy, date: '2020-01-01' });
    expect(refused.statusCode).toBe(404);
    const ntAdmin = await t.as('admin', '58', 'qt.to.nt');
    const moved = await ntAdmin.post(`/api/groups/${g.id}/area`, { confirmPastChange: true, unitId: phuocMy, date: '2020-01-01', reason: 'Chuyển địa bàn' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await names(a.doVinh!, 'date=2019-12-31&q=di chuyen')).toEqual(['Tổ tự quản di chuyển']);
    expect(await names(a.doVinh!, 'date=2020-01-01&q=di chuyen')).toEqual([]);
    expect(await names(a.phuocMy!, 'date=2020-01-01&q=di chuyen')).toEqual(['Tổ tự quản di chuyển']);
    expect(await names(a.phuocMy!, 'date=2019-12-31&q=di chuyen')).toEqual([]);
    // Now in Phước Mỹ: the Đô Vinh officer no longer reaches it.
    expect((await a.doVinh!.get(`/api/groups/${g.id}`)).statusCode).toBe(404);
    expect((await a.phuocMy!.get(`/api/groups/${g.id}`)).json().area.code).toBe('22741');
  });

  it('lists by area subtree, type, status and text without diacritics, with totals and pages', async () => {
    expect(await names(a.ntStaff!, 'unit=582&date=2018-04-30&q=doi dan phong')).toEqual(['Đội dân phòng Đô Vinh']);
    expect(await names(a.ntStaff!, 'unit=584&date=2018-04-30')).toEqual([]);
    const page = (await a.ntStaff!.get('/api/groups?unit=58&date=2019-01-01&pageSize=2')).json();
    expect([page.total, page.totalExact]).toEqual([4, true]);
    expect(page.items).toHaveLength(2);
    const last = (await a.ntStaff!.get(`/api/groups?unit=58&date=2019-01-01&pageSize=2&cursor=${page.nextCursor}`)).json();
    expect(last.items).toHaveLength(2);
    expect(last.nextCursor).toBe(null);
    expect(last.items.map((g: { id: string }) => g.id)).not.toContain(page.items[0].id);
    expect(await names(a.ntStaff!, 'q=%25')).toEqual([]);
  });

  it('keeps every endpoint inside the scope: other communes, the other province, and roles that cannot write', async () => {
    const g = (await create(a.doVinh!, { name: 'Tổ trong phạm vi' })).json();
    expect((await a.phuocMy!.get(`/api/groups/${g.id}`)).statusCode).toBe(404);
    expect((await a.khAdmin!.get(`/api/groups/${g.id}`)).statusCode).toBe(404);
    expect((await a.khAdmin!.get(`/api/groups/${g.id}/timeline`)).statusCode).toBe(404);
    expect((await a.khAdmin!.patch(`/api/groups/${g.id}`, { name: 'Sửa trộm' })).statusCode).toBe(404);
    expect((await a.khAdmin!.post(`/api/groups/${g.id}/status`, { confirmPastChange: true, status: 'suspended', date: '2026-01-01' })).statusCode).toBe(404);
    expect((await a.khAdmin!.post(`/api/groups/${g.id}/area`, { confirmPastChange: true, unitId: vinhHoa, date: '2026-01-01' })).statusCode).toBe(404);
    expect(await names(a.khAdmin!, 'date=2026-01-01')).toEqual([]);
    expect(await names(a.viewer!, 'date=2026-01-01')).toEqual([]);
    const elsewhere = await create(a.doVinh!, { unitId: phuocMy, name: 'Ngoài phạm vi' });
    expect([elsewhere.statusCode, elsewhere.json().error.code]).toEqual([404, 'UNIT_NOT_FOUND']);
    for (const c of [a.ntStaff!, a.viewer!]) {
      expect((await create(c, { name: 'Không có quyền' })).statusCode).toBe(403);
      expect((await c.post(`/api/groups/${g.id}/status`, { confirmPastChange: true, status: 'suspended', date: '2026-01-01' })).statusCode).toBe(403);
    }
    expect((await t.client().get('/api/groups')).statusCode).toBe(401);
    expect((await a.ntStaff!.get(`/api/groups/${g.id}`)).statusCode).toBe(200);
    const edited = await a.doVinh!.patch(`/api/groups/${g.id}`, { notes: 'Sinh hoạt hằng tháng', contactText: 'Nhà văn hóa khu phố 1' });
    expect(edited.json()).toMatchObject({ notes: 'Sinh hoạt hằng tháng', contactText: 'Nhà văn hóa khu phố 1' });
    expect((await t.auditRows('group.update')).map((r) => r.entity_id)).toEqual([g.id]);
  });

  it('refuses an area that is not a village or commune, or does not exist on the founding date, and retired types', async () => {
    const district = await create(a.khAdmin!, { unitId: await t.unitId('568') });
    expect(district.json().error.code).toBe('GROUP_AREA_LEVEL');
    const village = (await t.as('admin', null, 'qt.to.all')).post('/api/units', {
      code: 'KP-TO-1',
      name: 'Khu phố mới',
      level: 'village',
      kind: 'Khu phố',
      parentId: doVinh,
      validFrom: '2020-01-01',
    });
    const v = (await village).json();
    const tooEarly = await create(a.doVinh!, { unitId: v.id, foundedOn: '2019-12-31' });
    expect(tooEarly.json().error.code).toBe('GROUP_AREA_NOT_VALID');
    expect((await create(a.doVinh!, { unitId: v.id, foundedOn: '2020-01-01', name: 'Tổ khu phố mới' })).statusCode).toBe(201);
    const ntAdmin = await t.as('admin', '58', 'qt.to.loai');
    await ntAdmin.post('/api/model-types', { code: 'cong-rao', name: 'Cổng rào an ninh', reportNoun: 'cổng rào an ninh' });
    await ntAdmin.post('/api/model-types/cong-rao/retire', { date: '2024-01-01' });
    expect((await create(a.doVinh!, { typeCode: 'cong-rao', foundedOn: '2023-12-31', name: 'Cổng rào 1' })).statusCode).toBe(201);
    const retired = await create(a.doVinh!, { typeCode: 'cong-rao', foundedOn: '2024-01-01', name: 'Cổng rào 2' });
    expect(retired.json().error.code).toBe('MODEL_TYPE_RETIRED');
    expect((await create(a.khAdmin!, { typeCode: 'cong-rao', unitId: vinhHoa, name: 'Tỉnh khác' })).json().error.code).toBe('MODEL_TYPE_NOT_FOUND');
  });
});
