import { Badge, Stack, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { GroupStatus } from '../../../shared/groups.js';
import { useFormat } from '../../i18n/useFormat.js';

export const statusColors: Record<GroupStatus, string> = {
  active: 'green',
  consolidating: 'yellow',
  suspended: 'orange',
  dissolved: 'gray',
};

export function statusLabel(t: TFunction, status: GroupStatus): string {
  return t(`groups:status.${status}`);
}

/** "Đang hoạt động", and below it since when (as of the date the list or page shows). */
export function GroupStatusBadge({ status, since, size = 'sm' }: { status: GroupStatus | null; since?: string | null; size?: 'xs' | 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation('groups');
  const fmt = useFormat();
  if (!status)
    return (
      <Badge size={size} variant="light" color="gray">
        {t('status.none')}
      </Badge>
    );
  return (
    <Stack gap={2} align="flex-start">
      <Badge size={size} variant="light" color={statusColors[status]}>
        {statusLabel(t, status)}
      </Badge>
      {since && (
        <Text size="xs" c="dimmed">
          {t('status.since', { date: fmt.date(since) })}
        </Text>
      )}
    </Stack>
  );
}
