import { Button, Paper } from '@mantine/core';
import { IconDownload, IconFileSpreadsheet, IconPlus, IconUsersGroup } from '@tabler/icons-react';
import { getRouteApi, Link, Outlet } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../api/auth.js';
import { groupExportUrl, useGroups } from '../../api/groups.js';
import { ListFooter } from '../../components/ListFooter.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Empty, ErrorAlert, LoadingRows } from '../../components/QueryStates.js';
import { todayIso } from '../../i18n/format.js';
import { useFormat } from '../../i18n/useFormat.js';
import { can } from '../auth/access.js';
import { GroupFilters } from './GroupFilters.js';
import { GroupList } from './GroupList.js';

const route = getRouteApi('/_app/groups');
export const GROUPS_PAGE_SIZE = 25;

/** The registry: groups as of a date, in an area and below, by type and status. */
export function GroupsPage() {
  const { t } = useTranslation('groups');
  const me = useCurrentUser();
  const fmt = useFormat();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const page = search.page ?? 1;
  const date = search.date ?? todayIso();
  const groups = useGroups({ ...search, date, page, pageSize: GROUPS_PAGE_SIZE });
  const canWrite = can(me, 'groups.write');
  const filtered = !!(search.q || search.unitId || search.type || search.status);

  const add = () => void navigate({ to: '/groups/new', search: (s) => s });
  const addButton = canWrite && (
    <Button leftSection={<IconPlus size={16} />} onClick={add}>
      {t('add')}
    </Button>
  );
  const actions = (
    <>
      {/* The same filters as the list, as of the same date; a plain link so the browser saves the file. */}
      <Button component="a" href={groupExportUrl({ ...search, date })} download variant="default" leftSection={<IconDownload size={16} />}>
        {t('export')}
      </Button>
      {canWrite && (
        <Button component={Link} to="/groups/import" variant="default" leftSection={<IconFileSpreadsheet size={16} />}>
          {t('import.action')}
        </Button>
      )}
      {addButton}
    </>
  );

  return (
    <>
      <PageHeader
        title={t('title')}
        description={
          groups.data
            ? t(filtered ? 'countFiltered' : 'count', { count: groups.data.total, n: fmt.number(groups.data.total), date: fmt.date(date) })
            : t('description')
        }
        crumbs={[{ label: t('common:nav.home'), to: '/' }, { label: t('title') }]}
        actions={actions}
      />
      <GroupFilters value={search} onChange={(next) => void navigate({ search: next, replace: true })} />

      {groups.isPending ? (
        <Paper withBorder p="md">
          <LoadingRows rows={6} />
        </Paper>
      ) : groups.error ? (
        <ErrorAlert error={groups.error} onRetry={() => void groups.refetch()} />
      ) : groups.data.items.length === 0 ? (
        <Paper withBorder>
          <Empty
            icon={<IconUsersGroup size={28} stroke={1.5} />}
            title={filtered ? t('empty.filteredTitle') : t('empty.title')}
            description={filtered ? t('empty.filteredText', { date: fmt.date(date) }) : t('empty.text', { date: fmt.date(date) })}
            action={
              filtered ? (
                <Button variant="default" onClick={() => void navigate({ search: search.date ? { date: search.date } : {} })}>
                  {t('common:filters.clear')}
                </Button>
              ) : (
                addButton
              )
            }
          />
        </Paper>
      ) : (
        <>
          <GroupList
            groups={groups.data.items}
            date={search.date}
            dimmed={groups.isPlaceholderData}
            onOpen={(g) => void navigate({ to: '/groups/$id', params: { id: g.id }, search: search.date ? { date: search.date } : {} })}
          />
          <ListFooter
            page={groups.data.page}
            pageSize={groups.data.pageSize}
            total={groups.data.total}
            onPage={(p) => void navigate({ search: (s) => ({ ...s, page: p > 1 ? p : undefined }) })}
          />
        </>
      )}
      <Outlet />
    </>
  );
}
