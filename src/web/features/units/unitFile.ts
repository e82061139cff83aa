/**
 * What a JSON file of administrative units holds, read in the browser before it is sent, so
 * that the page can say what is about to be imported. The server checks the file in full.
 */
export type UnitsFileSummary =
  | { kind: 'official_list'; provinces: number; districts: number; communes: number; dataDate: string | null }
  | { kind: 'reform'; provinces: number; communes: number; links: number }
  | { kind: 'unknown' };

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Rec[] => (Array.isArray(v) ? v.filter(isRec) : []);

/** "01/03/2025" (as the official list writes it) → "2025-03-01". */
function isoFromDmy(v: unknown): string | null {
  const m = typeof v === 'string' ? /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v.trim()) : null;
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : null;
}

export function describeUnitsFile(doc: unknown): UnitsFileSummary {
  const provinces = isRec(doc) ? list(doc.data) : [];
  if (provinces.length === 0) return { kind: 'unknown' };
  // The same test as the server's: a reform lists what each new unit merged.
  if ('merges' in provinces[0]!) {
    const communes = provinces.flatMap((p) => list(p.level2s));
    const links = [...provinces, ...communes].reduce((n, u) => n + list(u.merges).length, 0);
    return { kind: 'reform', provinces: provinces.length, communes: communes.length, links };
  }
  if (!('level2s' in provinces[0]!)) return { kind: 'unknown' };
  const districts = provinces.flatMap((p) => list(p.level2s));
  const communes = districts.reduce((n, d) => n + list(d.level3s).length, 0);
  return {
    kind: 'official_list',
    provinces: provinces.length,
    districts: districts.length,
    communes,
    dataDate: isRec(doc) ? isoFromDmy(doc.data_date) : null,
  };
}

/** Parses the text of the chosen file; null when it is not JSON at all. */
export function parseUnitsFile(text: string): { doc: unknown } | null {
  try {
    return { doc: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown };
  } catch {
    return null;
  }
}

/** The phases an import goes through, in order, per kind of file. */
export const importPhases = {
  official_list: ['validate', 'units'],
  reform: ['validate', 'units', 'close', 'links'],
} as const;
