import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';

/** The officer confirms the census of past months changes: these sheets are back-dated. */
const CONFIRMED = `&options=${encodeURIComponent(JSON.stringify({ confirmPastChange: true }))}`;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADERS = ['Mã địa bàn', 'Tên tổ, đội', 'Loại mô hình', 'Ngày thành lập', 'Số quyết định', 'Họ và tên thành viên', 'Giới tính', 'Ngày sinh', 'Số CCCD', 'Điện thoại', 'Vai trò', 'Ngày vào tổ'];

async function workbook(rows: unknown[][], headers = HEADERS): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Danh sách');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csv = (rows: unknown[][], headers = HEADERS) => Buffer.from([headers, ...rows].map((r) => r.map((c) => `"${String(c)}"`).join(',')).join('\r\n'), 'utf8');

/** A member row of the group "Tổ 1" in Đô Vinh, founded on `founded`. */
const member = (n: number, founded: unknown = '11/5/2018', joined: unknown = '') => ['22738', 'Tổ nhân dân tự quản khu phố 1', 'Tổ nhân dân tự quản', founded, '', `Nguyễn Văn Thứ ${n}`, 'Nam', '1985', '', '', 'Thành viên', joined];

describe.each(engines)('sheet values as people write them, and errors to act on (%s)', (engine) => {
  let t: TestContext;
  let officer: TestClient;

  const send = (buf: Buffer, commit: boolean, type = XLSX) => officer.request('POST', `/api/groups/import?commit=${commit}${commit ? CONFIRMED : ''}`, buf, { 'content-type': type });
  const count = async (table: 'groups' | 'people' | 'memberships') =>
    Number((await t.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestContext(engine);
    officer = await t.as('commune_officer', '22738', 'cb.gia.tri');
    officer.lang = 'en';
  });
  afterAll(async () => t?.close());

  it('refuses a bare year where a date is expected, as a number cell or as text, echoing it, and never reads it as a serial', async () => {
    for (const [buf, type] of [[await workbook([member(1, 2025), member(2, '11/5/2018', '2019')]), XLSX], [csv([member(1, '2025'), member(2, '11/5/2018', '2019')]), 'text/csv']] as const) {
      const res = await send(buf, false, type);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().errors).toEqual([
        { row: 2, column: 'Ngày thành lập', value: '2025', message: 'A year alone: a full date is needed (such as 11/5/2018).' },
        { row: 3, column: 'Ngày vào tổ', value: '2019', message: 'A year alone: a full date is needed (such as 11/5/2018).' },
      ]);
      expect((await send(buf, true, type)).statusCode).toBe(400);
    }
    expect(await count('groups')).toBe(0);
  });

  it('reads dates with dots, dashes and unambiguous two-digit years', async () => {
    const res = await send(csv([member(1, '11.5.2018', '1-6-2018'), member(2, '11.5.2018', '2/7/18')]), true, 'text/csv');
    expect(res.statusCode, res.body).toBe(200);
    const groups = (await officer.get('/api/groups?date=2026-01-01')).json().items;
    expect(groups.map((g: { foundedOn: string }) => g.foundedOn)).toEqual(['2018-05-11']);
    const members = (await officer.get(`/api/groups/${groups[0].id}/members?date=2026-01-01`)).json();
    expect(members.map((x: { validFrom: string }) => x.validFrom).sort()).toEqual(['2018-06-01', '2018-07-02']);
  });

  it('returns every error of more than a thousand, counted by kind, and says which part of a citizen ID number disagrees', async () => {
    const rows = [
      // 1,200 founding dates that are years alone, 400 bad phone numbers: every error is returned.
      ...Array.from({ length: 1_200 }, (_, i) => member(i, 2016)),
      ...Array.from({ length: 400 }, (_, i) => [...member(2_000 + i).slice(0, 9), '12345', 'Thành viên', '']),
      // Born in 1985, a man, registered in Ninh Thuận: each number disagrees in one part.
      [...member(3_000).slice(0, 8), '058185001234', '', '', ''],
      [...member(3_001).slice(0, 8), '058090001234', '', '', ''],
      [...member(3_002).slice(0, 8), '099085001234', '', '', ''],
      [...member(3_003).slice(0, 8), '0580850012345', '', '', ''],
    ];
    const res = await send(await workbook(rows), false);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.errorCount).toBe(1_604);
    expect(body.errors).toHaveLength(1_604);
    expect(body.errors[1_199]).toEqual({ row: 1_201, column: 'Ngày thành lập', value: '2016', message: 'A year alone: a full date is needed (such as 11/5/2018).' });
    expect(body.errors[1_599]).toEqual({ row: 1_601, column: 'Điện thoại', value: '12345', message: 'Invalid phone number.' });
    expect(body.errors.slice(1_600)).toEqual([
      { row: 1_602, column: 'Số CCCD', value: '058185001234', message: 'Invalid citizen ID number: the fourth digit does not match the sex.' },
      { row: 1_603, column: 'Số CCCD', value: '058090001234', message: 'Invalid citizen ID number: the fifth and sixth digits do not match the year of birth.' },
      { row: 1_604, column: 'Số CCCD', value: '099085001234', message: 'Invalid citizen ID number: the first three digits are not a province code.' },
      { row: 1_605, column: 'Số CCCD', value: '0580850012345', message: 'Invalid citizen ID number: it must be exactly 12 digits.' },
    ]);
    expect(body.errorKinds).toEqual([
      { column: 'Ngày thành lập', message: 'A year alone: a full date is needed (such as 11/5/2018).', count: 1_200 },
      { column: 'Điện thoại', message: 'Invalid phone number.', count: 400 },
      // Kinds as frequent as each other: by column, then as first met.
      ...[
        'Invalid citizen ID number: the fourth digit does not match the sex.',
        'Invalid citizen ID number: the fifth and sixth digits do not match the year of birth.',
        'Invalid citizen ID number: the first three digits are not a province code.',
        'Invalid citizen ID number: it must be exactly 12 digits.',
      ].map((message) => ({ column: 'Số CCCD', message, count: 1 })),
    ]);
    const commit = await send(await workbook(rows), true);
    expect(commit.statusCode).toBe(400);
    expect(commit.json().error.details.errors).toHaveLength(1_604);
    expect(commit.json().error.details.errorKinds[0]).toEqual({ column: 'Ngày thành lập', message: 'A year alone: a full date is needed (such as 11/5/2018).', count: 1_200 });
  }, 60_000);

  it('reads a join date under its usual name, and lists the columns it does not read, which are not imported', async () => {
    const headers = ['STT', ...HEADERS.slice(0, 11), 'Ngày tham gia', 'Ghi chú'];
    const res = await send(csv([['1', ...member(4_000).slice(0, 11), '31/6/2019', '']], headers), false, 'text/csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ignoredColumns: ['STT', 'Ghi chú'], errors: [{ row: 2, column: 'Ngày tham gia', value: '31/6/2019' }] });
    expect(res.json().columns.find((c: { header: string }) => c.header === 'Ngày tham gia')).toEqual({ index: 12, header: 'Ngày tham gia', field: 'joined', source: 'synonym' });
    const fixed = await send(csv([['1', ...member(4_000).slice(0, 11), '1/6/2019', '']], headers), false, 'text/csv');
    expect(fixed.json()).toMatchObject({ errors: [], ignoredColumns: ['STT', 'Ghi chú'], memberships: { create: 1 } });
    const plain = await send(await workbook([member(4_001)]), false);
    expect(plain.json().ignoredColumns).toEqual([]);
  });

  it('names one bad date near the end of 10,000 rows with its row and value, and writes nothing', async () => {
    const before = [await count('groups'), await count('people'), await count('memberships')];
    const rows = Array.from({ length: 10_000 }, (_, i) => ['22738', `Tổ tự quản số ${i}`, 'Tổ nhân dân tự quản', i === 9_002 ? '31/02/2019' : '11/5/2018', '', '', '', '', '', '', '', '']);
    const buf = await workbook(rows);
    const preview = await send(buf, false);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ total: 10_000, errorCount: 1, errors: [{ row: 9_004, column: 'Ngày thành lập', value: '31/02/2019', message: 'Invalid date (use 11/5/2018).' }] });
    const commit = await send(buf, true);
    expect(commit.statusCode).toBe(400);
    expect(commit.json().error.details.errors).toEqual([{ row: 9_004, column: 'Ngày thành lập', value: '31/02/2019', message: 'Invalid date (use 11/5/2018).' }]);
    expect([await count('groups'), await count('people'), await count('memberships')]).toEqual(before);
  }, 120_000);
});
