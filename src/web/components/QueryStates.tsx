import type { ReactNode } from 'react';
import { Alert, Button, EmptyState, Group, Skeleton, Stack } from '@mantine/core';
import { IconAlertTriangle, IconInbox, IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.js';

/** Grey bars where rows will be. */
export function LoadingRows({ rows = 5, height = 44 }: { rows?: number; height?: number }) {
  const { t } = useTranslation('common');
  return (
    <Stack gap="xs" aria-busy="true" aria-label={t('loading')}>
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} height={height} radius="sm" />
      ))}
    </Stack>
  );
}

/** A refusal or an absence (403, 404) gives the same answer however often it is asked. */
export function isClientError(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 403 || error.status === 404);
}

/** A failed load, with the server's message and, when asking again can help, a way to try again. */
export function ErrorAlert({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const { t } = useTranslation('common');
  const message = error instanceof Error ? error.message : t('errors.unknown');
  const retry = isClientError(error) ? undefined : onRetry;
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={20} />} title={title ?? t('errors.loadFailed')}>
      <Stack gap="xs">
        <span>{message}</span>
        {retry && (
          <Group>
            <Button size="xs" variant="white" color="red" leftSection={<IconRefresh size={14} />} onClick={retry}>
              {t('actions.retry')}
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}

/** Nothing to show, said plainly, with what to do next. */
export function Empty({
  title,
  description,
  icon,
  action,
}: {
  title: string;
  description?: ReactNode;
  icon?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <EmptyState
      py="xl"
      title={title}
      description={description}
      icon={icon ?? <IconInbox size={28} stroke={1.5} />}
      variant="light"
    >
      {action && <EmptyState.Actions>{action}</EmptyState.Actions>}
    </EmptyState>
  );
}
