import type { Deps, RequestContext } from '../../context.js';
import type { MemberRole, PeopleQuery, Person, PersonCreate, PersonUpdate } from '../../../shared/people.js';
import { today } from '../../lib/clock.js';
import { dateCell, writeSheet } from '../../lib/spreadsheet/write.js';
import { requirePermission } from '../../auth/guard.js';
import { covers, type Scope } from '../../auth/scope.js';
import { decodeCursor, pageOfRows } from '../../lib/keyset.js';
import { ensureFresh } from '../../derived/refresh.js';
import { auditHiddenHolder, cccdHolder, personInScope } from '../../auth/identity-policy.js';
import { maskIdNumbers, writeAudit } from '../../audit/service.js';
import { fail } from '../../lib/errors.js';
import { cccdProblems, checkCccd, maskCccd } from '../../lib/cccd.js';
import { uuidv7 } from '../../lib/ids.js';
import { nfc, searchKey } from '../../lib/text.js';
import { findUnit } from '../units/queries.js';
import { createDuplicatesService } from './duplicates.js';
import * as q from './queries.js';
import { auditPerson, toPerson, withVillageLabels } from './view.js';
import { mergedInto } from './duplicates.js';

/**
 * The filters of a search or an export as the audit log keeps them: what was asked, without the
 * ID number itself (append-only means for ever): only its masked form, as the list shows it.
 */
export function auditedFilters(query: Partial<PeopleQuery>): Record<string, unknown> {
  const { cccd, ...rest } = query;
  const digits = cccd?.replace(/\D/g, '') ?? '';
  const out: Record<string, unknown> = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined && v !== ''));
  if (typeof out.q === 'string') out.q = maskIdNumbers(out.q);
  // A whole number shows its last four digits, as lists do; a part of one shows nothing.
  if (cccd?.trim()) out.cccd = digits.length >= 12 ? maskCccd(digits.slice(-4)) : '••••';
  return out;
}

/** The export reads the list this many at a time, up to so many rows. */
const EXPORT_PAGE = 1_000;
const EXPORT_ROWS = 100_000;

/**
 * People: one record however many groups a person is in. Identity numbers are sealed at rest,
 * found only by exact match through a keyed hash, shown masked, and revealed only by
 * permission, each time written to the audit log.
 */
export function createPeopleService(deps: Deps) {
  const { db, clock } = deps;
  const identity = deps.identity ?? fail('INTERNAL');
  const duplicates = createDuplicatesService(deps);

  /** The list's filters, resolved; null when a search can match nothing. */
  async function filterOf(query: PeopleQuery) {
    const text = query.q ? searchKey(query.q) : undefined;
    if (query.q?.trim() && !text) return null;
    const cccd = query.cccd?.replace(/[\s.-]/g, '');
    let areaPath: string | undefined;
    if (query.unitId) areaPath = ((await findUnit(db, query.unitId)) ?? fail('UNIT_NOT_FOUND')).path;
    return { text, cccdHash: cccd ? identity.hash(cccd) : undefined, date: query.date ?? today(clock), areaPath, type: query.type, sort: query.sort };
  }

  /**
   * A page of the list: the rows, how many match, and the cursor of the next page. The index of
   * people per scope is refreshed after every write (derived/refresh.ts); a list waits for that
   * job only when a mark is left (a write by the command line or another process).
   */
  async function page(scope: Scope, query: PeopleQuery, pageSize: number, cursor: string | undefined) {
    const after = cursor === undefined ? undefined : decodeCursor(cursor, query.sort, query.sort === 'birth' ? 3 : 2);
    // Every key of a person is a string: a number in a cursor was not made here.
    if (after?.some((v) => typeof v !== 'string')) fail('BAD_CURSOR');
    await ensureFresh(deps, 'people');
    const filter = await filterOf(query);
    if (!filter) return { rows: [], count: { total: 0, exact: true }, nextCursor: null };
    const { keys, count, rows } = await q.listPeople(db, deps.engine, scope, { ...filter, pageSize, after });
    const { nextCursor } = pageOfRows(keys, pageSize, query.sort, (k) => q.keysOf(query.sort, k));
    return { rows: rows.slice(0, pageSize), count, nextCursor };
  }

  return {
    async create(ctx: RequestContext, input: PersonCreate): Promise<Person> {
      const actor = requirePermission(ctx, 'groups.write');
      const birthYear = input.birthYear ?? (input.birthDate ? Number(input.birthDate.slice(0, 4)) : null);
      const cccd = input.cccd ? input.cccd.replace(/[\s.-]/g, '') : null;
      if (cccd) {
        const problem = checkCccd(cccd, { gender: input.gender, birthYear });
        if (problem) fail('CCCD_INVALID', { reason: cccdProblems[problem] });
      }
      if ((input.ethnicity || input.religion) && !input.sensitiveConsent) fail('SENSITIVE_NEEDS_CONSENT');
      const address = input.addressUnitId ? await findUnit(db, input.addressUnitId) : null;
      if (input.addressUnitId && (!address || !covers(actor.scope, address.path))) fail('UNIT_NOT_FOUND');
      const registered = address?.id ?? actor.scope.unitId ?? fail('REGISTERED_AREA_REQUIRED');
      const registeredUnit = address ?? (await findUnit(db, registered))!;
      const hash = cccd ? identity.hash(cccd) : null;
      // The uniqueness check, by the identity policy: a holder out of scope is not named, and
      // the attempt is filed under the holder's area (outside the transaction that fails).
      const held = hash ? await cccdHolder(db, actor.scope, hash) : null;
      if (held && !held.visible) {
        await auditHiddenHolder(db, deps, ctx, held, { source: 'person.create', cccdLast4: cccd!.slice(-4) });
        fail('CCCD_HELD_ELSEWHERE');
      }
      return db.transaction().execute(async (trx) => {
        if (hash) {
          const existing = await cccdHolder(trx, actor.scope, hash);
          if (existing?.visible) fail('CCCD_TAKEN', {}, { personId: existing.personId });
          if (existing) fail('CCCD_HELD_ELSEWHERE');
        }
        const now = clock.now().toISOString();
        const id = uuidv7();
        const fullName = nfc(input.fullName);
        await q.insertPerson(trx, {
          id,
          full_name: fullName,
          name_search: searchKey(fullName),
          gender: input.gender ?? null,
          birth_date: input.birthDate ?? null,
          birth_year: birthYear,
          cccd_enc: cccd ? identity.encrypt(cccd) : null,
          cccd_hash: hash,
          cccd_last4: cccd ? cccd.slice(-4) : null,
          phone: input.phone ?? null,
          address_unit_id: address?.id ?? null,
          address_text: input.addressText ? nfc(input.addressText) : null,
          registered_unit_id: registered,
          occupation: input.occupation ? nfc(input.occupation) : null,
          ethnicity: input.sensitiveConsent && input.ethnicity ? nfc(input.ethnicity) : null,
          religion: input.sensitiveConsent && input.religion ? nfc(input.religion) : null,
          sensitive_consent_at: input.sensitiveConsent && (input.ethnicity || input.religion) ? now : null,
          sensitive_consent_by: input.sensitiveConsent && (input.ethnicity || input.religion) ? actor.id : null,
          merged_into: null,
          province_code: registeredUnit.province_code,
          created_at: now,
          updated_at: now,
        });
        const person = toPerson((await q.findPersonInScope(trx, actor.scope, id))!);
        await writeAudit(trx, deps, ctx, {
          action: 'person.create',
          entityType: 'person',
          entityId: id,
          areaPath: registeredUnit.path,
          provinceCode: registeredUnit.province_code,
          after: auditPerson(person),
        });
        return person;
      });
    },

    /**
     * A correction: only the fields sent change, by the rules of creation (the ID number checked
     * against sex and year, unique through the identity policy, sealed; ethnicity and religion
     * only with consent). The audit row keeps before and after, the number masked. Sending the
     * same body again changes nothing and writes nothing.
     */
    async update(ctx: RequestContext, id: string, input: PersonUpdate): Promise<Person> {
      const actor = requirePermission(ctx, 'groups.write');
      const row = await personInScope(db, actor.scope, id);
      const patch: Partial<q.PersonRow> = {};
      if (input.fullName !== undefined) {
        patch.full_name = nfc(input.fullName);
        patch.name_search = searchKey(patch.full_name);
      }
      if (input.gender !== undefined) patch.gender = input.gender;
      if (input.birthDate !== undefined) {
        patch.birth_date = input.birthDate;
        patch.birth_year = input.birthYear ?? (input.birthDate ? Number(input.birthDate.slice(0, 4)) : null);
      } else if (input.birthYear !== undefined) {
        patch.birth_year = input.birthYear;
        // A date of another year no longer holds once the year is corrected.
        if (row.birth_date && Number(row.birth_date.slice(0, 4)) !== input.birthYear) patch.birth_date = null;
      }
      const gender = patch.gender !== undefined ? patch.gender : row.gender;
      const birthYear = patch.birth_year !== undefined ? patch.birth_year : row.birth_year;
      const cccd = input.cccd === undefined ? undefined : input.cccd ? input.cccd.replace(/[\s.-]/g, '') : null;
      const hash = cccd ? identity.hash(cccd) : null;
      const newNumber = cccd !== undefined && hash !== row.cccd_hash;
      // The number kept is checked again when the sex or the year it encodes is corrected.
      const checked = cccd ?? (cccd === undefined && row.cccd_enc && (patch.gender !== undefined || patch.birth_year !== undefined) ? identity.decrypt(row.cccd_enc) : null);
      if (checked) {
        const problem = checkCccd(checked, { gender: gender as PersonCreate['gender'], birthYear });
        if (problem) fail('CCCD_INVALID', { reason: cccdProblems[problem] });
      }
      if ((input.ethnicity || input.religion) && !input.sensitiveConsent) fail('SENSITIVE_NEEDS_CONSENT');
      if (input.addressUnitId !== undefined) {
        const address = input.addressUnitId ? await findUnit(db, input.addressUnitId) : null;
        if (input.addressUnitId && (!address || !covers(actor.scope, address.path))) fail('UNIT_NOT_FOUND');
        patch.address_unit_id = address?.id ?? null;
        // As at creation, the person is registered where they live, when that is known.
        if (address) {
          patch.registered_unit_id = address.id;
          patch.province_code = address.province_code;
        }
      }
      if (input.addressText !== undefined) patch.address_text = input.addressText ? nfc(input.addressText) : null;
      if (input.occupation !== undefined) patch.occupation = input.occupation ? nfc(input.occupation) : null;
      if (input.phone !== undefined) patch.phone = input.phone;
      const held = newNumber && hash ? await cccdHolder(db, actor.scope, hash) : null;
      if (held && !held.visible && held.personId !== id) {
        await auditHiddenHolder(db, deps, ctx, held, { source: 'person.update', cccdLast4: cccd!.slice(-4) });
        fail('CCCD_HELD_ELSEWHERE');
      }
      return db.transaction().execute(async (trx) => {
        if (newNumber) {
          if (hash) {
            const existing = await cccdHolder(trx, actor.scope, hash);
            if (existing && existing.personId !== id) {
              if (existing.visible) fail('CCCD_TAKEN', {}, { personId: existing.personId });
              fail('CCCD_HELD_ELSEWHERE');
            }
          }
          patch.cccd_enc = cccd ? identity.encrypt(cccd) : null;
          patch.cccd_hash = hash;
          patch.cccd_last4 = cccd ? cccd.slice(-4) : null;
        }
        const now = clock.now().toISOString();
        if (input.sensitiveConsent && (input.ethnicity !== undefined || input.religion !== undefined)) {
          if (input.ethnicity !== undefined) patch.ethnicity = input.ethnicity ? nfc(input.ethnicity) : null;
          if (input.religion !== undefined) patch.religion = input.religion ? nfc(input.religion) : null;
        } else if (input.sensitiveConsent === false) {
          // Consent withdrawn: what it allowed is no longer kept.
          patch.ethnicity = null;
          patch.religion = null;
        }
        const ethnicity = patch.ethnicity !== undefined ? patch.ethnicity : row.ethnicity;
        const religion = patch.religion !== undefined ? patch.religion : row.religion;
        if (!ethnicity && !religion) {
          patch.sensitive_consent_at = null;
          patch.sensitive_consent_by = null;
        } else if (!row.sensitive_consent_at) {
          patch.sensitive_consent_at = now;
          patch.sensitive_consent_by = actor.id;
        }
        const changed = Object.fromEntries(Object.entries(patch).filter(([k, v]) => row[k as keyof q.PersonRow] !== v));
        const before = toPerson(row);
        if (Object.keys(changed).length === 0) return before;
        await q.updatePerson(trx, id, { ...changed, updated_at: now });
        const person = toPerson((await q.findPersonInScope(trx, actor.scope, id))!);
        const unit = await findUnit(trx, (changed.registered_unit_id as string | undefined) ?? row.registered_unit_id);
        await writeAudit(trx, deps, ctx, {
          action: 'person.update',
          entityType: 'person',
          entityId: id,
          areaPath: unit?.path ?? null,
          provinceCode: unit?.province_code ?? row.province_code,
          before: auditPerson(before),
          after: auditPerson(person),
        });
        return person;
      });
    },

    async get(ctx: RequestContext, id: string): Promise<Person> {
      const actor = requirePermission(ctx, 'groups.read');
      const row = await q.findPersonInScope(db, actor.scope, id);
      if (row) return (await withVillageLabels(db, [toPerson(row)]))[0]!;
      // A record merged into another points there, if the caller may see it.
      const into = await mergedInto(db, actor.scope, id);
      return fail('PERSON_NOT_FOUND', {}, into ? { mergedInto: into } : undefined);
    },

    /** Every group the person is or was in, with role and period (groups out of scope left out). */
    async memberships(ctx: RequestContext, id: string) {
      const actor = requirePermission(ctx, 'groups.read');
      if (!(await q.findPersonInScope(db, actor.scope, id))) fail('PERSON_NOT_FOUND');
      const rows = await q.membershipsOf(db, actor.scope, id);
      return rows.map((r) => ({
        id: r.id,
        group: { id: r.group_id, name: r.group_name, typeName: r.type_name },
        role: r.role as MemberRole,
        validFrom: r.valid_from,
        validTo: r.valid_to,
      }));
    },

    /**
     * A page of the list. A search (by name or by ID number) is personal data looked up, and is
     * written to the audit log: what was asked (the ID number masked) and how many came back.
     */
    async list(ctx: RequestContext, query: PeopleQuery) {
      const actor = requirePermission(ctx, 'groups.read');
      const { rows, count, nextCursor } = await page(actor.scope, query, query.pageSize, query.cursor);
      if (query.q?.trim() || query.cccd?.trim()) {
        await writeAudit(db, deps, ctx, { action: 'person.search', entityType: 'person', entityId: null, areaPath: actor.scope.path, provinceCode: actor.provinceCode ?? null, after: { filters: auditedFilters(query), returned: rows.length, total: count.total } });
      }
      return { items: await withVillageLabels(db, rows.map(toPerson)), total: count.total, totalExact: count.exact, nextCursor, pageSize: query.pageSize };
    },

    /** Exactly what the list shows with these filters, every page, as .xlsx (identity numbers masked). */
    async exportXlsx(ctx: RequestContext, query: PeopleQuery): Promise<{ file: Buffer; name: string }> {
      const actor = requirePermission(ctx, 'groups.read');
      const rows: Person[] = [];
      let cursor: string | undefined;
      do {
        const next = await page(actor.scope, query, EXPORT_PAGE, cursor);
        rows.push(...next.rows.map(toPerson));
        cursor = next.nextCursor ?? undefined;
      } while (cursor && rows.length < EXPORT_ROWS);
      const date = query.date ?? today(clock);
      const [y, mo, d] = date.split('-').map(Number);
      const file = await writeSheet(
        'Người, thành viên',
        `DANH SÁCH NGƯỜI, THÀNH VIÊN (tính đến ngày ${d}/${mo}/${y})`,
        [
          { header: 'STT', width: 6, value: (_p: Person, i: number) => i + 1 },
          { header: 'Họ và tên', width: 30, value: (p) => p.fullName },
          { header: 'Giới tính', width: 10, value: (p) => (p.gender === 'male' ? 'Nam' : p.gender === 'female' ? 'Nữ' : null) },
          { header: 'Ngày sinh', width: 12, value: (p) => dateCell(p.birthDate), format: 'd/m/yyyy' },
          { header: 'Năm sinh', width: 10, value: (p) => p.birthYear },
          { header: 'Số CCCD', width: 16, value: (p) => p.cccdMasked },
          { header: 'Điện thoại', width: 14, value: (p) => p.phone },
          { header: 'Địa chỉ', width: 30, value: (p) => [p.addressText, p.address?.name].filter(Boolean).join(', ') || null },
          { header: 'Nghề nghiệp', width: 20, value: (p) => p.occupation },
        ],
        rows,
      );
      await writeAudit(db, deps, ctx, { action: 'person.export', entityType: 'person', entityId: null, areaPath: actor.scope.path, provinceCode: actor.provinceCode ?? null, after: { rows: rows.length, filters: auditedFilters(query) } });
      return { file, name: `danh-sach-nguoi-${date}.xlsx` };
    },

    /** The full number, for those allowed; who saw whose number is written to the audit log. */
    async revealCccd(ctx: RequestContext, id: string): Promise<{ cccd: string | null }> {
      const actor = requirePermission(ctx, 'people.reveal');
      const row = (await q.findPersonInScope(db, actor.scope, id)) ?? fail('PERSON_NOT_FOUND');
      const cccd = row.cccd_enc ? identity.decrypt(row.cccd_enc) : null;
      const unit = await findUnit(db, row.registered_unit_id);
      await writeAudit(db, deps, ctx, {
        action: 'person.reveal_cccd',
        entityType: 'person',
        entityId: id,
        areaPath: unit?.path ?? null,
        provinceCode: row.province_code,
        after: { fullName: row.full_name, cccdLast4: row.cccd_last4 },
      });
      return { cccd };
    },

    /** Likely duplicates in the caller's scope (see duplicates.ts). */
    duplicates: (ctx: RequestContext, query: { page: number; pageSize: number }) => duplicates.list(ctx, query),

    /** Merges `id` into `intoId`, keeping the history (see duplicates.ts). */
    merge: (ctx: RequestContext, id: string, intoId: string): Promise<Person> => duplicates.merge(ctx, id, intoId),
  };
}
