import { useEffect, useState } from 'react';
import { Button, Group, Paper, Select, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCopy, IconDownload, IconId, IconUsers } from '@tabler/icons-react';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../api/auth.js';
import { notifications } from '@mantine/notifications';
import { downloadPeopleExport, usePeople } from '../../api/people.js';
import { ApiError } from '../../api/client.js';
import { FilterPanel } from '../../components/FilterPanel.js';
import { DateField } from '../../components/DateField.js';
import { UnitPicker } from '../../components/UnitPicker.js';
import { useModelTypes } from '../../api/modelTypes.js';
import { todayIso } from '../../i18n/format.js';
import { CursorFooter } from '../../components/CursorFooter.js';
import { useCursorPages } from '../../lib/useCursorPages.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Empty, ErrorAlert, LoadingRows } from '../../components/QueryStates.js';
import { SearchInput } from '../../components/SearchInput.js';
import { useFormat } from '../../i18n/useFormat.js';
import type { PeopleSearch } from '../../router.js';
import { can } from '../auth/access.js';
import { PeopleList } from './PeopleList.js';
import { searchOf } from './PersonSearch.js';

const route = getRouteApi('/_app/people');
export const PEOPLE_PAGE_SIZE = 25;

/** People in the user's area: members of groups, found by name or by the whole ID number. */
export function PeoplePage() {
  const { t } = useTranslation('people');
  const fmt = useFormat();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  // The ID number searched for lives in this page only: never in the URL (the address is kept in
  // the browser's history and, on a reload, in the server's log). It goes to the server by POST.
  const [cccd, setCccd] = useState<string | undefined>();
  const filters = { q: search.q, cccd, unitId: search.unitId, type: search.type, date: search.date };
  // The list goes page by page by key (the `page` of the URL is no longer read).
  const pages = useCursorPages(JSON.stringify(filters));
  const people = usePeople({ ...filters, cursor: pages.cursor, pageSize: PEOPLE_PAGE_SIZE });
  const filtered = !!(search.q || cccd || search.unitId || search.type);
  const me = useCurrentUser();
  const [exporting, setExporting] = useState(false);
  const exportList = async () => {
    setExporting(true);
    try {
      await downloadPeopleExport(filters);
    } catch (e) {
      notifications.show({ color: 'red', message: e instanceof ApiError ? e.message : t('exportFailed') });
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <PageHeader
        title={t('title')}
        description={
          people.data
            ? t(`${filtered ? 'countFiltered' : 'count'}${people.data.totalExact ? '' : 'More'}`, { count: people.data.total, n: fmt.number(people.data.total) })
            : t('description')
        }
        crumbs={[{ label: t('common:nav.home'), to: '/' }, { label: t('title') }]}
        actions={
          <Group gap="xs">
            <Button onClick={() => void exportList()} loading={exporting} variant="default" leftSection={<IconDownload size={16} />}>
              {t('export')}
            </Button>
            {can(me, 'groups.write') && (
              <Button component={Link} to="/people/duplicates" variant="default" leftSection={<IconCopy size={16} />}>
                {t('duplicates.link')}
              </Button>
            )}
          </Group>
        }
      />
      <PeopleFilters
        value={search}
        cccd={cccd}
        onChange={(next) => void navigate({ search: next, replace: true })}
        onCccd={setCccd}
      />

      {people.isPending ? (
        <Paper withBorder p="md">
          <LoadingRows rows={6} />
        </Paper>
      ) : people.error ? (
        <ErrorAlert error={people.error} onRetry={() => void people.refetch()} />
      ) : people.data.items.length === 0 ? (
        <Paper withBorder>
          <Empty
            icon={<IconUsers size={28} stroke={1.5} />}
            title={filtered ? t('empty.filteredTitle') : t('empty.title')}
            description={filtered ? t('empty.filteredText') : t('empty.text')}
            action={
              filtered && (
                <Button
                  variant="default"
                  onClick={() => {
                    setCccd(undefined);
                    void navigate({ search: {} });
                  }}
                >
                  {t('common:filters.clear')}
                </Button>
              )
            }
          />
        </Paper>
      ) : (
        <>
          <PeopleList people={people.data.items} dimmed={people.isPlaceholderData} onOpen={(p) => void navigate({ to: '/people/$id', params: { id: p.id } })} />
          <CursorFooter
            pageIndex={pages.pageIndex}
            pageSize={people.data.pageSize}
            shown={people.data.items.length}
            total={people.data.total}
            totalExact={people.data.totalExact}
            nextCursor={people.data.nextCursor}
            onNext={pages.next}
            onPrevious={pages.previous}
          />
        </>
      )}
    </>
  );
}

/** A name (typed, debounced; it lands in the URL) and an ID number (whole, exact; it does not). */
function PeopleFilters({
  value,
  cccd: searched,
  onChange,
  onCccd,
}: {
  value: PeopleSearch;
  cccd: string | undefined;
  onChange: (next: PeopleSearch) => void;
  onCccd: (next: string | undefined) => void;
}) {
  const { t } = useTranslation('people');
  const [q, setQ] = useState(value.q ?? '');
  const [cccd, setCccd] = useState(searched ?? '');
  const [debouncedQ] = useDebouncedValue(q, 300);
  const [debouncedCccd] = useDebouncedValue(cccd, 400);
  const digits = debouncedCccd.replace(/[\s.-]/g, '');
  const cccdError = digits && !/^\d{12}$/.test(digits) ? t('form.errors.cccd') : null;
  const types = useModelTypes(true);
  const today = todayIso();

  useEffect(() => {
    // An ID number typed into the name box is searched as one, and kept out of the URL.
    const asked = searchOf(debouncedQ);
    if (asked.cccd) {
      setQ('');
      setCccd(asked.cccd);
      if (value.q) onChange({ ...value, q: undefined});
      return;
    }
    const next = asked.q;
    if (next !== value.q) onChange({ ...value, q: next});
    // Only the typed text drives this; the other filter is passed through.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debouncedQ]);

  useEffect(() => {
    if (cccdError) return;
    const next = digits || undefined;
    if (next !== searched) onCccd(next);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [digits, cccdError]);

  useEffect(() => {
    if ((value.q ?? '') !== q.trim()) setQ(value.q ?? '');
    if ((searched ?? '') !== cccd.replace(/[\s.-]/g, '')) setCccd(searched ?? '');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value.q, searched]);

  return (
    <FilterPanel
      cols={{ base: 1, sm: 2, lg: 4 }}
      primary={
        <SearchInput label={t('filters.search')} placeholder={t('filters.searchPlaceholder')} value={q} onChange={setQ} />
      }
      activeCount={[searched, value.unitId, value.type, value.date].filter(Boolean).length}
      onClear={
        value.q || searched || value.unitId || value.type || value.date
          ? () => {
              setQ('');
              setCccd('');
              onCccd(undefined);
              onChange({});
            }
          : undefined
      }
      rest={
        <>
          <TextInput
            label={t('filters.cccd')}
            placeholder={t('filters.cccdPlaceholder')}
            leftSection={<IconId size={16} />}
            inputMode="numeric"
            autoComplete="off"
            value={cccd}
            onChange={(e) => setCccd(e.currentTarget.value)}
            error={cccdError}
          />
          <UnitPicker
            label={t('filters.area')}
            placeholder={t('filters.anyArea')}
            date={value.date}
            value={value.unitId ?? null}
            onChange={(id) => onChange({ ...value, unitId: id ?? undefined})}
          />
          <Select
            label={t('filters.type')}
            placeholder={t('filters.allTypes')}
            clearable
            value={value.type ?? null}
            onChange={(v) => onChange({ ...value, type: v ?? undefined})}
            data={(types.data ?? []).map((x) => ({ value: x.code, label: x.name }))}
            comboboxProps={{ withinPortal: true }}
          />
          <DateField
            label={t('filters.asOf')}
            description={t('filters.asOfHint')}
            value={value.date ?? today}
            onChange={(d) => onChange({ ...value, date: d && d !== today ? d : undefined})}
          />
        </>
      }
    />
  );
}
