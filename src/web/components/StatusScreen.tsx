import type { ReactNode } from 'react';
import { Center, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';

/** A full, calm message for the pages that are not pages: not found, no access, failure. */
export function StatusScreen({
  code,
  icon,
  title,
  message,
  children,
}: {
  code?: string;
  icon: ReactNode;
  title: string;
  message: ReactNode;
  children?: ReactNode;
}) {
  return (
    <Center mih="70vh" p="md">
      <Paper withBorder shadow="xs" p={{ base: 'lg', sm: 40 }} maw={520} w="100%">
        <Stack align="center" gap="md" ta="center">
          <ThemeIcon size={64} radius="xl" variant="light" color="brand">
            {icon}
          </ThemeIcon>
          {code && (
            <Text fw={700} c="brand.7" fz={40} lh={1}>
              {code}
            </Text>
          )}
          <Title order={2} fz={22}>
            {title}
          </Title>
          <Text c="dimmed">{message}</Text>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}
