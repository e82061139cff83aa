import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';

const TYPES = ['to-tu-quan', 'doi-dan-phong', 'to-an-ninh-xung-kich'] as const;
const COMMUNES = ['22738', '22741', '22744', '22768', '22771'];
/** The areas asked: the whole country (no area), the province, two districts, communes, and a village. */
const AREAS = [null, '58', '582', '588', ...COMMUNES, '22738-T1'];

const dayOf = (n: number) => new Date(Date.UTC(2008, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

/** A registry's history, written through the API: groups founded, then members, statuses and areas changed. */
const script = fc.record({
  groups: fc.array(fc.record({ type: fc.constantFrom(...TYPES), area: fc.nat(), founded: fc.integer({ min: 0, max: 12 * 365 }) }), { minLength: 20, maxLength: 20 }),
  changes: fc.array(
    fc.record({
      group: fc.nat(),
      kind: fc.constantFrom('status', 'status', 'area'),
      status: fc.constantFrom('consolidating', 'suspended', 'dissolved', 'dissolved', 'active'),
      area: fc.nat(),
      after: fc.integer({ min: 1, max: 3 * 365 }),
    }),
    { minLength: 60, maxLength: 60 },
  ),
});

describe.each(engines)('the groups list total equals the census, for any area, type and day (%s)', (engine) => {
  let t: TestContext;
  let admin: TestClient;

  beforeAll(async () => {
    t = await createTestContext(engine, { provinces: ['58'] });
    admin = await t.as('admin', null, 'qt.dung.tc');
    const communes = await t.deps.db.selectFrom('units').select(['id', 'code']).where('level', '=', 'commune').where('code', 'in', COMMUNES).execute();
    const areas: string[] = communes.map((c) => c.id);
    for (const c of communes) {
      for (let i = 1; i <= 2; i++) {
        const v = await admin.post('/api/units', { code: `${c.code}-T${i}`, name: `Thôn ${i}`, level: 'village', kind: 'Thôn', parentId: c.id, validFrom: '2000-01-01' });
        expect(v.statusCode, v.body).toBe(201);
        areas.push(v.json().id);
      }
    }
    // One history, the same on every run: drawn from a fixed seed.
    const [s] = fc.sample(script, { seed: 2018, numRuns: 1 });
    const groups: { id: string; founded: string }[] = [];
    for (const [i, g] of s!.groups.entries()) {
      const founded = dayOf(g.founded);
      const res = await admin.post('/api/groups', { confirmPastChange: true, typeCode: g.type, name: `Tổ ${i}`, unitId: areas[g.area % areas.length], foundedOn: founded });
      expect(res.statusCode, res.body).toBe(201);
      groups.push({ id: res.json().id, founded });
    }
    let applied = 0;
    for (const c of s!.changes) {
      const g = groups[c.group % groups.length]!;
      const date = new Date(Date.parse(g.founded) + c.after * 86_400_000).toISOString().slice(0, 10);
      const res =
        c.kind === 'status'
          ? await admin.post(`/api/groups/${g.id}/status`, { confirmPastChange: true, status: c.status, date })
          : await admin.post(`/api/groups/${g.id}/area`, { confirmPastChange: true, unitId: areas[c.area % areas.length], date });
      if (res.statusCode < 300) applied++;
    }
    // Most changes apply; the registry refuses the rest (a date before the current period, the same state).
    expect(applied).toBeGreaterThan(25);
  }, 240_000);
  afterAll(async () => t?.close());

  it('lists, with each filter, as many groups as the census counts, and shows the dissolved ones apart', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 17 * 365 }), fc.constantFrom(...AREAS), fc.option(fc.constantFrom(...TYPES), { nil: undefined }), async (n, area, type) => {
        const date = dayOf(n);
        const census = await admin.get(`/api/census?${area ? `unit=${area}&` : ''}date=${date}`);
        expect(census.statusCode, census.body).toBe(200);
        const rows = census.json().rows as { type: { code: string }; groups: number }[];
        const counted = rows.filter((r) => !type || r.type.code === type).reduce((s, r) => s + r.groups, 0);
        const query = `${area ? `unit=${area}&` : ''}date=${date}${type ? `&type=${type}` : ''}`;
        const page = (await admin.get(`/api/groups?${query}&pageSize=100`)).json();
        expect(page.total).toBe(counted);
        expect(page.items).toHaveLength(Math.min(counted, 100));
        expect(page.items.every((g: { status: string }) => g.status !== 'dissolved')).toBe(true);
        const dissolved = (await admin.get(`/api/groups?${query}&status=dissolved&pageSize=100`)).json();
        expect(dissolved.total).toBe(page.dissolved);
        expect(dissolved.items.every((g: { status: string }) => g.status === 'dissolved')).toBe(true);
        // The statuses in which a group stands share the total between them.
        let byStatus = 0;
        for (const status of ['active', 'consolidating', 'suspended']) byStatus += (await admin.get(`/api/groups?${query}&status=${status}&pageSize=1`)).json().total;
        expect(byStatus).toBe(counted);
      }),
      { numRuns: 40 },
    );
  });
});
