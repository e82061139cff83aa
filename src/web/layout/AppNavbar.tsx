import type { ReactNode } from 'react';
import { NavLink, Stack, Text } from '@mantine/core';
import { IconBuildingCommunity, IconHome, IconListDetails, IconShieldCheck, IconUsers } from '@tabler/icons-react';
import { useNavigate, useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Permission } from '../../shared/auth.js';
import { useCurrentUser } from '../api/auth.js';
import { can } from '../features/auth/access.js';

interface Item {
  to: '/' | '/users' | '/units' | '/audit' | '/roles';
  label: string;
  icon: ReactNode;
  permission?: Permission;
}

/** The sections a user may open; the others are not shown at all. */
export function AppNavbar({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation('common');
  const me = useCurrentUser();
  const navigate = useNavigate();
  const pathname = useRouterState({ select: (s) => s.location.pathname });

  const items: Item[] = [
    { to: '/', label: t('nav.home'), icon: <IconHome size={18} /> },
    { to: '/users', label: t('nav.users'), icon: <IconUsers size={18} />, permission: 'users.read' },
    { to: '/units', label: t('nav.units'), icon: <IconBuildingCommunity size={18} />, permission: 'units.read' },
    { to: '/audit', label: t('nav.audit'), icon: <IconListDetails size={18} />, permission: 'audit.read' },
    { to: '/roles', label: t('nav.roles'), icon: <IconShieldCheck size={18} />, permission: 'roles.write' },
  ];

  return (
    <nav aria-label={t('nav.label')}>
      <Stack gap={2}>
        <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pb={6} pt={4} style={{ letterSpacing: '0.06em' }}>
          {t('nav.section')}
        </Text>
        {items
          .filter((item) => !item.permission || can(me, item.permission))
          .map((item) => {
            const active = item.to === '/' ? pathname === '/' : pathname === item.to || pathname.startsWith(item.to + '/');
            return (
              <NavLink
                key={item.to}
                href={item.to}
                label={item.label}
                leftSection={item.icon}
                active={active}
                aria-current={active ? 'page' : undefined}
                variant="light"
                fw={active ? 600 : 500}
                style={{ borderRadius: 'var(--mantine-radius-sm)' }}
                onClick={(e) => {
                  if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                  e.preventDefault();
                  void navigate({ to: item.to });
                  onNavigate();
                }}
              />
            );
          })}
      </Stack>
    </nav>
  );
}
