import {
  AlignmentType,
  BorderStyle,
  convertMillimetersToTwip as mm,
  Document,
  Header,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import { censusLineLabel, type Census, type CensusRow } from '../../../shared/census.js';
import { asOf, viNumber } from './sentence.js';
import { DEFAULT_ISSUER, DEFAULT_SIGNER_TITLE, kindWord, placeName, type ReportArea } from '../../../shared/census-report.js';

/**
 * The census as a report (báo cáo) in the state document format of Decree 30/2020/NĐ-CP: A4
 * portrait, Times New Roman; the header of the issuing body and the national name side by side,
 * the number and the place and date; the title and subject; the census sentence and its tables;
 * the signature block and the recipients; page numbers at the top from page 2.
 */

export const NATIONAL_NAME = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const MOTTO = 'Độc lập - Tự do - Hạnh phúc';

/** What the header and the close of the report say. */
export interface ReportHeading {
  /** Above the issuer, not bold: "UBND TỈNH NINH THUẬN". */
  parentBody: string;
  issuer: string;
  /** "12" → "Số: 12/BC-BCĐ"; null leaves room to write it by hand. */
  number: string | null;
  /** "Ninh Thuận" in "Ninh Thuận, ngày 11 tháng 5 năm 2018". */
  place: string;
  /** ISO date of signing. */
  signedOn: string;
  signerTitle: string;
  signer: string | null;
  /** "Nơi nhận": each without its leading "- " and its closing ";". */
  recipients: string[];
}

/** What the user chose for the header; each left out takes its default. */
export interface HeadingChoices {
  number?: string;
  place?: string;
  signedOn?: string;
  issuer?: string;
  signerTitle?: string;
  signer?: string;
}

/** The People's Committee of the area, "UBND tỉnh Ninh Thuận" (the whole country: "Bộ Công an"). */
function committeeOf(area: ReportArea | null): string {
  if (!area) return 'Bộ Công an';
  const place = placeName(area);
  return place === area.name ? `UBND ${area.name}` : `UBND ${kindWord(area).toLocaleLowerCase('vi')} ${place}`;
}

/** The header and close of the report on an area: the user's choices, and the defaults for the rest. */
export function reportHeading(area: ReportArea | null, choices: HeadingChoices, today: string): ReportHeading {
  const committee = committeeOf(area);
  const chosen = (v: string | undefined) => v?.normalize('NFC').trim() || null;
  return {
    parentBody: committee.toLocaleUpperCase('vi'),
    issuer: chosen(choices.issuer)?.toLocaleUpperCase('vi') ?? DEFAULT_ISSUER,
    number: chosen(choices.number),
    place: chosen(choices.place) ?? placeName(area),
    signedOn: choices.signedOn ?? today,
    signerTitle: chosen(choices.signerTitle)?.toLocaleUpperCase('vi') ?? DEFAULT_SIGNER_TITLE,
    signer: chosen(choices.signer),
    recipients: [area ? committee : 'Lãnh đạo Bộ Công an', 'Các thành viên Ban Chỉ đạo', 'Lưu: VT, BCĐ'],
  };
}

/** "Ninh Thuận, ngày 05 tháng 02 năm 2018": a day below 10 and a month below 3 take a leading zero. */
export function placeAndDate(place: string, date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = d < 10 ? `0${d}` : String(d);
  const month = m < 3 ? `0${m}` : String(m);
  return `${place}, ngày ${day} tháng ${month} năm ${y}`;
}

/** "tháng 4-2018" for a month, "ngày 30/4/2018" for a day, as the census sentence says it. */
/** The subject (trích yếu), in the two lines a typist would break it into. */
export function reportSubject(date: string): string {
  return `Kết quả xây dựng các mô hình quần chúng tự quản\nvề an ninh, trật tự, tính đến ${asOf(date)}`;
}

// Page: A4, margins within the decree's ranges; the text is 165 mm wide.
const PAGE = { width: mm(210), height: mm(297) };
const MARGIN = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) };
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const LEFT_HEAD = mm(70);
const RIGHT_HEAD = TEXT_WIDTH - LEFT_HEAD;
/** What a cell of a table without margins of its own keeps free on its two sides (0.19 cm each). */
const CELL_SIDES = 2 * 108;

/** Sizes in points. */
const BODY = 14;
const TABLE = 12;
const HEAD = 13;

interface Run {
  text: string;
  size?: number;
  bold?: boolean;
  italics?: boolean;
}

/** A run of text; a line break in it ("\n") breaks the line there. */
const runs = (r: Run) =>
  r.text.split('\n').map((text, i) => new TextRun({ text, break: i > 0 ? 1 : undefined, size: (r.size ?? BODY) * 2, bold: r.bold, italics: r.italics }));

function line(
  content: Run | Run[],
  options: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; before?: number; after?: number; indent?: boolean; keepNext?: boolean } = {},
): Paragraph {
  return new Paragraph({
    alignment: options.align ?? AlignmentType.CENTER,
    spacing: { before: (options.before ?? 0) * 20, after: (options.after ?? 0) * 20 },
    indent: options.indent ? { firstLine: mm(12.7) } : undefined,
    keepNext: options.keepNext,
    children: (Array.isArray(content) ? content : [content]).flatMap(runs),
  });
}

/** A short centred rule, `width` wide, inside a space `within` wide (both in twips). */
function rule(width: number, within: number, after = 0): Paragraph {
  const side = Math.max(0, Math.round((within - width) / 2));
  return new Paragraph({
    indent: { left: side, right: side },
    spacing: { before: 0, after: after * 20, line: 80, lineRule: 'exact' },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    run: { size: 4 },
    children: [],
  });
}

/**
 * About how wide a line of Times New Roman is, in twips, from the widths of its letters (in
 * thousandths of an em, bold, a little generous): enough to draw the rule under the motto as
 * wide as the motto, to size a table's columns and to break a long heading into even lines.
 */
function textWidth(text: string, points: number): number {
  let em = 0;
  for (const ch of text.normalize('NFD').replace(/\p{M}/gu, '')) {
    if (/[ .,:;]/.test(ch)) em += 250;
    else if (/[-/()]/.test(ch)) em += 333;
    else if (/[0-9]/.test(ch)) em += 500;
    else if (/[IJ]/.test(ch)) em += 450;
    else if (/[A-ZĐ]/.test(ch)) em += 730;
    else if (/[il]/.test(ch)) em += 278;
    else if (/[mw]/.test(ch)) em += 833;
    else if (/[fjrt]/.test(ch)) em += 390;
    else em += 530;
  }
  return Math.round((em / 1000) * points * 20);
}

/** The width of the widest word: what a column must hold for its text to break only between words. */
const widestWord = (text: string, points: number) => Math.max(...text.split(/\s+/).map((w) => textWidth(w, points)));

/**
 * A heading broken into lines of about equal length ("\n" between them), as a typist would,
 * instead of a last line of one word: as many lines as the width needs, each as short as they
 * can be for that many.
 */
function evenLines(text: string, points: number, width: number): string {
  const words = text.split(' ');
  const wrap = (w: number) => {
    const lines: string[] = [];
    for (const word of words) {
      const last = lines.at(-1);
      if (last !== undefined && textWidth(`${last} ${word}`, points) <= w) lines[lines.length - 1] = `${last} ${word}`;
      else lines.push(word);
    }
    return lines;
  };
  const room = Math.floor(width * 0.94);
  const count = wrap(room).length;
  if (count <= 1) return text;
  let lo = 0;
  let hi = room;
  while (hi - lo > 20) {
    const mid = Math.floor((lo + hi) / 2);
    if (wrap(mid).length <= count) hi = mid;
    else lo = mid;
  }
  return wrap(hi).join('\n');
}

const noBorders = TableBorders.NONE;

function layout(columns: number[], rows: TableRow[], borders?: typeof noBorders): Table {
  return new Table({
    width: { size: columns.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: columns,
    layout: TableLayoutType.FIXED,
    borders,
    rows,
  });
}

/** "Phan Rang-Tháp Chàm, ngày 02 tháng 3 năm 2026" is too long for its column: the date goes under the place. */
const fitted = (placeDate: string, points: number, width: number) =>
  textWidth(placeDate, points) <= width * 0.94 ? placeDate : placeDate.replace(', ngày ', ',\nngày ');

/** The header: the bodies on the left, the national name and motto on the right; under them the number and the place and date. */
function header(h: ReportHeading): Table {
  const cell = (width: number, children: Paragraph[]) => new TableCell({ width: { size: width, type: WidthType.DXA }, children });
  const mottoWidth = textWidth(MOTTO, HEAD) + mm(2);
  return layout(
    [LEFT_HEAD, RIGHT_HEAD],
    [
      new TableRow({
        children: [
          cell(LEFT_HEAD, [
            line({ text: evenLines(h.parentBody, 12, LEFT_HEAD - CELL_SIDES), size: 12 }),
            line({ text: evenLines(h.issuer, 12, LEFT_HEAD - CELL_SIDES), size: 12, bold: true }),
            rule(LEFT_HEAD / 3, LEFT_HEAD),
          ]),
          cell(RIGHT_HEAD, [
            line({ text: NATIONAL_NAME, size: 12, bold: true }),
            line({ text: MOTTO, size: HEAD, bold: true }),
            rule(mottoWidth, RIGHT_HEAD),
          ]),
        ],
      }),
      new TableRow({
        children: [
          cell(LEFT_HEAD, [line({ text: `Số: ${h.number ?? '\u00a0'.repeat(6)}/BC-BCĐ`, size: 13 }, { before: 6 })]),
          cell(RIGHT_HEAD, [line({ text: fitted(placeAndDate(h.place, h.signedOn), HEAD, RIGHT_HEAD - CELL_SIDES), size: HEAD, italics: true }, { before: 6 })]),
        ],
      }),
    ],
    noBorders,
  );
}

type Align = (typeof AlignmentType)[keyof typeof AlignmentType];
interface Cell {
  text: string;
  align?: Align;
  bold?: boolean;
  span?: number;
  rows?: number;
}

const thin = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;
const gridBorders = { top: thin, bottom: thin, left: thin, right: thin, insideHorizontal: thin, insideVertical: thin };

const PAD = mm(1.2);

/** A bordered table: header rows in bold (repeated on every page), then the body; numbers right aligned. */
function grid(columns: number[], head: Cell[][], body: Cell[][], size = TABLE): Table {
  const row = (cells: Cell[], isHead: boolean) =>
    new TableRow({
      tableHeader: isHead,
      cantSplit: true,
      children: cells.map(
        (c) =>
          new TableCell({
            columnSpan: c.span,
            rowSpan: c.rows,
            verticalAlign: VerticalAlign.CENTER,
            margins: { left: PAD, right: PAD, top: mm(0.6), bottom: mm(0.6) },
            children: [line({ text: c.text, size, bold: isHead || c.bold }, { align: isHead ? AlignmentType.CENTER : (c.align ?? AlignmentType.LEFT) })],
          }),
      ),
    });
  return layout(columns, [...head.map((cells) => row(cells, true)), ...body.map((cells) => row(cells, false))], gridBorders);
}

const num = (n: number | null): Cell => ({ text: n === null ? '—' : viNumber(n), align: AlignmentType.RIGHT });

/** Sums of the rows; members only over the types that count them (null when none does). */
function totals(rows: CensusRow[]): { groups: number; members: number | null; sites: number } {
  const counted = rows.filter((r) => r.members !== null);
  return {
    groups: rows.reduce((n, r) => n + r.groups, 0),
    members: counted.length > 0 ? counted.reduce((n, r) => n + (r.members ?? 0), 0) : null,
    sites: rows.reduce((n, r) => n + r.sites, 0),
  };
}

const TOTAL = 'Tổng cộng';
const index = (i: number): Cell => ({ text: String(i + 1), align: AlignmentType.CENTER });

/** One row per model type, and the total. */
function typeTable(rows: CensusRow[]): Table {
  const sum = totals(rows);
  const n = mm(26);
  return grid(
    [mm(10), TEXT_WIDTH - mm(10) - 3 * n, n, n, n],
    [[{ text: 'TT' }, { text: 'Loại mô hình' }, { text: 'Số tổ/đội' }, { text: 'Số\nthành viên' }, { text: 'Số điểm\nmô hình' }]],
    [
      ...rows.map((r, i) => [index(i), { text: r.type.name }, num(r.groups), num(r.members), num(r.sites)]),
      [{ text: '' }, { text: TOTAL, bold: true }, { ...num(sum.groups), bold: true }, { ...num(sum.members), bold: true }, { ...num(sum.sites), bold: true }],
    ],
  );
}

/**
 * One row per sub-area and the total; per model type that has groups in the area, its groups
 * and (where they are counted) its members. Each column is as wide as its words and numbers
 * need, the area's names take the rest; a table of many types is set a point smaller.
 */
function areaTable(c: Census): Table {
  const types = c.rows.filter((r) => r.groups > 0);
  const figures = (rows: CensusRow[], bold = false): Cell[] =>
    types.flatMap((t) => {
      const r = rows.find((x) => x.type.code === t.type.code);
      const cells = [num(r?.groups ?? 0), ...(t.members === null ? [] : [num(r?.members ?? 0)])];
      return cells.map((x) => ({ ...x, bold }));
    });
  const body: Cell[][] = [
    ...c.breakdown.map((b, i) => [index(i), { text: censusLineLabel(b, c.boundaries) }, ...figures(b.rows)]),
    [{ text: '' }, { text: TOTAL, bold: true }, ...figures(c.rows, true)],
  ];
  const sub = (t: CensusRow) => (t.members === null ? ['Số lượng'] : ['Số lượng', 'Thành viên']);
  const head: Cell[][] = [
    [{ text: 'TT', rows: 2 }, { text: 'Địa bàn', rows: 2 }, ...types.map((t) => ({ text: t.type.name, span: sub(t).length }))],
    types.flatMap((t) => sub(t).map((text) => ({ text }))),
  ];
  const index0 = mm(9);
  const layoutAt = (size: number) => {
    const widths = types.flatMap((t, ti) => {
      const subs = sub(t);
      // The type's name over its columns in three lines at most.
      const name = Math.max(widestWord(t.type.name, size), textWidth(t.type.name, size) / 3) / subs.length;
      return subs.map((label, k) => {
        const column = 2 + types.slice(0, ti).reduce((n, x) => n + sub(x).length, 0) + k;
        const numbers = Math.max(...body.map((row) => textWidth(row[column]!.text, size)));
        return Math.max(widestWord(label, size), numbers, name) + 2 * PAD + mm(0.8);
      });
    });
    return { widths, area: TEXT_WIDTH - index0 - widths.reduce((a, b) => a + b, 0) };
  };
  let size = TABLE;
  let fit = layoutAt(size);
  if (fit.area < mm(40)) fit = layoutAt((size = TABLE - 1));
  // Still too many types: the figures share what the names leave, evenly.
  const minArea = mm(35);
  const widths = fit.area >= minArea ? fit.widths : fit.widths.map(() => Math.floor((TEXT_WIDTH - index0 - minArea) / fit.widths.length));
  return grid([index0, TEXT_WIDTH - index0 - widths.reduce((a, b) => a + b, 0), ...widths], head, body, size);
}

/** The signature block on the right, the recipients on the left. */
function close(h: ReportHeading): Table {
  const half = Math.round(TEXT_WIDTH / 2);
  const onBehalf = h.issuer.startsWith('BAN CHỈ ĐẠO') ? 'TM. BAN CHỈ ĐẠO' : `TM. ${h.issuer}`;
  return layout(
    [half, TEXT_WIDTH - half],
    [
      new TableRow({
        cantSplit: true,
        children: [
          new TableCell({
            width: { size: half, type: WidthType.DXA },
            children: [
              line({ text: 'Nơi nhận:', size: 12, bold: true, italics: true }, { align: AlignmentType.LEFT, before: 6 }),
              ...h.recipients.map((r, i) => line({ text: `- ${r}${i === h.recipients.length - 1 ? '.' : ';'}`, size: 11 }, { align: AlignmentType.LEFT })),
            ],
          }),
          new TableCell({
            width: { size: TEXT_WIDTH - half, type: WidthType.DXA },
            children: [
              line({ text: onBehalf, size: HEAD, bold: true }, { before: 6 }),
              line({ text: h.signerTitle, size: HEAD, bold: true }, { after: h.signer ? 72 : 60 }),
              ...(h.signer ? [line({ text: h.signer, size: HEAD, bold: true })] : []),
            ],
          }),
        ],
      }),
    ],
    noBorders,
  );
}

/** The .docx file of the census. */
export async function censusDocument(c: Census, h: ReportHeading): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    header(h),
    line({ text: 'BÁO CÁO', bold: true }, { before: 18 }),
    line({ text: reportSubject(c.date), bold: true }),
    rule(mm(35), TEXT_WIDTH, 12),
    line({ text: c.sentence }, { align: AlignmentType.JUSTIFIED, indent: true, after: 6 }),
    line({ text: '1. Theo loại mô hình', bold: true }, { align: AlignmentType.JUSTIFIED, indent: true, after: 6, keepNext: true }),
    typeTable(c.rows),
  ];
  if (c.breakdown.length > 0 && c.rows.some((r) => r.groups > 0)) {
    children.push(
      line({ text: '2. Theo địa bàn trực thuộc', bold: true }, { align: AlignmentType.JUSTIFIED, indent: true, before: 12, after: 6, keepNext: true }),
      areaTable(c),
    );
  }
  children.push(
    // The closing sentence stays on the page of the signature.
    line({ text: `Trên đây là báo cáo kết quả xây dựng các mô hình quần chúng tự quản về an ninh, trật tự, tính đến ${asOf(c.date)}./.` }, {
      align: AlignmentType.JUSTIFIED,
      indent: true,
      before: 12,
      after: 6,
      keepNext: true,
    }),
    close(h),
  );

  const doc = new Document({
    creator: h.issuer,
    title: `Báo cáo ${reportSubject(c.date).replace('\n', ' ')}`,
    styles: {
      default: {
        document: { run: { font: 'Times New Roman', size: BODY * 2, color: '000000' }, paragraph: { spacing: { line: 276 } } },
      },
    },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { ...PAGE, orientation: PageOrientation.PORTRAIT },
            margin: { ...MARGIN, header: mm(10), footer: mm(10) },
          },
        },
        headers: {
          first: new Header({ children: [] }),
          default: new Header({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], size: 28 })] })],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
