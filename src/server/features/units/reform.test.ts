import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';
import { importUnitsFile } from './imports.js';
import type { GroupTimeline } from '../../../shared/groups.js';

const LIST_FILE = 'data/admin-units/vn-units-2025-03-01.json';
const REFORM_FILE = 'data/admin-units/vn-reform-2025-07-01.json';
const listText = readFileSync(resolve(LIST_FILE), 'utf8');
const reformText = readFileSync(resolve(REFORM_FILE), 'utf8');

interface ReformDoc {
  data: { level1_id: string; name: string; merges: { old_id: string; type: string }[]; level2s: { level2_id: string; name: string; merges: { old_id: string; name: string; type: string }[] }[] }[];
}
const reform = JSON.parse(reformText) as ReformDoc;
const khanhHoa = reform.data.find((p) => p.level1_id === '56')!;
/** In Ninh Thuận, 22768 was split between two new communes of Khánh Hòa; 22738 went whole into one. */
const split = { old: '22768', into: khanhHoa.level2s.filter((c) => c.merges.some((m) => m.old_id === '22768')).map((c) => c.level2_id).sort() };
const whole = { old: '22738', into: khanhHoa.level2s.find((c) => c.merges.some((m) => m.old_id === '22738'))!.level2_id };

describe.each(engines)('the official list and the 2025 reform (%s)', (engine) => {
  let t: TestContext;
  let admin: TestClient;
  const villages: Record<string, string> = {};
  const groups: Record<string, string> = {};

  async function countUnits(): Promise<number> {
    const r = await t.deps.db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async function countAt(date: string): Promise<Record<string, number>> {
    const rows = await t.deps.db
      .selectFrom('units')
      .select(['level', (eb) => eb.fn.countAll<number>().as('n')])
      .where('valid_from', '<=', date)
      .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', date)]))
      .groupBy('level')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.level, Number(r.n)]));
  }

  async function village(communeCode: string, code: string, name: string): Promise<string> {
    const res = await admin.post('/api/units', { code, name, level: 'village', kind: 'Khu phố', parentId: await t.unitId(communeCode), validFrom: '2010-01-01' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }

  beforeAll(async () => {
    t = await createTestContext(engine, { provinces: 'none' });
    admin = await t.as('admin', null, 'qt.caicach');
    // The official list through the web endpoint, followed until done, as the import page does.
    const started = await admin.request('POST', `/api/units/imports?fileName=${encodeURIComponent('vn-units-2025-03-01.json')}`, JSON.parse(listText));
    expect(started.statusCode, started.body).toBe(202);
    let job = started.json();
    let sawProgress = false;
    while (job.status === 'running') {
      await new Promise((r) => setTimeout(r, 20));
      job = (await admin.get(`/api/units/imports/${job.id}`)).json();
      if (job.status === 'running' && job.phase === 'units' && job.done > 0) sawProgress = true;
    }
    // The import runs on a connection of its own: the app answered while it wrote, with its progress.
    expect(sawProgress).toBe(true);
    expect(job.status, JSON.stringify(job.error)).toBe('done');
    expect(job.result).toMatchObject({ kind: 'official_list', added: 10_806, unchanged: 0 });
    // Villages under a commune that merges whole, and under one that is split.
    villages.whole1 = await village(whole.old, 'KP-DV-01', 'Khu phố 1');
    villages.whole2 = await village(whole.old, 'KP-DV-02', 'Khu phố 2');
    villages.split1 = await village(split.old, 'KP-DH-01', 'Khu phố Đông Hải 1');
    villages.split2 = await village(split.old, 'KP-DH-02', 'Khu phố Đông Hải 2');
    for (const [key, name] of [['whole1', 'Tổ tự quản khu phố 1 Đô Vinh'], ['split1', 'Tổ tự quản Đông Hải 1']] as const) {
      const res = await admin.post('/api/groups', { confirmPastChange: true, typeCode: 'to-tu-quan', name, unitId: villages[key], foundedOn: '2015-01-01' });
      expect(res.statusCode, res.body).toBe(201);
      groups[key] = res.json().id;
    }
    const outcome = await importUnitsFile(t.deps, null, reformText, 'vn-reform-2025-07-01.json', 'reform');
    expect(outcome).toMatchObject({ kind: 'reform', added: 3_321 + 34 + 2, villagesCarried: 2, villagesQueued: 2 });
    const event = await t.deps.db.selectFrom('unit_events').select('summary_json').where('kind', '=', 'reform').executeTakeFirstOrThrow();
    expect(JSON.parse(event.summary_json).groupsCarried).toBe(1);
  }, 180_000);
  afterAll(async () => t?.close());

  it('counts 63 provinces, 696 districts and 10,047 communes on 2025-06-30; 34, none and 3,321 on 2025-07-01', async () => {
    expect(await countAt('2025-06-30')).toMatchObject({ province: 63, district: 696, commune: 10_047 });
    const after = await countAt('2025-07-01');
    expect(after).toMatchObject({ province: 34, commune: 3_321 });
    expect(after.district ?? 0).toBe(0);
    expect((await admin.get('/api/units/children?date=2025-06-30')).json()).toHaveLength(63);
    expect((await admin.get('/api/units/children?date=2025-07-01')).json()).toHaveLength(34);
  });

  it('shows Ninh Thuận with 7 districts and 62 communes on 2025-06-30, and nothing on 2025-07-01', async () => {
    const districts = (await admin.get('/api/units/children?code=58&date=2025-06-30')).json() as { code: string }[];
    expect(districts.map((d) => d.code)).toEqual(['582', '584', '585', '586', '587', '588', '589']);
    let communes = 0;
    for (const d of districts) communes += ((await admin.get(`/api/units/children?code=${d.code}&date=2025-06-30`)).json() as unknown[]).length;
    expect(communes).toBe(62);
    expect((await admin.get('/api/units/children?code=58&date=2025-07-01')).statusCode).toBe(404);
    expect((await admin.get('/api/units/resolve?code=58&date=2025-07-01')).statusCode).toBe(404);
  });

  it('gives Khánh Hòa on 2025-07-01 exactly the 65 communes the reform lists, sorted by code', async () => {
    const res = await admin.get('/api/units/children?code=56&date=2025-07-01');
    const communes = res.json() as { code: string; name: string; kind: string }[];
    expect(communes).toHaveLength(65);
    expect(communes.map((c) => c.code)).toEqual(khanhHoa.level2s.map((c) => c.level2_id).sort());
    const expected = new Map(khanhHoa.level2s.map((c) => [c.level2_id, c.name]));
    for (const c of communes) {
      expect(c.name).toBe(expected.get(c.code));
      expect(c.kind).toBe(c.name.startsWith('Đặc khu') ? 'Đặc khu' : c.name.split(' ')[0]);
    }
  });

  it('resolves code 22741 to Phước Mỹ on 2025-06-30 and to Bảo An on 2025-07-01', async () => {
    const before = (await admin.get('/api/units/resolve?code=22741&date=2025-06-30')).json();
    expect(before).toEqual({
      code: '22741',
      name: 'Phường Phước Mỹ',
      kind: 'Phường',
      level: 'commune',
      validFrom: '1900-01-01',
      validTo: '2025-07-01',
      parent: { code: '582', name: 'Thành phố Phan Rang-Tháp Chàm' },
      path: [
        { code: '58', name: 'Tỉnh Ninh Thuận' },
        { code: '582', name: 'Thành phố Phan Rang-Tháp Chàm' },
        { code: '22741', name: 'Phường Phước Mỹ' },
      ],
    });
    const after = (await admin.get('/api/units/resolve?code=22741&date=2025-07-01')).json();
    expect(after).toMatchObject({ code: '22741', name: 'Phường Bảo An', validFrom: '2025-07-01', validTo: null, parent: { code: '56', name: 'Tỉnh Khánh Hòa' } });
  });

  it('follows lineage forward: Ninh Thuận went whole into Khánh Hòa, Bảo An (22744) into the new 22741, a split commune in part into two', async () => {
    expect((await admin.get('/api/units/successors?code=58&from=2025-06-30&to=2025-07-01')).json()).toEqual([
      expect.objectContaining({ code: '56', name: 'Tỉnh Khánh Hòa', share: 'full' }),
    ]);
    expect((await admin.get('/api/units/successors?code=22744&from=2025-06-30&to=2025-07-01')).json()).toEqual([
      expect.objectContaining({ code: '22741', name: 'Phường Bảo An', share: 'full' }),
    ]);
    const parts = (await admin.get(`/api/units/successors?code=${split.old}&from=2025-06-30&to=2025-07-01`)).json() as { code: string; share: string }[];
    expect(parts.map((p) => [p.code, p.share])).toEqual(split.into.map((c) => [c, 'partial']));
    // Across years: a unit still valid is its own successor.
    expect((await admin.get('/api/units/successors?code=22738&from=2018-04-30&to=2020-01-01')).json()).toEqual([
      expect.objectContaining({ code: '22738', name: 'Phường Đô Vinh', share: 'full' }),
    ]);
  });

  it('carries villages of a wholly merged commune over to the new commune, and queues those of a split commune, nowhere else', async () => {
    const kids = (await admin.get(`/api/units/children?code=${whole.into}&date=2025-07-01`)).json() as { code: string }[];
    expect(kids.map((k) => k.code)).toEqual(expect.arrayContaining(['KP-DV-01', 'KP-DV-02']));
    const carried = (await admin.get('/api/units/resolve?code=KP-DV-01&date=2025-07-01')).json();
    expect(carried.parent.code).toBe(whole.into);
    expect((await admin.get('/api/units/resolve?code=KP-DV-01&date=2025-06-30')).json().parent.code).toBe(whole.old);

    for (const code of split.into) {
      const under = (await admin.get(`/api/units/children?code=${code}&date=2025-07-01`)).json() as { code: string }[];
      expect(under.map((u) => u.code)).not.toContain('KP-DH-01');
    }
    expect((await admin.get('/api/units/resolve?code=KP-DH-01&date=2025-07-01')).statusCode).toBe(404);
    const queue = (await admin.get('/api/units/placements')).json();
    expect(queue.total).toBe(2);
    expect(queue.items.map((p: { village: { code: string } }) => p.village.code).sort()).toEqual(['KP-DH-01', 'KP-DH-02']);
    expect(queue.items[0].candidates.map((c: { code: string }) => c.code).sort()).toEqual(split.into);
  });

  it('carries a group with its village: in Đô Vinh until 2025-06-30, under the new commune from 2025-07-01', async () => {
    const before = (await admin.get(`/api/groups/${groups.whole1}?date=2025-06-30`)).json();
    const after = (await admin.get(`/api/groups/${groups.whole1}?date=2025-07-01`)).json();
    expect(before.area.path.map((p: { code: string }) => p.code)).toEqual(['58', '582', whole.old, 'KP-DV-01']);
    expect(after.area.path.map((p: { code: string }) => p.code)).toEqual(['56', whole.into, 'KP-DV-01']);
    const inKhanhHoa = (await admin.get('/api/groups?unit=56&date=2025-07-01')).json().items.map((g: { id: string }) => g.id);
    expect(inKhanhHoa).toContain(groups.whole1);
    // Its history names the reorganisation as the basis of the move, never the file imported.
    const timeline: GroupTimeline = (await admin.get(`/api/groups/${groups.whole1}/timeline`)).json();
    expect(timeline.areas.map((a) => [a.validFrom, a.reason, a.basis])).toEqual([
      ['2015-01-01', null, null],
      ['2025-07-01', null, { effectiveDate: '2025-07-01', resolution: null }],
    ]);
    expect(JSON.stringify(timeline)).not.toContain('.json');
  });

  it('lets an officer of a new commune place a queued village, only into a candidate commune in their scope', async () => {
    const officer = await t.as('commune_officer', split.into[0]!, 'cb.donghai');
    const outsider = await t.as('commune_officer', whole.into, 'cb.khac');
    const queue = (await officer.get('/api/units/placements')).json();
    expect(queue.total).toBe(2);
    expect((await outsider.get('/api/units/placements')).json().total).toBe(0);
    const item = queue.items.find((p: { village: { code: string } }) => p.village.code === 'KP-DH-01');
    const candidateIds = Object.fromEntries(item.candidates.map((c: { id: string; code: string }) => [c.code, c.id]));

    const notCandidate = await officer.post(`/api/units/placements/${item.id}`, { communeId: await t.unitId(whole.into) });
    expect(notCandidate.json().error.code).toBe('PLACEMENT_NOT_CANDIDATE');
    const otherCandidate = await officer.post(`/api/units/placements/${item.id}`, { communeId: candidateIds[split.into[1]!] });
    expect([otherCandidate.statusCode, otherCandidate.json().error.code]).toEqual([403, 'OUT_OF_SCOPE']);
    expect((await outsider.post(`/api/units/placements/${item.id}`, { communeId: candidateIds[split.into[0]!] })).statusCode).toBe(404);

    const placed = await officer.post(`/api/units/placements/${item.id}`, { communeId: candidateIds[split.into[0]!] });
    expect(placed.statusCode, placed.body).toBe(200);
    expect((await admin.get('/api/units/resolve?code=KP-DH-01&date=2025-07-01')).json().parent.code).toBe(split.into[0]);
    expect((await officer.get('/api/units/placements')).json().total).toBe(1);
    // The village's group followed it from the reform's date.
    const g = (await admin.get(`/api/groups/${groups.split1}?date=2025-07-01`)).json();
    expect(g.area.path.map((p: { code: string }) => p.code)).toEqual(['56', split.into[0], 'KP-DH-01']);
    expect((await admin.get(`/api/groups/${groups.split1}?date=2025-06-30`)).json().area.path.map((p: { code: string }) => p.code)).toEqual(['58', expect.any(String), split.old, 'KP-DH-01']);
    const again = await officer.post(`/api/units/placements/${item.id}`, { communeId: candidateIds[split.into[0]!] });
    expect(again.json().error.code).toBe('PLACEMENT_DONE');
    // Placed later, the move still rests on the reorganisation: no "placement" as its reason.
    const timeline: GroupTimeline = (await admin.get(`/api/groups/${groups.split1}/timeline`)).json();
    expect(timeline.areas.at(-1)).toMatchObject({ validFrom: '2025-07-01', reason: null, basis: { effectiveDate: '2025-07-01', resolution: null } });
    expect((await t.auditRows('unit.place_village')).map((r) => r.actor_username)).toEqual(['cb.donghai']);
  });

  it('refuses a sheet row for a commune the reform ended, and takes it for the commune of today', async () => {
    const csv = (code: string, date: string) =>
      Buffer.from(`Mã xã/phường;Tên thôn, tổ dân phố;Loại;Ngày bắt đầu hiệu lực\n${code};Khu phố Mới Lập;Khu phố;${date}\n`, 'utf8');
    const old = (await admin.request('POST', '/api/units/villages/import', csv(whole.old, '1/1/2018'), { 'content-type': 'text/csv' })).json();
    expect(old.errors).toEqual([{ row: 2, column: 'Mã xã/phường', message: expect.stringContaining('đã kết thúc từ 1/7/2025') }]);
    const today = (await admin.request('POST', '/api/units/villages/import?commit=true', csv(whole.into, '1/8/2025'), { 'content-type': 'text/csv' })).json();
    expect(today).toMatchObject({ committed: true, create: 1 });
  });

  it('changes nothing when the same files are imported again', async () => {
    const before = await countUnits();
    const links = Number((await t.deps.db.selectFrom('unit_links').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const list = await importUnitsFile(t.deps, null, listText, 'again.json', 'official_list');
    expect(list).toMatchObject({ added: 0, ended: 0, unchanged: 10_806 });
    const again = await importUnitsFile(t.deps, null, reformText, 'again.json', 'reform');
    expect(again).toMatchObject({ added: 0, ended: 0, links: 0 });
    expect(again.unchanged).toBeGreaterThan(0);
    expect(await countUnits()).toBe(before);
    expect(Number((await t.deps.db.selectFrom('unit_links').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(links);
  });

  it('refuses a malformed file with a clear error and changes nothing', async () => {
    const before = await countUnits();
    const tiny = (merges: { old_id: string; name: string; type: string }[]) =>
      JSON.stringify({ data: [{ level1_id: '99', name: 'Tỉnh Thử', merges: [{ old_id: '56', name: 'x', type: 'full' }], level2s: [{ level2_id: '99001', name: 'Xã Thử', merges }] }] });
    const cases: [string, string, RegExp][] = [
      ['{"data": [', 'IMPORT_INVALID_FILE', /JSON/],
      // Deeper than the call stack, as the command line may be given: refused, not a crash.
      [`{"data": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`, 'IMPORT_INVALID_FILE', /lồng nhau quá sâu/],
      ['{"data": [{"level1_id": "99"}]}', 'IMPORT_INVALID_FILE', /cấu trúc/],
      [tiny([{ old_id: '00000', name: 'Xã Không Có', type: 'full' }]), 'IMPORT_UNKNOWN_CODE', /00000/],
      [tiny([{ old_id: '99001', name: 'Xã Thử', type: 'full' }]), 'IMPORT_CYCLE', /99001/],
      // A name that reads backwards is refused as in every form (shared/text.ts).
      [tiny([{ old_id: '22738', name: 'x', type: 'full' }]).replace('Tỉnh Thử', 'Tỉnh \u202eThử'), 'IMPORT_INVALID_FILE', /data\.0\.name: có ký tự điều khiển hoặc ký tự đổi chiều văn bản/],
    ];
    for (const [text, code, message] of cases) {
      const error = await importUnitsFile(t.deps, null, text, 'bad.json').then(
        () => null,
        (e: { code: string; message_(l: string): string }) => e,
      );
      expect(error?.code, text.slice(0, 40)).toBe(code);
      expect(error!.message_('vi')).toMatch(message);
    }
    const http = await admin.request('POST', '/api/units/imports?kind=reform', JSON.parse(listText));
    let job = http.json();
    while (job.status === 'running') {
      await new Promise((r) => setTimeout(r, 20));
      job = (await admin.get(`/api/units/imports/${job.id}`)).json();
    }
    expect(job.status).toBe('failed');
    expect(job.error.code).toBe('IMPORT_INVALID_FILE');
    expect(await countUnits()).toBe(before);
  });

  it('lets only a nationwide administrator import', async () => {
    const scoped = await t.as('admin', '56', 'qt.khanhhoa');
    const res = await scoped.request('POST', '/api/units/imports', JSON.parse(reformText));
    expect([res.statusCode, res.json().error.code]).toEqual([403, 'OUT_OF_SCOPE']);
    const officer = await t.as('commune_officer', whole.into, 'cb.nhap');
    expect((await officer.request('POST', '/api/units/imports', JSON.parse(reformText))).statusCode).toBe(403);
  });

  it('gives the new Khánh Hòa the history of the old Ninh Thuận, and lists old-scope users with their successors', async () => {
    const khStaff = await t.as('province_staff', '56', 'tinh.khanhhoa.moi');
    const oldNinhThuan = await t.deps.db.selectFrom('units').select('id').where('code', '=', '58').executeTakeFirstOrThrow();
    expect((await khStaff.get(`/api/units/${oldNinhThuan.id}`)).statusCode).toBe(200);
    // Browsing from the top of their scope: today the new province, in 2018 the two it was formed from.
    expect((await khStaff.get('/api/units?date=2026-01-01')).json().items.map((u: { code: string; name: string }) => u.name)).toEqual(['Tỉnh Khánh Hòa']);
    expect((await khStaff.get('/api/units?date=2018-04-30')).json().items.map((u: { code: string; name: string }) => u.name)).toEqual(['Tỉnh Khánh Hòa', 'Tỉnh Ninh Thuận']);
    const history = (await khStaff.get(`/api/units/${oldNinhThuan.id}/history`)).json();
    expect(history.wentInto.map((w: { code: string; share: string }) => [w.code, w.share])).toEqual([['56', 'full']]);

    // A user scoped to the old Ninh Thuận before the reform: their unit has ended.
    await t.deps.db.insertInto('users').values({
      id: '01900000-0000-7000-8000-00000000e001',
      username: 'tinh.ninhthuan.cu',
      full_name: 'Cán Bộ Cũ',
      full_name_search: 'can bo cu',
      email: null,
      phone: null,
      role: 'province_staff',
      scope_unit_id: oldNinhThuan.id,
      password_hash: 'x',
      must_change_password: 0,
      disabled: 0,
      totp_secret: null,
      totp_pending_secret: null,
      totp_last_step: null,
      language: 'vi',
      province_code: '56',
      last_login_at: null,
      created_at: '2020-01-01T00:00:00.000Z',
      updated_at: '2020-01-01T00:00:00.000Z',
    }).execute();
    const ended = (await admin.get('/api/users/ended-scopes')).json() as { user: { username: string }; endedOn: string; proposals: { code: string; share: string }[] }[];
    const entry = ended.find((e) => e.user.username === 'tinh.ninhthuan.cu')!;
    expect(entry.endedOn).toBe('2025-07-01');
    expect(entry.proposals.map((p) => [p.code, p.share])).toEqual([['56', 'full']]);
    expect((await khStaff.get('/api/users/ended-scopes')).statusCode).toBe(403);
  });
});
