import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';
import { importUnitsFile } from './imports.js';
import type { GroupTimeline } from '../../../shared/groups.js';

/** A reorganisation file that names its resolution: Ninh Thuận into Khánh Hòa, Bảo An (22744) into a new 22741. */
const file = {
  resolution: { number: '202/2025/QH15', name: 'Nghị quyết về việc sắp xếp đơn vị hành chính cấp tỉnh' },
  data: [
    {
      level1_id: '56',
      name: 'Tỉnh Khánh Hòa',
      merges: [
        { old_id: '56', name: 'Tỉnh Khánh Hòa', type: 'full' },
        { old_id: '58', name: 'Tỉnh Ninh Thuận', type: 'full' },
      ],
      level2s: [{ level2_id: '22741', name: 'Phường Bảo An', merges: [{ old_id: '22744', name: 'Phường Bảo An', type: 'full' }] }],
    },
  ],
};

describe.each(engines)('the basis of a reorganisation in group histories (%s)', (engine) => {
  let t: TestContext;
  let admin: TestClient;
  let groupId: string;

  beforeAll(async () => {
    t = await createTestContext(engine);
    admin = await t.as('admin', null, 'qt.cancu');
    const village = await admin.post('/api/units', { code: 'KP-BA-01', name: 'Khu phố 1', level: 'village', kind: 'Khu phố', parentId: await t.unitId('22744'), validFrom: '2010-01-01' });
    expect(village.statusCode, village.body).toBe(201);
    const group = await admin.post('/api/groups', { confirmPastChange: true, typeCode: 'to-tu-quan', name: 'Tổ tự quản khu phố 1 Bảo An', unitId: village.json().id, foundedOn: '2015-01-01' });
    expect(group.statusCode, group.body).toBe(201);
    groupId = group.json().id;
    await importUnitsFile(t.deps, null, JSON.stringify(file), 'nq-202-2025.json', 'reform');
  }, 120_000);
  afterAll(async () => t?.close());

  it('names the resolution the file names, with its number, and not the file', async () => {
    const res = await admin.get(`/api/groups/${groupId}/timeline`);
    expect(res.statusCode, res.body).toBe(200);
    const timeline: GroupTimeline = res.json();
    expect(timeline.areas.map((a) => [a.unit.code, a.validFrom, a.reason, a.basis])).toEqual([
      ['KP-BA-01', '2015-01-01', null, null],
      ['KP-BA-01', '2025-07-01', null, { effectiveDate: '2025-07-01', resolution: file.resolution }],
    ]);
    expect(res.body).not.toContain('nq-202-2025.json');
  });
});
