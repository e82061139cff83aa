import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';
import { importUnitsFile } from '../units/imports.js';

interface Row { type: { code: string }; groups: number; members: number | null; sites: number }
interface Census { rows: Row[]; breakdown: { unit: { code: string; name: string } | null; rows: Row[] }[]; awaiting?: Row[] }
const byType = (rows: Row[] | undefined) => Object.fromEntries((rows ?? []).filter((r) => r.groups > 0).map((r) => [r.type.code, [r.groups, r.members, r.sites]]));

// Đông Hải (22768) was split between 22780 and 22888 on 2025-07-01; Đô Vinh (22738) went whole into one commune.
describe.each(engines)('the census of a split commune (%s)', (engine) => {
  let t: TestContext;
  let admin: TestClient;
  const census = async (unit: string, date: string): Promise<Census> => {
    const res = await admin.get(`/api/census?unit=${unit}&date=${date}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const pending = async () =>
    (await admin.get('/api/units/placements?status=pending&page=1&pageSize=100')).json().items as { id: string; village: { code: string }; fromCommune: { id: string }; candidates: { id: string; code: string }[] }[];

  beforeAll(async () => {
    t = await createTestContext(engine, { provinces: 'none' });
    admin = await t.as('admin', null, 'qt.tachxa');
    await importUnitsFile(t.deps, null, readFileSync(resolve('data/admin-units/vn-units-2025-03-01.json'), 'utf8'), 'list.json');
    const village = async (commune: string, code: string) =>
      (await admin.post('/api/units', { code, name: `Khu phố ${code}`, level: 'village', kind: 'Khu phố', parentId: await t.unitId(commune), validFrom: '2000-01-01' })).json().id as string;
    const group = async (unitId: string, type: string, name: string, founded: string, members: number) => {
      const g = (await admin.post('/api/groups', { confirmPastChange: true, typeCode: type, name, unitId, foundedOn: founded })).json();
      for (let i = 0; i < members; i++) {
        const p = (await admin.post('/api/people', { fullName: `${name} thành viên ${i}`, addressUnitId: unitId })).json();
        await admin.post(`/api/groups/${g.id}/members`, { confirmPastChange: true, personId: p.id, role: i === 0 ? 'leader' : 'member', from: founded });
      }
      return g.id as string;
    };
    const dh = [];
    for (let i = 1; i <= 4; i++) dh.push(await village('22768', `DH-${i}`));
    await group(dh[0]!, 'to-tu-quan', 'Tổ Đông Hải 1', '2010-01-01', 3);
    await group(dh[1]!, 'to-tu-quan', 'Tổ Đông Hải 2', '2012-06-01', 2);
    await group(dh[1]!, 'to-an-ninh-xung-kich', 'Tổ xung kích Đông Hải 2', '2016-03-01', 1);
    await group(dh[2]!, 'to-tu-quan', 'Tổ Đông Hải 3', '2020-01-01', 4);
    await group(dh[3]!, 'toc-ho-tu-quan', 'Tộc họ Nguyễn', '2024-01-01', 2);
    // Attached to the split commune itself, through no village: nothing ever places it.
    await group(await t.unitId('22768'), 'doi-dan-phong', 'Đội dân phòng Đông Hải', '2015-01-01', 1);
    await group(await village('22738', 'DV-1'), 'to-tu-quan', 'Tổ Đô Vinh', '2011-01-01', 2);
    await importUnitsFile(t.deps, null, readFileSync(resolve('data/admin-units/vn-reform-2025-07-01.json'), 'utf8'), 'reform.json');
  }, 240_000);
  afterAll(async () => t?.close());

  it('counts a village awaiting placement once: in the province, on no commune, and in no successor', async () => {
    const province = await census('56', '2026-01-01');
    const unplaced = { 'to-tu-quan': [3, 9, 3], 'doi-dan-phong': [1, 1, 1], 'to-an-ninh-xung-kich': [1, 1, 1], 'toc-ho-tu-quan': [1, null, 1] };
    expect(byType(province.rows)).toEqual({ 'to-tu-quan': [4, 11, 4], 'doi-dan-phong': [1, 1, 1], 'to-an-ninh-xung-kich': [1, 1, 1], 'toc-ho-tu-quan': [1, null, 1] });
    expect(byType(province.breakdown.find((b) => b.unit === null)?.rows)).toEqual(unplaced);
    for (const code of ['22780', '22888']) {
      const c = await census(code, '2026-01-01');
      expect(byType(c.rows)).toEqual({});
      expect(byType(c.awaiting)).toEqual(unplaced);
    }

    // Placed in 22780, a village's groups count there from the reform's date; the province does not change.
    const item = (await pending()).find((p) => p.village.code === 'DH-1')!;
    const into = item.candidates.find((c) => c.code === '22780')!;
    expect((await admin.post(`/api/units/placements/${item.id}`, { communeId: into.id })).statusCode).toBe(200);
    expect(byType((await census('56', '2026-01-01')).rows)).toEqual(byType(province.rows));
    const chosen = await census('22780', '2025-07-01');
    expect(byType(chosen.rows)).toEqual({ 'to-tu-quan': [1, 3, 1] });
    expect(byType(chosen.awaiting)).toEqual({ 'to-tu-quan': [2, 6, 2], 'doi-dan-phong': [1, 1, 1], 'to-an-ninh-xung-kich': [1, 1, 1], 'toc-ho-tu-quan': [1, null, 1] });
    expect(byType((await census('22888', '2026-01-01')).rows)).toEqual({});
    // Before the reform the old commune counts all its villages, as it did.
    expect(byType((await census('22768', '2025-06-30')).rows)).toEqual({ 'to-tu-quan': [3, 9, 3], 'doi-dan-phong': [1, 1, 1], 'to-an-ninh-xung-kich': [1, 1, 1], 'toc-ho-tu-quan': [1, null, 1] });
  });

  it('queues a village of the split commune recorded later with an earlier date, so its groups count once', async () => {
    const dongHai = (await pending()).find((p) => p.village.code === 'DH-2')!.fromCommune.id;
    const create = (code: string, validTo: string) =>
      admin.post('/api/units', { code, name: `Khu phố ${code}`, level: 'village', kind: 'Khu phố', parentId: dongHai, validFrom: '2015-01-01', validTo });
    const late = await create('DH-9', '2025-07-01');
    expect(late.statusCode, late.body).toBe(201);
    // A village that ended before the reform has nothing to place, until its end is moved to the reform's date.
    const ended = await create('DH-8', '2020-01-01');
    expect(ended.statusCode).toBe(201);
    const g = (await admin.post('/api/groups', { confirmPastChange: true, typeCode: 'to-tu-quan', name: 'Tổ Đông Hải 9', unitId: late.json().id, foundedOn: '2016-01-01' })).json();
    expect(g.id).toBeTruthy();

    const queued = (await pending()).filter((p) => p.village.code === 'DH-9' || p.village.code === 'DH-8');
    expect(queued.map((p) => [p.village.code, p.candidates.map((c) => c.code).sort()])).toEqual([['DH-9', ['22780', '22888']]]);
    const province = await census('56', '2026-01-01');
    expect(byType(province.rows)['to-tu-quan']).toEqual([5, 11, 5]);
    expect(byType(province.breakdown.find((b) => b.unit === null)?.rows)['to-tu-quan']).toEqual([3, 6, 3]);
    for (const code of ['22780', '22888']) expect(byType((await census(code, '2026-01-01')).awaiting)['to-tu-quan']).toEqual([3, 6, 3]);
    expect(byType((await census('22888', '2026-01-01')).rows)).toEqual({});

    const extended = await admin.patch(`/api/units/${ended.json().id}`, { validTo: '2025-07-01' });
    expect(extended.statusCode, extended.body).toBe(200);
    expect((await pending()).filter((p) => p.village.code === 'DH-8').map((p) => p.candidates.length)).toEqual([2]);

    // Placed like any other, its group counts in the chosen commune from the reform's date.
    const into = queued[0]!.candidates.find((c) => c.code === '22888')!;
    expect((await admin.post(`/api/units/placements/${queued[0]!.id}`, { communeId: into.id })).statusCode).toBe(200);
    expect(byType((await census('22888', '2025-07-01')).rows)).toEqual({ 'to-tu-quan': [1, 0, 1] });
    expect(byType((await census('56', '2026-01-01')).rows)).toEqual(byType(province.rows));
  });

  it('adds up: a province is the sum of its sub-areas’ own censuses and the undetermined line, at any date and placement', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 25 * 365 }), fc.option(fc.nat(), { nil: null }), async (n, pick) => {
        if (pick !== null) {
          const queue = (await pending()).filter((p) => p.village.code.startsWith('DH-'));
          const item = queue[pick % Math.max(queue.length, 1)];
          if (item) {
            const to = item.candidates[pick % item.candidates.length]!;
            expect((await admin.post(`/api/units/placements/${item.id}`, { communeId: to.id })).statusCode).toBe(200);
          }
        }
        const date = new Date(Date.UTC(2008, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
        const unit = date >= '2025-07-01' ? '56' : '58';
        const whole = await census(unit, date);
        const parts: Row[][] = [];
        for (const b of whole.breakdown) {
          if (b.unit === null) parts.push(b.rows);
          else {
            const own = await census(b.unit.code, date);
            expect(byType(own.rows), `${b.unit.code} ${date}`).toEqual(byType(b.rows));
            parts.push(own.rows);
          }
        }
        for (const r of whole.rows) {
          const of = parts.map((rows) => rows.find((x) => x.type.code === r.type.code));
          expect(of.reduce((s, p) => s + (p?.groups ?? 0), 0), `${r.type.code} ${date}`).toBe(r.groups);
          expect(of.reduce((s, p) => s + (p?.members ?? 0), 0)).toBe(r.members ?? 0);
          expect(of.reduce((s, p) => s + (p?.sites ?? 0), 0)).toBe(r.sites);
        }
      }),
      { numRuns: 25 },
    );
  }, 240_000);
});
