import type { GroupStatus, GroupTimeline, ReformBasis } from '../../../shared/groups.js';
import type { UnitRef } from '../../../shared/units.js';

export type TimelineEvent =
  | {
      kind: 'founded';
      date: string;
      unit: UnitRef | null;
      /** The first status period (active until the next change). */
      until: string | null;
      decisionNumber: string | null;
      decisionDate: string | null;
      decisionIssuer: string | null;
    }
  | {
      kind: 'status';
      date: string;
      status: GroupStatus;
      until: string | null;
      reason: string | null;
      decisionNumber: string | null;
      decisionDate: string | null;
      decisionIssuer: string | null;
    }
  | { kind: 'area'; date: string; unit: UnitRef; from: UnitRef | null; until: string | null; reason: string | null; basis: ReformBasis | null };

const order: Record<TimelineEvent['kind'], number> = { founded: 0, status: 1, area: 2 };

/**
 * One list of what happened to a group, oldest first: its founding (where, under which decision),
 * then every status change and every move to another area. `until` is the exclusive end of the
 * period the event opened.
 */
export function timelineEvents(t: Pick<GroupTimeline, 'group' | 'statuses' | 'areas'>): TimelineEvent[] {
  const statuses = [...t.statuses].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  const areas = [...t.areas].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  const first = statuses[0];
  const events: TimelineEvent[] = [
    {
      kind: 'founded',
      date: t.group.foundedOn,
      unit: areas[0]?.unit ?? null,
      until: first?.status === 'active' ? first.validTo : null,
      decisionNumber: t.group.decisionNumber ?? first?.decisionNumber ?? null,
      decisionDate: t.group.decisionDate ?? first?.decisionDate ?? null,
      decisionIssuer: t.group.decisionIssuer ?? first?.decisionIssuer ?? null,
    },
  ];
  statuses.forEach((s, i) => {
    // The founding opened the first period when it was "active".
    if (i === 0 && s.status === 'active' && s.validFrom === t.group.foundedOn) return;
    events.push({
      kind: 'status',
      date: s.validFrom,
      status: s.status,
      until: s.validTo,
      reason: s.reason,
      decisionNumber: s.decisionNumber,
      decisionDate: s.decisionDate,
      decisionIssuer: s.decisionIssuer,
    });
  });
  areas.forEach((a, i) => {
    if (i === 0) return;
    events.push({ kind: 'area', date: a.validFrom, unit: a.unit, from: areas[i - 1]!.unit, until: a.validTo, reason: a.reason, basis: a.basis });
  });
  return events.sort((a, b) => a.date.localeCompare(b.date) || order[a.kind] - order[b.kind]);
}
