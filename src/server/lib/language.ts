import type { Language } from '../../shared/common.js';

/** The request's language: an explicit `lang` cookie wins, then Accept-Language; Vietnamese by default. */
export function pickLanguage(acceptLanguage: string | undefined, cookie: string | undefined): Language {
  if (cookie === 'en' || cookie === 'vi') return cookie;
  if (!acceptLanguage) return 'vi';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: (tag ?? '').toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('vi')) return 'vi';
    if (tag.startsWith('en')) return 'en';
  }
  return 'vi';
}
