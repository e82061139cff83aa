import type { ReactNode } from 'react';
import { Avatar, Badge, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { getRouteApi, Outlet } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../api/auth.js';
import { isApiError } from '../../api/client.js';
import { useUser } from '../../api/users.js';
import { initials, roleLabel, scopeLabel } from '../../components/labels.js';
import { NotFoundPage } from '../../components/NotFoundPage.js';
import { PageHeader } from '../../components/PageHeader.js';
import { ErrorAlert, LoadingRows } from '../../components/QueryStates.js';
import { useFormat } from '../../i18n/useFormat.js';
import { can } from '../auth/access.js';
import { StatusBadge, TotpBadge } from './UserBadges.js';
import { UserActions } from './UserActions.js';
import { UserHistory } from './UserHistory.js';

const route = getRouteApi('/_app/users/$id');

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: '0.03em' }}>
        {label}
      </Text>
      <div>{children}</div>
    </Stack>
  );
}

export function UserDetailPage() {
  const { t } = useTranslation('users');
  const { id } = route.useParams();
  const me = useCurrentUser();
  const fmt = useFormat();
  const user = useUser(id);
  const crumbs = [
    { label: t('common:nav.home'), to: '/' },
    { label: t('title'), to: '/users' },
  ];

  if (user.isPending) {
    return (
      <>
        <PageHeader title={t('detail.loading')} crumbs={crumbs} />
        <Paper withBorder p="lg">
          <LoadingRows rows={4} />
        </Paper>
      </>
    );
  }
  if (user.error) {
    if (isApiError(user.error) && user.error.status === 404) return <NotFoundPage />;
    return (
      <>
        <PageHeader title={t('title')} crumbs={crumbs} />
        <ErrorAlert error={user.error} onRetry={() => void user.refetch()} />
      </>
    );
  }

  const u = user.data;
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
            <Field label={t('fields.username')}>
              <Text className="tq-mono">{u.username}</Text>
            </Field>
            <Field label={t('fields.role')}>
              <Text>{roleLabel(t, u.role)}</Text>
            </Field>
            <Field label={t('fields.scope')}>
              <Text>{scopeLabel(t, u.scope)}</Text>
            </Field>
            <Field label={t('fields.email')}>{u.email ? <Text>{u.email}</Text> : none}</Field>
            <Field label={t('fields.phone')}>{u.phone ? <Text>{u.phone}</Text> : none}</Field>
            <Field label={t('fields.lastLogin')}>
              {u.lastLoginAt ? <Text>{fmt.dateTime(u.lastLoginAt)}</Text> : <Text c="dimmed">{t('neverLoggedIn')}</Text>}
            </Field>
            <Field label={t('fields.createdAt')}>
              <Text>{fmt.dateTime(u.createdAt)}</Text>
            </Field>
            <Field label={t('fields.updatedAt')}>
              <Text>{fmt.dateTime(u.updatedAt)}</Text>
            </Field>
          </SimpleGrid>
        </Paper>
        {can(me, 'audit.read') && <UserHistory userId={u.id} />}
      </Stack>
      <Outlet />
    </>
  );
}
