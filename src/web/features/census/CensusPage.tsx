import { Alert, Button, CopyButton, Flex, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconCheck, IconCopy, IconDownload, IconMap } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../api/auth.js';
import { isApiError } from '../../api/client.js';
import { censusExportUrl, useCensus, useCensusReportsChanged } from '../../api/census.js';
import { AreaPeriodFilter, useAreaOnDay } from '../../components/AreaPeriodFilter.js';
import { DateField } from '../../components/DateField.js';
import { PageHeader } from '../../components/PageHeader.js';
import { ErrorAlert, isClientError, LoadingRows } from '../../components/QueryStates.js';
import { todayIso } from '../../i18n/format.js';
import { useFormat } from '../../i18n/useFormat.js';
import { monthEnd } from '../../lib/dates.js';
import { compact } from '../../lib/search.js';
import { useIsPhone } from '../../lib/useIsPhone.js';
import type { CensusPageSearch } from '../../router.js';
import { CensusBreakdown, CensusTypes } from './CensusTables.js';
import { CensusDocumentButton } from './CensusDocumentDialog.js';
import { CensusReportStatus } from './CensusReportStatus.js';

const route = getRouteApi('/_app/census');

/** Groups, members and model sites per type in an area on a month or a day, by sub-area, with the report sentence. */
export function CensusPage() {
  const { t } = useTranslation('census');
  const me = useCurrentUser();
  const fmt = useFormat();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const today = todayIso();
  // A user whose area has ended sees it as it was on its last day.
  const defaultDate = me.scopeEnded?.lastDay ?? today.slice(0, 7);
  const date = search.date ?? defaultDate;
  const byMonth = date.length === 7;
  const day = byMonth ? monthEnd(date) : date;
  // The administrative units counted in: those of the census's own day unless another is chosen.
  const boundaries = search.boundaries && search.boundaries !== day ? search.boundaries : undefined;
  const unitsOn = boundaries ?? day;
  const unitCode = search.unit ?? me.scope?.code;
  const census = useCensus({ unit: unitCode, date, boundaries });
  const reportsChanged = useCensusReportsChanged();
  const isPhone = useIsPhone();

  const areaOnDay = useAreaOnDay(unitCode, unitsOn);
  const area = areaOnDay.unit;

  const set = (patch: Partial<CensusPageSearch>, replace = true) =>
    void navigate({ search: (s) => compact({ ...s, ...patch }), replace });
  const setDate = (d: string) => set({ date: d === defaultDate ? undefined : d });
  const setUnit = (code: string | undefined) => set({ unit: code === me.scope?.code ? undefined : code }, false);
  const setBoundaries = (d: string | null) => set({ boundaries: d && d !== day ? d : undefined });

  const dateLabel = byMonth ? t('monthLabel', { m: Number(date.slice(5)), y: date.slice(0, 4) }) : fmt.date(date);
  // A census refused or not found (another province's area, an unknown code) cannot be exported either.
  const exportsDisabled = isClientError(census.error);
  const areaLabel = t('asOf', { area: census.data?.unit?.name ?? area?.name ?? t('common:scope.nationwide'), date: dateLabel });

  // On a phone the figures come first: the filters follow the sentence once there are figures.
  const filtersFirst = !isPhone || !census.data;
  const filters = (
    <Paper withBorder p="md" mb={filtersFirst ? 'md' : undefined}>
      <Stack gap="sm">
        <AreaPeriodFilter area={areaOnDay} date={date} unitsOn={unitsOn} clearable={!!search.unit} onUnit={setUnit} onDate={setDate} />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <DateField label={t('boundaries.label')} description={t('boundaries.hint')} value={unitsOn} onChange={setBoundaries} />
          {boundaries && (
            <Stack justify="flex-end">
              <Button variant="subtle" size="compact-sm" onClick={() => setBoundaries(null)} style={{ alignSelf: 'flex-start' }}>
                {t('boundaries.reset')}
              </Button>
            </Stack>
          )}
        </SimpleGrid>
      </Stack>
    </Paper>
  );

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('explain')}
        crumbs={[{ label: t('common:nav.home'), to: '/' }, { label: t('common:nav.groups'), to: '/groups' }, { label: t('title') }]}
        actions={
          <>
            <Button
              component="a"
              href={exportsDisabled ? undefined : censusExportUrl({ unit: unitCode, date, boundaries })}
              download
              disabled={exportsDisabled}
              variant="default"
              leftSection={<IconDownload size={16} />}
              // The export is recorded as it is served: the status below shows it once written.
              onClick={() => setTimeout(reportsChanged, 1500)}
            >
              {t('export')}
            </Button>
            <CensusDocumentButton unitCode={unitCode} date={date} boundaries={boundaries} area={area} label={areaLabel} onDownloaded={reportsChanged} disabled={exportsDisabled} />
          </>
        }
      />

      {filtersFirst && filters}

      {census.isPending ? (
        <Paper withBorder p="md">
          <LoadingRows rows={6} />
        </Paper>
      ) : census.error ? (
        isApiError(census.error, 'UNIT_NOT_FOUND') && unitCode ? (
          // A code names no unit on that day (a province that ended, a commune formed later): say which day to change.
          <ErrorAlert error={new Error(t('boundaries.noUnit', { code: unitCode, date: fmt.date(unitsOn) }))} title={t('boundaries.noUnitTitle')} />
        ) : (
          <ErrorAlert error={census.error} onRetry={() => void census.refetch()} />
        )
      ) : (
        <Stack gap="lg" style={{ opacity: census.isPlaceholderData ? 0.6 : 1 }}>
          {census.data.boundaries !== day && (
            <Alert color="blue" variant="light" icon={<IconMap size={18} />} data-testid="census-boundaries">
              {t('boundaries.notice', { date: dateLabel, boundaries: fmt.date(census.data.boundaries) })}
            </Alert>
          )}
          <Paper
            p="md"
            radius="md"
            bg="var(--mantine-primary-color-light)"
            style={{ borderLeft: '4px solid var(--mantine-primary-color-filled)' }}
          >
            {/* On a phone the sentence takes the full width and the copy button goes below it. */}
            <Flex direction={{ base: 'column', xs: 'row' }} justify="space-between" align="flex-start" gap="sm">
              <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
                <Text size="xs" c="dimmed" fw={700} tt="uppercase">
                  {t('sentence')} · {t('asOf', { area: census.data.unit?.name ?? t('common:scope.nationwide'), date: dateLabel })}
                  {census.data.boundaries !== day && ` · ${t('boundaries.short', { date: fmt.date(census.data.boundaries) })}`}
                </Text>
                <Text fz={{ base: 'md', sm: 'lg' }} fw={500} data-testid="census-sentence">
                  {census.data.sentence}
                </Text>
              </Stack>
              <CopyButton value={census.data.sentence} timeout={2000}>
                {({ copied, copy }) => (
                  <Button
                    size="xs"
                    variant={copied ? 'filled' : 'default'}
                    color={copied ? 'teal' : undefined}
                    leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                    onClick={copy}
                    style={{ flexShrink: 0 }}
                  >
                    {copied ? t('common:copy.done') : t('common:copy.action')}
                  </Button>
                )}
              </CopyButton>
            </Flex>
          </Paper>

          {!filtersFirst && filters}

          <CensusReportStatus unitCode={unitCode} date={date} day={day} boundaries={unitsOn} />

          <Stack gap="xs">
            <Title order={3} fz="lg">
              {t('byType')}
            </Title>
            <CensusTypes rows={census.data.rows} />
          </Stack>

          {census.data.awaiting?.some((r) => r.groups > 0) && (
            <Stack gap="xs" data-testid="census-awaiting">
              <Title order={3} fz="lg">
                {t('awaiting.title')}
              </Title>
              <Text size="sm" c="dimmed">
                {census.data.boundaries !== day ? t('awaiting.explainBoundaries') : t('awaiting.explain')}
              </Text>
              <CensusTypes rows={census.data.awaiting} />
            </Stack>
          )}

          <Stack gap="xs">
            <Group justify="space-between" align="baseline" gap="xs">
              <Title order={3} fz="lg">
                {t('byArea')}
              </Title>
              {census.data.breakdown.some((b) => b.unit) && (
                <Text size="sm" c="dimmed">
                  {t('byAreaHint')}
                </Text>
              )}
            </Group>
            <CensusBreakdown key={census.data.unit?.code ?? 'all'} types={census.data.rows.map((r) => r.type)} breakdown={census.data.breakdown} boundaries={census.data.boundaries} onOpen={(code) => setUnit(code)} />
            {census.data.breakdown.some((b) => b.inexact) && (
              <Text size="sm" c="dimmed">
                {t('inexact.explain')}
              </Text>
            )}
          </Stack>
        </Stack>
      )}
    </>
  );
}
