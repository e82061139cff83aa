import { Button, Paper } from '@mantine/core';
import { IconUserPlus, IconUsers } from '@tabler/icons-react';
import { getRouteApi, Outlet } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../api/auth.js';
import { useUsers } from '../../api/users.js';
import { ListFooter } from '../../components/ListFooter.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Empty, ErrorAlert, LoadingRows } from '../../components/QueryStates.js';
import { useFormat } from '../../i18n/useFormat.js';
import { useIsPhone } from '../../lib/useIsPhone.js';
import { can } from '../auth/access.js';
import { UserCards } from './UserCards.js';
import { EndedScopesAlert } from './EndedScopesAlert.js';
import { UserFilters } from './UserFilters.js';
import { UsersTable } from './UsersTable.js';

const route = getRouteApi('/_app/users');
export const USERS_PAGE_SIZE = 25;

export function UsersPage() {
  const { t } = useTranslation('users');
  const me = useCurrentUser();
  const fmt = useFormat();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const isPhone = useIsPhone();
  const page = search.page ?? 1;
  const users = useUsers({ ...search, page, pageSize: USERS_PAGE_SIZE });
  const canWrite = can(me, 'users.write');
  const filtered = !!(search.q || search.role || search.status || search.unitId);

  const open = (id: string) => void navigate({ to: '/users/$id', params: { id } });
  const add = () => void navigate({ to: '/users/new', search: (s) => s });

  return (
    <>
      <PageHeader
        title={t('title')}
        description={
          users.data
            ? t(filtered ? 'countFiltered' : 'countDescription', { count: users.data.total, total: fmt.number(users.data.total) })
            : t('description')
        }
        crumbs={[{ label: t('common:nav.home'), to: '/' }, { label: t('title') }]}
        actions={
          canWrite && (
            <Button leftSection={<IconUserPlus size={16} />} onClick={add}>
              {t('add')}
            </Button>
          )
        }
      />
      {canWrite && <EndedScopesAlert />}
      <UserFilters value={search} onChange={(next) => void navigate({ search: next, replace: true })} />

      {users.isPending ? (
        <Paper withBorder p="md">
          <LoadingRows rows={6} />
        </Paper>
      ) : users.error ? (
        <ErrorAlert error={users.error} onRetry={() => void users.refetch()} />
      ) : users.data.items.length === 0 ? (
        <Paper withBorder>
          <Empty
            icon={<IconUsers size={28} stroke={1.5} />}
            title={filtered ? t('empty.filteredTitle') : t('empty.title')}
            description={filtered ? t('empty.filteredText') : t('empty.text')}
            action={
              filtered ? (
                <Button variant="default" onClick={() => void navigate({ search: {} })}>
                  {t('filters.clear')}
                </Button>
              ) : (
                canWrite && (
                  <Button leftSection={<IconUserPlus size={16} />} onClick={add}>
                    {t('add')}
                  </Button>
                )
              )
            }
          />
        </Paper>
      ) : (
        <>
          {isPhone ? (
            <UserCards users={users.data.items} onOpen={open} />
          ) : (
            <Paper withBorder style={{ overflow: 'hidden', opacity: users.isPlaceholderData ? 0.6 : 1 }}>
              <UsersTable users={users.data.items} onOpen={open} />
            </Paper>
          )}
          <ListFooter
            page={users.data.page}
            pageSize={users.data.pageSize}
            total={users.data.total}
            onPage={(p) => void navigate({ search: (s) => ({ ...s, page: p > 1 ? p : undefined }) })}
          />
        </>
      )}
      <Outlet />
    </>
  );
}
