import { Paper } from '@mantine/core';
import { IconListDetails } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useAudit } from '../../api/audit.js';
import { ListFooter } from '../../components/ListFooter.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Empty, ErrorAlert, LoadingRows } from '../../components/QueryStates.js';
import { useIsPhone } from '../../lib/useIsPhone.js';
import { AuditCards } from './AuditCards.js';
import { AuditFilters } from './AuditFilters.js';
import { AuditTable } from './AuditTable.js';

const route = getRouteApi('/_app/audit');
const PAGE_SIZE = 50;

export function AuditPage() {
  const { t } = useTranslation('audit');
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const isPhone = useIsPhone();
  const page = search.page ?? 1;
  const audit = useAudit({ ...search, page, pageSize: PAGE_SIZE });
  const filtered = Object.keys(search).some((k) => k !== 'page');

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        crumbs={[{ label: t('common:nav.home'), to: '/' }, { label: t('title') }]}
      />
      <AuditFilters value={search} onChange={(next) => void navigate({ search: next, replace: true })} />
      {audit.isPending ? (
        <Paper withBorder p="md">
          <LoadingRows rows={8} height={40} />
        </Paper>
      ) : audit.error ? (
        <ErrorAlert error={audit.error} onRetry={() => void audit.refetch()} />
      ) : audit.data.items.length === 0 ? (
        <Paper withBorder>
          <Empty
            icon={<IconListDetails size={28} stroke={1.5} />}
            title={filtered ? t('empty.filteredTitle') : t('empty.title')}
            description={filtered ? t('empty.filteredText') : t('empty.text')}
          />
        </Paper>
      ) : (
        <>
          {isPhone ? (
            <AuditCards entries={audit.data.items} />
          ) : (
            <Paper withBorder style={{ overflow: 'hidden', opacity: audit.isPlaceholderData ? 0.6 : 1 }}>
              <AuditTable entries={audit.data.items} />
            </Paper>
          )}
          <ListFooter
            page={audit.data.page}
            pageSize={audit.data.pageSize}
            total={audit.data.total}
            onPage={(p) => void navigate({ search: (s) => ({ ...s, page: p > 1 ? p : undefined }) })}
          />
        </>
      )}
    </>
  );
}
