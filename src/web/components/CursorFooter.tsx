import { Button, Group, Text } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/useFormat.js';

/**
 * "26–50 of 2.596" (or "of more than 10.000") and the previous/next buttons of a keyset-paged
 * list; `pageIndex` counts from 0. Used with useCursorPages.
 */
export function CursorFooter({
  pageIndex,
  pageSize,
  shown,
  total,
  totalExact,
  nextCursor,
  onNext,
  onPrevious,
}: {
  pageIndex: number;
  pageSize: number;
  shown: number;
  total: number;
  totalExact: boolean;
  nextCursor: string | null;
  onNext: (cursor: string) => void;
  onPrevious: () => void;
}) {
  const { t } = useTranslation('common');
  const fmt = useFormat();
  const from = shown === 0 ? 0 : pageIndex * pageSize + 1;
  const to = pageIndex * pageSize + shown;
  const range = totalExact
    ? t('pagination.range', { from: fmt.number(from), to: fmt.number(to), total: fmt.number(total) })
    : t('pagination.rangeAtLeast', { from: fmt.number(from), to: fmt.number(to), total: fmt.number(total) });
  return (
    <Group justify="space-between" mt="md" gap="sm">
      <Text size="sm" c="dimmed">
        {range}
      </Text>
      {(pageIndex > 0 || nextCursor) && (
        <Group gap="xs">
          <Button size="xs" variant="default" leftSection={<IconChevronLeft size={14} />} disabled={pageIndex === 0} onClick={onPrevious}>
            {t('pagination.previous')}
          </Button>
          <Button size="xs" variant="default" rightSection={<IconChevronRight size={14} />} disabled={!nextCursor} onClick={() => nextCursor && onNext(nextCursor)}>
            {t('pagination.next')}
          </Button>
        </Group>
      )}
    </Group>
  );
}
