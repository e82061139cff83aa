import { Avatar, Group, Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconChevronRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/users.js';
import { initials, roleLabel, scopeLabel } from '../../components/labels.js';
import { useFormat } from '../../i18n/useFormat.js';
import { StatusBadge, TotpBadge } from './UserBadges.js';

/** The user list on a phone: one card per person. */
export function UserCards({ users, onOpen }: { users: User[]; onOpen: (id: string) => void }) {
  const { t } = useTranslation('users');
  const fmt = useFormat();
  return (
    <Stack gap="xs">
      {users.map((u) => (
        <UnstyledButton key={u.id} onClick={() => onOpen(u.id)} aria-label={u.fullName}>
          <Paper withBorder p="sm">
            <Group wrap="nowrap" align="flex-start" gap="sm">
              <Avatar radius="xl" color={u.disabled ? 'gray' : 'brand'} variant="light">
                {initials(u.fullName)}
              </Avatar>
              <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
                <Text fw={600} truncate>
                  {u.fullName}
                </Text>
                <Text size="xs" c="dimmed" className="tq-mono" truncate>
                  {u.username}
                </Text>
                <Text size="sm">{roleLabel(t, u.role)}</Text>
                <Text size="sm" c="dimmed" truncate>
                  {scopeLabel(t, u.scope)}
                </Text>
                <Group gap={6} mt={4}>
                  <StatusBadge disabled={u.disabled} />
                  <TotpBadge enabled={u.totpEnabled} />
                </Group>
                <Text size="xs" c="dimmed" mt={2}>
                  {t('fields.lastLogin')}: {u.lastLoginAt ? fmt.dateTime(u.lastLoginAt) : t('neverLoggedIn')}
                </Text>
              </Stack>
              <IconChevronRight size={18} color="var(--mantine-color-gray-5)" style={{ alignSelf: 'center' }} />
            </Group>
          </Paper>
        </UnstyledButton>
      ))}
    </Stack>
  );
}
