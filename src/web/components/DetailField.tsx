import type { ReactNode } from 'react';
import { Stack, Text } from '@mantine/core';

/** The small capitalised caption above a value or a group of items on a detail page. */
export function DetailLabel({ children }: { children: ReactNode }) {
  return (
    <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: '0.03em' }}>
      {children}
    </Text>
  );
}

/**
 * One labelled value on a detail page. `shrink` lets a long value wrap inside its grid column
 * instead of widening it.
 */
export function DetailField({ label, children, shrink = true }: { label: string; children: ReactNode; shrink?: boolean }) {
  return (
    <Stack gap={2} style={shrink ? { minWidth: 0 } : undefined}>
      <DetailLabel>{label}</DetailLabel>
      <div>{children}</div>
    </Stack>
  );
}
