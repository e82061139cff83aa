import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, loadDemo } from '../../demo/load.js';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';
import { DEFAULT_ISSUER } from '../../../shared/census-report.js';
import { MOTTO, NATIONAL_NAME, placeAndDate, reportHeading } from './document.js';

const BRIEF =
  'Tính đến tháng 4-2018, toàn tỉnh có 2.596 Tổ nhân dân tự quản với 4.425 thành viên, 20 đội dân phòng với 373 thành viên, 76 tổ an ninh xung kích với 612 thành viên và 113 tộc họ tự quản về ANTT.';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** A .docx as Word would show it: the paragraphs' text (tables' cells are paragraphs too), and the raw XML of its parts. */
async function openDocx(payload: Buffer) {
  const zip = await JSZip.loadAsync(payload);
  const part = async (name: string) => (await zip.file(name)?.async('string')) ?? '';
  const xml = await part('word/document.xml');
  const paragraphs = xml
    .split('</w:p>')
    // A line break inside a paragraph reads as a space.
    .map((p) => unescape([...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)].map((m) => m[1] ?? ' ').join('')))
    .filter((p) => p !== '');
  /** The properties of the run whose text starts with `text`. */
  const runOf = (text: string) => xml.split('</w:r>').find((r) => r.includes(`>${text}`)) ?? '';
  return { xml, paragraphs, runOf, part };
}

const twipsOf = (xml: string, tag: string, attr: string) => Number(new RegExp(`<w:${tag}\\b[^>]*w:${attr}="(\\d+)"`).exec(xml)?.[1]);
const mm = (twips: number) => (twips / 1440) * 25.4;

describe.each(engines)('the census as a report in the state document format (%s)', (engine) => {
  let t: TestContext;
  let staff: TestClient;

  beforeAll(async () => {
    t = await createTestContext(engine, { provinces: 'none' });
    await loadDemo(t.deps);
    staff = t.client();
    expect((await staff.login('tinh.khanhhoa', DEMO_PASSWORD)).statusCode).toBe(200);
  }, 300_000);
  afterAll(async () => t?.close());

  it('writes the April 2018 report of Ninh Thuận: header, title, the brief’s sentence, the tables and the signature', async () => {
    const res = await staff.get(`/api/census/document?unit=58&date=2018-04&number=12&signedOn=2018-05-11&signer=${encodeURIComponent('Lê Văn Bình')}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(DOCX);
    expect(res.headers['content-disposition']).toBe('attachment; filename="bao-cao-mo-hinh-58-2018-04.docx"');
    const doc = await openDocx(res.rawPayload);
    const p = doc.paragraphs;

    // The header: the bodies on the left, the national name and motto on the right.
    expect(p.slice(0, 4)).toEqual(['UBND TỈNH NINH THUẬN', DEFAULT_ISSUER, NATIONAL_NAME, MOTTO]);
    expect(p).toContain('Số: 12/BC-BCĐ');
    expect(p).toContain('Ninh Thuận, ngày 11 tháng 5 năm 2018');
    expect(doc.runOf('Ninh Thuận, ngày 11 tháng 5 năm 2018')).toContain('<w:i/>');
    expect(doc.runOf(MOTTO)).toContain('<w:b/>');
    expect(doc.runOf('BAN CHỈ ĐẠO PHÒNG')).toContain('<w:b/>');
    expect(doc.runOf('UBND TỈNH NINH THUẬN')).not.toContain('<w:b/>');

    // The title, the subject and the sentence, character for character.
    const title = p.indexOf('BÁO CÁO');
    expect(title).toBeGreaterThan(0);
    expect(p[title + 1]).toBe('Kết quả xây dựng các mô hình quần chúng tự quản về an ninh, trật tự, tính đến tháng 4-2018');
    expect(p[title + 2]).toBe(BRIEF);

    // The table per type: numbers with "." for thousands, "—" where members are not counted, and the total.
    const after = (label: string, n: number) => p.slice(p.indexOf(label) + 1, p.indexOf(label) + 1 + n);
    expect(after('Tổ nhân dân tự quản', 2)).toEqual(['2.596', '4.425']);
    expect(after('Tộc họ tự quản về ANTT', 2)).toEqual(['113', '—']);
    expect(after('Tổng cộng', 2)).toEqual([String(2596 + 20 + 76 + 113).replace(/\B(?=(\d{3})+(?!\d))/g, '.'), '5.410']);
    // The breakdown names every district of the province on that date.
    const census = (await staff.get('/api/census?unit=58&date=2018-04')).json() as { breakdown: { unit: { name: string } | null }[] };
    for (const b of census.breakdown) expect(p).toContain(b.unit?.name ?? 'Chưa xác định xã/phường');
    expect(p.filter((x) => x === 'Tổng cộng')).toHaveLength(2);

    // The close: signature on behalf of the committee, the signer, the recipients ending with the archive.
    expect(p).toEqual(expect.arrayContaining(['TM. BAN CHỈ ĐẠO', 'TRƯỞNG BAN', 'Lê Văn Bình', 'Nơi nhận:', '- UBND tỉnh Ninh Thuận;', '- Lưu: VT, BCĐ.']));
    expect(doc.runOf('Nơi nhận:')).toMatch(/<w:b\/>[\s\S]*<w:i\/>/);
  });

  it('lays the page out as the decree says: A4 portrait, its margins, Times New Roman, page numbers from page 2', async () => {
    const doc = await openDocx((await staff.get('/api/census/document?unit=58&date=2018-04')).rawPayload);
    const sect = doc.xml.slice(doc.xml.lastIndexOf('<w:sectPr'));
    expect(Math.round(mm(twipsOf(sect, 'pgSz', 'w')))).toBe(210);
    expect(Math.round(mm(twipsOf(sect, 'pgSz', 'h')))).toBe(297);
    expect(sect).not.toContain('w:orient="landscape"');
    const margin = (side: string) => mm(twipsOf(sect, 'pgMar', side));
    for (const side of ['top', 'bottom']) expect(margin(side)).toBeGreaterThanOrEqual(19.9), expect(margin(side)).toBeLessThanOrEqual(25.1);
    expect(margin('left')).toBeGreaterThanOrEqual(29.9);
    expect(margin('left')).toBeLessThanOrEqual(35.1);
    expect(margin('right')).toBeGreaterThanOrEqual(14.9);
    expect(margin('right')).toBeLessThanOrEqual(20.1);
    // The first page has a header of its own (empty); the others carry the page number.
    expect(sect).toContain('<w:titlePg/>');
    const first = /<w:headerReference w:type="first" r:id="(\w+)"/.exec(sect)?.[1];
    const rest = /<w:headerReference w:type="default" r:id="(\w+)"/.exec(sect)?.[1];
    expect(first && rest).toBeTruthy();
    const rels = await doc.part('word/_rels/document.xml.rels');
    const target = (id: string) => new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)?.[1];
    expect(await doc.part(`word/${target(rest!)}`)).toMatch(/PAGE/);
    expect(await doc.part(`word/${target(first!)}`)).not.toMatch(/PAGE/);
    expect(await doc.part('word/styles.xml')).toContain('w:ascii="Times New Roman"');
  });

  it('fills what the user leaves out: the area’s name as the place, today as the date, room for the number', async () => {
    // The test clock says 2 March 2026: the day takes a leading zero, the month (3) does not.
    const doc = await openDocx((await staff.get('/api/census/document?unit=58&date=2018-04-30')).rawPayload);
    expect(doc.paragraphs).toContain('Ninh Thuận, ngày 02 tháng 3 năm 2026');
    expect(doc.paragraphs).toContain('Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-BCĐ');
    expect(doc.paragraphs).toContain('Kết quả xây dựng các mô hình quần chúng tự quản về an ninh, trật tự, tính đến ngày 30/4/2018');
    const chosen = await openDocx(
      (await staff.get(`/api/census/document?unit=58&date=2018-04&signedOn=2018-02-05&place=${encodeURIComponent('Phan Rang')}&issuer=${encodeURIComponent('Công an tỉnh Ninh Thuận')}&signerTitle=${encodeURIComponent('Phó Trưởng ban')}`)).rawPayload,
    );
    expect(chosen.paragraphs).toContain('Phan Rang, ngày 05 tháng 02 năm 2018');
    expect(chosen.paragraphs).toEqual(expect.arrayContaining(['CÔNG AN TỈNH NINH THUẬN', 'PHÓ TRƯỞNG BAN']));
  });

  it('speaks for the whole country under the Ministry, and for today’s Khánh Hòa', async () => {
    const admin = t.client();
    await admin.login('quantri', DEMO_PASSWORD);
    const nation = await admin.get('/api/census/document?date=2018-04&signedOn=2018-05-11');
    expect(nation.headers['content-disposition']).toContain('bao-cao-mo-hinh-toan-quoc-2018-04.docx');
    const doc = await openDocx(nation.rawPayload);
    expect(doc.paragraphs[0]).toBe('BỘ CÔNG AN');
    expect(doc.paragraphs).toContain('Hà Nội, ngày 11 tháng 5 năm 2018');
    expect(doc.paragraphs).toContain('Tỉnh Ninh Thuận');

    const today = await openDocx((await staff.get('/api/census/document?unit=56&date=2026-01')).rawPayload);
    expect(today.paragraphs[0]).toBe('UBND TỈNH KHÁNH HÒA');
    expect(today.paragraphs).toContain('Khánh Hòa, ngày 02 tháng 3 năm 2026');
    const census = (await staff.get('/api/census?unit=56&date=2026-01')).json() as { sentence: string; breakdown: { unit: { name: string } | null }[] };
    expect(today.paragraphs).toContain(census.sentence);
    for (const b of census.breakdown) expect(today.paragraphs).toContain(b.unit?.name ?? 'Chưa xác định xã/phường');
  });

  it('refuses what the census refuses, and header fields that are not valid, in Vietnamese and English', async () => {
    const officer = t.client();
    await officer.login('xa.baoan', DEMO_PASSWORD);
    const out = await officer.get('/api/census/document?unit=56&date=2026-01');
    expect(out.statusCode).toBe(403);
    expect(out.json().error).toMatchObject({ code: 'OUT_OF_SCOPE', message: 'Địa bàn này nằm ngoài phạm vi quản lý của bạn.' });
    expect((await officer.get('/api/census/document?date=2026-01')).statusCode).toBe(403);
    expect((await officer.get('/api/census/document?unit=22741&date=2026-01')).statusCode).toBe(200);
    expect((await t.client().get('/api/census/document?unit=58&date=2018-04')).statusCode).toBe(401);
    expect((await staff.get('/api/census/document?unit=58&date=2026-01')).statusCode).toBe(404);

    const english = t.client('en');
    await english.login('tinh.khanhhoa', DEMO_PASSWORD);
    for (const bad of [
      'signedOn=2018-02-30',
      'signedOn=11%2F5%2F2018',
      'number=12%2FBC',
      `place=${'x'.repeat(61)}`,
      `issuer=${'x'.repeat(251)}`,
      `signer=${'x'.repeat(81)}`,
      'place=Ninh%0AThu%E1%BA%ADn',
      'date=2018-02-30',
    ]) {
      const vi = await staff.get(`/api/census/document?unit=58&date=2018-04&${bad}`);
      expect(vi.statusCode, bad).toBe(400);
      expect(vi.json().error.code).toBe('VALIDATION_FAILED');
      expect(vi.json().error.message, bad).toMatch(/^Dữ liệu gửi lên không hợp lệ\./);
      const en = await english.get(`/api/census/document?unit=58&date=2018-04&${bad}`);
      expect(en.json().error.message, bad).toMatch(/^The request data is not valid\./);
    }
  });
});

describe('the report header', () => {
  it('writes the date of signing with a leading zero for a day below 10 and a month below 3', () => {
    expect(placeAndDate('Ninh Thuận', '2018-05-11')).toBe('Ninh Thuận, ngày 11 tháng 5 năm 2018');
    expect(placeAndDate('Ninh Thuận', '2018-02-05')).toBe('Ninh Thuận, ngày 05 tháng 02 năm 2018');
    expect(placeAndDate('Huế', '2019-01-31')).toBe('Huế, ngày 31 tháng 01 năm 2019');
    expect(placeAndDate('Huế', '2019-12-09')).toBe('Huế, ngày 09 tháng 12 năm 2019');
    expect(placeAndDate('Huế', '2019-03-10')).toBe('Huế, ngày 10 tháng 3 năm 2019');
  });

  it('names the People’s Committee and the place from the area, whatever case its kind is written in', () => {
    const head = (kind: string, name: string) => {
      const h = reportHeading({ kind, name }, {}, '2018-05-11');
      return [h.parentBody, h.place];
    };
    expect(head('Tỉnh', 'Tỉnh Ninh Thuận')).toEqual(['UBND TỈNH NINH THUẬN', 'Ninh Thuận']);
    expect(head('Thành phố Trung ương', 'Thành phố Hồ Chí Minh')).toEqual(['UBND THÀNH PHỐ HỒ CHÍ MINH', 'Hồ Chí Minh']);
    expect(head('Thành phố', 'Thành Phố Bắc Kạn')).toEqual(['UBND THÀNH PHỐ BẮC KẠN', 'Bắc Kạn']);
    expect(head('Xã', 'Phường 5')).toEqual(['UBND PHƯỜNG 5', 'Phường 5']);
    expect(head('Phường', 'Phường Bảo An')).toEqual(['UBND PHƯỜNG BẢO AN', 'Bảo An']);
    const nation = reportHeading(null, { signer: '  ' }, '2018-05-11');
    expect([nation.parentBody, nation.place, nation.issuer, nation.signer]).toEqual(['BỘ CÔNG AN', 'Hà Nội', DEFAULT_ISSUER, null]);
  });
});
