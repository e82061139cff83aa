import type { Deps, RequestContext, Actor } from '../../context.js';
import type { Db } from '../../db/connection.js';
import type { Language } from '../../../shared/common.js';
import type { RowError } from '../../../shared/units.js';
import type { GroupSheetResult } from '../../../shared/groups.js';
import type { GroupsTable, MembershipsTable, PeopleTable, GroupAreasTable, GroupStatusesTable, UnitsTable } from '../../db/types.js';
import ExcelJS from 'exceljs';
import { requirePermission } from '../../auth/guard.js';
import { covers, pathInScope } from '../../auth/scope.js';
import { writeAudit } from '../../audit/service.js';
import { fail } from '../../lib/errors.js';
import { uuidv7 } from '../../lib/ids.js';
import { nfc, searchKey } from '../../lib/text.js';
import { checkCccd } from '../../lib/cccd.js';
import { readSheet } from '../../lib/spreadsheet/read.js';
import { cellCode, cellDate, cellText, findHeader } from '../../lib/spreadsheet/cells.js';
import { insertInChunks } from '../units/import-support.js';
import { validAt } from '../units/queries.js';
import { today } from '../../lib/clock.js';

const MAX_ROWS = 200_000;

const columns = {
  area: (k: string) => k.startsWith('ma dia ban') || k.startsWith('ma xa') || k.startsWith('ma thon'),
  group: (k: string) => k.startsWith('ten to') || k.startsWith('ten doi') || k.startsWith('ten mo hinh'),
  type: (k: string) => k.startsWith('loai'),
  founded: (k: string) => k.startsWith('ngay thanh lap'),
  decisionNumber: (k: string) => k.startsWith('so quyet dinh') || k.startsWith('so qd'),
  decisionDate: (k: string) => k.startsWith('ngay quyet dinh') || k.startsWith('ngay qd'),
  decisionIssuer: (k: string) => k.startsWith('co quan'),
  name: (k: string) => k.startsWith('ho va ten') || k.startsWith('ho ten'),
  gender: (k: string) => k.startsWith('gioi tinh'),
  birth: (k: string) => k.startsWith('ngay sinh') || k.startsWith('nam sinh'),
  cccd: (k: string) => k.includes('cccd') || k.includes('can cuoc'),
  phone: (k: string) => k.startsWith('dien thoai') || k.startsWith('so dien thoai'),
  role: (k: string) => k.startsWith('vai tro') || k.startsWith('chuc vu'),
  joined: (k: string) => k.startsWith('ngay vao'),
};
type Column = keyof typeof columns;

export const sheetHeaders: Record<Column, string> = {
  area: 'Mã địa bàn (thôn hoặc xã)',
  group: 'Tên tổ, đội',
  type: 'Loại mô hình',
  founded: 'Ngày thành lập',
  decisionNumber: 'Số quyết định',
  decisionDate: 'Ngày quyết định',
  decisionIssuer: 'Cơ quan ban hành',
  name: 'Họ và tên thành viên',
  gender: 'Giới tính',
  birth: 'Ngày sinh',
  cccd: 'Số CCCD',
  phone: 'Điện thoại',
  role: 'Vai trò',
  joined: 'Ngày vào tổ',
};

type Message = { vi: string; en: string };
const m = {
  noHeader: { vi: 'Không tìm thấy dòng tiêu đề có các cột "Mã địa bàn", "Tên tổ, đội", "Loại mô hình" và "Ngày thành lập".', en: 'No header row with the columns for area code, group name, model type and founding date.' },
  tooMany: { vi: 'Tệp có quá nhiều dòng.', en: 'The file has too many rows.' },
  required: { vi: 'Bắt buộc nhập.', en: 'Required.' },
  badDate: { vi: 'Ngày không hợp lệ (dùng dạng 11/5/2018).', en: 'Invalid date (use 11/5/2018).' },
  noArea: { vi: 'Không có thôn hay xã nào mang mã này vào ngày thành lập.', en: 'No village or commune has this code on the founding date.' },
  outOfScope: { vi: 'Địa bàn này nằm ngoài phạm vi quản lý của bạn.', en: 'This area is outside your scope.' },
  badType: { vi: 'Không có loại mô hình này (xem trang "Giá trị cho phép" của mẫu).', en: 'Unknown model type (see the allowed values in the template).' },
  retiredType: { vi: 'Loại mô hình này đã ngừng trước ngày thành lập.', en: 'This model type was retired before the founding date.' },
  badGender: { vi: 'Giới tính ghi "Nam" hoặc "Nữ".', en: 'Sex must be "Nam" or "Nữ".' },
  badBirth: { vi: 'Ngày sinh hoặc năm sinh không hợp lệ.', en: 'Invalid date or year of birth.' },
  badCccd: { vi: 'Số CCCD không hợp lệ (12 chữ số, khớp mã tỉnh, giới tính và năm sinh).', en: 'Invalid citizen ID number (12 digits, matching province, sex and year of birth).' },
  badPhone: { vi: 'Số điện thoại không hợp lệ.', en: 'Invalid phone number.' },
  badRole: { vi: 'Vai trò ghi "Tổ trưởng", "Tổ phó" hoặc "Thành viên".', en: 'Role must be "Tổ trưởng", "Tổ phó" or "Thành viên".' },
  joinedEarly: { vi: 'Ngày vào tổ trước ngày thành lập.', en: 'Joined before the group was founded.' },
  twoLeaders: { vi: 'Tổ đã có tổ trưởng ở dòng {row}.', en: 'The group already has a leader at row {row}.' },
  sameCccd: { vi: 'Số CCCD trùng với dòng {row} nhưng khác họ tên.', en: 'Same citizen ID number as row {row} with a different name.' },
} satisfies Record<string, Message>;

const roles: Record<string, 'leader' | 'deputy' | 'member'> = {
  'to truong': 'leader',
  'doi truong': 'leader',
  'truong toc': 'leader',
  'truong': 'leader',
  'to pho': 'deputy',
  'doi pho': 'deputy',
  'pho': 'deputy',
  'thanh vien': 'member',
  'doi vien': 'member',
  'to vien': 'member',
};

/** Phone numbers as sheets mangle them: spaces and dots, a lost leading 0, +84. */
function phoneOf(v: unknown): string | null | 'bad' {
  const text = cellText(v);
  if (text === null) return null;
  let digits = text.replace(/[\s.\-()]/g, '');
  if (digits.startsWith('+84')) digits = `0${digits.slice(3)}`;
  if (/^[1-9]\d{8}$/.test(digits)) digits = `0${digits}`;
  return /^0\d{9,10}$/.test(digits) ? digits : 'bad';
}

interface GroupPlan {
  row: GroupsTable;
  unit: UnitsTable;
  existing: boolean;
  leaderRow?: number;
  /** For an existing group: the fields the sheet changes. */
  update?: Partial<GroupsTable>;
}

interface PersonPlan {
  row: PeopleTable;
  existing: boolean;
  firstRow: number;
  /** The area the sheet places the person in (for the audit rows of a change). */
  areaPath: string;
  update?: Partial<PeopleTable>;
}

interface Plan {
  row: number;
  groupKey: string;
  personKey: string | null;
}

/**
 * Groups and their members from a spreadsheet: one row per member (or a group alone). A
 * preview writes nothing; the confirmation writes everything in one transaction, or nothing.
 * Rows match what exists — groups by area, type and name; people by citizen ID number, else
 * by name, birth and commune; memberships by group and person — so the same sheet imported
 * twice creates nothing new.
 */
export function createGroupSheetImport(deps: Deps) {
  const { db, clock } = deps;
  const identity = deps.identity ?? fail('INTERNAL');

  async function analyse(actor: Actor, buf: Buffer, lang: Language) {
    const rows = await readSheet(buf);
    const header = findHeader<Column>(rows, columns, ['area', 'group', 'type', 'founded'], searchKey);
    if (!header) fail('IMPORT_INVALID_FILE', { reason: m.noHeader });
    const body = rows.slice(header.index + 1).filter((r) => r.cells.some((c) => cellText(c) !== null));
    if (body.length > MAX_ROWS) fail('IMPORT_INVALID_FILE', { reason: m.tooMany });
    const errors: RowError[] = [];
    const err = (row: number, col: Column | null, msg: Message, params: Record<string, string | number> = {}) =>
      errors.push({ row, column: col ? sheetHeaders[col] : null, message: msg[lang].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? '')) });
    const at = (col: Column, cells: unknown[]) => (header.columns[col] === undefined ? null : cells[header.columns[col]!]);

    // What the sheet refers to, loaded once: its units by code, the model types, existing groups and people.
    const codes = [...new Set(body.map((r) => cellCode(at('area', r.cells))).filter((c): c is string => c !== null))];
    const units = new Map<string, UnitsTable[]>();
    for (let i = 0; i < codes.length; i += 500) {
      for (const u of await db.selectFrom('units').selectAll().where('code', 'in', codes.slice(i, i + 500)).where('level', 'in', ['village', 'commune']).execute()) {
        units.set(u.code, [...(units.get(u.code) ?? []), u]);
      }
    }
    const types = await db.selectFrom('model_types').selectAll().execute();
    const typeOf = (text: string) => {
      const k = searchKey(text);
      return types.find((t) => t.code === text.trim() || searchKey(t.name) === k) ?? null;
    };
    const now = clock.now().toISOString();
    const groups = new Map<string, GroupPlan>();
    const people = new Map<string, PersonPlan>();
    const memberships = new Map<string, { row: MembershipsTable; existing: boolean }>();
    const plans: Plan[] = [];

    for (const r of body) {
      const before = errors.length;
      const areaCode = cellCode(at('area', r.cells));
      const groupName = cellText(at('group', r.cells));
      const typeText = cellText(at('type', r.cells));
      const founded = cellDate(at('founded', r.cells));
      if (!areaCode) err(r.row, 'area', m.required);
      if (!groupName) err(r.row, 'group', m.required);
      if (!typeText) err(r.row, 'type', m.required);
      if (cellText(at('founded', r.cells)) === null) err(r.row, 'founded', m.required);
      else if (!founded) err(r.row, 'founded', m.badDate);
      const type = typeText ? typeOf(typeText) : null;
      if (typeText && !type) err(r.row, 'type', m.badType);
      else if (type && founded && type.retired_on !== null && type.retired_on <= founded) err(r.row, 'type', m.retiredType);
      let unit: UnitsTable | undefined;
      if (areaCode && founded) {
        unit = units.get(areaCode)?.find((u) => u.valid_from <= founded && (u.valid_to === null || u.valid_to > founded));
        if (!unit) err(r.row, 'area', m.noArea);
        else if (!covers(actor.scope, unit.path)) err(r.row, 'area', m.outOfScope);
      }
      const decisionDateRaw = at('decisionDate', r.cells);
      const decisionDate = cellText(decisionDateRaw) === null ? null : cellDate(decisionDateRaw);
      if (cellText(decisionDateRaw) !== null && !decisionDate) err(r.row, 'decisionDate', m.badDate);
      // Errors in the member's cells do not hide the group's: both are reported in one pass.
      const groupOk = errors.length === before;
      const memberStart = errors.length;

      // The member, if the row names one.
      const fullName = cellText(at('name', r.cells));
      let person: { key: string; row: PeopleTable } | null = null;
      let role: 'leader' | 'deputy' | 'member' = 'member';
      let joined = founded;
      if (fullName) {
        const genderText = cellText(at('gender', r.cells));
        const gender = genderText === null ? null : searchKey(genderText) === 'nam' ? 'male' : searchKey(genderText) === 'nu' ? 'female' : 'bad';
        if (gender === 'bad') err(r.row, 'gender', m.badGender);
        const birthRaw = at('birth', r.cells);
        const birthText = cellText(birthRaw);
        let birthDate: string | null = null;
        let birthYear: number | null = null;
        if (birthText !== null) {
          if (/^\d{4}$/.test(birthText)) birthYear = Number(birthText);
          else {
            birthDate = cellDate(birthRaw);
            birthYear = birthDate ? Number(birthDate.slice(0, 4)) : null;
          }
          if (birthYear === null || birthYear < 1900 || birthYear > Number(now.slice(0, 4))) err(r.row, 'birth', m.badBirth);
        }
        const cccdText = cellCode(at('cccd', r.cells), 12);
        const cccd = cccdText ? cccdText.replace(/[\s.-]/g, '') : null;
        if (cccd && checkCccd(cccd, { gender: gender === 'bad' ? null : gender, birthYear })) err(r.row, 'cccd', m.badCccd);
        const phone = phoneOf(at('phone', r.cells));
        if (phone === 'bad') err(r.row, 'phone', m.badPhone);
        const roleText = cellText(at('role', r.cells));
        if (roleText !== null) {
          const found = roles[searchKey(roleText)];
          if (!found) err(r.row, 'role', m.badRole);
          else role = found;
        }
        const joinedRaw = at('joined', r.cells);
        if (cellText(joinedRaw) !== null) {
          joined = cellDate(joinedRaw);
          if (!joined) err(r.row, 'joined', m.badDate);
          else if (founded && joined < founded) err(r.row, 'joined', m.joinedEarly);
        }
        if (errors.length === memberStart && groupOk && unit) {
          const name = nfc(fullName);
          const commune = unit.level === 'commune' ? unit.id : unit.parent_id!;
          const key = cccd ? `c:${identity.hash(cccd)}` : `n:${searchKey(name)}|${birthDate ?? birthYear ?? ''}|${commune}`;
          const seen = people.get(key);
          if (seen && cccd && searchKey(seen.row.full_name) !== searchKey(name)) err(r.row, 'cccd', m.sameCccd, { row: seen.firstRow });
          person = {
            key,
            row: seen?.row ?? {
              id: uuidv7(),
              full_name: name,
              name_search: searchKey(name),
              gender: gender === 'bad' ? null : gender,
              birth_date: birthDate,
              birth_year: birthYear,
              cccd_enc: cccd ? identity.encrypt(cccd) : null,
              cccd_hash: cccd ? identity.hash(cccd) : null,
              cccd_last4: cccd ? cccd.slice(-4) : null,
              phone: phone === 'bad' ? null : phone,
              address_unit_id: null,
              address_text: null,
              registered_unit_id: unit.id,
              occupation: null,
              ethnicity: null,
              religion: null,
              sensitive_consent_at: null,
              sensitive_consent_by: null,
              merged_into: null,
              province_code: unit.province_code,
              created_at: now,
              updated_at: now,
            },
          };
          if (!seen) people.set(key, { row: person.row, existing: false, firstRow: r.row, areaPath: unit.path });
        }
      }
      if (!groupOk || !unit || !type || !groupName || !founded) continue;
      const memberOk = errors.length === memberStart;

      const groupKey = `${unit.id}|${type.code}|${searchKey(groupName)}`;
      let g = groups.get(groupKey);
      if (!g) {
        const name = nfc(groupName);
        g = {
          unit,
          existing: false,
          row: {
            id: uuidv7(),
            type_code: type.code,
            name,
            name_search: searchKey(name),
            founded_on: founded,
            decision_number: cellText(at('decisionNumber', r.cells)),
            decision_date: decisionDate,
            decision_issuer: cellText(at('decisionIssuer', r.cells)),
            contact_phone: null,
            contact_text: null,
            notes: null,
            province_code: unit.province_code,
            created_at: now,
            updated_at: now,
          },
        };
        groups.set(groupKey, g);
      }
      if (fullName && role === 'leader') {
        if (g.leaderRow !== undefined) err(r.row, 'role', m.twoLeaders, { row: g.leaderRow });
        else g.leaderRow = r.row;
      }
      if (person && memberOk) {
        const mKey = `${groupKey}|${person.key}`;
        if (!memberships.has(mKey)) {
          memberships.set(mKey, {
            existing: false,
            row: { id: uuidv7(), group_id: g.row.id, person_id: person.row.id, role, valid_from: joined ?? founded, valid_to: null, province_code: unit.province_code },
          });
        }
      }
      plans.push({ row: r.row, groupKey, personKey: person?.key ?? null });
    }

    await matchExisting(db, groups, people, memberships);
    return { total: body.length, errors, groups, people, memberships, plans };
  }

  function summary(a: Awaited<ReturnType<typeof analyse>>, committed: boolean): GroupSheetResult {
    const count = <T extends { existing: boolean; update?: object }>(map: Map<string, T>, kind: 'create' | 'update' | 'unchanged') =>
      [...map.values()].filter((x) => (kind === 'create' ? !x.existing : kind === 'update' ? x.existing && x.update : x.existing && !x.update)).length;
    return {
      committed,
      total: a.total,
      groups: { create: count(a.groups, 'create'), update: count(a.groups, 'update'), unchanged: count(a.groups, 'unchanged') },
      people: { create: count(a.people, 'create'), update: count(a.people, 'update'), unchanged: count(a.people, 'unchanged') },
      memberships: { create: count(a.memberships, 'create'), update: 0, unchanged: count(a.memberships, 'unchanged') },
      errors: a.errors.slice(0, 1000),
      errorCount: a.errors.length,
    };
  }

  return {
    /** The template: the headers, a guide with an example, allowed values, and the areas the user may fill in. */
    async template(ctx: RequestContext): Promise<Buffer> {
      const actor = requirePermission(ctx, 'groups.write');
      const wb = new ExcelJS.Workbook();
      wb.creator = 'Tự Quản';
      const order = Object.keys(sheetHeaders) as Column[];
      const data = wb.addWorksheet('Tổ, đội và thành viên');
      data.addRow(order.map((c) => sheetHeaders[c])).font = { bold: true };
      order.forEach((_, i) => (data.getColumn(i + 1).width = i < 4 ? 24 : 18));
      data.getColumn(1).numFmt = '@';
      data.getColumn(11).numFmt = '@';
      const guide = wb.addWorksheet('Hướng dẫn');
      guide.addRows([
        ['Mỗi dòng là một thành viên của một tổ, đội; tổ chưa có thành viên thì để trống các cột thành viên.'],
        ['Bắt buộc: Mã địa bàn (thôn hoặc xã, xem trang "Địa bàn"), Tên tổ, đội, Loại mô hình, Ngày thành lập.'],
        ['Ngày ghi dạng 11/5/2018. Vai trò: Tổ trưởng, Tổ phó hoặc Thành viên. Giới tính: Nam hoặc Nữ.'],
        ['Nhập lại cùng tệp không tạo thêm gì: tổ, người và thành viên đã có được nhận ra.'],
        [],
        ['Ví dụ'],
        order.map((c) => sheetHeaders[c]),
        ['22738', 'Tổ nhân dân tự quản khu phố 1', 'Tổ nhân dân tự quản', '11/5/2018', '12/QĐ-UBND', '11/5/2018', 'UBND phường Đô Vinh', 'Nguyễn Văn An', 'Nam', '1985', '058085001234', '0912345678', 'Tổ trưởng', '11/5/2018'],
      ]);
      guide.getColumn(1).width = 100;
      const allowed = wb.addWorksheet('Giá trị cho phép');
      allowed.addRow(['Loại mô hình', 'Vai trò', 'Giới tính']).font = { bold: true };
      const types = (await db.selectFrom('model_types').select(['name', 'province_code']).where('retired_on', 'is', null).orderBy('sort_order').execute()).filter(
        (t) => t.province_code === null || actor.scope.path === null || t.province_code === actor.provinceCode,
      );
      const roleNames = ['Tổ trưởng', 'Tổ phó', 'Thành viên'];
      for (let i = 0; i < Math.max(types.length, 3); i++) allowed.addRow([types[i]?.name ?? null, roleNames[i] ?? null, ['Nam', 'Nữ'][i] ?? null]);
      allowed.getColumn(1).width = 36;
      const areas = wb.addWorksheet('Địa bàn');
      areas.addRow(['Mã', 'Tên', 'Thuộc']).font = { bold: true };
      const rows = await db
        .selectFrom('units as u')
        .leftJoin('units as p', 'p.id', 'u.parent_id')
        .select(['u.code', 'u.name', 'p.name as parent'])
        .where('u.level', 'in', ['commune', 'village'])
        .where((eb) => validAt(eb.ref('u.valid_from'), eb.ref('u.valid_to'), today(clock)))
        .where((eb) => pathInScope(eb.ref('u.path'), actor.scope))
        .orderBy('u.code')
        .execute();
      for (const r of rows) areas.addRow([r.code, r.name, r.parent]);
      areas.columns.forEach((c, i) => (c.width = [14, 36, 36][i]));
      return Buffer.from(await wb.xlsx.writeBuffer());
    },

    async preview(ctx: RequestContext, buf: Buffer, lang: Language) {
      const actor = requirePermission(ctx, 'groups.write');
      return summary(await analyse(actor, buf, lang), false);
    },

    async commit(ctx: RequestContext, buf: Buffer, lang: Language) {
      const actor = requirePermission(ctx, 'groups.write');
      const a = await analyse(actor, buf, lang);
      if (a.errors.length > 0) fail('IMPORT_ROWS_INVALID', { count: a.errors.length }, { errors: a.errors.slice(0, 1000) });
      const newGroups = [...a.groups.values()].filter((g) => !g.existing);
      const now = clock.now().toISOString();
      await db.transaction().execute(async (trx) => {
        await insertInChunks(trx, 'groups', newGroups.map((g) => g.row), () => {});
        const areas: GroupAreasTable[] = newGroups.map((g) => ({ id: uuidv7(), group_id: g.row.id, unit_id: g.unit.id, valid_from: g.row.founded_on, valid_to: null, reason: null, province_code: g.row.province_code }));
        await insertInChunks(trx, 'group_areas', areas, () => {});
        const statuses: GroupStatusesTable[] = newGroups.map((g) => ({
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
        }));
        await insertInChunks(trx, 'group_statuses', statuses, () => {});
        await insertInChunks(trx, 'people', [...a.people.values()].filter((p) => !p.existing).map((p) => p.row), () => {}, 200);
        await insertInChunks(trx, 'memberships', [...a.memberships.values()].filter((x) => !x.existing).map((x) => x.row), () => {});
        // Existing records the sheet changes: each update with its own audit row.
        for (const g of a.groups.values()) {
          if (!g.existing || !g.update) continue;
          await trx.updateTable('groups').set({ ...g.update, updated_at: now }).where('id', '=', g.row.id).execute();
          await writeAudit(trx, deps, ctx, { action: 'group.update', entityType: 'group', entityId: g.row.id, areaPath: g.unit.path, provinceCode: g.unit.province_code, after: { ...g.update, source: 'sheet' } });
        }
        for (const p of a.people.values()) {
          if (!p.existing || !p.update) continue;
          await trx.updateTable('people').set({ ...p.update, updated_at: now }).where('id', '=', p.row.id).execute();
          await writeAudit(trx, deps, ctx, { action: 'person.update', entityType: 'person', entityId: p.row.id, areaPath: p.areaPath, provinceCode: p.row.province_code, after: { ...p.update, source: 'sheet' } });
        }
        const result = summary(a, true);
        await writeAudit(trx, deps, ctx, {
          action: 'group.import',
          entityType: 'group',
          entityId: null,
          areaPath: actor.scope.path,
          provinceCode: actor.provinceCode ?? null,
          after: { rows: result.total, groups: result.groups, people: result.people, memberships: result.memberships, groupIds: newGroups.slice(0, 1000).map((g) => g.row.id) },
        });
      });
      return summary(a, true);
    },
  };
}

/** Marks what already exists (by the same keys), pointing the plan at the existing records. */
async function matchExisting(db: Db, groups: Map<string, GroupPlan>, people: Map<string, PersonPlan>, memberships: Map<string, { row: MembershipsTable; existing: boolean }>) {
  const unitIds = [...new Set([...groups.values()].map((g) => g.unit.id))];
  const groupIdMap = new Map<string, string>();
  for (let i = 0; i < unitIds.length; i += 500) {
    const found = await db
      .selectFrom('groups as g')
      .innerJoin('group_areas as a', 'a.group_id', 'g.id')
      .select(['g.id', 'g.type_code', 'g.name_search', 'a.unit_id', 'g.decision_number', 'g.decision_date', 'g.decision_issuer'])
      .where('a.unit_id', 'in', unitIds.slice(i, i + 500))
      .execute();
    for (const f of found) {
      const g = groups.get(`${f.unit_id}|${f.type_code}|${f.name_search}`);
      if (g && !g.existing) {
        groupIdMap.set(g.row.id, f.id);
        g.row.id = f.id;
        g.existing = true;
        g.update = changes(f, g.row, ['decision_number', 'decision_date', 'decision_issuer']);
      }
    }
  }
  const personIdMap = new Map<string, string>();
  const hashes = [...people.keys()].filter((k) => k.startsWith('c:')).map((k) => k.slice(2));
  for (let i = 0; i < hashes.length; i += 500) {
    for (const f of await db
      .selectFrom('people')
      .select(['id', 'cccd_hash', 'phone', 'gender', 'birth_date', 'birth_year'])
      .where('cccd_hash', 'in', hashes.slice(i, i + 500))
      .where('merged_into', 'is', null)
      .execute()) {
      const p = people.get(`c:${f.cccd_hash}`);
      if (p && !p.existing) {
        personIdMap.set(p.row.id, f.id);
        p.row.id = f.id;
        p.existing = true;
        p.update = changes(f, p.row, ['phone', 'gender', 'birth_date', 'birth_year']);
      }
    }
  }
  const names = [...new Set([...people.values()].filter((p) => !p.existing && !p.row.cccd_hash).map((p) => p.row.name_search))];
  for (let i = 0; i < names.length; i += 500) {
    const found = await db
      .selectFrom('people as p')
      .innerJoin('units as r', 'r.id', 'p.registered_unit_id')
      .select(['p.id', 'p.name_search', 'p.birth_date', 'p.birth_year', 'p.phone', 'p.gender', 'r.id as unit_id', 'r.level', 'r.parent_id'])
      .where('p.name_search', 'in', names.slice(i, i + 500))
      .where('p.cccd_hash', 'is', null)
      .where('p.merged_into', 'is', null)
      .execute();
    for (const f of found) {
      const commune = f.level === 'commune' ? f.unit_id : f.parent_id;
      const p = people.get(`n:${f.name_search}|${f.birth_date ?? f.birth_year ?? ''}|${commune}`);
      if (p && !p.existing) {
        personIdMap.set(p.row.id, f.id);
        p.row.id = f.id;
        p.existing = true;
        p.update = changes(f, p.row, ['phone', 'gender']);
      }
    }
  }
  for (const x of memberships.values()) {
    x.row.group_id = groupIdMap.get(x.row.group_id) ?? x.row.group_id;
    x.row.person_id = personIdMap.get(x.row.person_id) ?? x.row.person_id;
  }
  const matchedGroups = new Set(groupIdMap.values());
  const existingGroupIds = [...new Set([...memberships.values()].map((x) => x.row.group_id).filter((id) => matchedGroups.has(id)))];
  for (let i = 0; i < existingGroupIds.length; i += 500) {
    const found = await db
      .selectFrom('memberships')
      .select(['group_id', 'person_id'])
      .where('group_id', 'in', existingGroupIds.slice(i, i + 500))
      .where('valid_to', 'is', null)
      .execute();
    const open = new Set(found.map((f) => `${f.group_id}|${f.person_id}`));
    for (const x of memberships.values()) if (open.has(`${x.row.group_id}|${x.row.person_id}`)) x.existing = true;
  }
}

/** The fields where the sheet gives a value that differs from the stored one; undefined if none. */
function changes<T extends object>(stored: Partial<T>, sheet: T, fields: (keyof T)[]): Partial<T> | undefined {
  const patch: Partial<T> = {};
  for (const f of fields) if (sheet[f] !== null && sheet[f] !== undefined && sheet[f] !== stored[f]) patch[f] = sheet[f];
  return Object.keys(patch).length > 0 ? patch : undefined;
}
