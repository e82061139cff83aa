import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../shared/common.js';
import { useMe, savePreferences } from '../api/auth.js';
import { applyLanguage, currentLanguage } from '../i18n/index.js';

/** VI | EN; remembered on this device and, once logged in, on the account. */
export function LanguageSwitch({ onDark = false }: { onDark?: boolean }) {
  const { t, i18n } = useTranslation('common');
  const me = useMe();
  const value = (i18n.language === 'en' ? 'en' : 'vi') satisfies Language;

  const change = async (next: string) => {
    const lang: Language = next === 'en' ? 'en' : 'vi';
    if (lang === currentLanguage()) return;
    await applyLanguage(lang);
    if (me) await savePreferences(lang).catch(() => undefined);
  };

  return (
    <SegmentedControl
      size="xs"
      radius="sm"
      aria-label={t('language.label')}
      value={value}
      onChange={(v) => void change(v)}
      data={[
        { value: 'vi', label: 'VI' },
        { value: 'en', label: 'EN' },
      ]}
      styles={
        onDark
          ? {
              root: { background: 'rgba(255,255,255,0.14)' },
              label: { color: 'white' },
              indicator: { background: 'rgba(255,255,255,0.95)' },
            }
          : undefined
      }
      classNames={onDark ? { label: 'tq-lang-label' } : undefined}
    />
  );
}
