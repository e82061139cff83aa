import ExcelJS from 'exceljs';
import type { Deps, RequestContext, Actor } from '../../context.js';
import type { Db } from '../../db/connection.js';
import type { Language } from '../../../shared/common.js';
import { unitKindsByLevel, type RowError, type VillageImportResult } from '../../../shared/units.js';
import { covers, pathInScope } from '../../auth/scope.js';
import { writeAudit } from '../../audit/service.js';
import { fail } from '../../lib/errors.js';
import { searchKey } from '../../lib/text.js';
import { today } from '../../lib/clock.js';
import { readSheet } from '../../lib/spreadsheet/read.js';
import { cellCode, cellDate, cellText, findHeader, hiddenCharacterCell } from '../../lib/spreadsheet/cells.js';
import { fieldReasons } from '../../lib/errors.js';
import { dateRanges, dateWithin } from '../../../shared/dates.js';
import { validAt, type UnitRow } from './queries.js';
import { newUnitRow } from './rows.js';
import { requireUnitWrite } from './service.js';

const MAX_ROWS = 20_000;

const columns = {
  communeCode: (k: string) => k.startsWith('ma xa') || k.startsWith('ma phuong') || k.includes('ma don vi cap xa'),
  code: (k: string) => k.startsWith('ma thon') || k.startsWith('ma to') || k.startsWith('ma khu'),
  name: (k: string) => k.startsWith('ten'),
  kind: (k: string) => k.startsWith('loai'),
  validFrom: (k: string) => k.includes('ngay') || k.includes('hieu luc'),
};
type Column = keyof typeof columns;

const headers: Record<Column, string> = {
  communeCode: 'Mã xã/phường',
  code: 'Mã thôn, tổ dân phố',
  name: 'Tên thôn, tổ dân phố',
  kind: 'Loại',
  validFrom: 'Ngày bắt đầu hiệu lực',
};

const messages = {
  noHeader: {
    vi: 'Không tìm thấy dòng tiêu đề có các cột "Mã xã/phường" và "Tên thôn, tổ dân phố".',
    en: 'No header row with the columns "Mã xã/phường" and "Tên thôn, tổ dân phố" was found.',
  },
  tooMany: { vi: `Tệp có quá ${MAX_ROWS.toLocaleString('vi-VN')} dòng.`, en: `The file has more than ${MAX_ROWS} rows.` },
  required: { vi: 'Bắt buộc nhập.', en: 'Required.' },
  badDate: { vi: 'Ngày không hợp lệ (dùng dạng 11/5/2018).', en: 'Invalid date (use 11/5/2018).' },
  badCode: { vi: 'Mã chỉ gồm chữ, số, dấu chấm và gạch ngang (tối đa 20 ký tự).', en: 'Codes are letters, digits, dots and dashes (20 at most).' },
  badKind: {
    vi: `Loại phải là một trong: ${unitKindsByLevel.village.join(', ')}.`,
    en: `The kind must be one of: ${unitKindsByLevel.village.join(', ')}.`,
  },
  longName: { vi: 'Tên dài quá 200 ký tự.', en: 'The name is longer than 200 characters.' },
  // The API's reasons (fieldReasons), as sentences: the same rule for a form and a sheet.
  unitDate: { vi: `Ngày bắt đầu hiệu lực ${fieldReasons['unit-date'].vi}.`, en: `The start date ${fieldReasons['unit-date'].en}.` },
  hidden: { vi: `Ô này ${fieldReasons['text-hidden'].vi}.`, en: `This cell ${fieldReasons['text-hidden'].en}.` },
  noCommune: { vi: 'Không có xã/phường nào mang mã này vào ngày bắt đầu hiệu lực.', en: 'No commune has this code on the start date.' },
  communeEnded: {
    vi: 'Xã/phường này đã kết thúc từ {date} (sắp xếp đơn vị hành chính); hãy dùng mã xã/phường hiện nay và ngày từ {date} trở đi.',
    en: 'This commune ended on {date} (a reorganisation); use the current commune code and a date from {date} on.',
  },
  outOfScope: { vi: 'Xã/phường này nằm ngoài phạm vi quản lý của bạn.', en: 'This commune is outside your scope.' },
  codeTaken: { vi: 'Mã này đã được dùng cho một đơn vị khác.', en: 'This code is already used by another unit.' },
  duplicate: { vi: 'Trùng với dòng {row} (cùng xã/phường và cùng tên hoặc mã).', en: 'Same as row {row} (same commune and same name or code).' },
} satisfies Record<string, { vi: string; en: string }>;

interface Planned {
  row: number;
  commune: UnitRow | null;
  communeCode: string | null;
  code: string | null;
  name: string | null;
  kind: string | null;
  validFrom: string | null;
  action: 'create' | 'rename' | 'unchanged' | 'error';
  existing?: UnitRow;
}

function kindOf(text: string): string | null {
  const k = searchKey(text);
  return unitKindsByLevel.village.find((v) => searchKey(v) === k) ?? null;
}

/**
 * Villages from a spreadsheet: a preview that writes nothing, then the same file confirmed and
 * written in one transaction, or not at all. Rows match existing villages by code, or by name
 * within the commune, so importing the same sheet twice creates nothing new.
 */
export function createVillageImportService(deps: Deps) {
  const { db, clock } = deps;

  async function plan(actor: Actor, buf: Buffer, lang: Language): Promise<{ planned: Planned[]; errors: RowError[] }> {
    // Held to the limit as it is read (the title and header rows above the villages aside).
    const rows = await readSheet(buf, { maxRows: MAX_ROWS + 15 });
    const header = findHeader<Column>(rows, columns, ['communeCode', 'name'], searchKey);
    if (!header) fail('IMPORT_INVALID_FILE', { reason: messages.noHeader });
    const body = rows.slice(header.index + 1).filter((r) => r.cells.some((c) => cellText(c) !== null));
    if (body.length > MAX_ROWS) fail('IMPORT_INVALID_FILE', { reason: messages.tooMany });
    const errors: RowError[] = [];
    const error = (row: number, column: Column | null, m: { vi: string; en: string }, params: Record<string, string | number> = {}) =>
      errors.push({
        row,
        column: column ? headers[column] : null,
        message: m[lang].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? '')),
      });
    const at = (col: Column, cells: unknown[]) => (header.columns[col] === undefined ? null : cells[header.columns[col]!]);
    const now = today(clock);

    // The communes the file names, as of each row's start, in one query per distinct code.
    const codes = [...new Set(body.map((r) => cellCode(at('communeCode', r.cells), 5)).filter((c): c is string => c !== null))];
    const communes = new Map<string, UnitRow[]>();
    for (let i = 0; i < codes.length; i += 500) {
      const found = await db.selectFrom('units').selectAll().where('level', '=', 'commune').where('code', 'in', codes.slice(i, i + 500)).execute();
      for (const c of found) communes.set(c.code, [...(communes.get(c.code) ?? []), c]);
    }
    const communeIds = [...communes.values()].flat().map((c) => c.id);
    const villages = new Map<string, UnitRow[]>();
    for (let i = 0; i < communeIds.length; i += 500) {
      const found = await db.selectFrom('units').selectAll().where('level', '=', 'village').where('parent_id', 'in', communeIds.slice(i, i + 500)).execute();
      for (const v of found) villages.set(v.parent_id!, [...(villages.get(v.parent_id!) ?? []), v]);
    }

    const seen = new Map<string, number>();
    const planned: Planned[] = body.map((r) => {
      const p: Planned = {
        row: r.row,
        commune: null,
        communeCode: cellCode(at('communeCode', r.cells), 5),
        code: cellCode(at('code', r.cells)),
        name: cellText(at('name', r.cells)),
        kind: null,
        validFrom: null,
        action: 'error',
      };
      const before = errors.length;
      const rawDate = at('validFrom', r.cells);
      p.validFrom = rawDate === null || cellText(rawDate) === null ? now : cellDate(rawDate);
      if (p.validFrom === null) error(r.row, 'validFrom', messages.badDate);
      else if (!dateWithin(p.validFrom, dateRanges.unit())) {
        error(r.row, 'validFrom', messages.unitDate);
        p.validFrom = null;
      }
      const hidden = hiddenCharacterCell(r.cells);
      const hiddenColumn = (Object.keys(columns) as Column[]).find((c) => header.columns[c] === hidden);
      if (hidden >= 0 && hiddenColumn) error(r.row, hiddenColumn, messages.hidden);
      const kindText = cellText(at('kind', r.cells));
      p.kind = kindText === null ? 'Thôn' : kindOf(kindText);
      if (p.kind === null) error(r.row, 'kind', messages.badKind);
      if (p.name === null) error(r.row, 'name', messages.required);
      else if (p.name.length > 200) error(r.row, 'name', messages.longName);
      if (p.code !== null && !/^[0-9A-Za-z.-]{1,20}$/.test(p.code)) error(r.row, 'code', messages.badCode);
      if (p.communeCode === null) error(r.row, 'communeCode', messages.required);
      else if (p.validFrom) {
        const d = p.validFrom;
        p.commune = communes.get(p.communeCode)?.find((c) => c.valid_from <= d && (c.valid_to === null || c.valid_to > d)) ?? null;
        if (!p.commune) error(r.row, 'communeCode', messages.noCommune);
        else if (!covers(actor.scope, p.commune.path)) error(r.row, 'communeCode', messages.outOfScope);
        // A village cannot outlive its commune: one whose commune has since ended is refused.
        else if (p.commune.valid_to !== null) error(r.row, 'communeCode', messages.communeEnded, { date: formatVi(p.commune.valid_to) });
      }
      if (errors.length > before) return p;
      const siblings = (villages.get(p.commune!.id) ?? []).filter((v) => v.valid_to === null || v.valid_to > p.validFrom!);
      const dupKeys = [`${p.commune!.id}|n|${searchKey(p.name!)}`, ...(p.code ? [`${p.commune!.id}|c|${p.code}`] : [])];
      const dup = dupKeys.map((k) => seen.get(k)).find((x) => x !== undefined);
      if (dup !== undefined) {
        error(r.row, p.code ? 'code' : 'name', messages.duplicate, { row: dup });
        return p;
      }
      dupKeys.forEach((k) => seen.set(k, r.row));
      const byCode = p.code ? siblings.find((v) => v.code === p.code) : undefined;
      const byName = siblings.find((v) => v.name_search === searchKey(p.name!));
      if (byCode) {
        p.existing = byCode;
        p.action = byCode.name === p.name && byCode.kind === p.kind ? 'unchanged' : 'rename';
      } else if (byName && !p.code) {
        p.existing = byName;
        p.action = byName.kind === p.kind ? 'unchanged' : 'rename';
      } else {
        p.action = 'create';
      }
      return p;
    });
    return { planned, errors };
  }

  /** Inside the transaction: SQLite has one connection, and a query outside it would wait forever. */
  async function nextCodes(trx: Db, communeCode: string, count: number): Promise<string[]> {
    const used = await trx.selectFrom('units').select('code').where('code', 'like', `${communeCode}-%`).execute();
    let max = 0;
    for (const u of used) {
      const n = Number(u.code.slice(communeCode.length + 1));
      if (Number.isInteger(n) && n > max) max = n;
    }
    return Array.from({ length: count }, (_, i) => `${communeCode}-${String(max + i + 1).padStart(3, '0')}`);
  }

  function summary(planned: Planned[], errors: RowError[], committed: boolean): VillageImportResult {
    const count = (a: Planned['action']) => planned.filter((p) => p.action === a && !errors.some((e) => e.row === p.row)).length;
    return {
      committed,
      total: planned.length,
      create: count('create'),
      rename: count('rename'),
      unchanged: count('unchanged'),
      errors,
      rows: planned.slice(0, 500).map((p) => ({
        row: p.row,
        communeCode: p.communeCode,
        communeName: p.commune?.name ?? null,
        code: p.existing?.code ?? p.code,
        name: p.name,
        kind: p.kind,
        validFrom: p.validFrom,
        action: errors.some((e) => e.row === p.row) ? 'error' : p.action,
      })),
    };
  }

  return {
    async preview(ctx: RequestContext, buf: Buffer, lang: Language): Promise<VillageImportResult> {
      const actor = requireUnitWrite(ctx, 'village');
      const { planned, errors } = await plan(actor, buf, lang);
      return summary(planned, errors, false);
    },

    async commit(ctx: RequestContext, buf: Buffer, lang: Language): Promise<VillageImportResult> {
      const actor = requireUnitWrite(ctx, 'village');
      const { planned, errors } = await plan(actor, buf, lang);
      if (errors.length > 0) fail('IMPORT_ROWS_INVALID', { count: errors.length }, { errors });
      const now = clock.now().toISOString();
      await db.transaction().execute(async (trx) => {
        const creates = planned.filter((p) => p.action === 'create');
        const byCommune = new Map<string, Planned[]>();
        for (const p of creates.filter((c) => !c.code)) byCommune.set(p.commune!.code, [...(byCommune.get(p.commune!.code) ?? []), p]);
        for (const [communeCode, list] of byCommune) {
          const fresh = await nextCodes(trx, communeCode, list.length);
          list.forEach((p, i) => (p.code = fresh[i]!));
        }
        for (const p of creates) {
          const taken = await trx
            .selectFrom('units')
            .select('id')
            .where('code', '=', p.code!)
            .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', p.validFrom!)]))
            .executeTakeFirst();
          if (taken) fail('IMPORT_ROWS_INVALID', { count: 1 }, { errors: [{ row: p.row, column: headers.code, message: messages.codeTaken[lang] }] });
          const row = newUnitRow({
            code: p.code!,
            name: p.name!,
            kind: p.kind!,
            level: 'village',
            parent: p.commune!,
            validFrom: p.validFrom! < p.commune!.valid_from ? p.commune!.valid_from : p.validFrom!,
            now,
          });
          const id = row.id;
          await trx.insertInto('units').values(row).execute();
          await writeAudit(trx, deps, ctx, {
            action: 'unit.create',
            entityType: 'unit',
            entityId: id,
            areaPath: row.path,
            provinceCode: row.province_code,
            after: { code: row.code, name: row.name, kind: row.kind, level: 'village', parentId: row.parent_id, validFrom: row.valid_from, validTo: null, source: 'sheet' },
          });
        }
        for (const p of planned.filter((x) => x.action === 'rename')) {
          const e = p.existing!;
          await trx.updateTable('units').set({ name: p.name!, name_search: searchKey(p.name!), kind: p.kind!, updated_at: now }).where('id', '=', e.id).execute();
          await writeAudit(trx, deps, ctx, {
            action: 'unit.update',
            entityType: 'unit',
            entityId: e.id,
            areaPath: e.path,
            provinceCode: e.province_code,
            before: { name: e.name, kind: e.kind },
            after: { name: p.name, kind: p.kind, source: 'sheet' },
          });
        }
      });
      return summary(planned, [], true);
    },

    /** The template: Vietnamese headers, allowed kinds, and the communes the user may fill in. */
    async template(ctx: RequestContext): Promise<Buffer> {
      const actor = requireUnitWrite(ctx, 'village');
      const wb = new ExcelJS.Workbook();
      wb.creator = 'Tự Quản';
      const sheet = wb.addWorksheet('Thôn, tổ dân phố');
      sheet.mergeCells('A1:E1');
      sheet.getCell('A1').value = 'DANH SÁCH THÔN, TỔ DÂN PHỐ';
      sheet.getCell('A1').font = { bold: true, size: 14 };
      const order: Column[] = ['communeCode', 'code', 'name', 'kind', 'validFrom'];
      sheet.addRow(order.map((c) => headers[c]));
      sheet.getRow(2).font = { bold: true };
      sheet.columns.forEach((col, i) => (col.width = [16, 22, 36, 16, 22][i]));
      sheet.getColumn(1).numFmt = '@';
      sheet.getColumn(2).numFmt = '@';

      const guide = wb.addWorksheet('Hướng dẫn');
      guide.addRows([
        ['Cách điền'],
        ['Mã xã/phường: mã của xã/phường (5 chữ số), xem trang "Xã, phường".'],
        ['Mã thôn, tổ dân phố: để trống thì hệ thống tự cấp; điền mã để đổi tên một thôn đã có.'],
        ['Tên thôn, tổ dân phố: bắt buộc.'],
        ['Loại: một trong các giá trị ở trang "Giá trị cho phép" (để trống: Thôn).'],
        ['Ngày bắt đầu hiệu lực: dạng 11/5/2018 (để trống: hôm nay).'],
        [],
        ['Ví dụ'],
        order.map((c) => headers[c]),
        ['22738', '', 'Khu phố 1', 'Khu phố', '1/1/2010'],
      ]);
      guide.getRow(1).font = { bold: true };
      guide.getRow(8).font = { bold: true };
      guide.getColumn(1).width = 90;

      const kinds = wb.addWorksheet('Giá trị cho phép');
      kinds.addRow(['Loại']).font = { bold: true };
      for (const k of unitKindsByLevel.village) kinds.addRow([k]);

      const list = wb.addWorksheet('Xã, phường');
      list.addRow(['Mã', 'Tên', 'Thuộc']).font = { bold: true };
      const rows = await db
        .selectFrom('units as c')
        .leftJoin('units as p', 'p.id', 'c.parent_id')
        .select(['c.code', 'c.name', 'p.name as parent'])
        .where('c.level', '=', 'commune')
        .where((eb) => validAt(eb.ref('c.valid_from'), eb.ref('c.valid_to'), today(clock)))
        .where((eb) => pathInScope(eb.ref('c.path'), actor.scope))
        .orderBy('c.code')
        .execute();
      for (const r of rows) list.addRow([r.code, r.name, r.parent]);
      list.columns.forEach((col, i) => (col.width = [10, 36, 36][i]));
      return Buffer.from(await wb.xlsx.writeBuffer());
    },
  };
}

/** 2025-07-01 → 1/7/2025, as Vietnamese readers write dates. */
function formatVi(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${d}/${m}/${y}`;
}
