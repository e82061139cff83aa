import { randomBytes } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createDeflateRaw } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestClient, type TestContext } from '../test/harness.js';
import { zip, type Packed } from '../lib/spreadsheet/test-xlsx.js';

/**
 * What an attacker or a careless user sends, at the root of each class: spreadsheets that lie
 * about their size or unpack to gigabytes, JSON nested half a million deep, and values that are
 * not what they claim (a 13th month, 30 February, a birth in year 1, a date as a phone number,
 * text that reads backwards). Each gets a 400 that says why, in Vietnamese and English, costs
 * the server little, and writes nothing.
 */

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MB = 1024 * 1024;

/** `size` bytes of zeros, deflated as a stream (a gigabyte packs into about a megabyte). */
async function zeros(size: number): Promise<Packed> {
  const deflater = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflater.on('data', (b: Buffer) => out.push(b));
  const done = new Promise((resolve) => deflater.on('end', resolve));
  const block = Buffer.alloc(16 * MB);
  for (let left = size; left > 0; left -= block.length) {
    if (!deflater.write(left >= block.length ? block : block.subarray(0, left))) await new Promise((r) => deflater.once('drain', r));
  }
  deflater.end();
  await done;
  return { deflated: Buffer.concat(out), size };
}

const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
/** The parts of a workbook that lead to its first sheet, the sheet given. */
const workbookWith = (sheet: string | Buffer | Packed) => ({
  'xl/workbook.xml': `<workbook xmlns:r="${rel}"><sheets><sheet name="a" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  'xl/_rels/workbook.xml.rels': `<Relationships><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
  'xl/worksheets/sheet1.xml': sheet,
});

/** One packed stream that N directory entries all point at, each admitting its size: a classic bomb. */
function overlapping(one: Packed, n: number): Buffer {
  const single = zip({ 'a.xml': one });
  const end = single.length - 22;
  const dirAt = single.readUInt32LE(end + 16);
  const record = single.subarray(dirAt, end);
  const records: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const r = Buffer.from(record);
    r.write(`${String.fromCharCode(97 + (i % 26))}`, 46); // another name, same data
    records.push(r);
  }
  const directory = Buffer.concat(records);
  const tail = Buffer.alloc(22);
  tail.writeUInt32LE(0x06054b50, 0);
  tail.writeUInt16LE(n, 8);
  tail.writeUInt16LE(n, 10);
  tail.writeUInt32LE(directory.length, 12);
  tail.writeUInt32LE(dirAt, 16);
  return Buffer.concat([single.subarray(0, dirAt), directory, tail]);
}

let hostileFiles: [string, Buffer][];

beforeAll(async () => {
  const gigabyte = await zeros(1024 * MB);
  hostileFiles = [
    // The attack of the report: a 1 MB file the stream reader cannot follow (no workbook part),
    // so that the whole-file reader takes it, with an entry that says 1 KB and unpacks to 1 GB.
    ['an entry that lies (the whole-file reader)', zip({ 'xl/worksheets/sheet1.xml': '<worksheet><sheetData/></worksheet>', 'xl/media/image1.png': gigabyte }, (n, s) => (n.endsWith('.png') ? 1024 : s))],
    // The same lie in the worksheet of a workbook the stream reader follows.
    ['a sheet that lies (the stream reader)', zip(workbookWith(gigabyte), (n, s) => (n.endsWith('sheet1.xml') ? 2048 : s))],
    // Noise the directory calls a 150 MB sheet (within the ratio allowed): past the hard limit.
    ['a sheet that admits 150 MB', zip(workbookWith(randomBytes(900 * 1024)), (n, s) => (n.endsWith('sheet1.xml') ? 150 * MB : s))],
    ['a sheet that admits 4 GB', zip(workbookWith('<worksheet/>'), (n, s) => (n.endsWith('sheet1.xml') ? 0xfffffffe : s))],
    ['a bomb of entries sharing one stream', overlapping(gigabyte, 1000)],
    ['a CSV of four million rows', Buffer.from('a\n'.repeat(4_000_000))],
    // Cells whose reference claims column XFD or ZZZZZZ: each row would be an array of millions.
    ['cells far to the right', zip(workbookWith(`<worksheet><sheetData>${'<row><c r="XFD1"><v>2</v></c><c r="ZZZZZZ1"><v>3</v></c></row>'.repeat(10_000)}</sheetData></worksheet>`))],
  ];
  for (const [name, file] of hostileFiles) expect(file.length, name).toBeLessThanOrEqual(10 * MB);
  expect(hostileFiles[0]![1].length).toBeGreaterThan(MB / 2);
}, 60_000);

// A full collection before each measure, so that garbage left by earlier requests is not counted.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Memory the process holds: resident, and its high-water mark (which a spike raises for good). */
function memory() {
  gc();
  return { rss: process.memoryUsage().rss, peak: process.resourceUsage().maxRSS * 1024 };
}

describe.each(engines)('hostile input (%s)', (engine) => {
  let t: TestContext;
  let officer: TestClient;
  let english: TestClient;
  let staff: TestClient;
  let admin: TestClient;
  let doVinh: string;
  const count = async (table: 'groups' | 'people' | 'memberships' | 'units' | 'users') =>
    Number((await t.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const counts = async () => Promise.all((['groups', 'people', 'memberships', 'units', 'users'] as const).map(count));

  beforeAll(async () => {
    t = await createTestContext(engine);
    officer = await t.as('commune_officer', '22738', 'cb.hostile');
    english = t.client('en');
    english.cookie = officer.cookie;
    english.csrf = officer.csrf;
    staff = await t.as('province_staff', '58', 'tinh.hostile');
    admin = await t.as('admin', '58', 'qt.hostile');
    doVinh = await t.unitId('22738');
  });
  afterAll(async () => t?.close());

  /** A 400 with the code, and the message in both languages when given. */
  function expect400(res: LightMyRequestResponse, code: string, what: string) {
    expect(res.statusCode, `${what}: ${res.body.slice(0, 300)}`).toBe(400);
    expect(res.json().error.code, what).toBe(code);
    return res.json().error.message as string;
  }

  describe('spreadsheets sent to every upload endpoint', () => {
    const endpoints = ['/api/groups/import?commit=false', '/api/groups/import?commit=true', '/api/units/villages/import?commit=false', '/api/units/villages/import?commit=true'];

    it('answer 400 within two seconds, grow the server by less than 64 MB, and write nothing', async () => {
      const before = await counts();
      for (const url of endpoints) {
        for (const [name, file] of hostileFiles) {
          const m0 = memory();
          const started = performance.now();
          const res = await officer.request('POST', url, file, { 'content-type': name.includes('CSV') ? 'text/csv' : XLSX });
          const elapsed = performance.now() - started;
          const m1 = memory();
          const what = `${name} → ${url}`;
          expect(expect400(res, 'IMPORT_INVALID_FILE', what), what).toMatch(/^Tệp không đúng định dạng: .+/);
          expect(elapsed, what).toBeLessThan(2000);
          expect(m1.rss - m0.rss, `${what}: resident memory`).toBeLessThan(64 * MB);
          expect(m1.peak - Math.max(m0.peak, m0.rss), `${what}: peak memory`).toBeLessThan(64 * MB);
        }
      }
      // In English too, with the reason.
      const en = await english.request('POST', endpoints[0]!, hostileFiles[0]![1], { 'content-type': XLSX });
      expect(expect400(en, 'IMPORT_INVALID_FILE', 'en')).toBe('The file is not in the expected format: the file unpacks to far too much data (possibly malicious)');
      const rows = await english.request('POST', endpoints[2]!, hostileFiles[5]![1], { 'content-type': 'text/csv' });
      expect(expect400(rows, 'IMPORT_INVALID_FILE', 'en')).toMatch(/more than [\d,]+ rows of data/);
      expect(await counts()).toEqual(before);
      // The server is well after all that.
      expect((await officer.get('/api/groups')).statusCode).toBe(200);
    }, 120_000);
  });

  it('counts every error of a sheet of 199,000 bad rows, by kind, but keeps only those it shows', async () => {
    const header = 'Mã địa bàn;Tên tổ, đội;Loại mô hình;Ngày thành lập;Họ và tên thành viên';
    const csv = Buffer.from(`${header}\n${'x;;;;\n'.repeat(199_000)}`);
    const m0 = memory();
    const res = await officer.request('POST', '/api/groups/import?commit=false', csv, { 'content-type': 'text/csv' });
    const m1 = memory();
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    // Each row lacks its group's name and founding date (a type left empty is read from the name, which is missing too).
    expect(res.json().errorCount).toBe(2 * 199_000);
    expect(res.json().errors).toHaveLength(10_000);
    expect(res.json().errors[0]).toEqual({ row: 2, column: 'Tên tổ, đội', value: null, message: 'Bắt buộc nhập.' });
    expect(res.json().errorKinds).toEqual([
      { column: 'Ngày thành lập', message: 'Bắt buộc nhập.', count: 199_000 },
      { column: 'Tên tổ, đội', message: 'Bắt buộc nhập.', count: 199_000 },
    ]);
    // What the process holds after it, collected: keeping all 398,000 errors would grow it by some 50 MB.
    expect(m1.rss - m0.rss, 'resident memory').toBeLessThan(64 * MB);
    const commit = await officer.request('POST', '/api/groups/import?commit=true', csv, { 'content-type': 'text/csv' });
    expect(expect400(commit, 'IMPORT_ROWS_INVALID', 'commit')).toBe('Tệp có 398000 lỗi; chưa ghi dòng nào. Sửa các dòng được chỉ ra rồi nhập lại.');
  }, 60_000);

  describe('deep and huge JSON', () => {
    const deepArray = '['.repeat(500_000) + ']'.repeat(500_000);
    const deepObject = '{"a":'.repeat(150_000) + '1' + '}'.repeat(150_000);

    it('answers 400 BODY_TOO_COMPLEX on every kind of JSON endpoint, login included, and never a 5xx', async () => {
      expect(deepArray.length).toBeLessThanOrEqual(1024 * 1024);
      expect(deepObject.length).toBeLessThanOrEqual(1024 * 1024);
      const targets: [TestClient, string, string][] = [
        [t.client(), 'POST', '/api/auth/login'],
        [officer, 'POST', '/api/people'],
        [officer, 'POST', '/api/groups'],
        [officer, 'POST', `/api/groups/${doVinh}/members`],
        [officer, 'POST', '/api/auth/password'],
        [admin, 'POST', '/api/units/imports'],
      ];
      for (const [client, method, url] of targets) {
        for (const [name, body] of [
          ['[[[[…', deepArray],
          ['{"a":{"a":…', deepObject],
        ]) {
          const res = await client.request(method, url, body, { 'content-type': 'application/json' });
          expect(res.statusCode, `${name} → ${method} ${url}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
          if (url !== '/api/auth/password') expect400(res, 'BODY_TOO_COMPLEX', `${name} → ${url}`);
        }
      }
      const vi = await t.client().request('POST', '/api/auth/login', deepArray, { 'content-type': 'application/json' });
      expect(vi.json().error.message).toBe(
        'Dữ liệu gửi lên lồng nhau quá sâu (quá 64 tầng) hoặc có quá nhiều phần tử (quá 2.000.000); không biểu mẫu nào gửi như vậy.',
      );
      const en = await t.client('en').request('POST', '/api/auth/login', deepObject, { 'content-type': 'application/json' });
      expect(en.json().error.message).toBe('The request body is nested too deeply (over 64 levels) or has too many elements (over 2,000,000); no form sends that.');
    });

    it('answers a huge array, a huge string and a body over the limit with a 4xx, never a 5xx, and writes nothing', async () => {
      const before = await counts();
      const strings = JSON.stringify(Array.from({ length: 100_000 }, (_, i) => `Tên ${i}`));
      const bodies: [string, string][] = [
        ['an array of 100,000 strings', strings],
        ['an array as the name', JSON.stringify({ fullName: JSON.parse(strings), addressUnitId: doVinh })],
        ['a name of a million characters', JSON.stringify({ fullName: 'x'.repeat(1_000_000), addressUnitId: doVinh })],
        ['a body over 1 MB', JSON.stringify({ fullName: 'x'.repeat(1_100_000) })],
        ['a million numbers', `[${'0,'.repeat(520_000)}0]`],
      ];
      for (const [name, body] of bodies) {
        for (const url of ['/api/people', '/api/groups', '/api/auth/login']) {
          const res = await officer.request('POST', url, body, { 'content-type': 'application/json' });
          expect(res.statusCode, `${name} → ${url}`).toBeGreaterThanOrEqual(400);
          expect(res.statusCode, `${name} → ${url}`).toBeLessThan(500);
          expect(res.json().error.message.length, name).toBeGreaterThan(0);
        }
      }
      expect(await counts()).toEqual(before);
    });
  });

  describe('values that are not what they claim', () => {
    it('refuses months and days that do not exist in the census and the dashboard, naming the field', async () => {
      for (const date of ['2023-13', '2023-00', '2023-02-30', '2023-04-31', '0001-01', '2999-01', '2023-1', 'tháng 4']) {
        for (const url of ['/api/census', '/api/dashboard', '/api/dashboard/map', '/api/census/export', '/api/census/document']) {
          const message = expect400(await staff.get(`${url}?unit=58&date=${encodeURIComponent(date)}`), 'VALIDATION_FAILED', `${url} ${date}`);
          expect(message).toBe(
            'Dữ liệu gửi lên không hợp lệ. Trường "date": không phải một tháng (YYYY-MM) hay một ngày (YYYY-MM-DD) có thật, từ 1900 đến 2100.',
          );
        }
      }
      const en = await english.get('/api/census?unit=58&date=2023-13');
      expect(en.statusCode).toBe(400);
      expect(en.json().error.message).toBe('The request data is not valid. Field "date": not a real month (YYYY-MM) or day (YYYY-MM-DD) from 1900 to 2100.');
      // What exists is still answered.
      expect((await staff.get('/api/census?unit=58&date=2023-12')).statusCode).toBe(200);
      expect((await staff.get('/api/census?unit=58&date=2024-02-29')).statusCode).toBe(200);
    });

    it('refuses dates that are not real, and births and events out of range, everywhere a date is taken; writes nothing', async () => {
      const before = await counts();
      const person = (body: Record<string, unknown>) => officer.post('/api/people', { fullName: 'Nguyễn Văn An', addressUnitId: doVinh, ...body });
      const group = (body: Record<string, unknown>) =>
        officer.post('/api/groups', { confirmPastChange: true, typeCode: 'to-tu-quan', name: 'Tổ tự quản thử', unitId: doVinh, foundedOn: '2018-05-11', ...body });
      const nextYear = new Date().getUTCFullYear() + 1;
      const cases: [string, Promise<LightMyRequestResponse>, string, string][] = [
        ['birthDate 30/2', person({ birthDate: '2023-02-30' }), 'birthDate', 'ngày sinh phải là một ngày có thật, từ 1/1/1900 đến hôm nay'],
        ['birthDate year 1', person({ birthDate: '0001-01-01' }), 'birthDate', 'ngày sinh phải là một ngày có thật, từ 1/1/1900 đến hôm nay'],
        ['birthDate 2099', person({ birthDate: '2099-01-01' }), 'birthDate', 'ngày sinh phải là một ngày có thật, từ 1/1/1900 đến hôm nay'],
        ['birthYear 1', person({ birthYear: 1 }), 'birthYear', 'năm sinh phải từ 1900 đến năm nay'],
        ['birthYear 2099', person({ birthYear: 2099 }), 'birthYear', 'năm sinh phải từ 1900 đến năm nay'],
        ['birthYear next year', person({ birthYear: nextYear }), 'birthYear', 'năm sinh phải từ 1900 đến năm nay'],
        ['foundedOn 30/2', group({ foundedOn: '2023-02-30' }), 'foundedOn', 'phải là một ngày có thật, từ 1/1/1945 đến một năm sau hôm nay'],
        ['foundedOn 1900', group({ foundedOn: '1900-01-01' }), 'foundedOn', 'phải là một ngày có thật, từ 1/1/1945 đến một năm sau hôm nay'],
        ['foundedOn 2099', group({ foundedOn: '2099-01-01' }), 'foundedOn', 'phải là một ngày có thật, từ 1/1/1945 đến một năm sau hôm nay'],
        ['decisionDate 31/4', group({ decisionDate: '2018-04-31' }), 'decisionDate', 'phải là một ngày có thật, từ 1/1/1945 đến một năm sau hôm nay'],
        ['unit validFrom 30/2', admin.post('/api/units', { code: 'X-1', name: 'Thôn Thử', level: 'village', kind: 'Thôn', parentId: doVinh, validFrom: '2023-02-30' }), 'validFrom', 'phải là một ngày có thật, từ 1/1/1800 đến mười năm sau hôm nay'],
        ['unit validFrom 9999', admin.post('/api/units', { code: 'X-2', name: 'Thôn Thử', level: 'village', kind: 'Thôn', parentId: doVinh, validFrom: '9999-01-01' }), 'validFrom', 'phải là một ngày có thật, từ 1/1/1800 đến mười năm sau hôm nay'],
        ['as-of date 30/2', officer.get('/api/groups?date=2023-02-30'), 'date', 'không phải một ngày có thật (dạng YYYY-MM-DD)'],
      ];
      for (const [name, pending, field, reason] of cases) {
        const message = expect400(await pending, 'VALIDATION_FAILED', name);
        expect(message, name).toBe(`Dữ liệu gửi lên không hợp lệ. Trường "${field}": ${reason}.`);
      }
      const en = await english.post('/api/people', { fullName: 'Nguyễn Văn An', addressUnitId: doVinh, birthYear: 1 });
      expect(en.json().error.message).toBe('The request data is not valid. Field "birthYear": the year of birth must be between 1900 and this year.');
      expect(en.json().error.details.issues[0]).toEqual({ path: 'body.birthYear', message: 'the year of birth must be between 1900 and this year' });
      expect(await counts()).toEqual(before);
      // The edges are taken.
      expect((await person({ fullName: 'Lê Thị Biên', birthDate: '1900-01-01' })).statusCode).toBe(201);
      expect((await group({ name: 'Tổ Biên', foundedOn: '1945-01-01' })).statusCode).toBe(201);
    });

    it('takes a phone as people write it, stored as digits, and refuses what is not a phone', async () => {
      const before = await counts();
      for (const bad of ['2023-02-30', '12345', '0912 345 678 999', 'abc', '+1 202 555 0100', '09123456789012', '+84 (0) 912 345 678', '0123456789', '0212345678']) {
        const message = expect400(await officer.post('/api/people', { fullName: 'Nguyễn Văn An', addressUnitId: doVinh, phone: bad }), 'VALIDATION_FAILED', bad);
        expect(message).toMatch(/^Dữ liệu gửi lên không hợp lệ\. Trường "phone": không phải số điện thoại/);
        expect400(await officer.post('/api/groups', { confirmPastChange: true, typeCode: 'to-tu-quan', name: 'Tổ gọi', unitId: doVinh, foundedOn: '2018-05-11', contactPhone: bad }), 'VALIDATION_FAILED', bad);
      }
      expect(await counts()).toEqual(before);
      for (const [given, stored] of [
        ['+84 912.345-678', '0912345678'],
        ['0912 345 678', '0912345678'],
        ['(0258) 3822 123', '02583822123'],
      ]) {
        const res = await officer.post('/api/people', { fullName: `Số ${given}`, addressUnitId: doVinh, phone: given });
        expect(res.statusCode, given).toBe(201);
        expect(res.json().phone).toBe(stored);
      }
    });

    it('refuses control and direction characters in names and text, and removes zero-width ones', async () => {
      const before = await counts();
      const reason = 'có ký tự điều khiển hoặc ký tự đổi chiều văn bản (không nhìn thấy được, có thể làm chữ đọc sai); hãy gõ lại';
      const hostile = ['Nguyễn \u202eAn', 'An\u202d', 'Bình\u2066x\u2069', 'Chi\u0007', 'Dũng\u001b[31m', 'Hoa\u0085', 'Lan\u200f', 'Mai\u007f'];
      for (const name of hostile) {
        const what = JSON.stringify(name);
        expect(expect400(await officer.post('/api/people', { fullName: name, addressUnitId: doVinh }), 'VALIDATION_FAILED', what)).toBe(
          `Dữ liệu gửi lên không hợp lệ. Trường "fullName": ${reason}.`,
        );
        expect400(await officer.post('/api/groups', { confirmPastChange: true, typeCode: 'to-tu-quan', name, unitId: doVinh, foundedOn: '2018-05-11' }), 'VALIDATION_FAILED', what);
        expect400(await officer.post('/api/groups', { confirmPastChange: true, typeCode: 'to-tu-quan', name: 'Tổ ghi chú', unitId: doVinh, foundedOn: '2018-05-11', notes: `ghi chú ${name}` }), 'VALIDATION_FAILED', what);
        expect400(await admin.post('/api/units', { code: 'X-3', name, level: 'village', kind: 'Thôn', parentId: doVinh, validFrom: '2020-01-01' }), 'VALIDATION_FAILED', what);
        expect400(await admin.post('/api/model-types', { name, reportNoun: 'tổ' }), 'VALIDATION_FAILED', what);
      }
      expect(await counts()).toEqual(before);
      // Zero-width characters from copy and paste are removed; tab and line breaks stay where text runs over lines.
      const res = await officer.post('/api/people', { fullName: '\ufeffNguyễn\u200b Văn\u200d An\u2060', addressUnitId: doVinh, addressText: 'Khu phố 1\nPhường Đô Vinh' });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().fullName).toBe('Nguyễn Văn An');
      const g = await officer.post('/api/groups', { confirmPastChange: true, typeCode: 'to-tu-quan', name: 'Tổ\u200b Xanh', unitId: doVinh, foundedOn: '2018-05-11', notes: 'dòng 1\n\tdòng 2' });
      expect(g.statusCode, g.body).toBe(201);
      // Tab and line breaks are not refused (the groups service folds them to spaces).
      expect([g.json().name, g.json().notes]).toEqual(['Tổ Xanh', 'dòng 1 dòng 2']);
    });

    it('gives a sheet row the same answers: control characters, dates and years out of range, a date for a phone; nothing written', async () => {
      const before = await counts();
      const header = 'Mã địa bàn;Tên tổ, đội;Loại mô hình;Ngày thành lập;Họ và tên thành viên;Ngày sinh;Điện thoại;Ngày vào tổ';
      const rows = [
        '22738;Tổ \u202eMột;Tổ nhân dân tự quản;11/5/2018;;;;',
        '22738;Tổ Hai;Tổ nhân dân tự quản;1/1/1900;;;;',
        '22738;Tổ Ba;Tổ nhân dân tự quản;11/5/2018;Lê Văn\u0007 Ba;1985;;',
        '22738;Tổ Ba;Tổ nhân dân tự quản;11/5/2018;Lê Văn Bốn;2099;;',
        '22738;Tổ Ba;Tổ nhân dân tự quản;11/5/2018;Lê Văn Năm;1985;2023-02-30;',
        '22738;Tổ Ba;Tổ nhân dân tự quản;11/5/2018;Lê Văn Sáu;1985;;30/2/2019',
        '22738;Tổ Ba;Tổ nhân dân tự quản;11/5/2018;Lê Văn Bảy;1985;;1/1/2099',
        '22738;Tổ\u200b Bốn;Tổ nhân dân tự quản;11/5/2018;;;;',
      ];
      const csv = Buffer.from([header, ...rows].join('\n'));
      const res = await officer.request('POST', '/api/groups/import?commit=false', csv, { 'content-type': 'text/csv' });
      expect(res.statusCode, res.body).toBe(200);
      const errors = res.json().errors.map((e: { row: number; column: string | null; message: string }) => [e.row, e.column, e.message]);
      expect(errors).toEqual([
        [2, 'Tên tổ, đội', 'Có ký tự điều khiển hoặc ký tự đổi chiều văn bản (không nhìn thấy được, có thể làm chữ đọc sai); hãy gõ lại.'],
        [3, 'Ngày thành lập', 'Phải là một ngày có thật, từ 1/1/1945 đến một năm sau hôm nay.'],
        [4, 'Họ và tên thành viên', 'Có ký tự điều khiển hoặc ký tự đổi chiều văn bản (không nhìn thấy được, có thể làm chữ đọc sai); hãy gõ lại.'],
        [5, 'Ngày sinh', 'Ngày sinh hoặc năm sinh không hợp lệ (từ năm 1900 đến hôm nay).'],
        [6, 'Điện thoại', 'Số điện thoại không hợp lệ.'],
        [7, 'Ngày vào tổ', 'Ngày không hợp lệ (dùng dạng 11/5/2018).'],
        [8, 'Ngày vào tổ', 'Phải là một ngày có thật, từ 1/1/1945 đến một năm sau hôm nay.'],
      ]);
      const commit = await officer.request('POST', '/api/groups/import?commit=true', csv, { 'content-type': 'text/csv' });
      expect(expect400(commit, 'IMPORT_ROWS_INVALID', 'commit')).toBe('Tệp có 7 lỗi; chưa ghi dòng nào. Sửa các dòng được chỉ ra rồi nhập lại.');
      expect(await counts()).toEqual(before);

      const villages = Buffer.from(['Mã xã/phường;Tên thôn, tổ dân phố;Ngày bắt đầu hiệu lực', '22738;Khu phố \u202eMới;1/1/2020', '22738;Khu phố Cũ;1/1/1700', '22738;Khu phố\u200b Giữa;1/1/2020'].join('\n'));
      const v = await officer.request('POST', '/api/units/villages/import?commit=false', villages, { 'content-type': 'text/csv' });
      expect(v.statusCode, v.body).toBe(200);
      expect(v.json().errors.map((e: { row: number; column: string | null }) => [e.row, e.column])).toEqual([
        [2, 'Tên thôn, tổ dân phố'],
        [3, 'Ngày bắt đầu hiệu lực'],
      ]);
      expect(v.json().rows.find((r: { row: number }) => r.row === 4).name).toBe('Khu phố Giữa');
      expect(expect400(await officer.request('POST', '/api/units/villages/import?commit=true', villages, { 'content-type': 'text/csv' }), 'IMPORT_ROWS_INVALID', 'villages')).toMatch(/^Tệp có 2 lỗi/);
      expect(await counts()).toEqual(before);
    });
  });
});
