import { Alert, Button, Group, Text } from '@mantine/core';
import { IconMapPinExclamation } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useEndedScopes } from '../../api/users.js';
import { useFormat } from '../../i18n/useFormat.js';

/** Shown to administrators when some users' scope units no longer exist (after a reform). */
export function EndedScopesAlert() {
  const { t } = useTranslation('users');
  const fmt = useFormat();
  const navigate = useNavigate();
  const ended = useEndedScopes();
  const n = ended.data?.length ?? 0;
  if (n === 0) return null;
  return (
    <Alert color="orange" variant="light" mb="md" icon={<IconMapPinExclamation size={18} />} title={t('endedScopes.alert', { count: n, n: fmt.number(n) })}>
      <Group justify="space-between" gap="sm">
        <Text size="sm">{t('endedScopes.alertText')}</Text>
        <Button size="xs" variant="white" color="dark" onClick={() => void navigate({ to: '/users/ended-scopes' })}>
          {t('endedScopes.open')}
        </Button>
      </Group>
    </Alert>
  );
}
