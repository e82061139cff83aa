import { Avatar, Badge, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { getRouteApi, Outlet } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/users.js';
import { useCurrentUser } from '../../api/auth.js';
import { useUser } from '../../api/users.js';
import { DetailField } from '../../components/DetailField.js';
import { DetailPageGate } from '../../components/DetailPageGate.js';
import { initials, roleLabel, scopeLabel } from '../../components/labels.js';
import { PageHeader, type Crumb } from '../../components/PageHeader.js';
import { useFormat } from '../../i18n/useFormat.js';
import { can } from '../auth/access.js';
import { StatusBadge, TotpBadge } from './UserBadges.js';
import { UserActions } from './UserActions.js';
import { UserHistory } from './UserHistory.js';

const route = getRouteApi('/_app/users/$id');

export function UserDetailPage() {
  const { t } = useTranslation('users');
  const { id } = route.useParams();
  const user = useUser(id);
  const crumbs: Crumb[] = [
    { label: t('common:nav.home'), to: '/' },
    { label: t('title'), to: '/users' },
  ];

  return (
    <DetailPageGate query={user} loadingTitle={t('detail.loading')} errorTitle={t('title')} crumbs={crumbs} notFoundStatuses={[404]}>
      {(data) => <UserView user={data} crumbs={crumbs} />}
    </DetailPageGate>
  );
}

function UserView({ user: u, crumbs }: { user: User; crumbs: Crumb[] }) {
  const { t } = useTranslation('users');
  const me = useCurrentUser();
  const fmt = useFormat();
  const none = (
    <Text c="dimmed" size="sm">
      {t('detail.none')}
    </Text>
  );
  return (
    <>
      <PageHeader
        title={
          <Group gap="sm" wrap="nowrap">
            <Avatar radius="xl" size={44} color={u.disabled ? 'gray' : 'brand'} variant="light">
              {initials(u.fullName)}
            </Avatar>
            <span>{u.fullName}</span>
          </Group>
        }
        crumbs={[...crumbs, { label: u.fullName }]}
        actions={can(me, 'users.write') ? <UserActions user={u} /> : undefined}
      />
      <Stack gap="lg">
        <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
          <Group gap="xs" mb="md">
            <StatusBadge disabled={u.disabled} />
            <TotpBadge enabled={u.totpEnabled} />
            {u.mustChangePassword && (
              <Badge variant="light" color="orange">
                {t('status.mustChangePassword')}
              </Badge>
            )}
          </Group>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="lg" verticalSpacing="md">
            <DetailField shrink={false} label={t('fields.username')}>
              <Text className="tq-mono">{u.username}</Text>
            </DetailField>
            <DetailField shrink={false} label={t('fields.role')}>
              <Text>{roleLabel(t, u.role)}</Text>
            </DetailField>
            <DetailField shrink={false} label={t('fields.scope')}>
              <Text>{scopeLabel(t, u.scope)}</Text>
            </DetailField>
            <DetailField shrink={false} label={t('fields.email')}>{u.email ? <Text>{u.email}</Text> : none}</DetailField>
            <DetailField shrink={false} label={t('fields.phone')}>{u.phone ? <Text>{u.phone}</Text> : none}</DetailField>
            <DetailField shrink={false} label={t('fields.lastLogin')}>
              {u.lastLoginAt ? <Text>{fmt.dateTime(u.lastLoginAt)}</Text> : <Text c="dimmed">{t('neverLoggedIn')}</Text>}
            </DetailField>
            <DetailField shrink={false} label={t('fields.createdAt')}>
              <Text>{fmt.dateTime(u.createdAt)}</Text>
            </DetailField>
            <DetailField shrink={false} label={t('fields.updatedAt')}>
              <Text>{fmt.dateTime(u.updatedAt)}</Text>
            </DetailField>
          </SimpleGrid>
        </Paper>
        {can(me, 'audit.read') && <UserHistory userId={u.id} />}
      </Stack>
      <Outlet />
    </>
  );
}
