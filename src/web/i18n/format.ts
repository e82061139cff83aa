/** Vietnamese-first formats: dates 11/5/2018, timestamps 11/5/2018 14:05, numbers 2.596. */

export type Lang = 'vi' | 'en';

const pad = (n: number) => String(n).padStart(2, '0');
const monthsEn = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function parts(value: string | Date): { y: number; m: number; d: number; hh: number; mm: number } | null {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    // A calendar date: no time zone applies.
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    return { y, m, d, hh: 0, mm: 0 };
  }
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return null;
  return { y: date.getFullYear(), m: date.getMonth() + 1, d: date.getDate(), hh: date.getHours(), mm: date.getMinutes() };
}

export function formatDate(value: string | Date | null | undefined, lang: Lang = 'vi'): string {
  if (!value) return '';
  const p = parts(value);
  if (!p) return String(value);
  return lang === 'vi' ? `${p.d}/${p.m}/${p.y}` : `${p.d} ${monthsEn[p.m - 1]} ${p.y}`;
}

export function formatDateTime(value: string | Date | null | undefined, lang: Lang = 'vi'): string {
  if (!value) return '';
  const p = parts(value);
  if (!p) return String(value);
  return `${formatDate(value, lang)} ${pad(p.hh)}:${pad(p.mm)}`;
}

const numberFormats: Record<Lang, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN'),
  en: new Intl.NumberFormat('en-US'),
};

export function formatNumber(value: number, lang: Lang = 'vi'): string {
  return numberFormats[lang].format(value);
}

/** Today as YYYY-MM-DD in the user's own time zone. */
export function todayIso(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** "11/5/2018" (or 11/05/2018, 2018-05-11) typed by a user → "2018-05-11"; null when it is not a date. */
export function parseVietnameseDate(text: string): string | null {
  const s = text.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (match) {
    d = Number(match[1]);
    m = Number(match[2]);
    y = Number(match[3]);
  } else if ((match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s))) {
    y = Number(match[1]);
    m = Number(match[2]);
    d = Number(match[3]);
  } else {
    return null;
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}
