import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readSheet } from './read.js';

describe('reading spreadsheets', () => {
  it('reads every valid workbook, including the ZIP layouts that trip the stream reader now and then', async () => {
    // About one in a hundred workbooks written by exceljs defeats its own stream reader; the
    // reader falls back to loading the whole file, so none may fail.
    for (let i = 0; i < 150; i++) {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Danh sách');
      ws.addRow(['Mã địa bàn', 'Tên tổ, đội']);
      ws.addRow(['22738', `Tổ ${i} ${Math.random()}`]);
      const guide = wb.addWorksheet('Hướng dẫn');
      for (let j = 0; j < 40; j++) guide.addRow([`dòng ${j} ${Math.random()}`]);
      const rows = await readSheet(Buffer.from(await wb.xlsx.writeBuffer()));
      expect(rows.map((r) => r.row)).toEqual([1, 2]);
      expect(rows[1]!.cells[0]).toBe('22738');
    }
  }, 60_000);
});
