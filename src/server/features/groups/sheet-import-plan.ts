import type { Actor } from '../../context.js';
import type { Db } from '../../db/connection.js';
import type { Language } from '../../../shared/common.js';
import type { GroupSheetError, GroupSheetErrorKind } from '../../../shared/groups.js';
import type { GroupSheetAreaChoice, GroupSheetColumn, GroupSheetOptions } from '../../../shared/group-import.js';
import type { GroupsTable, ModelTypesTable, UnitsTable } from '../../db/types.js';
import { covers } from '../../auth/scope.js';
import { fail, fieldReasons } from '../../lib/errors.js';
import { searchKey } from '../../lib/text.js';
import { cccdProblems, checkCccd, type CccdProblem } from '../../lib/cccd.js';
import { sheetRows, type SheetRow } from '../../lib/spreadsheet/read.js';
import { cellCode, cellDate, cellText, hiddenCharacterCell, isBareYear, isEmptyCell } from '../../lib/spreadsheet/cells.js';
import { dateRanges, dateWithin, isBirthYear } from '../../../shared/dates.js';
import { findHeaderRow, mapColumns, sheetHeaders, sheetShape, type Column } from './sheet-import-columns.js';
import { AreaNames, type AreaMatch } from './sheet-import-areas.js';
import { birthOf, phoneOf, remember, roleOf, TypeWords, type Birth, type Role } from './sheet-import-words.js';
import { SheetPeople, communeOf, type PersonPlan } from './sheet-import-people.js';
import { allModelTypes, areaUnitOn, areaUnitsWithCodes } from './queries.js';
import { findUnit } from '../units/queries.js';

const MAX_ROWS = 200_000;

type Message = { vi: string; en: string };
/** A reason of the API's 400s (fieldReasons) as a row error's sentence. */
const sentence = (r: Message): Message => ({ vi: `${r.vi[0]!.toUpperCase()}${r.vi.slice(1)}.`, en: `${r.en[0]!.toUpperCase()}${r.en.slice(1)}.` });
const m = {
  noHeader: { vi: 'Không tìm thấy dòng tiêu đề trong 15 dòng đầu của tệp.', en: 'No header row among the first 15 rows of the file.' },
  tooMany: { vi: 'Tệp có quá nhiều dòng.', en: 'The file has too many rows.' },
  required: { vi: 'Bắt buộc nhập.', en: 'Required.' },
  badDate: { vi: 'Ngày không hợp lệ (dùng dạng 11/5/2018).', en: 'Invalid date (use 11/5/2018).' },
  yearOnly: { vi: 'Chỉ có năm, cần ghi đủ ngày, tháng, năm (dạng 11/5/2018).', en: 'A year alone: a full date is needed (such as 11/5/2018).' },
  noArea: { vi: 'Không có thôn hay xã nào mang mã này vào ngày thành lập.', en: 'No village or commune has this code on the founding date.' },
  areaTooNew: { vi: '{name} chưa có vào ngày thành lập của tổ: ghi thôn, tổ dân phố của tổ (hoặc chọn địa bàn khác cho tệp).', en: '{name} did not exist on the group’s founding date: give the group’s village (or choose another area for the file).' },
  outOfScope: { vi: 'Địa bàn này nằm ngoài phạm vi quản lý của bạn.', en: 'This area is outside your scope.' },
  ambiguousArea: { vi: 'Tên này ứng với nhiều thôn, tổ dân phố: chọn nơi đúng ở mục "Địa bàn trùng tên".', en: 'This name matches several villages: choose the right one under "Ambiguous names".' },
  unknownArea: { vi: 'Không có thôn, tổ dân phố nào tên này trong {area}. Tên gần nhất: {near}. Nếu là thôn mới, hãy thêm ở trang "Địa bàn" trước.', en: 'No village of this name in {area}. Nearest names: {near}. If it is a new village, add it on the "Areas" page first.' },
  areaNeedsUnit: { vi: 'Chọn địa bàn (xã, phường) cho tệp để nhận ra tên thôn.', en: 'Choose the file’s area (a commune) for village names to be recognised.' },
  badType: { vi: 'Không có loại mô hình này (xem trang "Giá trị cho phép" của mẫu).', en: 'Unknown model type (see the allowed values in the template).' },
  typeNotRead: { vi: 'Tên tổ không cho biết loại mô hình: chọn loại mô hình cho tệp.', en: 'The group’s name does not tell its model type: choose the type for the file.' },
  retiredType: { vi: 'Loại mô hình này đã ngừng trước ngày thành lập.', en: 'This model type was retired before the founding date.' },
  noFounding: { vi: 'Không có ngày thành lập, và không thành viên nào có ngày vào tổ: nhập ngày thành lập cho tệp.', en: 'No founding date, and no member has a join date: give a founding date for the file.' },
  badGender: { vi: 'Giới tính ghi "Nam" hoặc "Nữ".', en: 'Sex must be "Nam" or "Nữ".' },
  badBirth: { vi: 'Ngày sinh hoặc năm sinh không hợp lệ (từ năm 1900 đến hôm nay).', en: 'Invalid date or year of birth (from 1900 to today).' },
  eventDate: sentence(fieldReasons['event-date']),
  hidden: sentence(fieldReasons['text-hidden']),
  badPhone: { vi: 'Số điện thoại không hợp lệ.', en: 'Invalid phone number.' },
  badRole: { vi: 'Vai trò ghi "Tổ trưởng" (TT), "Tổ phó" (TP) hoặc "Thành viên" (TV).', en: 'Role must be "Tổ trưởng" (TT), "Tổ phó" (TP) or "Thành viên" (TV).' },
  joinedEarly: { vi: 'Ngày vào tổ trước ngày thành lập.', en: 'Joined before the group was founded.' },
  twoLeaders: { vi: 'Tổ đã có tổ trưởng ở dòng {row}.', en: 'The group already has a leader at row {row}.' },
  sameCccd: { vi: 'Số CCCD trùng với dòng {row} nhưng khác họ tên.', en: 'Same citizen ID number as row {row} with a different name.' },
  badDefaultType: { vi: ' Loại mô hình chọn cho tệp không có.', en: ' The model type chosen for the file does not exist.' },
  badDefaultUnit: { vi: ' Địa bàn chọn cho tệp không có hoặc ngoài phạm vi của bạn.', en: ' The area chosen for the file does not exist or is outside your scope.' },
} satisfies Record<string, Message>;
/** A citizen ID number refused, saying which part disagrees (the same reasons as the API's). */
const badCccd = Object.fromEntries(
  Object.entries(cccdProblems).map(([k, r]) => [k, { vi: `Số CCCD không hợp lệ: ${r.vi}`, en: `Invalid citizen ID number: ${r.en}` }]),
) as Record<CccdProblem, Message>;

export interface MemberPlan {
  person: PersonPlan;
  role: Role;
  /** Empty until the group's founding date is known, for a member without a join date. */
  validFrom: string;
  existing: boolean;
}

export interface GroupPlan {
  /** Its id is set when written, or when matched to a stored group. */
  row: GroupsTable;
  unit: UnitsTable;
  existing: boolean;
  firstRow: number;
  leaderRow?: number;
  /** A group whose founding date is its earliest join date: known once every row is read. */
  earliestJoin?: string | null;
  /** A row of the group had a join date that could not be read. */
  joinRefused?: boolean;
  /** For an existing group: the fields the sheet changes. */
  update?: Partial<GroupsTable>;
  /** Its members, one per person (the first row naming them wins). */
  members: Map<PersonPlan, MemberPlan>;
}

/** What a sheet holds, checked: the rows' errors, and the groups, people and memberships it names. */
export interface SheetPlan {
  total: number;
  /** The first errors by row (KEPT_ERRORS of them, or all with `keepAll`); errorCount and kinds count them all. */
  errors: GroupSheetError[];
  errorCount: number;
  keepAll: boolean;
  /** Every error counted by kind (its column and its message), by `column|message`. */
  kinds: Map<string, GroupSheetErrorKind>;
  /** The headers of the sheet's columns not read: not imported. */
  ignoredColumns: string[];
  /** The header row (1-based) and each of its columns as mapped. */
  headerRow: number;
  columns: GroupSheetColumn[];
  /** The sheet's shape (its headers), by which mappings are remembered. */
  shape: string;
  remembered: boolean;
  /** The options the sheet was read with: given, else remembered. */
  options: GroupSheetOptions;
  /** What the sheet lacks and the options must give (shared/groups.ts). */
  needs: ('type' | 'area' | 'founded')[];
  areaChoices: GroupSheetAreaChoice[];
  /** By area, type and name. */
  groups: Map<string, GroupPlan>;
  people: SheetPeople;
}

/**
 * Errors answered in full: every error of a sheet with up to 10,000 of them. A sheet of 200,000
 * bad rows makes 800,000 errors, too many to answer: past this, the answer holds the first ones
 * by row, every one is counted by kind (`kinds`), which the preview shows, and the error sheet
 * (which keeps them all) marks every one.
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
  if (always || plan.keepAll || plan.errors.length < KEPT_ERRORS) plan.errors.push(error);
}

export function groupKey(unitId: string, typeCode: string, nameSearch: string): string {
  return [unitId, typeCode, nameSearch].join('|');
}

export interface PlanDeps {
  db: Db;
  /** The keyed hash of citizen ID numbers, by which people are told apart. */
  hash: (cccd: string) => string;
  now: string;
  /** This officer's options for sheets of a shape, if they imported one before. */
  remembered: (shape: string) => Promise<GroupSheetOptions | null>;
}

/**
 * Reads the sheet as a stream and checks every row, reporting every error of every row in
 * one pass. Nothing is written; what exists is matched afterwards (sheet-import-match.ts).
 * The header row is found among the first rows; its columns are read as their headers say
 * (sheet-import-columns.ts), as this officer mapped sheets of the same shape, or as the
 * options map them; what the sheet lacks comes from the options' defaults.
 */
export async function planSheet(deps: PlanDeps, actor: Actor, buf: Buffer, lang: Language, given: GroupSheetOptions, keepAll = false): Promise<SheetPlan> {
  const plan: SheetPlan = {
    total: 0,
    errors: [],
    errorCount: 0,
    keepAll,
    kinds: new Map(),
    ignoredColumns: [],
    headerRow: 0,
    columns: [],
    shape: '',
    remembered: false,
    options: given,
    needs: [],
    areaChoices: [],
    groups: new Map(),
    people: new SheetPeople(),
  };
  const head: SheetRow[] = [];
  let checker: RowChecker | null = null;
  let counting = false;
  const start = async (): Promise<RowChecker | null> => {
    const index = findHeaderRow(head, new Set(Object.keys(given.mapping ?? {}))) ?? fail('IMPORT_INVALID_FILE', { reason: m.noHeader });
    const headerCells = head[index]!.cells;
    plan.shape = sheetShape(headerCells);
    const stored = await deps.remembered(plan.shape);
    plan.remembered = stored !== null;
    plan.options = {
      mapping: { ...stored?.mapping, ...given.mapping },
      defaults: given.defaults ?? stored?.defaults,
      areas: { ...stored?.areas, ...given.areas },
      confirmPastChange: given.confirmPastChange,
    };
    plan.headerRow = head[index]!.row;
    plan.columns = mapColumns(headerCells, stored?.mapping, given.mapping);
    plan.ignoredColumns = plan.columns.filter((c) => c.field === null && c.header !== '').map((c) => c.header);
    const c = await RowChecker.create(deps, actor, lang, plan);
    if (plan.needs.length > 0) {
      // Nothing can be read before the file's options are given: the rows are only counted.
      counting = true;
      plan.total += head.slice(index + 1).filter(hasValues).length;
      return null;
    }
    await c.check(head.slice(index + 1));
    return c;
  };
  for await (const batch of sheetRows(buf)) {
    if (counting) {
      plan.total += batch.filter(hasValues).length;
      if (plan.total > MAX_ROWS) fail('IMPORT_INVALID_FILE', { reason: m.tooMany });
    } else if (checker) await checker.check(batch);
    else {
      for (const r of batch) head.push(r);
      if (head.length >= 15) checker = await start();
    }
  }
  if (!checker && !counting && head.length > 0) checker = await start();
  if (!checker && !counting) fail('IMPORT_INVALID_FILE', { reason: m.noHeader });
  if (checker) await checker.finish();
  plan.errors.sort((a, b) => a.row - b.row);
  return plan;
}

/** Checks rows one by one into the plan; the values sheets repeat row after row are worked out once. */
class RowChecker {
  /** Units by code, for all their periods, loaded as the rows name them. */
  private readonly units = new Map<string, UnitsTable[]>();
  private readonly inScope = new Map<UnitsTable, boolean>();
  private readonly at: (col: Column, cells: unknown[]) => unknown;
  private readonly text = remember(cellText);
  private readonly code = remember((v) => cellCode(v));
  private readonly date: (v: unknown) => string | null;
  private readonly key = remember((v) => searchKey(v as string));
  private readonly birth = remember(birthOf);
  private readonly role = remember((v) => roleOf(v as string));
  private readonly typeOfCell: (v: unknown) => ModelTypesTable | null;
  /** The dates events and births may have: worked out once for the sheet, not per row. */
  private readonly events = dateRanges.event();
  private readonly births = dateRanges.birth();
  private readonly today: string;
  private lastGroup: GroupPlan | undefined;
  /** The column read from each cell index, and the header each field is read from. */
  private readonly columnAt = new Map<number, Column>();
  private readonly header: Partial<Record<Column, number>> = {};
  private readonly headerName: Partial<Record<Column, string>> = {};
  /** Ambiguous names met, for the officer to choose: by name, its rows. */
  private readonly ambiguous = new Map<string, { rows: number; firstRow: number; match: Extract<AreaMatch, { ambiguous: unknown }> }>();
  private pool: AreaNames | null | undefined;

  private constructor(
    private readonly deps: PlanDeps,
    private readonly actor: Actor,
    private readonly lang: Language,
    private readonly plan: SheetPlan,
    private readonly types: TypeWords,
    /** The file's type, founding date and area, when the options give them. */
    private readonly defaultType: ModelTypesTable | null,
    private readonly defaultFounded: string | null,
    /** The area of groups the sheet places nowhere: the file's, else the officer's commune. */
    private readonly defaultUnit: UnitsTable | null,
    /** True when the file's area was chosen: it then wins over the members' villages. */
    private readonly explicitUnit: boolean,
    /** The area whose villages are matched by name. */
    private readonly poolRoot: UnitsTable | null,
  ) {
    for (const col of plan.columns) {
      if (col.field === null) continue;
      this.header[col.field] = col.index;
      this.headerName[col.field] = col.header || sheetHeaders[col.field];
      this.columnAt.set(col.index, col.field);
    }
    this.at = (col, cells) => (this.header[col] === undefined ? null : cells[this.header[col]!]);
    const thisYear = Number(deps.now.slice(0, 4));
    this.today = deps.now.slice(0, 10);
    this.date = remember((v) => cellDate(v, thisYear));
    this.typeOfCell = remember((v) => types.ofCell(v as string));
  }

  /** The checker of a plan whose columns are mapped: the file's options read and checked, and what is still needed noted. */
  static async create(deps: PlanDeps, actor: Actor, lang: Language, plan: SheetPlan): Promise<RowChecker> {
    const { db } = deps;
    const types = new TypeWords(await allModelTypes(db));
    const defaults = plan.options.defaults ?? {};
    const today = deps.now.slice(0, 10);
    const issue = (path: string, detail: Message) => fail('VALIDATION_FAILED', { detail }, { issues: [{ path: `options.defaults.${path}`, message: detail.en.trim() }] });
    const defaultType = defaults.typeCode ? (types.byCode(defaults.typeCode) ?? issue('typeCode', m.badDefaultType)) : null;
    let defaultUnit: UnitsTable | null = null;
    if (defaults.unitCode) {
      const u = await areaUnitOn(db, defaults.unitCode, today);
      if (!u || !covers(actor.scope, u.path)) issue('unitCode', m.badDefaultUnit);
      defaultUnit = u!;
    } else if (actor.scope.unitId) {
      const own = await findUnit(db, actor.scope.unitId);
      if (own && (own.level === 'commune' || own.level === 'village')) defaultUnit = own;
    }
    // Village names are looked for in the file's commune, else in the officer's area.
    let poolRoot: UnitsTable | null = null;
    if (defaultUnit) poolRoot = defaultUnit.level === 'village' ? ((await findUnit(db, defaultUnit.parent_id!)) ?? defaultUnit) : defaultUnit;
    else if (actor.scope.unitId) poolRoot = (await findUnit(db, actor.scope.unitId)) ?? null;

    const has = (f: Column) => plan.columns.some((c) => c.field === f);
    if (!has('area') && !has('address') && !defaultUnit) plan.needs.push('area');
    if (!has('founded') && !defaults.foundedOn && !has('joined')) plan.needs.push('founded');
    return new RowChecker(deps, actor, lang, plan, types, defaultType, defaults.foundedOn ?? null, defaultUnit, Boolean(defaults.unitCode), poolRoot);
  }

  async check(rows: SheetRow[]): Promise<void> {
    const body = rows.filter(hasValues);
    this.plan.total += body.length;
    if (this.plan.total > MAX_ROWS) fail('IMPORT_INVALID_FILE', { reason: m.tooMany });
    await this.loadUnits(body);
    for (const r of body) this.row(r);
  }

  /** The villages and communes the rows name, by code, loaded once for all their periods; and the villages by name. */
  private async loadUnits(rows: SheetRow[]): Promise<void> {
    const codes = new Set<string>();
    let names = false;
    for (const r of rows) {
      for (const col of ['area', 'address'] as const) {
        const c = this.code(this.at(col, r.cells));
        if (c === null) continue;
        if (looksLikeCode(c)) {
          if (!this.units.has(c)) codes.add(c);
        } else names = true;
      }
    }
    await this.loadCodes([...codes]);
    // A cell that looks like a code but names no unit ("Hieu", "KP1") is read as a name.
    if (!names) names = rows.some((r) => (['area', 'address'] as const).some((col) => this.isName(this.code(this.at(col, r.cells)))));
    if (names && this.pool === undefined) this.pool = this.poolRoot ? await AreaNames.load(this.deps.db, this.poolRoot, this.today) : null;
  }

  private async loadCodes(list: string[]): Promise<void> {
    list = list.filter((c) => !this.units.has(c));
    for (const c of list) this.units.set(c, []);
    for (let i = 0; i < list.length; i += 500) {
      for (const u of await areaUnitsWithCodes(this.deps.db, list.slice(i, i + 500))) {
        this.units.get(u.code)!.push(u);
      }
    }
  }

  /** The cells of the row being checked: an error echoes the value it refuses. */
  private cells: unknown[] = [];

  private err(row: number, col: Column | null, msg: Message, params: Record<string, string | number> = {}, always = false) {
    const value = col ? cellText(this.at(col, this.cells)) : null;
    const text = msg[this.lang];
    const message = text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
    const column = col ? (this.headerName[col] ?? sheetHeaders[col]) : null;
    addError(this.plan, { row, column, value, message }, always, text.replace(/\{(\w+)\}/g, '…'));
  }

  /** The error for a date cell that is not read: a year alone, or anything else. */
  private badDate(row: number, col: Column, v: unknown) {
    this.err(row, col, isBareYear(v) ? m.yearOnly : m.badDate);
  }

  private need(what: 'type' | 'area' | 'founded') {
    if (!this.plan.needs.includes(what)) this.plan.needs.push(what);
  }

  /**
   * The unit an area cell names on a day: a code, or a name matched among the villages of the
   * file's commune (a name means today's village; on an earlier day, the unit that carried its
   * code then). Undefined after an error.
   */
  /** Whether an area cell is read as a name: it is not the code of any village or commune. */
  private isName(raw: string | null): boolean {
    return raw !== null && !(this.units.get(raw)?.length ?? 0) && !/^\d+$/.test(raw);
  }

  private areaOf(row: number, col: 'area' | 'address', raw: string, day: string): UnitsTable | undefined {
    if (!this.isName(raw)) {
      const unit = this.unitAt(raw, day);
      if (!unit) return void this.err(row, col, m.noArea);
      if (!this.covered(unit)) return void this.err(row, col, m.outOfScope);
      return unit;
    }
    if (!this.pool) {
      this.need('area');
      return void this.err(row, col, m.areaNeedsUnit);
    }
    const chosen = this.plan.options.areas?.[raw];
    let today = chosen ? this.pool.byCode(chosen) : undefined;
    if (!today) {
      const match = this.pool.match(raw);
      if ('ambiguous' in match) {
        const seen = this.ambiguous.get(raw);
        if (seen) seen.rows++;
        else this.ambiguous.set(raw, { rows: 1, firstRow: row, match });
        return void this.err(row, col, m.ambiguousArea);
      }
      if ('unknown' in match) return void this.err(row, col, m.unknownArea, { area: this.poolRoot!.name, near: match.unknown.join(', ') || '—' });
      today = match.unit;
    }
    return this.onDay(row, col, today, day);
  }

  /** A unit valid today as it stood on an earlier day: the unit that carried its code then. */
  private onDay(row: number, col: 'area' | 'address', today: UnitsTable, day: string): UnitsTable | undefined {
    if (today.valid_from <= day) return today;
    const then = this.unitAt(today.code, day);
    if (!then) return void this.err(row, col, m.areaTooNew, { name: today.name });
    if (!this.covered(then)) return void this.err(row, col, m.outOfScope);
    return then;
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
    const groupName = text(at('group', cells));
    if (!groupName) this.err(r.row, 'group', m.required);

    // The type: its cell, else the file's, else read from the group's name.
    const typeText = text(at('type', cells));
    let type: ModelTypesTable | null = null;
    if (typeText) {
      type = this.typeOfCell(typeText);
      if (!type) this.err(r.row, 'type', m.badType);
    } else {
      type = this.defaultType ?? (groupName ? this.types.ofName(groupName) : null);
      if (!type && groupName) {
        this.need('type');
        this.err(r.row, this.header.type === undefined ? 'group' : 'type', m.typeNotRead);
      }
    }

    // The founding date: its cell, else the file's, else the group's earliest join date.
    const foundedRaw = at('founded', cells);
    let founded: string | null = null;
    let deferred = false;
    if (text(foundedRaw) !== null) {
      founded = date(foundedRaw);
      if (!founded) this.badDate(r.row, 'founded', foundedRaw);
      else if (!dateWithin(founded, this.events)) this.err(r.row, 'founded', m.eventDate);
    } else if (this.defaultFounded) founded = this.defaultFounded;
    else if (this.header.joined !== undefined) deferred = true;
    else this.err(r.row, 'founded', m.required);
    if (type && founded && type.retired_on !== null && type.retired_on <= founded) this.err(r.row, 'type', m.retiredType);

    // The group's area on its founding date (today for a date still to be known): its cell,
    // else the member's village, else the file's area. Without an area column a group is one
    // per type and name in the sheet, wherever its members live.
    const day = founded ?? this.today;
    const areaRaw = this.code(at('area', cells));
    const addressRaw = this.code(at('address', cells));
    // Where the member lives today, when the sheet says.
    const home = addressRaw ? this.areaOf(r.row, 'address', addressRaw, this.today) : undefined;
    let unit: UnitsTable | undefined;
    if (founded || deferred) {
      if (areaRaw) unit = this.areaOf(r.row, 'area', areaRaw, day);
      else if (this.header.area !== undefined && !this.defaultUnit) this.err(r.row, 'area', m.required);
      else if (home && !this.explicitUnit) unit = this.onDay(r.row, 'address', home, day);
      else if (addressRaw && !this.explicitUnit) unit = undefined;
      else if (this.defaultUnit) unit = deferred ? this.defaultUnit : this.onDay(r.row, 'area', this.defaultUnit, day);
      else if (this.header.address !== undefined) this.err(r.row, 'address', m.required);
    }
    const decisionDateRaw = at('decisionDate', cells);
    const decisionDate = text(decisionDateRaw) === null ? null : date(decisionDateRaw);
    if (text(decisionDateRaw) !== null && !decisionDate) this.badDate(r.row, 'decisionDate', decisionDateRaw);
    else if (decisionDate && !dateWithin(decisionDate, this.events)) this.err(r.row, 'decisionDate', m.eventDate);
    // Errors in the member's cells do not hide the group's: both are reported in one pass.
    const groupOk = errors.length === before;
    const memberStart = errors.length;

    // The member, if the row names one.
    const fullName = cellText(at('name', cells));
    let person: PersonPlan | null = null;
    let role: Role = 'member';
    let joined: string | null = null;
    let joinRefused = false;
    if (fullName) {
      const genderText = text(at('gender', cells));
      const genderKey = genderText === null ? null : this.key(genderText);
      const gender = genderKey === null ? null : genderKey === 'nam' ? 'male' : genderKey === 'nu' ? 'female' : 'bad';
      if (gender === 'bad') this.err(r.row, 'gender', m.badGender);
      const birthRaw = at('birth', cells);
      const birth = this.birth(birthRaw);
      if (birth && (birth.year === null || !isBirthYear(birth.year) || (birth.date !== null && !dateWithin(birth.date, this.births)))) this.err(r.row, 'birth', m.badBirth);
      const cccdText = cellCode(at('cccd', cells), 12);
      const cccd = cccdText ? cccdText.replace(/[\s.-]/g, '') : null;
      const cccdProblem = cccd ? checkCccd(cccd, { gender: gender === 'bad' ? null : gender, birthYear: birth?.year ?? null }) : null;
      if (cccdProblem) this.err(r.row, 'cccd', badCccd[cccdProblem]);
      const phone = phoneOf(at('phone', cells));
      if (phone === 'bad') this.err(r.row, 'phone', m.badPhone);
      const roleText = text(at('role', cells));
      if (roleText !== null) {
        const found = this.role(roleText);
        if (!found) this.err(r.row, 'role', m.badRole);
        else role = found;
      }
      const joinedRaw = at('joined', cells);
      if (text(joinedRaw) !== null) {
        joined = date(joinedRaw);
        if (!joined) {
          this.badDate(r.row, 'joined', joinedRaw);
          joinRefused = true;
        }
        else if (!dateWithin(joined, this.events)) this.err(r.row, 'joined', m.eventDate);
        else if (founded && joined < founded) this.err(r.row, 'joined', m.joinedEarly);
      }
      // A member is registered where they live, else in the group's area.
      const registered = home ?? unit;
      if (errors.length === memberStart && groupOk && registered) {
        person = this.person(r.row, registered, fullName, gender === 'bad' ? null : gender, birth, cccd, phone === 'bad' ? null : phone);
      }
    }
    if (!groupOk || !unit || !type || !groupName || !(founded || deferred)) return;
    const memberOk = errors.length === memberStart;

    const groupSearch = this.key(groupName);
    const areaKey = this.header.area !== undefined ? unit.id : '';
    // Members of a group usually stand in consecutive rows: the previous row's group is tried first.
    const last = this.lastGroup;
    const key = groupKey(areaKey, type.code, groupSearch);
    let g = last && plan.groups.get(key) === last ? last : plan.groups.get(key);
    if (!g) {
      g = {
        unit,
        existing: false,
        firstRow: r.row,
        earliestJoin: deferred ? null : undefined,
        members: new Map(),
        row: {
          id: '',
          type_code: type.code,
          name: groupName,
          name_search: groupSearch,
          founded_on: founded ?? '',
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
    if (joinRefused) g.joinRefused = true;
    if (g.earliestJoin !== undefined && joined && (g.earliestJoin === null || joined < g.earliestJoin)) g.earliestJoin = joined;
    if (fullName && role === 'leader') {
      if (g.leaderRow !== undefined) this.err(r.row, 'role', m.twoLeaders, { row: g.leaderRow });
      else g.leaderRow = r.row;
    }
    if (person && memberOk && !g.members.has(person)) g.members.set(person, { person, role, validFrom: joined ?? founded ?? '', existing: false });
  }

  /**
   * Once every row is read: the founding date of each group that takes its earliest join date,
   * with the checks that need it and its area on that day; the groups keyed by their area then;
   * and the choices to ask for ambiguous names.
   */
  async finish(): Promise<void> {
    const { plan } = this;
    const groups = [...plan.groups.values()];
    await this.loadCodes([...new Set(groups.filter((g) => g.earliestJoin !== undefined).map((g) => g.unit.code))]);
    plan.groups = new Map();
    for (const g of groups) {
      if (g.earliestJoin !== undefined) {
        const founded = g.earliestJoin;
        this.cells = [];
        if (founded === null) {
          // A join date refused is already an error of its row; else the date is asked.
          if (!g.joinRefused) {
            this.need('founded');
            this.err(g.firstRow, 'founded', m.noFounding, {}, true);
          }
          continue;
        }
        const type = this.types.byCode(g.row.type_code)!;
        if (type.retired_on !== null && type.retired_on <= founded) this.err(g.firstRow, 'type', m.retiredType, {}, true);
        const unit = g.unit.valid_from <= founded ? g.unit : this.unitAt(g.unit.code, founded);
        const col = this.header.area !== undefined ? 'area' : 'address';
        if (!unit || !this.covered(unit)) {
          this.err(g.firstRow, col, unit ? m.outOfScope : m.areaTooNew, { name: g.unit.name }, true);
          continue;
        }
        g.unit = unit;
        g.row.founded_on = founded;
        g.row.province_code = unit.province_code;
        for (const member of g.members.values()) if (member.validFrom === '') member.validFrom = founded;
      }
      const key = groupKey(g.unit.id, g.row.type_code, g.row.name_search);
      const same = plan.groups.get(key);
      if (!same) plan.groups.set(key, g);
      else for (const [p, member] of g.members) if (!same.members.has(p)) same.members.set(p, member);
    }
    for (const [name, a] of this.ambiguous) plan.areaChoices.push(await this.pool!.choice(name, a.rows, a.firstRow, a.match.ambiguous));
  }

  /** The person a row names: the same one however many rows or groups name them. */
  private person(row: number, unit: UnitsTable, name: string, gender: string | null, birth: Birth | null, cccd: string | null, phone: string | null): PersonPlan {
    const fields = { full_name: name, name_search: searchKey(name), gender, birth_date: birth?.date ?? null, birth_year: birth?.year ?? null, cccd_hash: cccd ? this.deps.hash(cccd) : null, phone };
    const seen = this.plan.people.find(fields, communeOf(unit));
    if (seen) {
      if (cccd && seen.fields.name_search !== fields.name_search) this.err(row, 'cccd', m.sameCccd, { row: seen.firstRow });
      return seen;
    }
    const person: PersonPlan = { id: '', fields, cccd, unit, existing: false, firstRow: row };
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

/** What a unit code may look like (shared/units.ts); such a cell is looked up as a code first. */
function looksLikeCode(text: string): boolean {
  return text.length <= 20 && /^[0-9A-Za-z.-]+$/.test(text);
}
