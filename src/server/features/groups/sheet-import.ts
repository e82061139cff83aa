import type { Deps, RequestContext } from '../../context.js';
import type { Language } from '../../../shared/common.js';
import type { GroupSheetResult } from '../../../shared/groups.js';
import ExcelJS from 'exceljs';
import { requirePermission } from '../../auth/guard.js';
import { auditHiddenHolder } from '../../auth/identity-policy.js';
import { writeAudit } from '../../audit/service.js';
import { fail } from '../../lib/errors.js';
import { today } from '../../lib/clock.js';
import { sheetHeaders, templateOrder } from './sheet-import-columns.js';
import { addError, planSheet, type SheetPlan } from './sheet-import-plan.js';
import { matchExisting } from './sheet-import-match.js';
import { withSmallPageCache, writePlan } from './sheet-import-write.js';
import { rememberedMapping, rememberMapping } from './sheet-import-memory.js';
import { activeModelTypes, areasForTemplate } from './queries.js';
import { errorSheet } from '../../lib/spreadsheet/error-sheet.js';
import type { GroupSheetOptions } from '../../../shared/group-import.js';
import { guardPast, pastCensusChanges, type CensusDelta } from '../census/past.js';
import type { Scope } from '../../auth/scope.js';

/** The header of the error column of a sheet sent back; a sheet holding it is read without it. */
const ERROR_HEADER = 'Lỗi cần sửa (Tự Quản) / Errors to fix';

/** What the file's options must still give, said in one sentence. */
function needsReason(needs: string[]) {
  const vi = { type: 'loại mô hình', area: 'địa bàn', founded: 'ngày thành lập' } as Record<string, string>;
  const en = { type: 'the model type', area: 'the area', founded: 'the founding date' } as Record<string, string>;
  return {
    vi: `tệp còn thiếu ${needs.map((n) => vi[n]).join(', ')}; hãy chọn cho cả tệp rồi nhập lại.`,
    en: `the file lacks ${needs.map((n) => en[n]).join(', ')}; choose it for the whole file and import again.`,
  };
}

export { sheetHeaders } from './sheet-import-columns.js';

const heldElsewhere = {
  vi: 'Số CCCD này thuộc một người ngoài địa bàn của bạn, nên không thể nhập ở đây. Hãy bỏ dòng này khỏi tệp và gửi đề nghị kết nạp từ trang của tổ, đội.',
  en: 'This citizen ID number belongs to someone outside your area, so it cannot be imported here. Remove this row from the file and send a membership request from the group’s page.',
};

/**
 * Groups and their members from a spreadsheet: one row per member (or a group alone). A
 * preview writes nothing; the confirmation writes everything in one transaction, or nothing.
 * Rows match what exists — groups by area, type and name; people by citizen ID number, else
 * by name, birth and commune; memberships by group and person — so the same sheet imported
 * twice creates nothing new. People are matched only inside the importer's scope: a row whose
 * citizen ID number is held by someone outside it is an error that names no one, and the
 * officer is pointed to a membership request instead. The sheet is read and checked as a stream (sheet-import-plan.ts),
 * matched in batches (sheet-import-match.ts) and written in multi-row statements
 * (sheet-import-write.ts).
 */
export function createGroupSheetImport(deps: Deps) {
  const { db, clock } = deps;
  const identity = deps.identity ?? fail('INTERNAL');

  async function analyse(ctx: RequestContext, buf: Buffer, lang: Language, options: GroupSheetOptions, source: 'group.import.preview' | 'group.import', keepAll = false) {
    const actor = requirePermission(ctx, 'groups.write');
    const now = clock.now().toISOString();
    const remembered = (shape: string) => rememberedMapping(db, actor.id, shape);
    const plan = await planSheet({ db, hash: (cccd) => identity.hash(cccd), now, remembered }, actor, buf, lang, options, keepAll);
    const { hidden } = await matchExisting(db, actor.scope, plan);
    // A number held outside the scope: a row error naming no one and no place (nor echoing the
    // number: the answer names nothing outside the scope), and the attempt
    // filed under the holder's area (auth/identity-policy.ts).
    for (const { person, holder } of hidden) {
      addError(plan, { row: person.firstRow, column: plan.columns.find((c) => c.field === 'cccd')?.header || sheetHeaders.cccd, value: null, message: heldElsewhere[lang] }, true);
      await auditHiddenHolder(db, deps, ctx, holder, { source, cccdLast4: person.cccd?.slice(-4) ?? null });
    }
    if (hidden.length > 0) plan.errors.sort((a, b) => a.row - b.row);
    return { actor, plan, now, deltas: plan.errorCount === 0 ? censusDeltas(plan) : [] };
  }

  return {
    /** The template: the headers, a guide with an example, allowed values, and the areas the user may fill in. */
    async template(ctx: RequestContext): Promise<Buffer> {
      const actor = requirePermission(ctx, 'groups.write');
      const wb = new ExcelJS.Workbook();
      wb.creator = 'Tự Quản';
      const order = templateOrder;
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
      const types = (await activeModelTypes(db)).filter(
        (t) => t.province_code === null || actor.scope.path === null || t.province_code === actor.provinceCode,
      );
      const roleNames = ['Tổ trưởng', 'Tổ phó', 'Thành viên'];
      for (let i = 0; i < Math.max(types.length, 3); i++) allowed.addRow([types[i]?.name ?? null, roleNames[i] ?? null, ['Nam', 'Nữ'][i] ?? null]);
      allowed.getColumn(1).width = 36;
      const areas = wb.addWorksheet('Địa bàn');
      areas.addRow(['Mã', 'Tên', 'Thuộc']).font = { bold: true };
      const rows = await areasForTemplate(db, actor.scope, today(clock));
      for (const r of rows) areas.addRow([r.code, r.name, r.parent]);
      areas.columns.forEach((c, i) => (c.width = [14, 36, 36][i]));
      return Buffer.from(await wb.xlsx.writeBuffer());
    },

    async preview(ctx: RequestContext, buf: Buffer, lang: Language, options: GroupSheetOptions = {}) {
      const { actor, plan, now, deltas } = await analyse(ctx, buf, lang, options, 'group.import.preview');
      return { ...summary(plan, false), ...(await pastOf(deps, actor.scope, deltas, now)) };
    },

    /**
     * The officer's own sheet back, every row as read, with a column of its errors and the
     * refused cells filled: fixed in Excel, it is imported again as it is.
     */
    async errorSheet(ctx: RequestContext, buf: Buffer, lang: Language, options: GroupSheetOptions = {}): Promise<Buffer> {
      const { plan } = await analyse(ctx, buf, lang, options, 'group.import.preview', true);
      const indexOf = new Map(plan.columns.map((c) => [c.header, c.index]));
      const marks = plan.errors.map((e) => ({ row: e.row, column: e.column === null ? null : (indexOf.get(e.column) ?? null), message: e.message }));
      return errorSheet(buf, marks, { headerRow: plan.headerRow, errorHeader: ERROR_HEADER });
    },

    async commit(ctx: RequestContext, buf: Buffer, lang: Language, options: GroupSheetOptions = {}) {
      const { actor, plan, now, deltas } = await analyse(ctx, buf, lang, options, 'group.import');
      if (plan.needs.length > 0) fail('IMPORT_INVALID_FILE', { reason: needsReason(plan.needs) });
      if (plan.errorCount > 0) fail('IMPORT_ROWS_INVALID', { count: plan.errorCount }, { errors: plan.errors, errorKinds: kindsOf(plan) });
      // A census already reported, exported or more than a month old changes only when confirmed.
      const past = await guardPast(deps, actor.scope, deltas, options.confirmPastChange);
      const result = summary(plan, true);
      await withSmallPageCache(db, deps.engine, () => db.transaction().execute(async (trx) => {
        const { newGroupIds } = await writePlan(trx, deps, identity, ctx, plan, now);
        await writeAudit(trx, deps, ctx, {
          action: 'group.import',
          entityType: 'group',
          entityId: null,
          areaPath: actor.scope.path,
          provinceCode: actor.provinceCode ?? null,
          after: { rows: result.total, groups: result.groups, people: result.people, memberships: result.memberships, groupIds: newGroupIds.slice(0, 1000), ...past },
        });
        await rememberMapping(trx, actor.id, plan, now);
      }));
      return result;
    },
  };
}

/** The errors counted by kind, the most frequent first, then by column, then as first met. */
function kindsOf(plan: SheetPlan) {
  return [...plan.kinds.values()].sort((a, b) => b.count - a.count || (a.column ?? '').localeCompare(b.column ?? ''));
}

/** Counts of what the sheet creates, updates and leaves as it is, the errors and their kinds. */
function summary(plan: SheetPlan, committed: boolean): GroupSheetResult {
  const count = <T extends { existing: boolean; update?: object }>(items: Iterable<T>) => {
    const n = { create: 0, update: 0, unchanged: 0 };
    for (const x of items) n[!x.existing ? 'create' : x.update ? 'update' : 'unchanged']++;
    return n;
  };
  return {
    committed,
    total: plan.total,
    groups: count(plan.groups.values()),
    people: count(plan.people.values()),
    memberships: count(membersOf(plan)),
    errors: plan.errors,
    errorCount: plan.errorCount,
    errorKinds: kindsOf(plan),
    ignoredColumns: plan.ignoredColumns,
    headerRow: plan.headerRow,
    columns: plan.columns,
    remembered: plan.remembered,
    needs: plan.needs,
    areaChoices: plan.areaChoices,
    // Filled by the preview (pastOf); a committed import has been confirmed.
    pastChanges: [],
    pastChangeCount: 0,
    confirmationNeeded: false,
  };
}

function* membersOf(plan: SheetPlan) {
  for (const g of plan.groups.values()) yield* g.members.values();
}

/**
 * What the import adds to the census through time: each new group from its founding date, and
 * each new membership from its start, in the area the group stands in then.
 */
function censusDeltas(plan: SheetPlan): CensusDelta[] {
  // Summed per area, type and day as they are met: a sheet's members share a few join dates.
  const sums = new Map<string, CensusDelta>();
  const add = (unitId: string, typeCode: string, from: string, groups: number, members: number) => {
    const key = `${unitId}|${typeCode}|${from}`;
    const d = sums.get(key);
    if (d) {
      d.groups += groups;
      d.members += members;
    } else sums.set(key, { unitId, typeCode, from, until: null, groups, members });
  };
  for (const g of plan.groups.values()) {
    if (!g.existing) add(g.unit.id, g.row.type_code, g.row.founded_on, 1, 0);
    for (const m of g.members.values()) if (!m.existing) add(g.unit.id, g.row.type_code, m.validFrom, 0, 1);
  }
  return [...sums.values()];
}

/** The censuses of the past the import would change, as the preview shows them. */
async function pastOf(deps: Deps, scope: Scope, deltas: CensusDelta[], now: string) {
  const past = deltas.length === 0 ? null : await pastCensusChanges(deps, deltas, now, scope);
  return { pastChanges: past?.changes ?? [], pastChangeCount: past?.count ?? 0, confirmationNeeded: past?.confirmationNeeded ?? false };
}
