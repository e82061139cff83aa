import type { Lang } from '../../i18n/format.js';

const kinds = ['Thành phố', 'Tỉnh', 'Huyện', 'Quận', 'Thị xã', 'Thị trấn', 'Phường', 'Xã', 'Đặc khu'];

/** "Huyện Bác Ái" → "Bác Ái": a map label without the kind every area shares. */
export function shortName(name: string): string {
  const kind = kinds.find((k) => name.startsWith(`${k} `));
  return kind ? name.slice(kind.length + 1) : name;
}

const monthsEn = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2018-04" → "4/2018" (en: "Apr 2018"). */
export function monthLabel(month: string, lang: Lang): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return lang === 'vi' ? `${m}/${y}` : `${monthsEn[m - 1]} ${y}`;
}

/** One colour per model type, in the census's order: the cards, the lines and the legend agree. */
const palette = ['#b82d2d', '#1c7ed6', '#e8590c', '#0ca678', '#7048e8', '#c2255c', '#495057', '#f59f00'];
export function typeColor(index: number): string {
  return palette[index % palette.length]!;
}

/** The map's shades, pale to deep red. */
export const shades = ['#fdeeee', '#f6d6d6', '#e07a7a', '#cf3a3a', '#9b2222', '#631313'];

/** Groups per 1,000 inhabitants: "2,45" (en "2.45"), two decimals at most. */
export function decimalText(v: number, lang: Lang): string {
  return v.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: 2 });
}
