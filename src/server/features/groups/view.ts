import type { Group, GroupStatus, ReformBasis } from '../../../shared/groups.js';
import type { UnitLevel } from '../../../shared/units.js';
import type { GroupListRow } from './queries.js';

/**
 * The API's view of a group row; the area's path is filled in from the names of its ancestors,
 * and the area's label (what tells two villages of one name apart) from the same lookup.
 */
export function toGroup(r: GroupListRow, names: Map<string, { code: string; name: string; label?: string | null }>): Group {
  return {
    id: r.id,
    type: { code: r.type_code, name: r.type_name, countsMembers: r.counts_members === 1 },
    name: r.name,
    area: {
      id: r.unit_id,
      code: r.unit_code,
      name: r.unit_name,
      // A village whose name another of its commune carries: "Khu phố 1 (Bảo An cũ)".
      label: names.get(r.unit_id)?.label ?? null,
      level: r.unit_level as UnitLevel,
      kind: r.unit_kind,
      path: r.unit_path
        .split('/')
        .filter(Boolean)
        .map((id) => ({ id, code: names.get(id)?.code ?? '', name: names.get(id)?.name ?? '' })),
    },
    status: (r.status as GroupStatus | null) ?? null,
    statusSince: r.status_since ?? null,
    foundedOn: r.founded_on,
    decisionNumber: r.decision_number,
    decisionDate: r.decision_date,
    decisionIssuer: r.decision_issuer,
    contactPhone: r.contact_phone,
    contactText: r.contact_text,
    notes: r.notes,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Why a group's area row exists, as the timeline tells it. */
interface AreaReason {
  reason: string | null;
  basis: ReformBasis | null;
}

/**
 * A function telling, for each area row of a group, its reason, or its basis when a
 * reorganisation made the change: carried over by the reform import (whose rows hold the
 * import's source name) or placed later from a split commune. The source name is the link to
 * the reorganisation and is never shown; the resolution is, when the file named it.
 */
export function reformBasisOf(events: { effective_date: string; source_name: string | null; summary_json: string }[]) {
  const byDay = new Map(events.map((e) => [e.effective_date, e]));
  return (a: { valid_from: string; reason: string | null }): AreaReason => {
    const e = byDay.get(a.valid_from);
    if (!e || (a.reason !== 'placement' && a.reason !== e.source_name)) return { reason: a.reason, basis: null };
    const recorded = JSON.parse(e.summary_json) as { resolution?: { number: string; name: string } | null };
    return { reason: null, basis: { effectiveDate: e.effective_date, resolution: recorded.resolution ?? null } };
  };
}
