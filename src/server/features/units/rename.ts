import type { Deps, RequestContext } from '../../context.js';
import type { Db } from '../../db/connection.js';
import type { PastCensusChange } from '../../../shared/group-import.js';
import type { UnitRename } from '../../../shared/units.js';
import { covers, type Scope } from '../../auth/scope.js';
import { writeAudit } from '../../audit/service.js';
import { fail } from '../../lib/errors.js';
import { nfc } from '../../lib/text.js';
import { today } from '../../lib/clock.js';
import { uuidv7 } from '../../lib/ids.js';
import { addMonths, monthEnd } from '../../lib/months.js';
import { cellsFromRegistry } from '../census/queries.js';
import { recordedCensuses, typesCountingMembers } from '../census/past-queries.js';
import { carryGroups } from './reform.js';
import * as q from './queries.js';
import { newUnitRow } from './rows.js';

/** The kind of the events that rename a village (unit_events.kind). */
export const RENAME_EVENT = 'rename';

/** What a rename event keeps: why, by what decision, from which name to which. */
interface RenameSummary {
  reason: string;
  decisionNumber: string | null;
  from: string;
  to: string;
}

export function renameOf(summaryJson: string | null): { reason: string; decisionNumber: string | null } | null {
  if (!summaryJson) return null;
  const s = JSON.parse(summaryJson) as Partial<RenameSummary>;
  return { reason: s.reason ?? '', decisionNumber: s.decisionNumber ?? null };
}

/**
 * The censuses that print the village's name from `day` on and that officers already hold: those
 * recorded (reported or exported) of the village or its commune, and, when the day is more than a
 * month back, the commune's months since then. A rename changes no figure, so each is listed with
 * its figures as they stand (before = after); the name on its lines is what changes.
 */
async function censusesNamingFrom(db: Db, scope: Scope, village: q.UnitRow, commune: q.UnitRow, day: string, now: string) {
  const recorded = await recordedCensuses(db, [village.path, commune.path], day);
  const cutoff = `${addMonths(now.slice(0, 7), -1)}-01`;
  const listed: { unit: q.UnitRow; day: string; reported: boolean }[] = recorded.map((r) => ({ unit: r.area_path === village.path ? village : commune, day: r.census_date, reported: true }));
  // Months more than a month old whose census of the commune prints the name: from the day's month on.
  const held = new Set(recorded.filter((r) => r.area_path === commune.path).map((r) => r.census_date));
  let lastOld: string | null = null;
  let old = 0;
  for (let m = day.slice(0, 7); monthEnd(m) < cutoff; m = addMonths(m, 1)) {
    if (monthEnd(m) < day || held.has(monthEnd(m))) continue;
    old++;
    lastOld = monthEnd(m);
  }
  if (lastOld !== null) listed.push({ unit: commune, day: lastOld, reported: false });
  const count = recorded.length + old;
  if (count === 0) return null;
  const changes: PastCensusChange[] = [];
  for (const l of listed.filter((x) => covers(scope, x.unit.path)).slice(0, 50)) {
    const cells = await cellsFromRegistry(db, [l.unit.id], l.day);
    const counting = await typesCountingMembers(db, [...new Set(cells.map((c) => c.type_code))]);
    const groups = cells.reduce((s, c) => s + c.groups, 0);
    const members = cells.reduce((s, c) => s + (counting.has(c.type_code) ? c.members : 0), 0);
    changes.push({
      unit: { code: l.unit.code, name: l.unit.name },
      date: l.reported && monthEnd(l.day.slice(0, 7)) !== l.day ? l.day : l.day.slice(0, 7),
      reported: l.reported,
      groups: { before: groups, after: groups },
      members: { before: members, after: members },
    });
  }
  return { pastChanges: changes, pastChangeCount: count };
}

/**
 * Renames a village from a day: its record ends that day and a record with the same code, kind
 * and commune and the new name begins on it, linked to the old one by a `rename` event that keeps
 * the reason and the decision. Everything dated before the day keeps the old name (the census of
 * an earlier day, its report, a group's history); the groups standing in the village on the day
 * follow it into the new record, as in a reform; its people and the users working in it move to
 * the new record, which is the village as it stands. The day is today or earlier: a rename is
 * recorded once it is in force.
 */
export async function renameVillage(deps: Deps, ctx: RequestContext, scope: Scope, before: q.UnitRow, input: UnitRename) {
  const { db, clock } = deps;
  if (before.level !== 'village') fail('UNIT_RENAME_VILLAGES_ONLY');
  const name = nfc(input.name);
  if (name === before.name) fail('UNIT_RENAME_SAME');
  const d = input.date;
  const now = clock.now().toISOString();
  if (d <= before.valid_from || (before.valid_to !== null && d >= before.valid_to) || d > today(clock)) {
    fail('UNIT_RENAME_DATE', { from: before.valid_from, to: before.valid_to ?? today(clock) });
  }
  const commune = (await q.findUnit(db, before.parent_id!)) ?? fail('UNIT_NOT_FOUND');
  const past = await censusesNamingFrom(db, scope, before, commune, d, now);
  if (past && !input.confirmPastChange) fail('PAST_CENSUS_CHANGE', undefined, past);
  const reason = input.reason;
  const decisionNumber = input.decisionNumber ?? null;

  return db.transaction().execute(async (trx) => {
    // The village as it is now, inside the transaction: a rename sent twice renames once.
    const current = (await q.findUnit(trx, before.id)) ?? fail('UNIT_NOT_FOUND');
    if (current.valid_to !== before.valid_to || current.name !== before.name) fail('UNIT_NOT_FOUND');
    const row = newUnitRow({ code: before.code, name, kind: before.kind, level: 'village', parent: commune, validFrom: d, validTo: before.valid_to, population: before.population, now });
    row.province_code = before.province_code;
    await q.updateUnit(trx, before.id, { valid_to: d, updated_at: now });
    await q.insertUnit(trx, row);
    const eventId = uuidv7();
    const summary: RenameSummary = { reason, decisionNumber, from: before.name, to: name };
    await q.insertUnitEvent(trx, { id: eventId, kind: RENAME_EVENT, date: d, sourceName: before.code, summary, createdBy: ctx.actor?.id ?? null, now });
    await q.insertUnitLink(trx, { eventId, from: before.id, to: row.id, share: 'full', date: d, provinceCode: row.province_code });
    const groupsCarried = await carryGroups(trx, new Map([[before.id, row]]), d, `Đổi tên: ${before.name} → ${name}`.slice(0, 300));
    const groupsMoved = await q.moveAreasFrom(trx, before.id, row.id, d);
    const people = await q.movePeople(trx, before.id, row.id, now);
    const users = await q.moveUserScopes(trx, before.id, row.id);
    await writeAudit(trx, deps, ctx, {
      action: 'unit.rename',
      entityType: 'unit',
      entityId: row.id,
      areaPath: row.path,
      provinceCode: row.province_code,
      before: { id: before.id, code: before.code, name: before.name, validFrom: before.valid_from, validTo: before.valid_to },
      after: {
        id: row.id,
        code: row.code,
        name,
        validFrom: d,
        validTo: row.valid_to,
        reason,
        decisionNumber,
        moved: { groups: groupsCarried + groupsMoved, peopleLiving: people.living, peopleRegistered: people.registered, users },
        ...(past ?? {}),
      },
    });
    return row;
  });
}
