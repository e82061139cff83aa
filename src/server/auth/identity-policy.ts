import type { Deps, RequestContext } from '../context.js';
import type { Db } from '../db/connection.js';
import { writeAudit } from '../audit/service.js';
import { fail } from '../lib/errors.js';
import { covers, type Scope } from './scope.js';
// The SQL of the rule lives with the people's other queries; the decisions are taken here.
import { findPersonInScope, holderOfCccd, membershipAreaPaths, registeredPaths, visibleIds } from '../features/people/queries.js';

/*
 * The identity policy (docs/domain.md, "Identity policy"), written once.
 *
 * A person is read, matched, updated, linked or merged only through the caller's scope: the
 * person is registered in it, or is (or was) a member of a group whose current area lies in it.
 * Every path goes through this module: the people API, the members API, the sheet import's
 * matching, merges, the uniqueness check of citizen ID numbers, group links and membership
 * requests. What lies outside the scope is answered as if it did not exist, with one exception
 * no uniqueness check can avoid: a citizen ID number already held by someone out of scope is
 * refused (a 409, or a sheet row error) without naming who, where or which record; that
 * attempt is written to the audit log under the holder's area, where the holder's officers see
 * it and the one who tried does not.
 */

/** The live person holding a citizen ID number (by its keyed hash), as the caller may know them. */
export type CccdHolder =
  | { visible: true; personId: string }
  | { visible: false; personId: string; areaPath: string; provinceCode: string | null };

/** Who holds this number: null for nobody; otherwise whether the scope reaches them (and only then their id is for the caller). */
export async function cccdHolder(db: Db, scope: Scope, hash: string): Promise<CccdHolder | null> {
  const holder = await holderOfCccd(db, hash);
  if (!holder) return null;
  if (covers(scope, holder.registered_path) || (await visibleIds(db, scope, [holder.id])).has(holder.id)) return { visible: true, personId: holder.id };
  return { visible: false, personId: holder.id, areaPath: holder.registered_path, provinceCode: holder.province_code };
}

/** A person the scope reaches, or PERSON_NOT_FOUND: the same answer for a record out of scope and for none. */
export async function personInScope(db: Db, scope: Scope, id: string) {
  return (await findPersonInScope(db, scope, id)) ?? fail('PERSON_NOT_FOUND');
}

/** Which of these people the scope reaches; the others may not be matched, updated or linked. */
export function reachablePeople(db: Db, scope: Scope, ids: readonly string[]): Promise<Set<string>> {
  return visibleIds(db, scope, ids);
}

/**
 * A merge moves the source's memberships and fills the target's empty fields from the source:
 * allowed only when both are registered in the scope and every group whose memberships would
 * move lies in it. A refusal says only that (PERSON_MERGE_OUT_OF_SCOPE), never what lies outside.
 */
export async function assertMergeAllowed(db: Db, scope: Scope, sourceId: string, targetId: string): Promise<void> {
  const paths = await registeredPaths(db, [sourceId, targetId]);
  const registered = [sourceId, targetId].every((id) => covers(scope, paths.get(id) ?? null));
  if (!registered || !(await membershipAreaPaths(db, sourceId)).every((p) => covers(scope, p))) fail('PERSON_MERGE_OUT_OF_SCOPE');
}

/**
 * The audit row of an attempt to use a citizen ID number held out of the caller's scope (a new
 * person, a sheet row, ...): filed under the holder's area, with the holder's record and the
 * number's last digits only, so that the holder's officers see who tried, and the caller's own
 * area holds nothing that says the person exists.
 */
export async function auditHiddenHolder(db: Db, deps: Pick<Deps, 'clock'>, ctx: RequestContext, holder: CccdHolder & { visible: false }, attempt: { source: string; cccdLast4: string | null }) {
  await writeAudit(db, deps, ctx, {
    action: 'person.cccd_conflict',
    entityType: 'person',
    entityId: holder.personId,
    areaPath: holder.areaPath,
    provinceCode: holder.provinceCode,
    after: attempt,
  });
}

/** Another group as the caller may see it: itself when its current area lies in the scope, otherwise nothing about it. */
export function groupAsSeen<T>(scope: Scope, areaPath: string | null, group: T): T | null {
  return covers(scope, areaPath) ? group : null;
}
