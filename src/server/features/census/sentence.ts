import type { CensusRow } from '../../../shared/census.js';

/** 2596 → "2.596": Vietnamese thousands. */
export function viNumber(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** "Thành phố Trung ương" → "thành phố"; "Tỉnh" → "tỉnh"; no unit → the whole country. */
export function areaNoun(kind: string | null): string {
  if (kind === null) return 'toàn quốc';
  const k = kind === 'Thành phố Trung ương' ? 'Thành phố' : kind;
  return `toàn ${k.toLocaleLowerCase('vi')}`;
}

/** "2018-04" → "tháng 4-2018"; "2018-04-30" → "ngày 30/4/2018", as reports write them. */
export function asOf(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return date.length === 7 ? `tháng ${m}-${y}` : `ngày ${d}/${m}/${y}`;
}

/**
 * The sentence a report carries: "Tính đến tháng 4-2018, toàn tỉnh có 2.596 Tổ nhân dân tự quản
 * với 4.425 thành viên, …, 76 tổ an ninh xung kích với 612 thành viên và 113 tộc họ tự quản về
 * ANTT." Types without groups are left out; members are named only where they are counted.
 */
export function censusSentence(rows: (CensusRow & { reportNoun: string })[], kind: string | null, date: string, month: boolean, boundaries?: string): string {
  // In another day's units the sentence says which: "…, theo địa giới hành chính ngày 30/4/2018, toàn tỉnh có …".
  const when = `${asOf(month ? date.slice(0, 7) : date)}${boundaries ? `, theo địa giới hành chính ${asOf(boundaries)}` : ''}`;
  const items = rows
    .filter((r) => r.groups > 0)
    .map((r) => `${viNumber(r.groups)} ${r.reportNoun}${r.members !== null ? ` với ${viNumber(r.members)} thành viên` : ''}`);
  if (items.length === 0) return `Tính đến ${when}, ${areaNoun(kind)} chưa có mô hình tự quản nào.`;
  const list = items.length === 1 ? items[0]! : `${items.slice(0, -1).join(', ')} và ${items.at(-1)}`;
  return `Tính đến ${when}, ${areaNoun(kind)} có ${list}.`;
}
