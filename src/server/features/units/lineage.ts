import type { Db } from '../../db/connection.js';
import type { UnitRow } from './queries.js';
import { validAt } from './queries.js';

export type Share = 'full' | 'partial';

/** Units this unit was formed from, back through every reorganisation, with their paths. */
export async function predecessorPaths(db: Db, unitId: string): Promise<string[]> {
  const paths: string[] = [];
  const seen = new Set([unitId]);
  let frontier = [unitId];
  while (frontier.length > 0) {
    const rows = await db
      .selectFrom('unit_links')
      .innerJoin('units', 'units.id', 'unit_links.from_unit_id')
      .select(['units.id', 'units.path'])
      .where('unit_links.to_unit_id', 'in', frontier)
      .execute();
    frontier = [];
    for (const r of rows) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      paths.push(r.path);
      frontier.push(r.id);
    }
  }
  // A path inside another adds nothing to a prefix match.
  return paths.filter((p) => !paths.some((q) => q !== p && p.startsWith(q)));
}

/**
 * The units this unit was formed from, split by what they gave it: `whole` are those that went
 * into it alone and entirely (every link on the way back full and the only one out of its unit),
 * so what they still hold is this unit's; `shared` are those split between several successors
 * (and everything behind them), whose unplaced villages may be this unit's or a neighbour's.
 */
export async function predecessorsByShare(db: Db, unitId: string): Promise<{ whole: string[]; shared: string[] }> {
  const whole: string[] = [];
  const shared: string[] = [];
  const seen = new Set([unitId]);
  let frontier = new Map<string, boolean>([[unitId, true]]);
  while (frontier.size > 0) {
    const rows = await db
      .selectFrom('unit_links as l')
      .innerJoin('units as u', 'u.id', 'l.from_unit_id')
      .select((eb) => [
        'u.id',
        'u.path',
        'l.share',
        'l.to_unit_id',
        eb.selectFrom('unit_links as o').select(eb.fn.countAll<number>().as('n')).whereRef('o.from_unit_id', '=', 'l.from_unit_id').as('outs'),
      ])
      .where('l.to_unit_id', 'in', [...frontier.keys()])
      .execute();
    const next = new Map<string, boolean>();
    for (const r of rows) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      const alone = frontier.get(r.to_unit_id)! && r.share === 'full' && Number(r.outs) === 1;
      (alone ? whole : shared).push(r.path);
      next.set(r.id, alone);
    }
    frontier = next;
  }
  // A path inside another adds nothing to a prefix match.
  const outer = (paths: string[]) => paths.filter((p) => !paths.some((q) => q !== p && p.startsWith(q)));
  return { whole: outer(whole), shared: outer(shared).filter((p) => !whole.some((q) => p.startsWith(q))) };
}

/**
 * Which of `targets` each of `fromIds` went into alone and entirely, following reorganisations
 * forward (every link full and the only one out of its unit, as `predecessorsByShare` reads them
 * backward): what such a unit still holds belongs to that target.
 */
export async function wholeSuccessorAmong(db: Db, fromIds: readonly string[], targets: ReadonlySet<string>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  // Each unit being followed, with the unit it started from.
  let frontier = new Map(fromIds.map((id) => [id, id]));
  const seen = new Set(fromIds);
  while (frontier.size > 0) {
    const rows = await db
      .selectFrom('unit_links as l')
      .select(['l.from_unit_id', 'l.to_unit_id'])
      .where('l.from_unit_id', 'in', [...frontier.keys()])
      .where('l.share', '=', 'full')
      .where((eb) => eb(eb.selectFrom('unit_links as o').select(eb.fn.countAll<number>().as('n')).whereRef('o.from_unit_id', '=', 'l.from_unit_id'), '=', 1))
      .execute();
    const next = new Map<string, string>();
    for (const r of rows) {
      const start = frontier.get(r.from_unit_id)!;
      if (targets.has(r.to_unit_id)) out.set(start, r.to_unit_id);
      else if (!seen.has(r.to_unit_id)) {
        seen.add(r.to_unit_id);
        next.set(r.to_unit_id, start);
      }
    }
    frontier = next;
  }
  return out;
}

/** The unit carrying this code on this date (a code names different units in different periods). */
export async function unitAt(db: Db, code: string, date: string): Promise<UnitRow | undefined> {
  const rows = await db
    .selectFrom('units')
    .selectAll()
    .where('code', '=', code)
    .where((eb) => validAt(eb.ref('valid_from'), eb.ref('valid_to'), date))
    .execute();
  const order = ['province', 'district', 'commune', 'village'];
  return rows.sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level))[0];
}

export async function childrenAt(db: Db, parentId: string | null, date: string): Promise<UnitRow[]> {
  let q = db
    .selectFrom('units')
    .selectAll()
    .where((eb) => validAt(eb.ref('valid_from'), eb.ref('valid_to'), date));
  q = parentId === null ? q.where('parent_id', 'is', null) : q.where('parent_id', '=', parentId);
  return q.orderBy('code').execute();
}

/**
 * The units valid at `to` that the unit went into, following links forward through every
 * event after `from`; a unit still valid at `to` is its own successor. A chain with any
 * partial link is partial.
 */
export async function successorsAt(db: Db, unit: UnitRow, to: string): Promise<{ unit: UnitRow; share: Share }[]> {
  const out = new Map<string, { unit: UnitRow; share: Share }>();
  let frontier: { unit: UnitRow; share: Share }[] = [{ unit, share: 'full' }];
  const seen = new Set<string>();
  while (frontier.length > 0) {
    const next: { unit: UnitRow; share: Share }[] = [];
    for (const f of frontier) {
      if (seen.has(f.unit.id)) continue;
      seen.add(f.unit.id);
      const validThen = f.unit.valid_from <= to && (f.unit.valid_to === null || f.unit.valid_to > to);
      if (validThen) {
        const prev = out.get(f.unit.id);
        out.set(f.unit.id, { unit: f.unit, share: prev?.share === 'full' || f.share === 'full' ? (prev ? 'full' : f.share) : 'partial' });
        continue;
      }
      if (f.unit.valid_to === null || f.unit.valid_to > to) continue;
      const links = await db
        .selectFrom('unit_links')
        .innerJoin('units', 'units.id', 'unit_links.to_unit_id')
        .selectAll('units')
        .select('unit_links.share as link_share')
        .where('unit_links.from_unit_id', '=', f.unit.id)
        .where('unit_links.effective_date', '<=', to)
        .execute();
      for (const l of links) {
        const { link_share, ...u } = l;
        next.push({ unit: u as UnitRow, share: f.share === 'partial' || link_share === 'partial' ? 'partial' : 'full' });
      }
    }
    frontier = next;
  }
  return [...out.values()].sort((a, b) => a.unit.code.localeCompare(b.unit.code));
}

/** Links into and out of a unit, with the unit at the other end. */
export async function linksOf(db: Db, unitId: string) {
  const across = (here: 'from_unit_id' | 'to_unit_id', there: 'from_unit_id' | 'to_unit_id') =>
    db
      .selectFrom('unit_links')
      .innerJoin('units', 'units.id', `unit_links.${there}`)
      .leftJoin('unit_events as e', 'e.id', 'unit_links.event_id')
      .select(['units.id', 'units.code', 'units.name', 'units.level', 'units.kind', 'units.valid_from', 'units.valid_to', 'unit_links.share', 'unit_links.effective_date', 'e.kind as event_kind', 'e.summary_json as event_summary'])
      .where(`unit_links.${here}`, '=', unitId)
      .orderBy('units.code')
      .execute();
  return { formedFrom: await across('to_unit_id', 'from_unit_id'), wentInto: await across('from_unit_id', 'to_unit_id') };
}
