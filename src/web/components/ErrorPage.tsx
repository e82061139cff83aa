import { Button, Code, Group } from '@mantine/core';
import { IconAlertOctagon, IconHome, IconLock, IconRefresh } from '@tabler/icons-react';
import { useNavigate, useRouter, type ErrorComponentProps } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.js';
import { ForbiddenError } from '../features/auth/access.js';
import { StatusScreen } from './StatusScreen.js';

/** What a route shows when it cannot be shown: no access, or something broke. */
export function ErrorPage({ error, reset }: ErrorComponentProps) {
  const { t } = useTranslation('common');
  const navigate = useNavigate();
  const router = useRouter();
  const home = (
    <Button leftSection={<IconHome size={16} />} onClick={() => void navigate({ to: '/' })}>
      {t('actions.goHome')}
    </Button>
  );

  if (error instanceof ForbiddenError || (isApiError(error) && error.status === 403)) {
    return (
      <StatusScreen
        code="403"
        icon={<IconLock size={34} />}
        title={t('forbidden.title')}
        message={isApiError(error) ? error.message : t('forbidden.message')}
      >
        <Group justify="center">{home}</Group>
      </StatusScreen>
    );
  }

  const chunkFailed = error instanceof Error && /dynamically imported module|Importing a module script failed/i.test(error.message);
  return (
    <StatusScreen
      icon={<IconAlertOctagon size={34} />}
      title={chunkFailed ? t('crash.updatedTitle') : t('crash.title')}
      message={chunkFailed ? t('crash.updatedMessage') : isApiError(error) ? error.message : t('crash.message')}
    >
      {!chunkFailed && !isApiError(error) && error instanceof Error && (
        <Code block w="100%" ta="left" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
          {error.message}
        </Code>
      )}
      <Group justify="center">
        <Button
          variant="default"
          leftSection={<IconRefresh size={16} />}
          onClick={() => {
            if (chunkFailed) return window.location.reload();
            reset();
            void router.invalidate();
          }}
        >
          {t('actions.retry')}
        </Button>
        {home}
      </Group>
    </StatusScreen>
  );
}
