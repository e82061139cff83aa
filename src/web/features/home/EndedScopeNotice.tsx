import { Alert, Text } from '@mantine/core';
import { IconClockPause } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../shared/auth.js';
import { useFormat } from '../../i18n/useFormat.js';

/**
 * The user's area ended in a reorganisation: what they see is the area as it was on its last
 * day, read-only, until an administrator gives them one of the units that took its place.
 */
export function EndedScopeNotice({ me }: { me: Me }) {
  const { t } = useTranslation('home');
  const fmt = useFormat();
  const ended = me.scopeEnded;
  if (!ended || !me.scope) return null;
  const successors = ended.successors.map((u) => u.name).join(', ');
  return (
    <Alert color="orange" variant="light" icon={<IconClockPause size={18} />} title={t('endedScope.title', { area: me.scope.name })} data-testid="ended-scope">
      <Text size="sm">
        {t('endedScope.ended', { area: me.scope.name, date: fmt.date(ended.on) })}{' '}
        {successors ? t('endedScope.became', { count: ended.successors.length, units: successors }) : ''}
      </Text>
      <Text size="sm" mt={4}>
        {t('endedScope.shown', { date: fmt.date(ended.lastDay) })}
      </Text>
      <Text size="sm" mt={4} fw={600}>
        {t('endedScope.awaiting')}
      </Text>
    </Alert>
  );
}
