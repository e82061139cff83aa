import { useState, type ReactNode } from 'react';
import { Alert, Button, Group, Paper, SimpleGrid, Stack, Text, ThemeIcon, Title, UnstyledButton } from '@mantine/core';
import {
  IconBuildingCommunity,
  IconChevronRight,
  IconListDetails,
  IconShieldCheck,
  IconShieldLock,
  IconUsers,
} from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../api/auth.js';
import { useUnits } from '../../api/units.js';
import { useUsers } from '../../api/users.js';
import { levelLabel, roleLabel, scopeLabel } from '../../components/labels.js';
import { useFormat } from '../../i18n/useFormat.js';
import { useIsPhone } from '../../lib/useIsPhone.js';
import { can } from '../auth/access.js';
import { EndedScopeNotice } from './EndedScopeNotice.js';
import { DashboardPanel } from '../dashboard/DashboardPanel.js';
import { putReminderOff, reminderDue } from './totpReminder.js';
import { StatCard } from './StatCard.js';


type Target = '/users' | '/units' | '/audit' | '/roles' | '/security';

function greetingKey(hour: number): 'morning' | 'afternoon' | 'evening' {
  if (hour < 11) return 'morning';
  if (hour < 18) return 'afternoon';
  return 'evening';
}

export function HomePage() {
  const { t } = useTranslation('home');
  const me = useCurrentUser();
  const fmt = useFormat();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const canUsers = can(me, 'users.read');
  const canUnits = can(me, 'units.read');
  // Read once per visit: putting it off hides it at once, a reload a week later shows it again.
  const [showTotpTip, setShowTotpTip] = useState(() => reminderDue(me, Date.now()));

  const users = useUsers({ pageSize: 1 }, { enabled: canUsers });
  // An area that has ended is counted as it was on its last day.
  const units = useUnits(me.scope ? { parentId: me.scope.id, date: me.scopeEnded?.lastDay } : {}, { enabled: canUnits });
  const unitItems = units.data?.items ?? [];
  const childLevel = unitItems[0]?.level;

  const links: { to: Target; title: string; text: string; icon: ReactNode; show: boolean }[] = [
    { to: '/users', title: t('links.users'), text: t('links.usersText'), icon: <IconUsers size={20} />, show: canUsers },
    { to: '/units', title: t('links.units'), text: t('links.unitsText'), icon: <IconBuildingCommunity size={20} />, show: canUnits },
    { to: '/audit', title: t('links.audit'), text: t('links.auditText'), icon: <IconListDetails size={20} />, show: can(me, 'audit.read') },
    { to: '/roles', title: t('links.roles'), text: t('links.rolesText'), icon: <IconShieldCheck size={20} />, show: can(me, 'roles.write') },
    { to: '/security', title: t('links.security'), text: t('links.securityText'), icon: <IconShieldLock size={20} />, show: true },
  ];

  return (
    <Stack gap={isPhone ? 'md' : 'lg'}>
      <Paper
        p={{ base: 'md', sm: 'xl' }}
        style={{ background: 'linear-gradient(120deg, var(--mantine-color-brand-0), #fff8e1)', borderColor: 'var(--mantine-color-brand-1)' }}
        withBorder
      >
        <Text size="sm" c="dimmed">
          {t('today', { date: fmt.date(new Date()) })}
        </Text>
        <Title order={2} fz={{ base: 22, sm: 28 }} mt={4}>
          {t(`greeting.${greetingKey(new Date().getHours())}`, { name: me.fullName })}
        </Title>
        {/* On a phone the three facts sit two to a line instead of one under another. */}
        <Group gap="md" mt="sm" wrap="wrap" style={{ columnGap: 'var(--mantine-spacing-xl)', rowGap: 'var(--mantine-spacing-xs)' }}>
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {t('role')}
            </Text>
            <Text fw={600} fz={{ base: 'sm', sm: 'md' }}>{roleLabel(t, me.role)}</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {t('scope')}
            </Text>
            <Text fw={600} fz={{ base: 'sm', sm: 'md' }}>{scopeLabel(t, me.scope)}</Text>
          </div>
          {me.lastLoginAt && (
            <div>
              <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                {t('lastLogin')}
              </Text>
              <Text fw={600} fz={{ base: 'sm', sm: 'md' }}>{fmt.dateTime(me.lastLoginAt)}</Text>
            </div>
          )}
        </Group>
      </Paper>

      <EndedScopeNotice me={me} />

      {showTotpTip && !me.totpEnabled && (
        <Alert color="yellow" variant="light" icon={<IconShieldLock size={18} />} title={t('totpTip.title')} data-testid="totp-reminder">
          <Stack gap="xs">
            <Text size="sm">{t('totpTip.text')}</Text>
            <Group gap="xs">
              <Button size="xs" variant="white" color="dark" onClick={() => void navigate({ to: '/security' })}>
                {t('totpTip.action')}
              </Button>
              {/* A role that requires two-factor cannot put it off. */}
              {!me.totpRequired && (
                <Button
                  size="xs"
                  variant="subtle"
                  color="gray"
                  onClick={() => {
                    putReminderOff(me.id, Date.now());
                    setShowTotpTip(false);
                  }}
                >
                  {t('totpTip.later')}
                </Button>
              )}
            </Group>
          </Stack>
        </Alert>
      )}

      {can(me, 'groups.read') && (
        <DashboardPanel />
      )}

      {(canUsers || canUnits) && (
        <SimpleGrid cols={{ base: 2, md: 3 }} spacing={{ base: 'xs', sm: 'md' }}>
          {canUsers && (
            <StatCard
              label={t('stats.users')}
              value={users.data ? fmt.number(users.data.total) : null}
              hint={users.error ? users.error.message : t('stats.usersHint', { scope: scopeLabel(t, me.scope) })}
              icon={<IconUsers size={24} />}
              loading={users.isPending}
              onOpen={() => void navigate({ to: '/users' })}
            />
          )}
          {canUnits && (
            <StatCard
              label={
                me.scope
                  ? t('stats.childUnits', { scope: scopeLabel(t, me.scope) })
                  : t('stats.provinces')
              }
              value={units.data ? fmt.number(unitItems.length) : null}
              hint={
                units.error
                  ? units.error.message
                  : childLevel
                    ? t('stats.unitsHint', { level: levelLabel(t, childLevel).toLocaleLowerCase() })
                    : t('stats.unitsNone')
              }
              icon={<IconBuildingCommunity size={24} />}
              loading={units.isPending}
              onOpen={() => void navigate({ to: '/units' })}
            />
          )}
        </SimpleGrid>
      )}

      <div>
        <Title order={3} fz="lg" mb={isPhone ? 'xs' : 'sm'}>
          {t('links.title')}
        </Title>
        {/* On a phone two to a row, each its icon and title. */}
        <SimpleGrid cols={{ base: 2, lg: 3 }} spacing={{ base: 'xs', sm: 'md' }}>
          {links
            .filter((l) => l.show)
            .map((l) => (
              <UnstyledButton key={l.to} onClick={() => void navigate({ to: l.to })} aria-label={l.title} style={{ display: 'block', height: '100%' }}>
                <Paper withBorder p={isPhone ? 'xs' : 'md'} h="100%" mih={48} display="flex" style={{ alignItems: 'center' }}>
                  <Group wrap="nowrap" gap={isPhone ? 'xs' : 'md'} style={{ flex: 1, minWidth: 0 }}>
                    <ThemeIcon size={isPhone ? 32 : 42} radius="md" variant="light" color="brand">
                      {l.icon}
                    </ThemeIcon>
                    <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
                      <Text fw={600} fz={{ base: 'sm', sm: 'md' }}>{l.title}</Text>
                      {/* On a phone the title says enough; the menu holds the same links. */}
                      <Text size="sm" c="dimmed" visibleFrom="sm">
                        {l.text}
                      </Text>
                    </Stack>
                    {!isPhone && <IconChevronRight size={18} color="var(--mantine-color-gray-5)" />}
                  </Group>
                </Paper>
              </UnstyledButton>
            ))}
        </SimpleGrid>
      </div>
    </Stack>
  );
}
