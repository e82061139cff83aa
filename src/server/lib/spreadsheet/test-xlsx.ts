import { crc32, deflateRawSync } from 'node:zlib';

/**
 * For tests: ZIPs and .xlsx files made by hand, to hold what spreadsheet programs write but
 * exceljs does not (inline strings, the 1904 date system, prefixed elements) and what no honest
 * program writes (an entry that unpacks to more than its directory says).
 */
/** An entry already packed (too large to hold unpacked in a test), with the size it unpacks to. */
export interface Packed {
  deflated: Buffer;
  size: number;
}

export function zip(files: Record<string, string | Buffer | Packed>, declare: (name: string, size: number) => number = (_, size) => size): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const given = typeof content === 'object' && 'deflated' in content ? content : null;
    const data = given ? null : Buffer.isBuffer(content) ? content : Buffer.from(content as string, 'utf8');
    const packed = given ? given.deflated : deflateRawSync(data!);
    const nameBytes = Buffer.from(name, 'utf8');
    // The local header and the directory entry share their fields, the latter two bytes further on.
    const header = (signature: number, length: number, at: number) => {
      const b = Buffer.alloc(length);
      b.writeUInt32LE(signature, 0);
      b.writeUInt16LE(20, at - 4);
      b.writeUInt16LE(8, at);
      b.writeUInt32LE(data ? crc32(data) : 0, at + 6);
      b.writeUInt32LE(packed.length, at + 10);
      b.writeUInt32LE(declare(name, given ? given.size : data!.length), at + 14);
      b.writeUInt16LE(nameBytes.length, at + 18);
      return b;
    };
    const local = header(0x04034b50, 30, 8);
    const central = header(0x02014b50, 46, 10);
    central.writeUInt16LE(20, 4);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/**
 * A workbook whose worksheets are given as their `<sheetData>` content. Styles: 0 is plain,
 * 1 shows dates (built-in format 14), 2 a custom date format, 3 a custom number format.
 */
export function xlsx(options: {
  sheets: { name: string; data: string; state?: 'hidden' }[];
  strings?: string[];
  date1904?: boolean;
  /** The size the ZIP's directory gives for each part (its true size unless told). */
  declare?: (name: string, size: number) => number;
}): Buffer {
  const files: Record<string, string> = {
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    '_rels/.rels': `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml':
      `<?xml version="1.0"?><workbook ${ns}>${options.date1904 ? '<workbookPr date1904="1"/>' : '<workbookPr/>'}<sheets>` +
      options.sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 10}"/>`).join('') +
      '</sheets></workbook>',
    'xl/_rels/workbook.xml.rels':
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      options.sheets.map((_, i) => `<Relationship Id="rId${i + 10}" Type="${rel}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
      `<Relationship Id="rId2" Type="${rel}/styles" Target="styles.xml"/>` +
      (options.strings ? `<Relationship Id="rId3" Type="${rel}/sharedStrings" Target="/xl/sharedStrings.xml"/>` : '') +
      '</Relationships>',
    'xl/styles.xml':
      `<?xml version="1.0"?><styleSheet ${ns}><numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="#,##0&quot; đ&quot;"/></numFmts>` +
      '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>' +
      '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165" applyNumberFormat="1"/></cellXfs></styleSheet>',
  };
  options.sheets.forEach((s, i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = `<?xml version="1.0"?><worksheet ${ns}><sheetData>${s.data}</sheetData></worksheet>`));
  if (options.strings) files['xl/sharedStrings.xml'] = `<?xml version="1.0"?><sst ${ns} count="${options.strings.length}">${options.strings.join('')}</sst>`;
  return zip(files, options.declare);
}
