import { useCallback, useMemo } from 'react';
import { Box, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DashboardMap } from '../../../shared/dashboard.js';
import { useFormat } from '../../i18n/useFormat.js';
import { useIsPhone } from '../../lib/useIsPhone.js';
import { EChart } from './EChart.js';
import { echarts, type ECharts, type EChartsOption } from './echarts.js';
import { decimalText, shades, shortName } from './labels.js';

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
 * them, far islands in an inset; a click on an area opens its dashboard.
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
  const main = map.features.filter((f) => !f.properties.inset);
  const inset = map.features.filter((f) => f.properties.inset);
  const codes = [...new Set(map.features.map((f) => f.properties.code))].sort();

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
    const valueOf = (code: string) => {
      const v = values.get(code);
      return measure === 'groups' ? v?.groups : (v?.perThousand ?? undefined);
    };
    const data = codes.map((code) => ({ name: code, value: valueOf(code) }));
    const max = Math.max(measure === 'groups' ? 1 : 0.1, ...data.map((d) => d.value ?? 0));
    const show = (v: number) => (measure === 'groups' ? fmt.number(v) : decimalText(v, fmt.lang));
    const region = {
      type: 'map' as const,
      nameProperty: 'code',
      roam: false,
      selectedMode: false as const,
      aspectScale,
      data,
      itemStyle: { areaColor: '#f1f3f5', borderColor: '#ffffff', borderWidth: 1 },
      emphasis: { itemStyle: { areaColor: '#ffd43b' }, label: { show: true, color: '#212529' } },
      label: {
        show: codes.length <= 15,
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
          const v = values.get(p.name);
          const lines = [`<b>${echarts.format.encodeHTML(names.get(p.name) ?? p.name)}</b>`, `${t('map.legendGroups')}: ${fmt.number(v?.groups ?? 0)}`];
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
        inRange: { color: shades },
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
  }, [map, values, measure, fmt.lang, isPhone, t]);

  const onReady = useCallback(
    (chart: ECharts) => {
      const onClick = (p: { componentType?: string; name?: string }) => {
        if (p.componentType === 'series' && p.name) onOpen(p.name);
      };
      chart.on('click', onClick);
      return () => chart.off('click', onClick);
    },
    [onOpen],
  );

  return (
    <Box pos="relative">
      <EChart option={option} onReady={onReady} height={height} label={t('map.title')} data-testid="dashboard-map" data-areas={codes.join(' ')} />
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
}
