import { useEffect } from 'react';
import { AppShell, Box, Burger, Container, Group, Paper, Text, ThemeIcon, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconMapPin, IconShieldStar } from '@tabler/icons-react';
import { Outlet, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../api/auth.js';
import { forcedPath } from '../features/auth/access.js';
import { applyLanguage, currentLanguage, storedLanguage } from '../i18n/index.js';
import { scopeLabel } from '../components/labels.js';
import { AppNavbar } from './AppNavbar.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { UserMenu } from './UserMenu.js';

export function AppLayout() {
  const { t } = useTranslation('common');
  const me = useCurrentUser();
  const navigate = useNavigate();
  const [opened, { toggle, close }] = useDisclosure(false);
  // Until the forced step is done, there is nowhere else to go.
  const forced = forcedPath(me) !== null;

  // On a device where no language was ever chosen, the account's own choice applies.
  useEffect(() => {
    if (storedLanguage() === null && me.language !== currentLanguage()) void applyLanguage(me.language, false);
  }, [me.language]);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={forced ? undefined : { width: 248, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'sm', sm: 'lg' }}
    >
      <AppShell.Header className="tq-header" withBorder={false}>
        <Group h="100%" px={{ base: 'xs', sm: 'md' }} justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            {!forced && (
              <Burger
                opened={opened}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                color="white"
                aria-label={opened ? t('nav.close') : t('nav.open')}
              />
            )}
            <UnstyledButton
              onClick={() => void navigate({ to: '/' })}
              aria-label={t('app.home')}
              c="white"
              style={{ minWidth: 0 }}
            >
              <Group gap={10} wrap="nowrap">
                <ThemeIcon size={36} radius="md" color="yellow.5" variant="filled" c="brand.9">
                  <IconShieldStar size={22} />
                </ThemeIcon>
                <Box style={{ minWidth: 0 }}>
                  <Text fw={800} size="lg" lh={1.1} c="white">
                    {t('app.name')}
                  </Text>
                  <Text size="xs" c="rgba(255,255,255,0.82)" lh={1.2} visibleFrom="sm" truncate>
                    {t('app.tagline')}
                  </Text>
                </Box>
              </Group>
            </UnstyledButton>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <LanguageSwitch onDark />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>

      {!forced && (
        <AppShell.Navbar p="sm">
          <AppShell.Section grow>
            <AppNavbar onNavigate={close} />
          </AppShell.Section>
          <AppShell.Section>
            <Paper withBorder p="sm" bg="gray.0">
              <Group gap="xs" wrap="nowrap" align="flex-start">
                <IconMapPin size={16} style={{ marginTop: 2, flexShrink: 0 }} color="var(--mantine-color-brand-7)" />
                <Box style={{ minWidth: 0 }}>
                  <Text size="xs" c="dimmed">
                    {t('userMenu.scope')}
                  </Text>
                  <Text size="sm" fw={600}>
                    {scopeLabel(t, me.scope)}
                  </Text>
                </Box>
              </Group>
            </Paper>
          </AppShell.Section>
        </AppShell.Navbar>
      )}

      <AppShell.Main>
        <Container size="xl" px={0}>
          <Outlet />
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
