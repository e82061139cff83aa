import type { ReactNode } from 'react';
import { Group, Paper, Skeleton, Stack, Text, ThemeIcon, UnstyledButton } from '@mantine/core';
import { IconChevronRight } from '@tabler/icons-react';
import { useIsPhone } from '../../lib/useIsPhone.js';

/** One count with what it counts; a link when there is a page behind it. */
export function StatCard({
  label,
  value,
  hint,
  icon,
  loading,
  onOpen,
}: {
  label: string;
  value: string | null;
  hint?: string;
  icon: ReactNode;
  loading?: boolean;
  onOpen?: () => void;
}) {
  // Sizes by the hook, not by responsive props: those put a <style> into the card's text.
  const isPhone = useIsPhone();
  const body = (
    <Paper withBorder p={isPhone ? 'sm' : 'lg'} h="100%">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Text size="sm" c="dimmed" fw={500}>
            {label}
          </Text>
          {loading ? (
            <Skeleton h={34} w={90} mt={2} />
          ) : (
            <Text fz={isPhone ? 26 : 32} fw={700} lh={1.1} c="brand.8">
              {value ?? '—'}
            </Text>
          )}
          {hint && (
            <Text size="xs" c="dimmed">
              {hint}
            </Text>
          )}
        </Stack>
        {/* On a phone, two to a row, the label and the number need the width. */}
        {!isPhone && (
          <ThemeIcon size={44} radius="md" variant="light" color="brand">
            {icon}
          </ThemeIcon>
        )}
      </Group>
      {onOpen && (
        <Group justify="flex-end" mt="xs">
          <IconChevronRight size={16} color="var(--mantine-color-gray-6)" />
        </Group>
      )}
    </Paper>
  );
  return onOpen ? (
    <UnstyledButton onClick={onOpen} aria-label={label} style={{ display: 'block', height: '100%' }}>
      {body}
    </UnstyledButton>
  ) : (
    body
  );
}
