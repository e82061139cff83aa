import { Anchor, Button, Paper, Text } from '@mantine/core';
import { IconDownload, IconFileSpreadsheet, IconPlus, IconUsersGroup } from '@tabler/icons-react';
import { getRouteApi, Link, Outlet } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../api/auth.js';
import { groupExportUrl, useGroups } from '../../api/groups.js';
import { CursorFooter } from '../../components/CursorFooter.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Empty, ErrorAlert, LoadingRows } from '../../components/QueryStates.js';
import { todayIso } from '../../i18n/format.js';
import { useFormat } from '../../i18n/useFormat.js';
import { useCursorPages } from '../../lib/useCursorPages.js';
import { can } from '../auth/access.js';
import { GroupFilters } from './GroupFilters.js';
import { GroupList } from './GroupList.js';
import type { GroupPage } from '../../api/groups.js';
import type { GroupsSearch } from '../../router.js';

const route = getRouteApi('/_app/groups');
export const GROUPS_PAGE_SIZE = 25;

/**
 * The registry: the groups standing on a date (as the census counts them), in an area and below,
 * by type and status; the dissolved ones apart, a click away.
 */
export function GroupsPage() {
  const { t } = useTranslation('groups');
  const me = useCurrentUser();
  const fmt = useFormat();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const date = search.date ?? todayIso();
  const filters = { unitId: search.unitId, date, type: search.type, status: search.status, q: search.q, sort: search.sort };
  // The page walked to is kept beside the URL, not in it: a cursor is only good for the filters that made it.
  const pages = useCursorPages(JSON.stringify(filters));
  const groups = useGroups({ ...filters, cursor: pages.cursor, pageSize: GROUPS_PAGE_SIZE });
  const canWrite = can(me, 'groups.write');
  const filtered = !!(search.q || search.unitId || search.type || search.status);
  const dissolvedOnly = search.status === 'dissolved';
  const setStatus = (status: GroupsSearch['status']) => void navigate({ search: (s) => ({ ...s, status }) });

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
        description={groups.data ? <Headline page={groups.data} dissolvedOnly={dissolvedOnly} filtered={filtered} date={date} onStatus={setStatus} /> : t('description')}
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
          <CursorFooter
            pageIndex={pages.pageIndex}
            pageSize={groups.data.pageSize}
            shown={groups.data.items.length}
            total={groups.data.total}
            totalExact={groups.data.totalExact}
            nextCursor={groups.data.nextCursor}
            onNext={pages.next}
            onPrevious={pages.previous}
          />
        </>
      )}
      <Outlet />
    </>
  );
}

/**
 * The count the list shows, the census's for the same area, day and type, and the dissolved
 * groups left out of it, with the link that lists them (or back).
 */
function Headline({
  page,
  dissolvedOnly,
  filtered,
  date,
  onStatus,
}: {
  page: GroupPage;
  dissolvedOnly: boolean;
  filtered: boolean;
  date: string;
  onStatus: (status: GroupsSearch['status']) => void;
}) {
  const { t } = useTranslation('groups');
  const fmt = useFormat();
  const count = (key: string, n: number) => t(key, { count: n, n: fmt.number(n), date: fmt.date(date) });
  if (dissolvedOnly) {
    return (
      <>
        <span data-testid="groups-count">{count('countDissolved', page.total)}</span>{' '}
        <Anchor component="button" type="button" size="sm" onClick={() => onStatus(undefined)}>
          {t('showStanding')}
        </Anchor>
      </>
    );
  }
  return (
    <>
      <span data-testid="groups-count">{count(!page.totalExact ? 'countFilteredMore' : filtered ? 'countFiltered' : 'count', page.total)}</span>
      {page.dissolved > 0 && (
        <Text component="span" display="block" size="sm" c="dimmed" data-testid="groups-dissolved">
          {count('dissolvedApart', page.dissolved)}{' '}
          <Anchor component="button" type="button" size="sm" onClick={() => onStatus('dissolved')}>
            {t('showDissolved')}
          </Anchor>
        </Text>
      )}
    </>
  );
}
