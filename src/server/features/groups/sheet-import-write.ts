import type { Deps, RequestContext } from '../../context.js';
import { sql } from 'kysely';
import type { Db, Engine } from '../../db/connection.js';
import type { GroupAreasTable, GroupStatusesTable, MembershipsTable, PeopleTable } from '../../db/types.js';
import type { IdentityCipher } from '../../lib/identity-cipher.js';
import { writeAudit } from '../../audit/service.js';
import { uuidv7 } from '../../lib/ids.js';
import { insertInChunks } from '../units/import-support.js';
import type { GroupPlan, SheetPlan } from './sheet-import-plan.js';
import type { PersonPlan } from './sheet-import-people.js';

/**
 * Runs a long write on SQLite with a small page cache (2 MB), then puts the connection's own
 * size back (a large one, kept for the census's reads). With the large cache the process grew by
 * some 80 MB more while 100,000 people and memberships were inserted, and the small one is no
 * slower: new rows go to the end of their tables, and pages written out are seldom read again.
 */
export async function withSmallPageCache<T>(db: Db, engine: Engine, work: () => Promise<T>): Promise<T> {
  if (engine !== 'sqlite') return work();
  const { rows } = await sql<{ cache_size: number }>`pragma cache_size`.execute(db);
  await sql`pragma cache_size = -2000`.execute(db);
  try {
    return await work();
  } finally {
    await sql.raw(`pragma cache_size = ${Number(rows[0]?.cache_size ?? -2000)}`).execute(db);
  }
}

/**
 * Writes a checked plan inside the caller's transaction: new groups with their area and
 * status, new people, new memberships, each table in multi-row statements whose rows are made
 * as they are written; then the changes to existing groups and people, each with its audit row.
 */
export async function writePlan(trx: Db, deps: Deps, identity: IdentityCipher, ctx: RequestContext, plan: SheetPlan, now: string): Promise<{ newGroupIds: string[] }> {
  const newGroups = [...plan.groups.values()].filter((g) => !g.existing);
  for (const g of newGroups) g.row.id = uuidv7();
  await insertInChunks(trx, 'groups', newGroups.map((g) => g.row), () => {});
  await insertInChunks(trx, 'group_areas', areasOf(newGroups), () => {});
  await insertInChunks(trx, 'group_statuses', statusesOf(newGroups), () => {});
  await insertInChunks(trx, 'people', newPeople(plan, identity, now), () => {});
  await insertInChunks(trx, 'memberships', newMemberships(plan), () => {});

  // Existing records the sheet changes: each update with its own audit row.
  for (const g of plan.groups.values()) {
    if (!g.existing || !g.update) continue;
    await trx.updateTable('groups').set({ ...g.update, updated_at: now }).where('id', '=', g.row.id).execute();
    await writeAudit(trx, deps, ctx, { action: 'group.update', entityType: 'group', entityId: g.row.id, areaPath: g.unit.path, provinceCode: g.unit.province_code, after: { ...g.update, source: 'sheet' } });
  }
  for (const p of plan.people.values()) {
    if (!p.existing || !p.update) continue;
    await trx.updateTable('people').set({ ...p.update, updated_at: now }).where('id', '=', p.id).execute();
    await writeAudit(trx, deps, ctx, { action: 'person.update', entityType: 'person', entityId: p.id, areaPath: p.unit.path, provinceCode: p.unit.province_code, after: { ...p.update, source: 'sheet' } });
  }
  return { newGroupIds: newGroups.map((g) => g.row.id) };
}

function* areasOf(groups: GroupPlan[]): Generator<GroupAreasTable> {
  for (const g of groups) yield { id: uuidv7(), group_id: g.row.id, unit_id: g.unit.id, valid_from: g.row.founded_on, valid_to: null, reason: null, province_code: g.row.province_code };
}

function* statusesOf(groups: GroupPlan[]): Generator<GroupStatusesTable> {
  for (const g of groups) {
    yield {
      id: uuidv7(),
      group_id: g.row.id,
      status: 'active',
      valid_from: g.row.founded_on,
      valid_to: null,
      reason: null,
      decision_number: g.row.decision_number,
      decision_date: g.row.decision_date,
      decision_issuer: g.row.decision_issuer,
      province_code: g.row.province_code,
    };
  }
}

function* newPeople(plan: SheetPlan, identity: IdentityCipher, now: string): Generator<PeopleTable> {
  for (const p of plan.people.values()) if (!p.existing) yield personRow(p, identity, now);
}

/** The stored row of a new person, registered in the area the sheet places them in. */
function personRow(p: PersonPlan, identity: IdentityCipher, now: string): PeopleTable {
  p.id = uuidv7();
  const f = p.fields;
  return {
    id: p.id,
    full_name: f.full_name,
    name_search: f.name_search,
    gender: f.gender,
    birth_date: f.birth_date,
    birth_year: f.birth_year,
    cccd_enc: p.cccd ? identity.encrypt(p.cccd) : null,
    cccd_hash: f.cccd_hash,
    cccd_last4: p.cccd ? p.cccd.slice(-4) : null,
    phone: f.phone,
    registered_unit_id: p.unit.id,
    province_code: p.unit.province_code,
    created_at: now,
    updated_at: now,
    // What a sheet never says of a person.
    address_unit_id: null,
    address_text: null,
    occupation: null,
    ethnicity: null,
    religion: null,
    sensitive_consent_at: null,
    sensitive_consent_by: null,
    merged_into: null,
  };
}

function* newMemberships(plan: SheetPlan): Generator<MembershipsTable> {
  for (const g of plan.groups.values()) {
    for (const m of g.members.values()) {
      if (!m.existing) yield { id: uuidv7(), group_id: g.row.id, person_id: m.person.id, role: m.role, valid_from: m.validFrom, valid_to: null, province_code: g.unit.province_code };
    }
  }
}
