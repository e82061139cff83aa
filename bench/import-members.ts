/**
 * Benchmark: importing member rows of groups from an .xlsx sheet on SQLite — rows per second
 * of the confirmed import (read, check, match, write in one transaction) and the process's
 * peak memory, for sheets of growing size.
 *
 *   npx tsx bench/import-members.ts [--rows 100000]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { freshDatabase } from '../src/server/test/harness.js';
import { systemClock } from '../src/server/lib/clock.js';
import { createIdentityCipher } from '../src/server/lib/identity-cipher.js';
import { randomBytes } from 'node:crypto';
import { loadOfficialList, officialList } from '../src/server/features/units/official-list.js';
import { createGroupSheetImport } from '../src/server/features/groups/sheet-import.js';
import { permissionsOf } from '../src/server/auth/permissions.js';
import { nationwide } from '../src/server/auth/scope.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' } } });
const sizes = [...new Set([10_000, Number(values.rows)])].sort((a, b) => a - b);

const family = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Phan', 'Vũ', 'Đặng', 'Bùi', 'Đỗ'];
const middle = ['Văn', 'Thị', 'Hữu', 'Minh', 'Thanh', 'Ngọc'];
const given = ['An', 'Bình', 'Cường', 'Dũng', 'Hải', 'Hoa', 'Lan', 'Mai', 'Nam', 'Phúc', 'Quang', 'Sơn', 'Tâm', 'Thu', 'Vinh'];

async function sheet(rows: number, communes: string[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Danh sách');
  ws.addRow(['Mã địa bàn', 'Tên tổ, đội', 'Loại mô hình', 'Ngày thành lập', 'Họ và tên thành viên', 'Giới tính', 'Năm sinh', 'Điện thoại', 'Vai trò', 'Ngày vào tổ']);
  for (let i = 0; i < rows; i++) {
    const g = Math.floor(i / 8);
    const name = `${family[i % 10]} ${middle[(i >> 3) % 6]} ${given[(i * 7) % 15]} ${i}`;
    ws.addRow([communes[g % communes.length], `Tổ tự quản số ${g}`, 'Tổ nhân dân tự quản', '1/1/2015', name, i % 2 ? 'Nam' : 'Nữ', 1950 + (i % 50), 900_000_000 + i, i % 8 === 0 ? 'Tổ trưởng' : 'Thành viên', '1/3/2016']);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const raw = JSON.parse(readFileSync(resolve('data/admin-units/vn-units-2025-03-01.json'), 'utf8'));
for (const rows of sizes) {
  const { handle, drop } = await freshDatabase('sqlite');
  const deps = { db: handle.db, engine: handle.engine, clock: systemClock, identity: createIdentityCipher(randomBytes(32)) };
  await loadOfficialList(deps, officialList.parse(raw), ['58']);
  const communes = (await handle.db.selectFrom('units').select('code').where('level', '=', 'commune').execute()).map((c) => c.code);
  const file = await sheet(rows, communes);
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const ctx = { actor: { id: 'bench', username: 'bench', role: 'admin' as const, scope: nationwide, provinceCode: null, permissions: new Set(permissionsOf('admin')) }, ip: null, requestId: 'bench' };
  const t0 = performance.now();
  const result = await createGroupSheetImport(deps).commit(ctx, file, 'vi');
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  console.log(
    `${rows.toLocaleString('en')} rows (${(file.length / 1024 / 1024).toFixed(1)} MB .xlsx): ${seconds.toFixed(2)} s, ` +
      `${Math.round(rows / seconds).toLocaleString('en')} rows/s; peak rss ${Math.round(peak / 1024 / 1024)} MB ` +
      `(+${Math.round((peak - base) / 1024 / 1024)} MB); created ${result.groups.create} groups, ${result.people.create} people, ${result.memberships.create} memberships`,
  );
  await handle.close();
  await drop();
}
