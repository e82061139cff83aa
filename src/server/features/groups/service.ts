import type { Deps, RequestContext, Actor } from '../../context.js';
import type { Db } from '../../db/connection.js';
import type { AreaChange, Group, GroupCreate, GroupListQuery, GroupPage, GroupStatus, GroupTimeline, GroupUpdate, StatusChange } from '../../../shared/groups.js';
import type { UnitLevel } from '../../../shared/units.js';
import { requirePermission } from '../../auth/guard.js';
import { covers, type Scope } from '../../auth/scope.js';
import { maskIdNumbers, writeAudit } from '../../audit/service.js';
import { fail } from '../../lib/errors.js';
import { uuidv7 } from '../../lib/ids.js';
import { nfc, searchKey } from '../../lib/text.js';
import { today } from '../../lib/clock.js';
import { addDays } from '../../lib/dates.js';
import { findUnit, findUnitsByIds } from '../units/queries.js';
import { predecessorsByShare, unitAt } from '../units/lineage.js';
import { findModelType } from '../model-types/queries.js';
import * as q from './queries.js';
import { reformBasisOf, toGroup } from './view.js';
import { dateCell, writeSheet } from '../../lib/spreadsheet/write.js';
import { guardPast } from '../census/past.js';
import { groupDeltas, type CensusGroup } from '../census/group-deltas.js';
import { groupHistory } from '../census/past-queries.js';
import { COUNT_LIMIT, countUpTo, decodeCursor, pageOfRows, type KeyValue } from '../../lib/keyset.js';
import { ensureFresh } from '../../derived/refresh.js';
// The list's own table joins the refresh of derived data after every write (scopes.ts).
import './scopes.js';

const EXPORT_LIMIT = 100_000;
const EXPORT_BATCH = 1000;
/**
 * Past this many groups named by a text, the list walks its own index with the text as a filter
 * rather than sorting what the text index found (docs/decisions.md).
 */
const TEXT_INDEX_CAP = 500;
const statusNames: Record<GroupStatus, string> = { active: 'Đang hoạt động', consolidating: 'Đang củng cố', suspended: 'Tạm ngừng', dissolved: 'Đã giải thể' };

async function withPaths(db: Db, rows: q.GroupListRow[]): Promise<Group[]> {
  const ids = [...new Set(rows.flatMap((r) => r.unit_path.split('/').filter(Boolean)))];
  const names = new Map((await findUnitsByIds(db, ids)).map((u) => [u.id, u]));
  return rows.map((r) => toGroup(r, names));
}

/** The key a cursor carries, checked against the sort's: a number for the type's order, text elsewhere. */
function cursorKey(cursor: string, sort: q.GroupSort): KeyValue[] {
  const keys = q.sortKeys[sort];
  const values = decodeCursor(cursor, sort, keys.length);
  const ok = values.every((v, i) => (keys[i] === 'type_order' ? typeof v === 'number' : typeof v === 'string'));
  return ok ? values : fail('BAD_CURSOR');
}

/**
 * The units whose subtrees the list reads ('' for the country): the area asked, cut to the
 * scope (where a path of one lies inside a path of the other, the inner one), none inside another.
 */
function scopeIdsOf(scope: Scope, areaPaths: string[] | undefined): string[] {
  const scopePaths = scope.path === null ? null : [scope.path, ...(scope.inherited ?? [])];
  let paths: string[];
  if (!scopePaths) paths = areaPaths ?? [];
  else if (!areaPaths) paths = scopePaths;
  else paths = areaPaths.flatMap((a) => scopePaths.flatMap((s) => (a.startsWith(s) ? [a] : s.startsWith(a) ? [s] : [])));
  if (!scopePaths && !areaPaths) return [''];
  const outer = [...new Set(paths)].filter((p, _i, all) => !all.some((o) => o !== p && p.startsWith(o)));
  return outer.map((p) => p.split('/').filter(Boolean).pop()!);
}

const clean = (s: string | null | undefined) => (s === undefined ? undefined : s === null || s.trim() === '' ? null : nfc(s));

/**
 * Groups (tổ, đội, mô hình): who, what type, where and in what state, through time. Area and
 * status are periods; a change closes the current period and opens the next on its date.
 */
export function createGroupsService(deps: Deps) {
  const { db, clock, engine } = deps;

  /** A village or commune in the actor's scope that exists on the date. */
  async function areaFor(actor: Actor, trx: Db, unitId: string, date: string) {
    const unit = await findUnit(trx, unitId);
    if (!unit || !covers(actor.scope, unit.path)) fail('UNIT_NOT_FOUND');
    if (unit.level !== 'village' && unit.level !== 'commune') fail('GROUP_AREA_LEVEL');
    if (unit.valid_from > date || (unit.valid_to !== null && unit.valid_to <= date)) fail('GROUP_AREA_NOT_VALID', { date });
    return unit;
  }

  /**
   * A write that changes the group's past is checked against the censuses it alters before its
   * transaction opens (see census/past.ts); what the audit row keeps when confirmed.
   */
  async function guardChange(actor: Actor, id: string, change: (g: CensusGroup) => CensusGroup, confirmed: boolean | undefined) {
    const before = (await groupHistory(db, id)) ?? fail('GROUP_NOT_FOUND');
    return guardPast(deps, actor.scope, groupDeltas(before, change(before)), confirmed);
  }

  /**
   * A corrected founding date, checked: the first area must exist on it, and it may not pass the
   * first change of area or status nor the earliest joining of a member.
   */
  async function foundingChange(actor: Actor, id: string, typeCode: string, to: string) {
    const h = (await groupHistory(db, id)) ?? fail('GROUP_NOT_FOUND');
    const first = <T extends { from: string }>(xs: T[]) => xs.reduce((a, b) => (b.from < a.from ? b : a));
    const area = first(h.areas);
    const status = first(h.statuses);
    for (const next of [area.to, status.to]) if (next !== null && to >= next) fail('GROUP_FOUNDED_ORDER', { date: addDays(next, -1) });
    const joined = h.memberships.length > 0 ? first(h.memberships).from : null;
    if (joined !== null && to > joined) fail('GROUP_FOUNDED_ORDER', { date: joined });
    const type = await findModelType(db, typeCode);
    if (type?.retired_on && type.retired_on <= to) fail('MODEL_TYPE_RETIRED', { date: type.retired_on });
    await areaFor(actor, db, area.unit, to);
    return { area: area.from, status: status.from };
  }

  /**
   * The list's filters, resolved; null when they can match nothing. The area is the
   * census's: the unit asked (else the user's own), and the units that went into it whole.
   */
  async function filterOf(actor: Actor, query: GroupListQuery) {
    const date = query.date ?? today(clock);
    let area: { id: string; path: string } | null = null;
    if (query.unitId || query.unit) {
      const unit = query.unitId ? await findUnit(db, query.unitId) : await unitAt(db, query.unit!, date);
      if (!unit) fail('UNIT_NOT_FOUND');
      area = unit;
    } else if (actor.scope.unitId && actor.scope.path) {
      area = { id: actor.scope.unitId, path: actor.scope.path };
    }
    const areaPaths = area ? [area.path, ...(await predecessorsByShare(db, area.id)).whole] : undefined;
    const text = query.q ? searchKey(query.q) : undefined;
    // A search of only punctuation or wildcards has no key: it finds nothing, not everything.
    if (query.q?.trim() && !text) return null;
    const scopeIds = scopeIdsOf(actor.scope, areaPaths);
    // An area wholly outside the scope: nothing to list, as for an empty search.
    if (scopeIds.length === 0) return null;
    return { date, scopeIds, type: query.type, status: query.status, text: text || undefined, sort: query.sort };
  }

  /**
   * The page's groups after the key, one more than asked when there are; `matched`: every group
   * the filter lists, when the text index found them (the count is then theirs).
   */
  async function keyed(f: q.GroupFilter, after: KeyValue[] | null, limit: number): Promise<{ rows: q.KeyedGroup[]; named?: string[]; matched?: q.KeyedGroup[] }> {
    const named = f.text ? await q.groupsNamed(db, engine, f.text, TEXT_INDEX_CAP) : null;
    if (!named) return { rows: await q.walkGroups(db, f, after, limit) };
    const matched = await q.groupsAmong(db, named, f);
    return { rows: (after ? matched.filter((r) => q.compareKeys(r.key, after) > 0) : matched).slice(0, limit), named, matched };
  }

  /**
   * `total` and `dissolved`: without a text, exact, from the counts' series (one short range per
   * unit, status and type); with a text, the groups the text index found, else a count capped at
   * COUNT_LIMIT.
   */
  async function countsOf(f: q.GroupFilter, { named, matched }: { named?: string[]; matched?: q.KeyedGroup[] }) {
    const dissolved = { ...f, status: 'dissolved' as const };
    if (f.text) {
      const among = async (g: q.GroupFilter, rows?: q.KeyedGroup[]) => {
        if (rows) return { total: rows.length, exact: true };
        const counts = await Promise.all(g.scopeIds.map((id) => countUpTo(db, q.textInScope(db, id, g))));
        const total = counts.reduce((n, c) => n + c.total, 0);
        return { total: Math.min(total, COUNT_LIMIT), exact: counts.every((c) => c.exact) && total <= COUNT_LIMIT };
      };
      const total = await among(f, matched);
      const gone = f.status === 'dissolved' ? total : await among(dissolved, named && (await q.groupsAmong(db, named, dissolved)));
      return { total: total.total, totalExact: total.exact, dissolved: gone.total };
    }
    const total = await q.countInScope(db, f);
    return { total, totalExact: true, dissolved: f.status === 'dissolved' ? total : await q.countInScope(db, dissolved) };
  }

  /** The group as it was on the date; before its founding, as founded; after it left, as it was last. */
  async function view(trx: Db, actor: Actor, id: string, date: string): Promise<Group> {
    let row = await q.findGroupAt(trx, actor.scope, id, date);
    if (!row) {
      const group = (await q.findGroup(trx, id)) ?? fail('GROUP_NOT_FOUND');
      const area = await q.latestArea(trx, id);
      const day = area?.valid_to && area.valid_to <= date ? addDays(area.valid_to, -1) : group.founded_on;
      row = (await q.findGroupAt(trx, actor.scope, id, day)) ?? fail('GROUP_NOT_FOUND');
    }
    return (await withPaths(trx, [row]))[0]!;
  }

  return {
    async list(ctx: RequestContext, query: GroupListQuery): Promise<GroupPage> {
      const actor = requirePermission(ctx, 'groups.read');
      await ensureFresh(deps, 'groupScopes');
      const filter = await filterOf(actor, query);
      const pageSize = query.pageSize;
      if (!filter) return { items: [], total: 0, totalExact: true, dissolved: 0, nextCursor: null, pageSize };
      const after = query.cursor ? cursorKey(query.cursor, filter.sort) : null;
      const found = await keyed(filter, after, pageSize + 1);
      const { rows, nextCursor } = pageOfRows(found.rows, pageSize, filter.sort, (r) => r.key);
      const [counts, listed] = await Promise.all([countsOf(filter, found), q.groupsByIds(db, actor.scope, rows.map((r) => r.id), filter.date)]);
      return { items: await withPaths(db, listed), ...counts, nextCursor, pageSize };
    },

    /** Exactly what the list shows with these filters, every page, as an .xlsx sheet. */
    async exportXlsx(ctx: RequestContext, query: GroupListQuery): Promise<{ file: Buffer; name: string }> {
      const actor = requirePermission(ctx, 'groups.read');
      await ensureFresh(deps, 'groupScopes');
      const filter = await filterOf(actor, query);
      const ids: string[] = [];
      // The list's pages, walked by their key, a thousand at a time.
      for (let after: KeyValue[] | null = null; filter && ids.length < EXPORT_LIMIT; ) {
        const { rows } = await keyed(filter, after, Math.min(EXPORT_BATCH, EXPORT_LIMIT - ids.length));
        ids.push(...rows.map((r) => r.id));
        if (rows.length < EXPORT_BATCH) break;
        after = rows[rows.length - 1]!.key;
      }
      const rows: q.GroupListRow[] = [];
      for (let i = 0; filter && i < ids.length; i += EXPORT_BATCH) rows.push(...(await q.groupsByIds(db, actor.scope, ids.slice(i, i + EXPORT_BATCH), filter.date)));
      const groups = await withPaths(db, rows);
      const counts = await q.memberCounts(db, groups.map((g) => g.id), filter?.date ?? today(clock));
      const date = filter?.date ?? today(clock);
      const [y, m, d] = date.split('-').map(Number);
      const file = await writeSheet(
        'Tổ, đội, mô hình',
        `DANH SÁCH TỔ, ĐỘI, MÔ HÌNH TỰ QUẢN VỀ AN NINH, TRẬT TỰ (tính đến ngày ${d}/${m}/${y})`,
        [
          { header: 'STT', width: 6, value: (_g: Group, i: number) => i + 1 },
          { header: 'Tên tổ, đội, mô hình', width: 40, value: (g) => g.name },
          { header: 'Loại mô hình', width: 26, value: (g) => g.type.name },
          { header: 'Địa bàn', width: 26, value: (g) => g.area?.label ?? g.area?.name },
          { header: 'Thuộc', width: 40, value: (g) => g.area?.path.slice(0, -1).map((p) => p.name).reverse().join(', ') },
          { header: 'Trạng thái', width: 18, value: (g) => (g.status ? statusNames[g.status] : null) },
          { header: 'Từ ngày', width: 12, value: (g) => dateCell(g.statusSince), format: 'd/m/yyyy' },
          { header: 'Ngày thành lập', width: 14, value: (g) => dateCell(g.foundedOn), format: 'd/m/yyyy' },
          { header: 'Số quyết định', width: 18, value: (g) => g.decisionNumber },
          { header: 'Ngày quyết định', width: 14, value: (g) => dateCell(g.decisionDate), format: 'd/m/yyyy' },
          { header: 'Cơ quan ban hành', width: 26, value: (g) => g.decisionIssuer },
          { header: 'Số thành viên', width: 12, value: (g) => (g.type.countsMembers ? (counts.get(g.id) ?? 0) : null), format: '#,##0' },
          { header: 'Điện thoại', width: 14, value: (g) => g.contactPhone },
          { header: 'Liên hệ', width: 30, value: (g) => g.contactText },
        ],
        groups,
      );
      // Contact phones and names leave the system: who took them, with what filters, how many.
      await writeAudit(db, deps, ctx, {
        action: 'group.export',
        entityType: 'group',
        entityId: null,
        areaPath: actor.scope.path,
        provinceCode: actor.provinceCode ?? null,
        after: { rows: groups.length, filters: Object.fromEntries(Object.entries(query).filter(([k, v]) => v !== undefined && k !== 'cursor' && k !== 'pageSize').map(([k, v]) => [k, k === 'q' ? maskIdNumbers(String(v)) : v])) },
      });
      return { file, name: `danh-sach-to-doi-${date}.xlsx` };
    },

    async get(ctx: RequestContext, id: string, date?: string): Promise<Group> {
      const actor = requirePermission(ctx, 'groups.read');
      await q.findGroupInScope(db, actor.scope, id);
      return view(db, actor, id, date ?? today(clock));
    },

    async timeline(ctx: RequestContext, id: string): Promise<GroupTimeline> {
      const actor = requirePermission(ctx, 'groups.read');
      await q.findGroupInScope(db, actor.scope, id);
      const statuses = await q.statusesOf(db, id);
      const areas = await q.areasOf(db, id);
      const basisOf = reformBasisOf(await q.reformEventsOn(db, [...new Set(areas.map((a) => a.valid_from))]));
      return {
        group: await view(db, actor, id, today(clock)),
        statuses: statuses.map((s) => ({
          status: s.status as GroupStatus,
          validFrom: s.valid_from,
          validTo: s.valid_to,
          reason: s.reason,
          decisionNumber: s.decision_number,
          decisionDate: s.decision_date,
          decisionIssuer: s.decision_issuer,
        })),
        areas: areas.map((a) => ({
          unit: { id: a.id, code: a.code, name: a.name, level: a.level as UnitLevel, kind: a.kind },
          validFrom: a.valid_from,
          validTo: a.valid_to,
          ...basisOf(a),
        })),
      };
    },

    async create(ctx: RequestContext, input: GroupCreate): Promise<Group> {
      const actor = requirePermission(ctx, 'groups.write');
      const type = await findModelType(db, input.typeCode);
      const visible = type && (type.province_code === null || actor.scope.path === null || type.province_code === actor.provinceCode);
      if (!type || !visible) fail('MODEL_TYPE_NOT_FOUND');
      if (type.retired_on !== null && type.retired_on <= input.foundedOn) fail('MODEL_TYPE_RETIRED', { date: type.retired_on });
      const unit = await areaFor(actor, db, input.unitId, input.foundedOn);
      const standing = { from: input.foundedOn, to: null };
      const past = await guardPast(
        deps,
        actor.scope,
        groupDeltas(null, { type: type.code, founded: input.foundedOn, areas: [{ ...standing, unit: unit.id }], statuses: [{ ...standing, status: 'active' }], memberships: [] }),
        input.confirmPastChange,
      );
      return db.transaction().execute(async (trx) => {
        const now = clock.now().toISOString();
        const id = uuidv7();
        const name = nfc(input.name);
        await q.insertGroup(trx, {
          id,
          type_code: type.code,
          name,
          name_search: searchKey(name),
          founded_on: input.foundedOn,
          decision_number: clean(input.decisionNumber) ?? null,
          decision_date: input.decisionDate ?? null,
          decision_issuer: clean(input.decisionIssuer) ?? null,
          contact_phone: clean(input.contactPhone) ?? null,
          contact_text: clean(input.contactText) ?? null,
          notes: clean(input.notes) ?? null,
          province_code: unit.province_code,
          created_at: now,
          updated_at: now,
        });
        await q.insertArea(trx, { id: uuidv7(), group_id: id, unit_id: unit.id, valid_from: input.foundedOn, valid_to: null, reason: null, province_code: unit.province_code });
        await q.insertStatus(trx, {
          id: uuidv7(),
          group_id: id,
          status: 'active',
          valid_from: input.foundedOn,
          valid_to: null,
          reason: null,
          decision_number: clean(input.decisionNumber) ?? null,
          decision_date: input.decisionDate ?? null,
          decision_issuer: clean(input.decisionIssuer) ?? null,
          province_code: unit.province_code,
        });
        const group = await view(trx, actor, id, input.foundedOn);
        await writeAudit(trx, deps, ctx, { action: 'group.create', entityType: 'group', entityId: id, areaPath: unit.path, provinceCode: unit.province_code, after: { ...group, ...past } });
        return group;
      });
    },

    async update(ctx: RequestContext, id: string, input: GroupUpdate): Promise<Group> {
      const actor = requirePermission(ctx, 'groups.write');
      const found = await q.findGroupInScope(db, actor.scope, id);
      const founded = input.foundedOn !== undefined && input.foundedOn !== found.group.founded_on ? input.foundedOn : null;
      const first = founded ? await foundingChange(actor, id, found.group.type_code, founded) : null;
      const past = founded
        ? await guardChange(
            actor,
            id,
            (g) => ({
              ...g,
              founded,
              areas: g.areas.map((a) => (a.from === first!.area ? { ...a, from: founded } : a)),
              statuses: g.statuses.map((s) => (s.from === first!.status ? { ...s, from: founded } : s)),
            }),
            input.confirmPastChange,
          )
        : null;
      return db.transaction().execute(async (trx) => {
        const { group, area } = await q.findGroupInScope(trx, actor.scope, id);
        const before = await view(trx, actor, id, today(clock));
        const patch: Partial<q.GroupRow> = { updated_at: clock.now().toISOString() };
        if (input.name !== undefined) {
          patch.name = nfc(input.name);
          patch.name_search = searchKey(patch.name);
        }
        for (const [key, column] of [
          ['decisionNumber', 'decision_number'],
          ['decisionIssuer', 'decision_issuer'],
          ['contactPhone', 'contact_phone'],
          ['contactText', 'contact_text'],
          ['notes', 'notes'],
        ] as const) {
          if (input[key] !== undefined) patch[column] = clean(input[key]) ?? null;
        }
        if (input.decisionDate !== undefined) patch.decision_date = input.decisionDate ?? null;
        await q.updateGroup(trx, group.id, patch);
        if (founded) await q.moveFounding(trx, group.id, founded, first!);
        const after = await view(trx, actor, id, today(clock));
        await writeAudit(trx, deps, ctx, { action: 'group.update', entityType: 'group', entityId: id, areaPath: area.path, provinceCode: area.province_code, before, after: { ...after, ...past } });
        return after;
      });
    },

    async changeStatus(ctx: RequestContext, id: string, input: StatusChange): Promise<Group> {
      const actor = requirePermission(ctx, 'groups.write');
      await q.findGroupInScope(db, actor.scope, id);
      const latest = (await q.latestStatus(db, id))!;
      if (input.date <= latest.valid_from) fail('GROUP_DATE_ORDER', { date: latest.valid_from });
      if (latest.status === input.status) fail('GROUP_SAME_STATE');
      const past = await guardChange(
        actor,
        id,
        (g) => ({ ...g, statuses: [...g.statuses.map((s) => (s.from === latest.valid_from ? { ...s, to: input.date } : s)), { status: input.status, from: input.date, to: null }] }),
        input.confirmPastChange,
      );
      return db.transaction().execute(async (trx) => {
        const { area } = await q.findGroupInScope(trx, actor.scope, id);
        const current = (await q.latestStatus(trx, id))!;
        if (input.date <= current.valid_from) fail('GROUP_DATE_ORDER', { date: current.valid_from });
        if (current.status === input.status) fail('GROUP_SAME_STATE');
        await q.endStatus(trx, current.id, input.date);
        await q.insertStatus(trx, {
          id: uuidv7(),
          group_id: id,
          status: input.status,
          valid_from: input.date,
          valid_to: null,
          reason: clean(input.reason) ?? null,
          decision_number: clean(input.decisionNumber) ?? null,
          decision_date: input.decisionDate ?? null,
          decision_issuer: clean(input.decisionIssuer) ?? null,
          province_code: area.province_code,
        });
        await q.updateGroup(trx, id, { updated_at: clock.now().toISOString() });
        await writeAudit(trx, deps, ctx, {
          action: 'group.status',
          entityType: 'group',
          entityId: id,
          areaPath: area.path,
          provinceCode: area.province_code,
          before: { status: current.status, since: current.valid_from },
          after: { status: input.status, since: input.date, reason: input.reason ?? null, decisionNumber: input.decisionNumber ?? null, ...past },
        });
        return view(trx, actor, id, input.date);
      });
    },

    async changeArea(ctx: RequestContext, id: string, input: AreaChange): Promise<Group> {
      const actor = requirePermission(ctx, 'groups.write');
      const latest = (await q.findGroupInScope(db, actor.scope, id)).area;
      if (input.date <= latest.valid_from) fail('GROUP_DATE_ORDER', { date: latest.valid_from });
      if (latest.unit_id === input.unitId) fail('GROUP_SAME_STATE');
      const target = await areaFor(actor, db, input.unitId, input.date);
      const past = await guardChange(
        actor,
        id,
        (g) => ({ ...g, areas: [...g.areas.map((a) => (a.from === latest.valid_from ? { ...a, to: input.date } : a)), { unit: target.id, from: input.date, to: null }] }),
        input.confirmPastChange,
      );
      return db.transaction().execute(async (trx) => {
        const { area } = await q.findGroupInScope(trx, actor.scope, id);
        if (input.date <= area.valid_from) fail('GROUP_DATE_ORDER', { date: area.valid_from });
        if (area.unit_id === input.unitId) fail('GROUP_SAME_STATE');
        const unit = await areaFor(actor, trx, input.unitId, input.date);
        await q.endArea(trx, area.id, input.date);
        await q.insertArea(trx, { id: uuidv7(), group_id: id, unit_id: unit.id, valid_from: input.date, valid_to: null, reason: clean(input.reason) ?? null, province_code: unit.province_code });
        await q.updateGroup(trx, id, { province_code: unit.province_code, updated_at: clock.now().toISOString() });
        await writeAudit(trx, deps, ctx, {
          action: 'group.area',
          entityType: 'group',
          entityId: id,
          areaPath: unit.path,
          provinceCode: unit.province_code,
          before: { unitId: area.unit_id, since: area.valid_from },
          after: { unitId: unit.id, unit: `${unit.code} ${unit.name}`, since: input.date, ...past },
        });
        return view(trx, actor, id, input.date);
      });
    },
  };
}
