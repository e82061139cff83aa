import type { ReactNode } from 'react';
import { Badge, NavLink, Stack, Text } from '@mantine/core';
import {
  IconAddressBook,
  IconChartBar,
  IconBuildingCommunity,
  IconCategory,
  IconUsersGroup,
  IconFileImport,
  IconFileSpreadsheet,
  IconHome,
  IconHomeQuestion,
  IconListDetails,
  IconShieldCheck,
  IconUserShare,
  IconUsers,
} from '@tabler/icons-react';
import { useNavigate, useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Me, Permission } from '../../shared/auth.js';
import { useCurrentUser } from '../api/auth.js';
import { usePendingPlacementCount } from '../api/units.js';
import { can, canImportUnits, canManageVillages } from '../features/auth/access.js';
import { useFormat } from '../i18n/useFormat.js';
import { activePath } from '../lib/nav.js';

type Path = '/' | '/users' | '/units' | '/groups' | '/census' | '/model-types' | '/people' | '/membership-requests' | '/units/placements' | '/units/villages/import' | '/units/import' | '/audit' | '/roles';

interface Item {
  to: Path;
  label: string;
  icon: ReactNode;
  allowed: (me: Me) => boolean;
  badge?: ReactNode;
  /** Pages of the same section, listed under it. */
  children?: Item[];
}

const needs = (permission: Permission) => (me: Me) => can(me, permission);

/** The sections a user may open; the others are not shown at all. */
export function AppNavbar({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation('common');
  const me = useCurrentUser();
  const fmt = useFormat();
  const navigate = useNavigate();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const villages = canManageVillages(me);
  const pending = usePendingPlacementCount(villages);

  const items: Item[] = [
    { to: '/', label: t('nav.home'), icon: <IconHome size={18} />, allowed: () => true },
    {
      to: '/groups',
      label: t('nav.groups'),
      icon: <IconUsersGroup size={18} />,
      allowed: needs('groups.read'),
      children: [
        { to: '/census', label: t('nav.census'), icon: <IconChartBar size={16} />, allowed: needs('groups.read') },
        { to: '/people', label: t('nav.people'), icon: <IconAddressBook size={16} />, allowed: needs('groups.read') },
        { to: '/membership-requests', label: t('nav.membershipRequests'), icon: <IconUserShare size={16} />, allowed: needs('groups.write') },
        { to: '/model-types', label: t('nav.modelTypes'), icon: <IconCategory size={16} />, allowed: needs('groups.read') },
      ],
    },
    { to: '/users', label: t('nav.users'), icon: <IconUsers size={18} />, allowed: needs('users.read') },
    {
      to: '/units',
      label: t('nav.units'),
      icon: <IconBuildingCommunity size={18} />,
      allowed: needs('units.read'),
      children: [
        {
          to: '/units/placements',
          label: t('nav.placements'),
          icon: <IconHomeQuestion size={16} />,
          allowed: canManageVillages,
          badge: pending.data ? (
            <Badge size="sm" color="orange" variant="filled" aria-label={t('nav.pendingCount', { count: pending.data, n: fmt.number(pending.data) })}>
              {fmt.number(pending.data)}
            </Badge>
          ) : undefined,
        },
        { to: '/units/villages/import', label: t('nav.villageImport'), icon: <IconFileSpreadsheet size={16} />, allowed: canManageVillages },
        { to: '/units/import', label: t('nav.unitImport'), icon: <IconFileImport size={16} />, allowed: canImportUnits },
      ],
    },
    { to: '/audit', label: t('nav.audit'), icon: <IconListDetails size={18} />, allowed: needs('audit.read') },
    { to: '/roles', label: t('nav.roles'), icon: <IconShieldCheck size={18} />, allowed: needs('roles.write') },
  ];

  const visible = items.filter((i) => i.allowed(me)).map((i) => ({ ...i, children: i.children?.filter((c) => c.allowed(me)) }));
  const current = activePath(
    pathname,
    visible.flatMap((i) => [i.to, ...(i.children ?? []).map((c) => c.to)]),
  );

  const link = (item: Item, nested: boolean) => {
    const active = item.to === current;
    return (
      <NavLink
        key={item.to}
        href={item.to}
        label={item.label}
        leftSection={item.icon}
        rightSection={item.badge}
        active={active}
        aria-current={active ? 'page' : undefined}
        variant="light"
        fw={active ? 600 : 500}
        fz={nested ? 'sm' : undefined}
        px={nested ? 8 : undefined}
        py={nested ? 6 : undefined}
        style={{ borderRadius: 'var(--mantine-radius-sm)' }}
        onClick={(e) => {
          if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
          e.preventDefault();
          void navigate({ to: item.to });
          onNavigate();
        }}
      />
    );
  };

  return (
    <nav aria-label={t('nav.label')}>
      <Stack gap={2}>
        <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pb={6} pt={4} style={{ letterSpacing: '0.06em' }}>
          {t('nav.section')}
        </Text>
        {visible.map((item) => (
          <Stack key={item.to} gap={2}>
            {link(item, false)}
            {item.children && item.children.length > 0 && (
              <Stack gap={2} ml={20} pl={4} style={{ borderLeft: '1px solid var(--mantine-color-gray-3)' }}>
                {item.children.map((c) => link(c, true))}
              </Stack>
            )}
          </Stack>
        ))}
      </Stack>
    </nav>
  );
}
