import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';
import { importUnitsFile } from './imports.js';
import { addDays } from '../../lib/dates.js';

/** Days from 1990 to 2030, as ISO dates, with the reform's eve and day drawn often. */
const anyDate = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 40 * 366 }).map((n) => addDays('1990-01-01', n)) },
  { weight: 1, arbitrary: fc.constantFrom('2025-06-30', '2025-07-01', '1900-01-01') },
);

describe.each(engines)('"as of" rules of the administrative map (%s)', (engine) => {
  let t: TestContext;
  let admin: TestClient;
  let communes: { id: string; code: string }[];

  /** Open units whose parent is not open on the same date. */
  async function orphansAt(date: string): Promise<number> {
    const r = await sql<{ n: number }>`
      select count(*) as n from units u join units p on p.id = u.parent_id
      where u.valid_from <= ${date} and (u.valid_to is null or u.valid_to > ${date})
        and not (p.valid_from <= ${date} and (p.valid_to is null or p.valid_to > ${date}))`.execute(t.deps.db);
    return Number(r.rows[0]!.n);
  }

  /** Children whose period does not lie inside their parent's. */
  async function escapedChildren(): Promise<number> {
    const r = await sql<{ n: number }>`
      select count(*) as n from units u join units p on p.id = u.parent_id
      where u.valid_from < p.valid_from
         or (p.valid_to is not null and (u.valid_to is null or u.valid_to > p.valid_to))`.execute(t.deps.db);
    return Number(r.rows[0]!.n);
  }

  beforeAll(async () => {
    t = await createTestContext(engine, { provinces: 'none' });
    admin = await t.as('admin', null, 'qt.thuoctinh');
    await importUnitsFile(t.deps, null, readFileSync(resolve('data/admin-units/vn-units-2025-03-01.json'), 'utf8'), 'list.json');
    // Villages before the reform, so that it carries some over and queues others.
    for (const code of ['22738', '22741', '22768']) {
      for (const n of [1, 2]) {
        const res = await admin.post('/api/units', {
          code: `V${code}-${n}`,
          name: `Thôn ${n}`,
          level: 'village',
          kind: 'Thôn',
          parentId: await t.unitId(code),
          validFrom: '2005-01-01',
        });
        expect(res.statusCode, res.body).toBe(201);
      }
    }
    await importUnitsFile(t.deps, null, readFileSync(resolve('data/admin-units/vn-reform-2025-07-01.json'), 'utf8'), 'reform.json');
    communes = await t.deps.db
      .selectFrom('units')
      .select(['id', 'code'])
      .where('level', '=', 'commune')
      .where('province_code', '=', '56')
      .orderBy('code')
      .execute();
  }, 180_000);
  afterAll(async () => t?.close());

  it('after the imports, every unit open on any date has an open parent, and children lie inside their parents', async () => {
    expect(await escapedChildren()).toBe(0);
    await fc.assert(
      fc.asyncProperty(anyDate, async (date) => {
        expect(await orphansAt(date)).toBe(0);
      }),
      { numRuns: 40 },
    );
  });

  it('no sequence of village changes through the API breaks the rules, whatever is accepted or refused', async () => {
    let seq = 0;
    const op = fc.oneof(
      fc.record({ kind: fc.constant('create' as const), commune: fc.nat(), from: anyDate, to: fc.option(anyDate, { nil: null }) }),
      fc.record({ kind: fc.constant('close' as const), pick: fc.nat(), to: fc.option(anyDate, { nil: null }) }),
      fc.record({ kind: fc.constant('place' as const), pick: fc.nat(), candidate: fc.nat() }),
    );
    const made: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 6 }), async (ops) => {
        for (const o of ops) {
          let res;
          if (o.kind === 'create') {
            const parent = o.commune % 3 === 0 ? (await t.deps.db.selectFrom('units').select('id').where('code', '=', '22738').executeTakeFirstOrThrow()) : communes[o.commune % communes.length]!;
            res = await admin.post('/api/units', { code: `P${engine}${++seq}`, name: `Thôn thử ${seq}`, level: 'village', kind: 'Thôn', parentId: parent.id, validFrom: o.from, validTo: o.to });
            if (res.statusCode === 201) made.push(res.json().id);
          } else if (o.kind === 'close' && made.length > 0) {
            res = await admin.patch(`/api/units/${made[o.pick % made.length]}`, { validTo: o.to });
          } else if (o.kind === 'place') {
            const queue = (await admin.get('/api/units/placements')).json();
            if (queue.items.length === 0) continue;
            const item = queue.items[o.pick % queue.items.length];
            res = await admin.post(`/api/units/placements/${item.id}`, { communeId: item.candidates[o.candidate % item.candidates.length].id });
          }
          if (res) expect(res.statusCode, res.body).toBeLessThan(500);
        }
        expect(await escapedChildren()).toBe(0);
        for (const date of ['2025-06-30', '2025-07-01', '2010-06-15', '2030-01-01']) expect(await orphansAt(date)).toBe(0);
      }),
      { numRuns: 15 },
    );
  });
});
