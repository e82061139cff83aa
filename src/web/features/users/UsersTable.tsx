import { Anchor, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/users.js';
import { roleLabel, scopeLabel } from '../../components/labels.js';
import { useFormat } from '../../i18n/useFormat.js';
import { StatusBadge, TotpBadge } from './UserBadges.js';

export function UsersTable({ users, onOpen }: { users: User[]; onOpen: (id: string) => void }) {
  const { t } = useTranslation('users');
  const fmt = useFormat();
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped="odd" stickyHeader>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('fields.fullName')}</Table.Th>
            <Table.Th>{t('fields.username')}</Table.Th>
            <Table.Th>{t('fields.role')}</Table.Th>
            <Table.Th>{t('fields.scope')}</Table.Th>
            <Table.Th>{t('fields.status')}</Table.Th>
            <Table.Th>{t('fields.totp')}</Table.Th>
            <Table.Th>{t('fields.lastLogin')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((u) => (
            <Table.Tr key={u.id} className="tq-clickable-row" onClick={() => onOpen(u.id)}>
              <Table.Td>
                <Anchor
                  href={`/users/${u.id}`}
                  fw={600}
                  c="dark"
                  size="sm"
                  onClick={(e) => {
                    e.preventDefault();
                    e.stopPropagation();
                    onOpen(u.id);
                  }}
                >
                  {u.fullName}
                </Anchor>
                {u.email && (
                  <Text size="xs" c="dimmed">
                    {u.email}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm" className="tq-mono">
                  {u.username}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{roleLabel(t, u.role)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{scopeLabel(t, u.scope)}</Text>
              </Table.Td>
              <Table.Td>
                <Stack gap={4} align="flex-start">
                  <StatusBadge disabled={u.disabled} />
                  {u.mustChangePassword && (
                    <Text size="xs" c="orange.8">
                      {t('status.mustChangePassword')}
                    </Text>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td>
                <TotpBadge enabled={u.totpEnabled} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={u.lastLoginAt ? undefined : 'dimmed'}>
                  {u.lastLoginAt ? fmt.dateTime(u.lastLoginAt) : t('neverLoggedIn')}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
