import { sql, type Expression } from 'kysely';
import type { Deps, RequestContext } from '../../context.js';
import type { Db } from '../../db/connection.js';
import type { MembershipsTable } from '../../db/types.js';
import type { DuplicateReason, Person } from '../../../shared/people.js';
import { requirePermission } from '../../auth/guard.js';
import type { Scope } from '../../auth/scope.js';
import { assertMergeAllowed } from '../../auth/identity-policy.js';
import { writeAudit } from '../../audit/service.js';
import { fail } from '../../lib/errors.js';
import { findUnit } from '../units/queries.js';
import { findPersonInScope, visible, type PersonRow, type PersonWithAddress } from './queries.js';
import { auditPerson, toPerson } from './view.js';

/*
 * Duplicate people: found, and merged with their history kept.
 *
 * Found (among people the caller's scope reaches, merged records left out):
 * - `cccd`: two or more records with the same citizen ID number (same keyed hash). The API
 *   refuses a second one, but records from before that check or from imports may share one.
 * - `name_birth_commune`: the same name without diacritics, the same birth (the same date; or
 *   the same year when either record has no date; two different dates never match, and a record
 *   without any birth never matches) and the same commune. A record's communes are those of its
 *   address unit and of its registered unit: the unit itself when a commune, its parent when a
 *   village. Two records match when they share one of them. Where dates differ, a record that
 *   has only the year can sit in several clusters (one per date); a cluster that repeats another
 *   (the same people, or fewer of them) is not listed again.
 *
 * Merged (`source` into `target`, both live, not the same), only when the identity policy allows
 * it (auth/identity-policy.ts): both registered in the caller's scope, and every group of the
 * source's memberships in it too; otherwise 403 PERSON_MERGE_OUT_OF_SCOPE, naming nothing.
 * - Memberships of the source move to the target. In a group where a source period overlaps
 *   none of the target's, the row simply changes person (same id, role and dates). Where it
 *   overlaps one or more of the target's periods (a period runs from valid_from to the day
 *   before valid_to; periods that only touch do not overlap), they become one: the earliest
 *   overlapping target row is kept with its role and stretched to cover them all, and the
 *   rows it absorbed are removed. The kept row's role stands (the one-leader rule is not
 *   re-checked over the stretched period). Every change, with the rows as they were, is in the
 *   audit log.
 * - The target keeps every field it has; its empty ones are filled from the source: gender,
 *   phone, address unit, address text, occupation, birth (the date only when the target has no
 *   year or the same year), the citizen ID number (sealed value, hash, last digits) when the
 *   target has none, and ethnicity / religion only when the source had consent, in which case
 *   the source's consent is copied when the target had none.
 * - The source row stays, unchanged but for `merged_into`, so the history remains; lists and
 *   look-ups leave it out. `GET /api/people/:id` of a merged record answers 404
 *   PERSON_NOT_FOUND like any record out of reach; merging it again answers 409 PERSON_MERGED
 *   with `details.mergedInto` (the live record it ended in) when the caller can see that record.
 * - Two audit rows `person.merge`, one per person, each with before and after.
 */

type Candidate = PersonWithAddress & { r_level: string; r_parent: string | null; ad_parent: string | null };

/** The year of birth: the date's when there is one, else the year alone. */
const birthYear = sql<number | null>`coalesce(cast(substr(p.birth_date, 1, 4) as integer), p.birth_year)`;

const candidateColumns = [
  'ad.code as ad_code',
  'ad.name as ad_name',
  'ad.level as ad_level',
  'ad.kind as ad_kind',
  'ad.parent_id as ad_parent',
  'r.level as r_level',
  'r.parent_id as r_parent',
] as const;

/** Records in scope that share a citizen ID number hash with another record in scope. */
async function sameCccd(db: Db, scope: Scope): Promise<Candidate[]> {
  const shared = visible(db, scope)
    .select('p.cccd_hash')
    .where('p.cccd_hash', 'is not', null)
    .groupBy('p.cccd_hash')
    .having((eb) => eb.fn.countAll(), '>', 1);
  return visible(db, scope).selectAll('p').select(candidateColumns).where('p.cccd_hash', 'in', shared).execute();
}

/** Records in scope that share name and year of birth with another record in scope (communes and dates are compared after). */
async function sameNameAndYear(db: Db, scope: Scope): Promise<Candidate[]> {
  const shared = visible(db, scope)
    .select(['p.name_search as k_name', birthYear.as('k_year')])
    .where(birthYear, 'is not', null)
    .groupBy(['p.name_search', birthYear])
    .having((eb) => eb.fn.countAll(), '>', 1)
    .as('k');
  return visible(db, scope)
    .innerJoin(shared, (join) => join.onRef('k.k_name', '=', 'p.name_search').on((eb) => eb(birthYear as Expression<number | null>, '=', eb.ref('k.k_year'))))
    .selectAll('p')
    .select(candidateColumns)
    .execute();
}

function communeOf(level: string | null, id: string | null, parent: string | null): string | null {
  if (level === 'commune') return id;
  if (level === 'village') return parent;
  return null;
}

function communesOf(c: Candidate): string[] {
  const set = new Set([communeOf(c.r_level, c.registered_unit_id, c.r_parent), communeOf(c.ad_level, c.address_unit_id, c.ad_parent)]);
  set.delete(null);
  return [...set] as string[];
}

function yearOf(c: Candidate): number | null {
  return c.birth_date ? Number(c.birth_date.slice(0, 4)) : c.birth_year;
}

function groupBy<T>(items: T[], key: (t: T) => (string | null)[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items)
    for (const k of key(item)) {
      if (k === null) continue;
      const list = out.get(k) ?? [];
      list.push(item);
      out.set(k, list);
    }
  return out;
}

interface Cluster {
  reason: DuplicateReason;
  people: Candidate[];
}

/** The clusters, in a stable order: by number first, then by name; inside, the oldest record first. */
function clusterDuplicates(byCccd: Candidate[], byName: Candidate[]): Cluster[] {
  const order = (a: Candidate, b: Candidate) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id);
  const found: Cluster[] = [];
  for (const people of groupBy(byCccd, (c) => [c.cccd_hash]).values()) if (people.length > 1) found.push({ reason: 'cccd', people });

  for (const sameName of groupBy(byName, (c) => [c.name_search]).values())
    for (const sameCommune of groupBy(sameName, communesOf).values())
      for (const sameYear of groupBy(sameCommune, (c) => [String(yearOf(c))]).values()) {
        const dates = [...new Set(sameYear.map((c) => c.birth_date).filter((d): d is string => d !== null))];
        const undated = sameYear.filter((c) => c.birth_date === null);
        const sets = dates.length === 0 ? [undated] : dates.map((d) => [...sameYear.filter((c) => c.birth_date === d), ...undated]);
        for (const people of sets) if (people.length > 1) found.push({ reason: 'name_birth_commune', people });
      }

  // Leave out a cluster whose people all sit in one listed before it (numbers come first).
  const kept: { cluster: Cluster; ids: Set<string> }[] = [];
  const bySize = found.map((cluster, i) => ({ cluster, i })).sort((a, b) => (a.cluster.reason === b.cluster.reason ? b.cluster.people.length - a.cluster.people.length : a.cluster.reason === 'cccd' ? -1 : 1) || a.i - b.i);
  for (const { cluster } of bySize) {
    const ids = new Set(cluster.people.map((p) => p.id));
    if (kept.some((k) => [...ids].every((id) => k.ids.has(id)))) continue;
    kept.push({ cluster: { reason: cluster.reason, people: [...cluster.people].sort(order) }, ids });
  }
  const first = (c: Cluster) => c.people[0]!;
  return kept
    .map((k) => k.cluster)
    .sort((a, b) => (a.reason === b.reason ? 0 : a.reason === 'cccd' ? -1 : 1) || first(a).name_search.localeCompare(first(b).name_search) || order(first(a), first(b)));
}

/** The live record a merged one ended in, when the scope reaches it; null otherwise (or when `id` is not merged). */
export async function mergedInto(db: Db, scope: Scope, id: string): Promise<string | null> {
  let current = id;
  for (let hop = 0; hop < 50; hop++) {
    const row = await db.selectFrom('people').select('merged_into').where('id', '=', current).executeTakeFirst();
    if (!row) return null;
    if (row.merged_into === null) return current !== id && (await findPersonInScope(db, scope, current)) ? current : null;
    current = row.merged_into;
  }
  return null;
}

type MembershipRow = Omit<MembershipsTable, 'province_code'>;

/** Periods run from `valid_from` up to the day before `valid_to` (null: still running). */
function overlaps(a: MembershipRow, b: MembershipRow): boolean {
  return (b.valid_to === null || a.valid_from < b.valid_to) && (a.valid_to === null || b.valid_from < a.valid_to);
}

const later = (a: string | null, b: string | null) => (a === null || b === null ? null : a > b ? a : b);

/** Moves the source's memberships to the target by the rule above; answers what changed, for the audit log. */
async function moveMemberships(trx: Db, sourceId: string, targetId: string) {
  const moved: MembershipRow[] = [];
  const extended: { before: MembershipRow; after: MembershipRow }[] = [];
  const removed: MembershipRow[] = [];
  const sourceRows = await trx.selectFrom('memberships').selectAll().where('person_id', '=', sourceId).orderBy('valid_from').orderBy('id').execute();
  const targetRows: MembershipRow[] = await trx.selectFrom('memberships').selectAll().where('person_id', '=', targetId).orderBy('valid_from').orderBy('id').execute();
  const originals = new Map(targetRows.map((r) => [r.id, { ...r }]));
  for (const s of sourceRows) {
    const inGroup = targetRows.filter((t) => t.group_id === s.group_id);
    const hit = inGroup.filter((t) => overlaps(s, t));
    if (hit.length === 0) {
      await trx.updateTable('memberships').set({ person_id: targetId }).where('id', '=', s.id).execute();
      const row = { ...s, person_id: targetId };
      targetRows.push(row);
      moved.push(row);
      continue;
    }
    const keep = hit.reduce((a, b) => (b.valid_from < a.valid_from || (b.valid_from === a.valid_from && b.id < a.id) ? b : a));
    for (const other of [s, ...hit.filter((h) => h !== keep)]) {
      keep.valid_from = other.valid_from < keep.valid_from ? other.valid_from : keep.valid_from;
      keep.valid_to = later(keep.valid_to, other.valid_to);
      await trx.deleteFrom('memberships').where('id', '=', other.id).execute();
      removed.push(other);
      const at = targetRows.indexOf(other);
      if (at >= 0) targetRows.splice(at, 1);
    }
    await trx.updateTable('memberships').set({ valid_from: keep.valid_from, valid_to: keep.valid_to }).where('id', '=', keep.id).execute();
  }
  for (const row of targetRows) {
    const before = originals.get(row.id);
    if (before && (before.valid_from !== row.valid_from || before.valid_to !== row.valid_to)) extended.push({ before, after: { ...row } });
  }
  const brief = (m: MembershipRow) => ({ membershipId: m.id, groupId: m.group_id, personId: m.person_id, role: m.role, from: m.valid_from, to: m.valid_to });
  return {
    moved: moved.filter((m) => targetRows.includes(m)).map(brief),
    extended: extended.map((e) => ({ before: brief(e.before), after: brief(e.after) })),
    removed: removed.map(brief),
  };
}

/** The target's empty fields, filled from the source. */
function fillFrom(source: PersonRow, target: PersonRow, now: string): Partial<PersonRow> {
  const patch: Partial<PersonRow> = {};
  const fill = <K extends keyof PersonRow>(k: K) => {
    if (target[k] === null && source[k] !== null) patch[k] = source[k];
  };
  for (const k of ['gender', 'phone', 'address_unit_id', 'address_text', 'occupation'] as const) fill(k);
  const sourceYear = source.birth_date ? Number(source.birth_date.slice(0, 4)) : source.birth_year;
  if (target.birth_date === null && source.birth_date !== null && (target.birth_year === null || target.birth_year === sourceYear)) {
    patch.birth_date = source.birth_date;
    patch.birth_year = sourceYear;
  } else if (target.birth_year === null && target.birth_date === null && sourceYear !== null) patch.birth_year = sourceYear;
  if (target.cccd_hash === null && source.cccd_hash !== null) {
    patch.cccd_hash = source.cccd_hash;
    patch.cccd_enc = source.cccd_enc;
    patch.cccd_last4 = source.cccd_last4;
  }
  if (source.sensitive_consent_at !== null) {
    fill('ethnicity');
    fill('religion');
    if ((patch.ethnicity || patch.religion) && target.sensitive_consent_at === null) {
      patch.sensitive_consent_at = source.sensitive_consent_at;
      patch.sensitive_consent_by = source.sensitive_consent_by;
    }
  }
  if (Object.keys(patch).length > 0) patch.updated_at = now;
  return patch;
}

export function createDuplicatesService(deps: Deps) {
  const { db, clock } = deps;

  /** A live record in scope; a merged one answers PERSON_MERGED (when its end is in scope), others PERSON_NOT_FOUND. */
  async function live(trx: Db, scope: Scope, id: string): Promise<PersonWithAddress> {
    const row = await findPersonInScope(trx, scope, id);
    if (row) return row;
    const into = await mergedInto(trx, scope, id);
    return into ? fail('PERSON_MERGED', {}, { personId: id, mergedInto: into }) : fail('PERSON_NOT_FOUND', {}, { personId: id });
  }

  return {
    async list(ctx: RequestContext, query: { page: number; pageSize: number }) {
      const actor = requirePermission(ctx, 'groups.write');
      const clusters = clusterDuplicates(await sameCccd(db, actor.scope), await sameNameAndYear(db, actor.scope));
      const start = (query.page - 1) * query.pageSize;
      return {
        items: clusters.slice(start, start + query.pageSize).map((c) => ({ reason: c.reason, people: c.people.map(toPerson) })),
        total: clusters.length,
        page: query.page,
        pageSize: query.pageSize,
      };
    },

    async merge(ctx: RequestContext, sourceId: string, targetId: string): Promise<Person> {
      const actor = requirePermission(ctx, 'groups.write');
      if (sourceId === targetId) fail('PERSON_MERGE_SELF');
      return db.transaction().execute(async (trx) => {
        // PostgreSQL: lock both rows, always in the same order, so that two merges of the same
        // pair (A into B and B into A) wait for each other instead of both succeeding.
        if (deps.engine === 'postgres')
          for (const id of [sourceId, targetId].sort()) await trx.selectFrom('people').select('id').where('id', '=', id).forUpdate().execute();
        const source = await live(trx, actor.scope, sourceId);
        const target = await live(trx, actor.scope, targetId);
        await assertMergeAllowed(trx, actor.scope, sourceId, targetId);
        const now = clock.now().toISOString();
        const before = { source: auditPerson(toPerson(source)), target: auditPerson(toPerson(target)) };

        const memberships = await moveMemberships(trx, sourceId, targetId);
        const patch = fillFrom(source, target, now);
        if (Object.keys(patch).length > 0) await trx.updateTable('people').set(patch).where('id', '=', targetId).execute();
        const marked = await trx.updateTable('people').set({ merged_into: targetId, updated_at: now }).where('id', '=', sourceId).where('merged_into', 'is', null).executeTakeFirst();
        if (Number(marked.numUpdatedRows) !== 1) fail('PERSON_MERGED', {}, { personId: sourceId });

        const merged = toPerson((await findPersonInScope(trx, actor.scope, targetId))!);
        const [sourceUnit, targetUnit] = [await findUnit(trx, source.registered_unit_id), await findUnit(trx, target.registered_unit_id)];
        await writeAudit(trx, deps, ctx, {
          action: 'person.merge',
          entityType: 'person',
          entityId: sourceId,
          areaPath: sourceUnit?.path ?? null,
          provinceCode: source.province_code,
          before: { ...before.source, mergedInto: null },
          after: { ...before.source, mergedInto: targetId },
        });
        await writeAudit(trx, deps, ctx, {
          action: 'person.merge',
          entityType: 'person',
          entityId: targetId,
          areaPath: targetUnit?.path ?? null,
          provinceCode: target.province_code,
          before: before.target,
          after: { ...auditPerson(merged), mergedFrom: sourceId, memberships },
        });
        return merged;
      });
    },
  };
}
