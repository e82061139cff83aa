/** A field-by-field comparison of an audit entry's before and after. */
export interface DiffRow {
  field: string;
  before: unknown;
  after: unknown;
  /** added: only after; removed: only before; changed: both, different; same: both, equal. */
  kind: 'added' | 'removed' | 'changed' | 'same';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep equality for JSON values, ignoring key order. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => k in b && jsonEqual(a[k], b[k]));
  }
  return false;
}

export function diffFields(before: unknown, after: unknown): DiffRow[] {
  const b = isRecord(before) ? before : before === null || before === undefined ? {} : { value: before };
  const a = isRecord(after) ? after : after === null || after === undefined ? {} : { value: after };
  const fields = [...Object.keys(b), ...Object.keys(a).filter((k) => !(k in b))];
  return fields.map((field) => {
    const inB = field in b;
    const inA = field in a;
    const kind: DiffRow['kind'] = !inB ? 'added' : !inA ? 'removed' : jsonEqual(b[field], a[field]) ? 'same' : 'changed';
    return { field, before: b[field], after: a[field], kind };
  });
}

/** A value as one readable line: names of units, not their ids; "—" for nothing. */
export function displayValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isRecord(v) && typeof v.name === 'string') return typeof v.code === 'string' ? `${v.name} (${v.code})` : v.name;
  return JSON.stringify(v);
}
