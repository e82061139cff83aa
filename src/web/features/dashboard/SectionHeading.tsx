import type { ReactNode } from 'react';
import { Group, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';

export interface Choice<T extends string> {
  value: T;
  onChange: (value: T) => void;
  data: { value: T; label: string }[];
}

/** A part of the dashboard's title, with what a click on it does and a switch on the right. */
export function SectionHeading<T extends string>({ title, hint, choice }: { title: string; hint: string; choice?: Choice<T> | null }) {
  return (
    <Group justify="space-between" align="flex-start" gap="xs">
      <div>
        <Title order={3} fz="md">
          {title}
        </Title>
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      </div>
      {choice && <SegmentedControl size="xs" value={choice.value} onChange={(v) => choice.onChange(v as T)} data={choice.data} />}
    </Group>
  );
}

/** A framed part of the dashboard: its heading, then what it shows. */
export function Section<T extends string>({ children, ...heading }: { title: string; hint: string; choice?: Choice<T> | null; children: ReactNode }) {
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} h="100%">
      <Stack gap="xs">
        <SectionHeading {...heading} />
        {children}
      </Stack>
    </Paper>
  );
}
