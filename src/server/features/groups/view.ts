import type { Group, GroupStatus } from '../../../shared/groups.js';
import type { UnitLevel } from '../../../shared/units.js';
import type { GroupListRow } from './queries.js';

/** The API's view of a group row; the area's path is filled in from the names of its ancestors. */
export function toGroup(r: GroupListRow, names: Map<string, { code: string; name: string }>): Group {
  return {
    id: r.id,
    type: { code: r.type_code, name: r.type_name, countsMembers: r.counts_members === 1 },
    name: r.name,
    area: {
      id: r.unit_id,
      code: r.unit_code,
      name: r.unit_name,
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
