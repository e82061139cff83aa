import { describe, expect, it } from 'vitest';
import type { GroupTimeline } from '../../../shared/groups.js';
import { timelineEvents } from './timeline.js';

const unit = (id: string, name: string) => ({ id, code: id, name, level: 'village' as const, kind: 'Khu phố' });
const group = { foundedOn: '2010-03-15', decisionNumber: '12/QĐ-UBND', decisionDate: '2010-03-10', decisionIssuer: 'UBND phường' } as GroupTimeline['group'];
const noDecision = { decisionNumber: null, decisionDate: null, decisionIssuer: null };

describe('group timeline', () => {
  it('merges statuses and areas by date, the founding first', () => {
    const events = timelineEvents({
      group,
      statuses: [
        { status: 'dissolved', validFrom: '2019-06-01', validTo: null, reason: 'Giải thể', ...noDecision },
        { status: 'active', validFrom: '2010-03-15', validTo: '2019-06-01', reason: null, ...noDecision },
      ],
      areas: [
        { unit: unit('a', 'Khu phố 1'), validFrom: '2010-03-15', validTo: '2015-01-01', reason: null, basis: null },
        { unit: unit('b', 'Khu phố 2'), validFrom: '2015-01-01', validTo: '2025-07-01', reason: 'Sáp nhập', basis: null },
        { unit: unit('c', 'Khu phố 3'), validFrom: '2025-07-01', validTo: null, reason: null, basis: { effectiveDate: '2025-07-01', resolution: null } },
      ],
    });
    expect(events.map((e) => [e.kind, e.date])).toEqual([
      ['founded', '2010-03-15'],
      ['area', '2015-01-01'],
      ['status', '2019-06-01'],
      ['area', '2025-07-01'],
    ]);
    expect(events[0]).toMatchObject({ unit: { name: 'Khu phố 1' }, until: '2019-06-01', decisionNumber: '12/QĐ-UBND' });
    expect(events[1]).toMatchObject({ from: { name: 'Khu phố 1' }, unit: { name: 'Khu phố 2' }, reason: 'Sáp nhập' });
    expect(events[2]).toMatchObject({ status: 'dissolved', until: null, reason: 'Giải thể' });
    expect(events[3]).toMatchObject({ from: { name: 'Khu phố 2' }, basis: { effectiveDate: '2025-07-01', resolution: null } });
  });

  it('keeps a first status other than active as its own event', () => {
    const events = timelineEvents({
      group,
      statuses: [{ status: 'consolidating', validFrom: '2010-03-15', validTo: null, reason: null, ...noDecision }],
      areas: [{ unit: unit('a', 'Khu phố 1'), validFrom: '2010-03-15', validTo: null, reason: null, basis: null }],
    });
    expect(events.map((e) => e.kind)).toEqual(['founded', 'status']);
    expect(events[0]).toMatchObject({ until: null });
  });
});

describe('group statuses', () => {
  it('lists the same statuses as the API', async () => {
    const { groupStatuses } = await import('../../../shared/groups.js');
    const { groupStatusList } = await import('./statuses.js');
    expect([...groupStatusList]).toEqual([...groupStatuses]);
  });
});
