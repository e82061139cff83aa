import { posix } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { SheetRow } from './read.js';
import { MAX_COLUMNS } from './cells.js';
import { MAX_PENDING, XmlLimitError, XmlScanner, decodeXml, type Tag, type XmlHandler } from './xml.js';
import { entryChunks, partLimits, readEntry, zipEntries, type ZipEntry } from './zip.js';

/**
 * The first visible worksheet of an .xlsx as rows of values, read as a stream: the small parts
 * (workbook, relationships, styles) whole, the shared strings and the worksheet piece by piece,
 * so that memory holds the strings and one piece of the sheet, never the unpacked file.
 * Values as exceljs gives them: text (rich text joined), numbers, booleans, dates for numbers in
 * a date format (1900 or 1904 system), null for empty cells and errors.
 */
export async function* xlsxRows(buf: Buffer): AsyncGenerator<SheetRow[]> {
  const book = await openWorkbook(buf);
  const reader = new WorksheetReader(book);
  for await (const text of textChunks(buf, book.sheet, partLimits.sheet)) {
    reader.scanner.write(text);
    if (reader.rows.length > 0) {
      yield reader.rows;
      reader.rows = [];
    }
    if (reader.done) return;
  }
}

interface Workbook {
  sheet: ZipEntry;
  strings: string[];
  /** By style index: whether numbers in that style are dates. */
  dateStyles: boolean[];
  date1904: boolean;
}

/** Everything but the rows: which part is the sheet, its strings, which styles are dates. */
async function openWorkbook(buf: Buffer): Promise<Workbook> {
  const entries = zipEntries(buf);
  if (!entries) throw new Error('not a ZIP');
  const byName = new Map(entries.map((e) => [e.name.toLowerCase(), e]));
  const part = (name: string) => byName.get(name.replace(/^\//, '').toLowerCase());
  const xml = (name: string) => {
    const e = part(name);
    return e ? readEntry(buf, e).toString('utf8') : null;
  };

  const bookPath = relationships(xml('_rels/.rels'), '').byType.get('officeDocument')?.[0] ?? 'xl/workbook.xml';
  const bookXml = xml(bookPath);
  if (bookXml === null) throw new Error('no workbook part');
  const dir = posix.dirname(bookPath);
  const rels = relationships(xml(posix.join(dir, '_rels', `${posix.basename(bookPath)}.rels`)), dir);

  let date1904 = false;
  const sheets: { id: string | null; visible: boolean }[] = [];
  scanAll(bookXml, {
    open(name, tag) {
      if (name === 'workbookPr') date1904 = /^(1|true)$/.test(tag.attr('date1904') ?? '');
      else if (name === 'sheet') sheets.push({ id: tag.attr('r:id'), visible: (tag.attr('state') ?? 'visible') === 'visible' });
    },
    close() {},
    text() {},
  });
  const chosen = sheets.find((s) => s.visible) ?? sheets[0];
  const target = chosen?.id ? rels.byId.get(chosen.id) : undefined;
  const sheet = (target && part(target)) ?? entries.find((e) => /^xl\/worksheets\/[^/]+\.xml$/i.test(e.name));
  if (!sheet) throw new Error('no worksheet part');

  const stylesPath = rels.byType.get('styles')?.[0];
  const stylesXml = stylesPath ? xml(stylesPath) : null;
  const stringsPath = rels.byType.get('sharedStrings')?.[0];
  const stringsEntry = stringsPath ? part(stringsPath) : undefined;
  return {
    sheet,
    strings: stringsEntry ? await sharedStrings(buf, stringsEntry) : [],
    dateStyles: stylesXml ? dateStyles(stylesXml) : [],
    date1904,
  };
}

interface Relationships {
  byType: Map<string, string[]>;
  byId: Map<string, string>;
}

/** The targets of a .rels part by relationship type (its last path segment) and by id, as part names. */
function relationships(xml: string | null, dir: string): Relationships {
  const out: Relationships = { byType: new Map(), byId: new Map() };
  if (xml === null) return out;
  scanAll(xml, {
    open(name, tag) {
      if (name !== 'Relationship' || tag.attr('TargetMode') === 'External') return;
      const target = tag.attr('Target');
      if (!target) return;
      const path = target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(dir, target));
      const type = (tag.attr('Type') ?? '').split('/').pop()!;
      out.byType.set(type, [...(out.byType.get(type) ?? []), path]);
      const id = tag.attr('Id');
      if (id) out.byId.set(id, path);
    },
    close() {},
    text() {},
  });
  return out;
}

// Built-in number formats that show dates or times (ECMA-376 18.8.30, with the East Asian ones).
const builtInDates = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A format code shows a date when, outside quoted text and [brackets], it has y, m, d, h or s. */
function isDateFormat(code: string): boolean {
  return /[ymdhsb]/i.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '').replace(/\\./g, ''));
}

function dateStyles(xml: string): boolean[] {
  const custom = new Map<number, boolean>();
  const styles: boolean[] = [];
  let inCellXfs = false;
  scanAll(xml, {
    open(name, tag) {
      if (name === 'numFmt') custom.set(Number(tag.attr('numFmtId')), isDateFormat(tag.attr('formatCode') ?? ''));
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const id = Number(tag.attr('numFmtId') ?? 0);
        styles.push(custom.get(id) ?? builtInDates.has(id));
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
    text() {},
  });
  return styles;
}

/** Distinct texts of a workbook: more than the rows a sheet import takes, each with several texts of its own. */
const MAX_SHARED_STRINGS = 1_000_000;

/** The shared strings: plain or rich text (its runs joined), without phonetic guides. */
async function sharedStrings(buf: Buffer, entry: ZipEntry): Promise<string[]> {
  const strings: string[] = [];
  let text = '';
  let inText = false;
  let inPhonetic = false;
  const scanner = new XmlScanner({
    open(name) {
      if (name === 't') inText = !inPhonetic;
      else if (name === 'si') text = '';
      else if (name === 'rPh') inPhonetic = true;
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'si') {
        if (strings.length >= MAX_SHARED_STRINGS) throw new XmlLimitError('too many shared strings');
        strings.push(decodeXml(text));
      }
      else if (name === 'rPh') inPhonetic = false;
    },
    text(s, from, to) {
      if (!inText) return;
      text += s.slice(from, to);
      if (text.length > MAX_PENDING) throw new XmlLimitError('a shared string runs past the limit');
    },
  });
  for await (const chunk of textChunks(buf, entry, partLimits.strings)) scanner.write(chunk);
  return strings;
}

/** Rows of one worksheet, collected as the scanner meets them. */
class WorksheetReader implements XmlHandler {
  rows: SheetRow[] = [];
  done = false;
  readonly scanner = new XmlScanner(this);
  private rowNumber = 0;
  private cells: unknown[] = [];
  private col = -1;
  private type = 'n';
  private style = 0;
  private raw: string | null = null;
  private index = -1;
  private capture = false;
  private inCell = false;
  private inPhonetic = false;

  constructor(private readonly book: Workbook) {}

  open(name: string, tag: Tag): void {
    switch (name) {
      case 'c': {
        const ref = tag.locate('r');
        this.col = ref >= 0 ? columnIndex(tag.source, ref, tag.valueEnd) : this.col + 1;
        this.type = tag.raw('t') ?? 'n';
        const style = tag.raw('s');
        this.style = style ? Number(style) : 0;
        this.raw = null;
        this.index = -1;
        this.inCell = true;
        break;
      }
      case 'v':
      case 't':
        if (this.inCell && !this.inPhonetic) {
          this.capture = true;
          this.raw ??= '';
        }
        break;
      case 'row': {
        const ref = tag.raw('r');
        this.rowNumber = ref ? Number(ref) : this.rowNumber + 1;
        this.cells = [];
        this.col = -1;
        break;
      }
      case 'rPh':
        this.inPhonetic = true;
        break;
    }
  }

  text(s: string, from: number, to: number): void {
    if (!this.capture) return;
    // A shared string's index is read where it stands; other values are cut out.
    if (this.type === 's' && this.raw === '') {
      let index = 0;
      for (let i = from; i < to; i++) {
        const digit = s.charCodeAt(i) - 48;
        if (digit < 0 || digit > 9) return void (this.raw = s.slice(from, to));
        index = index * 10 + digit;
      }
      this.index = to > from ? index : -1;
    } else {
      const raw = this.raw + s.slice(from, to);
      if (raw.length > MAX_PENDING) throw new XmlLimitError('a cell runs past the limit');
      this.raw = raw;
    }
  }

  close(name: string): void {
    switch (name) {
      case 'v':
      case 't':
        this.capture = false;
        break;
      case 'c': {
        this.inCell = false;
        const value = this.raw === null ? null : this.value(this.raw);
        if (value !== null && this.col >= 0 && this.col < MAX_COLUMNS) {
          while (this.cells.length < this.col) this.cells.push(null);
          this.cells[this.col] = value;
        }
        break;
      }
      case 'row':
        if (this.cells.length > 0) this.rows.push({ row: this.rowNumber, cells: this.cells });
        break;
      case 'rPh':
        this.inPhonetic = false;
        break;
      case 'sheetData':
        this.done = true;
        break;
    }
  }

  private value(raw: string): unknown {
    switch (this.type) {
      case 's':
        if (this.index >= 0) return this.book.strings[this.index] ?? null;
        return raw === '' ? null : (this.book.strings[Number(raw)] ?? null);
      case 'inlineStr':
      case 'str':
        return decodeXml(raw);
      case 'b':
        return raw === '1' || raw === 'true';
      case 'e':
        return null;
      case 'd': {
        const date = new Date(raw);
        return Number.isNaN(date.getTime()) ? decodeXml(raw) : date;
      }
      default: {
        if (raw === '') return null;
        const n = Number(raw);
        if (Number.isNaN(n)) return decodeXml(raw);
        if (!this.book.dateStyles[this.style]) return n;
        return new Date(Math.round((n - 25569 + (this.book.date1904 ? 1462 : 0)) * 86_400_000));
      }
    }
  }
}

/** `AB12` → 27 (0-based column), read from `s[from..to]`. */
function columnIndex(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

async function* textChunks(buf: Buffer, entry: ZipEntry, limit: number): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let first = true;
  for await (const chunk of entryChunks(buf, entry, limit)) {
    let text = decoder.write(chunk);
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    first = false;
    yield text;
  }
  const tail = decoder.end();
  if (tail) yield tail;
}

function scanAll(xml: string, handler: XmlHandler): void {
  new XmlScanner(handler).write(xml);
}
