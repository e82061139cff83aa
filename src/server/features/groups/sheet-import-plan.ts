import type { Actor } from '../../context.js';
import type { Db } from '../../db/connection.js';
import type { Language } from '../../../shared/common.js';
import type { GroupSheetError, GroupSheetErrorKind } from '../../../shared/groups.js';
import type { GroupSheetAreaChoice, GroupSheetColumn } from '../../../shared/group-import.js';
import type { GroupsTable, ModelTypesTable, PeopleTable, UnitsTable } from '../../db/types.js';
import { covers } from '../../auth/scope.js';
import { fail } from '../../lib/errors.js';
import { searchKey } from '../../lib/text.js';
import { cccdProblems, checkCccd, type CccdProblem } from '../../lib/cccd.js';
import { sheetRows, type SheetRow } from '../../lib/spreadsheet/read.js';
import { cellCode, cellDate, cellText, findHeader, hiddenCharacterCell, isBareYear, isEmptyCell } from '../../lib/spreadsheet/cells.js';
import { fieldReasons } from '../../lib/errors.js';
import { dateRanges, dateWithin, isBirthYear } from '../../../shared/dates.js';
import { phoneNumber } from '../../../shared/text.js';
import { columns, requiredColumns, sheetHeaders, type Column } from './sheet-import-columns.js';
import { SheetPeople, communeOf, type PersonPlan } from './sheet-import-people.js';

const MAX_ROWS = 200_000;

type Message = { vi: string; en: string };
/** A reason of the API's 400s (fieldReasons) as a row error's sentence. */
const sentence = (r: Message): Message => ({ vi: `${r.vi[0]!.toUpperCase()}${r.vi.slice(1)}.`, en: `${r.en[0]!.toUpperCase()}${r.en.slice(1)}.` });
const m = {
  noHeader: { vi: 'Không tìm thấy dòng tiêu đề có các cột "Mã địa bàn", "Tên tổ, đội", "Loại mô hình" và "Ngày thành lập".', en: 'No header row with the columns for area code, group name, model type and founding date.' },
  tooMany: { vi: 'Tệp có quá nhiều dòng.', en: 'The file has too many rows.' },
  required: { vi: 'Bắt buộc nhập.', en: 'Required.' },
  badDate: { vi: 'Ngày không hợp lệ (dùng dạng 11/5/2018).', en: 'Invalid date (use 11/5/2018).' },
  yearOnly: { vi: 'Chỉ có năm, cần ghi đủ ngày, tháng, năm (dạng 11/5/2018).', en: 'A year alone: a full date is needed (such as 11/5/2018).' },
  noArea: { vi: 'Không có thôn hay xã nào mang mã này vào ngày thành lập.', en: 'No village or commune has this code on the founding date.' },
  outOfScope: { vi: 'Địa bàn này nằm ngoài phạm vi quản lý của bạn.', en: 'This area is outside your scope.' },
  badType: { vi: 'Không có loại mô hình này (xem trang "Giá trị cho phép" của mẫu).', en: 'Unknown model type (see the allowed values in the template).' },
  retiredType: { vi: 'Loại mô hình này đã ngừng trước ngày thành lập.', en: 'This model type was retired before the founding date.' },
  badGender: { vi: 'Giới tính ghi "Nam" hoặc "Nữ".', en: 'Sex must be "Nam" or "Nữ".' },
  badBirth: { vi: 'Ngày sinh hoặc năm sinh không hợp lệ (từ năm 1900 đến hôm nay).', en: 'Invalid date or year of birth (from 1900 to today).' },
  eventDate: sentence(fieldReasons['event-date']),
  hidden: sentence(fieldReasons['text-hidden']),
  badPhone: { vi: 'Số điện thoại không hợp lệ.', en: 'Invalid phone number.' },
  badRole: { vi: 'Vai trò ghi "Tổ trưởng", "Tổ phó" hoặc "Thành viên".', en: 'Role must be "Tổ trưởng", "Tổ phó" or "Thành viên".' },
  joinedEarly: { vi: 'Ngày vào tổ trước ngày thành lập.', en: 'Joined before the group was founded.' },
  twoLeaders: { vi: 'Tổ đã có tổ trưởng ở dòng {row}.', en: 'The group already has a leader at row {row}.' },
  sameCccd: { vi: 'Số CCCD trùng với dòng {row} nhưng khác họ tên.', en: 'Same citizen ID number as row {row} with a different name.' },
} satisfies Record<string, Message>;
/** A citizen ID number refused, saying which part disagrees (the same reasons as the API's). */
const badCccd = Object.fromEntries(
  Object.entries(cccdProblems).map(([k, r]) => [k, { vi: `Số CCCD không hợp lệ: ${r.vi}`, en: `Invalid citizen ID number: ${r.en}` }]),
) as Record<CccdProblem, Message>;

type Role = 'leader' | 'deputy' | 'member';
const roles: Record<string, Role> = {
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

/** Phone numbers as the API takes them (spaces, dots, +84), and the leading 0 a number cell loses. */
function phoneOf(v: unknown): string | null | 'bad' {
  const text = cellText(v);
  if (text === null) return null;
  const lostZero = /^[1-9]\d{8}$/.test(text.replace(/[\s.\-()]/g, ''));
  return phoneNumber(lostZero ? `0${text}` : text) ?? 'bad';
}

export interface MemberPlan {
  person: PersonPlan;
  role: Role;
  validFrom: string;
  existing: boolean;
}

export interface GroupPlan {
  /** Its id is set when written, or when matched to a stored group. */
  row: GroupsTable;
  unit: UnitsTable;
  existing: boolean;
  leaderRow?: number;
  /** For an existing group: the fields the sheet changes. */
  update?: Partial<GroupsTable>;
  /** Its members, one per person (the first row naming them wins). */
  members: Map<PersonPlan, MemberPlan>;
}

/** What a sheet holds, checked: the rows' errors, and the groups, people and memberships it names. */
export interface SheetPlan {
  total: number;
  /** The first errors by row (KEPT_ERRORS of them); errorCount and kinds count them all. */
  errors: GroupSheetError[];
  errorCount: number;
  /** Every error counted by kind (its column and its message), by `column|message`. */
  kinds: Map<string, GroupSheetErrorKind>;
  /** The headers of the sheet's columns that match none of the template's: not imported. */
  ignoredColumns: string[];
  /** The header row (1-based) and each of its columns as mapped. */
  headerRow: number;
  columns: GroupSheetColumn[];
  remembered: boolean;
  /** What the sheet lacks and the options must give (shared/groups.ts). */
  needs: ('type' | 'area' | 'founded')[];
  areaChoices: GroupSheetAreaChoice[];
  /** By area, type and name. */
  groups: Map<string, GroupPlan>;
  people: SheetPeople;
}

/** The key of a group within a sheet: its area, type and name. */
/**
 * Errors answered in full: every error of a sheet with up to 10,000 of them. A sheet of 200,000
 * bad rows makes 800,000 errors, too many to hold and answer: past this, the answer holds the
 * first ones by row, and every one is counted by kind (`kinds`), which the preview shows.
 */
export const KEPT_ERRORS = 10_000;

/**
 * Counts an error under its kind (`kind`: its message with the parts that vary left out), and
 * keeps it while fewer than KEPT_ERRORS are kept. Rows are checked in order, so what is kept is
 * the first errors by row; an error found later about an earlier row (`always`) is kept whatever
 * the count, and the list sorted by row, so that it stays so.
 */
export function addError(plan: SheetPlan, error: GroupSheetError, always = false, kind = error.message): void {
  plan.errorCount++;
  const key = `${error.column ?? ''}|${kind}`;
  const seen = plan.kinds.get(key);
  if (seen) seen.count++;
  else plan.kinds.set(key, { column: error.column, message: kind, count: 1 });
  if (always || plan.errors.length < KEPT_ERRORS) plan.errors.push(error);
}

export function groupKey(unitId: string, typeCode: string, nameSearch: string): string {
  return [unitId, typeCode, nameSearch].join('|');
}

interface PlanDeps {
  db: Db;
  /** The keyed hash of citizen ID numbers, by which people are told apart. */
  hash: (cccd: string) => string;
  now: string;
}

/**
 * Reads the sheet as a stream and checks every row, reporting every error of every row in
 * one pass. Nothing is written; what exists is matched afterwards (sheet-import-match.ts).
 */
export async function planSheet(deps: PlanDeps, actor: Actor, buf: Buffer, lang: Language): Promise<SheetPlan> {
  const plan: SheetPlan = {
    total: 0,
    errors: [],
    errorCount: 0,
    kinds: new Map(),
    ignoredColumns: [],
    headerRow: 0,
    columns: [],
    remembered: false,
    needs: [],
    areaChoices: [],
    groups: new Map(),
    people: new SheetPeople(),
  };
  // The header is looked for among the first rows; the rest is checked batch by batch as read.
  const head: SheetRow[] = [];
  let checker: RowChecker | null = null;
  const start = async (): Promise<RowChecker> => {
    const header = findHeader<Column>(head, columns, requiredColumns, searchKey) ?? fail('IMPORT_INVALID_FILE', { reason: m.noHeader });
    // A column the template does not have is said, not silently dropped.
    const read = new Set(Object.values(header.columns));
    head[header.index]!.cells.forEach((c, i) => {
      const name = cellText(c);
      if (name !== null && !read.has(i)) plan.ignoredColumns.push(name);
    });
    const types = await deps.db.selectFrom('model_types').selectAll().execute();
    const c = new RowChecker(deps, actor, lang, plan, header.columns, types);
    await c.check(head.slice(header.index + 1));
    return c;
  };
  for await (const batch of sheetRows(buf)) {
    if (checker) await checker.check(batch);
    else {
      for (const r of batch) head.push(r);
      if (head.length >= 15) checker = await start();
    }
  }
  if (!checker) await start();
  return plan;
}

/** Checks rows one by one into the plan; the values sheets repeat row after row are worked out once. */
class RowChecker {
  private readonly units = new Map<string, UnitsTable[]>();
  private readonly inScope = new Map<UnitsTable, boolean>();
  private readonly at: (col: Column, cells: unknown[]) => unknown;
  private readonly text = remember(cellText);
  private readonly code = remember((v) => cellCode(v));
  private readonly date: (v: unknown) => string | null;
  private readonly key = remember((v) => searchKey(v as string));
  private readonly typeOf: (text: string) => ModelTypesTable | null;
  private readonly birth = remember(birthOf);
  private lastGroup: GroupPlan | undefined;
  /** The column read from each cell index. */
  private readonly columnAt = new Map<number, Column>();

  constructor(
    private readonly deps: PlanDeps,
    private readonly actor: Actor,
    private readonly lang: Language,
    private readonly plan: SheetPlan,
    header: Partial<Record<Column, number>>,
    types: ModelTypesTable[],
  ) {
    this.at = (col, cells) => (header[col] === undefined ? null : cells[header[col]!]);
    const thisYear = Number(deps.now.slice(0, 4));
    this.date = remember((v) => cellDate(v, thisYear));
    for (const [col, index] of Object.entries(header) as [Column, number][]) this.columnAt.set(index, col);
    this.typeOf = remember((text) => {
      const k = searchKey(text as string);
      return types.find((t) => t.code === (text as string).trim() || searchKey(t.name) === k) ?? null;
    });
  }

  async check(rows: SheetRow[]): Promise<void> {
    const body = rows.filter(hasValues);
    this.plan.total += body.length;
    if (this.plan.total > MAX_ROWS) fail('IMPORT_INVALID_FILE', { reason: m.tooMany });
    await this.loadUnits(body);
    for (const r of body) this.row(r);
  }

  /** The villages and communes the rows name, by code, loaded once for all their periods. */
  private async loadUnits(rows: SheetRow[]): Promise<void> {
    const codes = new Set<string>();
    for (const r of rows) {
      const c = this.code(this.at('area', r.cells));
      if (c !== null && !this.units.has(c)) codes.add(c);
    }
    const list = [...codes];
    for (const c of list) this.units.set(c, []);
    for (let i = 0; i < list.length; i += 500) {
      for (const u of await this.deps.db.selectFrom('units').selectAll().where('code', 'in', list.slice(i, i + 500)).where('level', 'in', ['village', 'commune']).execute()) {
        this.units.get(u.code)!.push(u);
      }
    }
  }

  /** The cells of the row being checked: an error echoes the value it refuses. */
  private cells: unknown[] = [];

  private err(row: number, col: Column | null, msg: Message, params: Record<string, string | number> = {}) {
    const value = col ? cellText(this.at(col, this.cells)) : null;
    const text = msg[this.lang];
    const message = text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
    addError(this.plan, { row, column: col ? sheetHeaders[col] : null, value, message }, false, text.replace(/\{(\w+)\}/g, '…'));
  }

  /** The error for a date cell that is not read: a year alone, or anything else. */
  private badDate(row: number, col: Column, v: unknown) {
    this.err(row, col, isBareYear(v) ? m.yearOnly : m.badDate);
  }

  private row(r: SheetRow): void {
    const { at, text, date, plan } = this;
    const cells = r.cells;
    this.cells = cells;
    // Errors are counted rather than looked at: only the first ones are kept.
    const errors = { get length() { return plan.errorCount; } };
    const before = errors.length;
    // Control and direction characters are refused in any column read, as the API refuses them.
    const hidden = hiddenCharacterCell(cells);
    if (hidden >= 0 && this.columnAt.has(hidden)) this.err(r.row, this.columnAt.get(hidden)!, m.hidden);
    const areaCode = this.code(at('area', cells));
    const groupName = text(at('group', cells));
    const typeText = text(at('type', cells));
    const founded = date(at('founded', cells));
    if (!areaCode) this.err(r.row, 'area', m.required);
    if (!groupName) this.err(r.row, 'group', m.required);
    if (!typeText) this.err(r.row, 'type', m.required);
    if (text(at('founded', cells)) === null) this.err(r.row, 'founded', m.required);
    else if (!founded) this.badDate(r.row, 'founded', at('founded', cells));
    else if (!dateWithin(founded, dateRanges.event())) this.err(r.row, 'founded', m.eventDate);
    const type = typeText ? this.typeOf(typeText) : null;
    if (typeText && !type) this.err(r.row, 'type', m.badType);
    else if (type && founded && type.retired_on !== null && type.retired_on <= founded) this.err(r.row, 'type', m.retiredType);
    let unit: UnitsTable | undefined;
    if (areaCode && founded) {
      unit = this.unitAt(areaCode, founded);
      if (!unit) this.err(r.row, 'area', m.noArea);
      else if (!this.covered(unit)) this.err(r.row, 'area', m.outOfScope);
    }
    const decisionDateRaw = at('decisionDate', cells);
    const decisionDate = text(decisionDateRaw) === null ? null : date(decisionDateRaw);
    if (text(decisionDateRaw) !== null && !decisionDate) this.badDate(r.row, 'decisionDate', decisionDateRaw);
    else if (decisionDate && !dateWithin(decisionDate, dateRanges.event())) this.err(r.row, 'decisionDate', m.eventDate);
    // Errors in the member's cells do not hide the group's: both are reported in one pass.
    const groupOk = errors.length === before;
    const memberStart = errors.length;

    // The member, if the row names one.
    const fullName = cellText(at('name', cells));
    let person: PersonPlan | null = null;
    let role: Role = 'member';
    let joined = founded;
    if (fullName) {
      const genderText = text(at('gender', cells));
      const genderKey = genderText === null ? null : this.key(genderText);
      const gender = genderKey === null ? null : genderKey === 'nam' ? 'male' : genderKey === 'nu' ? 'female' : 'bad';
      if (gender === 'bad') this.err(r.row, 'gender', m.badGender);
      const birthRaw = at('birth', cells);
      const birth = this.birth(birthRaw);
      if (birth && (birth.year === null || !isBirthYear(birth.year) || (birth.date !== null && !dateWithin(birth.date, dateRanges.birth())))) this.err(r.row, 'birth', m.badBirth);
      const cccdText = cellCode(at('cccd', cells), 12);
      const cccd = cccdText ? cccdText.replace(/[\s.-]/g, '') : null;
      const cccdProblem = cccd ? checkCccd(cccd, { gender: gender === 'bad' ? null : gender, birthYear: birth?.year ?? null }) : null;
      if (cccdProblem) this.err(r.row, 'cccd', badCccd[cccdProblem]);
      const phone = phoneOf(at('phone', cells));
      if (phone === 'bad') this.err(r.row, 'phone', m.badPhone);
      const roleText = text(at('role', cells));
      if (roleText !== null) {
        const found = roles[this.key(roleText)];
        if (!found) this.err(r.row, 'role', m.badRole);
        else role = found;
      }
      const joinedRaw = at('joined', cells);
      if (text(joinedRaw) !== null) {
        joined = date(joinedRaw);
        if (!joined) this.badDate(r.row, 'joined', joinedRaw);
        else if (!dateWithin(joined, dateRanges.event())) this.err(r.row, 'joined', m.eventDate);
        else if (founded && joined < founded) this.err(r.row, 'joined', m.joinedEarly);
      }
      if (errors.length === memberStart && groupOk && unit) {
        person = this.person(r.row, unit, fullName, gender === 'bad' ? null : gender, birth, cccd, phone === 'bad' ? null : phone);
      }
    }
    if (!groupOk || !unit || !type || !groupName || !founded) return;
    const memberOk = errors.length === memberStart;

    const groupSearch = this.key(groupName);
    // Members of a group usually stand in consecutive rows: the previous row's group is tried first.
    const last = this.lastGroup;
    let g = last && last.unit === unit && last.row.type_code === type.code && last.row.name_search === groupSearch ? last : undefined;
    const key = g ? '' : groupKey(unit.id, type.code, groupSearch);
    g ??= plan.groups.get(key);
    if (!g) {
      g = {
        unit,
        existing: false,
        members: new Map(),
        row: {
          id: '',
          type_code: type.code,
          name: groupName,
          name_search: groupSearch,
          founded_on: founded,
          decision_number: text(at('decisionNumber', cells)),
          decision_date: decisionDate,
          decision_issuer: text(at('decisionIssuer', cells)),
          contact_phone: null,
          contact_text: null,
          notes: null,
          province_code: unit.province_code,
          created_at: this.deps.now,
          updated_at: this.deps.now,
        },
      };
      plan.groups.set(key, g);
    }
    this.lastGroup = g;
    if (fullName && role === 'leader') {
      if (g.leaderRow !== undefined) this.err(r.row, 'role', m.twoLeaders, { row: g.leaderRow });
      else g.leaderRow = r.row;
    }
    if (person && memberOk && !g.members.has(person)) g.members.set(person, { person, role, validFrom: joined ?? founded, existing: false });
  }

  /** The person a row names: the same one however many rows or groups name them. */
  private person(row: number, unit: UnitsTable, name: string, gender: string | null, birth: Birth | null, cccd: string | null, phone: string | null): PersonPlan {
    const fields = { full_name: name, name_search: searchKey(name), gender, birth_date: birth?.date ?? null, birth_year: birth?.year ?? null, cccd_hash: cccd ? this.deps.hash(cccd) : null, phone };
    const seen = this.plan.people.find(fields, communeOf(unit));
    if (seen) {
      if (cccd && seen.fields.name_search !== fields.name_search) this.err(row, 'cccd', m.sameCccd, { row: seen.firstRow });
      return seen;
    }
    const person: PersonPlan = {
      id: '',
      fields,
      cccd,
      unit,
      existing: false,
      firstRow: row,
    };
    this.plan.people.add(person);
    return person;
  }

  /** The village or commune with this code on that day. */
  private unitAt(code: string, day: string): UnitsTable | undefined {
    for (const u of this.units.get(code) ?? []) if (u.valid_from <= day && (u.valid_to === null || u.valid_to > day)) return u;
    return undefined;
  }

  private covered(unit: UnitsTable): boolean {
    let ok = this.inScope.get(unit);
    if (ok === undefined) this.inScope.set(unit, (ok = covers(this.actor.scope, unit.path)));
    return ok;
  }
}

function hasValues(r: SheetRow): boolean {
  for (const c of r.cells) if (!isEmptyCell(c)) return true;
  return false;
}

interface Birth {
  date: string | null;
  year: number | null;
}

/** A year of birth (`1985`) or a full date; null for an empty cell. A year of null means unreadable. */
function birthOf(v: unknown): Birth | null {
  const text = cellText(v);
  if (text === null) return null;
  if (/^\d{4}$/.test(text)) return { date: null, year: Number(text) };
  const date = cellDate(v);
  return { date, year: date ? Number(date.slice(0, 4)) : null };
}

/**
 * A conversion remembered for the plain values (text, numbers) it has seen: sheets repeat
 * codes, group names, types and dates row after row. Bounded, so that a sheet of unique
 * values costs no more than without it.
 */
function remember<T>(fn: (v: unknown) => T): (v: unknown) => T {
  const seen = new Map<unknown, T>();
  return (v) => {
    if (typeof v !== 'string' && typeof v !== 'number') return fn(v);
    const hit = seen.get(v);
    if (hit !== undefined || seen.has(v)) return hit as T;
    const value = fn(v);
    if (seen.size < 20_000) seen.set(v, value);
    return value;
  };
}
