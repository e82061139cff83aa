/**
 * RFC 4180 CSV, with `;` or `,` as separator (whichever the first line uses more) and a BOM
 * dropped, as rows numbered by their line in the file. Rows whose fields are all empty are left
 * out, as an .xlsx holds no empty rows; past `maxRows` rows with values, null: a file of ten
 * million line breaks is refused without being made into ten million rows.
 */
export function parseCsv(text: string, maxRows = Infinity): { row: number; cells: string[] }[] | null {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLine = src.slice(0, src.search(/\r?\n/) === -1 ? src.length : src.search(/\r?\n/));
  const sep = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: { row: number; cells: string[] }[] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const end = (): boolean => {
    row.push(field);
    if (row.some((f) => f !== '')) rows.push({ row: rowLine, cells: row });
    row = [];
    field = '';
    rowLine = line;
    return rows.length <= maxRows;
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
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      line++;
      if (!end()) return null;
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    if (!end()) return null;
  }
  return rows;
}
