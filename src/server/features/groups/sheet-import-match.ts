import type { Db } from '../../db/connection.js';
import type { Scope } from '../../auth/scope.js';
import { cccdHolder, reachablePeople, type CccdHolder } from '../../auth/identity-policy.js';
import { groupKey, type SheetPlan } from './sheet-import-plan.js';
import { communeOf, type PersonPlan } from './sheet-import-people.js';

const BATCH = 500;

/** A sheet person whose citizen ID number is held by someone the importer's scope does not reach. */
export interface HiddenHolder {
  person: PersonPlan;
  holder: CccdHolder & { visible: false };
}

/**
 * Marks what already exists, by the plan's own keys, and points the plan at the stored
 * records: groups by area, type and name; people by citizen ID number, else by name, birth
 * and commune; memberships still open in a matched group. Each kind in batched look-ups.
 * People are matched only inside the importer's scope (auth/identity-policy.ts).
 */
export async function matchExisting(db: Db, scope: Scope, plan: SheetPlan): Promise<{ hidden: HiddenHolder[] }> {
  const groups = [...plan.groups.values()];
  for (const unitIds of batches([...new Set(groups.map((g) => g.unit.id))])) {
    const found = await db
      .selectFrom('groups as g')
      .innerJoin('group_areas as a', 'a.group_id', 'g.id')
      .select(['g.id', 'g.type_code', 'g.name_search', 'a.unit_id', 'g.decision_number', 'g.decision_date', 'g.decision_issuer'])
      .where('a.unit_id', 'in', unitIds)
      .execute();
    for (const f of found) {
      const g = plan.groups.get(groupKey(f.unit_id, f.type_code, f.name_search));
      if (g && !g.existing) {
        g.row.id = f.id;
        g.existing = true;
        g.update = changes(f, g.row, ['decision_number', 'decision_date', 'decision_issuer']);
      }
    }
  }

  const people = plan.people.values();
  const match = (p: PersonPlan | undefined, id: string, update: Partial<PersonPlan['fields']> | undefined) => {
    if (!p || p.existing) return;
    p.id = id;
    p.existing = true;
    p.update = update;
  };
  for (const hashes of batches(people.filter((p) => p.fields.cccd_hash !== null).map((p) => p.fields.cccd_hash!))) {
    const found = await db
      .selectFrom('people')
      .select(['id', 'cccd_hash', 'phone', 'gender', 'birth_date', 'birth_year'])
      .where('cccd_hash', 'in', hashes)
      .where('merged_into', 'is', null)
      .execute();
    for (const f of found) {
      const p = plan.people.withCccd(f.cccd_hash!);
      if (p) match(p, f.id, changes(f, p.fields, ['phone', 'gender', 'birth_date', 'birth_year']));
    }
  }
  const names = [...new Set(people.filter((p) => p.fields.cccd_hash === null).map((p) => p.fields.name_search))];
  // Names are indexed under their province: naming the provinces that hold people lets both
  // engines use that index instead of reading every person for each batch.
  const provinces = names.length === 0 ? [] : (await db.selectFrom('people').select('province_code').distinct().execute()).map((r) => r.province_code);
  const known = provinces.filter((p): p is string => p !== null);
  for (const batch of provinces.length === 0 ? [] : batches(names)) {
    const found = await db
      .selectFrom('people as p')
      .innerJoin('units as r', 'r.id', 'p.registered_unit_id')
      .select(['p.id', 'p.name_search', 'p.birth_date', 'p.birth_year', 'p.phone', 'p.gender', 'r.id as unit_id', 'r.level', 'r.parent_id'])
      .where((eb) => {
        const inKnown = known.length > 0 ? eb('p.province_code', 'in', known) : eb.lit(false);
        return known.length === provinces.length ? inKnown : eb.or([inKnown, eb('p.province_code', 'is', null)]);
      })
      .where('p.name_search', 'in', batch)
      .where('p.cccd_hash', 'is', null)
      .where('p.merged_into', 'is', null)
      .execute();
    for (const f of found) {
      const p = plan.people.find({ ...f, cccd_hash: null }, communeOf({ id: f.unit_id, level: f.level, parent_id: f.parent_id }));
      if (p) match(p, f.id, changes(f, p.fields, ['phone', 'gender']));
    }
  }

  // The identity policy: a stored person is matched only when the importer's scope reaches
  // them. One found by name alone is then a new person of the sheet's area; one found by
  // citizen ID number is held elsewhere, and its rows become errors (sheet-import.ts).
  const matchedPeople = people.filter((p) => p.existing);
  const reachable = await reachablePeople(db, scope, matchedPeople.map((p) => p.id));
  const hidden: HiddenHolder[] = [];
  for (const p of matchedPeople) {
    if (reachable.has(p.id)) continue;
    if (p.fields.cccd_hash !== null) {
      const holder = await cccdHolder(db, scope, p.fields.cccd_hash);
      if (holder && !holder.visible) hidden.push({ person: p, holder });
    }
    p.id = '';
    p.existing = false;
    p.update = undefined;
  }

  for (const matched of batches(groups.filter((g) => g.existing))) {
    const found = await db
      .selectFrom('memberships')
      .select(['group_id', 'person_id'])
      .where('group_id', 'in', matched.map((g) => g.row.id))
      .where('valid_to', 'is', null)
      .execute();
    const open = new Set(found.map((f) => `${f.group_id}|${f.person_id}`));
    for (const g of matched) {
      for (const m of g.members.values()) if (m.person.existing && open.has(`${g.row.id}|${m.person.id}`)) m.existing = true;
    }
  }
  return { hidden };
}

function* batches<T>(items: T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += BATCH) yield items.slice(i, i + BATCH);
}

/** The fields where the sheet gives a value that differs from the stored one; undefined if none. */
function changes<T extends object>(stored: Partial<T>, sheet: T, fields: (keyof T)[]): Partial<T> | undefined {
  const patch: Partial<T> = {};
  for (const f of fields) if (sheet[f] !== null && sheet[f] !== undefined && sheet[f] !== stored[f]) patch[f] = sheet[f];
  return Object.keys(patch).length > 0 ? patch : undefined;
}
