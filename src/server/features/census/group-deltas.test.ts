import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupDeltas, type CensusGroup } from './group-deltas.js';

const day = (n: number) => new Date(Date.UTC(2015, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
const holds = (s: { from: string; to: string | null }, d: string) => s.from <= d && (s.to === null || s.to > d);

/** Per unit, groups and members the group adds to the census on the day, read straight from its history. */
function counted(g: CensusGroup | null, d: string): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  if (!g || g.founded > d) return out;
  const area = g.areas.find((a) => holds(a, d));
  const status = g.statuses.find((s) => holds(s, d));
  if (area && status && status.status !== 'dissolved') out.set(area.unit, [1, g.memberships.filter((m) => holds(m, d)).length]);
  return out;
}

/** A group's history over consecutive periods, as the registry keeps it. */
const history = fc
  .record({
    founded: fc.integer({ min: 0, max: 400 }),
    moves: fc.array(fc.record({ after: fc.integer({ min: 1, max: 300 }), unit: fc.constantFrom('A', 'B', 'C') }), { maxLength: 3 }),
    statuses: fc.array(fc.record({ after: fc.integer({ min: 1, max: 300 }), status: fc.constantFrom('active', 'suspended', 'dissolved') }), { maxLength: 3 }),
    members: fc.array(fc.record({ from: fc.integer({ min: 0, max: 1200 }), length: fc.option(fc.integer({ min: 1, max: 500 })) }), { maxLength: 5 }),
  })
  .map(({ founded, moves, statuses, members }): CensusGroup => {
    const periods = <T,>(first: T, changes: { after: number; value: T }[]) => {
      const out: { from: string; to: string | null; value: T }[] = [];
      let at = founded;
      let value = first;
      for (const c of changes) {
        out.push({ from: day(at), to: day(at + c.after), value });
        at += c.after;
        value = c.value;
      }
      out.push({ from: day(at), to: null, value });
      return out;
    };
    return {
      type: 'to-tu-quan',
      founded: day(founded),
      areas: periods('A', moves.map((m) => ({ after: m.after, value: m.unit }))).map((p) => ({ from: p.from, to: p.to, unit: p.value })),
      statuses: periods('active', statuses.map((s) => ({ after: s.after, value: s.status }))).map((p) => ({ from: p.from, to: p.to, status: p.value })),
      memberships: members.map((m) => ({ from: day(founded + m.from), to: m.length === null ? null : day(founded + m.from + m.length) })),
    };
  });

describe('what a write does to the census', () => {
  it('adds up, on any day and in any unit, to the difference between the group after and before', () => {
    fc.assert(
      fc.property(fc.option(history), fc.option(history), fc.array(fc.integer({ min: 0, max: 2500 }), { minLength: 1, maxLength: 20 }), (before, after, days) => {
        const deltas = groupDeltas(before, after);
        for (const n of days) {
          const d = day(n);
          const expected = new Map<string, [number, number]>();
          for (const [unit, [g, m]] of counted(after, d)) expected.set(unit, [g, m]);
          for (const [unit, [g, m]] of counted(before, d)) {
            const e = expected.get(unit) ?? [0, 0];
            expected.set(unit, [e[0] - g, e[1] - m]);
          }
          const got = new Map<string, [number, number]>();
          for (const x of deltas.filter((x) => x.from <= d && (x.until === null || x.until > d))) {
            const e = got.get(x.unitId) ?? [0, 0];
            got.set(x.unitId, [e[0] + x.groups, e[1] + x.members]);
          }
          const nonZero = (m: Map<string, [number, number]>) => [...m].filter(([, [g, mm]]) => g !== 0 || mm !== 0).sort();
          expect(nonZero(got)).toEqual(nonZero(expected));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives nothing for a write that changes nothing the census counts', () => {
    const g: CensusGroup = { type: 'to-tu-quan', founded: '2016-01-01', areas: [{ unit: 'A', from: '2016-01-01', to: null }], statuses: [{ status: 'active', from: '2016-01-01', to: null }], memberships: [] };
    expect(groupDeltas(g, { ...g })).toEqual([]);
    // A founding moved two years back: one group more over those two years, and nothing after.
    expect(groupDeltas(g, { ...g, founded: '2014-01-01', areas: [{ unit: 'A', from: '2014-01-01', to: null }], statuses: [{ status: 'active', from: '2014-01-01', to: null }] })).toEqual([
      { unitId: 'A', typeCode: 'to-tu-quan', from: '2014-01-01', until: '2016-01-01', groups: 1, members: 0 },
    ]);
  });
});
