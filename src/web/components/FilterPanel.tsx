import { useState, type ReactNode } from 'react';
import { Badge, Button, Collapse, Group, Paper, SimpleGrid, Stack } from '@mantine/core';
import { IconAdjustmentsHorizontal, IconFilterOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../lib/useIsPhone.js';

/**
 * The filters above a list. On a desk all are in one row; on a phone the first one stays in sight
 * and the others fold away behind a "Bộ lọc" button, so that the list starts on the first screen.
 */
export function FilterPanel({
  primary,
  rest,
  activeCount,
  onClear,
  cols,
  footer,
}: {
  primary: ReactNode;
  rest: ReactNode;
  /** Filters in use among `rest`. */
  activeCount: number;
  onClear?: () => void;
  cols: { base?: number; xs?: number; sm?: number; md?: number; lg?: number };
  footer?: ReactNode;
}) {
  const { t } = useTranslation('common');
  const isPhone = useIsPhone();
  const [open, setOpen] = useState(false);

  const clear = onClear && (
    <Button variant="subtle" color="gray" size="xs" leftSection={<IconFilterOff size={14} />} onClick={onClear}>
      {t('filters.clear')}
    </Button>
  );

  if (isPhone) {
    return (
      <Paper withBorder p="sm" mb="md">
        <Stack gap="xs">
          {primary}
          <Group justify="space-between" gap="xs">
            <Button
              variant="light"
              size="xs"
              leftSection={<IconAdjustmentsHorizontal size={14} />}
              rightSection={activeCount > 0 ? <Badge size="xs" circle>{activeCount}</Badge> : undefined}
              onClick={() => setOpen((o) => !o)}
              aria-expanded={open}
            >
              {open ? t('filters.hide') : t('filters.more')}
            </Button>
            {clear}
          </Group>
          <Collapse expanded={open}>
            <Stack gap="xs">{rest}</Stack>
          </Collapse>
          {footer}
        </Stack>
      </Paper>
    );
  }

  return (
    <Paper withBorder p="md" mb="md">
      <SimpleGrid cols={cols} spacing="sm">
        {primary}
        {rest}
      </SimpleGrid>
      {(clear || footer) && (
        <Group justify="space-between" mt="sm">
          <div>{footer}</div>
          {clear}
        </Group>
      )}
    </Paper>
  );
}
