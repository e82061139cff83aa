import { lazy, useCallback, useMemo, useState } from 'react';
import { Alert, Button, Grid, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconChartBar, IconMapOff } from '@tabler/icons-react';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Dashboard, DashboardMap } from '../../../shared/dashboard.js';
import { useCurrentUser } from '../../api/auth.js';
import { Empty, ErrorAlert } from '../../components/QueryStates.js';
import { todayIso } from '../../i18n/format.js';
import { useFormat } from '../../i18n/useFormat.js';
import { compact } from '../../lib/search.js';
import { useIsPhone } from '../../lib/useIsPhone.js';
import { can } from '../auth/access.js';
import { AfterFirstScreen } from './AfterFirstScreen.js';
import type { MapMeasure, MapValue } from './AreaMap.js';
import { Breakdown } from './Breakdown.js';
import { Section, SectionHeading } from './SectionHeading.js';
import { StatCards, StatCardsLoading } from './StatCards.js';
import { useDashboard, useDashboardMap } from './useDashboard.js';

const route = getRouteApi('/_app/');

/** The pickers and their calendars, the charts and their library (ECharts) load after the counts are on screen: see AfterFirstScreen. */
const DashboardFilter = lazy(() => import('./DashboardFilter.js').then((m) => ({ default: m.DashboardFilter })));
const TrendChart = lazy(() => import('./TrendChart.js').then((m) => ({ default: m.TrendChart })));
const AreaMap = lazy(() => import('./AreaMap.js').then((m) => ({ default: m.AreaMap })));

const MAP_HEIGHT = 440;
/** The area and period pickers: three side by side, or one under another on a phone. */
const FILTER_HEIGHT = 60;
const FILTER_PHONE_HEIGHT = 196;
/** The trend chart's section, its heading included: what its place holds while it loads. */
const TREND_HEIGHT = 360;
/** A phone's map: about as tall as the screen is wide, so that the ranking below it comes soon. */
const PHONE_MAP_HEIGHT = 300;

/**
 * The home page's dashboard: an area (the user's own unless the URL names another) on a month or
 * a day; totals per type with the change since a year before, the months before, the map of the
 * sub-areas and their ranking. Every area on the map and in the ranking opens its own dashboard,
 * as a link (the area and the date live in the URL).
 */
export function DashboardPanel() {
  const { t } = useTranslation('dashboard');
  const me = useCurrentUser();
  const fmt = useFormat();
  const isPhone = useIsPhone();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  // A user whose area has ended sees it as it was on its last day.
  const defaultDate = me.scopeEnded?.lastDay ?? todayIso().slice(0, 7);
  const date = search.date ?? defaultDate;
  const unitCode = search.unit ?? me.scope?.code;
  const filters = { unit: unitCode, date };
  const dashboard = useDashboard(filters);
  const map = useDashboardMap(filters);

  const open = useCallback(
    (code: string | undefined) => void navigate({ search: (s) => compact({ ...s, unit: code === me.scope?.code ? undefined : code }) }),
    [navigate, me.scope?.code],
  );
  const setDate = (d: string) => void navigate({ search: (s) => compact({ ...s, date: d === defaultDate ? undefined : d }), replace: true });
  const openCensus = useCallback(
    (d: string) => void navigate({ to: '/census', search: compact({ unit: search.unit, date: d }) }),
    [navigate, search.unit],
  );

  const data = dashboard.data;
  const filterPlace = <Skeleton h={isPhone ? FILTER_PHONE_HEIGHT : FILTER_HEIGHT} radius="sm" />;
  const areaName = data ? (data.unit?.name ?? t('nationwide')) : (me.scope?.name ?? t('nationwide'));
  const period = date.length === 7 ? t('census:monthLabel', { m: Number(date.slice(5)), y: date.slice(0, 4) }) : fmt.date(date);

  return (
    <Stack gap="md" data-testid="dashboard">
      <Group justify="space-between" align="flex-end" gap="sm">
        <div>
          <Title order={2} fz={{ base: 20, sm: 24 }}>
            {t('title')}
          </Title>
          <Text c="dimmed" size="sm" data-testid="dashboard-area">
            {t('subtitle', { area: areaName, period })}
          </Text>
        </div>
        <Button variant="default" size="sm" leftSection={<IconChartBar size={16} />} onClick={() => openCensus(date)}>
          {t('openCensus')}
        </Button>
      </Group>

      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        {/* After the counts, as the charts: the counts are what the first screen is for. */}
        {dashboard.isPending ? (
          filterPlace
        ) : (
          <AfterFirstScreen name="filter" fallback={filterPlace}>
            <DashboardFilter unitCode={unitCode} date={date} clearable={!!search.unit} onUnit={open} onDate={setDate} />
          </AfterFirstScreen>
        )}
      </Paper>

      {dashboard.isPending ? (
        <Loading />
      ) : dashboard.error ? (
        <ErrorAlert title={t('error')} error={dashboard.error} onRetry={() => void dashboard.refetch()} />
      ) : isEmpty(dashboard.data) ? (
        <Paper withBorder>
          <Empty
            title={t('empty.title')}
            description={t('empty.text', { date: fmt.date(dashboard.data.day), area: areaName })}
            action={
              can(me, 'groups.write') ? (
                <Button component={Link} to="/groups/new" size="sm">
                  {t('empty.action')}
                </Button>
              ) : undefined
            }
          />
        </Paper>
      ) : (
        <Stack gap="md" style={{ opacity: dashboard.isPlaceholderData ? 0.6 : 1, transition: 'opacity 120ms' }}>
          <StatCards totals={dashboard.data.totals} yearBefore={dashboard.data.yearBefore} series={dashboard.data.series} />
          <AfterFirstScreen name="trend" fallback={<Skeleton h={TREND_HEIGHT} radius="sm" />}>
            <TrendChart series={dashboard.data.series} onOpenMonth={openCensus} />
          </AfterFirstScreen>
          <Areas dashboard={dashboard.data} map={map.data} mapPending={map.isPending} onOpen={open} isPhone={isPhone} />
        </Stack>
      )}
    </Stack>
  );
}

/** No group in any type, now or in any month shown. */
function isEmpty(d: Dashboard): boolean {
  return d.totals.every((r) => r.now.groups === 0) && d.series.types.every((s) => s.groups.every((v) => !v));
}

function Loading() {
  return (
    <Stack gap="md" aria-busy="true">
      <StatCardsLoading />
      <Skeleton h={TREND_HEIGHT} radius="sm" />
      <Skeleton h={MAP_HEIGHT} radius="sm" />
    </Stack>
  );
}

/** The map of the sub-areas beside their ranking; the ranking alone where no boundary is known. */
function Areas({
  dashboard,
  map,
  mapPending,
  onOpen,
  isPhone,
}: {
  dashboard: Dashboard;
  map: DashboardMap | undefined;
  mapPending: boolean;
  onOpen: (code: string) => void;
  isPhone: boolean;
}) {
  const { t } = useTranslation('dashboard');
  // Today's areas drawn; the districts of before the reform are not today's areas.
  const drawn = useMemo(() => new Set(map?.features.filter((f) => f.properties.layer === 'today').map((f) => f.properties.code) ?? []), [map]);
  const shownRows = dashboard.breakdown.filter((b) => b.unit && drawn.has(b.unit.code));
  // Per 1,000 inhabitants only when every area on the map has its population.
  const perThousandReady = shownRows.length > 0 && shownRows.every((b) => b.perThousand !== null);
  const [choice, setChoice] = useState<MapMeasure>('perThousand');
  const measure: MapMeasure = perThousandReady ? choice : 'groups';
  const values = useMemo(
    () => new Map<string, MapValue>(dashboard.breakdown.flatMap((b) => (b.unit ? [[b.unit.code, b]] : []))),
    [dashboard.breakdown],
  );
  const settled = dashboard.breakdown.filter((b) => b.unit && b.unit.code !== dashboard.unit?.code).length;
  const hasMap = !!map && map.features.length > 0;

  const ranking = (
    <Stack gap="xs" h="100%">
      <SectionHeading title={t('breakdown.title')} hint={t('breakdown.hint')} />
      <Breakdown rows={dashboard.breakdown} area={dashboard.unit} measure={measure} onOpen={onOpen} maxHeight={hasMap ? MAP_HEIGHT + 110 : 560} />
    </Stack>
  );

  if (mapPending) return <Skeleton h={isPhone ? PHONE_MAP_HEIGHT : MAP_HEIGHT} radius="sm" />;
  if (!hasMap) {
    return (
      <Stack gap="sm">
        {settled > 0 && (
          <Alert variant="light" color="gray" icon={<IconMapOff size={18} />} data-testid="dashboard-no-map">
            {t('map.none', { area: dashboard.unit?.name ?? t('nationwide') })}
          </Alert>
        )}
        {ranking}
      </Stack>
    );
  }

  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Section
          title={t('map.title')}
          hint={t('map.hint')}
          choice={
            perThousandReady
              ? {
                  value: measure,
                  onChange: setChoice,
                  data: [
                    { value: 'perThousand' as const, label: t('map.byPopulation') },
                    { value: 'groups' as const, label: t('map.byGroups') },
                  ],
                }
              : null
          }
        >
          <Text size="xs" fw={600} c="dimmed">
            {measure === 'groups' ? t('map.legendGroups') : t('map.legendPerThousand')}
          </Text>
          <AfterFirstScreen name="map" fallback={<Skeleton h={isPhone ? PHONE_MAP_HEIGHT : MAP_HEIGHT} radius="sm" />}>
            <AreaMap map={map} values={values} measure={measure} onOpen={onOpen} height={isPhone ? PHONE_MAP_HEIGHT : MAP_HEIGHT} />
          </AfterFirstScreen>
          {!map.before && drawn.size < settled && (
            <Text size="xs" c="dimmed">
              {t('map.partly', { drawn: drawn.size, total: settled })}
            </Text>
          )}
        </Section>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>{ranking}</Grid.Col>
    </Grid>
  );
}
