import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';

// 056 = Khánh Hòa; 0/1 = a man/woman born in the 1900s.
const HOA = '056188004321';
const KHANG = '056079007777';
const NOBODY = '056090009999';
const LOCAL = '058085001111';

/**
 * The officer of Phường Bảo An (Ninh Thuận) enrols people registered in Nha Trang (Khánh Hòa)
 * by membership request; the officer of Phường Vĩnh Hòa, where they are registered, decides.
 */
describe.each(engines)('membership requests (%s)', (engine) => {
  let t: TestContext;
  let ba: TestClient;
  let doVinh: TestClient;
  let vinhHoa: TestClient;
  let vinhHai: TestClient;
  let staff: TestClient;
  let baGroup: string;
  let hoa: { id: string };
  let khang: { id: string };
  const sent: Record<string, { id: string }> = {};

  const requestFor = (c: TestClient, cccd: string, body: Record<string, unknown> = {}) =>
    c.post('/api/membership-requests', { groupId: baGroup, cccd, fullName: 'Trần Thị Hoa', role: 'member', from: '2024-05-01', confirmPastChange: true, ...body });
  const countRequests = async () => Number((await t.deps.db.selectFrom('membership_requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestContext(engine);
    ba = await t.as('commune_officer', '22744', 'cb.baoan');
    doVinh = await t.as('commune_officer', '22738', 'cb.dovinh');
    vinhHoa = await t.as('commune_officer', '22327', 'cb.vinhhoa');
    vinhHai = await t.as('commune_officer', '22330', 'cb.vinhhai');
    staff = await t.as('province_staff', '56', 'tinh.kh');
    baGroup = (await ba.post('/api/groups', { confirmPastChange: true, typeCode: 'to-tu-quan', name: 'Tổ tự quản Bảo An 2', unitId: await t.unitId('22744'), foundedOn: '2015-01-01' })).json().id;
    const vinhHoaId = await t.unitId('22327');
    hoa = (await vinhHoa.post('/api/people', { fullName: 'Trần Thị Hoa', gender: 'female', birthYear: 1988, cccd: HOA, addressUnitId: vinhHoaId })).json();
    khang = (await vinhHoa.post('/api/people', { fullName: 'Lê Văn Khang', gender: 'male', birthYear: 1979, cccd: KHANG, addressUnitId: vinhHoaId })).json();
    expect(hoa.id && khang.id).toBeTruthy();
    expect((await ba.post('/api/people', { fullName: 'Nguyễn Văn Local', gender: 'male', birthYear: 1985, cccd: LOCAL, addressUnitId: await t.unitId('22744') })).statusCode).toBe(201);
  });
  afterAll(async () => t?.close());

  it('answers a request the same whoever holds the number, or nobody, and keeps the number sealed', async () => {
    const held = await requestFor(ba, HOA, { id: '0190a1b2-0000-7000-8000-000000000001' });
    const unheld = await requestFor(ba, NOBODY, { fullName: 'Không Ai Cả' });
    expect([held.statusCode, unheld.statusCode]).toEqual([201, 201]);
    sent.hoa = held.json();
    sent.nobody = unheld.json();
    const shape = (b: Record<string, unknown>) => ({ ...b, id: '', fullName: '', cccdMasked: '', createdAt: '' });
    expect(shape(held.json())).toEqual(shape(unheld.json()));
    expect(held.json()).toMatchObject({ id: '0190a1b2-0000-7000-8000-000000000001', status: 'pending', cccdMasked: '••••••••4321', personId: null, group: { id: baGroup, name: 'Tổ tự quản Bảo An 2' } });
    expect(held.body).not.toContain(hoa.id);
    expect(held.body).not.toContain(HOA);
    const rows = await t.deps.db.selectFrom('membership_requests').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(HOA);
    expect(JSON.stringify(await t.auditRows('membership_request.create'))).not.toContain(HOA);

    // A person the officer already sees is added directly; a bad number or a group out of scope is refused.
    const local = await requestFor(ba, LOCAL);
    expect([local.statusCode, local.json().error.code]).toEqual([409, 'MEMBERSHIP_REQUEST_VISIBLE']);
    expect((await requestFor(ba, '123')).statusCode).toBe(400);
    expect((await requestFor(ba, '999188004321')).json().error.code).toBe('CCCD_INVALID');
    expect((await requestFor(doVinh, HOA)).json().error.code).toBe('GROUP_NOT_FOUND');
    expect((await requestFor(ba, HOA, { from: '2014-01-01' })).json().error.code).toBe('MEMBERSHIP_DATE');
  });

  it('does not store a retried request twice', async () => {
    const before = await countRequests();
    const again = await requestFor(ba, HOA, { id: '0190a1b2-0000-7000-8000-000000000001' });
    expect([again.statusCode, again.json().id]).toEqual([201, sent.hoa!.id]);
    const sameKey = await requestFor(ba, HOA);
    expect(sameKey.json().id).toBe(sent.hoa!.id);
    expect(await countRequests()).toBe(before);
  });

  it('reaches only the officers whose scope holds the person, who see who asks and whom', async () => {
    const queue = await vinhHoa.get('/api/membership-requests/incoming');
    expect(queue.statusCode, queue.body).toBe(200);
    expect(queue.json()).toHaveLength(1);
    expect(queue.json()[0]).toMatchObject({
      id: sent.hoa!.id,
      requestedBy: { username: 'cb.baoan' },
      group: { id: baGroup, name: 'Tổ tự quản Bảo An 2', areaName: 'Phường Bảo An' },
      fullName: 'Trần Thị Hoa',
      person: { id: hoa.id, fullName: 'Trần Thị Hoa' },
      status: 'pending',
    });
    for (const c of [ba, doVinh, vinhHai]) expect((await c.get('/api/membership-requests/incoming')).json()).toEqual([]);
    expect((await staff.get('/api/membership-requests/incoming')).statusCode).toBe(403);
    // The requester's list: what they typed, masked; nobody else's area sees it.
    expect((await ba.get('/api/membership-requests/sent')).json().map((r: { id: string }) => r.id).sort()).toEqual([sent.hoa!.id, sent.nobody!.id].sort());
    expect((await vinhHoa.get('/api/membership-requests/sent')).json()).toEqual([]);
  });

  it('answers 404 to ids out of scope, whoever asks', async () => {
    const id = sent.hoa!.id;
    for (const c of [doVinh, vinhHai, ba]) {
      expect((await c.post(`/api/membership-requests/${id}/approve`)).statusCode).toBe(404);
      expect((await c.post(`/api/membership-requests/${id}/decline`, { reason: 'Không' })).statusCode).toBe(404);
    }
    expect((await vinhHoa.post(`/api/membership-requests/${id}/withdraw`)).statusCode).toBe(404);
    expect((await doVinh.post(`/api/membership-requests/${id}/withdraw`)).statusCode).toBe(404);
    expect((await vinhHoa.post(`/api/membership-requests/${sent.nobody!.id}/approve`)).statusCode).toBe(404);
  });

  it('approves: the membership is written and audited, and the requester now sees the person as their member', async () => {
    expect((await ba.get(`/api/people/${hoa.id}`)).statusCode).toBe(404);
    const approved = await vinhHoa.post(`/api/membership-requests/${sent.hoa!.id}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', person: { id: hoa.id } });
    const members = (await ba.get(`/api/groups/${baGroup}/members?date=2024-06-01`)).json();
    expect(members.map((m: { person: { id: string }; role: string; validFrom: string }) => [m.person.id, m.role, m.validFrom])).toEqual([[hoa.id, 'member', '2024-05-01']]);
    expect((await ba.get(`/api/people/${hoa.id}`)).statusCode).toBe(200);
    const mine = (await ba.get('/api/membership-requests/sent')).json().find((r: { id: string }) => r.id === sent.hoa!.id);
    expect(mine).toMatchObject({ status: 'approved', personId: hoa.id });
    expect((await t.auditRows('membership_request.approve')).map((r) => r.entity_id)).toEqual([sent.hoa!.id]);
    expect(JSON.parse((await t.auditRows('membership.create')).at(-1)!.after_json!)).toMatchObject({ personId: hoa.id, requestId: sent.hoa!.id });
    const twice = await vinhHoa.post(`/api/membership-requests/${sent.hoa!.id}/approve`);
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, 'MEMBERSHIP_REQUEST_DECIDED']);
    expect((await vinhHoa.get('/api/membership-requests/incoming')).json()).toEqual([]);
  });

  it('declines with a reason the requester reads; the person stays out of their reach', async () => {
    const req = (await requestFor(ba, KHANG, { fullName: 'Lê Văn Khang', role: 'deputy' })).json();
    const empty = await vinhHoa.post(`/api/membership-requests/${req.id}/decline`, { reason: '  ' });
    expect(empty.statusCode).toBe(400);
    const declined = await vinhHoa.post(`/api/membership-requests/${req.id}/decline`, { reason: 'Ông Khang đã chuyển đi nơi khác.' });
    expect([declined.statusCode, declined.json().status]).toEqual([200, 'declined']);
    const mine = (await ba.get('/api/membership-requests/sent')).json().find((r: { id: string }) => r.id === req.id);
    expect(mine).toMatchObject({ status: 'declined', reason: 'Ông Khang đã chuyển đi nơi khác.', personId: null });
    expect((await ba.get(`/api/people/${khang.id}`)).statusCode).toBe(404);
    expect((await t.deps.db.selectFrom('memberships').select('id').where('person_id', '=', khang.id).execute())).toEqual([]);
    expect((await t.auditRows('membership_request.decline')).map((r) => r.entity_id)).toEqual([req.id]);
    expect((await ba.post(`/api/membership-requests/${req.id}/withdraw`)).json().error.code).toBe('MEMBERSHIP_REQUEST_DECIDED');
  });

  it('keeps a request for a number nobody holds pending, until withdrawn', async () => {
    const mine = (await ba.get('/api/membership-requests/sent')).json().find((r: { id: string }) => r.id === sent.nobody!.id);
    expect(mine.status).toBe('pending');
    const withdrawn = await ba.post(`/api/membership-requests/${sent.nobody!.id}/withdraw`);
    expect([withdrawn.statusCode, withdrawn.json().status]).toEqual([200, 'withdrawn']);
    expect((await ba.post(`/api/membership-requests/${sent.nobody!.id}/withdraw`)).json().error.code).toBe('MEMBERSHIP_REQUEST_DECIDED');
    expect((await t.auditRows('membership_request.withdraw')).map((r) => r.entity_id)).toEqual([sent.nobody!.id]);
  });
  it('asks the requester to confirm a membership that changes past censuses, and stores nothing until then', async () => {
    const before = await countRequests();
    const asked = await requestFor(ba, '056090008888', { fullName: 'Người Hỏi Trước', confirmPastChange: false });
    expect(asked.statusCode).toBe(409);
    expect(asked.json().error).toMatchObject({ code: 'PAST_CENSUS_CHANGE', details: { pastChanges: expect.arrayContaining([expect.objectContaining({ unit: expect.objectContaining({ code: '22744' }) })]) } });
    expect(await countRequests()).toBe(before);
    // A request from today changes no past census: nothing to confirm.
    const today = await requestFor(ba, '056090008888', { fullName: 'Người Hỏi Trước', confirmPastChange: false, from: '2026-03-02' });
    expect(today.statusCode, today.body).toBe(201);
    await ba.post(`/api/membership-requests/${today.json().id}/withdraw`);
  });
});
