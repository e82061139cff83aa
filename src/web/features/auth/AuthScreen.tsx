import type { ReactNode } from 'react';
import { Box, Center, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconShieldStar } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../layout/LanguageSwitch.js';

/** The frame of the login page: the emblem, the name, a card. */
export function AuthScreen({ children }: { children: ReactNode }) {
  const { t } = useTranslation('common');
  return (
    <Box mih="100vh" style={{ display: 'flex', flexDirection: 'column' }}>
      <Box className="tq-header" h={{ base: 180, sm: 220 }} px="md" pt="sm">
        <Group justify="flex-end">
          <LanguageSwitch onDark />
        </Group>
      </Box>
      <Center px="sm" style={{ flex: 1, alignItems: 'flex-start' }} mt={{ base: -130, sm: -160 }} pb="xl">
        <Stack w="100%" maw={420} gap="md">
          <Stack align="center" gap={6}>
            <ThemeIcon size={64} radius={32} color="yellow.5" c="brand.9" variant="filled" style={{ boxShadow: '0 4px 14px rgba(0,0,0,.25)' }}>
              <IconShieldStar size={38} />
            </ThemeIcon>
            <Title order={1} c="white" fz={28}>
              {t('app.name')}
            </Title>
          </Stack>
          <Paper withBorder shadow="md" p={{ base: 'lg', sm: 'xl' }}>
            {children}
          </Paper>
          <Text size="xs" c="dimmed" ta="center" px="md">
            {t('app.tagline')}
          </Text>
        </Stack>
      </Center>
    </Box>
  );
}
