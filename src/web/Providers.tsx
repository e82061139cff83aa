import { useMemo, type ReactNode } from 'react';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { makeTheme } from './theme.js';

/** Mantine with a theme whose built-in labels follow the interface language. */
export function Providers({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation('common');
  const theme = useMemo(
    () => makeTheme({ close: t('a11y.close'), clear: t('a11y.clear'), togglePassword: t('a11y.togglePassword') }),
    // The labels change only with the language.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [i18n.language],
  );
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="top-right" limit={4} />
      {children}
    </MantineProvider>
  );
}
