import { useCallback, useMemo, useState } from 'react';
import { Badge, Box, Button, Group, Stack, Text } from '@mantine/core';
import { IconChevronDown, IconChevronUp } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { DashboardMap } from '../../../shared/dashboard.js';
import { useFormat } from '../../i18n/useFormat.js';
import { useIsPhone } from '../../lib/useIsPhone.js';
import { EChart } from './EChart.js';
import { echarts, type ECharts, type EChartsOption } from './echarts.js';
import { decimalText, shades, shortName } from './labels.js';

/** The map of before the reform is shaded in blue, never in today's reds, and its borders dashed. */
const beforeShades = ['#edf2f7', '#c5d6e8', '#8fb0d3', '#5a88b8', '#30679c', '#1b4a78'];

/** The day after a last day: "2025-06-30" → "2025-07-01". */
const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export type MapMeasure = 'groups' | 'perThousand';

export interface MapValue {
  groups: number;
  population: number | null;
  perThousand: number | null;
}

type Feature = DashboardMap['features'][number];

/** West, north, east, south of some polygons. */
function bounds(geometries: Feature['geometry'][]): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, -Infinity, -Infinity, Infinity];
  for (const g of geometries)
    for (const polygon of g.coordinates)
      for (const [x, y] of polygon[0] ?? []) {
        b[0] = Math.min(b[0], x);
        b[1] = Math.max(b[1], y);
        b[2] = Math.max(b[2], x);
        b[3] = Math.min(b[3], y);
      }
  return b;
}

/**
 * The sub-areas shaded by their groups (or groups per 1,000 inhabitants), the area's outline over
 * them, far islands in an inset; a click on an area opens its dashboard. An area formed by the
 * 2025 reform whose sub-areas have no boundary yet is drawn on the districts of before, labelled
 * as such, in other colours, with the groups counted into them and nothing to click.
 */
export function AreaMap({
  map,
  values,
  measure,
  onOpen,
  height,
}: {
  map: DashboardMap;
  values: Map<string, MapValue>;
  measure: MapMeasure;
  onOpen: (code: string) => void;
  height: number;
}) {
  const { t } = useTranslation('dashboard');
  const fmt = useFormat();
  const isPhone = useIsPhone();
  // On a phone the notes under the map fold away behind a button; they stay on the page to read.
  const [notesOpen, setNotesOpen] = useState(false);
  const main = map.features.filter((f) => !f.properties.inset);
  const inset = map.features.filter((f) => f.properties.inset);
  const codes = [...new Set(map.features.map((f) => f.properties.code))].sort();
  const before = map.before;
  const beforeLabel = before ? t('map.beforeLabel', { date: fmt.date(dayAfter(before.lastDay)) }) : '';

  const option = useMemo<EChartsOption>(() => {
    const names = new Map(map.features.map((f) => [f.properties.code, f.properties.name]));
    const key = codes.join('.');
    echarts.registerMap(`tq-${key}`, { type: 'FeatureCollection', features: main } as never);
    if (inset.length > 0) echarts.registerMap(`tq-inset-${key}`, { type: 'FeatureCollection', features: inset } as never);
    if (map.outline) echarts.registerMap(`tq-outline-${map.outline.properties.code}`, { type: 'FeatureCollection', features: [map.outline] } as never);
    const box = bounds([...main.map((f) => f.geometry), ...(map.outline ? [map.outline.geometry] : [])]);
    const boundingCoords = [
      [box[0], box[1]],
      [box[2], box[3]],
    ];
    // Degrees of longitude shrink away from the equator.
    const aspectScale = Math.cos((((box[1] + box[3]) / 2) * Math.PI) / 180);
    const layout = { left: 8, right: inset.length > 0 ? '30%' : 8, top: 8, bottom: 40 };
    const oldGroups = new Map(map.features.map((f) => [f.properties.code, f.properties.groups ?? 0]));
    const valueOf = (code: string) => {
      if (before) return oldGroups.get(code);
      const v = values.get(code);
      return measure === 'groups' ? v?.groups : (v?.perThousand ?? undefined);
    };
    const data = codes.map((code) => ({ name: code, value: valueOf(code) }));
    const max = Math.max(measure === 'groups' || before ? 1 : 0.1, ...data.map((d) => d.value ?? 0));
    const show = (v: number) => (measure === 'groups' || before ? fmt.number(v) : decimalText(v, fmt.lang));
    const region = {
      type: 'map' as const,
      nameProperty: 'code',
      roam: false,
      selectedMode: false as const,
      aspectScale,
      data,
      itemStyle: before
        ? { areaColor: '#f1f3f5', borderColor: '#1b4a78', borderWidth: 1, borderType: 'dashed' as const }
        : { areaColor: '#f1f3f5', borderColor: '#ffffff', borderWidth: 1 },
      emphasis: { itemStyle: { areaColor: '#ffd43b' }, label: { show: true, color: '#212529' } },
      label: {
        // The former districts of a merged province (16 for Khánh Hòa) are large enough to name.
        show: codes.length <= (before ? 20 : 15),
        fontSize: isPhone ? 10 : 11,
        color: '#212529',
        textBorderColor: 'rgba(255,255,255,0.85)',
        textBorderWidth: 2,
        formatter: (p: { name: string }) => shortName(names.get(p.name) ?? p.name),
      },
    };
    return {
      animation: false,
      tooltip: {
        trigger: 'item',
        formatter: (p: { name: string }) => {
          const name = `<b>${echarts.format.encodeHTML(names.get(p.name) ?? p.name)}</b>`;
          if (before) {
            return [name, t('map.beforeTooltip', { lastDay: fmt.date(before.lastDay) }), `${t('map.legendGroups')}: ${fmt.number(oldGroups.get(p.name) ?? 0)}`].join('<br/>');
          }
          const v = values.get(p.name);
          const lines = [name, `${t('map.legendGroups')}: ${fmt.number(v?.groups ?? 0)}`];
          if (v?.population) lines.push(`${t('breakdown.population')}: ${fmt.number(v.population)}`);
          if (v?.perThousand !== null && v?.perThousand !== undefined) lines.push(`${t('map.legendPerThousand')}: ${decimalText(v.perThousand, fmt.lang)}`);
          return lines.join('<br/>');
        },
      },
      visualMap: {
        type: 'continuous',
        min: 0,
        max,
        seriesIndex: inset.length > 0 ? [0, 1] : [0],
        inRange: { color: before ? beforeShades : shades },
        orient: 'horizontal',
        left: 8,
        bottom: 8,
        itemWidth: 10,
        itemHeight: isPhone ? 110 : 140,
        text: [show(max), '0'],
        textGap: 6,
        textStyle: { fontSize: 11, color: '#495057' },
        calculable: false,
        hoverLink: false,
      },
      ...(map.outline
        ? {
            geo: {
              map: `tq-outline-${map.outline.properties.code}`,
              silent: true,
              z: 3,
              ...layout,
              boundingCoords,
              aspectScale,
              itemStyle: { areaColor: 'transparent', borderColor: '#495057', borderWidth: 1.5 },
              label: { show: false },
            },
          }
        : {}),
      series: [
        { ...region, map: `tq-${key}`, ...layout, ...(map.outline ? { boundingCoords } : {}) },
        // Islets a few hundred metres across: a dark edge keeps them visible at this scale.
        ...(inset.length > 0
          ? [{ ...region, map: `tq-inset-${key}`, right: 12, bottom: 44, width: '24%', height: '36%', label: { show: false }, itemStyle: { ...region.itemStyle, borderColor: '#495057', borderWidth: 1.5 } }]
          : []),
      ],
    };
  }, [map, values, measure, fmt.lang, isPhone, t, before]);

  const onReady = useCallback(
    (chart: ECharts) => {
      const onClick = (p: { componentType?: string; name?: string }) => {
        // The districts of before the reform are no areas of today: nothing to open.
        if (p.componentType === 'series' && p.name && !before) onOpen(p.name);
      };
      chart.on('click', onClick);
      return () => chart.off('click', onClick);
    },
    [onOpen, before],
  );

  const chart = (
    <Box pos="relative">
      <EChart
        option={option}
        onReady={onReady}
        height={height}
        label={before ? `${t('map.title')} — ${beforeLabel}` : t('map.title')}
        data-testid="dashboard-map"
        data-areas={codes.join(' ')}
        data-layer={before ? 'before' : 'today'}
      />
      {before && (
        <Badge
          pos="absolute"
          top={4}
          left={4}
          variant="filled"
          color="blue.9"
          radius="sm"
          style={{ pointerEvents: 'none', textTransform: 'none' }}
          data-testid="dashboard-map-before"
        >
          {beforeLabel}
        </Badge>
      )}
      {inset.length > 0 && (
        <Box
          pos="absolute"
          right={4}
          bottom={32}
          w="27%"
          h="44%"
          style={{ border: '1px dashed var(--mantine-color-gray-5)', borderRadius: 4, pointerEvents: 'none' }}
        >
          <Text size="xs" c="dimmed" px={4}>
            {t('map.inset')}: {inset.map((f) => shortName(f.properties.name)).join(', ')}
          </Text>
        </Box>
      )}
    </Box>
  );
  if (!before && !map.outline?.properties.formedFrom) return chart;

  const join = (names: string[]) => names.join(', ');
  const districts = join(map.features.filter((f) => !f.properties.inset).map((f) => f.properties.name));
  return (
    <Stack gap={6}>
      {chart}
      {isPhone && (
        <Button
          variant="subtle"
          color="gray"
          size="sm"
          h={40}
          px="xs"
          justify="flex-start"
          leftSection={notesOpen ? <IconChevronUp size={16} /> : <IconChevronDown size={16} />}
          aria-expanded={notesOpen}
          aria-controls="dashboard-map-notes"
          onClick={() => setNotesOpen((o) => !o)}
        >
          {t('map.notes')}
        </Button>
      )}
      <Stack gap={4} id="dashboard-map-notes" data-testid="dashboard-map-notes" display={isPhone && !notesOpen ? 'none' : undefined}>
        {before && (
          <Group gap={6} wrap="nowrap" align="flex-start">
            <Box mt={4} w={14} h={10} style={{ flex: 'none', border: '1.5px dashed #1b4a78', background: beforeShades[2] }} />
            <Text size="xs">
              {before.of === 'commune'
                ? t(map.outline && !map.outline.properties.formedFrom ? 'map.beforeCommuneOwn' : 'map.beforeCommune', { area: before.area.name, districts, lastDay: fmt.date(before.lastDay) })
                : t('map.beforeProvince', { area: before.area.name, lastDay: fmt.date(before.lastDay) })}
            </Text>
          </Group>
        )}
        {map.outline?.properties.formedFrom && (
          <Group gap={6} wrap="nowrap" align="flex-start">
            <Box mt={4} w={14} h={10} style={{ flex: 'none', border: '2px solid #495057' }} />
            <Text size="xs">{t('map.outlineFormedFrom', { area: map.outline.properties.name, parts: join(map.outline.properties.formedFrom.map((u) => u.name)) })}</Text>
          </Group>
        )}
        {before && before.spanning.length > 0 && (
          <Text size="xs" c="dimmed" data-testid="dashboard-map-spanning">
            {t('map.spanning', {
              n: fmt.number(before.spanning.reduce((n, s) => n + s.groups, 0)),
              list: join(before.spanning.map((s) => `${s.unit.name} ${fmt.number(s.groups)} (${join(s.among.map((u) => shortName(u.name)))})`)),
            })}
          </Text>
        )}
        {!!before?.unplaced && (
          <Text size="xs" c="dimmed">
            {t('map.unplaced', { n: fmt.number(before.unplaced) })}
          </Text>
        )}
        {before && (
          <Text size="xs" c="dimmed">
            {t('map.importHint')}
          </Text>
        )}
      </Stack>
    </Stack>
  );
}
