import { Avatar, Group, Menu, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconApi, IconChevronDown, IconLogout, IconShieldLock } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useCurrentUser, useLogout } from '../api/auth.js';
import { initials, roleLabel, scopeLabel } from '../components/labels.js';

export function UserMenu() {
  const { t } = useTranslation('common');
  const me = useCurrentUser();
  const logout = useLogout();
  const navigate = useNavigate();

  const signOut = () =>
    logout.mutate(undefined, { onSettled: () => void navigate({ to: '/login', search: {} }) });

  return (
    <Menu position="bottom-end" width={280} shadow="md" withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={t('userMenu.open', { name: me.fullName })} c="white" px={4} py={4}>
          <Group gap={8} wrap="nowrap">
            <Avatar size={34} radius="xl" color="yellow" variant="filled" styles={{ placeholder: { color: '#631313' } }}>
              {initials(me.fullName)}
            </Avatar>
            <Stack gap={0} visibleFrom="md" style={{ lineHeight: 1.2, maxWidth: 180 }}>
              <Text size="sm" fw={600} truncate c="white">
                {me.fullName}
              </Text>
              {/* The full role, with its bodies in brackets, does not fit the header; the menu shows it whole. */}
              <Text size="xs" truncate c="rgba(255,255,255,0.8)" title={roleLabel(t, me.role)}>
                {t(`roleShort.${me.role}`, { defaultValue: roleLabel(t, me.role) })}
              </Text>
            </Stack>
            <IconChevronDown size={14} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Stack gap={2} px="sm" py="xs">
          <Text fw={600} size="sm">
            {me.fullName}
          </Text>
          <Text size="xs" c="dimmed">
            @{me.username}
          </Text>
          <Text size="xs" mt={4}>
            <Text span c="dimmed" size="xs">
              {t('userMenu.role')}:{' '}
            </Text>
            {roleLabel(t, me.role)}
          </Text>
          <Text size="xs">
            <Text span c="dimmed" size="xs">
              {t('userMenu.scope')}:{' '}
            </Text>
            {scopeLabel(t, me.scope)}
          </Text>
        </Stack>
        <Menu.Divider />
        <Menu.Item leftSection={<IconShieldLock size={16} />} onClick={() => void navigate({ to: '/security' })}>
          {t('userMenu.security')}
        </Menu.Item>
        <Menu.Item leftSection={<IconApi size={16} />} component="a" href="/api/docs" target="_blank" rel="noopener">
          {t('userMenu.apiDocs')}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item color="red" leftSection={<IconLogout size={16} />} onClick={signOut} disabled={logout.isPending}>
          {t('userMenu.logout')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
