import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime, formatNumber, type Lang } from './format.js';

/** The formatters bound to the current language; components re-render when it changes. */
export function useFormat() {
  const { i18n } = useTranslation();
  const lang: Lang = i18n.language === 'en' ? 'en' : 'vi';
  return {
    lang,
    date: (v: string | Date | null | undefined) => formatDate(v, lang),
    dateTime: (v: string | Date | null | undefined) => formatDateTime(v, lang),
    number: (v: number) => formatNumber(v, lang),
  };
}
