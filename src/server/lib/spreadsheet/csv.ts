import { MAX_COLUMNS } from './cells.js';

/**
 * RFC 4180 CSV, with `;` or `,` as separator (whichever the first line uses more) and a BOM
 * dropped, as rows numbered by their line in the file, in batches as they are read: a reader
 * that refuses a file after its first rows never has the rest made into rows. Rows whose fields
 * are all empty are left out, as an .xlsx holds no empty rows.
 */
export function* csvRows(text: string, batchSize = 1000): Generator<{ row: number; cells: string[] }[]> {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLine = src.slice(0, src.search(/\r?\n/) === -1 ? src.length : src.search(/\r?\n/));
  const sep = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let rows: { row: number; cells: string[] }[] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const end = () => {
    row.push(field);
    if (row.some((f) => f !== '')) rows.push({ row: rowLine, cells: row });
    row = [];
    field = '';
    rowLine = line;
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === sep) {
      // Fields past MAX_COLUMNS are left out, as in an .xlsx.
      if (row.length < MAX_COLUMNS - 1) row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      line++;
      end();
      if (rows.length >= batchSize) {
        yield rows;
        rows = [];
      }
    } else field += c;
  }
  if (field !== '' || row.length > 0) end();
  if (rows.length > 0) yield rows;
}
